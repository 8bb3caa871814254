package io.fisherselect.job.io;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one pass over a set learns about it: its size, its smallest id, how many rows have each
 * embedding and probability length (with the smallest id of each), and for each kind of row
 * problem the smallest row id that has it (so the message is the same however the set is
 * partitioned or ordered). Merged across partitions by {@link #merge}.
 */
final class SetSummary implements Serializable {
    private static final long serialVersionUID = 2L;

    /** Rows of one length: how many, and the smallest id among them. */
    static final class Length implements Serializable {
        private static final long serialVersionUID = 1L;
        long count;
        String minId;

        void add(long n, String id) {
            count += n;
            if (minId == null || id.compareTo(minId) < 0) {
                minId = id;
            }
        }
    }

    long count;
    long nullIds;
    String minId;
    /** embedding length → rows */
    final TreeMap<Integer, Length> embeddingLengths = new TreeMap<>();
    /** probability vector length (C) → rows */
    final TreeMap<Integer, Length> classCounts = new TreeMap<>();
    /** problem kind → {smallest id having it, detail} */
    final TreeMap<String, String[]> problems = new TreeMap<>();

    void problem(String kind, String id, String detail) {
        String[] cur = problems.get(kind);
        if (cur == null || id.compareTo(cur[0]) < 0) {
            problems.put(kind, new String[] {id, detail});
        }
    }

    /**
     * @param needProbs  check the probabilities (classification)
     * @param needLabel  check that the label is a class index below C
     * @param tolerance  accepted |Σπ − 1| (infinite with --renormalize)
     */
    void add(Item it, boolean needProbs, boolean needLabel, double tolerance) {
        count++;
        if (it.id() == null) {
            nullIds++;
            return;
        }
        String id = it.id();
        if (minId == null || id.compareTo(minId) < 0) {
            minId = id;
        }
        Item.Problem parsed = it.problem();
        double[] e = it.embedding();
        if (e == null) {
            problem("embedding:null", id, "embedding is null");
        } else {
            embeddingLengths.computeIfAbsent(e.length, l -> new Length()).add(1, id);
            if (parsed != null && parsed.field() == Item.Field.EMBEDDING) {
                problem("embedding:nonfinite", id, parsed.detail());
            } else {
                int bad = ItemReader.firstNonFinite(e);
                if (bad >= 0) {
                    problem("embedding:nonfinite", id, "embedding contains " + e[bad] + " at index " + bad);
                }
            }
        }
        double[] p = it.probs();
        if (needProbs) {
            if (p == null) {
                problem("probs:null", id, "probabilities are null");
            } else {
                classCounts.computeIfAbsent(p.length, l -> new Length()).add(1, id);
                if (parsed != null && parsed.field() == Item.Field.PROBABILITIES) {
                    problem("probs:nonfinite", id, parsed.detail());
                } else {
                    checkProbabilities(p, id, tolerance);
                }
            }
        }
        if (needLabel) {
            if (it.label() == -1) {
                problem("label:missing", id, "label is missing (null)");
            } else if (it.label() < 0) {
                problem("label:invalid", id, "label " + number(it.target()) + " is not a class index (an integer ≥ 0)");
            } else if (p != null && it.label() >= p.length) {
                problem("label:range", id, "label " + it.label() + " is out of range for C = " + p.length
                        + " classes (valid: 0.." + (p.length - 1) + ")");
            }
        }
    }

    private void checkProbabilities(double[] p, String id, double tolerance) {
        double s = 0;
        for (int j = 0; j < p.length; j++) {
            double x = p[j];
            if (!Double.isFinite(x)) {
                problem("probs:nonfinite", id, "probabilities contain " + x + " at index " + j);
                return;
            }
            if (x < 0) {
                problem("probs:negative", id, "probabilities contain a negative value " + x + " at index " + j);
                return;
            }
            s += x;
        }
        if (!(s > 0)) {
            problem("probs:zero", id, "probabilities are all 0, so they cannot be normalized");
        } else if (Math.abs(s - 1.0) > tolerance) {
            problem("probs:sum", id, "probabilities sum to " + rounded(s) + ", not 1 (tolerance " + tolerance
                    + ", --prob-tolerance; --renormalize accepts and fixes this)");
        }
    }

    /** 12 significant digits: 1.2 rather than 1.1999999999999997, 1.000000002 still visible. */
    static String rounded(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(12)).stripTrailingZeros().toPlainString();
    }

    /** 3 rather than 3.0; other values as Java prints them. */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    SetSummary merge(SetSummary o) {
        count += o.count;
        nullIds += o.nullIds;
        if (o.minId != null && (minId == null || o.minId.compareTo(minId) < 0)) {
            minId = o.minId;
        }
        mergeLengths(embeddingLengths, o.embeddingLengths);
        mergeLengths(classCounts, o.classCounts);
        for (var e : o.problems.entrySet()) {
            problem(e.getKey(), e.getValue()[0], e.getValue()[1]);
        }
        return this;
    }

    private static void mergeLengths(TreeMap<Integer, Length> into, TreeMap<Integer, Length> from) {
        for (Map.Entry<Integer, Length> e : from.entrySet()) {
            into.computeIfAbsent(e.getKey(), l -> new Length()).add(e.getValue().count, e.getValue().minId);
        }
    }

    /**
     * The length most rows have (ties: the one whose smallest id is smallest), so that a message
     * can name a row that differs from the rest rather than an arbitrary one.
     */
    static int majority(TreeMap<Integer, Length> lengths) {
        int best = -1;
        Length bestLength = null;
        for (Map.Entry<Integer, Length> e : lengths.entrySet()) {
            Length l = e.getValue();
            if (bestLength == null || l.count > bestLength.count
                    || (l.count == bestLength.count && l.minId.compareTo(bestLength.minId) < 0)) {
                best = e.getKey();
                bestLength = l;
            }
        }
        return best;
    }

    /** The smallest id among rows whose length is not {@code majority}, with that length: {id, length}. */
    static Object[] firstOther(TreeMap<Integer, Length> lengths, int majority) {
        String id = null;
        int length = -1;
        for (Map.Entry<Integer, Length> e : lengths.entrySet()) {
            if (e.getKey() != majority && (id == null || e.getValue().minId.compareTo(id) < 0)) {
                id = e.getValue().minId;
                length = e.getKey();
            }
        }
        return new Object[] {id, length};
    }
}
