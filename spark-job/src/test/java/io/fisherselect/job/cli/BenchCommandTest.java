package io.fisherselect.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.job.LocalSpark;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench command on a tiny generated pool: one row per method × mode (top-k methods only in
 * exact mode), a BAIT reference row that picked what the engine picked, and the CSV / Markdown
 * tables; the select command's scale options are checked before Spark starts.
 */
class BenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void benchRowsAndReference() throws Exception {
        BenchCommand b = new BenchCommand();
        b.out = dir.resolve("bench").toString();
        b.methods = List.of("eig-logdet", "bait", "entropy");
        b.n = List.of(300L);
        b.d = 4;
        b.classes = 3;
        b.labeledN = 0;
        b.k = List.of(4);
        b.modes = List.of("exact", "partitioned", "prefilter");
        b.partitions = 2;
        b.candidates = 0;
        b.init = "kmeans-pp";
        b.fisher = "dense";
        b.checkpointEvery = 10;
        b.greedyOn = "auto";
        b.referenceBait = true;
        List<BenchCommand.Row> rows = b.run(LocalSpark.session());
        // eig-logdet ×3, bait ×3 + reference, entropy ×1
        assertEquals(8, rows.size(), rows.toString());
        BenchCommand.Row ref = rows.stream().filter(r -> r.method().equals("bait-reference")).findFirst().orElseThrow();
        assertTrue(ref.note().startsWith("same picks as engine bait"), ref.note());
        for (BenchCommand.Row r : rows) {
            assertEquals(300L, r.n());
            assertEquals(4, r.k());
            assertTrue(r.perPick() >= 0 && r.peakHeapMb() > 0, r.toString());
        }
        // floors for the exact greedy rows of eig-logdet and bait only
        for (BenchCommand.Row r : rows) {
            boolean floored = r.mode().equals("exact") && (r.method().equals("eig-logdet") || r.method().equals("bait"));
            assertEquals(floored, r.floor() != null, r.toString());
            if (floored) {
                assertTrue(r.floor().select() > 0, r.toString());
            }
        }
        String csv = BenchCommand.csv(rows);
        assertEquals(9, csv.split("\n").length);
        String md = BenchCommand.markdown(rows, "local[2]");
        assertTrue(md.contains("driver = executor"));
        assertTrue(md.contains("×"), md);
    }

    /**
     * The published BAIT in numpy ({@code submit/bench/reference_bait.py}) on the factors the bench
     * writes picks what the engine's bait picks, on pools with and without a labeled set (skipped
     * where python3 has no numpy).
     */
    @Test
    void numpyReferencePicksWhatTheEnginePicks() throws Exception {
        Process probe = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(probe.waitFor() == 0, "python3 with numpy");
        for (long labeledN : new long[] {0, 15}) {
            BenchCommand b = new BenchCommand();
            b.out = dir.resolve("bench-numpy-" + labeledN).toString();
            b.methods = List.of("bait");
            b.n = List.of(200L);
            b.d = 3 + (int) (labeledN % 2);
            b.classes = 3;
            b.labeledN = labeledN;
            b.k = List.of(5);
            b.modes = List.of("exact");
            b.partitions = 2;
            b.init = "kmeans-pp";
            b.fisher = "dense";
            b.checkpointEvery = 10;
            b.greedyOn = "auto";
            b.seed = 3 + labeledN;
            b.referenceBaitNumpy = true;
            List<BenchCommand.Row> rows = b.run(LocalSpark.session());
            assertEquals(2, rows.size(), rows.toString());
            BenchCommand.Row ref = rows.get(1);
            assertEquals("bait-reference-numpy", ref.method());
            assertTrue(ref.note().startsWith("same picks as engine bait; numpy/engine select = "), ref.note());
            assertTrue(ref.select() > 0, ref.toString());
        }
    }

    @Test
    void selectChecksScaleOptionsBeforeSpark() {
        CliRun r = CliRun.of("select", "--pool", dir.resolve("none.parquet").toString(), "--method", "eig-logdet",
                "--k", "3", "--out", dir.resolve("o").toString(), "--mode", "prefilter");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("--candidates"), r.err());
        CliRun s = CliRun.of("select", "--pool", dir.resolve("none.parquet").toString(), "--method", "entropy",
                "--k", "3", "--out", dir.resolve("o").toString(), "--mode", "partitioned");
        assertEquals(2, s.exitCode(), s.toString());
        assertTrue(s.err().contains("top-k"), s.err());
    }
}
