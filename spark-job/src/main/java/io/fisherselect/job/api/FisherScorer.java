package io.fisherselect.job.api;

import io.fisherselect.job.io.JobInputs;
import io.fisherselect.job.io.SetSource;
import io.fisherselect.math.plan.SelectionParams;
import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML {@link Estimator} of one method's per-item score: {@link #fit} on the labeled set
 * computes what the labeled set determines — Σ_labeled F of H = λI + Σ_labeled F (Kirsch &amp;
 * Gal 2022, eqs. (19)–(20)), and the eval set's mean Fisher of {@code epig-logdet} when one is
 * given — and returns a {@link FisherScorerModel} that appends the score to every row of any pool.
 * The scores are those of the {@code score} command and of {@code select}'s top-k: a top-k
 * method's score ({@code entropy}, {@code margin}, {@code egl}, {@code eig-trace}, {@code grand},
 * …) or the single-item gain of {@code eig-logdet}, {@code epig-logdet} or {@code logdet} (the
 * gain the greedy would give the item as its first pick).
 *
 * <pre>{@code
 * FisherScorerModel model = new FisherScorer(new FisherScorerParams()
 *         .setMethod("eig-trace").setLambda(0.5).setOutputCol("informativeness"))
 *         .fit(labeled);                // Σ_labeled F, one Spark job
 * Dataset<Row> scored = model.transform(pool);   // the pool's rows and columns, plus informativeness
 * }</pre>
 *
 * <p>Without a labeled set (H = λI) fit on an empty frame, e.g. {@code pool.limit(0)}: an empty
 * labeled set is not read. The params are a {@link FisherScorerParams} (declared once, shared
 * with the {@code score} command's options); this estimator owns them under its uid, so
 * {@code explainParams}, {@code getParam}, {@code copy} and save/load see every one of them.
 * Set them on {@link #scorerParams()} or give them to the constructor. The eval set of
 * {@code epig-logdet} is data, given with {@code scorerParams().setEval(eval)} and not saved.
 */
public final class FisherScorer extends Estimator<FisherScorerModel> implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final FisherScorerParams declared;

    public FisherScorer() {
        this(Identifiable.randomUID("FisherScorer"));
    }

    /** With a given uid (Spark ML's {@code copy} and {@code load} need this constructor). */
    public FisherScorer(String uid) {
        this(new FisherScorerParams(uid));
    }

    /** With these params (and their uid): the scorer's params are this object. */
    public FisherScorer(FisherScorerParams params) {
        this.declared = params;
    }

    /** The params, live: setting one sets it on this scorer. */
    public FisherScorerParams scorerParams() {
        return declared;
    }

    @Override
    public String uid() {
        return declared.uid();
    }

    // Spark ML's Params of this estimator are the declared ones (same uid): one definition each

    @Override
    public Param<?>[] params() {
        return declared.params();
    }

    @Override
    public ParamMap paramMap() {
        return declared.paramMap();
    }

    @Override
    public ParamMap defaultParamMap() {
        return declared.defaultParamMap();
    }

    /**
     * Validates the labeled set (and the eval set, when given) and computes their reductions (Spark
     * jobs). An empty frame is no labeled set: H = λI.
     *
     * @param labeled the labeled set (the data contract's columns, with the params' names)
     */
    @Override
    public FisherScorerModel fit(Dataset<?> labeled) {
        if (declared.getLabeled() != null) {
            throw new IllegalArgumentException("the labeled set is fit's argument: fit(labeled), not"
                    + " scorerParams().setLabeled");
        }
        SelectionParams params = declared.selectionParams();
        Dataset<Row> frame = labeled.toDF();
        SetSource labeledSource = frame.isEmpty() ? null : SetSource.ofFrame(frame);
        JobInputs.Sources sources = new JobInputs.Sources(null, labeledSource, FisherStage.frame(declared.getEval()),
                null, null, null, declared.columnNames(), 0, declared.getProbTolerance(), declared.getRenormalize());
        JobInputs.Fitted fitted = JobInputs.fit(frame.sparkSession(), sources, params, List.of(params.method()));
        return new FisherScorerModel(declared.copy(ParamMap.empty()), fitted).setParent(this);
    }

    /** The pool's schema plus the output column: what the fitted model's {@code transform} returns. */
    @Override
    public StructType transformSchema(StructType schema) {
        return declared.transformSchema(schema);
    }

    @Override
    public FisherScorer copy(ParamMap extra) {
        return new FisherScorer(declared.copy(extra));
    }

    /** Reads a scorer saved with {@code write().save(path)} (its params; the eval set is not saved). */
    public static MLReader<FisherScorer> read() {
        return new DefaultParamsReader<>();
    }

    public static FisherScorer load(String path) {
        return read().load(path);
    }
}
