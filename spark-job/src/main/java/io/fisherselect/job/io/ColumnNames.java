package io.fisherselect.job.io;

import java.io.Serializable;

/**
 * Column names of the data contract, configurable per run.
 *
 * @param id        unique string or integer id
 * @param embedding array of float/double or a Spark ML vector
 * @param probs     class probabilities (array or vector of length C)
 * @param logits    logits, used when {@code probs} is absent (softmax is applied)
 * @param label     integer class index (or a double target for regression)
 */
public record ColumnNames(String id, String embedding, String probs, String logits, String label)
        implements Serializable {

    public static ColumnNames defaults() {
        return new ColumnNames("id", "embedding", "probs", "logits", "label");
    }
}
