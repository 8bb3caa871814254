package io.fisherselect.job.cli;

import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * A Spark plugin for a child process that a test kills mid-run: every task of the job whose
 * description contains the system property {@value #JOB} waits until the process is killed, so
 * the run stops at a known point instead of racing the test.
 */
public final class StallTasks implements SparkPlugin {
    /** The system property: a job-description substring. */
    public static final String JOB = "fisherselect.test.stallJob";

    @Override
    public DriverPlugin driverPlugin() {
        return null;
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new ExecutorPlugin() {
            @Override
            public void init(PluginContext ctx, Map<String, String> extraConf) {
            }

            @Override
            public void onTaskStart() {
                String job = System.getProperty(JOB);
                TaskContext tc = TaskContext.get();
                String description = tc == null ? null : tc.getLocalProperty("spark.job.description");
                if (job == null || description == null || !description.contains(job)) {
                    return;
                }
                Object never = new Object();
                synchronized (never) {
                    while (true) {
                        try {
                            never.wait();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }
            }
        };
    }
}
