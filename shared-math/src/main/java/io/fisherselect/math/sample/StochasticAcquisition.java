package io.fisherselect.math.sample;

import io.fisherselect.math.score.ItemScore;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.Pick;
import io.fisherselect.math.select.TopK;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Stochastic batch acquisition (Kirsch, Farquhar, Atighehchian, Jesson, Branchaud-Charron &amp;
 * Gal, "Stochastic Batch Acquisition: A Simple Baseline for Deep Active Learning", TMLR 2023):
 * instead of the top-k of a score s, draw k items without replacement with probability
 * <ul>
 *   <li>{@code power}: p ∝ s^β (needs s ≥ 0),</li>
 *   <li>{@code softmax}: p ∝ exp(β s),</li>
 *   <li>{@code softrank}: p ∝ rank^(−β), rank 1 = the highest score (ties: smaller id first,
 *       the order of {@link Pick#better}, so ranks are 1..n without gaps).</li>
 * </ul>
 * Sampling without replacement is Gumbel-top-k (Kool, van Hoof &amp; Welling 2019): every item
 * gets the key log wᵢ + Gᵢ with Gᵢ = −log(−log u(seed, {@link ItemUniform#STREAM_STOCHASTIC}, id))
 * and the k largest keys are the sample; the first is drawn ∝ wᵢ, the next ∝ wᵢ among the rest,
 * and so on. Keys are pure per-item functions, so the Spark side applies {@link #key} per row and
 * reuses the ordinary top-k (softrank needs the item's global rank first).
 *
 * <p>{@code power} at s = 0: the weight is 0, log w = −∞, the key is −∞. Such items are never
 * picked while an item with s &gt; 0 remains; when fewer than k items have s &gt; 0 the rest of
 * the batch is filled with s = 0 items by the top-k tie rule (smaller id first). s &lt; 0 (or NaN
 * for any mode) is an error.
 */
public final class StochasticAcquisition {
    private StochasticAcquisition() {
    }

    /** the default inverse temperature β */
    public static final double DEFAULT_BETA = 1.0;

    public enum Mode {
        POWER("power"), SOFTMAX("softmax"), SOFTRANK("softrank");

        private final String cliName;

        Mode(String cliName) {
            this.cliName = cliName;
        }

        public String cliName() {
            return cliName;
        }

        /** whether {@link #key} needs the item's rank */
        public boolean needsRank() {
            return this == SOFTRANK;
        }

        public static Mode fromCliName(String name) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            for (Mode m : values()) {
                if (m.cliName.equals(n)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown sampling mode '" + name + "'; valid: power, softmax, softrank");
        }
    }

    /** β must be a positive finite number. */
    public static double checkBeta(double beta) {
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be a positive finite number, got " + beta);
        }
        return beta;
    }

    /**
     * log wᵢ: β log s (power), β s (softmax) or −β log rank (softrank).
     *
     * @param rank the item's 1-based rank by score (only read for softrank)
     */
    public static double logWeight(Mode mode, double beta, double score, long rank) {
        checkBeta(beta);
        if (Double.isNaN(score)) {
            throw new ArithmeticException("score is NaN");
        }
        return switch (mode) {
            case POWER -> {
                if (score < 0) {
                    throw new IllegalArgumentException("power sampling needs scores ≥ 0, got " + score);
                }
                yield score == 0 ? Double.NEGATIVE_INFINITY : beta * Math.log(score);
            }
            case SOFTMAX -> beta * score;
            case SOFTRANK -> {
                if (rank < 1) {
                    throw new IllegalArgumentException("rank must be ≥ 1, got " + rank);
                }
                yield -beta * Math.log(rank);
            }
        };
    }

    /**
     * The Gumbel-perturbed key log wᵢ + Gᵢ of one item; the k largest keys (ties: smaller id)
     * are the sampled batch.
     */
    public static double key(Mode mode, double beta, double score, long rank, long seed, String id) {
        double lw;
        try {
            lw = logWeight(mode, beta, score, rank);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException("item '" + id + "': " + e.getMessage(), e);
        }
        if (lw == Double.NEGATIVE_INFINITY) {
            return lw;
        }
        return lw + ItemUniform.gumbel(ItemUniform.uniform(seed, ItemUniform.STREAM_STOCHASTIC, id));
    }

    /**
     * The key of {@code power} or {@code softmax} as an {@link ItemScore} (no rank needed), so that
     * {@link TopK} over it draws the sample.
     */
    public static ItemScore perturbed(ItemScore base, Mode mode, double beta, long seed) {
        if (mode.needsRank()) {
            throw new IllegalArgumentException("softrank needs global ranks; use sample() or key() with the rank");
        }
        checkBeta(beta);
        return new ItemScore() {
            private static final long serialVersionUID = 1L;

            @Override
            public double score(CandidateBlock block, int row, double[] scratch) {
                return key(mode, beta, base.score(block, row, scratch), 0, seed, block.ids[row]);
            }

            @Override
            public int scratchSize() {
                return base.scratchSize();
            }
        };
    }

    /**
     * Ranks 1..n of the scored items: larger score first, ties by the smaller id
     * ({@link Pick#better}).
     */
    public static Map<String, Long> ranks(List<TopK.Scored> scored) {
        List<TopK.Scored> sorted = new ArrayList<>(scored);
        sorted.sort((a, b) -> a.id().equals(b.id()) ? 0
                : Pick.better(a.score(), a.id(), b.score(), b.id()) ? -1 : 1);
        Map<String, Long> out = new HashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            out.put(sorted.get(i).id(), (long) i + 1);
        }
        return out;
    }

    /**
     * The in-memory sample of k items (any mode), in key order; each entry carries the item's
     * base score s (not the key).
     */
    public static List<TopK.Scored> sample(List<TopK.Scored> scored, Mode mode, double beta, long seed, int k) {
        return sample(scored, mode, beta, seed, k, null);
    }

    /**
     * The sample under class caps (the items carry their class): the k largest keys whose class
     * is not full, i.e. the draw without replacement restricted to the partition matroid.
     */
    public static List<TopK.Scored> sample(List<TopK.Scored> scored, Mode mode, double beta, long seed, int k,
                                           io.fisherselect.math.select.ClassQuota quota) {
        checkBeta(beta);
        Map<String, Long> ranks = mode.needsRank() ? ranks(scored) : null;
        List<TopK.Scored> keys = new ArrayList<>(scored.size());
        Map<String, Double> base = new HashMap<>();
        for (TopK.Scored s : scored) {
            long rank = ranks == null ? 0 : ranks.get(s.id());
            keys.add(new TopK.Scored(s.id(), key(mode, beta, s.score(), rank, seed, s.id()), s.cls()));
            base.put(s.id(), s.score());
        }
        List<TopK.Scored> top = TopK.merge(List.of(keys), k, quota);
        List<TopK.Scored> out = new ArrayList<>(top.size());
        for (TopK.Scored t : top) {
            out.add(new TopK.Scored(t.id(), base.get(t.id()), t.cls()));
        }
        return out;
    }
}
