package io.fisherselect.job.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fisherselect.job.SelectionCsv;
import io.fisherselect.job.TestSet;
import io.fisherselect.job.cli.StallTasks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A worker lost mid-selection: a standalone cluster of two workers ({@code submit/cluster.sh},
 * its own run directory), a greedy {@code select} submitted with a reliable checkpoint directory
 * ({@code spark.checkpoint.dir}) and {@code --checkpoint}; the tasks of the 6th pick's job wait
 * for a release file (a test Spark plugin, {@link StallTasks}, on the test classes), so the run
 * holds after the checkpoint of 4 picks is saved; once that file exists the test kills worker-2's
 * JVM and the executor it launched (SIGKILL), then releases the run. The remaining picks run on worker-1's executor alone: the lost partitions
 * are recomputed from the reliable checkpoint of the greedy's state. {@code selection.csv} must be
 * byte for byte that of an undisturbed run of the same selection ({@code submit/local.sh}, which
 * {@link StandaloneClusterIT} shows equal to an undisturbed cluster run).
 *
 * <p>The kill point is an event (the checkpoint file, then the release file the driver waits
 * for), never a delay; the time limits only protect against hangs.
 */
class KilledWorkerIT {
    private static final TestCluster CLUSTER = new TestCluster("it-killed-worker");
    private static final Path WORK = CLUSTER.work;
    /** Picks saved when the worker is killed: the 4th pick's save follows the 5th pick's job. */
    private static final int HOLD_AFTER = 4;
    private static final Path TEST_CLASSES = Path.of("target/test-classes").toAbsolutePath();
    // the greedy on the cluster (a small pool would run on the driver): the run must survive a lost executor
    private static final String[] SELECT = {"select", "--greedy-on", "cluster", "--method", "eig-logdet", "--k", "10",
        "--lambda", "0.5",
        "--partitions", "4", "--checkpoint-every", "2"};

    private static String masterUrl;
    private static String pool;
    private static String labeled;

    @BeforeAll
    @Timeout(value = 360, unit = TimeUnit.SECONDS)
    static void startCluster() throws IOException, InterruptedException {
        masterUrl = CLUSTER.start(2);
        pool = TestSet.classification(27, "p", 3000, 16, 5, false).writeJsonl(WORK, "pool");
        labeled = TestSet.classification(28, "l", 60, 16, 5, true).writeJsonl(WORK, "labeled");
    }

    @AfterAll
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    static void stopCluster() throws IOException, InterruptedException {
        CLUSTER.stop();
    }

    @Test
    @Timeout(value = 900, unit = TimeUnit.SECONDS)
    void selectionSurvivesAKilledWorkerAndItsExecutor() throws IOException, InterruptedException {
        Path progress = WORK.resolve("progress");
        Path release = WORK.resolve("release");
        Path clusterOut = WORK.resolve("out-cluster");
        List<String> submit = CLUSTER.submit(masterUrl, 2);
        submit.addAll(List.of("--driver-class-path", TEST_CLASSES.toString(),
                "--conf", "spark.executor.extraClassPath=" + TEST_CLASSES,
                "--conf", "spark.plugins=" + StallTasks.class.getName(),
                "--conf", StallTasks.JOB + "=eig-logdet forward " + (HOLD_AFTER + 2) + "/10",
                "--conf", StallTasks.RELEASE + "=" + release));
        submit.addAll(List.of(SELECT));
        submit.addAll(List.of("--pool", Path.of(pool).toUri().toString(), "--labeled",
                Path.of(labeled).toUri().toString(), "--checkpoint", progress.toUri().toString(),
                "--out", clusterOut.toUri().toString()));
        TestCluster.Started driver = CLUSTER.launch(submit.toArray(new String[0]));
        try {
            // 1. the run holds at the 6th pick's job, once the checkpoint of its 4th pick is written
            Path held = progress.resolve(String.format("progress-%08d.txt", HOLD_AFTER));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
            while (!Files.exists(held)) {
                if (!driver.process().isAlive()) {
                    fail("the driver exited (" + driver.process().exitValue() + ") before pick " + HOLD_AFTER
                            + "\n" + driver.output());
                }
                if (System.nanoTime() > deadline) {
                    fail("no checkpoint of " + HOLD_AFTER + " picks after 600 s\n" + driver.output());
                }
                Thread.sleep(50);
            }

            // 2. worker-2 and the executor it launched for this application: SIGKILL, no goodbye
            ProcessHandle worker = ProcessHandle.of(CLUSTER.pid("worker-2")).orElseThrow();
            List<ProcessHandle> executors = worker.descendants()
                    .filter(h -> h.info().commandLine().orElse("").contains("org.apache.spark.executor."))
                    .toList();
            assertEquals(1, executors.size(), "worker-2 runs one executor of the application");
            executors.forEach(TestCluster::kill);
            TestCluster.kill(worker);
            assertFalse(worker.isAlive() || executors.get(0).isAlive(), "worker-2 and its executor are gone");

            // 3. release the stalled tasks: the next picks find the executor lost
            Files.writeString(release, "go\n");
            if (!driver.process().waitFor(600, TimeUnit.SECONDS)) {
                fail("the selection did not finish within 600 s of the release\n" + driver.output());
            }
        } finally {
            TestCluster.kill(driver.process().toHandle());
        }
        assertEquals(0, driver.process().exitValue(), "select after the kill failed\n" + driver.output());
        TestCluster.Run status = CLUSTER.run(30, "submit/cluster.sh", "status");
        assertTrue(status.output().contains("1 worker JVM(s) running"), status.toString());

        // 4. an undisturbed run of the same selection
        Path localOut = WORK.resolve("out-local");
        List<String> local = new ArrayList<>(List.of(SELECT));
        local.addAll(List.of("--pool", pool, "--labeled", labeled, "--out", localOut.toString()));
        TestCluster.Run undisturbed = CLUSTER.local(local);
        assertEquals(0, undisturbed.code(), "local.sh failed\n" + undisturbed);

        byte[] afterKill = Files.readAllBytes(clusterOut.resolve("selection.csv"));
        byte[] expected = Files.readAllBytes(localOut.resolve("selection.csv"));
        assertEquals(10, SelectionCsv.parse(new String(expected, StandardCharsets.UTF_8)).size());
        assertArrayEquals(expected, afterKill, "selection.csv after the killed worker differs from the"
                + " undisturbed run:\n" + new String(afterKill, StandardCharsets.UTF_8) + "vs undisturbed:\n"
                + new String(expected, StandardCharsets.UTF_8));
    }
}
