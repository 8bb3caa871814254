package io.fisherselect.job;

import io.fisherselect.job.select.RunOptions;
import io.fisherselect.job.select.ScaleOptions;
import io.fisherselect.job.select.SelectConfig;
import io.fisherselect.job.select.Selection;
import io.fisherselect.job.select.SelectionJob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.job.api.FisherSelector;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.plan.SelectionParams;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The scale modes and approximations on small pools: partitioned (GreeDi), prefilter
 * and k-means‖ return valid selections (k distinct pool ids) for several methods; partitioned
 * with one partition and prefilter with M = N equal exact; eval-sample with n ≥ |eval| equals no
 * sampling; kfac and sketch run end to end; the greedy's job descriptions read "bait forward t/2k".
 */
class ScaleModesTest {
    @TempDir
    static Path dir;

    static final int N = 80;
    private static String pool;
    private static String labeled;
    private static String eval;
    private static List<String> poolIds;

    @BeforeAll
    static void sets() throws IOException {
        TestSet p = TestSet.classification(401, "p", N, 4, 3, true);
        poolIds = p.ids();
        pool = p.writeJsonl(dir, "pool");
        labeled = TestSet.classification(402, "l", 15, 4, 3, true).writeJsonl(dir, "labeled");
        eval = TestSet.classification(403, "e", 25, 4, 3, false).writeJsonl(dir, "eval");
    }

    private static SparkSession spark() {
        return LocalSpark.session();
    }

    static Selection run(AcquisitionMethod m, int k, int partitions, ScaleOptions scale, String evalPath) {
        SelectConfig c = new SelectConfig(RunOptions.ofPaths(pool, m.usesLabeledSet() ? labeled : null, null)
                .withReferenceSets(evalPath, null, null),
                Selectors.of(SelectionParams.of(m, k), scale).setPartitions(partitions));
        return new SelectionJob(spark()).run(c);
    }

    static List<String> ids(Selection s) {
        List<String> out = new ArrayList<>();
        for (Selection.Picked p : s.picks()) {
            out.add(p.id());
        }
        return out;
    }

    static List<Double> gains(Selection s) {
        List<Double> out = new ArrayList<>();
        for (Selection.Picked p : s.picks()) {
            out.add(p.gain());
        }
        return out;
    }

    static void assertValid(Selection s, int k) {
        List<String> ids = ids(s);
        assertEquals(k, ids.size(), ids.toString());
        assertEquals(k, new HashSet<>(ids).size(), "distinct: " + ids);
        assertTrue(new HashSet<>(poolIds).containsAll(ids), ids.toString());
    }

    static ScaleOptions partitioned(int kPrime) {
        return ScaleOptions.defaults().withMode(ScaleOptions.Mode.PARTITIONED, kPrime, 0);
    }

    static ScaleOptions prefilter(int m) {
        return ScaleOptions.defaults().withMode(ScaleOptions.Mode.PREFILTER, 0, m);
    }

    @ParameterizedTest
    @EnumSource(value = AcquisitionMethod.class, names = {"EIG_LOGDET", "EPIG_LOGDET", "BAIT", "LOGDET", "BADGE"})
    void partitionedAndPrefilterAreValid(AcquisitionMethod m) {
        int k = 6;
        assertValid(run(m, k, 3, partitioned(0), null), k);
        assertValid(run(m, k, 4, partitioned(3), null), k);
        assertValid(run(m, k, 3, prefilter(20), null), k);
    }

    @ParameterizedTest
    @EnumSource(value = AcquisitionMethod.class, names = {"EIG_LOGDET", "BAIT", "LOGDET", "BADGE"})
    void partitionedWithOnePartitionIsExact(AcquisitionMethod m) {
        Selection exact = run(m, 5, 1, ScaleOptions.defaults(), null);
        Selection part = run(m, 5, 1, partitioned(0), null);
        assertEquals(ids(exact), ids(part));
        assertEquals(gains(exact), gains(part));
    }

    @ParameterizedTest
    @EnumSource(value = AcquisitionMethod.class, names = {"EIG_LOGDET", "EPIG_LOGDET", "BAIT", "LOGDET", "BADGE"})
    void prefilterWithAllItemsIsExact(AcquisitionMethod m) {
        Selection exact = run(m, 5, 3, ScaleOptions.defaults(), null);
        Selection pre = run(m, 5, 3, prefilter(N), null);
        assertEquals(ids(exact), ids(pre));
        assertEquals(gains(exact), gains(pre));
    }

    @Test
    void prefilterKeepsOnlyTopScoredCandidates() {
        // M = k: the greedy can only reorder the top-k of the cheap score
        Selection pre = run(AcquisitionMethod.EIG_LOGDET, 5, 3, prefilter(5), null);
        ScaleOptions s = new ScaleOptions(ScaleOptions.Mode.EXACT, 0, 0, null, ScaleOptions.Init.KMEANS_PP, 5, 0, 0,
                ScaleOptions.FisherApprox.DENSE, 0);
        Selection top = new SelectionJob(spark()).run(SelectConfig.of(pool, labeled,
                Selectors.of(SelectionParams.of(AcquisitionMethod.EIG_TRACE, 5), s), null));
        assertEquals(new HashSet<>(ids(top)), new HashSet<>(ids(pre)));
    }

    @Test
    void kmeansParallelIsValidAndIndependentOfPartitioning() {
        ScaleOptions s = new ScaleOptions(ScaleOptions.Mode.EXACT, 0, 0, null, ScaleOptions.Init.KMEANS_PARALLEL, 3, 0,
                0, ScaleOptions.FisherApprox.DENSE, 0);
        for (int k : new int[] {1, 5, 12}) {
            Selection a = run(AcquisitionMethod.BADGE, k, 1, s, null);
            assertValid(a, k);
            Selection b = run(AcquisitionMethod.BADGE, k, 4, s, null);
            assertValid(b, k);
            assertEquals(ids(a), ids(b));
        }
    }

    /**
     * BAIT's forward phase picks 2k; with fewer candidates (here 60 of the 80 items excluded, 20
     * left, k = 12) it picks every candidate and the backward phase prunes them to k — the same
     * for any partitioning.
     */
    @Test
    void baitWithFewerCandidatesThanTwiceKPrunesTheCandidatesToK() throws IOException {
        List<String> excluded = poolIds.subList(0, 60);
        Path ex = dir.resolve("bait-exclude.jsonl");
        java.nio.file.Files.write(ex, excluded.stream().map(id -> "{\"id\": \"" + id + "\"}").toList());
        List<Selection> runs = new ArrayList<>();
        for (int partitions : new int[] {1, 3}) {
            SelectConfig c = new SelectConfig(RunOptions.ofPaths(pool, labeled, null).withBatchSets(null,
                    io.fisherselect.job.io.SetSource.ofPath(ex.toString())),
                    Selectors.of(SelectionParams.of(AcquisitionMethod.BAIT, 12), ScaleOptions.defaults())
                            .setPartitions(partitions));
            Selection s = new SelectionJob(spark()).run(c);
            assertValid(s, 12);
            for (String id : ids(s)) {
                assertTrue(!excluded.contains(id), id + " was excluded");
            }
            runs.add(s);
        }
        assertEquals(ids(runs.get(0)), ids(runs.get(1)));
        assertEquals(gains(runs.get(0)), gains(runs.get(1)));
    }

    @Test
    void evalSampleOfTheWholeSetIsNoSampling() {
        ScaleOptions all = new ScaleOptions(ScaleOptions.Mode.EXACT, 0, 0, null, ScaleOptions.Init.KMEANS_PP, 5, 0,
                25, ScaleOptions.FisherApprox.DENSE, 0);
        // EPIG with an eval set of 25 items, and BAIT (eval side = the pool) with n = N (a larger n is
        // refused against the set it samples: BadInputCliTest)
        assertEquals(gains(run(AcquisitionMethod.EPIG_LOGDET, 5, 2, ScaleOptions.defaults(), eval)),
                gains(run(AcquisitionMethod.EPIG_LOGDET, 5, 2, all, eval)));
        ScaleOptions poolAll = new ScaleOptions(ScaleOptions.Mode.EXACT, 0, 0, null, ScaleOptions.Init.KMEANS_PP, 5, 0,
                N, ScaleOptions.FisherApprox.DENSE, 0);
        Selection exact = run(AcquisitionMethod.BAIT, 5, 2, ScaleOptions.defaults(), null);
        Selection sampled = run(AcquisitionMethod.BAIT, 5, 2, poolAll, null);
        assertEquals(ids(exact), ids(sampled));
        assertEquals(gains(exact), gains(sampled));
        // a real sample: valid, and a different F_eval (gains differ)
        ScaleOptions some = new ScaleOptions(ScaleOptions.Mode.EXACT, 0, 0, null, ScaleOptions.Init.KMEANS_PP, 5, 0,
                10, ScaleOptions.FisherApprox.DENSE, 0);
        Selection s = run(AcquisitionMethod.EPIG_LOGDET, 5, 2, some, null);
        assertValid(s, 5);
        assertNotEquals(gains(run(AcquisitionMethod.EPIG_LOGDET, 5, 2, ScaleOptions.defaults(), null)), gains(s));
    }

    @Test
    void kfacAndSketchRunEndToEnd() {
        ScaleOptions kfac = new ScaleOptions(ScaleOptions.Mode.EXACT, 0, 0, null, ScaleOptions.Init.KMEANS_PP, 5, 0, 0,
                ScaleOptions.FisherApprox.KFAC, 0);
        for (AcquisitionMethod m : List.of(AcquisitionMethod.EIG_LOGDET, AcquisitionMethod.EPIG_LOGDET,
                AcquisitionMethod.BAIT)) {
            assertValid(run(m, 5, 2, kfac, null), 5);
        }
        ScaleOptions sketch = new ScaleOptions(ScaleOptions.Mode.EXACT, 0, 0, null, ScaleOptions.Init.KMEANS_PP, 5, 0, 0,
                ScaleOptions.FisherApprox.DENSE, 3);
        for (AcquisitionMethod m : List.of(AcquisitionMethod.EIG_LOGDET, AcquisitionMethod.BAIT,
                AcquisitionMethod.BADGE, AcquisitionMethod.ENTROPY)) {
            Selection s = run(m, 5, 2, sketch, null);
            assertValid(s, 5);
            assertEquals(3L, s.sizes().get("d"));
        }
    }

    /** The descriptions of the Spark jobs of a bait k = 3 selection with the greedy on {@code on}. */
    private static List<String> baitJobs(String on) {
        List<String> descriptions = Collections.synchronizedList(new ArrayList<>());
        SparkListener listener = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart start) {
                String d = start.properties() == null ? null : start.properties().getProperty("spark.job.description");
                if (d != null) {
                    descriptions.add(d);
                }
            }
        };
        spark().sparkContext().addSparkListener(listener);
        try {
            SelectConfig c = new SelectConfig(RunOptions.ofPaths(pool, labeled, null),
                    Selectors.of(SelectionParams.of(AcquisitionMethod.BAIT, 3), ScaleOptions.defaults())
                            .setPartitions(2).setGreedyOn(on));
            new SelectionJob(spark()).run(c);
        } finally {
            spark().sparkContext().removeSparkListener(listener);
        }
        return new ArrayList<>(descriptions);
    }

    @Test
    void greedyJobDescriptionsNameThePassAndPick() {
        Set<String> seen = new HashSet<>(baitJobs("cluster"));
        assertTrue(seen.contains("bait forward 1/6 (initial states)"), seen.toString());
        assertTrue(seen.contains("bait forward 4/6"), seen.toString());
        assertTrue(seen.contains("bait forward 6/6"), seen.toString());
    }

    /** On the driver, the greedy's only Spark job collects the blocks: no job per pick. */
    @Test
    void theGreedyOnTheDriverRunsNoJobPerPick() {
        List<String> jobs = baitJobs("driver");
        assertTrue(jobs.contains("bait: collect the candidate blocks to the driver"), jobs.toString());
        assertTrue(jobs.stream().noneMatch(j -> j.contains("forward")), jobs.toString());
    }

    @Test
    void apiValidatesTheScaleOptions() {
        assertThrows(IllegalArgumentException.class,
                () -> new FisherSelector().setMethod("eig-logdet").setMode("prefilter").scaleOptions());
        assertThrows(IllegalArgumentException.class,
                () -> new FisherSelector().setMethod("eig-logdet").setK(10).setMode("prefilter").setCandidates(5)
                        .scaleOptions());
        assertThrows(IllegalArgumentException.class,
                () -> new FisherSelector().setMethod("entropy").setMode("partitioned").scaleOptions());
        assertThrows(IllegalArgumentException.class,
                () -> new FisherSelector().setMethod("bait").setInit("kmeans-parallel").scaleOptions());
        assertThrows(IllegalArgumentException.class, () -> new FisherSelector().setMode("greedi"));
        assertThrows(IllegalArgumentException.class, () -> new FisherSelector().setFisher("diag"));
        assertThrows(IllegalArgumentException.class, () -> new FisherSelector().setSketch(-1));
        assertThrows(IllegalArgumentException.class, () -> new FisherSelector().setPrefilterScore("grand"));
        FisherSelector ok = new FisherSelector().setMethod("bait").setK(10).setMode("prefilter").setCandidates(100)
                .setEvalSample(50).setFisher("kfac").setSketch(16);
        ScaleOptions s = ok.scaleOptions();
        assertEquals(ScaleOptions.Mode.PREFILTER, s.mode());
        assertEquals(AcquisitionMethod.EGL, s.prefilterScore(AcquisitionMethod.BAIT));
        assertEquals(AcquisitionMethod.EIG_TRACE, s.prefilterScore(AcquisitionMethod.EIG_LOGDET));
        assertEquals(ScaleOptions.FisherApprox.KFAC, s.fisher());
        assertEquals(16, s.sketch());
        assertEquals(50, s.evalSample());
        // a selector's default: everything exact except the mode, auto (exact unless k is large)
        FisherSelector d = new FisherSelector();
        assertEquals(ScaleOptions.defaults().withMode(ScaleOptions.Mode.AUTO, 0, 0), d.scaleOptions());
    }
}
