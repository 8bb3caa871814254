package io.fisherselect.math.select;

import io.fisherselect.math.method.BadgeDriver;
import io.fisherselect.math.method.BadgeObjective;
import io.fisherselect.math.plan.SelectionParams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.fisher.FisherFactor;
import io.fisherselect.math.testing.DenseFisher;
import io.fisherselect.math.testing.RandomProblems;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** BADGE: k-means++ seeding on gradient embeddings, checked against dense gᵢ = (πᵢ − e_ŷ) ⊗ φᵢ. */
class BadgeTest {

    private static final FactorSpec GRAD = new FactorSpec(FactorSpec.Kind.PSEUDO_LABEL_GRADIENT,
            FactorSpec.Likelihood.SOFTMAX, 0, 1.0, false);

    private static SelectionParams params(int k, long seed) {
        return new SelectionParams(AcquisitionMethod.EGL, k, 1.0, seed, FactorSpec.Likelihood.SOFTMAX, 1.0, 0, false);
    }

    private static Map<String, double[]> denseEmbeddings(RandomProblems pr) {
        Map<String, double[]> g = new HashMap<>();
        for (int i = 0; i < pr.n; i++) {
            g.put(pr.ids[i], DenseFisher.gradient(pr.phi[i], pr.probs[i], FisherFactor.argmax(pr.probs[i])));
        }
        return g;
    }

    private static double dist2(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return s;
    }

    private static List<Pick> badge(RandomProblems pr, int parts, int k, long seed) {
        return GreedySelector.select(pr.blocks(GRAD, parts), BadgeDriver.create(params(k, seed), pr.d, pr.c), k);
    }

    @Test
    void firstPickIsTheLargestGradientAndGainsAreDenseDSquaredMinima() {
        for (long seed = 0; seed < 25; seed++) {
            RandomProblems pr = RandomProblems.classification(seed, "b", 40, 2 + (int) (seed % 4), 2 + (int) (seed % 5));
            Map<String, double[]> g = denseEmbeddings(pr);
            List<Pick> picks = badge(pr, 1, 10, seed);
            assertEquals(10, picks.size());
            String maxId = null;
            double max = -1;
            for (String id : pr.ids) {
                double n2 = dist2(g.get(id), new double[g.get(id).length]);
                if (n2 > max) {
                    max = n2;
                    maxId = id;
                }
            }
            assertEquals(maxId, picks.get(0).id, "seed " + seed);
            assertEquals(max, picks.get(0).gain, 1e-10 * max);
            Set<String> seen = new HashSet<>();
            for (int t = 0; t < picks.size(); t++) {
                Pick p = picks.get(t);
                assertTrue(seen.add(p.id), "duplicate pick " + p.id);
                if (t == 0) {
                    continue;
                }
                double min = Double.POSITIVE_INFINITY;
                for (int s = 0; s < t; s++) {
                    min = Math.min(min, dist2(g.get(p.id), g.get(picks.get(s).id)));
                }
                assertEquals(min, p.gain, 1e-10 * (1 + max), "seed " + seed + " pick " + t);
                assertTrue(p.gain > 0);
            }
        }
    }

    @Test
    void everyCandidatesStateIsItsDenseDSquared() {
        for (long seed = 0; seed < 20; seed++) {
            RandomProblems pr = RandomProblems.classification(50 + seed, "s", 25, 3, 3 + (int) (seed % 3));
            Map<String, double[]> g = denseEmbeddings(pr);
            List<CandidateBlock> blocks = pr.blocks(GRAD, 3);
            BadgeDriver driver = BadgeDriver.create(params(6, seed), pr.d, pr.c);
            GreedyObjective obj = driver.objective();
            List<BlockState> states = new ArrayList<>();
            for (CandidateBlock b : blocks) {
                states.add(BlockState.initial(b, obj));
            }
            List<String> centers = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                Pick best = null;
                for (int i = 0; i < blocks.size(); i++) {
                    best = Pick.best(best, states.get(i).best(blocks.get(i), obj));
                }
                centers.add(best.id);
                StepMessage m = driver.afterPick(best);
                for (int i = 0; i < blocks.size(); i++) {
                    states.set(i, states.get(i).next(blocks.get(i), obj, best.id, m));
                }
                for (int i = 0; i < blocks.size(); i++) {
                    CandidateBlock b = blocks.get(i);
                    for (int row = 0; row < b.n; row++) {
                        assertEquals(states.get(i).picked[row], centers.contains(b.ids[row]));
                        if (states.get(i).picked[row]) {
                            continue; // a center keeps the state it had when picked
                        }
                        double min = Double.POSITIVE_INFINITY;
                        for (String c : centers) {
                            min = Math.min(min, dist2(g.get(b.ids[row]), g.get(c)));
                        }
                        double d2 = states.get(i).values[row * BadgeObjective.WIDTH];
                        assertEquals(min, d2, 1e-10 * (1 + min), b.ids[row]);
                    }
                }
            }
        }
    }

    @Test
    void partitionIndependentAndNeverADuplicate() {
        for (long seed = 0; seed < 20; seed++) {
            RandomProblems pr = RandomProblems.classification(200 + seed, "p", 30, 3, 4);
            List<Pick> one = badge(pr, 1, pr.n, seed);
            assertEquals(pr.n, one.size());
            assertEquals(pr.n, one.stream().map(p -> p.id).distinct().count());
            for (int parts : new int[] {2, 7, 30}) {
                List<Pick> many = badge(pr, parts, 12, seed);
                for (int t = 0; t < 12; t++) {
                    assertEquals(one.get(t).id, many.get(t).id, "parts " + parts + " pick " + t);
                    assertEquals(one.get(t).gain, many.get(t).gain, 0.0);
                }
            }
            // another seed gives another batch (after the deterministic first center)
            assertTrue(!badge(pr, 1, 12, seed + 1000).stream().map(p -> p.id).toList()
                    .equals(one.subList(0, 12).stream().map(p -> p.id).toList()));
        }
    }

    /**
     * Exact duplicates (same embedding and probabilities, other ids) and zero-gradient items: once
     * an embedding is a center, its copies have D² = 0 and may only come after every item with
     * D² &gt; 0, in id order.
     */
    @Test
    void itemsWithZeroDSquaredComeLast() {
        for (long seed = 0; seed < 20; seed++) {
            RandomProblems base = RandomProblems.classification(300 + seed, "u", 12, 3, 3);
            CandidateBlockBuilder all = new CandidateBlockBuilder(GRAD, 3);
            List<CandidateBlockBuilder> split = List.of(new CandidateBlockBuilder(GRAD, 3), new CandidateBlockBuilder(GRAD, 3));
            int added = 0;
            for (int i = 0; i < base.n; i++) {
                for (int copy = 0; copy <= i % 3; copy++) {
                    String id = (copy == 0 ? "u" : "dup" + copy + "-") + i;
                    all.add(id, base.phi[i], base.probs[i], -1);
                    split.get(added++ % 2).add(id, base.phi[i], base.probs[i], -1);
                }
            }
            // two one-hot items: g = 0, a duplicate of each other
            for (String id : new String[] {"zero-a", "zero-b"}) {
                all.add(id, base.phi[0], new double[] {0, 1, 0}, -1);
                split.get(added++ % 2).add(id, base.phi[0], new double[] {0, 1, 0}, -1);
            }
            int n = added;
            int distinct = base.n + 1;
            List<Pick> picks = GreedySelector.select(List.of(all.build(3)), BadgeDriver.create(params(n, seed), 3, 3), n);
            List<Pick> picks2 = GreedySelector.select(List.of(split.get(0).build(3), split.get(1).build(3)),
                    BadgeDriver.create(params(n, seed), 3, 3), n);
            assertEquals(picks.stream().map(p -> p.id).toList(), picks2.stream().map(p -> p.id).toList());
            assertEquals(n, picks.size());
            for (int t = 0; t < n; t++) {
                if (t < distinct) {
                    assertTrue(picks.get(t).gain > 0, "seed " + seed + " pick " + t + " " + picks.get(t).id);
                } else {
                    assertEquals(0.0, picks.get(t).gain, "pick " + t);
                    if (t > distinct) {
                        assertTrue(picks.get(t - 1).id.compareTo(picks.get(t).id) < 0, "fallback in id order");
                    }
                }
            }
            // before the zero tail, one item of each distinct embedding
            Set<String> groups = new HashSet<>();
            for (Pick p : picks.subList(0, distinct)) {
                String group = p.id.startsWith("zero") ? "zero" : p.id.substring(p.id.lastIndexOf(p.id.startsWith("u") ? 'u' : '-') + 1);
                assertTrue(groups.add(group), "two copies of " + group + " before the tail");
            }
        }
    }

    /** The second center is drawn with probability D²ᵢ / Σⱼ D²ⱼ. */
    @Test
    void secondCenterFollowsDSquaredSampling() {
        RandomProblems pr = RandomProblems.classification(11, "k", 6, 2, 3);
        Map<String, double[]> g = denseEmbeddings(pr);
        List<CandidateBlock> blocks = pr.blocks(GRAD, 2);
        String first = badge(pr, 1, 1, 0).get(0).id;
        List<String> others = new ArrayList<>();
        double[] p = new double[pr.n - 1];
        double total = 0;
        for (String id : pr.ids) {
            if (!id.equals(first)) {
                p[others.size()] = dist2(g.get(id), g.get(first));
                total += p[others.size()];
                others.add(id);
            }
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= total;
        }
        int n = 20_000;
        long[] counts = new long[p.length];
        for (long seed = 0; seed < n; seed++) {
            List<Pick> picks = GreedySelector.select(blocks, BadgeDriver.create(params(2, seed), pr.d, pr.c), 2);
            assertEquals(first, picks.get(0).id);
            counts[others.indexOf(picks.get(1).id)]++;
        }
        double chi = 0;
        for (int i = 0; i < p.length; i++) {
            double e = n * p[i];
            chi += (counts[i] - e) * (counts[i] - e) / e;
        }
        // 4 degrees of freedom: mean 4, sd √8; the bound is far beyond the 0.1% quantile (18.5)
        assertTrue(chi < 30, "χ² = " + chi + " counts " + java.util.Arrays.toString(counts)
                + " expected " + java.util.Arrays.toString(p));
        // the test has power: sampling ∝ D (plain distance) instead of D² is rejected
        double[] q = new double[p.length];
        double qs = 0;
        for (int i = 0; i < p.length; i++) {
            q[i] = Math.sqrt(p[i]);
            qs += q[i];
        }
        double chiWrong = 0;
        for (int i = 0; i < p.length; i++) {
            double e = n * q[i] / qs;
            chiWrong += (counts[i] - e) * (counts[i] - e) / e;
        }
        assertTrue(chiWrong > 100, "χ² against the D law = " + chiWrong);
    }

    @Test
    void rejectsBlocksWithoutGradientFactors() {
        RandomProblems pr = RandomProblems.classification(1, "f", 5, 2, 3);
        assertThrows(IllegalArgumentException.class, () -> GreedySelector.select(
                List.of(pr.block(FactorSpec.fisher())), BadgeDriver.create(params(2, 0), pr.d, pr.c), 2));
    }
}
