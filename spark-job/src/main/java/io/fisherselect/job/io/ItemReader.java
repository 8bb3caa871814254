package io.fisherselect.job.io;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads one input set (any Spark source, path or Hadoop URI), checks its schema against the data
 * contract before any job runs, and parses rows into {@link Item}s. Row-level problems (NaN,
 * lengths, probabilities, duplicates) are found by {@link SetValidator} in one pass afterwards;
 * what only the raw row shows (a null inside an array, a non-finite logit before the softmax)
 * travels with the item as its {@link Item.Problem}.
 */
public final class ItemReader {
    private static final Logger LOG = LogManager.getLogger(ItemReader.class);

    private static final String VECTOR = "an array of numbers or a Spark ML vector";
    private static final String CLASS_INDEX = "a number (integer class index)";
    private static final String ID = "a string or integer";
    /** how JSON schema inference writes an array it had to merge with strings */
    private static final Pattern NUMERIC_JSON_ARRAY = Pattern.compile(
            "\\s*\\[\\s*(?:[-+]?(?:[0-9.eE+-]+|NaN|Infinity|INF)\\s*(?:,\\s*|(?=])))*]\\s*");

    private final SparkSession spark;
    private final ColumnNames columns;

    public ItemReader(SparkSession spark, ColumnNames columns) {
        this.spark = spark;
        this.columns = columns;
    }

    /** How a set's label column is used. */
    public enum LabelUse {
        /** every row needs a valid class index (grand, el2n on the pool) */
        REQUIRED,
        /** used, and then validated, when the column is present (query and private sets) */
        IF_PRESENT,
        /** not used: parsed when present with a numeric type, never validated */
        IGNORED
    }

    /** What a method needs from a set. */
    public record Needs(boolean embedding, boolean probabilities, LabelUse labelUse) {
        /** {@code label}: required, else ignored */
        public Needs(boolean embedding, boolean probabilities, boolean label) {
            this(embedding, probabilities, label ? LabelUse.REQUIRED : LabelUse.IGNORED);
        }

        public boolean label() {
            return labelUse == LabelUse.REQUIRED;
        }
    }

    /**
     * A set as read: its rows and which optional columns it has (with a usable type).
     * {@code hasLogits} is false when {@code probs} is present (the logits are then not read).
     */
    public record ReadSet(DataSet set, String path, Dataset<Row> frame, boolean hasProbs, boolean hasLogits,
                          boolean hasLabel) {

        /** The column the class probabilities come from, for messages: probs, else logits. */
        public String classesColumn(ColumnNames c) {
            return hasProbs ? c.probs() : hasLogits ? c.logits() : c.probs();
        }
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
        } catch (Exception e) { // also Spark's SparkException, which Java sees as checked
            throw InputException.at(set, null, null, "cannot read '" + path + "' as " + f.sparkName()
                    + " (" + rootMessage(e) + "); use --format to name the format");
        }
        return check(set, path, df, needs, f.sparkName());
    }

    private ReadSet check(DataSet set, String path, Dataset<Row> df, Needs needs, String formatName) {
        StructType schema = df.schema();
        if (schema.fields().length == 0) {
            throw InputException.at(set, null, null, "the set is empty: '" + path + "' has no " + formatName
                    + " records");
        }
        String corrupt = spark.conf().get("spark.sql.columnNameOfCorruptRecord", "_corrupt_record");
        if (Arrays.asList(schema.fieldNames()).contains(corrupt) && !isContractColumn(corrupt)) {
            malformed(set, path, df, corrupt, formatName);
        }
        checkColumn(set, df, columns.id(), true, Expect.ID);
        checkColumn(set, df, columns.embedding(), needs.embedding(), Expect.VECTOR);
        boolean hasProbs = checkColumn(set, df, columns.probs(), false, Expect.VECTOR);
        boolean hasLogits = !hasProbs && checkColumn(set, df, columns.logits(), false, Expect.VECTOR);
        if (needs.probabilities() && !hasProbs && !hasLogits) {
            throw InputException.at(set, columns.probs(), null, "neither '" + columns.probs() + "' nor '"
                    + columns.logits() + "' is present, but the method needs class probabilities (or use"
                    + " --likelihood gaussian for regression); found columns: " + found(schema));
        }
        boolean hasLabel = switch (needs.labelUse()) {
            case REQUIRED -> checkColumn(set, df, columns.label(), true, Expect.CLASS_INDEX);
            case IF_PRESENT -> checkColumn(set, df, columns.label(), false, Expect.CLASS_INDEX);
            case IGNORED -> hasField(schema, columns.label())
                    && schema.apply(columns.label()).dataType() instanceof NumericType;
        };
        return new ReadSet(set, path, df, hasProbs, hasLogits, hasLabel);
    }

    private boolean isContractColumn(String name) {
        return name.equals(columns.id()) || name.equals(columns.embedding()) || name.equals(columns.probs())
                || name.equals(columns.logits()) || name.equals(columns.label());
    }

    /** JSON (or CSV) records the source could not parse: refused with a count and an example. */
    private void malformed(DataSet set, String path, Dataset<Row> df, String corrupt, String formatName) {
        // Spark refuses a query on a raw JSON file that references only the corrupt-record column
        Dataset<Row> cached = df.cache();
        try {
            Row r = cached.where(functions.col(corrupt).isNotNull())
                    .agg(functions.count(functions.lit(1)), functions.min(functions.col(corrupt))).first();
            long n = r.getLong(0);
            if (n > 0) {
                throw InputException.at(set, null, null, "'" + path + "' is not valid " + formatName + ": " + n
                        + " malformed record(s), e.g. " + preview(r.getString(1))
                        + " (use --format to name the format)");
            }
        } finally {
            cached.unpersist(false);
        }
    }

    /** The parsed rows; probabilities from {@code probs}, else the softmax of {@code logits}. */
    public JavaRDD<Item> items(ReadSet rs, boolean regression) {
        return rs.frame().javaRDD().map(parser(rs, regression));
    }

    /** As {@link #items(ReadSet, boolean)}; with {@code multiLabel}, logits go through a sigmoid per label. */
    public JavaRDD<Item> items(ReadSet rs, boolean regression, boolean multiLabel) {
        RowParser p = parser(rs, regression);
        return rs.frame().javaRDD().map(multiLabel ? p.multiLabel() : p);
    }

    /**
     * The function that parses one row of the set into an {@link Item} (serializable, for use in
     * tasks that keep the row too, like the Java API's scorer).
     */
    public RowParser parser(ReadSet rs, boolean regression) {
        StructType schema = rs.frame().schema();
        int idI = schema.fieldIndex(columns.id());
        int embI = hasField(schema, columns.embedding()) ? schema.fieldIndex(columns.embedding()) : -1;
        int probsI = rs.hasProbs() && !regression ? schema.fieldIndex(columns.probs()) : -1;
        int logitsI = !rs.hasProbs() && rs.hasLogits() && !regression ? schema.fieldIndex(columns.logits()) : -1;
        int labelI = rs.hasLabel() ? schema.fieldIndex(columns.label()) : -1;
        return new RowParser(idI, embI, probsI, logitsI, labelI);
    }

    /** Parses a row of the set's schema; column indices are -1 for columns not read. */
    public record RowParser(int idI, int embI, int probsI, int logitsI, int labelI, boolean sigmoid)
            implements Function<Row, Item> {
        public RowParser(int idI, int embI, int probsI, int logitsI, int labelI) {
            this(idI, embI, probsI, logitsI, labelI, false);
        }

        /** The same parser with logits through a sigmoid per label (multi-label) instead of a softmax. */
        public RowParser multiLabel() {
            return new RowParser(idI, embI, probsI, logitsI, labelI, true);
        }

        @Override
        public Item call(Row row) {
            return parse(row, idI, embI, probsI, logitsI, labelI, sigmoid);
        }
    }

    /** One row as an {@link Item}; column indices are -1 for columns not read. */
    static Item parse(Row row, int idI, int embI, int probsI, int logitsI, int labelI) {
        return parse(row, idI, embI, probsI, logitsI, labelI, false);
    }

    static Item parse(Row row, int idI, int embI, int probsI, int logitsI, int labelI, boolean sigmoid) {
        String id = row.isNullAt(idI) ? null : row.get(idI).toString();
        Item.Problem problem = null;
        double[] emb = null;
        if (embI >= 0) {
            Object raw = row.get(embI);
            emb = doubles(raw);
            int n = firstNullElement(raw, emb);
            if (n >= 0) {
                problem = new Item.Problem(Item.Field.EMBEDDING, "embedding has a null at index " + n);
            }
        }
        double[] probs = null;
        if (probsI >= 0) {
            Object raw = row.get(probsI);
            probs = doubles(raw);
            int n = firstNullElement(raw, probs);
            if (n >= 0 && problem == null) {
                problem = new Item.Problem(Item.Field.PROBABILITIES, "probabilities have a null at index " + n);
            }
        } else if (logitsI >= 0) {
            Object raw = row.get(logitsI);
            double[] logits = doubles(raw);
            if (logits != null) {
                int bad = firstNonFinite(logits);
                if (bad >= 0 && problem == null) {
                    int n = firstNullElement(raw, logits);
                    problem = new Item.Problem(Item.Field.PROBABILITIES, n >= 0
                            ? "logits have a null at index " + n
                            : "logits contain " + logits[bad] + " at index " + bad + " (the softmax needs finite logits)");
                }
                probs = sigmoid ? sigmoid(logits) : softmax(logits);
            }
        }
        int y = -1;
        double target = Double.NaN;
        if (labelI >= 0 && !row.isNullAt(labelI) && row.get(labelI) instanceof Number n) {
            target = n.doubleValue();
            y = target == Math.rint(target) && target >= 0 && target < Integer.MAX_VALUE ? (int) target : -2;
        }
        return new Item(id, emb, probs, y, target, problem);
    }

    /** σ(z) = 1 / (1 + e^−z) per label (multi-label: independent outputs), without overflow for large |z|. */
    static double[] sigmoid(double[] logits) {
        double[] p = new double[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = io.fisherselect.math.fit.SigmoidMapFit.sigmoid(logits[i]);
        }
        return p;
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

    /** An array column or a Spark ML / MLlib vector as doubles; null stays null, null elements become NaN. */
    public static double[] doubles(Object v) {
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

    /** The index of the first null element of the array {@code raw} parsed as {@code parsed}, or -1. */
    private static int firstNullElement(Object raw, double[] parsed) {
        if (parsed == null) {
            return -1;
        }
        for (int i = 0; i < parsed.length; i++) {
            if (Double.isNaN(parsed[i])) {
                Object x = raw instanceof scala.collection.Seq<?> seq ? seq.apply(i)
                        : raw instanceof List<?> list ? list.get(i) : parsed[i];
                if (x == null) {
                    return i;
                }
            }
        }
        return -1;
    }

    static int firstNonFinite(double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                return i;
            }
        }
        return -1;
    }

    private void checkExists(DataSet set, String path) {
        try {
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            FileStatus[] found = fs.globStatus(p);
            if (found == null || found.length == 0) {
                throw InputException.at(set, null, null, "input path '" + path + "' does not exist");
            }
        } catch (IOException | IllegalArgumentException e) {
            throw InputException.at(set, null, null, "cannot access '" + path + "': " + e.getMessage());
        }
    }

    /** What a column must hold. */
    enum Expect {
        ID(ItemReader.ID), VECTOR(ItemReader.VECTOR), CLASS_INDEX(ItemReader.CLASS_INDEX);

        final String description;

        Expect(String description) {
            this.description = description;
        }

        boolean typeOk(DataType t) {
            return switch (this) {
                case ID -> t.equals(DataTypes.StringType) || t.equals(DataTypes.IntegerType)
                        || t.equals(DataTypes.LongType) || t.equals(DataTypes.ShortType);
                case VECTOR -> t instanceof ArrayType a ? a.elementType() instanceof NumericType
                        : t.equals(SQLDataTypes.VectorType()) || t.typeName().equals("vector");
                case CLASS_INDEX -> t instanceof NumericType;
            };
        }

        /** Whether one value of a wrongly typed column would have been fine (to find the row that is not). */
        boolean valueOk(Object v) {
            if (v == null) {
                return true;
            }
            return switch (this) {
                case ID -> v instanceof String || v instanceof Integer || v instanceof Long || v instanceof Short;
                case VECTOR -> {
                    if (v instanceof String s) {
                        yield NUMERIC_JSON_ARRAY.matcher(s).matches();
                    }
                    if (v instanceof scala.collection.Seq<?> seq) {
                        for (int i = 0; i < seq.length(); i++) {
                            if (!isNumber(seq.apply(i))) {
                                yield false;
                            }
                        }
                        yield true;
                    }
                    yield v instanceof org.apache.spark.ml.linalg.Vector;
                }
                case CLASS_INDEX -> isNumber(v);
            };
        }

        private static boolean isNumber(Object x) {
            if (x == null || x instanceof Number) {
                return true;
            }
            if (x instanceof String s) {
                try {
                    Double.parseDouble(s.trim());
                    return true;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
            return false;
        }
    }

    /**
     * Checks that column {@code name} exists (when required) with a usable type.
     *
     * @return whether the column can be used; an optional column of the wrong type that holds no
     *         value at all (JSON infers such a column as string) counts as absent
     */
    private boolean checkColumn(DataSet set, Dataset<Row> df, String name, boolean required, Expect expect) {
        StructType schema = df.schema();
        if (!hasField(schema, name)) {
            if (required) {
                throw InputException.at(set, name, null, "column is missing; found columns: " + found(schema));
            }
            return false;
        }
        DataType type = schema.apply(name).dataType();
        if (expect.typeOk(type)) {
            return true;
        }
        if (expect == Expect.ID) {
            throw InputException.at(set, name, null, "has type " + type.simpleString() + ", expected "
                    + expect.description);
        }
        String[] example = example(df, name, expect);
        if (example == null) {
            if (!required) {
                LOG.warn("{}: column '{}' has no values (type {}); treated as absent", set, name,
                        type.simpleString());
                return false;
            }
            throw InputException.at(set, name, null, "has no values (every row is null), expected "
                    + expect.description);
        }
        throw InputException.at(set, name, example[0], "has type " + type.simpleString() + " (this row's value: "
                + example[1] + "), expected " + expect.description);
    }

    /**
     * An example row of a wrongly typed column: the smallest id whose value would not fit the
     * contract even as text (e.g. {@code "abc"} in an embedding column JSON inferred as string),
     * else the smallest id with a value; {id, value preview}, or null when every value is null.
     */
    private String[] example(Dataset<Row> df, String name, Expect expect) {
        String[] none = new String[0];
        String[] best = df.select(functions.col(columns.id()), functions.col(name)).javaRDD()
                .filter(r -> !r.isNullAt(0) && !r.isNullAt(1))
                .map(r -> new String[] {r.get(0).toString(), preview(r.get(1)), expect.valueOk(r.get(1)) ? "1" : "0"})
                .fold(none, ItemReader::betterExample);
        return best.length == 0 ? null : best;
    }

    /** Rows that do not fit first, then the smaller id. */
    private static String[] betterExample(String[] a, String[] b) {
        if (a.length == 0) {
            return b;
        }
        if (b.length == 0) {
            return a;
        }
        int fit = a[2].compareTo(b[2]);
        if (fit != 0) {
            return fit < 0 ? a : b;
        }
        return a[0].compareTo(b[0]) <= 0 ? a : b;
    }

    /** A value for a message: strings quoted, everything cut to about 60 characters. */
    static String preview(Object v) {
        String s;
        if (v instanceof String str) {
            s = '"' + str + '"';
        } else if (v instanceof scala.collection.Seq<?> seq) {
            s = seq.mkString("[", ", ", "]");
        } else {
            s = String.valueOf(v);
        }
        s = s.replaceAll("\\s+", " ");
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    private static boolean hasField(StructType schema, String name) {
        return Arrays.asList(schema.fieldNames()).contains(name);
    }

    private static String found(StructType schema) {
        StringBuilder b = new StringBuilder();
        for (StructField f : schema.fields()) {
            b.append(b.length() == 0 ? "" : ", ").append(f.name()).append(" (").append(f.dataType().simpleString())
                    .append(')');
        }
        return b.toString();
    }

    /** The first line of the innermost cause's message (the most specific), cut to 200 characters. */
    static String rootMessage(Throwable e) {
        String m = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                m = t.getMessage();
            }
        }
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        m = (nl < 0 ? m : m.substring(0, nl)).trim();
        return m.length() > 200 ? m.substring(0, 197) + "..." : m;
    }
}
