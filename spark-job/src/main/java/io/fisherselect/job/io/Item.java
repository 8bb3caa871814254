package io.fisherselect.job.io;

import java.io.Serializable;

/**
 * One row of an input set after parsing: the id as a string (integer ids are written in decimal),
 * the embedding, the class probabilities (null for regression) and the label (-1 when absent,
 * -2 when not a class index; for regression {@code target} holds the value).
 *
 * @param problem what parsing found wrong with the row before any value was computed from it (a
 *                null inside an array, a non-finite logit), or null; {@link SetValidator} reports
 *                it, so a valid set's items all have none
 */
public record Item(String id, double[] embedding, double[] probs, int label, double target, Problem problem)
        implements Serializable {

    public Item(String id, double[] embedding, double[] probs, int label, double target) {
        this(id, embedding, probs, label, target, null);
    }

    /** Which value a parse problem is in. */
    public enum Field { EMBEDDING, PROBABILITIES }

    /** A problem found while parsing a row, with the message detail. */
    public record Problem(Field field, String detail) implements Serializable {
    }
}
