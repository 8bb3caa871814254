package io.fisherselect.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A small random input set of the data contract, kept in memory (the reference selection is
 * computed from these exact doubles) and written as JSON Lines or Parquet for the job.
 */
public final class TestSet {
    /** One row; {@code probs} null for a regression set, {@code label} null when absent. */
    public record Row0(String id, double[] embedding, double[] probs, Integer label) {
    }

    public final List<Row0> rows;
    public final int d;
    public final int c;

    public TestSet(List<Row0> rows, int d, int c) {
        this.rows = List.copyOf(rows);
        this.d = d;
        this.c = c;
    }

    /**
     * n classification items: Gaussian embeddings (per-item scale), probabilities the softmax of
     * Gaussian logits at a per-item temperature (some confident, some uncertain), a label drawn
     * from the probabilities when {@code labels}; ids "{prefix}{distinct random int}" in random
     * order, of mixed lengths so that string order differs from numeric order.
     */
    public static TestSet classification(long seed, String prefix, int n, int d, int c, boolean labels) {
        Random rnd = new Random(seed);
        List<Row0> rows = new ArrayList<>();
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < n; i++) {
            int key;
            do {
                key = rnd.nextInt(20 * n);
            } while (!used.add(key));
            double scale = 0.5 + 1.5 * rnd.nextDouble();
            double[] e = new double[d];
            for (int k = 0; k < d; k++) {
                e[k] = scale * rnd.nextGaussian();
            }
            double temperature = new double[] {0.2, 0.7, 1.5, 4.0}[rnd.nextInt(4)];
            double[] logits = new double[c];
            for (int j = 0; j < c; j++) {
                logits[j] = rnd.nextGaussian() * 2.0 / temperature;
            }
            double[] p = softmax(logits);
            Integer y = labels ? draw(p, rnd) : null;
            rows.add(new Row0(prefix + key, e, p, y));
        }
        return new TestSet(rows, d, c);
    }

    /**
     * n multi-label items: as {@link #classification} but with C independent sigmoid
     * probabilities (rows do not sum to one); no labels.
     */
    public static TestSet multiLabel(long seed, String prefix, int n, int d, int c) {
        TestSet base = classification(seed, prefix, n, d, c, false);
        Random rnd = new Random(seed + 2);
        List<Row0> rows = new ArrayList<>();
        for (Row0 r : base.rows) {
            double[] p = new double[c];
            double temperature = new double[] {0.3, 1.0, 3.0}[rnd.nextInt(3)];
            for (int j = 0; j < c; j++) {
                p[j] = 1.0 / (1.0 + Math.exp(-rnd.nextGaussian() * 2.0 / temperature));
            }
            rows.add(new Row0(r.id(), r.embedding(), p, null));
        }
        return new TestSet(rows, d, c);
    }

    /** The rows whose ids are in {@code keep}, in this set's order. */
    public TestSet only(java.util.Collection<String> keep) {
        Set<String> k = new HashSet<>(keep);
        return new TestSet(rows.stream().filter(r -> k.contains(r.id())).toList(), d, c);
    }

    /** These rows followed by {@code more}'s. */
    public TestSet plus(TestSet more) {
        List<Row0> r = new ArrayList<>(rows);
        r.addAll(more.rows);
        return new TestSet(r, d, c);
    }

    /** n regression items: embeddings and a double target in {@code label}, no probabilities. */
    public static TestSet regression(long seed, String prefix, int n, int d) {
        TestSet base = classification(seed, prefix, n, d, 2, false);
        Random rnd = new Random(seed + 1);
        List<Row0> rows = new ArrayList<>();
        for (Row0 r : base.rows) {
            rows.add(new Row0(r.id(), r.embedding(), null, rnd.nextInt(5)));
        }
        return new TestSet(rows, d, 1);
    }

    static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double z = 0;
        for (int j = 0; j < p.length; j++) {
            p[j] = Math.exp(logits[j] - max);
            z += p[j];
        }
        for (int j = 0; j < p.length; j++) {
            p[j] /= z;
        }
        return p;
    }

    private static int draw(double[] p, Random rnd) {
        double u = rnd.nextDouble();
        double acc = 0;
        for (int j = 0; j < p.length; j++) {
            acc += p[j];
            if (u < acc) {
                return j;
            }
        }
        return p.length - 1;
    }

    public int size() {
        return rows.size();
    }

    public List<String> ids() {
        return rows.stream().map(Row0::id).toList();
    }

    /** The same rows in a shuffled order (the selection must not depend on row order). */
    public TestSet shuffled(long seed) {
        List<Row0> r = new ArrayList<>(rows);
        Collections.shuffle(r, new Random(seed));
        return new TestSet(r, d, c);
    }

    /** Writes {@code dir/name.jsonl}; doubles in Java's shortest round-trip form. */
    public String writeJsonl(Path dir, String name) throws IOException {
        StringBuilder b = new StringBuilder();
        for (Row0 r : rows) {
            b.append(jsonLine(r)).append('\n');
        }
        Path p = dir.resolve(name + ".jsonl");
        Files.writeString(p, b.toString(), StandardCharsets.UTF_8);
        return p.toString();
    }

    public static String jsonLine(Row0 r) {
        StringBuilder b = new StringBuilder("{\"id\": \"").append(r.id()).append('"');
        b.append(", \"embedding\": ").append(array(r.embedding()));
        if (r.probs() != null) {
            b.append(", \"probs\": ").append(array(r.probs()));
        }
        if (r.label() != null) {
            b.append(", \"label\": ").append(r.label());
        }
        return b.append('}').toString();
    }

    static String array(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ", ").append(v[i]);
        }
        return b.append(']').toString();
    }

    /** Writes {@code dir/name.parquet} (a directory of part files) with the test session. */
    public String writeParquet(Path dir, String name) {
        boolean probs = rows.get(0).probs() != null;
        boolean label = rows.get(0).label() != null;
        StructType schema = new StructType()
                .add("id", DataTypes.StringType, false)
                .add("embedding", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
        if (probs) {
            schema = schema.add("probs", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
        }
        if (label) {
            schema = schema.add("label", DataTypes.IntegerType, false);
        }
        List<Row> out = new ArrayList<>();
        for (Row0 r : rows) {
            List<Object> v = new ArrayList<>();
            v.add(r.id());
            v.add(boxed(r.embedding()));
            if (probs) {
                v.add(boxed(r.probs()));
            }
            if (label) {
                v.add(r.label());
            }
            out.add(RowFactory.create(v.toArray()));
        }
        String p = dir.resolve(name + ".parquet").toString();
        // several part files, so the job's input partitioning is not trivially one block
        LocalSpark.session().createDataFrame(out, schema).repartition(3).write().mode(SaveMode.ErrorIfExists)
                .parquet(p);
        return p;
    }

    private static List<Double> boxed(double[] v) {
        List<Double> out = new ArrayList<>(v.length);
        for (double x : v) {
            out.add(x);
        }
        return out;
    }
}
