package io.fisherselect.math.select;

import io.fisherselect.math.method.Kernel;
import io.fisherselect.math.method.LogDetBruteForce;
import io.fisherselect.math.plan.MethodPlans;
import io.fisherselect.math.plan.PlanInputs;
import io.fisherselect.math.plan.SelectionParams;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.sample.ItemUniform;
import io.fisherselect.math.testing.DenseFisher;
import io.fisherselect.math.testing.DenseOracles;
import io.fisherselect.math.testing.RandomProblems;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Multi-round partitioned greedy against the exact greedy, and stochastic greedy against a dense
 * brute-force transcription of Mirzasoleiman et al.'s procedure. Objectives are evaluated with
 * dense formulas (LU log-dets of explicit matrices), never with the structured code.
 */
class MultiRoundGreedyTest {
    private static final List<AcquisitionMethod> SUBMODULAR = List.of(AcquisitionMethod.EIG_LOGDET,
            AcquisitionMethod.LOGDET);
    /**
     * The stated tolerance, for batches larger than the parameter dimension D as in the
     * large-batch regime (k = 24, D = 6 here; k = 50,000, D = 640 in the benchmarks): on average
     * over seeds the multi-round objective is within 2% of the exact greedy's, and no single seed
     * is more than 5% below it. (With k &lt; D every pick counts far more; docs/math.md has the
     * ratios measured there.)
     */
    private static final double MEAN_RATIO = 0.98;
    private static final double WORST_RATIO = 0.95;

    private static List<String> ids(List<Pick> picks) {
        return picks.stream().map(p -> p.id).toList();
    }

    /** The method's objective of a set by the dense formula: eq. (51) for eig-logdet, eq. (76) for logdet. */
    private static double objective(AcquisitionMethod m, RandomProblems pool, double lambda, List<String> set) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < pool.n; i++) {
            index.put(pool.ids[i], i);
        }
        List<Integer> rows = set.stream().map(index::get).toList();
        if (m == AcquisitionMethod.LOGDET) {
            return new LogDetBruteForce(Kernel.DOT, lambda, 1.0, 1.0, pool, null, null).logdet(rows);
        }
        int dd = pool.d * pool.c;
        List<DMatrixRMaj> fs = new ArrayList<>();
        for (int i : rows) {
            fs.add(DenseFisher.softmaxFisher(pool.phi[i], pool.probs[i]));
        }
        return DenseOracles.halfLogDetIPlus(DenseOracles.sum(fs, dd), DenseFisher.identity(dd, 1.0 / lambda));
    }

    @Test
    void oneRoundIsTheExactGreedy() {
        for (long seed = 0; seed < 10; seed++) {
            RandomProblems pool = RandomProblems.classification(300 + seed, "p", 40 + (int) seed, 3, 3);
            for (AcquisitionMethod m : SUBMODULAR) {
                SelectionParams p = SelectionParams.of(m, 5).withSeed(seed);
                List<CandidateBlock> blocks = pool.blocks(p.factorSpec(), 3);
                PlanInputs in = PlanInputs.shape(pool.d, pool.c, blocks.get(0).r);
                List<Pick> exact = GreedySelector.select(List.of(pool.block(p.factorSpec())), MethodPlans.greedy(p, in), 5);
                MultiRoundGreedy.Result r = MultiRoundGreedy.select(blocks, p, in,
                        new MultiRoundGreedy.Settings(pool.n, 4.0, 0.0));
                assertEquals(ids(exact), ids(r.picks()));
                for (int t = 0; t < exact.size(); t++) {
                    assertEquals(exact.get(t).gain, r.picks().get(t).gain, 0.0);
                }
                assertEquals(1, r.rounds().size());
            }
        }
    }

    @Test
    void severalRoundsStayWithinTheStatedToleranceOfExact() {
        int seeds = 40;
        for (AcquisitionMethod m : SUBMODULAR) {
            double sum = 0;
            double worst = Double.POSITIVE_INFINITY;
            for (long seed = 0; seed < seeds; seed++) {
                RandomProblems pool = RandomProblems.classification(1000 + seed, "p", 400, 2, 3);
                SelectionParams p = SelectionParams.of(m, 24).withSeed(seed);
                CandidateBlock all = pool.block(p.factorSpec());
                PlanInputs in = PlanInputs.shape(pool.d, pool.c, all.r);
                List<Pick> exact = GreedySelector.select(List.of(all), MethodPlans.greedy(p, in), 24);
                MultiRoundGreedy.Result r = MultiRoundGreedy.select(List.of(all), p, in,
                        new MultiRoundGreedy.Settings(48, 4.0, 0.0));
                // P = 2k and ρ = 4 as by default: 400 items in 9 parts keep 100, in 3 parts keep 25,
                // then one part picks 24
                assertEquals(3, r.rounds().size(), r.rounds().toString());
                assertEquals(24, new HashSet<>(ids(r.picks())).size());
                double ratio = objective(m, pool, p.lambda(), ids(r.picks()))
                        / objective(m, pool, p.lambda(), ids(exact));
                sum += ratio;
                worst = Math.min(worst, ratio);
            }
            assertTrue(sum / seeds >= MEAN_RATIO, m + ": mean objective ratio " + sum / seeds);
            assertTrue(worst >= WORST_RATIO, m + ": worst objective ratio " + worst);
        }
    }

    @Test
    void returnedGainsSumToTheObjectiveOfTheSet() {
        for (long seed = 0; seed < 8; seed++) {
            RandomProblems pool = RandomProblems.classification(2000 + seed, "p", 90, 3, 3);
            for (AcquisitionMethod m : SUBMODULAR) {
                SelectionParams p = SelectionParams.of(m, 6).withSeed(seed);
                CandidateBlock all = pool.block(p.factorSpec());
                PlanInputs in = PlanInputs.shape(pool.d, pool.c, all.r);
                MultiRoundGreedy.Result r = MultiRoundGreedy.select(List.of(all), p, in,
                        new MultiRoundGreedy.Settings(25, 3.0, 0.0));
                double sum = r.picks().stream().mapToDouble(x -> x.gain).sum();
                double dense = objective(m, pool, p.lambda(), ids(r.picks()));
                assertEquals(dense, sum, 1e-9 * Math.max(1, Math.abs(dense)));
            }
        }
    }

    @Test
    void sameBatchForAnyPartitioningAndOrder() {
        for (long seed = 0; seed < 6; seed++) {
            RandomProblems pool = RandomProblems.classification(3000 + seed, "p", 100, 3, 3);
            for (double eps : new double[] {0.0, 0.2}) {
                SelectionParams p = SelectionParams.of(AcquisitionMethod.EIG_LOGDET, 7).withSeed(seed);
                MultiRoundGreedy.Settings s = new MultiRoundGreedy.Settings(20, 2.5, eps);
                CandidateBlock all = pool.block(p.factorSpec());
                PlanInputs in = PlanInputs.shape(pool.d, pool.c, all.r);
                MultiRoundGreedy.Result one = MultiRoundGreedy.select(List.of(all), p, in, s);
                MultiRoundGreedy.Result four = MultiRoundGreedy.select(pool.blocks(p.factorSpec(), 4), p, in, s);
                int[] order = new int[all.n];
                List<Integer> perm = new ArrayList<>();
                for (int i = 0; i < all.n; i++) {
                    perm.add(i);
                }
                Collections.shuffle(perm, new Random(seed));
                for (int i = 0; i < all.n; i++) {
                    order[i] = perm.get(i);
                }
                CandidateBlock shuffled = all.rows(order);
                MultiRoundGreedy.Result mixed = MultiRoundGreedy.select(
                        List.of(shuffled.rows(Arrays.copyOfRange(identity(all.n), 0, 37)),
                                shuffled.rows(Arrays.copyOfRange(identity(all.n), 37, all.n))), p, in, s);
                for (MultiRoundGreedy.Result other : List.of(four, mixed)) {
                    assertEquals(ids(one.picks()), ids(other.picks()));
                    for (int t = 0; t < one.picks().size(); t++) {
                        assertEquals(one.picks().get(t).gain, other.picks().get(t).gain, 0.0);
                    }
                    assertEquals(one.rounds(), other.rounds());
                }
            }
        }
    }

    private static int[] identity(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    @Test
    void batchLargerThanAPartIsTheUnionOfTheParts() {
        RandomProblems pool = RandomProblems.classification(4000, "p", 80, 3, 3);
        SelectionParams p = SelectionParams.of(AcquisitionMethod.LOGDET, 30).withSeed(5);
        CandidateBlock all = pool.block(p.factorSpec());
        PlanInputs in = PlanInputs.shape(pool.d, pool.c, all.r);
        MultiRoundGreedy.Result r = MultiRoundGreedy.select(List.of(all), p, in,
                new MultiRoundGreedy.Settings(20, 2.0, 0.0));
        assertEquals(30, r.picks().size());
        assertEquals(30, new HashSet<>(ids(r.picks())).size());
        MultiRoundGreedy.Round last = r.rounds().get(r.rounds().size() - 1);
        assertEquals(30, last.kept());
        assertTrue(last.parts() > 1);
    }

    @Test
    void sharesAreProportionalSumToTheTargetAndFitTheirParts() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int m = 1 + rnd.nextInt(9);
            long[] sizes = new long[m];
            long total = 0;
            for (int j = 0; j < m; j++) {
                sizes[j] = rnd.nextInt(50);
                total += sizes[j];
            }
            long target = total == 0 ? 0 : rnd.nextInt((int) total + 1);
            int[] shares = MultiRoundGreedy.shares(sizes, target);
            long sum = 0;
            for (int j = 0; j < m; j++) {
                assertTrue(shares[j] <= sizes[j]);
                // largest remainder: within one of the exact proportional share
                double exact = total == 0 ? 0 : (double) target * sizes[j] / total;
                assertTrue(Math.abs(shares[j] - exact) < 1.0 + 1e-9, shares[j] + " vs " + exact);
                sum += shares[j];
            }
            assertEquals(target, sum);
        }
        assertThrows(IllegalArgumentException.class, () -> MultiRoundGreedy.shares(new long[] {3, 4}, 8));
    }

    @Test
    void refusesMethodsThatAreNotGreedyAndBadSettings() {
        RandomProblems pool = RandomProblems.classification(5, "p", 20, 2, 3);
        SelectionParams p = SelectionParams.of(AcquisitionMethod.BADGE, 3);
        CandidateBlock all = pool.block(p.factorSpec());
        assertThrows(IllegalArgumentException.class, () -> MultiRoundGreedy.select(List.of(all), p,
                PlanInputs.shape(pool.d, pool.c, all.r), MultiRoundGreedy.Settings.defaults()));
        assertThrows(IllegalArgumentException.class, () -> new MultiRoundGreedy.Settings(0, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> new MultiRoundGreedy.Settings(10, 1.0, 0));
        assertThrows(IllegalArgumentException.class, () -> new MultiRoundGreedy.Settings(10, 2, 1.0));
    }

    /**
     * Stochastic greedy in one part against its transcription with dense log-dets: at step t the
     * sample is every unpicked item with u(seed, stream of round 0 and step t, id) &lt;
     * s / unpicked, s = ⌈(n/k)·ln(1/ε)⌉; the pick is the sample's item with the largest marginal
     * gain of ½ log det(I + Σ F H⁻¹) (ties: smaller id), or the best unpicked item when the sample
     * is empty.
     */
    @Test
    void stochasticGreedyIsTheBestOfEachSeededSample() {
        for (long seed = 0; seed < 12; seed++) {
            RandomProblems pool = RandomProblems.classification(6000 + seed, "p", 50, 2, 3);
            int k = 6;
            double eps = 0.3;
            double lambda = 1.0;
            SelectionParams p = SelectionParams.of(AcquisitionMethod.EIG_LOGDET, k).withSeed(seed);
            CandidateBlock all = pool.block(p.factorSpec());
            PlanInputs in = PlanInputs.shape(pool.d, pool.c, all.r);
            List<Pick> got = MultiRoundGreedy.partGreedy(all, p, in, k, 0,
                    new MultiRoundGreedy.Settings(pool.n, 2.0, eps));

            int dd = pool.d * pool.c;
            DMatrixRMaj hInv = DenseFisher.identity(dd, 1.0 / lambda);
            List<DMatrixRMaj> fs = new ArrayList<>();
            for (int i = 0; i < pool.n; i++) {
                fs.add(DenseFisher.softmaxFisher(pool.phi[i], pool.probs[i]));
            }
            double size = Math.ceil((double) pool.n / k * Math.log(1 / eps));
            boolean[] taken = new boolean[pool.n];
            DMatrixRMaj base = new DMatrixRMaj(dd, dd);
            double baseValue = 0;
            for (int t = 0; t < k; t++) {
                int best = -1;
                double bestGain = 0;
                for (boolean sampleOnly : new boolean[] {true, false}) {
                    for (int i = 0; i < pool.n; i++) {
                        double u = ItemUniform.uniform(seed, MultiRoundGreedy.STREAM_SAMPLE + t, pool.ids[i]);
                        if (taken[i] || (sampleOnly && !(u < size / (pool.n - t)))) {
                            continue;
                        }
                        double g = DenseOracles.halfLogDetIPlus(DenseFisher.plus(base, fs.get(i)), hInv) - baseValue;
                        if (best < 0 || g > bestGain + 1e-12
                                || (Math.abs(g - bestGain) <= 1e-12 && pool.ids[i].compareTo(pool.ids[best]) < 0)) {
                            best = i;
                            bestGain = g;
                        }
                    }
                    if (best >= 0) {
                        break;
                    }
                }
                assertEquals(pool.ids[best], got.get(t).id, "seed " + seed + " step " + t);
                assertEquals(bestGain, got.get(t).gain, 1e-9);
                taken[best] = true;
                base = DenseFisher.plus(base, fs.get(best));
                baseValue += bestGain;
            }
        }
    }

    /**
     * E[f(stochastic)] ≥ (1 − 1/e − ε)·f(OPT) ≥ (1 − 1/e − ε)·f(greedy) (Mirzasoleiman et al.,
     * Theorem 1), checked on the mean over seeds; and with ε so small that every sample holds
     * every unpicked item it is the plain greedy.
     */
    @Test
    void stochasticGreedyKeepsItsGuaranteeAndIsThePlainGreedyWhenTheSampleIsEverything() {
        double eps = 0.5;
        double sum = 0;
        int seeds = 30;
        for (long seed = 0; seed < seeds; seed++) {
            RandomProblems pool = RandomProblems.classification(7000 + seed, "p", 80, 3, 3);
            SelectionParams p = SelectionParams.of(AcquisitionMethod.EIG_LOGDET, 8).withSeed(seed);
            CandidateBlock all = pool.block(p.factorSpec());
            PlanInputs in = PlanInputs.shape(pool.d, pool.c, all.r);
            List<Pick> exact = GreedySelector.select(List.of(all), MethodPlans.greedy(p, in), 8);
            List<Pick> stochastic = MultiRoundGreedy.select(List.of(all), p, in,
                    new MultiRoundGreedy.Settings(40, 4.0, eps)).picks();
            sum += objective(p.method(), pool, p.lambda(), ids(stochastic))
                    / objective(p.method(), pool, p.lambda(), ids(exact));
            // ln(1/ε) ≥ k: the sample size n/k·ln(1/ε) ≥ n, every item always in the sample
            List<Pick> everything = MultiRoundGreedy.partGreedy(all, p, in, 8, 0,
                    new MultiRoundGreedy.Settings(all.n, 2.0, Math.exp(-9)));
            assertEquals(ids(exact), ids(everything));
        }
        assertTrue(sum / seeds >= 1 - 1 / Math.E - eps, "mean ratio " + sum / seeds);
    }
}
