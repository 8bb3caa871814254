package io.fisherselect.job;

import org.apache.spark.sql.SparkSession;

/**
 * The one embedded Spark of the test JVM ({@code local[2]}, no UI, 4 shuffle partitions), shared
 * by all test classes because startup takes seconds. The {@code select} command stops the session
 * it ran on, so {@link #session()} recreates it when it finds it stopped.
 */
public final class LocalSpark {
    private static SparkSession spark;

    private LocalSpark() {
    }

    public static synchronized SparkSession session() {
        if (spark == null || spark.sparkContext().isStopped()) {
            spark = SparkSession.builder()
                    .appName("fisherselect-tests")
                    .master("local[2]")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .getOrCreate();
        }
        return spark;
    }

    /**
     * Stops the shared session (and any other default session), for tests whose command-line runs
     * must start their own Spark with their own master: a running session would be reused.
     */
    public static synchronized void stop() {
        if (spark != null && !spark.sparkContext().isStopped()) {
            spark.stop();
        }
        if (SparkSession.getDefaultSession().isDefined()) {
            SparkSession.getDefaultSession().get().stop();
        }
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
    }
}
