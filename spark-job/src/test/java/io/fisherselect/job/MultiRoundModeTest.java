package io.fisherselect.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.job.api.FisherSelector;
import io.fisherselect.job.select.RunOptions;
import io.fisherselect.job.select.ScaleOptions;
import io.fisherselect.job.select.SelectConfig;
import io.fisherselect.job.select.Selection;
import io.fisherselect.job.select.SelectionJob;
import io.fisherselect.job.stage.CandidateBlocks;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.CandidateBlockBuilder;
import io.fisherselect.math.select.MultiRoundGreedy;
import io.fisherselect.math.select.Pick;
import io.fisherselect.math.plan.PlanInputs;
import io.fisherselect.math.plan.SelectionParams;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code --mode multiround} on Spark: the in-memory {@link MultiRoundGreedy}'s batch (ids in order,
 * gains) for any partitioning; the exact greedy when the pool fits one part; a valid batch for
 * every greedy method, also when k is larger than a part; the options' checks.
 */
class MultiRoundModeTest {
    @TempDir
    static Path dir;

    static final int N = 90;
    private static TestSet poolSet;
    private static String pool;
    private static String labeled;

    @BeforeAll
    static void sets() throws IOException {
        poolSet = TestSet.classification(501, "p", N, 4, 3, true);
        pool = poolSet.writeJsonl(dir, "pool");
        labeled = TestSet.classification(502, "l", 15, 4, 3, true).writeJsonl(dir, "labeled");
    }

    static Selection run(SelectionParams p, int partitions, ScaleOptions scale) {
        SelectConfig c = new SelectConfig(RunOptions.ofPaths(pool, p.method().usesLabeledSet() ? labeled : null, null),
                Selectors.of(p, scale).setPartitions(partitions));
        return new SelectionJob(LocalSpark.session()).run(c);
    }

    static ScaleOptions multiRound(int size, double shrink, double epsilon) {
        return ScaleOptions.defaults().withMultiRound(size, shrink, epsilon);
    }

    /** The in-memory reference on the pool's rows (no labeled set: logdet's plan needs only the shape). */
    static List<Pick> inMemory(SelectionParams p, MultiRoundGreedy.Settings s) {
        CandidateBlockBuilder b = new CandidateBlockBuilder(p.factorSpec(), poolSet.c);
        for (TestSet.Row0 row : poolSet.rows) {
            b.add(row.id(), row.embedding(), CandidateBlocks.normalized(row.probs()), row.label());
        }
        CandidateBlock block = b.build(poolSet.d);
        return MultiRoundGreedy.select(List.of(block), p, PlanInputs.shape(block.d, block.c, block.r), s).picks();
    }

    @Test
    void sameBatchAsInMemoryForAnyPartitioning() {
        for (double epsilon : new double[] {0.0, 0.3}) {
            SelectionParams p = SelectionParams.of(AcquisitionMethod.LOGDET, 6).withSeed(3);
            List<Pick> expected = inMemory(p, new MultiRoundGreedy.Settings(20, 2.0, epsilon));
            for (int partitions : new int[] {1, 3, 4}) {
                Selection s = run(p, partitions, multiRound(20, 2.0, epsilon));
                assertEquals(expected.stream().map(x -> x.id).toList(), ScaleModesTest.ids(s),
                        partitions + " partitions, ε = " + epsilon);
                for (int t = 0; t < expected.size(); t++) {
                    assertEquals(expected.get(t).gain, s.picks().get(t).gain(), 0.0);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = AcquisitionMethod.class, names = {"EIG_LOGDET", "EPIG_LOGDET", "BAIT", "LOGDET"})
    void onePartIsTheExactGreedyAndSmallPartsAreValid(AcquisitionMethod m) {
        SelectionParams p = SelectionParams.of(m, 5);
        Selection exact = run(p, 3, ScaleOptions.defaults());
        Selection one = run(p, 3, multiRound(N, 4.0, 0.0));
        assertEquals(ScaleModesTest.ids(exact), ScaleModesTest.ids(one));
        assertEquals(ScaleModesTest.gains(exact), ScaleModesTest.gains(one));
        for (int size : new int[] {15, 4}) {
            // with P = 4 < k = 5 the batch is the union of the last round's parts
            Selection small = run(p, 3, multiRound(size, 3.0, 0.0));
            List<String> ids = ScaleModesTest.ids(small);
            assertEquals(5, ids.size(), ids.toString());
            assertEquals(5, new HashSet<>(ids).size(), ids.toString());
            assertTrue(new HashSet<>(poolSet.ids()).containsAll(ids), ids.toString());
        }
    }

    @Test
    void optionsAreChecked() {
        assertThrows(IllegalArgumentException.class,
                () -> new FisherSelector().setMethod("badge").setMode("multiround").scaleOptions());
        assertThrows(IllegalArgumentException.class,
                () -> new FisherSelector().setMethod("entropy").setMode("multiround").scaleOptions());
        assertThrows(IllegalArgumentException.class,
                () -> new FisherSelector().setMethod("logdet").setMode("exact").setPartitionSize(100).scaleOptions());
        // --mode auto (the default) may pick multiround: its options are accepted there, for greedy methods only
        assertEquals(100, new FisherSelector().setMethod("logdet").setPartitionSize(100).scaleOptions().partitionSize());
        assertThrows(IllegalArgumentException.class,
                () -> new FisherSelector().setMethod("entropy").setPartitionSize(100).scaleOptions());
        assertThrows(IllegalArgumentException.class,
                () -> new FisherSelector().setMethod("badge").setStochasticEpsilon(0.5).scaleOptions());
        assertThrows(IllegalArgumentException.class, () -> new FisherSelector().setShrink(1.0));
        assertThrows(IllegalArgumentException.class, () -> new FisherSelector().setStochasticEpsilon(1.0));
        assertThrows(IllegalArgumentException.class, () -> new FisherSelector().setPartitionSize(-1));
        ScaleOptions s = new FisherSelector().setMethod("logdet").setK(7).setMode("multiround").scaleOptions();
        assertEquals(new MultiRoundGreedy.Settings(10_000, 4.0, 0.0), s.multiRound(7));
        assertEquals(new MultiRoundGreedy.Settings(10_000, 4.0, 0.0), s.multiRound(30_000));
    }
}
