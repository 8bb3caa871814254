package io.fisherselect.job.evaluate;

import static org.apache.spark.sql.functions.col;

import io.fisherselect.job.io.ColumnNames;
import io.fisherselect.job.io.DataSet;
import io.fisherselect.job.io.InputException;
import io.fisherselect.job.io.ItemReader;
import io.fisherselect.job.io.SetSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code evaluate}'s labeled datasets as DataFrames {@code (id string, embedding array<double>,
 * label int)} (named by the run's {@link ColumnNames}): any format of the data contract, or
 * {@code sklearn-csv}, the CSV layout of the datasets scikit-learn ships (Debian's
 * {@code python3-sklearn}: {@code sklearn/datasets/data/digits.csv.gz}, {@code iris.csv},
 * {@code wine_data.csv}, {@code breast_cancer.csv}): one row per item, the features then the integer
 * class in the last column, optionally gzip-compressed; a first line that is not all numbers or
 * has another number of fields (scikit-learn's "n_samples,n_features,class names…") is a header
 * and skipped. Ids are the row numbers from 0, as strings.
 */
public final class LabeledData {
    /** The {@code --format} of scikit-learn's CSV files. */
    public static final String SKLEARN_CSV = "sklearn-csv";

    private LabeledData() {
    }

    /**
     * A validated labeled set: its rows {@code (id string, embedding array<double>, label int)} —
     * multi-label: {@code label array<int>} of C values 0/1 — its size, embedding length d and
     * largest label (multi-label: the largest label index, C − 1).
     */
    public record Loaded(DataSet set, Dataset<Row> frame, long n, int d, int maxLabel) {
    }

    /** As {@link #read(SparkSession, DataSet, String, String, ColumnNames, boolean)} for single-label sets. */
    public static Loaded read(SparkSession spark, DataSet set, String path, String format, ColumnNames cols) {
        return read(spark, set, path, format, cols, false);
    }

    /**
     * The set at {@code path} in {@code format} (null: from the suffix) with the three contract
     * columns, checked row by row in one pass before anything is fitted: ids present, embeddings
     * present, finite and of one length, labels class indices (integers ≥ 0). A bad row gives an
     * {@link InputException} naming the set, the column and the (smallest) offending row id. With
     * {@code multiLabel} ({@code --likelihood bernoulli}) every label is an array of the same length
     * C of values 0 or 1.
     */
    public static Loaded read(SparkSession spark, DataSet set, String path, String format, ColumnNames cols,
                              boolean multiLabel) {
        Dataset<Row> df;
        boolean sklearn = format != null && format.trim().toLowerCase(Locale.ROOT).equals(SKLEARN_CSV);
        if (sklearn && multiLabel) {
            throw InputException.at(set, null, null, "--format " + SKLEARN_CSV + " has one class per row; multi-label"
                    + " (--likelihood bernoulli) data needs labels as arrays of 0/1 (parquet, jsonl or orc)");
        }
        if (sklearn) {
            df = sklearnCsv(spark, set, path, cols);
        } else {
            Dataset<Row> raw = new ItemReader(spark, cols).open(set, SetSource.ofPath(path), format,
                    // a multi-label label is an array, checked below (ItemReader checks class indices)
                    new ItemReader.Needs(true, false, !multiLabel)).frame();
            boolean vector = raw.schema().apply(cols.embedding()).dataType().equals(SQLDataTypes.VectorType());
            Column e = col("`" + cols.embedding() + "`");
            if (multiLabel && !java.util.Arrays.asList(raw.schema().fieldNames()).contains(cols.label())) {
                throw InputException.at(set, cols.label(), null, "column is missing; found columns: "
                        + java.util.Arrays.toString(raw.schema().fieldNames()));
            }
            DataType labelType = raw.schema().apply(cols.label()).dataType();
            if (multiLabel && !(labelType instanceof ArrayType)) {
                throw InputException.at(set, cols.label(), null, "has type " + labelType.simpleString()
                        + "; multi-label (--likelihood bernoulli) labels are arrays of C values 0 or 1");
            }
            df = raw.select(col("`" + cols.id() + "`").cast(DataTypes.StringType).as(cols.id()),
                    (vector ? org.apache.spark.ml.functions.vector_to_array(e, "float64")
                            : e.cast(DataTypes.createArrayType(DataTypes.DoubleType))).as(cols.embedding()),
                    // as double first: a cast to int would truncate 1.5 to 1 without a word
                    col("`" + cols.label() + "`").cast(multiLabel ? DataTypes.createArrayType(DataTypes.DoubleType)
                            : DataTypes.DoubleType).as(cols.label()));
        }
        Check c = df.javaRDD().mapPartitions(it -> {
            Check ch = new Check(multiLabel);
            while (it.hasNext()) {
                ch.add(it.next());
            }
            return List.of(ch).iterator();
        }).reduce(Check::merge);
        if (c.n == 0) {
            throw InputException.at(set, null, null, "'" + path + "' has no rows");
        }
        if (c.nullIds > 0) {
            throw InputException.at(set, cols.id(), null, c.nullIds + " row(s) have no id");
        }
        if (c.badEmbeddingId != null) {
            throw InputException.at(set, cols.embedding(), c.badEmbeddingId, "embedding is missing, empty or"
                    + " contains NaN/Inf");
        }
        if (c.embeddings.min != c.embeddings.max) {
            throw InputException.at(set, cols.embedding(), c.embeddings.shortestId, "embedding has length "
                    + c.embeddings.min + ", others have " + c.embeddings.max + " (row id '" + c.embeddings.longestId
                    + "')");
        }
        if (c.badLabelId != null) {
            throw InputException.at(set, cols.label(), c.badLabelId, multiLabel ? "label is missing or contains a"
                    + " value other than 0 or 1 (multi-label labels are arrays of C values 0 or 1)"
                    : "label is missing or not a class index (an integer ≥ 0)");
        }
        if (multiLabel && c.labels.min != c.labels.max) {
            throw InputException.at(set, cols.label(), c.labels.shortestId, "label has " + c.labels.min + " values,"
                    + " others have " + c.labels.max + " (row id '" + c.labels.longestId + "'); multi-label labels are"
                    + " arrays of C values 0 or 1");
        }
        Dataset<Row> typed = df.withColumn(cols.label(), col("`" + cols.label() + "`").cast(multiLabel
                ? DataTypes.createArrayType(DataTypes.IntegerType) : DataTypes.IntegerType));
        return new Loaded(set, typed, c.n, c.embeddings.min, multiLabel ? c.labels.max - 1 : c.maxLabel);
    }

    /** One pass over a set's rows (id string, embedding array, label double): what is wrong, and where. */
    private static final class Check implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final boolean multiLabel;
        long n;
        final Lengths labels = new Lengths();
        final Lengths embeddings = new Lengths();
        long nullIds;
        int maxLabel = -1;
        String badEmbeddingId;
        String badLabelId;

        Check(boolean multiLabel) {
            this.multiLabel = multiLabel;
        }

        void add(Row r) {
            n++;
            String id = r.isNullAt(0) ? null : r.getString(0);
            if (id == null) {
                nullIds++;
                return;
            }
            List<Object> e = r.isNullAt(1) ? null : r.getList(1);
            boolean ok = e != null && !e.isEmpty();
            if (ok) {
                for (Object x : e) {
                    ok &= x instanceof Number v && Double.isFinite(v.doubleValue());
                }
                embeddings.add(e.size(), id);
            }
            if (!ok) {
                badEmbeddingId = smaller(badEmbeddingId, id);
            }
            if (multiLabel) {
                addLabels(id, r.isNullAt(2) ? null : r.getList(2));
                return;
            }
            Object y = r.get(2);
            double v = y instanceof Number num ? num.doubleValue() : Double.NaN;
            if (!(v >= 0) || v != Math.rint(v) || v > Integer.MAX_VALUE) {
                badLabelId = smaller(badLabelId, id);
            } else {
                maxLabel = Math.max(maxLabel, (int) v);
            }
        }

        /** A multi-label row: an array of 0/1 values; its length is compared across rows. */
        private void addLabels(String id, List<Object> y) {
            boolean ok = y != null && !y.isEmpty();
            if (ok) {
                for (Object x : y) {
                    ok &= x instanceof Number v && (v.doubleValue() == 0 || v.doubleValue() == 1);
                }
                labels.add(y.size(), id);
            }
            if (!ok) {
                badLabelId = smaller(badLabelId, id);
            }
        }

        Check merge(Check o) {
            n += o.n;
            labels.merge(o.labels);
            embeddings.merge(o.embeddings);
            nullIds += o.nullIds;
            maxLabel = Math.max(maxLabel, o.maxLabel);
            badEmbeddingId = o.badEmbeddingId == null ? badEmbeddingId : smaller(badEmbeddingId, o.badEmbeddingId);
            badLabelId = o.badLabelId == null ? badLabelId : smaller(badLabelId, o.badLabelId);
            return this;
        }

        private static String smaller(String a, String b) {
            return a == null || b.compareTo(a) < 0 ? b : a;
        }
    }

    /** The shortest and the longest array of a column, each with its smallest row id. */
    private static final class Lengths implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        int min = Integer.MAX_VALUE;
        int max = -1;
        String shortestId;
        String longestId;

        void add(int length, String id) {
            if (length < min || (length == min && id.compareTo(shortestId) < 0)) {
                min = length;
                shortestId = id;
            }
            if (length > max || (length == max && id.compareTo(longestId) < 0)) {
                max = length;
                longestId = id;
            }
        }

        void merge(Lengths o) {
            if (o.shortestId != null) {
                add(o.min, o.shortestId);
            }
            if (o.longestId != null) {
                add(o.max, o.longestId);
            }
        }
    }

    static Dataset<Row> sklearnCsv(SparkSession spark, DataSet set, String path, ColumnNames cols) {
        List<String> lines;
        try {
            // Spark's text source reads .gz transparently; the files are small
            lines = spark.read().text(path).as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        } catch (RuntimeException e) {
            throw InputException.at(set, null, null, "cannot read '" + path + "' as sklearn-csv: " + e.getMessage());
        }
        lines = lines.stream().filter(l -> !l.isBlank()).toList();
        if (lines.size() < 2) {
            throw InputException.at(set, null, null, "'" + path + "' has fewer than two lines");
        }
        int start = isHeader(lines.get(0), lines.get(1)) ? 1 : 0;
        int fields = lines.get(start).split(",").length;
        if (fields < 2) {
            throw InputException.at(set, null, null, "'" + path + "' needs features and a label per line");
        }
        List<Row> rows = new ArrayList<>();
        for (int i = start; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            String id = Integer.toString(i - start);
            if (f.length != fields) {
                throw InputException.at(set, null, id, "line " + (i + 1) + " has " + f.length + " fields, expected "
                        + fields);
            }
            List<Double> e = new ArrayList<>(fields - 1);
            for (int j = 0; j < fields - 1; j++) {
                e.add(number(f[j], set, id));
            }
            double y = number(f[fields - 1], set, id);
            if (y != Math.rint(y) || y < 0) {
                throw InputException.at(set, cols.label(), id, "the last field " + f[fields - 1]
                        + " is not a class index (an integer ≥ 0)");
            }
            rows.add(RowFactory.create(id, e, y));
        }
        StructType schema = new StructType()
                .add(cols.id(), DataTypes.StringType, false)
                .add(cols.embedding(), DataTypes.createArrayType(DataTypes.DoubleType, false), false)
                .add(cols.label(), DataTypes.DoubleType, false);
        return spark.createDataFrame(rows, schema);
    }

    private static boolean isHeader(String first, String second) {
        String[] a = first.split(",");
        if (a.length != second.split(",").length) {
            return true;
        }
        for (String s : a) {
            try {
                Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return true;
            }
        }
        return false;
    }

    private static double number(String s, DataSet set, String id) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw InputException.at(set, null, id, "'" + s + "' is not a number");
        }
    }

    /**
     * The mean and the sample standard deviation of every embedding feature of {@code df} (one
     * pass), for {@link #standardized}.
     */
    public static double[][] moments(Dataset<Row> df, ColumnNames cols) {
        int e = df.schema().fieldIndex(cols.embedding());
        double[][] m = df.javaRDD().mapPartitions(it -> {
            double[] sum = null;
            double[] sq = null;
            double n = 0;
            while (it.hasNext()) {
                List<Double> v = it.next().getList(e);
                if (sum == null) {
                    sum = new double[v.size()];
                    sq = new double[v.size()];
                }
                for (int j = 0; j < v.size(); j++) {
                    sum[j] += v.get(j);
                    sq[j] += v.get(j) * v.get(j);
                }
                n++;
            }
            return List.<double[][]>of(sum == null ? new double[][] {{0}} : new double[][] {{n}, sum, sq}).iterator();
        }).reduce((a, b) -> {
            if (a[0][0] == 0) {
                return b;
            }
            if (b[0][0] == 0) {
                return a;
            }
            double[][] c = {{a[0][0] + b[0][0]}, a[1].clone(), a[2].clone()};
            for (int j = 0; j < c[1].length; j++) {
                c[1][j] += b[1][j];
                c[2][j] += b[2][j];
            }
            return c;
        });
        double n = m[0][0];
        int d = m.length > 1 ? m[1].length : 0;
        double[] mean = new double[d];
        double[] std = new double[d];
        for (int j = 0; j < d; j++) {
            mean[j] = m[1][j] / n;
            double var = n > 1 ? Math.max(0, (m[2][j] - n * mean[j] * mean[j]) / (n - 1)) : 0;
            std[j] = Math.sqrt(var);
        }
        return new double[][] {mean, std};
    }

    /**
     * {@code df} with every embedding feature z-scored with {@code moments} (mean, standard
     * deviation); features of zero variance become 0.
     */
    public static Dataset<Row> standardized(Dataset<Row> df, double[][] moments, ColumnNames cols) {
        int e = df.schema().fieldIndex(cols.embedding());
        double[] mean = moments[0];
        double[] std = moments[1];
        return df.sparkSession().createDataFrame(df.javaRDD().map(r -> {
            List<Double> v = r.getList(e);
            double[] z = new double[v.size()];
            for (int j = 0; j < z.length; j++) {
                z[j] = std[j] > 1e-12 * Math.max(1, Math.abs(mean[j])) ? (v.get(j) - mean[j]) / std[j] : 0.0;
            }
            Object[] values = new Object[r.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = i == e ? z : r.get(i);
            }
            return RowFactory.create(values);
        }), df.schema());
    }
}
