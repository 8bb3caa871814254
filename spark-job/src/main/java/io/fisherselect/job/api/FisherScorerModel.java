package io.fisherselect.job.api;

import io.fisherselect.job.io.DataSet;
import io.fisherselect.job.io.ItemReader;
import io.fisherselect.job.io.JobInputs;
import io.fisherselect.job.io.OptionLimits;
import io.fisherselect.job.io.SetSource;
import io.fisherselect.job.report.StageTimer;
import io.fisherselect.job.score.ScoreJob;
import io.fisherselect.job.stage.ScorePass;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.plan.SelectionParams;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ejml.data.DMatrixRMaj;

/**
 * A fitted {@link FisherScorer}: the params it was fitted with and what the labeled set (and the
 * eval set, when given) determined — Σ_labeled F and n_L of H = λI + Σ_labeled F, the eval set's
 * mean Fisher. {@link #transform} keeps every row of a pool and appends the method's score
 * ({@code outputCol}, double); the values equal the {@code score} command's on the same sets, bit
 * for bit, and do not depend on the pool's partitioning. A reduction that depends on the pool (its
 * Fisher sum: EPIG's eval side without an eval set) is computed when the pool is scored.
 *
 * <p>{@link #write()} saves the params (Spark ML's metadata) and the learned matrices
 * ({@code data/}, Parquet: the doubles bit for bit), so a loaded model scores a pool without the
 * labeled set; it saves and loads inside a {@code PipelineModel}. The params of a model are those
 * it was fitted with: {@link #scorerParams()} is a copy, and only the output column can be changed
 * ({@link #setOutputCol}), since the others (likelihood, Fisher rank, bias, columns) shaped Σ F.
 */
public final class FisherScorerModel extends Model<FisherScorerModel> implements MLWritable {
    private static final long serialVersionUID = 1L;

    private final FisherScorerParams declared;
    private final JobInputs.Fitted fitted;

    FisherScorerModel(FisherScorerParams params, JobInputs.Fitted fitted) {
        this.declared = params;
        this.fitted = fitted;
    }

    @Override
    public String uid() {
        return declared.uid();
    }

    // Spark ML's Params of this model are the declared ones (same uid): one definition each

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

    /** A copy of the params the model was fitted with. */
    public FisherScorerParams scorerParams() {
        return declared.copy(ParamMap.empty());
    }

    public FisherScorerModel setOutputCol(String value) {
        declared.setOutputCol(value);
        return this;
    }

    public String getOutputCol() {
        return declared.getOutputCol();
    }

    /** n_L: the labeled items H was fitted on (0: H = λI). */
    public long labeledCount() {
        return fitted.labeledCount();
    }

    JobInputs.Fitted fitted() {
        return fitted;
    }

    /** The pool with the score column appended. */
    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        Dataset<Row> pool = dataset.toDF();
        StructType schema = transformSchema(pool.schema());
        SelectionParams params = declared.selectionParams();
        AcquisitionMethod m = params.method();
        SparkSession spark = pool.sparkSession();

        JobInputs.Sources sources = new JobInputs.Sources(SetSource.ofFrame(pool), null, null, null, null, null,
                declared.columnNames(), declared.getPartitions(), declared.getProbTolerance(),
                declared.getRenormalize());
        JobInputs sets = JobInputs.load(spark, sources, params, List.of(m), null, new StageTimer(),
                shape -> OptionLimits.forScores(params, shape), fitted);
        ScoreJob.Plan plan = ScoreJob.plan(sets, List.of(m), List.of(getOutputCol()));
        int c = sets.classes();
        int rawD = sets.rawEmbeddingLength();
        sets.unpersist();

        boolean regression = params.likelihood() == FactorSpec.Likelihood.GAUSSIAN;
        ItemReader reader = new ItemReader(spark, declared.columnNames());
        ItemReader.ReadSet rs = reader.open(DataSet.POOL, SetSource.ofFrame(pool), null,
                new ItemReader.Needs(true, !regression, m.needsLabels()));
        JavaRDD<Row> rows = declared.getPartitions() > 0 ? pool.javaRDD().repartition(declared.getPartitions())
                : pool.javaRDD();
        Broadcast<List<ScorePass.Column>> columns = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .broadcast(plan.columns());
        return spark.createDataFrame(ScorePass.appended(rows, reader.parser(rs, regression), plan.specs(), columns,
                c, rawD), schema);
    }

    /** The input schema plus the output column (double, not null), which must not exist yet. */
    @Override
    public StructType transformSchema(StructType schema) {
        return declared.transformSchema(schema);
    }

    @Override
    public FisherScorerModel copy(ParamMap extra) {
        FisherScorerModel copy = new FisherScorerModel(declared.copy(extra), fitted);
        return parent() == null ? copy : copy.setParent(parent());
    }

    // ------------------------------------------------------------------------------ save / load

    /** The learned reductions' row: C, d, n_L, Σ_labeled F and the eval mean (row-major D×D, or null). */
    private static final StructType DATA = new StructType()
            .add("classes", DataTypes.IntegerType, false)
            .add("embeddingLength", DataTypes.IntegerType, false)
            .add("labeledCount", DataTypes.LongType, false)
            .add("labeledFisherSum", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
            .add("evalFisherMean", DataTypes.createArrayType(DataTypes.DoubleType, false), true);

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    /** Reads a model saved with {@code write().save(path)}: its params and what it learned. */
    public static MLReader<FisherScorerModel> read() {
        return new Reader();
    }

    public static FisherScorerModel load(String path) {
        return read().load(path);
    }

    private static String dataPath(String path) {
        return new org.apache.hadoop.fs.Path(path, "data").toString();
    }

    private static final class Writer extends MLWriter {
        private final FisherScorerModel model;

        Writer(FisherScorerModel model) {
            this.model = model;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter.saveMetadata(model, path, sparkSession());
            JobInputs.Fitted f = model.fitted;
            Row row = RowFactory.create(f.classes(), f.embeddingLength(), f.labeledCount(),
                    values(f.labeledFisherSum()), values(f.evalFisherMean()));
            sparkSession().createDataFrame(List.of(row), DATA).repartition(1).write().parquet(dataPath(path));
        }

        private static Object values(DMatrixRMaj m) {
            return m == null ? null : java.util.Arrays.copyOf(m.getData(), m.getNumElements());
        }
    }

    private static final class Reader extends MLReader<FisherScorerModel> {
        @Override
        public FisherScorerModel load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sparkSession(),
                    FisherScorerModel.class.getName());
            Row row = sparkSession().read().schema(DATA).parquet(dataPath(path)).first();
            JobInputs.Fitted fitted = new JobInputs.Fitted(row.getInt(0), row.getInt(1), matrix(row, 3),
                    row.getLong(2), matrix(row, 4));
            FisherScorerModel model = new FisherScorerModel(new FisherScorerParams(metadata.uid()), fitted);
            metadata.getAndSetParams(model, metadata.getAndSetParams$default$2());
            return model;
        }

        private static DMatrixRMaj matrix(Row row, int field) {
            if (row.isNullAt(field)) {
                return null;
            }
            List<Double> values = row.getList(field);
            int n = (int) Math.round(Math.sqrt(values.size()));
            if (n * n != values.size()) {
                throw new IllegalArgumentException("saved scorer model: " + DATA.fields()[field].name() + " has "
                        + values.size() + " values, not a square D×D matrix");
            }
            DMatrixRMaj m = new DMatrixRMaj(n, n);
            for (int i = 0; i < values.size(); i++) {
                m.data[i] = values.get(i);
            }
            return m;
        }
    }
}
