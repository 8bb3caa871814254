package io.fisherselect.math.method;

import io.fisherselect.math.sample.ItemUniform;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The fine step of Cluster-Margin's clustering at large K (Citovsky et al., NeurIPS 2021, "Batch
 * Active Learning at Scale", run the clustering once on the pool): a coarse clustering into
 * K₁ ≤ K groups is given (on Spark, MLlib's bisecting k-means), and every group g of n_g points is
 * split on its own into K_g clusters, K_g ∝ n_g with Σ K_g = K ({@link #apportion}), by the
 * published average-linkage HAC ({@link AverageLinkage}) when n_g ≤ {@link #HAC_POINTS}, else by
 * {@link BisectingKMeans}. A final label is the group's offset (Σ of the K_h of the groups before
 * it) plus the fine label, unique across groups. Every fine cluster lies inside one coarse group:
 * the scheme approximates HAC on the whole pool by HAC within the coarse cells.
 */
public final class TwoLevelClustering {
    /**
     * the largest group clustered with average linkage: n(n−1)/2 distances ≈ 100 MB per task (two
     * tasks at once per two cores), below {@link AverageLinkage#MAX_POINTS}'s ≈ 800 MB
     */
    public static final int HAC_POINTS = 5_000;

    private TwoLevelClustering() {
    }

    /**
     * K_g for groups of the given sizes (all ≥ 1): the quotas q_g = K·n_g/N rounded down but at
     * least 1, then corrected to sum to K by largest remainder (one more for the largest fractional
     * parts q_g − ⌊q_g⌋, ties to the earlier group, groups raised to 1 last; one less, when the floors of 1 overshoot, for the
     * groups above 1 with the smallest fractional parts, ties to the later group). Never more than
     * n_g. Needs groups ≤ K ≤ N.
     */
    public static int[] apportion(long[] sizes, int clusters) {
        int g = sizes.length;
        long n = 0;
        for (long s : sizes) {
            if (s < 1) {
                throw new IllegalArgumentException("a group has " + s + " points; every group needs ≥ 1");
            }
            n += s;
        }
        if (clusters < g || clusters > n) {
            throw new IllegalArgumentException(clusters + " clusters cannot be spread over " + g + " groups of "
                    + n + " points (needs groups ≤ clusters ≤ points)");
        }
        int[] out = new int[g];
        long[] remainder = new long[g];
        long total = 0;
        for (int i = 0; i < g; i++) {
            long q = clusters * sizes[i];
            out[i] = (int) Math.max(1, q / n);
            // a group raised to 1 is rounded up already: the last to get more
            remainder[i] = q < n ? -1 : q % n;
            total += out[i];
        }
        Integer[] order = new Integer[g];
        for (int i = 0; i < g; i++) {
            order[i] = i;
        }
        // largest remainder first, ties to the earlier group
        Arrays.sort(order, Comparator.comparingLong((Integer i) -> -remainder[i]).thenComparingInt(i -> i));
        for (int j = 0; total < clusters; j = (j + 1) % g) {
            int i = order[j];
            if (out[i] < sizes[i]) {
                out[i]++;
                total++;
            }
        }
        for (int j = g - 1; total > clusters; j = (j + g - 1) % g) {
            int i = order[j];
            if (out[i] > 1) {
                out[i]--;
                total--;
            }
        }
        return out;
    }

    /** Each group's first final label: the prefix sums of K_g. */
    public static int[] offsets(int[] perGroup) {
        int[] out = new int[perGroup.length];
        for (int i = 1; i < out.length; i++) {
            out[i] = out[i - 1] + perGroup[i - 1];
        }
        return out;
    }

    /** The seed of group g's bisecting k-means, from the run's seed. */
    public static long groupSeed(long seed, int group) {
        return ItemUniform.mix64(seed ^ ItemUniform.mix64(group + 0x9E3779B97F4A7C15L));
    }

    /**
     * The fine labels (0 … clusters − 1, numbered by first id) of one group's points, clustered in
     * id order so that they do not depend on the row order: average linkage up to
     * {@link #HAC_POINTS} points, else bisecting k-means with the seed.
     *
     * @param x the points' embeddings, n×d row-major, row i of {@code ids[i]}
     * @return the label of each row, in the given row order
     */
    public static int[] group(String[] ids, double[] x, int d, int clusters, long seed) {
        int n = ids.length;
        int[] order = idOrder(ids);
        double[] sorted = rows(x, d, order);
        int[] label = n <= HAC_POINTS
                ? AverageLinkage.cluster(sorted, n, d, clusters, Double.POSITIVE_INFINITY)
                : BisectingKMeans.cluster(sorted, n, d, clusters, seed);
        int[] out = new int[n];
        for (int j = 0; j < n; j++) {
            out[order[j]] = label[j];
        }
        return out;
    }

    /** The row indices sorted by id. */
    static int[] idOrder(String[] ids) {
        Integer[] order = new Integer[ids.length];
        for (int i = 0; i < ids.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparing(i -> ids[i]));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    /** The rows of x (n×d row-major) in the given order. */
    static double[] rows(double[] x, int d, int[] order) {
        double[] out = new double[order.length * d];
        for (int j = 0; j < order.length; j++) {
            System.arraycopy(x, order[j] * d, out, j * d, d);
        }
        return out;
    }
}
