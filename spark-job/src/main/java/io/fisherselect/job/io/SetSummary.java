package io.fisherselect.job.io;

import java.io.Serializable;

/**
 * What one pass over a set learns about it: its size, the embedding and probability lengths, and
 * for each kind of row problem the smallest row id that has it (so the message is the same however
 * the set is partitioned). Merged across partitions by {@link #merge}.
 */
final class SetSummary implements Serializable {
    private static final long serialVersionUID = 1L;

    long count;
    long nullIds;
    int minEmb = Integer.MAX_VALUE;
    String minEmbId;
    int maxEmb = -1;
    String maxEmbId;
    int minProbs = Integer.MAX_VALUE;
    String minProbsId;
    int maxProbs = -1;
    String maxProbsId;
    int maxLabel = -1;
    String maxLabelId;
    /** problem kind → smallest id having it, with a detail */
    final java.util.TreeMap<String, String[]> problems = new java.util.TreeMap<>();

    void problem(String kind, String id, String detail) {
        String[] cur = problems.get(kind);
        if (cur == null || id.compareTo(cur[0]) < 0) {
            problems.put(kind, new String[] {id, detail});
        }
    }

    void add(Item it, boolean needProbs, boolean needLabel, double tolerance) {
        count++;
        if (it.id() == null) {
            nullIds++;
            return;
        }
        String id = it.id();
        double[] e = it.embedding();
        if (e == null) {
            problem("embedding:null", id, "embedding is null");
        } else {
            if (e.length < minEmb || (e.length == minEmb && id.compareTo(minEmbId) < 0)) {
                minEmb = e.length;
                minEmbId = id;
            }
            if (e.length > maxEmb || (e.length == maxEmb && id.compareTo(maxEmbId) < 0)) {
                maxEmb = e.length;
                maxEmbId = id;
            }
            for (double x : e) {
                if (!Double.isFinite(x)) {
                    problem("embedding:nonfinite", id, "embedding contains " + x);
                    break;
                }
            }
        }
        double[] p = it.probs();
        if (needProbs) {
            if (p == null) {
                problem("probs:null", id, "probabilities are null");
            } else {
                if (p.length < minProbs || (p.length == minProbs && id.compareTo(minProbsId) < 0)) {
                    minProbs = p.length;
                    minProbsId = id;
                }
                if (p.length > maxProbs || (p.length == maxProbs && id.compareTo(maxProbsId) < 0)) {
                    maxProbs = p.length;
                    maxProbsId = id;
                }
                double s = 0;
                boolean finite = true;
                for (double x : p) {
                    if (!Double.isFinite(x)) {
                        problem("probs:nonfinite", id, "probabilities contain " + x);
                        finite = false;
                        break;
                    }
                    if (x < 0) {
                        problem("probs:negative", id, "probabilities contain a negative value " + x);
                    }
                    s += x;
                }
                if (finite && Math.abs(s - 1.0) > tolerance) {
                    problem("probs:sum", id, "probabilities sum to " + s + ", not 1 (tolerance " + tolerance
                            + "; --renormalize accepts and fixes this)");
                }
            }
        }
        if (needLabel) {
            if (it.label() == -1) {
                problem("label:missing", id, "label is missing");
            } else if (it.label() < 0) {
                problem("label:invalid", id, "label " + it.target() + " is not a class index (an integer ≥ 0)");
            } else if (it.label() > maxLabel || (it.label() == maxLabel && id.compareTo(maxLabelId) < 0)) {
                maxLabel = it.label();
                maxLabelId = id;
            }
        }
    }

    SetSummary merge(SetSummary o) {
        count += o.count;
        nullIds += o.nullIds;
        if (o.minEmbId != null && (minEmbId == null || o.minEmb < minEmb
                || (o.minEmb == minEmb && o.minEmbId.compareTo(minEmbId) < 0))) {
            minEmb = o.minEmb;
            minEmbId = o.minEmbId;
        }
        if (o.maxEmbId != null && (maxEmbId == null || o.maxEmb > maxEmb
                || (o.maxEmb == maxEmb && o.maxEmbId.compareTo(maxEmbId) < 0))) {
            maxEmb = o.maxEmb;
            maxEmbId = o.maxEmbId;
        }
        if (o.minProbsId != null && (minProbsId == null || o.minProbs < minProbs
                || (o.minProbs == minProbs && o.minProbsId.compareTo(minProbsId) < 0))) {
            minProbs = o.minProbs;
            minProbsId = o.minProbsId;
        }
        if (o.maxProbsId != null && (maxProbsId == null || o.maxProbs > maxProbs
                || (o.maxProbs == maxProbs && o.maxProbsId.compareTo(maxProbsId) < 0))) {
            maxProbs = o.maxProbs;
            maxProbsId = o.maxProbsId;
        }
        if (o.maxLabelId != null && (maxLabelId == null || o.maxLabel > maxLabel
                || (o.maxLabel == maxLabel && o.maxLabelId.compareTo(maxLabelId) < 0))) {
            maxLabel = o.maxLabel;
            maxLabelId = o.maxLabelId;
        }
        for (var e : o.problems.entrySet()) {
            problem(e.getKey(), e.getValue()[0], e.getValue()[1]);
        }
        return this;
    }
}
