package io.fisherselect.job.stage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fisherselect.job.LocalSpark;
import io.fisherselect.job.TestSet;
import io.fisherselect.job.io.Item;
import io.fisherselect.math.fisher.FactorSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Σᵢ Fᵢ over a set when the driver's budget of collected bytes makes the executors add runs of
 * consecutive groups first: the same bits for any partitioning, the same bits as the driver adding
 * the groups one by one when everything fits, and the dense formula Σᵢ (diag πᵢ − πᵢπᵢᵀ) ⊗ φᵢφᵢᵀ.
 */
class FisherAggregationTest {

    private static List<Item> items(TestSet set) {
        List<Item> out = new ArrayList<>();
        for (TestSet.Row0 r : set.rows) {
            out.add(new Item(r.id(), r.embedding(), r.probs(), -1, Double.NaN));
        }
        return out;
    }

    /** The dense definition: F = (diag π − ππᵀ) ⊗ φφᵀ, row (a·d + i), column (b·d + j). */
    private static double[] dense(List<Item> items, int d, int c) {
        int dim = c * d;
        double[] f = new double[dim * dim];
        for (Item it : items) {
            double[] p = it.probs();
            double[] x = it.embedding();
            for (int a = 0; a < c; a++) {
                for (int b = 0; b < c; b++) {
                    double w = (a == b ? p[a] : 0) - p[a] * p[b];
                    for (int i = 0; i < d; i++) {
                        for (int j = 0; j < d; j++) {
                            f[(a * d + i) * dim + b * d + j] += w * x[i] * x[j];
                        }
                    }
                }
            }
        }
        return f;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void runsOfGroupsGiveTheSameBitsForAnyPartitioning(long seed) {
        int n = 700 + (int) (seed * 37);
        int d = 3;
        int c = 3;
        List<Item> items = items(TestSet.classification(seed, "p", n, d, c, false));
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(LocalSpark.session().sparkContext());
        FactorSpec spec = FactorSpec.fisher();
        long bytesPerSum = 8L * (c * d) * (c * d);
        int groupSize = 50; // 15-20 groups
        DMatrixRMaj oneByOne = null;
        for (int parts : new int[] {1, 3, 7}) {
            JavaRDD<Item> rdd = sc.parallelize(items, parts);
            // everything fits: the driver adds the groups one by one (the reference order)
            DMatrixRMaj all = FisherAggregation.sum(rdd, n, spec, c, d, false, null, groupSize, Long.MAX_VALUE);
            if (oneByOne == null) {
                oneByOne = all;
                double[] expected = dense(items, d, c);
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], all.data[i], 1e-9 * (1 + Math.abs(expected[i])), "entry " + i);
                }
            } else {
                assertArrayEquals(oneByOne.data, all.data, 0.0, "groups one by one, " + parts + " partitions");
            }
            DMatrixRMaj previous = null;
            for (long budget : new long[] {bytesPerSum, 2 * bytesPerSum, 5 * bytesPerSum}) {
                DMatrixRMaj runs = FisherAggregation.sum(rdd, n, spec, c, d, false, null, groupSize, budget);
                for (int i = 0; i < runs.data.length; i++) {
                    assertEquals(oneByOne.data[i], runs.data[i], 1e-12 * (1 + Math.abs(oneByOne.data[i])));
                }
                if (budget == bytesPerSum) {
                    // one run: every group added in group order on an executor, as the driver would
                    assertArrayEquals(oneByOne.data, runs.data, 0.0, "one run, " + parts + " partitions");
                }
                previous = runs;
            }
            // the same bits for any partitioning, at every budget (checked on the last one here)
            DMatrixRMaj again = FisherAggregation.sum(sc.parallelize(items, parts + 1), n, spec, c, d, false, null,
                    groupSize, 5 * bytesPerSum);
            assertArrayEquals(previous.data, again.data, 0.0, "runs of groups, " + (parts + 1) + " partitions");
        }
    }
}
