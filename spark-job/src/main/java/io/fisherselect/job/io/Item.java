package io.fisherselect.job.io;

import java.io.Serializable;

/**
 * One row of an input set after parsing: the id as a string (integer ids are written in decimal),
 * the embedding, the class probabilities (null for regression) and the label (-1 when absent;
 * for regression {@code target} holds the value).
 */
public record Item(String id, double[] embedding, double[] probs, int label, double target) implements Serializable {
}
