package io.fisherselect.math.method;

import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.Pick;

import io.fisherselect.math.fisher.GradientDistance;
import io.fisherselect.math.sample.ItemUniform;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * k-means‖ seeding for BADGE (Bahmani et al. 2012, "Scalable K-Means++"), on the same gradient
 * embeddings gᵢ = qᵢ ⊗ φᵢ and distances ({@link GradientDistance}) as the exact k-means++ of
 * {@link BadgeObjective}:
 * <ol>
 *   <li>the first center is the item with the largest ‖gᵢ‖² (ties: smaller id), as in the exact
 *       seeding;</li>
 *   <li>a few rounds: with ψ = Σᵢ D²ᵢ, every item joins the candidates independently with
 *       probability min(1, ℓ·D²ᵢ/ψ) ({@link #sampled}: u(seed, stream + round, id) &lt; p, so the
 *       draw depends only on the seed, the round, the id and D²ᵢ), and D² is updated with the new
 *       candidates ({@link #update});</li>
 *   <li>each candidate is weighted by the number of items whose nearest candidate it is, and the
 *       driver runs weighted k-means++ over the candidates ({@link #weightedSeeding}).</li>
 * </ol>
 * Expected candidates: 1 + ℓ per round; passes over the data: two per round instead of one per
 * center. The Spark stage only moves the data and calls these functions.
 */
public final class KMeansParallel {
    /** base stream of the oversampling rounds */
    public static final long STREAM_ROUNDS = 0x4B4D50524F554E44L;
    /** base stream of the driver's weighted seeding */
    public static final long STREAM_SEEDING = 0x4B4D505345454400L;

    private KMeansParallel() {
    }

    /** A candidate center: its id and gradient embedding q ⊗ φ with ‖g‖². */
    public record Center(String id, double[] q, double[] phi, double norm) implements Serializable {
        public static Center of(CandidateBlock b, int row) {
            double[] q = b.factorOf(row);
            double[] phi = b.phiOf(row);
            return new Center(b.ids[row], q, phi, GradientDistance.squaredNorm(q, 0, q.length, phi, 0, phi.length));
        }
    }

    /** ‖gᵢ‖² of a row (its D² before any center). */
    public static double squaredNorm(CandidateBlock b, int row) {
        return GradientDistance.squaredNorm(b.factor, b.factorOffset(row), b.c, b.phi, b.phiOffset(row), b.d);
    }

    /**
     * Updates D²ᵢ and the nearest candidate of every row with new centers; {@code firstIndex} is
     * the global index of {@code centers.get(0)}. Before any center pass d2 = +∞ and nearest = −1.
     * Ties keep the earlier center.
     */
    public static void update(CandidateBlock b, double[] norms, double[] d2, int[] nearest, List<Center> centers,
                              int firstIndex) {
        for (int i = 0; i < b.n; i++) {
            for (int j = 0; j < centers.size(); j++) {
                Center ct = centers.get(j);
                double dist = GradientDistance.squaredDistance(b.factor, b.factorOffset(i), b.phi, b.phiOffset(i),
                        norms[i], ct.q(), 0, ct.phi(), 0, ct.norm(), b.c, b.d);
                if (dist < d2[i]) {
                    d2[i] = dist;
                    nearest[i] = firstIndex + j;
                }
            }
        }
    }

    /** Whether an item joins the candidates in a round: u(seed, round, id) &lt; min(1, ℓ·D²/ψ). */
    public static boolean sampled(long seed, int round, String id, double d2, double ell, double psi) {
        if (!(d2 > 0) || !(psi > 0)) {
            return false;
        }
        double p = Math.min(1.0, ell * d2 / psi);
        return ItemUniform.uniform(seed, STREAM_ROUNDS + round, id) < p;
    }

    /** A chosen center: index into the candidates and D² (weighted run) at the time it was chosen. */
    public record Chosen(int index, double d2) {
    }

    /**
     * Weighted k-means++ over the candidates on the driver: candidate 0 first (the largest-norm
     * item), then each next center drawn ∝ wⱼ·D²ⱼ with the Efraimidis–Spirakis key
     * log(wⱼD²ⱼ) + Gumbel(u(seed, STREAM_SEEDING + t, idⱼ)), as {@link BadgeObjective} does;
     * zero weight or D² gives −∞, and if every remaining key is −∞ the smallest id is chosen.
     *
     * @param weights items whose nearest candidate is j (≥ 0)
     */
    public static List<Chosen> weightedSeeding(List<Center> candidates, long[] weights, int k, long seed) {
        int n = candidates.size();
        if (k > n) {
            throw new IllegalArgumentException("k-means‖ has " + n + " candidates, fewer than k = " + k);
        }
        double[] d2 = new double[n];
        boolean[] chosen = new boolean[n];
        List<Chosen> out = new ArrayList<>(k);
        Center first = candidates.get(0);
        out.add(new Chosen(0, first.norm()));
        chosen[0] = true;
        for (int j = 0; j < n; j++) {
            d2[j] = distance(candidates.get(j), first);
        }
        for (int t = 1; t < k; t++) {
            int best = -1;
            double bestKey = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (chosen[j]) {
                    continue;
                }
                double w = weights[j] * d2[j];
                double key = w > 0 ? Math.log(w) + ItemUniform.gumbel(
                        ItemUniform.uniform(seed, STREAM_SEEDING + t, candidates.get(j).id()))
                        : Double.NEGATIVE_INFINITY;
                if (best < 0 || Pick.better(key, candidates.get(j).id(), bestKey, candidates.get(best).id())) {
                    best = j;
                    bestKey = key;
                }
            }
            chosen[best] = true;
            out.add(new Chosen(best, d2[best]));
            Center c = candidates.get(best);
            for (int j = 0; j < n; j++) {
                if (!chosen[j]) {
                    d2[j] = Math.min(d2[j], distance(candidates.get(j), c));
                }
            }
        }
        return out;
    }

    private static double distance(Center a, Center b) {
        return GradientDistance.squaredDistance(a.q(), 0, a.phi(), 0, a.norm(), b.q(), 0, b.phi(), 0, b.norm(),
                a.q().length, a.phi().length);
    }
}
