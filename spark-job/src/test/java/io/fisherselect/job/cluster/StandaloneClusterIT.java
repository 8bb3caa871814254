package io.fisherselect.job.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fisherselect.job.SelectionCsv;
import io.fisherselect.job.TestSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * cluster is always stopped ({@link #stopCluster}, which also kills by pid whatever
 * {@code cluster.sh stop} left), and each phase has a JUnit {@link Timeout}. The limits are
 * several times the normal durations (about 15 s to start the cluster, a minute per selection on
 * 2 cores; on a 2-core machine shared with other builds these took 165 s and 3 minutes), so that
 * only a test that really hangs fails on them.
 */
class StandaloneClusterIT {
    private static final Path ROOT = Path.of(System.getProperty("fisherselect.root", "..")).toAbsolutePath()
            .normalize();
    private static final Path WORK = ROOT.resolve("spark-job/target/it-cluster");
    private static final Path CLUSTER_DIR = WORK.resolve("cluster");
    private static final String[] SELECT = {"select", "--method", "eig-logdet", "--k", "8", "--lambda", "0.5",
        "--partitions", "4", "--checkpoint-every", "3"};

    private static String masterUrl;
    private static String pool;
    private static String labeled;

    @BeforeAll
    @Timeout(value = 360, unit = TimeUnit.SECONDS)
    static void startCluster() throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(Path.of(System.getProperty("fisherselect.appJar", "-"))),
                "the application jar must be built before this test (mvn verify runs it after package)");
        if (Files.isDirectory(CLUSTER_DIR)) {
            stopCluster(); // a cluster an aborted earlier run left behind
        }
        deleteRecursively(WORK);
        Files.createDirectories(WORK);
        pool = TestSet.classification(17, "p", 3000, 16, 5, false).writeJsonl(WORK, "pool");
        labeled = TestSet.classification(18, "l", 60, 16, 5, true).writeJsonl(WORK, "labeled");

        Run start = run(330, "submit/cluster.sh", "start", "--workers", "2", "--timeout", "300");
        assertEquals(0, start.code(), "cluster.sh start failed\n" + start);
        Run url = run(30, "submit/cluster.sh", "url");
        assertEquals(0, url.code(), url.toString());
        masterUrl = url.output().strip();
        assertTrue(masterUrl.matches("spark://127\\.0\\.0\\.1:\\d+"), masterUrl);
    }

    @AfterAll
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    static void stopCluster() throws IOException, InterruptedException {
        List<Long> pids = daemonPids();
        try {
            Run stop = run(90, "submit/cluster.sh", "stop");
            System.err.println("cluster.sh stop: " + stop.output().strip());
        } finally {
            // whatever is left (a failed stop, a timed-out script): kill by pid with descendants
            for (long pid : pids) {
                ProcessHandle.of(pid).filter(h -> h.info().commandLine().orElse("")
                        .contains("org.apache.spark.deploy")).ifPresent(StandaloneClusterIT::kill);
            }
        }
    }

    @Test
    @Timeout(value = 840, unit = TimeUnit.SECONDS)
    void selectionOnTheClusterEqualsTheLocalRun() throws IOException, InterruptedException {
        Run status = run(30, "submit/cluster.sh", "status");
        assertEquals(0, status.code(), status.toString());
        assertTrue(status.output().contains("2 alive at the master"), status.toString());

        Path clusterOut = WORK.resolve("out-cluster");
        List<String> submit = new ArrayList<>(List.of("submit/submit.sh", "--master", masterUrl,
                "--conf", "spark.ui.enabled=false",
                "--conf", "spark.checkpoint.dir=" + WORK.resolve("checkpoints").toUri(),
                "--executor-memory", "1g"));
        submit.addAll(List.of(SELECT));
        // inputs and output as explicit file: URIs, as the cluster path reads them through Hadoop
        submit.addAll(List.of("--pool", Path.of(pool).toUri().toString(), "--labeled",
                Path.of(labeled).toUri().toString(), "--out", clusterOut.toUri().toString()));
        Run cluster = run(420, submit.toArray(new String[0]));
        assertEquals(0, cluster.code(), "submit.sh to " + masterUrl + " failed\n" + cluster);

        Path localOut = WORK.resolve("out-local");
        List<String> local = new ArrayList<>(List.of("submit/local.sh"));
        local.addAll(List.of(SELECT));
        local.addAll(List.of("--pool", pool, "--labeled", labeled, "--out", localOut.toString()));
        Run embedded = run(360, local.toArray(new String[0]));
        assertEquals(0, embedded.code(), "local.sh failed\n" + embedded);

        byte[] fromCluster = Files.readAllBytes(clusterOut.resolve("selection.csv"));
        byte[] fromLocal = Files.readAllBytes(localOut.resolve("selection.csv"));
        SelectionCsv.parse(new String(fromLocal, StandardCharsets.UTF_8)).forEach(l -> assertTrue(l.gain() > 0));
        assertEquals(8, SelectionCsv.parse(new String(fromLocal, StandardCharsets.UTF_8)).size());
        assertArrayEquals(fromLocal, fromCluster, "selection.csv of the cluster run differs from the local run:\n"
                + new String(fromCluster, StandardCharsets.UTF_8) + "vs local:\n"
                + new String(fromLocal, StandardCharsets.UTF_8));

        // the executors ran in both workers' JVMs, on the jar the driver served
        for (String worker : List.of("worker-1", "worker-2")) {
            try (Stream<Path> s = Files.walk(CLUSTER_DIR.resolve("work").resolve(worker))) {
                assertTrue(s.anyMatch(p -> p.getFileName().toString().endsWith("-app.jar")),
                        worker + " launched no executor with the application jar");
            }
        }
    }

    // ------------------------------------------------------------------------------------------

    /** A finished script: its exit code and its stdout and stderr, merged. */
    record Run(String command, int code, String output) {
        @Override
        public String toString() {
            String tail = output.length() > 6000 ? "…" + output.substring(output.length() - 6000) : output;
            return command + " -> exit " + code + "\n" + tail;
        }
    }

    /**
     * Runs a script of the checkout (never building: FS_NO_BUILD; never a Spark distribution:
     * no SPARK_HOME), killing it and its descendants after {@code seconds}.
     */
    private static Run run(int seconds, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.remove("SPARK_HOME");
        env.remove("SPARK_CONF_DIR");
        env.put("FS_CLUSTER_DIR", CLUSTER_DIR.toString());
        env.put("FS_NO_BUILD", "1");
        env.put("FS_DRIVER_MEMORY", "1g");
        env.put("FS_DAEMON_MEMORY", "512m");
        env.put("FS_APP_JAR", System.getProperty("fisherselect.appJar"));
        Path log = Files.createTempFile(WORK, "run-", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        String name = String.join(" ", command);
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            kill(p.toHandle());
            fail(name + " did not finish within " + seconds + " s\n" + Files.readString(log));
        }
        return new Run(name, p.exitValue(), Files.readString(log));
    }

    private static void kill(ProcessHandle h) {
        h.descendants().forEach(ProcessHandle::destroyForcibly);
        h.destroyForcibly();
        h.onExit().completeOnTimeout(h, 10, TimeUnit.SECONDS).join();
    }

    /** The pids of the master and the workers, from cluster.sh's pid files. */
    private static List<Long> daemonPids() throws IOException {
        List<Long> pids = new ArrayList<>();
        if (!Files.isDirectory(CLUSTER_DIR)) {
            return pids;
        }
        try (Stream<Path> s = Files.list(CLUSTER_DIR)) {
            for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".pid")).toList()) {
                Optional.of(Files.readString(f).strip()).filter(t -> t.matches("\\d+"))
                        .ifPresent(t -> pids.add(Long.parseLong(t)));
            }
        }
        return pids;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
