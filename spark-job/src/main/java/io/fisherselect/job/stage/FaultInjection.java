package io.fisherselect.job.stage;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.spark.TaskContext;

/**
 * A test-only hook that makes Spark tasks fail once, to check that task retries give the same
 * result as a failure-free run. Inert unless the JVM system property {@value #PROPERTY} is set
 * (it never is in production): its value is a comma-separated list of job-description
 * substrings (e.g. {@code "build candidate blocks,pick 3/"}), and the first attempt of partition
 * 0 of every stage of a matching job throws an {@link InjectedTaskFailure}. Spark then retries
 * the task (with a master such as {@code local[2,4]}, or on a cluster), and the retry succeeds.
 *
 * <p>Executor code calls {@link #maybeFail()} at the start of each stage's per-partition
 * function. In local mode the executors run in the driver's JVM, so the property set by a test is
 * seen by the tasks and {@link #injected()} lists what failed.
 */
public final class FaultInjection {
    /** The system property naming the jobs to fail once. */
    public static final String PROPERTY = "fisherselect.test.failTaskOnce";

    private static final Queue<String> INJECTED = new ConcurrentLinkedQueue<>();

    private FaultInjection() {
    }

    /** Throws on the first attempt of partition 0 when the running job matches; otherwise nothing. */
    public static void maybeFail() {
        String spec = System.getProperty(PROPERTY);
        if (spec == null || spec.isEmpty()) {
            return;
        }
        TaskContext tc = TaskContext.get();
        if (tc == null || tc.attemptNumber() != 0 || tc.partitionId() != 0) {
            return;
        }
        String job = tc.getLocalProperty("spark.job.description");
        if (job == null) {
            return;
        }
        for (String part : spec.split(",")) {
            if (!part.isBlank() && job.contains(part.strip())) {
                String what = job + " (stage " + tc.stageId() + ")";
                INJECTED.add(what);
                throw new InjectedTaskFailure("injected task failure in " + what);
            }
        }
    }

    /** The jobs (with their stage) whose tasks were failed, in order. */
    public static List<String> injected() {
        return new ArrayList<>(INJECTED);
    }

    /** Forgets {@link #injected()}. */
    public static void reset() {
        INJECTED.clear();
    }

    /** The failure thrown; without a stack trace, to keep the retried task's log short. */
    public static final class InjectedTaskFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedTaskFailure(String message) {
            super(message, null, false, false);
        }
    }
}
