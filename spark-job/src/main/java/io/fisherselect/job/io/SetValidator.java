package io.fisherselect.job.io;

import io.fisherselect.job.stage.FaultInjection;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Checks a parsed set row by row in one pass (plus one shuffle of ids for duplicates) before any
 * expensive stage, and fails with an {@link InputException} naming the set, column, an example
 * row id and the problem. The example is the smallest id (string order) that has the problem, so
 * the message does not depend on the partitioning or the row order; problems are reported in a
 * fixed order (ids, embedding, probabilities, labels, duplicates).
 */
public final class SetValidator {
    private final ColumnNames columns;
    private final double probabilityTolerance;
    /** per-label probabilities: any sum, all zeros allowed (no sum check, nothing to normalize) */
    private final boolean multiLabel;

    public SetValidator(ColumnNames columns, double probabilityTolerance) {
        this(columns, probabilityTolerance, false);
    }

    public SetValidator(ColumnNames columns, double probabilityTolerance, boolean multiLabel) {
        this.columns = columns;
        this.probabilityTolerance = multiLabel ? Double.POSITIVE_INFINITY : probabilityTolerance;
        this.multiLabel = multiLabel;
    }

    /**
     * The facts later stages need about a valid set.
     *
     * @param firstId        the set's smallest id (an example row for set-level messages)
     * @param classesColumn  the column C comes from (probs or logits; null when not used)
     */
    public record Shape(long count, int embeddingLength, int classes, String firstId, String classesColumn) {
    }

    /** As {@link #validate(DataSet, JavaRDD, boolean, boolean, String)} with the probs column. */
    public Shape validate(DataSet set, JavaRDD<Item> items, boolean needProbs, boolean needLabel) {
        return validate(set, items, needProbs, needLabel, columns.probs());
    }

    /**
     * @param needProbs     classification method: probabilities (or logits) must be valid
     * @param needLabel     every row needs a class index below C
     * @param classesColumn the column the probabilities come from, for messages
     * @return the set's size, embedding length and C (0 when probabilities are not used)
     */
    public Shape validate(DataSet set, JavaRDD<Item> items, boolean needProbs, boolean needLabel,
                          String classesColumn) {
        boolean p = needProbs;
        boolean l = needLabel;
        double tol = probabilityTolerance;
        SetSummary s = items.mapPartitions(it -> {
            FaultInjection.maybeFail();
            SetSummary sum = new SetSummary();
            while (it.hasNext()) {
                sum.add(it.next(), p, l, tol);
            }
            return List.of(sum).iterator();
        }).reduce(SetSummary::merge);
        if (s.count == 0) {
            throw InputException.at(set, null, null, "the set is empty (0 rows)");
        }
        if (s.nullIds > 0) {
            throw InputException.at(set, columns.id(), null, s.nullIds + " of " + s.count
                    + " row(s) have a null id; every row needs a unique id");
        }
        if (s.minId == null) {
            throw new IllegalStateException("no id");
        }
        String emb = columns.embedding();
        fail(set, s, "embedding:null", emb);
        int d = lengths(set, s.embeddingLengths, emb, "embedding has %d values, but %s %d",
                "all rows need the same embedding length");
        if (d == 0) {
            throw InputException.at(set, emb, s.embeddingLengths.get(0).minId, "embedding is empty (0 values)");
        }
        fail(set, s, "embedding:nonfinite", emb);
        int c = 0;
        if (needProbs) {
            fail(set, s, "probs:null", classesColumn);
            c = lengths(set, s.classCounts, classesColumn, "has %d classes, but %s %d",
                    "all rows need the same number of classes C");
            if (c < 2) {
                throw InputException.at(set, classesColumn, s.classCounts.get(c).minId, "has " + c
                        + " class(es); a classification needs C ≥ 2 (use --likelihood gaussian for regression)");
            }
            fail(set, s, "probs:nonfinite", classesColumn);
            fail(set, s, "probs:negative", classesColumn);
            if (!multiLabel) {
                fail(set, s, "probs:zero", classesColumn);
            }
            fail(set, s, "probs:sum", classesColumn);
        }
        fail(set, s, "label:missing", columns.label());
        fail(set, s, "label:invalid", columns.label());
        fail(set, s, "label:range", columns.label());
        List<Tuple2<String, Integer>> dup = items.mapToPair(it -> new Tuple2<>(it.id(), 1))
                .reduceByKey(Integer::sum).filter(t -> t._2() > 1).takeOrdered(1, new IdOrder());
        if (!dup.isEmpty()) {
            throw InputException.at(set, columns.id(), dup.get(0)._1(), "id occurs " + dup.get(0)._2()
                    + " times; ids must be unique");
        }
        return new Shape(s.count, d, c, s.minId, needProbs ? classesColumn : null);
    }

    /**
     * The multi-label (bernoulli) checks after {@link #validate}: every per-label probability in
     * [0, 1] (the first row by id that has one outside fails), and a warning when every row sums to
     * one — a softmax pool given to a multi-label run.
     */
    public void checkMultiLabel(DataSet set, JavaRDD<Item> items, String classesColumn) {
        List<Tuple2<String, String>> above = items
                .filter(it -> it.probs() != null && firstAboveOne(it.probs()) >= 0)
                .map(it -> new Tuple2<>(it.id(), "probabilities contain " + it.probs()[firstAboveOne(it.probs())]
                        + " at index " + firstAboveOne(it.probs())
                        + "; multi-label (--likelihood bernoulli) probabilities are per label, in [0, 1]"))
                .takeOrdered(1, new ProblemOrder());
        if (!above.isEmpty()) {
            throw InputException.at(set, classesColumn, above.get(0)._1(), above.get(0)._2());
        }
        long notSummingToOne = items.filter(it -> it.probs() != null && Math.abs(sum(it.probs()) - 1.0) > 1e-6).count();
        if (notSummingToOne == 0) {
            org.apache.logging.log4j.LogManager.getLogger(SetValidator.class).warn("{}: every row's probabilities in"
                    + " '{}' sum to 1, as a softmax's do; --likelihood bernoulli reads them as independent per-label"
                    + " probabilities (use --likelihood softmax for single-label classes)", set, classesColumn);
        }
    }

    private static int firstAboveOne(double[] p) {
        for (int j = 0; j < p.length; j++) {
            if (p[j] > 1.0) {
                return j;
            }
        }
        return -1;
    }

    private static double sum(double[] p) {
        double s = 0;
        for (double x : p) {
            s += x;
        }
        return s;
    }

    /** Orders (id, problem) pairs by id, for a deterministic example. */
    static final class ProblemOrder implements java.util.Comparator<Tuple2<String, String>>, java.io.Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public int compare(Tuple2<String, String> a, Tuple2<String, String> b) {
            return a._1().compareTo(b._1());
        }
    }

    /**
     * The one length every row has; otherwise fails naming the smallest id whose length differs
     * from the majority's, e.g. "embedding has 4 values, but 39 of 40 rows have 3 (e.g. row id
     * 'p1'); all rows need the same embedding length".
     */
    private static int lengths(DataSet set, java.util.TreeMap<Integer, SetSummary.Length> lengths, String column,
                               String format, String rule) {
        int majority = SetSummary.majority(lengths);
        if (lengths.size() > 1) {
            Object[] other = SetSummary.firstOther(lengths, majority);
            long total = lengths.values().stream().mapToLong(x -> x.count).sum();
            SetSummary.Length m = lengths.get(majority);
            String rows = m.count + " of " + total + " rows have";
            throw InputException.at(set, column, (String) other[0], String.format(java.util.Locale.ROOT, format,
                    (Integer) other[1], rows, majority) + " (e.g. row id '" + m.minId + "'); " + rule);
        }
        return majority;
    }

    private static void fail(DataSet set, SetSummary s, String kind, String column) {
        String[] p = s.problems.get(kind);
        if (p != null) {
            throw InputException.at(set, column, p[0], p[1]);
        }
    }

    /** Orders (id, count) pairs by id, for a deterministic example. */
    static final class IdOrder implements java.util.Comparator<Tuple2<String, Integer>>, java.io.Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public int compare(Tuple2<String, Integer> a, Tuple2<String, Integer> b) {
            return a._1().compareTo(b._1());
        }
    }
}
