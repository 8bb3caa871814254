package io.fisherselect.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.job.TestSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly loop on the command line: night 2 with night 1's {@code selection/} pending picks
 * what one run of k₁ + k₂ picks after its first k₁; multi-label probabilities above 1, infeasible
 * class caps and caps with a checkpoint are refused with one-line messages, nothing written.
 */
class NightlyCliTest {
    @TempDir
    Path tmp;

    private static List<String[]> rows(Path out) throws Exception {
        List<String> lines = Files.readAllLines(out.resolve("selection.csv"));
        List<String[]> r = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            r.add(line.split(","));
        }
        return r;
    }

    @Test
    void secondNightWithTheFirstPendingContinuesTheGreedy() throws Exception {
        TestSet pool = TestSet.classification(31, "p", 150, 4, 3, false);
        TestSet labeled = TestSet.classification(32, "l", 20, 4, 3, false);
        String poolPath = pool.writeParquet(tmp, "pool");
        String labeledPath = labeled.writeParquet(tmp, "labeled");
        for (String method : List.of("eig-logdet", "epig-logdet")) {
            Path once = tmp.resolve(method + "-once");
            Path night1 = tmp.resolve(method + "-night-1");
            Path night2 = tmp.resolve(method + "-night-2");
            CliRun r = CliRun.of("select", "--pool", poolPath, "--labeled", labeledPath, "--method", method, "--k", "9",
                    "--out", once.toString(), "--master", "local[2]");
            assertEquals(0, r.exitCode(), r.toString());
            r = CliRun.of("select", "--pool", poolPath, "--labeled", labeledPath, "--method", method, "--k", "4",
                    "--out", night1.toString(), "--master", "local[2]");
            assertEquals(0, r.exitCode(), r.toString());
            r = CliRun.of("select", "--format", "parquet", "--pool", poolPath, "--labeled", labeledPath,
                    "--pending", night1.resolve("selection").toString(), "--method", method, "--k", "5",
                    "--out", night2.toString(), "--master", "local[2]");
            assertEquals(0, r.exitCode(), r.toString());
            List<String[]> all = rows(once);
            List<String[]> first = rows(night1);
            List<String[]> second = rows(night2);
            assertEquals(9, all.size());
            for (int t = 0; t < 4; t++) {
                assertEquals(all.get(t)[1], first.get(t)[1], method + ": night 1 pick " + t);
            }
            for (int t = 0; t < 5; t++) {
                String what = method + ": night 2 pick " + t;
                assertEquals(all.get(4 + t)[1], second.get(t)[1], what);
                double e = Double.parseDouble(all.get(4 + t)[2]);
                double a = Double.parseDouble(second.get(t)[2]);
                assertEquals(e, a, 1e-9 * Math.abs(e), what + ": gain");
            }
            String report = Files.readString(night2.resolve("report.json"));
            assertTrue(report.contains("\"pending\" : 4"), report);
        }
    }

    @Test
    void refusesWhatTheNightlyOptionsCannotDo() throws Exception {
        TestSet multi = TestSet.multiLabel(41, "m", 60, 3, 4);
        List<TestSet.Row0> bad = new ArrayList<>(multi.rows);
        TestSet.Row0 r0 = bad.get(7);
        double[] p = r0.probs().clone();
        p[2] = 1.25;
        bad.set(7, new TestSet.Row0(r0.id(), r0.embedding(), p, null));
        String badPath = new TestSet(bad, 3, 4).writeJsonl(tmp, "multi-bad");
        Path results = Files.createDirectories(tmp.resolve("results"));
        CliRun r = CliRun.of("select", "--pool", badPath, "--likelihood", "bernoulli", "--method", "eig-logdet", "--k",
                "5", "--out", results.resolve("a").toString(), "--master", "local[2]");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("pool: column 'probs', row id '" + r0.id() + "'")
                && r.err().contains("1.25 at index 2") && r.err().contains("in [0, 1]"), r.err());

        TestSet pool = TestSet.classification(42, "p", 60, 3, 3, false);
        String poolPath = pool.writeJsonl(tmp, "pool");
        r = CliRun.of("select", "--pool", poolPath, "--method", "entropy", "--k", "10", "--max-per-class", "3",
                "--out", results.resolve("b").toString(), "--master", "local[2]");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("--max-per-class 3 over 3 classes holds at most 9 items, fewer than --k 10"),
                r.err());

        r = CliRun.of("select", "--pool", poolPath, "--method", "eig-logdet", "--k", "5", "--balance", "uniform",
                "--checkpoint", tmp.resolve("ck").toString(), "--out", results.resolve("c").toString(),
                "--master", "local[2]");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("--checkpoint cannot be combined"), r.err());

        r = CliRun.of("select", "--pool", badPath, "--likelihood", "bernoulli", "--method", "entropy", "--k", "5",
                "--max-per-class", "2", "--out", results.resolve("d").toString(), "--master", "local[2]");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("single-label"), r.err());
        Path ids = tmp.resolve("pending-ids.jsonl");
        Files.writeString(ids, "{\"id\":\"" + pool.ids().get(3) + "\"}\n{\"id\":\"zz1\"}\n");
        r = CliRun.of("select", "--pool", poolPath, "--method", "eig-logdet", "--k", "5", "--pending", ids.toString(),
                "--out", results.resolve("e").toString(), "--master", "local[2]");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("pending: column 'id', row id 'zz1'") && r.err().contains("is not in the pool"),
                r.err());
        try (var s = Files.list(results)) {
            assertFalse(s.findAny().isPresent(), "nothing written");
        }
    }
}
