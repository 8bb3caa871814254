package io.fisherselect.math.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.fisher.FisherSum;
import io.fisherselect.math.plan.MethodPlans;
import io.fisherselect.math.plan.PlanInputs;
import io.fisherselect.math.plan.SelectionParams;
import io.fisherselect.math.testing.RandomProblems;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link BlockStates} stepping its blocks on a pool of threads picks the same items with the same
 * gains, bit for bit, as one thread over one block, for any number of threads and any split of the
 * rows ({@link CandidateBlock#parts}): what lets the driver-side greedy use every core without
 * touching the bit-determinism contract.
 */
class ThreadedBlockStatesTest {

    private static void assertSamePicks(List<Pick> expected, List<Pick> actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).id, actual.get(i).id, what + ": pick " + (i + 1));
            assertEquals(Double.doubleToRawLongBits(expected.get(i).gain), Double.doubleToRawLongBits(actual.get(i).gain),
                    what + ": gain of pick " + (i + 1) + " " + expected.get(i).gain + " vs " + actual.get(i).gain);
        }
    }

    @Test
    void threadsAndPartsChangeNoPickNorGain() {
        AcquisitionMethod[] methods = {AcquisitionMethod.EIG_LOGDET, AcquisitionMethod.EPIG_LOGDET,
            AcquisitionMethod.BAIT, AcquisitionMethod.LOGDET, AcquisitionMethod.BADGE};
        for (long seed = 0; seed < 12; seed++) {
            int d = 2 + (int) (seed % 4);
            int c = 2 + (int) ((seed / 2) % 3);
            int n = 40 + (int) (seed * 7 % 50);
            RandomProblems pool = RandomProblems.classification(700 + seed, "p", n, d, c);
            for (AcquisitionMethod m : methods) {
                int k = 3 + (int) (seed % 5);
                SelectionParams p = new SelectionParams(m, k, 0.3 + 0.2 * (seed % 3), seed,
                        FactorSpec.Likelihood.SOFTMAX, 1.0, 0, false);
                FactorSpec spec = p.factorSpec();
                PlanInputs in = PlanInputs.shape(d, c, spec.columns(c));
                if (m.usesLabeledSet()) {
                    RandomProblems labeled = RandomProblems.classification(800 + seed, "l", 5, d, c);
                    in = in.withLabeled(FisherSum.of(labeled.block(p.fisherSpec())), labeled.n);
                }
                if (m == AcquisitionMethod.EPIG_LOGDET || m == AcquisitionMethod.BAIT) {
                    in = in.withPool(FisherSum.of(pool.block(p.fisherSpec())), pool.n);
                }
                String what = m.cliName() + ", seed " + seed + ", n=" + n + ", d=" + d + ", C=" + c + ", k=" + k;
                List<Pick> one = GreedyLoop.run(new BlockStates(List.of(pool.block(spec))), MethodPlans.greedy(p, in),
                        k, List.of(), List.of());
                assertEquals(k, one.size(), what);
                for (int threads : new int[] {2, 3, 4}) {
                    for (int parts : new int[] {threads, 2 * threads + 1}) {
                        List<CandidateBlock> blocks = CandidateBlock.parts(pool.blocks(spec, 1 + (int) (seed % 3)),
                                parts);
                        List<Pick> threaded = GreedyLoop.run(new BlockStates(blocks, null, threads),
                                MethodPlans.greedy(p, in), k, List.of(), List.of());
                        assertSamePicks(one, threaded, what + ", " + threads + " threads, " + parts + " parts");
                    }
                }
            }
        }
    }

    @Test
    void partsKeepEveryRowInOrder() {
        RandomProblems pool = RandomProblems.classification(5, "p", 23, 3, 3);
        FactorSpec spec = SelectionParams.of(AcquisitionMethod.EIG_LOGDET, 1).factorSpec();
        List<CandidateBlock> three = pool.blocks(spec, 3);
        List<String> all = new ArrayList<>();
        for (CandidateBlock b : three) {
            all.addAll(List.of(b.ids));
        }
        for (int parts : new int[] {1, 2, 5, 23, 40}) {
            List<CandidateBlock> split = CandidateBlock.parts(three, parts);
            assertEquals(Math.min(parts, 23), split.size(), parts + " parts");
            List<String> ids = new ArrayList<>();
            for (CandidateBlock b : split) {
                assertEquals(true, b.n == 23 / split.size() || b.n == 23 / split.size() + 1, parts + " parts: " + b.n);
                for (String id : b.ids) {
                    ids.add(id);
                }
            }
            assertEquals(all, ids, parts + " parts");
        }
        assertEquals(List.of(), CandidateBlock.parts(List.of(), 4));
    }

    @Test
    void threadsBelowOneAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BlockStates(List.of(), null, 0));
    }
}
