package io.fisherselect.job.synth;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Synthetic pools in the data contract's form, of any size, generated in parallel and
 * deterministically: item i depends only on (seed, i), never on the partitioning. Embeddings
 * come from a mixture of C Gaussian clusters; the "model" is a softmax over negative squared
 * distances to the cluster means at a per-item temperature, so some items are confident and
 * some ambiguous; {@code label} is the item's true cluster.
 *
 * @param n           items
 * @param d           embedding length
 * @param c           classes
 * @param seed        seed
 * @param separation  distance scale between cluster means (larger: easier problem)
 * @param idPrefix    ids are {@code idPrefix + zero-padded index}
 */
public record SyntheticPool(long n, int d, int c, long seed, double separation, String idPrefix)
        implements Serializable {

    public SyntheticPool {
        if (n <= 0 || d <= 0 || c < 2) {
            throw new IllegalArgumentException("need n > 0, d > 0 and C ≥ 2; got n = " + n + ", d = " + d + ", C = " + c);
        }
    }

    public static StructType schema() {
        return new StructType()
                .add("id", DataTypes.StringType, false)
                .add("embedding", DataTypes.createArrayType(DataTypes.FloatType, false), false)
                .add("probs", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
                .add("label", DataTypes.IntegerType, false);
    }

    /** The pool as a Dataset with {@code partitions} partitions. */
    public Dataset<Row> generate(SparkSession spark, int partitions) {
        double[][] means = means();
        SyntheticPool self = this;
        return spark.createDataFrame(spark.range(0, n, 1, partitions).javaRDD()
                .mapPartitions(it -> {
                    List<Row> rows = new ArrayList<>();
                    while (it.hasNext()) {
                        rows.add(self.row(it.next(), means));
                    }
                    return rows.iterator();
                }), schema());
    }

    double[][] means() {
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double[][] mu = new double[c][d];
        for (int k = 0; k < c; k++) {
            for (int j = 0; j < d; j++) {
                mu[k][j] = separation * gaussian(rnd) / Math.sqrt(d);
            }
        }
        return mu;
    }

    Row row(long index, double[][] means) {
        // the id prefix separates the item streams of sets that share the clusters (pool, labeled)
        SplittableRandom rnd = new SplittableRandom(mix(seed ^ ((long) idPrefix.hashCode() << 32), index));
        int y = rnd.nextInt(c);
        float[] emb = new float[d];
        double[] phi = new double[d];
        for (int j = 0; j < d; j++) {
            phi[j] = means[y][j] + gaussian(rnd);
            emb[j] = (float) phi[j];
            phi[j] = emb[j];
        }
        double temperature = 0.05 + 0.5 * rnd.nextDouble();
        double[] logits = new double[c];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < c; k++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                double t = phi[j] - means[k][j];
                s += t * t;
            }
            logits[k] = -temperature * s;
            max = Math.max(max, logits[k]);
        }
        double z = 0;
        double[] p = new double[c];
        for (int k = 0; k < c; k++) {
            p[k] = Math.exp(logits[k] - max);
            z += p[k];
        }
        for (int k = 0; k < c; k++) {
            p[k] /= z;
        }
        String id = String.format("%s%09d", idPrefix, index);
        return RowFactory.create(id, box(emb), box(p), y);
    }

    private static Float[] box(float[] a) {
        Float[] b = new Float[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[i];
        }
        return b;
    }

    private static Double[] box(double[] a) {
        Double[] b = new Double[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[i];
        }
        return b;
    }

    private static double gaussian(SplittableRandom rnd) {
        // Box–Muller; SplittableRandom has no nextGaussian on Java 17
        double u = 1.0 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** SplitMix64 finaliser of (seed, index): independent streams per item. */
    static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
