package io.fisherselect.job.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * A Spark plugin for a run that a test interrupts mid-selection: every task of the job whose
 * description contains {@value #JOB} waits — until the process is killed, or, with
 * {@value #RELEASE}, until that file exists — so the run stops at a known point instead of racing
 * the test. Both are Spark settings ({@code --conf}, or {@code -Dspark.…} for a local child
 * process), read by each executor; the plugin's classes must be on the driver's and the
 * executors' class path.
 */
public final class StallTasks implements SparkPlugin {
    /** The Spark setting: a job-description substring. */
    public static final String JOB = "spark.fisherselect.test.stallJob";
    /** The Spark setting: the file whose creation lets the stalled tasks go on (none: never). */
    public static final String RELEASE = "spark.fisherselect.test.releaseFile";

    @Override
    public DriverPlugin driverPlugin() {
        return null;
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new ExecutorPlugin() {
            private String job;
            private Path release;

            @Override
            public void init(PluginContext ctx, Map<String, String> extraConf) {
                job = ctx.conf().get(JOB, null);
                String file = ctx.conf().get(RELEASE, null);
                release = file == null ? null : Path.of(file);
            }

            @Override
            public void onTaskStart() {
                TaskContext tc = TaskContext.get();
                String description = tc == null ? null : tc.getLocalProperty("spark.job.description");
                if (job == null || description == null || !description.contains(job)) {
                    return;
                }
                try {
                    // waits on an event: the release file (polled), or the kill
                    while (release == null || !Files.exists(release)) {
                        Thread.sleep(50);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }
}
