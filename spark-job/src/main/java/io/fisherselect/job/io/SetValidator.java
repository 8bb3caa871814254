package io.fisherselect.job.io;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Checks a parsed set row by row in one pass (plus one shuffle of ids for duplicates) before any
 * expensive stage, and fails with an {@link InputException} naming the set, column, an example
 * row id and the problem.
 */
public final class SetValidator {
    private final ColumnNames columns;
    private final double probabilityTolerance;

    public SetValidator(ColumnNames columns, double probabilityTolerance) {
        this.columns = columns;
        this.probabilityTolerance = probabilityTolerance;
    }

    /** The facts later stages need about a valid set. */
    public record Shape(long count, int embeddingLength, int classes) {
    }

    /**
     * @param needProbs   classification method: probabilities (or logits) must be valid
     * @param needLabel   the method needs a label per row
     * @return the set's size, embedding length and C (0 when probabilities are not used)
     */
    public Shape validate(DataSet set, JavaRDD<Item> items, boolean needProbs, boolean needLabel) {
        boolean p = needProbs;
        boolean l = needLabel;
        double tol = probabilityTolerance;
        SetSummary s = items.mapPartitions(it -> {
            SetSummary sum = new SetSummary();
            while (it.hasNext()) {
                sum.add(it.next(), p, l, tol);
            }
            return List.of(sum).iterator();
        }).reduce(SetSummary::merge);
        if (s.count == 0) {
            throw InputException.at(set, null, null, "the set is empty");
        }
        if (s.nullIds > 0) {
            throw InputException.at(set, columns.id(), null, s.nullIds + " row(s) have a null id");
        }
        fail(set, s, "embedding:null", columns.embedding());
        if (s.minEmb != s.maxEmb) {
            throw InputException.at(set, columns.embedding(), s.minEmbId, "embedding has " + s.minEmb
                    + " values but row id '" + s.maxEmbId + "' has " + s.maxEmb + "; all rows need the same length");
        }
        if (s.minEmb == 0) {
            throw InputException.at(set, columns.embedding(), s.minEmbId, "embedding is empty");
        }
        fail(set, s, "embedding:nonfinite", columns.embedding());
        String probCol = columns.probs() + "/" + columns.logits();
        fail(set, s, "probs:null", probCol);
        if (needProbs && s.minProbs != s.maxProbs) {
            throw InputException.at(set, probCol, s.minProbsId, "has " + s.minProbs + " classes but row id '"
                    + s.maxProbsId + "' has " + s.maxProbs + "; all rows need the same number of classes C");
        }
        fail(set, s, "probs:nonfinite", probCol);
        fail(set, s, "probs:negative", probCol);
        fail(set, s, "probs:sum", probCol);
        fail(set, s, "label:missing", columns.label());
        fail(set, s, "label:invalid", columns.label());
        int c = needProbs ? s.minProbs : 0;
        if (needLabel && needProbs && s.maxLabel >= c) {
            throw InputException.at(set, columns.label(), s.maxLabelId, "label " + s.maxLabel
                    + " is out of range for C = " + c + " classes (valid: 0.." + (c - 1) + ")");
        }
        List<Tuple2<String, Integer>> dup = items.mapToPair(it -> new Tuple2<>(it.id(), 1))
                .reduceByKey(Integer::sum).filter(t -> t._2() > 1).takeOrdered(1, new IdOrder());
        if (!dup.isEmpty()) {
            throw InputException.at(set, columns.id(), dup.get(0)._1(), "id occurs " + dup.get(0)._2()
                    + " times; ids must be unique");
        }
        return new Shape(s.count, s.minEmb, c);
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
