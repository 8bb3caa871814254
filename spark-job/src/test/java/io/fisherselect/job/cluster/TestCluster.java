package io.fisherselect.job.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The scripts of the checkout ({@code submit/cluster.sh}, {@code submit.sh}, {@code local.sh}) as
 * an integration test runs them: every test class has its own work directory under
 * {@code spark-job/target/} and its own cluster run directory in it, so no two tests (nor two
 * checkouts building at once) share a directory; the master, workers and web UIs take free
 * ports. Every process has a time limit, and {@link #stop} kills by pid whatever
 * {@code cluster.sh stop} left.
 */
final class TestCluster {
    static final Path ROOT = Path.of(System.getProperty("fisherselect.root", "..")).toAbsolutePath().normalize();

    final Path work;
    final Path clusterDir;

    /** @param name the test's directory under {@code spark-job/target/} */
    TestCluster(String name) {
        this.work = ROOT.resolve("spark-job/target").resolve(name);
        this.clusterDir = work.resolve("cluster");
    }

    /** A finished script: its exit code and its stdout and stderr, merged. */
    record Run(String command, int code, String output) {
        @Override
        public String toString() {
            String tail = output.length() > 6000 ? "…" + output.substring(output.length() - 6000) : output;
            return command + " -> exit " + code + "\n" + tail;
        }
    }

    /** A started script with its merged output in {@code log}. */
    record Started(String command, Process process, Path log) {
        String output() throws IOException {
            return Files.readString(log);
        }
    }

    /**
     * Stops a cluster an aborted earlier run left, empties the work directory and starts
     * {@code workers} workers; returns the master URL.
     */
    String start(int workers) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(Path.of(System.getProperty("fisherselect.appJar", "-"))),
                "the application jar must be built before this test (mvn verify runs it after package)");
        if (Files.isDirectory(clusterDir)) {
            stop();
        }
        deleteRecursively(work);
        Files.createDirectories(work);
        Run start = run(330, "submit/cluster.sh", "start", "--workers", String.valueOf(workers), "--timeout", "300");
        assertEquals(0, start.code(), "cluster.sh start failed\n" + start);
        Run url = run(30, "submit/cluster.sh", "url");
        assertEquals(0, url.code(), url.toString());
        String masterUrl = url.output().strip();
        assertTrue(masterUrl.matches("spark://127\\.0\\.0\\.1:\\d+"), masterUrl);
        return masterUrl;
    }

    /**
     * The start of a {@code submit.sh} command line to this cluster's {@code masterUrl} with
     * {@code workers} workers of one core: no UI, a reliable checkpoint directory in the work
     * directory, 1g executors, and no job before every worker's executor has registered (an
     * event; the bound only protects against a hang) — otherwise, on a loaded machine, a short
     * selection may finish before the second executor has started.
     */
    List<String> submit(String masterUrl, int workers) {
        return new ArrayList<>(List.of("submit/submit.sh", "--master", masterUrl,
                "--conf", "spark.ui.enabled=false",
                "--conf", "spark.checkpoint.dir=" + work.resolve("checkpoints").toUri(),
                "--conf", "spark.cores.max=" + workers, "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=600s",
                "--executor-memory", "1g"));
    }

    /** {@code submit/local.sh} with {@code args} (an embedded local[*] Spark), at most 600 s. */
    Run local(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("submit/local.sh"));
        command.addAll(args);
        return run(600, command.toArray(new String[0]));
    }

    /** {@code cluster.sh stop}, then kills by pid (with descendants) any daemon that is left. */
    void stop() throws IOException, InterruptedException {
        List<Long> pids = daemonPids();
        try {
            Run stop = run(90, "submit/cluster.sh", "stop");
            System.err.println("cluster.sh stop: " + stop.output().strip());
        } finally {
            for (long pid : pids) {
                ProcessHandle.of(pid).filter(h -> h.info().commandLine().orElse("")
                        .contains("org.apache.spark.deploy")).ifPresent(TestCluster::kill);
            }
        }
    }

    /** The pid of a daemon ({@code master}, {@code worker-1}, …) from cluster.sh's pid file. */
    long pid(String daemon) throws IOException {
        return Long.parseLong(Files.readString(clusterDir.resolve(daemon + ".pid")).strip());
    }

    /**
     * Runs a script of the checkout (never building: FS_NO_BUILD; never a Spark distribution: no
     * SPARK_HOME), killing it and its descendants after {@code seconds}.
     */
    Run run(int seconds, String... command) throws IOException, InterruptedException {
        Started s = launch(command);
        if (!s.process().waitFor(seconds, TimeUnit.SECONDS)) {
            kill(s.process().toHandle());
            fail(s.command() + " did not finish within " + seconds + " s\n" + s.output());
        }
        return new Run(s.command(), s.process().exitValue(), s.output());
    }

    /** Starts a script of the checkout as {@link #run} does, without waiting for it. */
    Started launch(String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.remove("SPARK_HOME");
        env.remove("SPARK_CONF_DIR");
        env.put("FS_CLUSTER_DIR", clusterDir.toString());
        env.put("FS_NO_BUILD", "1");
        env.put("FS_DRIVER_MEMORY", "1g");
        env.put("FS_DAEMON_MEMORY", "512m");
        env.put("FS_APP_JAR", System.getProperty("fisherselect.appJar"));
        Path log = Files.createTempFile(work, "run-", ".log");
        pb.redirectOutput(log.toFile());
        return new Started(String.join(" ", command), pb.start(), log);
    }

    /** Kills a process and its descendants (SIGKILL) and waits up to 10 s for it to be gone. */
    static void kill(ProcessHandle h) {
        h.descendants().forEach(ProcessHandle::destroyForcibly);
        h.destroyForcibly();
        h.onExit().completeOnTimeout(h, 10, TimeUnit.SECONDS).join();
    }

    /** The pids of the master and the workers, from cluster.sh's pid files. */
    private List<Long> daemonPids() throws IOException {
        List<Long> pids = new ArrayList<>();
        if (!Files.isDirectory(clusterDir)) {
            return pids;
        }
        try (Stream<Path> s = Files.list(clusterDir)) {
            for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".pid")).toList()) {
                Optional.of(Files.readString(f).strip()).filter(t -> t.matches("\\d+"))
                        .ifPresent(t -> pids.add(Long.parseLong(t)));
            }
        }
        return pids;
    }

    static void deleteRecursively(Path dir) throws IOException {
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
