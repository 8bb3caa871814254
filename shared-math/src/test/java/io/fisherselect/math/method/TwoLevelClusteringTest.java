package io.fisherselect.math.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fine step of Cluster-Margin's large-K clustering: K_g against the rounding rule's
 * properties and hand-worked cases; a group's labels against the textbook average linkage on the
 * group alone (points in id order), for any row order; bisecting k-means above the HAC limit.
 */
class TwoLevelClusteringTest {

    @Test
    void apportionOnHandWorkedCases() {
        // quotas 2, 1.2, 0.8: floors 2, 1 and 1 (raised) sum to 4
        assertArrayEquals(new int[] {2, 1, 1}, TwoLevelClustering.apportion(new long[] {5, 3, 2}, 4));
        // quotas 3.6, 1.8, 0.6: 3 + 1 + 1 = 5, the one left goes to the largest remainder (0.8)
        assertArrayEquals(new int[] {3, 2, 1}, TwoLevelClustering.apportion(new long[] {6, 3, 1}, 6));
        // quotas 0.3, 0.3, 2.4: the floors of 1 overshoot, the group above 1 gives one back
        assertArrayEquals(new int[] {1, 1, 1}, TwoLevelClustering.apportion(new long[] {1, 1, 8}, 3));
        // equal remainders: the earlier group first
        assertArrayEquals(new int[] {2, 1}, TwoLevelClustering.apportion(new long[] {2, 2}, 3));
        // K = N: every point its own cluster
        assertArrayEquals(new int[] {4, 1, 2}, TwoLevelClustering.apportion(new long[] {4, 1, 2}, 7));
        assertThrows(IllegalArgumentException.class, () -> TwoLevelClustering.apportion(new long[] {4, 1, 2}, 2));
        assertThrows(IllegalArgumentException.class, () -> TwoLevelClustering.apportion(new long[] {4, 1, 2}, 8));
        assertThrows(IllegalArgumentException.class, () -> TwoLevelClustering.apportion(new long[] {4, 0}, 2));
    }

    /**
     * Σ K_g = K and 1 ≤ K_g ≤ n_g always; when no quota is below 1, every K_g is its quota rounded
     * down or up and every group rounded up has a fractional part at least that of every group
     * rounded down (largest remainder).
     */
    @Test
    void apportionSumsToKAndRoundsByLargestRemainder() {
        for (int seed = 0; seed < 500; seed++) {
            Random rnd = new Random(seed);
            int g = 1 + rnd.nextInt(12);
            long[] sizes = new long[g];
            long n = 0;
            for (int i = 0; i < g; i++) {
                sizes[i] = 1 + rnd.nextInt(seed % 2 == 0 ? 5 : 400);
                n += sizes[i];
            }
            int k = g + rnd.nextInt((int) (n - g + 1));
            int[] got = TwoLevelClustering.apportion(sizes, k);
            long sum = 0;
            boolean anyBelowOne = false;
            for (int i = 0; i < g; i++) {
                assertTrue(got[i] >= 1 && got[i] <= sizes[i], "seed " + seed);
                sum += got[i];
                anyBelowOne |= (double) k * sizes[i] / n < 1;
            }
            assertEquals(k, sum, "seed " + seed);
            if (anyBelowOne) {
                continue;
            }
            // fractional parts as exact remainders (k·n_g mod N): doubles would break ties by rounding
            long lowestUp = Long.MAX_VALUE;
            long highestDown = Long.MIN_VALUE;
            for (int i = 0; i < g; i++) {
                long floor = (long) k * sizes[i] / n;
                long frac = (long) k * sizes[i] % n;
                if (got[i] == floor + 1) {
                    lowestUp = Math.min(lowestUp, frac);
                } else {
                    assertEquals(floor, got[i], "seed " + seed + ", group " + i);
                    highestDown = Math.max(highestDown, frac);
                }
            }
            assertTrue(lowestUp >= highestDown, "seed " + seed);
        }
    }

    @Test
    void offsetsArePrefixSums() {
        assertArrayEquals(new int[] {0, 3, 4, 6}, TwoLevelClustering.offsets(new int[] {3, 1, 2, 5}));
    }

    /** A group's labels: the textbook average linkage of its points in id order, whatever the row order. */
    @Test
    void aGroupIsAverageLinkageOnTheGroupAloneInIdOrder() {
        for (int seed = 0; seed < 40; seed++) {
            Random rnd = new Random(1000 + seed);
            int n = 1 + rnd.nextInt(25);
            int d = 1 + rnd.nextInt(4);
            int clusters = 1 + rnd.nextInt(n);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add("item-" + rnd.nextInt(1_000_000) + "-" + i);
            }
            double[][] points = new double[n][d];
            for (double[] p : points) {
                for (int t = 0; t < d; t++) {
                    p[t] = rnd.nextGaussian();
                }
            }
            List<Integer> byId = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                byId.add(i);
            }
            byId.sort((a, b) -> ids.get(a).compareTo(ids.get(b)));
            double[] sorted = new double[n * d];
            for (int j = 0; j < n; j++) {
                System.arraycopy(points[byId.get(j)], 0, sorted, j * d, d);
            }
            int[] expectedSorted = AverageLinkageTest.bruteForce(sorted, n, d, clusters, Double.POSITIVE_INFINITY);
            int[] expected = new int[n];
            for (int j = 0; j < n; j++) {
                expected[byId.get(j)] = expectedSorted[j];
            }
            List<Integer> rows = new ArrayList<>(byId);
            Collections.shuffle(rows, rnd);
            String[] rowIds = new String[n];
            double[] x = new double[n * d];
            int[] expectedByRow = new int[n];
            for (int r = 0; r < n; r++) {
                rowIds[r] = ids.get(rows.get(r));
                System.arraycopy(points[rows.get(r)], 0, x, r * d, d);
                expectedByRow[r] = expected[rows.get(r)];
            }
            assertArrayEquals(expectedByRow, TwoLevelClustering.group(rowIds, x, d, clusters, seed), "seed " + seed);
        }
    }

    /** Above the HAC limit a group is bisecting k-means' on its points in id order, whatever the row order. */
    @Test
    void aLargeGroupIsBisectingKMeansInIdOrder() {
        int n = TwoLevelClustering.HAC_POINTS + 1;
        int d = 3;
        Random rnd = new Random(5);
        String[] ids = new String[n];
        double[] x = new double[n * d];
        for (int i = 0; i < n; i++) {
            ids[i] = String.valueOf(n - i);
            for (int t = 0; t < d; t++) {
                x[i * d + t] = rnd.nextGaussian();
            }
        }
        int[] order = TwoLevelClustering.idOrder(ids);
        int[] expectedSorted = BisectingKMeans.cluster(TwoLevelClustering.rows(x, d, order), n, d, 37, 9);
        int[] expected = new int[n];
        for (int j = 0; j < n; j++) {
            expected[order[j]] = expectedSorted[j];
        }
        assertArrayEquals(expected, TwoLevelClustering.group(ids, x, d, 37, 9));
        assertEquals(37, java.util.Arrays.stream(expected).max().getAsInt() + 1);
    }
}
