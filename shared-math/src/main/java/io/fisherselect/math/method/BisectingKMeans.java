package io.fisherselect.math.method;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Bisecting k-means in memory (Steinbach, Karypis &amp; Kumar 2000), the fine step of
 * {@link TwoLevelClustering} for groups too large for {@link AverageLinkage}: start from one
 * cluster and split the largest divisible cluster in two with 2-means until {@code clusters}
 * exist or no cluster can be split (all its points equal). A split seeds its two centers the
 * k-means++ way (one point uniformly, the other with probability ∝ squared distance to it) from
 * the seeded generator, then runs at most {@link #ITERATIONS} Lloyd iterations, ties to the first
 * center. Cost O(n·d·{@link #ITERATIONS}) per level of the hierarchy, O(n·d·log K) in all for
 * balanced splits, against O(n·K·d) per iteration of flat k-means.
 */
public final class BisectingKMeans {
    /** Lloyd iterations of one split (MLlib's default for its bisecting k-means) */
    public static final int ITERATIONS = 20;

    private BisectingKMeans() {
    }

    /**
     * Cluster labels of n points (rows of x, n×d row-major), numbered 0, 1, … in the order of each
     * cluster's first point; deterministic for a seed and the row order.
     *
     * @param clusters the most clusters (≥ 1); fewer when a cluster of equal points would need a split
     */
    public static int[] cluster(double[] x, int n, int d, int clusters, long seed) {
        if (clusters < 1) {
            throw new IllegalArgumentException("the number of clusters must be ≥ 1, got " + clusters);
        }
        if (x.length != (long) n * d) {
            throw new IllegalArgumentException("x has " + x.length + " values, expected " + (long) n * d);
        }
        SplittableRandom random = new SplittableRandom(seed);
        // the largest cluster first; ties: the one created first
        PriorityQueue<int[]> divisible = new PriorityQueue<>(
                Comparator.comparingInt((int[] c) -> -c[0]).thenComparingInt(c -> c[1]));
        List<int[]> members = new ArrayList<>();
        members.add(range(n));
        divisible.add(new int[] {n, 0});
        int count = 1;
        while (count < clusters && !divisible.isEmpty()) {
            int c = divisible.poll()[1];
            int[][] halves = split(x, d, members.get(c), random);
            if (halves == null) {
                continue;
            }
            members.set(c, halves[0]);
            members.add(halves[1]);
            count++;
            for (int h : new int[] {c, members.size() - 1}) {
                if (members.get(h).length > 1) {
                    divisible.add(new int[] {members.get(h).length, h});
                }
            }
        }
        return labelsByFirstPoint(members, n);
    }

    private static int[] range(int n) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return all;
    }

    /** Labels numbered by each cluster's smallest point index. */
    private static int[] labelsByFirstPoint(List<int[]> members, int n) {
        int[] label = new int[n];
        Integer[] order = new Integer[members.size()];
        int[] first = new int[members.size()];
        for (int c = 0; c < order.length; c++) {
            order[c] = c;
            first[c] = members.get(c).length == 0 ? Integer.MAX_VALUE : Arrays.stream(members.get(c)).min().getAsInt();
        }
        Arrays.sort(order, Comparator.comparingInt(c -> first[c]));
        for (int l = 0; l < order.length; l++) {
            for (int i : members.get(order[l])) {
                label[i] = l;
            }
        }
        return label;
    }

    /** The two halves of a cluster (point indices in increasing order), or null if its points are all equal. */
    static int[][] split(double[] x, int d, int[] points, SplittableRandom random) {
        int m = points.length;
        if (m < 2) {
            return null;
        }
        double[][] center = new double[2][d];
        int p0 = points[random.nextInt(m)];
        System.arraycopy(x, p0 * d, center[0], 0, d);
        double[] weight = new double[m];
        double total = 0;
        for (int j = 0; j < m; j++) {
            weight[j] = squaredDistance(x, points[j] * d, center[0], d);
            total += weight[j];
        }
        if (total == 0) {
            return null;
        }
        double u = random.nextDouble() * total;
        int p1 = -1;
        double cumulative = 0;
        for (int j = 0; j < m && p1 < 0; j++) {
            cumulative += weight[j];
            if (weight[j] > 0 && (cumulative > u || j == m - 1)) {
                p1 = points[j];
            }
        }
        if (p1 < 0) {
            // rounding left u beyond the sum: the last point of positive weight
            for (int j = m - 1; p1 < 0; j--) {
                p1 = weight[j] > 0 ? points[j] : -1;
            }
        }
        System.arraycopy(x, p1 * d, center[1], 0, d);
        boolean[] side = new boolean[m];
        for (int it = 0; it < ITERATIONS; it++) {
            boolean changed = false;
            int ones = 0;
            boolean[] next = new boolean[m];
            for (int j = 0; j < m; j++) {
                next[j] = squaredDistance(x, points[j] * d, center[1], d)
                        < squaredDistance(x, points[j] * d, center[0], d);
                ones += next[j] ? 1 : 0;
                changed |= it == 0 || next[j] != side[j];
            }
            if (ones == 0 || ones == m) {
                // a side emptied: keep the previous assignment (the first never empties one, the
                // two seeds are distinct points each nearest to itself)
                break;
            }
            side = next;
            if (!changed) {
                break;
            }
            for (int h = 0; h < 2; h++) {
                Arrays.fill(center[h], 0);
            }
            int[] size = new int[2];
            for (int j = 0; j < m; j++) {
                int h = side[j] ? 1 : 0;
                size[h]++;
                for (int t = 0; t < d; t++) {
                    center[h][t] += x[points[j] * d + t];
                }
            }
            for (int h = 0; h < 2; h++) {
                for (int t = 0; t < d; t++) {
                    center[h][t] /= size[h];
                }
            }
        }
        int ones = 0;
        for (boolean b : side) {
            ones += b ? 1 : 0;
        }
        int[][] halves = {new int[m - ones], new int[ones]};
        int[] fill = new int[2];
        for (int j = 0; j < m; j++) {
            int h = side[j] ? 1 : 0;
            halves[h][fill[h]++] = points[j];
        }
        return halves;
    }

    private static double squaredDistance(double[] x, int offset, double[] c, int d) {
        double s = 0;
        for (int t = 0; t < d; t++) {
            double v = x[offset + t] - c[t];
            s += v * v;
        }
        return s;
    }
}
