package io.fisherselect.job.api;

import io.fisherselect.job.score.ScoreConfig;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.plan.SelectionParams;
import io.fisherselect.math.sample.StochasticAcquisition;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The params of {@link FisherScorer} and {@link FisherScorerModel}, declared once: the shared
 * ones of {@link FisherStage} plus the scorer's {@code outputCol}; its {@code method} accepts the
 * methods with a per-item score. The estimator and its model own these params under their uid
 * (Spark ML's {@code Params} of both are this object's), and the {@code score} command builds its
 * options from them.
 *
 * <p>It extends {@link FisherStage} only to share the declarations with {@link FisherSelector};
 * it is no pipeline stage of its own: {@link #transform} refuses — fit a {@link FisherScorer}.
 */
public final class FisherScorerParams extends FisherStage<FisherScorerParams> {
    private static final long serialVersionUID = 1L;

    private final Param<String> outputCol;

    public FisherScorerParams() {
        this(Identifiable.randomUID("FisherScorer"));
    }

    /** With the uid of the scorer or model that owns the params. */
    public FisherScorerParams(String uid) {
        super(uid, Arrays.stream(AcquisitionMethod.values()).filter(AcquisitionMethod::hasItemScore)
                .map(AcquisitionMethod::cliName).toList(), AcquisitionMethod.EIG_LOGDET.cliName());
        outputCol = new Param<>(this, "outputCol", "name of the appended score column", nonBlank());
        setDefault(outputCol, "score");
    }

    @Override
    protected String canonicalMethod(String name) {
        List<AcquisitionMethod> m = ScoreConfig.parseMethods(List.of(name));
        if (m.size() != 1) {
            throw new IllegalArgumentException("one method, got '" + name + "'; valid methods: "
                    + ScoreConfig.validNames());
        }
        return m.get(0).cliName();
    }

    public Param<String> outputCol() {
        return outputCol;
    }

    public FisherScorerParams setOutputCol(String value) {
        return put(outputCol, value);
    }

    public String getOutputCol() {
        return getOrDefault(outputCol);
    }

    /**
     * The parameters the method is scored with (k = 1: a score does not depend on k; no sampling).
     *
     * @throws IllegalArgumentException e.g. for a method that needs probabilities with the
     *                                  gaussian likelihood
     */
    public SelectionParams selectionParams() {
        return selectionParams(AcquisitionMethod.fromCliName(getMethod()));
    }

    /** The parameters {@code m} is scored with: these params, k = 1, no sampling. */
    public SelectionParams selectionParams(AcquisitionMethod m) {
        return new SelectionParams(m, 1, getLambda(), getSeed(), likelihoodValue(), getNoise(), getFisherRank(),
                getBias(), kernelValue(), 1.0, 1.0, null, StochasticAcquisition.DEFAULT_BETA);
    }

    /** Refused: these are params; {@link FisherScorer#fit} a scorer and transform with its model. */
    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        throw new UnsupportedOperationException("FisherScorerParams are the params of a FisherScorer: fit a"
                + " FisherScorer on the labeled set and transform the pool with its FisherScorerModel");
    }

    /** The input schema plus the output column (double, not null), which must not exist yet. */
    @Override
    public StructType transformSchema(StructType schema) {
        requireIdColumn(schema);
        if (Arrays.asList(schema.fieldNames()).contains(getOutputCol())) {
            throw new IllegalArgumentException("output column '" + getOutputCol() + "' already exists; choose"
                    + " another with setOutputCol");
        }
        return schema.add(getOutputCol(), DataTypes.DoubleType, false);
    }

    @Override
    public FisherScorerParams copy(ParamMap extra) {
        return withSetsOf((FisherScorerParams) defaultCopy(extra));
    }
}
