package io.fisherselect.job.api;

import io.fisherselect.job.io.JobInputs;
import io.fisherselect.job.io.OptionLimits;
import io.fisherselect.job.score.ScoreConfig;
import io.fisherselect.job.score.ScoreJob;
import io.fisherselect.job.io.DataSet;
import io.fisherselect.job.io.ItemReader;
import io.fisherselect.job.io.SetSource;
import io.fisherselect.job.report.StageTimer;
import io.fisherselect.job.stage.ScorePass;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.sample.StochasticAcquisition;
import io.fisherselect.math.plan.SelectionParams;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A {@link org.apache.spark.ml.Transformer} that appends one method's per-item score to every row
 * of a pool: a top-k method's score ({@code entropy}, {@code margin}, {@code egl},
 * {@code eig-trace}, {@code grand}, …) or the single-item gain of {@code eig-logdet},
 * {@code epig-logdet} or {@code logdet} (the gain the greedy would give the item as its first
 * pick). The values are those of the {@code score} command and of {@code select}'s top-k.
 *
 * <pre>{@code
 * Dataset<Row> scored = new FisherScorer()
 *         .setMethod("eig-trace")
 *         .setLabeled(labeled)          // H = λI + Σ_labeled F for eig-trace, eig-logdet, epig-logdet
 *         .setOutputCol("informativeness")
 *         .transform(pool);             // the pool's rows and columns, plus informativeness (double)
 * }</pre>
 *
 * <p>{@code transform} validates the sets and computes the reductions the method needs (Spark
 * jobs) when called; the scores themselves are computed lazily, one pass over the pool's rows in
 * their order and partitioning (repartitioned when {@code partitions} is set), and do not depend
 * on the partitioning.
 */
public final class FisherScorer extends FisherStage<FisherScorer> implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final Param<String> outputCol;

    public FisherScorer() {
        this(Identifiable.randomUID("FisherScorer"));
    }

    /** With a given uid (Spark ML's {@code copy} needs this constructor). */
    public FisherScorer(String uid) {
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

    public FisherScorer setOutputCol(String value) {
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

    /** The pool with the score column appended. */
    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        Dataset<Row> pool = dataset.toDF();
        StructType schema = transformSchema(pool.schema());
        SelectionParams params = selectionParams();
        AcquisitionMethod m = params.method();
        SparkSession spark = pool.sparkSession();

        JobInputs.Sources sources = new JobInputs.Sources(SetSource.ofFrame(pool), frame(getLabeled()),
                frame(getEval()), null, null, null, columnNames(), getPartitions(), getProbTolerance(),
                getRenormalize());
        JobInputs sets = JobInputs.load(spark, sources, params, List.of(m), null, new StageTimer(),
                shape -> OptionLimits.forScores(params, shape));
        ScoreJob.Plan plan = ScoreJob.plan(sets, List.of(m), List.of(getOutputCol()));
        int c = sets.classes();
        int rawD = sets.rawEmbeddingLength();
        sets.unpersist();

        boolean regression = params.likelihood() == FactorSpec.Likelihood.GAUSSIAN;
        ItemReader reader = new ItemReader(spark, columnNames());
        ItemReader.ReadSet rs = reader.open(DataSet.POOL, SetSource.ofFrame(pool), null,
                new ItemReader.Needs(true, !regression, m.needsLabels()));
        JavaRDD<Row> rows = getPartitions() > 0 ? pool.javaRDD().repartition(getPartitions()) : pool.javaRDD();
        Broadcast<List<ScorePass.Column>> columns = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .broadcast(plan.columns());
        return spark.createDataFrame(ScorePass.appended(rows, reader.parser(rs, regression), plan.specs(), columns,
                c, rawD), schema);
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

    /** Reads a scorer saved with {@code write().save(path)} (its params; the sets are not saved). */
    public static MLReader<FisherScorer> read() {
        return new DefaultParamsReader<>();
    }

    public static FisherScorer load(String path) {
        return read().load(path);
    }

    @Override
    public FisherScorer copy(ParamMap extra) {
        return withSetsOf((FisherScorer) defaultCopy(extra));
    }
}
