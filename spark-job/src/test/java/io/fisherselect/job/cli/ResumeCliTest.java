package io.fisherselect.job.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fisherselect.job.LocalSpark;
import io.fisherselect.job.TestSet;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --checkpoint}: a real {@code select} process (a child JVM on the module's classpath) is
 * killed with {@link Process#destroyForcibly()} after its checkpoint holds some picks but before
 * it finishes; the same command line run again resumes from the checkpoint and writes a
 * selection.csv byte-identical to an uninterrupted run. A checkpoint of other arguments is
 * refused with a message naming them. Also: {@code report.json} records the numerical safeguards,
 * and an indefinite {@code logdet-mi} kernel (η = 3) is a usage error naming --eta.
 */
class ResumeCliTest {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path ROOT = MODULE.getParent();
    private static final int K = 16;

    @TempDir
    Path tmp;

    @BeforeAll
    static void noSharedSession() {
        LocalSpark.stop();
    }

    private List<String> args(String pool, String labeled, Path checkpoint, Path out, String... extra) {
        return args(pool, labeled, checkpoint, out, K, extra);
    }

    private List<String> args(String pool, String labeled, Path checkpoint, Path out, int k, String... extra) {
        List<String> a = new ArrayList<>(List.of("select", "--pool", pool, "--labeled", labeled, "--method",
                "eig-logdet", "--k", String.valueOf(k), "--partitions", "3", "--master", "local[2]",
                "--checkpoint-every", "2", "--refactor-every", "3", "--greedy-on", "cluster", "--out", out.toString()));
        if (checkpoint != null) {
            a.addAll(List.of("--checkpoint", checkpoint.toString()));
        }
        a.addAll(List.of(extra));
        return a;
    }

    /** java, Spark's module options (conf/java-options.properties) and the module's classpath. */
    private static List<String> javaCommand() throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(ROOT.resolve("conf/java-options.properties"))) {
            p.load(r);
        }
        for (String opt : p.getProperty("spark.java.options").trim().split("\\s+")) {
            cmd.add(opt);
        }
        cmd.add("-Xmx1g");
        List<String> cp = new ArrayList<>();
        cp.add(MODULE.resolve("target/classes").toString());
        cp.add(MODULE.resolve("target/test-classes").toString());
        cp.add(ROOT.resolve("shared-math/target/classes").toString());
        for (String f : new String[] {"target/classpath.txt", "target/spark-classpath.txt"}) {
            cp.add(Files.readString(MODULE.resolve(f)).trim());
        }
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, cp));
        return cmd;
    }

    /** Picks recorded in the checkpoint directory (0 when none yet). */
    private static int savedPicks(Path checkpoint) throws IOException {
        if (!Files.isDirectory(checkpoint)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(checkpoint)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.startsWith("progress-") && n.endsWith(".txt"))
                    .mapToInt(n -> Integer.parseInt(n.substring("progress-".length(), n.length() - 4)))
                    .max().orElse(0);
        }
    }

    @Test
    void killedRunResumesToTheUninterruptedSelection() throws Exception {
        String pool = TestSet.classification(61, "p", 150, 5, 3, true).writeJsonl(tmp, "pool");
        String labeled = TestSet.classification(62, "l", 20, 5, 3, true).writeJsonl(tmp, "labeled");
        Path checkpoint = tmp.resolve("ckpt");
        Path out = tmp.resolve("resumed");

        // 1. a child process that stops at the job of forward pick 9 (StallTasks), killed once its
        //    checkpoint holds picks (6: saves every 2 picks, the 8th pick's save comes after its job)
        List<String> cmd = javaCommand();
        cmd.add("-Dspark.plugins=" + StallTasks.class.getName());
        cmd.add("-D" + StallTasks.JOB + "=eig-logdet forward 9/" + K);
        cmd.add(FisherSelectCli.class.getName());
        cmd.addAll(args(pool, labeled, checkpoint, out));
        Path log = tmp.resolve("child.log");
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int atKill;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
            while (savedPicks(checkpoint) < 4) {
                if (!child.isAlive()) {
                    fail("the child exited (" + child.exitValue() + ") before saving 4 picks:\n" + tail(log));
                }
                if (System.nanoTime() > deadline) {
                    fail("no checkpoint with 4 picks after 150 s:\n" + tail(log));
                }
                Thread.sleep(100);
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child is gone");
        }
        atKill = savedPicks(checkpoint);
        assertTrue(atKill >= 4 && atKill < K, "killed mid-selection, after " + atKill + " saved picks");
        assertFalse(Files.exists(out), "the killed run wrote no output");

        // 2. the same command line again: resumes and completes
        CliRun resumed = CliRun.of(args(pool, labeled, checkpoint, out).toArray(new String[0]));
        assertEquals(0, resumed.exitCode(), resumed.toString());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(atKill, report.path("resume").path("resumedPicks").asInt(), report.toString());
        assertEquals(K, report.path("picks").size());
        JsonNode numerics = report.path("numerics");
        assertEquals(3, numerics.path("refactorEvery").asInt());
        assertEquals((K - 1) / 3, numerics.path("refactorizations").asInt(), "every 3 updates, replayed ones included");
        assertTrue(numerics.path("maxDrift").asDouble() < 1e-10, numerics.toString());
        assertEquals(0, numerics.path("jitter").size());

        // 3. an uninterrupted run without a checkpoint: the same bytes
        Path plain = tmp.resolve("plain");
        CliRun reference = CliRun.of(args(pool, labeled, null, plain).toArray(new String[0]));
        assertEquals(0, reference.exitCode(), reference.toString());
        assertArrayEquals(Files.readAllBytes(plain.resolve("selection.csv")), Files.readAllBytes(out.resolve(
                "selection.csv")), "resumed selection.csv = uninterrupted selection.csv");
        assertEquals(K + 1, Files.readAllLines(out.resolve("selection.csv")).size());

        // 4. the checkpoint of this run refuses another λ, naming it
        CliRun other = CliRun.of(args(pool, labeled, checkpoint, tmp.resolve("other"), "--lambda", "2")
                .toArray(new String[0]));
        assertEquals(2, other.exitCode(), other.toString());
        assertTrue(other.err().startsWith("error: --checkpoint '" + checkpoint + "' holds the progress of a different"
                + " selection (lambda was '1.0', now '2.0')"), other.err());
        assertFalse(Files.exists(tmp.resolve("other")));
    }

    /** Other inputs (a changed pool row) under the same path are refused too. */
    @Test
    void checkpointOfOtherInputsIsRefused() throws Exception {
        String labeled = TestSet.classification(62, "l", 20, 4, 3, true).writeJsonl(tmp, "labeled");
        String pool = TestSet.classification(63, "p", 60, 4, 3, true).writeJsonl(tmp, "pool");
        Path checkpoint = tmp.resolve("ckpt");
        CliRun first = CliRun.of(args(pool, labeled, checkpoint, tmp.resolve("a"), 4).toArray(new String[0]));
        assertEquals(0, first.exitCode(), first.toString());
        assertEquals(4, savedPicks(checkpoint));
        // the same path, one embedding changed
        TestSet.classification(64, "p", 60, 4, 3, true).writeJsonl(tmp, "pool");
        CliRun second = CliRun.of(args(pool, labeled, checkpoint, tmp.resolve("b"), 4).toArray(new String[0]));
        assertEquals(2, second.exitCode(), second.toString());
        assertTrue(second.err().contains("holds the progress of a different selection")
                && second.err().contains("pool content was"), second.err());
    }

    /** logdet-mi with η = 3 and a query item equal to a pool item: exit 2, naming --eta and what works. */
    @Test
    void indefiniteLogDetMiKernelIsAUsageError() throws Exception {
        TestSet p = TestSet.classification(65, "p", 40, 3, 3, false);
        String pool = p.writeJsonl(tmp, "pool");
        String query = new TestSet(p.rows.subList(0, 1), p.d, p.c).writeJsonl(tmp, "query");
        CliRun r = CliRun.of("select", "--pool", pool, "--query", query, "--method", "logdet-mi", "--k", "3",
                "--eta", "3", "--lambda", "0.1", "--master", "local[1]", "--out", tmp.resolve("out").toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().startsWith("error: ") && r.err().contains("--eta 3.0")
                && r.err().contains("use --eta in [-1, 1]"), r.err());
        assertFalse(Files.exists(tmp.resolve("out")));
        CliRun ok = CliRun.of("select", "--pool", pool, "--query", query, "--method", "logdet-mi", "--k", "3",
                "--eta", "1", "--lambda", "0.1", "--master", "local[1]", "--out", tmp.resolve("ok").toString());
        assertEquals(0, ok.exitCode(), ok.toString());
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no output)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
