package io.fisherselect.math.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.sample.StochasticAcquisition.Mode;
import io.fisherselect.math.score.ItemScore;
import io.fisherselect.math.score.PredictionScores;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.TopK;
import io.fisherselect.math.testing.RandomProblems;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** power / softmax / softrank: the weights, and that Gumbel-top-k samples by them. */
class StochasticAcquisitionTest {

    private static final String[] IDS = {"a", "b", "c", "d", "e"};
    private static final double[] SCORES = {0.1, 0.7, 0.3, 1.2, 0.0};

    private static List<TopK.Scored> scored() {
        List<TopK.Scored> l = new ArrayList<>();
        for (int i = 0; i < IDS.length; i++) {
            l.add(new TopK.Scored(IDS[i], SCORES[i]));
        }
        return l;
    }

    /** w_i by the mode's definition, straight from the paper's formulas. */
    private static double[] weights(Mode mode, double beta) {
        double[] w = new double[IDS.length];
        Map<String, Long> ranks = StochasticAcquisition.ranks(scored());
        for (int i = 0; i < w.length; i++) {
            w[i] = switch (mode) {
                case POWER -> Math.pow(SCORES[i], beta);
                case SOFTMAX -> Math.exp(beta * SCORES[i]);
                case SOFTRANK -> Math.pow(ranks.get(IDS[i]), -beta);
            };
        }
        double s = 0;
        for (double x : w) {
            s += x;
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= s;
        }
        return w;
    }

    @Test
    void logWeights() {
        assertEquals(2 * Math.log(3), StochasticAcquisition.logWeight(Mode.POWER, 2, 3, 0), 1e-15);
        assertEquals(Double.NEGATIVE_INFINITY, StochasticAcquisition.logWeight(Mode.POWER, 1, 0, 0));
        assertEquals(1.5, StochasticAcquisition.logWeight(Mode.SOFTMAX, 0.5, 3, 0), 1e-15);
        assertEquals(-2 * Math.log(4), StochasticAcquisition.logWeight(Mode.SOFTRANK, 2, 99, 4), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> StochasticAcquisition.key(Mode.POWER, 1, -0.1, 0, 0, "neg"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StochasticAcquisition.key(Mode.SOFTMAX, 1, Double.NaN, 0, 0, "nan-item"));
        assertTrue(e.getMessage().contains("nan-item"));
        assertThrows(IllegalArgumentException.class, () -> StochasticAcquisition.checkBeta(0));
        assertEquals(Mode.SOFTRANK, Mode.fromCliName(" SoftRank "));
        // ranks: larger score first, ties by smaller id
        Map<String, Long> r = StochasticAcquisition.ranks(List.of(new TopK.Scored("z", 1), new TopK.Scored("y", 1),
                new TopK.Scored("x", 0.5), new TopK.Scored("w", 2)));
        assertEquals(Map.of("w", 1L, "y", 2L, "z", 3L, "x", 4L), r);
    }

    /** indices of the two largest keys, from the pure per-item key function */
    private static int[] firstTwo(Mode mode, double beta, long seed, long[] ranks) {
        int a = -1;
        int b = -1;
        double ka = Double.NEGATIVE_INFINITY;
        double kb = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < IDS.length; i++) {
            double k = StochasticAcquisition.key(mode, beta, SCORES[i], ranks[i], seed, IDS[i]);
            if (a < 0 || k > ka) {
                b = a;
                kb = ka;
                a = i;
                ka = k;
            } else if (b < 0 || k > kb) {
                b = i;
                kb = k;
            }
        }
        return new int[] {a, b};
    }

    private static long[] rankArray() {
        Map<String, Long> r = StochasticAcquisition.ranks(scored());
        long[] out = new long[IDS.length];
        for (int i = 0; i < IDS.length; i++) {
            out[i] = r.get(IDS[i]);
        }
        return out;
    }

    @Test
    void sampleIsTheTopKOfThePerItemKeys() {
        long[] ranks = rankArray();
        for (Mode mode : Mode.values()) {
            for (long seed = 0; seed < 30; seed++) {
                List<TopK.Scored> s = StochasticAcquisition.sample(scored(), mode, 1.5, seed, 2);
                int[] two = firstTwo(mode, 1.5, seed, ranks);
                assertEquals(IDS[two[0]], s.get(0).id());
                assertEquals(IDS[two[1]], s.get(1).id());
                assertEquals(SCORES[two[0]], s.get(0).score());
            }
        }
    }

    @Test
    void firstPickFrequenciesMatchTheWeights() {
        long[] ranks = rankArray();
        int n = 20_000;
        for (Mode mode : Mode.values()) {
            for (double beta : new double[] {1.0, 2.5}) {
                double[] w = weights(mode, beta);
                long[] counts = new long[IDS.length];
                for (long seed = 0; seed < n; seed++) {
                    counts[firstTwo(mode, beta, seed, ranks)[0]]++;
                }
                double chi = ChiSquare.statistic(counts, w, n);
                // power gives the zero score weight 0: 4 free categories
                assertTrue(chi < ChiSquare.bound(IDS.length - 1), mode + " β=" + beta + " χ²=" + chi);
                // and the test has power: the uniform law is rejected
                double[] uniform = new double[IDS.length];
                java.util.Arrays.fill(uniform, 1.0 / IDS.length);
                assertTrue(ChiSquare.statistic(counts, uniform, n) > 10 * ChiSquare.bound(IDS.length - 1));
            }
        }
    }

    @Test
    void firstTwoPicksAreSampledWithoutReplacement() {
        // P(first = i, second = j) = wᵢ/W · wⱼ/(W − wᵢ)
        int n = 30_000;
        int m = IDS.length;
        double[] w = weights(Mode.SOFTMAX, 1.0);
        double[] p = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                p[i * m + j] = i == j ? 0 : w[i] * w[j] / (1 - w[i]);
            }
        }
        long[] counts = new long[m * m];
        long[] ranks = rankArray();
        for (long seed = 0; seed < n; seed++) {
            int[] two = firstTwo(Mode.SOFTMAX, 1.0, 1000 + seed, ranks);
            counts[two[0] * m + two[1]]++;
        }
        double chi = ChiSquare.statistic(counts, p, n);
        assertTrue(chi < ChiSquare.bound(m * (m - 1) - 1), "χ²=" + chi);
    }

    @Test
    void powerNeverPicksZeroScoresWhileAPositiveOneRemains() {
        List<TopK.Scored> s = List.of(new TopK.Scored("z2", 0), new TopK.Scored("p1", 0.2), new TopK.Scored("z1", 0),
                new TopK.Scored("p2", 3), new TopK.Scored("z3", 0));
        for (long seed = 0; seed < 50; seed++) {
            List<TopK.Scored> out = StochasticAcquisition.sample(s, Mode.POWER, 1, seed, 4);
            assertEquals(List.of("p1", "p2"), out.subList(0, 2).stream().map(TopK.Scored::id).sorted().toList());
            // the rest filled with zero-score items by the tie rule: smaller id first
            assertEquals(List.of("z1", "z2"), out.subList(2, 4).stream().map(TopK.Scored::id).toList());
            assertEquals(0.0, out.get(3).score());
        }
    }

    @Test
    void perItemKeysGiveTheSameSampleWithAnyBlockSplit() {
        for (long seed = 0; seed < 20; seed++) {
            RandomProblems pr = RandomProblems.classification(seed, "s", 60, 2, 4);
            ItemScore base = PredictionScores.entropy();
            List<TopK.Scored> all = TopK.ofBlock(pr.block(FactorSpec.fisher()), base, pr.n);
            for (Mode mode : new Mode[] {Mode.POWER, Mode.SOFTMAX}) {
                ItemScore key = StochasticAcquisition.perturbed(base, mode, 1.0, seed);
                List<String> expected = StochasticAcquisition.sample(all, mode, 1.0, seed, 7).stream()
                        .map(TopK.Scored::id).toList();
                for (int parts : new int[] {1, 3, 8}) {
                    List<List<TopK.Scored>> per = new ArrayList<>();
                    for (CandidateBlock b : pr.blocks(FactorSpec.fisher(), parts)) {
                        per.add(TopK.ofBlock(b, key, 7));
                    }
                    assertEquals(expected, TopK.merge(per, 7).stream().map(TopK.Scored::id).toList(),
                            mode + " parts=" + parts);
                }
            }
        }
    }
}
