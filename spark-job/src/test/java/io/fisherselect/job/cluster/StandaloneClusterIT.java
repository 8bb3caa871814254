package io.fisherselect.job.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.job.SelectionCsv;
import io.fisherselect.job.TestSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cluster path end to end, in {@code mvn verify} after the application jar is built: a Spark
 * standalone master and two workers, each its own JVM on 127.0.0.1 ({@code submit/cluster.sh}),
 * a {@code select} submitted as the packaged jar through {@code submit/submit.sh} (SparkSubmit
 * from the build's class path, client mode, executors launched by the workers), and the same
 * selection run by {@code submit/local.sh} on an embedded {@code local[*]} Spark: the two
 * {@code selection.csv} must be byte for byte the same (ids, order and every digit of the gains).
 *
 * <p>Every process has a time limit and is killed with its descendants when it overruns; the
 * cluster is always stopped ({@link TestCluster#stop}, which also kills by pid whatever
 * {@code cluster.sh stop} left), and each phase has a JUnit {@link Timeout}. The limits are
 * several times the normal durations (about 15 s to start the cluster, a minute per selection on
 * 2 cores; on a 2-core machine shared with other builds these took 165 s and 3 minutes, and at a
 * load average near 20 a local selection of 8 picks took more than 6 minutes), so that
 * only a test that really hangs fails on them.
 */
class StandaloneClusterIT {
    private static final TestCluster CLUSTER = new TestCluster("it-cluster");
    private static final Path WORK = CLUSTER.work;
    // the greedy on the cluster (a small pool would run on the driver)
    private static final String[] SELECT = {"select", "--greedy-on", "cluster", "--method", "eig-logdet", "--k", "8",
        "--lambda", "0.5",
        "--partitions", "4", "--checkpoint-every", "3"};
    private static final String[] MULTIROUND = {"select", "--method", "eig-logdet", "--k", "60", "--lambda", "0.5",
        "--partitions", "4", "--mode", "multiround", "--partition-size", "300", "--shrink", "4",
        "--stochastic-epsilon", "0.1", "--seed", "7"};

    private static String masterUrl;
    private static String pool;
    private static String labeled;

    @BeforeAll
    @Timeout(value = 360, unit = TimeUnit.SECONDS)
    static void startCluster() throws IOException, InterruptedException {
        masterUrl = CLUSTER.start(2);
        pool = TestSet.classification(17, "p", 3000, 16, 5, false).writeJsonl(WORK, "pool");
        labeled = TestSet.classification(18, "l", 60, 16, 5, true).writeJsonl(WORK, "labeled");
    }

    @AfterAll
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    static void stopCluster() throws IOException, InterruptedException {
        CLUSTER.stop();
    }

    @Test
    @Timeout(value = 1200, unit = TimeUnit.SECONDS)
    void selectionOnTheClusterEqualsTheLocalRun() throws IOException, InterruptedException {
        TestCluster.Run status = CLUSTER.run(30, "submit/cluster.sh", "status");
        assertEquals(0, status.code(), status.toString());
        assertTrue(status.output().contains("2 alive at the master"), status.toString());

        assertClusterEqualsLocal("exact", SELECT, 8);

        // the executors ran in both workers' JVMs, on the jar the driver served
        for (String worker : List.of("worker-1", "worker-2")) {
            try (Stream<Path> s = Files.walk(CLUSTER.clusterDir.resolve("workers").resolve(worker))) {
                assertTrue(s.anyMatch(p -> p.getFileName().toString().endsWith("-app.jar")),
                        worker + " launched no executor with the application jar");
            }
        }
    }

    /**
     * Multi-round partitioned greedy: the random parts are a function of the seed and the item ids,
     * not of where the items sit, so two workers' executors pick what {@code local[2]} picks.
     * Parts of at most 300 items make three rounds over the 3,000 (k = 60, ρ = 4: 10 parts keep 750,
     * 3 parts keep 188, one part picks the 60), with stochastic greedy inside the parts so that its
     * seeded samples are covered too.
     */
    @Test
    @Timeout(value = 1200, unit = TimeUnit.SECONDS)
    void multiRoundOnTheClusterEqualsTheLocalRun() throws IOException, InterruptedException {
        assertClusterEqualsLocal("multiround", MULTIROUND, 60);
    }

    /** Runs {@code select} on the cluster and on {@code local[2]}; selection.csv must be byte-identical. */
    private static void assertClusterEqualsLocal(String name, String[] select, int k)
            throws IOException, InterruptedException {
        Path clusterOut = WORK.resolve("out-cluster-" + name);
        List<String> submit = CLUSTER.submit(masterUrl, 2);
        submit.addAll(List.of(select));
        // inputs and output as explicit file: URIs, as the cluster path reads them through Hadoop
        submit.addAll(List.of("--pool", Path.of(pool).toUri().toString(), "--labeled",
                Path.of(labeled).toUri().toString(), "--out", clusterOut.toUri().toString()));
        TestCluster.Run cluster = CLUSTER.run(420, submit.toArray(new String[0]));
        assertEquals(0, cluster.code(), "submit.sh to " + masterUrl + " failed\n" + cluster);

        Path localOut = WORK.resolve("out-local-" + name);
        List<String> local = new ArrayList<>(List.of(select));
        local.addAll(List.of("--pool", pool, "--labeled", labeled, "--out", localOut.toString()));
        TestCluster.Run embedded = CLUSTER.local(local);
        assertEquals(0, embedded.code(), "local.sh failed\n" + embedded);

        byte[] fromCluster = Files.readAllBytes(clusterOut.resolve("selection.csv"));
        byte[] fromLocal = Files.readAllBytes(localOut.resolve("selection.csv"));
        SelectionCsv.parse(new String(fromLocal, StandardCharsets.UTF_8)).forEach(l -> assertTrue(l.gain() > 0));
        assertEquals(k, SelectionCsv.parse(new String(fromLocal, StandardCharsets.UTF_8)).size());
        assertArrayEquals(fromLocal, fromCluster, name + ": selection.csv of the cluster run differs from the local"
                + " run:\n" + new String(fromCluster, StandardCharsets.UTF_8) + "vs local:\n"
                + new String(fromLocal, StandardCharsets.UTF_8));
    }
}
