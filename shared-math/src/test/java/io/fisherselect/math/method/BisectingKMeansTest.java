package io.fisherselect.math.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * In-memory bisecting k-means: on well-separated blobs it finds the blobs; every split is a fixed
 * point of Lloyd's iteration checked against the dense definition (each point nearer its own
 * half's mean); it makes exactly K clusters of distinct points, fewer only when points are equal;
 * labels numbered by first point and the same for a seed.
 */
class BisectingKMeansTest {

    @Test
    void findsWellSeparatedBlobs() {
        for (int seed = 0; seed < 30; seed++) {
            Random rnd = new Random(seed);
            int blobs = 2 + rnd.nextInt(9);
            int per = 3 + rnd.nextInt(6);
            int d = 1 + rnd.nextInt(4);
            int n = blobs * per;
            double[][] centers = new double[blobs][d];
            for (double[] c : centers) {
                for (int t = 0; t < d; t++) {
                    c[t] = 1000 * rnd.nextGaussian();
                }
            }
            double[] x = new double[n * d];
            int[] blobOf = new int[n];
            for (int i = 0; i < n; i++) {
                // equal blobs: a cluster of several blobs is always larger than one blob, so it is split first
                blobOf[i] = i % blobs;
                for (int t = 0; t < d; t++) {
                    x[i * d + t] = centers[blobOf[i]][t] + 1e-3 * rnd.nextGaussian();
                }
            }
            int[] label = BisectingKMeans.cluster(x, n, d, blobs, seed);
            assertArrayEquals(renumberedByFirst(blobOf), label, "seed " + seed);
        }
    }

    @Test
    void makesKClustersOfDistinctPointsNumberedByFirstPoint() {
        for (int seed = 0; seed < 50; seed++) {
            Random rnd = new Random(100 + seed);
            int n = 1 + rnd.nextInt(60);
            int d = 1 + rnd.nextInt(5);
            int k = 1 + rnd.nextInt(n);
            double[] x = new double[n * d];
            for (int i = 0; i < x.length; i++) {
                x[i] = rnd.nextGaussian();
            }
            int[] label = BisectingKMeans.cluster(x, n, d, k, seed);
            assertEquals(k, Arrays.stream(label).distinct().count(), "seed " + seed);
            assertArrayEquals(renumberedByFirst(label), label, "seed " + seed);
            assertArrayEquals(label, BisectingKMeans.cluster(x, n, d, k, seed));
        }
    }

    @Test
    void equalPointsAreNotSplit() {
        double[] x = {1, 1, 1, 1, 1, 1, 5, 5};
        assertArrayEquals(new int[] {0, 0, 0, 1}, BisectingKMeans.cluster(x, 4, 2, 4, 3));
        assertArrayEquals(new int[] {0, 0, 0}, BisectingKMeans.cluster(new double[] {2, 2, 2}, 3, 1, 3, 3));
    }

    /** Each split's halves: every point at least as near its own half's mean as the other's. */
    @Test
    void aSplitIsAFixedPointOfLloyd() {
        for (int seed = 0; seed < 60; seed++) {
            Random rnd = new Random(200 + seed);
            int n = 2 + rnd.nextInt(80);
            int d = 1 + rnd.nextInt(4);
            double[] x = new double[n * d];
            for (int i = 0; i < x.length; i++) {
                x[i] = rnd.nextGaussian();
            }
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            int[][] halves = BisectingKMeans.split(x, d, all, new SplittableRandom(seed));
            assertEquals(n, halves[0].length + halves[1].length);
            assertTrue(halves[0].length > 0 && halves[1].length > 0);
            double[][] mean = {mean(x, d, halves[0]), mean(x, d, halves[1])};
            for (int h = 0; h < 2; h++) {
                for (int i : halves[h]) {
                    double own = distance2(x, d, i, mean[h]);
                    double other = distance2(x, d, i, mean[1 - h]);
                    assertTrue(own <= other + 1e-9, "seed " + seed + ", point " + i);
                }
            }
        }
    }

    private static double[] mean(double[] x, int d, int[] points) {
        double[] m = new double[d];
        for (int i : points) {
            for (int t = 0; t < d; t++) {
                m[t] += x[i * d + t] / points.length;
            }
        }
        return m;
    }

    private static double distance2(double[] x, int d, int i, double[] c) {
        double s = 0;
        for (int t = 0; t < d; t++) {
            s += (x[i * d + t] - c[t]) * (x[i * d + t] - c[t]);
        }
        return s;
    }

    private static int[] renumberedByFirst(int[] group) {
        int[] out = new int[group.length];
        java.util.Map<Integer, Integer> next = new java.util.HashMap<>();
        for (int i = 0; i < group.length; i++) {
            out[i] = next.computeIfAbsent(group[i], g -> next.size());
        }
        return out;
    }
}
