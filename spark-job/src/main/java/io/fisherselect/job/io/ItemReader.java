package io.fisherselect.job.io;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads one input set (any Spark source, path or Hadoop URI), checks its schema against the data
 * contract before any job runs, and parses rows into {@link Item}s. Row-level problems (NaN,
 * lengths, probabilities, duplicates) are found by {@link SetValidator} in one pass afterwards.
 */
public final class ItemReader {
    private final SparkSession spark;
    private final ColumnNames columns;

    public ItemReader(SparkSession spark, ColumnNames columns) {
        this.spark = spark;
        this.columns = columns;
    }

    /** What a method needs from a set. */
    public record Needs(boolean embedding, boolean probabilities, boolean label) {
    }

    /** A set as read: its rows and which optional columns it has. */
    public record ReadSet(DataSet set, String path, Dataset<Row> frame, boolean hasProbs, boolean hasLogits,
                          boolean hasLabel) {
    }

    /**
     * Opens the set and checks that the columns the method needs exist with usable types.
     *
     * @throws InputException for a missing path, an unreadable format, a missing column or a
     *                        wrong type
     */
    public ReadSet open(DataSet set, SetSource source, String format, Needs needs) {
        if (source.frame() != null) {
            return check(set, "<DataFrame>", source.frame(), needs, "DataFrame");
        }
        String path = source.path();
        checkExists(set, path);
        InputFormat f = InputFormat.resolve(format, path);
        Dataset<Row> df;
        try {
            df = spark.read().format(f.sparkName()).load(path);
        } catch (RuntimeException e) {
            throw InputException.at(set, null, null, "cannot read '" + path + "' as " + f.sparkName()
                    + " (" + firstLine(e.getMessage()) + "); use --format to name the format");
        }
        return check(set, path, df, needs, f.sparkName());
    }

    private ReadSet check(DataSet set, String path, Dataset<Row> df, Needs needs, String formatName) {
        StructType schema = df.schema();
        if (schema.fields().length == 0 || (schema.fields().length == 1
                && schema.fields()[0].name().equals("_corrupt_record"))) {
            throw InputException.at(set, null, null, "'" + path + "' has no readable " + formatName + " records");
        }
        checkColumn(set, schema, columns.id(), true, ItemReader::isIdType, "a string or integer");
        checkColumn(set, schema, columns.embedding(), needs.embedding(),
                ItemReader::isVectorType, "an array of numbers or a Spark ML vector");
        boolean hasProbs = checkColumn(set, schema, columns.probs(), false, ItemReader::isVectorType,
                "an array of numbers or a Spark ML vector");
        boolean hasLogits = checkColumn(set, schema, columns.logits(), false, ItemReader::isVectorType,
                "an array of numbers or a Spark ML vector");
        if (needs.probabilities() && !hasProbs && !hasLogits) {
            throw InputException.at(set, columns.probs(), null, "neither '" + columns.probs() + "' nor '"
                    + columns.logits() + "' is present, but the method needs class probabilities; found columns: "
                    + Arrays.toString(schema.fieldNames()));
        }
        boolean hasLabel = checkColumn(set, schema, columns.label(), needs.label(),
                t -> t instanceof NumericType, "a number (integer class index)");
        return new ReadSet(set, path, df, hasProbs, hasLogits, hasLabel);
    }

    /** The parsed rows; probabilities from {@code probs}, else the softmax of {@code logits}. */
    public JavaRDD<Item> items(ReadSet rs, boolean regression) {
        return rs.frame().javaRDD().map(parser(rs, regression));
    }

    /**
     * The function that parses one row of the set into an {@link Item} (serializable, for use in
     * tasks that keep the row too, like the Java API's scorer).
     */
    public RowParser parser(ReadSet rs, boolean regression) {
        return new RowParser(columns, rs.hasProbs() && !regression, !rs.hasProbs() && rs.hasLogits() && !regression,
                rs.hasLabel());
    }

    /**
     * Parses a row: probabilities from {@code probs} when {@code useProbs}, else the softmax of
     * {@code logits} when {@code useLogits}; the label when {@code label}.
     */
    public record RowParser(ColumnNames c, boolean useProbs, boolean useLogits, boolean label)
            implements Function<Row, Item> {
        @Override
        public Item call(Row row) {
            Object idv = row.get(row.fieldIndex(c.id()));
            String id = idv == null ? null : idv.toString();
            double[] emb = doubles(row.get(row.fieldIndex(c.embedding())));
            double[] probs = null;
            if (useProbs) {
                probs = doubles(row.get(row.fieldIndex(c.probs())));
            } else if (useLogits) {
                double[] logits = doubles(row.get(row.fieldIndex(c.logits())));
                probs = logits == null ? null : softmax(logits);
            }
            int y = -1;
            double target = Double.NaN;
            if (label) {
                Object lv = row.get(row.fieldIndex(c.label()));
                if (lv instanceof Number n) {
                    target = n.doubleValue();
                    y = target == Math.rint(target) && Math.abs(target) < Integer.MAX_VALUE ? (int) target : -2;
                }
            }
            return new Item(id, emb, probs, y, target);
        }
    }

    /** Softmax with the max subtracted first (stable for large logits). */
    static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double z = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            z += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= z;
        }
        return p;
    }

    /** An array column or a Spark ML / MLlib vector as doubles; null stays null. */
    static double[] doubles(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof org.apache.spark.ml.linalg.Vector vec) {
            return vec.toArray();
        }
        if (v instanceof org.apache.spark.mllib.linalg.Vector vec) {
            return vec.toArray();
        }
        if (v instanceof scala.collection.Seq<?> seq) {
            double[] out = new double[seq.length()];
            for (int i = 0; i < out.length; i++) {
                Object x = seq.apply(i);
                out[i] = x == null ? Double.NaN : ((Number) x).doubleValue();
            }
            return out;
        }
        if (v instanceof List<?> list) {
            double[] out = new double[list.size()];
            for (int i = 0; i < out.length; i++) {
                Object x = list.get(i);
                out[i] = x == null ? Double.NaN : ((Number) x).doubleValue();
            }
            return out;
        }
        throw new IllegalArgumentException("not a vector: " + v.getClass().getName());
    }

    private void checkExists(DataSet set, String path) {
        try {
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.globStatus(p) == null || fs.globStatus(p).length == 0) {
                throw InputException.at(set, null, null, "input path '" + path + "' does not exist");
            }
        } catch (IOException e) {
            throw InputException.at(set, null, null, "cannot access '" + path + "': " + e.getMessage());
        }
    }

    private static boolean checkColumn(DataSet set, StructType schema, String name, boolean required,
                                       java.util.function.Predicate<DataType> typeOk, String expected) {
        StructField field = Arrays.stream(schema.fields()).filter(f -> f.name().equals(name)).findFirst().orElse(null);
        if (field == null) {
            if (required) {
                throw InputException.at(set, name, null, "column is missing; found columns: "
                        + Arrays.toString(schema.fieldNames()));
            }
            return false;
        }
        if (!typeOk.test(field.dataType())) {
            throw InputException.at(set, name, null, "has type " + field.dataType().simpleString()
                    + ", expected " + expected);
        }
        return true;
    }

    private static boolean isIdType(DataType t) {
        return t.equals(DataTypes.StringType) || t.equals(DataTypes.IntegerType) || t.equals(DataTypes.LongType)
                || t.equals(DataTypes.ShortType);
    }

    private static boolean isVectorType(DataType t) {
        if (t instanceof ArrayType a) {
            return a.elementType() instanceof NumericType;
        }
        return t.equals(SQLDataTypes.VectorType()) || t.typeName().equals("vector");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
