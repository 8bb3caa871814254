package io.fisherselect.math.select;

import io.fisherselect.math.method.Kernel;
import io.fisherselect.math.plan.MethodPlans;
import io.fisherselect.math.plan.PlanInputs;
import io.fisherselect.math.plan.SelectionParams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.fisher.FisherSum;
import io.fisherselect.math.linalg.Numerics;
import io.fisherselect.math.testing.RandomProblems;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A selection resumed from its first t forward picks ({@link GreedyResume}: the driver replays
 * them, the blocks apply their messages) equals the uninterrupted selection bit for bit — ids,
 * gains, and the final batch after {@code finish} (BAIT's pruning, BADGE's reported D²) — for
 * every greedy method, for t from 1 to all forward picks, with re-factorisations (every 2 picks)
 * inside the replayed prefix.
 */
class GreedyResumeTest {
    private static final int D = 4;
    private static final int C = 3;

    private static SelectionParams params(AcquisitionMethod m, int k) {
        return new SelectionParams(m, k, 0.7, 5L, FactorSpec.Likelihood.SOFTMAX, 1.0, 0, false, Kernel.DOT, 0.8, 0.9,
                null, 1.0);
    }

    private static PlanInputs inputs(SelectionParams p) {
        RandomProblems labeled = RandomProblems.classification(2, "l", 8, D, C);
        RandomProblems pool = RandomProblems.classification(1, "p", 40, D, C);
        int r = p.factorSpec().columns(C);
        PlanInputs in = PlanInputs.shape(D, C, r)
                .withLabeled(FisherSum.of(labeled.block(p.fisherSpec())), labeled.n)
                .withPool(FisherSum.of(pool.block(p.fisherSpec())), pool.n);
        FactorSpec gradient = new FactorSpec(FactorSpec.Kind.PSEUDO_LABEL_GRADIENT, FactorSpec.Likelihood.SOFTMAX, 0,
                1.0, false);
        return in.withReferenceSets(RandomProblems.classification(3, "q", 4, D, C).block(gradient),
                RandomProblems.classification(4, "s", 3, D, C).block(gradient));
    }

    private static List<CandidateBlock> blocks(SelectionParams p) {
        return RandomProblems.classification(1, "p", 40, D, C).blocks(p.factorSpec(), 3);
    }

    /** The uninterrupted run: its final batch and its forward picks. */
    private record Run(List<Pick> batch, List<Pick> forward) {
    }

    private static Run run(SelectionParams p, List<Pick> saved) {
        List<Pick> forward = new ArrayList<>(saved);
        List<Pick> batch = GreedySelector.select(blocks(p), MethodPlans.greedy(p, inputs(p), new Numerics(2)), p.k(),
                saved, List.of((t, n, picks) -> {
                    forward.clear();
                    forward.addAll(picks);
                }));
        return new Run(batch, forward);
    }

    @Test
    void resumedSelectionEqualsUninterruptedForEveryGreedyMethod() {
        for (AcquisitionMethod m : new AcquisitionMethod[] {AcquisitionMethod.EIG_LOGDET, AcquisitionMethod.EPIG_LOGDET,
                AcquisitionMethod.BAIT, AcquisitionMethod.LOGDET, AcquisitionMethod.LOGDET_MI,
                AcquisitionMethod.LOGDET_CMI, AcquisitionMethod.BADGE}) {
            SelectionParams p = params(m, 7);
            Run full = run(p, List.of());
            int forward = full.forward().size();
            assertEquals(m == AcquisitionMethod.BAIT ? 14 : 7, forward, m.cliName());
            for (int t : new int[] {1, 2, 5, forward - 1, forward}) {
                Run resumed = run(p, new ArrayList<>(full.forward().subList(0, t)));
                String what = m.cliName() + " resumed after " + t;
                assertSame(full.forward(), resumed.forward(), what + " (forward picks)");
                assertSame(full.batch(), resumed.batch(), what + " (batch)");
            }
        }
    }

    private static void assertSame(List<Pick> want, List<Pick> got, String what) {
        assertEquals(want.size(), got.size(), what);
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.get(i).id, got.get(i).id, what + ", pick " + (i + 1));
            assertEquals(Double.doubleToRawLongBits(want.get(i).gain), Double.doubleToRawLongBits(got.get(i).gain),
                    what + ", gain bits of pick " + (i + 1));
        }
    }

    /** A different prefix (not this selection's picks) changes the result: the test can fail. */
    @Test
    void aForeignPrefixGivesADifferentSelection() {
        SelectionParams p = params(AcquisitionMethod.EIG_LOGDET, 5);
        Run full = run(p, List.of());
        List<Pick> foreign = new ArrayList<>(full.forward().subList(0, 2));
        foreign.set(0, full.forward().get(4));
        Run resumed = run(p, foreign);
        org.junit.jupiter.api.Assertions.assertNotEquals(GreedyResume.ids(full.forward()),
                GreedyResume.ids(resumed.forward()));
    }

    @Test
    void moreSavedPicksThanTheSelectionMakesAreRefused() {
        SelectionParams p = params(AcquisitionMethod.EIG_LOGDET, 3);
        Run full = run(params(AcquisitionMethod.EIG_LOGDET, 5), List.of());
        assertThrows(IllegalArgumentException.class, () -> run(p, full.forward()));
    }
}
