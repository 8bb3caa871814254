package io.fisherselect.math.select;

import io.fisherselect.math.fisher.FisherFactor;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;

/**
 * Per-class caps on a batch: at most {@code max[c]} items whose predicted class argmax πᵢ is c.
 * The sets {B : |B ∩ class c| ≤ max[c] for every c} are the independent sets of a partition
 * matroid; the greedy under it picks, at every step, the best candidate whose class is not full
 * (docs/math.md "Class-balanced batches" says what that does to the greedy's guarantee). Top-k
 * and sampled methods take the best keys under the same caps ({@link TopK}).
 *
 * <p>Only for single-label classification: a multi-label item has several predicted labels, so
 * the classes do not partition the pool.
 */
public final class ClassQuota implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How the caps are derived from k. */
    public enum Balance {
        /** ⌈k / C⌉ per class */
        UNIFORM,
        /** ⌈k · n_c / N⌉ per class, n_c the pool's items predicted as c */
        PROPORTIONAL;

        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Balance fromCliName(String name) {
            for (Balance b : values()) {
                if (b.cliName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                    return b;
                }
            }
            throw new IllegalArgumentException("unknown balance '" + name + "'; valid: uniform, proportional");
        }
    }

    private final int[] max;

    private ClassQuota(int[] max) {
        this.max = max;
    }

    /**
     * The caps of {@code --max-per-class} and {@code --balance} (the smaller cap of the two when
     * both are given), or null when neither is.
     *
     * @param maxPerClass     cap m for every class, or 0 for none
     * @param balance         caps derived from k, or null for none
     * @param predictedCounts the pool's items per predicted class (read for proportional only)
     */
    public static ClassQuota of(int maxPerClass, Balance balance, int k, long[] predictedCounts) {
        if (maxPerClass < 0) {
            throw new IllegalArgumentException("max per class must be ≥ 1 (0 = no cap), got " + maxPerClass);
        }
        if (maxPerClass == 0 && balance == null) {
            return null;
        }
        int c = predictedCounts.length;
        int[] max = new int[c];
        Arrays.fill(max, maxPerClass == 0 ? Integer.MAX_VALUE : maxPerClass);
        if (balance == Balance.UNIFORM) {
            int each = (k + c - 1) / c;
            for (int i = 0; i < c; i++) {
                max[i] = Math.min(max[i], each);
            }
        } else if (balance == Balance.PROPORTIONAL) {
            long n = Arrays.stream(predictedCounts).sum();
            for (int i = 0; i < c; i++) {
                // ⌈k n_c / N⌉ in exact integer arithmetic; the caps sum to at least k
                long cap = n == 0 ? 0 : (k * predictedCounts[i] + n - 1) / n;
                max[i] = (int) Math.min(max[i], cap);
            }
        }
        return new ClassQuota(max);
    }

    /** The caps as given (tests, and BAIT's forward picks). */
    public static ClassQuota caps(int[] max) {
        return new ClassQuota(max.clone());
    }

    public int classes() {
        return max.length;
    }

    public int max(int cls) {
        return max[cls];
    }

    /** The caps times {@code factor}: BAIT's 2k forward picks get twice the caps of its k. */
    public ClassQuota times(int factor) {
        int[] out = new int[max.length];
        for (int i = 0; i < max.length; i++) {
            out[i] = (int) Math.min(Integer.MAX_VALUE, (long) max[i] * factor);
        }
        return new ClassQuota(out);
    }

    /**
     * Refuses caps that cannot hold a batch of k (Σ_c min(max[c], n_c) &lt; k): the run would
     * otherwise return fewer items than asked for.
     */
    public void checkFeasible(int k, long[] predictedCounts) {
        long room = 0;
        for (int i = 0; i < max.length; i++) {
            room += Math.min(max[i], predictedCounts[i]);
        }
        if (room < k) {
            throw new IllegalArgumentException("the class quotas " + this + " hold only " + room
                    + " items of this pool (per predicted class " + Arrays.toString(predictedCounts)
                    + "), fewer than k = " + k + "; raise --max-per-class or lower --k");
        }
    }

    /** The predicted class argmax πᵢ of a row (ties to the lower class index). */
    public int classOf(CandidateBlock b, int row) {
        return predictedClass(b, row);
    }

    static int predictedClass(CandidateBlock b, int row) {
        if (b.probs == null) {
            throw new IllegalArgumentException("class quotas need class probabilities (a classification set)");
        }
        return FisherFactor.argmax(Arrays.copyOfRange(b.probs, row * b.c, row * b.c + b.c));
    }

    /**
     * The block's items per predicted class, counting only the ids in {@code only} (null: all).
     * For multi-label sets ({@code multiLabel}), per label the items with p_c &gt; ½: what a batch
     * holds of each label as the model sees it.
     */
    public static long[] predictedCounts(CandidateBlock b, java.util.Set<String> only, boolean multiLabel) {
        long[] out = new long[b.c];
        if (b.probs == null) {
            return out;
        }
        for (int i = 0; i < b.n; i++) {
            if (only != null && !only.contains(b.ids[i])) {
                continue;
            }
            if (multiLabel) {
                for (int j = 0; j < b.c; j++) {
                    if (b.probs[i * b.c + j] > 0.5) {
                        out[j]++;
                    }
                }
            } else {
                out[predictedClass(b, i)]++;
            }
        }
        return out;
    }

    /** Element-wise sum (a reduction of {@link #predictedCounts} over blocks). */
    public static long[] add(long[] a, long[] b) {
        long[] out = a.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += b[i];
        }
        return out;
    }

    /** The picks' counts per class so far. */
    public Tally tally() {
        return new Tally();
    }

    /** How many picks each class holds; which classes are full. */
    public final class Tally {
        private final int[] count = new int[max.length];

        public void add(int cls) {
            count[cls]++;
        }

        public boolean allows(int cls) {
            return count[cls] < max[cls];
        }

        /** full[c] iff class c holds its cap */
        public boolean[] full() {
            boolean[] out = new boolean[max.length];
            for (int i = 0; i < max.length; i++) {
                out[i] = count[i] >= max[i];
            }
            return out;
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < max.length; i++) {
            s.append(i == 0 ? "" : ", ").append(max[i] == Integer.MAX_VALUE ? "∞" : String.valueOf(max[i]));
        }
        return s.append(']').toString();
    }
}
