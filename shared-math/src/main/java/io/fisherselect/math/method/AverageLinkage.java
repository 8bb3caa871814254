package io.fisherselect.math.method;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Hierarchical agglomerative clustering with average linkage (UPGMA) on Euclidean distances, the
 * clustering Cluster-Margin runs once on the pool (Citovsky et al., NeurIPS 2021, "Batch Active
 * Learning at Scale"). The distance of two clusters is the mean distance of their cross pairs;
 * the two closest clusters merge until {@code clusters} remain or the closest pair is farther
 * apart than {@code maxDistance} (the paper's ε).
 *
 * <p>The dendrogram is built with the nearest-neighbour chain (Murtagh 1983; valid because average
 * linkage is reducible) and Lance–Williams updates d(a∪b, c) = (|a|·d(a,c) + |b|·d(b,c)) / (|a|+|b|),
 * then cut by applying the merges in order of distance: O(n²) time and n(n−1)/2 doubles of
 * memory, so it is for pools of up to a few tens of thousands of points.
 */
public final class AverageLinkage {
    /** the most points the O(n²) memory allows (n(n−1)/2 doubles ≈ 800 MB at this n) */
    public static final int MAX_POINTS = 14_000;

    private AverageLinkage() {
    }

    /** One merge of the dendrogram: the clusters holding points a and b join at this distance. */
    record Merge(int a, int b, double distance) {
    }

    /**
     * Cluster labels of n points (rows of x, n×d row-major), numbered 0, 1, … in the order of each
     * cluster's first point.
     *
     * @param clusters    stop when this many clusters remain (≥ 1)
     * @param maxDistance stop before a merge of clusters farther apart than this (+∞: no limit)
     */
    public static int[] cluster(double[] x, int n, int d, int clusters, double maxDistance) {
        if (clusters < 1) {
            throw new IllegalArgumentException("the number of clusters must be ≥ 1, got " + clusters);
        }
        if (n > MAX_POINTS) {
            throw new IllegalArgumentException("average-linkage clustering holds n(n−1)/2 distances; " + n
                    + " points is more than its limit of " + MAX_POINTS);
        }
        if (x.length != (long) n * d) {
            throw new IllegalArgumentException("x has " + x.length + " values, expected " + (long) n * d);
        }
        List<Merge> merges = dendrogram(x, n, d);
        merges.sort((p, q) -> Double.compare(p.distance(), q.distance()));
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        int count = n;
        for (Merge m : merges) {
            if (count <= clusters || m.distance() > maxDistance) {
                break;
            }
            int ra = root(parent, m.a());
            int rb = root(parent, m.b());
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
            count--;
        }
        int[] label = new int[n];
        int[] byRoot = new int[n];
        Arrays.fill(byRoot, -1);
        int next = 0;
        for (int i = 0; i < n; i++) {
            int r = root(parent, i);
            if (byRoot[r] < 0) {
                byRoot[r] = next++;
            }
            label[i] = byRoot[r];
        }
        return label;
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    /** index of pair (i, j), i &lt; j, in the condensed upper triangle */
    private static long pair(int i, int j, int n) {
        return (long) i * n - (long) i * (i + 1) / 2 + (j - i - 1);
    }

    /** The n − 1 merges, by the nearest-neighbour chain; ties go to the chain's previous element, then the smaller index. */
    static List<Merge> dendrogram(double[] x, int n, int d) {
        double[] dist = new double[(int) ((long) n * (n - 1) / 2)];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0;
                for (int t = 0; t < d; t++) {
                    double v = x[i * d + t] - x[j * d + t];
                    s += v * v;
                }
                dist[(int) pair(i, j, n)] = Math.sqrt(s);
            }
        }
        boolean[] active = new boolean[n];
        Arrays.fill(active, true);
        int[] size = new int[n];
        Arrays.fill(size, 1);
        int[] chain = new int[n];
        int top = 0;
        List<Merge> merges = new ArrayList<>(Math.max(0, n - 1));
        int remaining = n;
        int lowest = 0;
        while (remaining > 1) {
            if (top == 0) {
                while (!active[lowest]) {
                    lowest++;
                }
                chain[top++] = lowest;
            }
            int a = chain[top - 1];
            int prev = top >= 2 ? chain[top - 2] : -1;
            int b = -1;
            double best = Double.POSITIVE_INFINITY;
            if (prev >= 0) {
                b = prev;
                best = dist[(int) (a < prev ? pair(a, prev, n) : pair(prev, a, n))];
            }
            for (int c = 0; c < n; c++) {
                if (!active[c] || c == a) {
                    continue;
                }
                double v = dist[(int) (a < c ? pair(a, c, n) : pair(c, a, n))];
                if (v < best || (b < 0 && v == best)) {
                    best = v;
                    b = c;
                }
            }
            if (b == prev) {
                top -= 2;
                merges.add(new Merge(a, b, best));
                // the merged cluster lives in slot b (it holds point b); slot a is retired
                int sa = size[a];
                int sb = size[b];
                for (int c = 0; c < n; c++) {
                    if (!active[c] || c == a || c == b) {
                        continue;
                    }
                    long ac = a < c ? pair(a, c, n) : pair(c, a, n);
                    long bc = b < c ? pair(b, c, n) : pair(c, b, n);
                    dist[(int) bc] = (sa * dist[(int) ac] + sb * dist[(int) bc]) / (sa + sb);
                }
                active[a] = false;
                size[b] = sa + sb;
                remaining--;
            } else {
                chain[top++] = b;
            }
        }
        return merges;
    }
}
