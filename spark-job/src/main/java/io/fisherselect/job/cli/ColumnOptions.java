package io.fisherselect.job.cli;

import io.fisherselect.job.api.FisherStage;
import picocli.CommandLine.Option;

/** The data contract's column names as options (a picocli mixin of {@code select} and {@code score}). */
final class ColumnOptions {
    @Option(names = "--id-col", defaultValue = "id", description = "id column")
    String idCol;

    @Option(names = "--embedding-col", defaultValue = "embedding", description = "embedding column")
    String embeddingCol;

    @Option(names = "--probs-col", defaultValue = "probs", description = "probabilities column")
    String probsCol;

    @Option(names = "--logits-col", defaultValue = "logits", description = "logits column (used when probs is absent)")
    String logitsCol;

    @Option(names = "--label-col", defaultValue = "label", description = "label column")
    String labelCol;

    /** Sets the column params of the API's selector or scorer. */
    <T extends FisherStage<T>> T applyTo(T stage) {
        return stage.setIdCol(idCol).setEmbeddingCol(embeddingCol).setProbsCol(probsCol).setLogitsCol(logitsCol)
                .setLabelCol(labelCol);
    }
}
