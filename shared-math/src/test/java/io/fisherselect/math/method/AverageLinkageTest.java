package io.fisherselect.math.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Average linkage by nearest-neighbour chain against the textbook procedure: keep the clusters as
 * lists of points, and at every step compute the mean distance of every pair of clusters from the
 * points themselves and merge the closest pair.
 */
class AverageLinkageTest {

    /** The textbook procedure; labels numbered in the order of each cluster's first point. */
    static int[] bruteForce(double[] x, int n, int d, int clusters, double maxDistance) {
        List<List<Integer>> cs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cs.add(new ArrayList<>(List.of(i)));
        }
        while (cs.size() > clusters) {
            int ba = -1;
            int bb = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int a = 0; a < cs.size(); a++) {
                for (int b = a + 1; b < cs.size(); b++) {
                    double s = 0;
                    for (int i : cs.get(a)) {
                        for (int j : cs.get(b)) {
                            s += distance(x, d, i, j);
                        }
                    }
                    double mean = s / (cs.get(a).size() * cs.get(b).size());
                    if (ba < 0 || mean < best) {
                        best = mean;
                        ba = a;
                        bb = b;
                    }
                }
            }
            if (best > maxDistance) {
                break;
            }
            cs.get(ba).addAll(cs.remove(bb));
        }
        int[] clusterOf = new int[n];
        for (int c = 0; c < cs.size(); c++) {
            for (int i : cs.get(c)) {
                clusterOf[i] = c;
            }
        }
        int[] label = new int[n];
        int[] renumber = new int[cs.size()];
        java.util.Arrays.fill(renumber, -1);
        int next = 0;
        for (int i = 0; i < n; i++) {
            if (renumber[clusterOf[i]] < 0) {
                renumber[clusterOf[i]] = next++;
            }
            label[i] = renumber[clusterOf[i]];
        }
        return label;
    }

    static double distance(double[] x, int d, int i, int j) {
        double s = 0;
        for (int t = 0; t < d; t++) {
            double v = x[i * d + t] - x[j * d + t];
            s += v * v;
        }
        return Math.sqrt(s);
    }

    @Test
    void sameClustersAsTheTextbookProcedureForEveryCut() {
        for (long seed = 0; seed < 40; seed++) {
            Random rnd = new Random(seed);
            int n = 2 + rnd.nextInt(30);
            int d = 1 + rnd.nextInt(4);
            double[] x = new double[n * d];
            for (int i = 0; i < x.length; i++) {
                // a few blobs, so that the cuts are not all trivial
                x[i] = rnd.nextGaussian() + 4 * (i / d % 3);
            }
            for (int k = 1; k <= n; k++) {
                assertArrayEquals(bruteForce(x, n, d, k, Double.POSITIVE_INFINITY),
                        AverageLinkage.cluster(x, n, d, k, Double.POSITIVE_INFINITY), "seed " + seed + " k " + k);
            }
            for (double eps : new double[] {0.5, 1.5, 3.0}) {
                assertArrayEquals(bruteForce(x, n, d, 1, eps), AverageLinkage.cluster(x, n, d, 1, eps),
                        "seed " + seed + " eps " + eps);
            }
        }
    }

    @Test
    void refusesBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> AverageLinkage.cluster(new double[4], 2, 2, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> AverageLinkage.cluster(new double[3], 2, 2, 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> AverageLinkage.cluster(new double[0], AverageLinkage.MAX_POINTS + 1, 0, 1, 1));
    }
}
