package io.fisherselect.job.fit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.fisherselect.job.io.ColumnNames;
import io.fisherselect.job.io.DataSet;
import io.fisherselect.job.io.InputException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The last layer fitted with Spark MLlib, for pools that have embeddings but no probabilities:
 * a multinomial {@link LogisticRegression} on the labeled set's embeddings φ and labels, whose
 * class probabilities then stand in for the model's ({@code select --fit-last-layer}, and every
 * round of {@code evaluate}).
 *
 * <p>The fit is the MAP estimate of the model the Fisher methods assume, z = Wφ, with the Gaussian
 * prior N(0, λ⁻¹I) on W that H = λI + Σ_labeled Fⱼ encodes:
 * <ul>
 *   <li>{@code regParam = λ / n_L}, {@code elasticNetParam = 0}: MLlib minimises
 *       (1/n_L)·Σᵢ −log p(yᵢ | φᵢ) + (regParam/2)·‖W‖², which is (1/n_L) times the negative log
 *       posterior Σᵢ −log p(yᵢ | φᵢ) + (λ/2)·‖W‖², so both have the same minimiser;</li>
 *   <li>{@code standardization = false}: the penalty is on W in φ's own units, as in H (with
 *       standardisation MLlib would penalise W scaled by each feature's standard deviation);</li>
 *   <li>{@code fitIntercept = false} by default: the model has no parameter the prior does not
 *       cover. MLlib's intercept is never penalised (a flat prior), and for a class absent from the
 *       labeled set its MAP is −∞: the fit then runs to the iteration limit and gives that class
 *       probability ≈ 0. {@link Options#intercept()} turns it on anyway (for embeddings far from
 *       centred, with every class labeled). {@code --bias} cannot be fitted as a feature column either:
 *       MLlib gives constant columns zero weight. So with {@code --bias} the fitted bias weights are 0;
 *       the selection still treats them as parameters with precision λ.</li>
 * </ul>
 * Labels need not cover every class: the label column carries MLlib's nominal metadata with C
 * values, so a class absent from the labeled set still gets its row of W (pulled towards 0 by the
 * prior) and a probability.
 */
public final class LastLayerFit implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LogManager.getLogger(LastLayerFit.class);

    /** L-BFGS iterations at most (MLlib's default). */
    public static final int DEFAULT_MAX_ITER = 100;
    /** L-BFGS convergence tolerance on the relative change of the objective (MLlib's default). */
    public static final double TOLERANCE = 1e-6;

    private static final String FEATURES = "__fs_features";
    private static final String LABEL = "__fs_label";
    private static final String PROBABILITY = "__fs_probability";
    private static final String RAW = "__fs_raw";
    private static final String PREDICTION = "__fs_prediction";

    /**
     * What to fit.
     *
     * @param classes   C, or 0: the largest label of the labeled set + 1
     * @param maxIter   L-BFGS iterations at most
     * @param intercept fit MLlib's (unpenalised) intercept b too
     */
    public record Options(int classes, int maxIter, boolean intercept) implements Serializable {
        public Options {
            if (classes < 0 || classes == 1) {
                throw new IllegalArgumentException("--classes must be ≥ 2 (or 0: from the labels), got " + classes);
            }
            if (maxIter < 1) {
                throw new IllegalArgumentException("--fit-max-iter must be ≥ 1, got " + maxIter);
            }
        }

        public static Options defaults() {
            return new Options(0, DEFAULT_MAX_ITER, false);
        }
    }

    /**
     * The fitted layer, for reports.
     *
     * @param classes      C
     * @param d            embedding length
     * @param nLabeled     items it was fitted on
     * @param lambda       prior precision λ
     * @param regParam     MLlib's regParam = λ / n_L
     * @param iterations   L-BFGS iterations run
     * @param objective    MLlib's final objective (1/n_L)·(negative log posterior)
     * @param coefficients W, C×d
     * @param intercept    whether b was fitted
     * @param intercepts   b, C (zeros without {@link Options#intercept()})
     */
    public record Summary(int classes, int d, long nLabeled, double lambda, double regParam, int iterations,
                          double objective, double[][] coefficients, boolean intercept, double[] intercepts)
            implements Serializable {
    }

    /** Accuracy and mean log-loss (probabilities clipped at 1e-15) of the fitted layer on a labeled set. */
    public record Metrics(long n, double accuracy, double logLoss) {
    }

    private final LogisticRegressionModel model;
    private final ColumnNames columns;
    private final Summary summary;

    private LastLayerFit(LogisticRegressionModel model, ColumnNames columns, Summary summary) {
        this.model = model;
        this.columns = columns;
        this.summary = summary;
    }

    /**
     * Fits the last layer on {@code labeled} (columns {@code embedding} and {@code label} of
     * {@code columns}); checks the labels first (integer class indices, at least two classes).
     */
    public static LastLayerFit fit(Dataset<Row> labeled, ColumnNames columns, double lambda, Options options) {
        if (!(lambda > 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be a positive finite number, got " + lambda);
        }
        long start = System.nanoTime();
        Dataset<Row> df = withFeatures(labeled, columns);
        Column y = col(columns.label());
        Column bad = y.isNull().or(y.cast(DataTypes.DoubleType).notEqual(expr("floor(`" + columns.label() + "`)")))
                .or(y.lt(0));
        Column badEmbedding = col(FEATURES + "_arr").isNull()
                .or(expr("exists(`" + FEATURES + "_arr`, x -> x IS NULL OR isnan(x) OR abs(x) = double('inf'))"));
        Row facts = df.agg(count(lit(1)), sum(when(bad, 1).otherwise(0)), sum(when(badEmbedding, 1).otherwise(0)),
                max(y.cast(DataTypes.DoubleType)), min(y.cast(DataTypes.DoubleType)), min(size(col(FEATURES + "_arr"))),
                max(size(col(FEATURES + "_arr")))).first();
        long n = facts.getLong(0);
        if (n == 0) {
            throw InputException.at(DataSet.LABELED, null, null, "is empty; the last layer is fitted on the labeled"
                    + " set");
        }
        if (facts.getLong(1) > 0) {
            throw InputException.at(DataSet.LABELED, columns.label(), firstId(df, bad, columns),
                    "label is missing or not a class index (an integer ≥ 0); the last-layer fit needs labels");
        }
        if (facts.getLong(2) > 0) {
            throw InputException.at(DataSet.LABELED, columns.embedding(), firstId(df, badEmbedding, columns),
                    "embedding is null or contains NaN/Inf");
        }
        if (facts.getInt(5) != facts.getInt(6)) {
            throw InputException.at(DataSet.LABELED, columns.embedding(), null, "embeddings have different lengths ("
                    + facts.getInt(5) + " and " + facts.getInt(6) + ")");
        }
        int maxLabel = (int) facts.getDouble(3);
        int c = options.classes() > 0 ? options.classes() : maxLabel + 1;
        if (maxLabel >= c) {
            throw InputException.at(DataSet.LABELED, columns.label(), firstId(df, y.geq(c), columns),
                    "label " + maxLabel + " is not below the number of classes C = " + c);
        }
        if (facts.getDouble(4) == facts.getDouble(3) || c < 2) {
            throw InputException.at(DataSet.LABELED, columns.label(), null, "has only one class; the last-layer fit"
                    + " needs labeled items of at least two classes");
        }
        double regParam = lambda / n;
        Dataset<Row> train = df.withColumn(LABEL, y.cast(DataTypes.DoubleType).as(LABEL,
                NominalAttribute.defaultAttr().withName(LABEL).withNumValues(c).toMetadata()));
        LogisticRegression lr = new LogisticRegression()
                .setFamily("multinomial")
                .setRegParam(regParam)
                .setElasticNetParam(0.0)
                .setStandardization(false)
                .setFitIntercept(options.intercept())
                .setMaxIter(options.maxIter())
                .setTol(TOLERANCE)
                .setFeaturesCol(FEATURES)
                .setLabelCol(LABEL)
                .setProbabilityCol(PROBABILITY)
                .setRawPredictionCol(RAW)
                .setPredictionCol(PREDICTION);
        train.sparkSession().sparkContext().setJobDescription("fit last layer (" + n + " labeled items)");
        LogisticRegressionModel model = lr.fit(train);
        int iterations = model.summary().totalIterations();
        double[] history = model.summary().objectiveHistory();
        double objective = history.length == 0 ? Double.NaN : history[history.length - 1];
        if (iterations >= options.maxIter()) {
            LOG.warn("last-layer fit stopped at --fit-max-iter {} iterations before converging (objective {})",
                    options.maxIter(), objective);
        }
        Matrix w = model.coefficientMatrix();
        double[][] coefficients = new double[w.numRows()][w.numCols()];
        for (int i = 0; i < w.numRows(); i++) {
            for (int j = 0; j < w.numCols(); j++) {
                coefficients[i][j] = w.apply(i, j);
            }
        }
        Summary s = new Summary(c, w.numCols(), n, lambda, regParam, iterations, objective, coefficients,
                options.intercept(), model.interceptVector().toArray());
        LOG.info("fitted the last layer on {} labeled items: C = {}, d = {}, regParam = λ/n = {}, {} iterations,"
                + " objective {}", n, c, s.d(), regParam, iterations, objective);
        LOG.debug("last-layer fit took {} s", (System.nanoTime() - start) / 1e9);
        return new LastLayerFit(model, columns, s);
    }

    public Summary summary() {
        return summary;
    }

    /**
     * {@code df} with its {@code probs} column replaced by the fitted layer's class probabilities
     * (an ML vector) and its {@code logits} column dropped; the other columns are kept.
     */
    public Dataset<Row> withProbs(Dataset<Row> df) {
        List<Column> keep = new ArrayList<>();
        for (String name : df.columns()) {
            if (!name.equals(columns.probs()) && !name.equals(columns.logits())) {
                keep.add(col("`" + name + "`"));
            }
        }
        keep.add(col(PROBABILITY).as(columns.probs()));
        return model.transform(withFeatures(df, columns)).select(keep.toArray(new Column[0]));
    }

    /** Accuracy and log-loss on a labeled set (labels as class indices), in one pass. */
    public Metrics metrics(Dataset<Row> labeledSet) {
        Column y = col(columns.label()).cast(DataTypes.IntegerType);
        Column py = element_at(org.apache.spark.ml.functions.vector_to_array(col(PROBABILITY), "float64"),
                y.plus(1));
        Row r = model.transform(withFeatures(labeledSet, columns)).agg(count(lit(1)),
                sum(when(col(PREDICTION).equalTo(y.cast(DataTypes.DoubleType)), 1).otherwise(0)),
                sum(log(greatest(py, lit(1e-15))).multiply(-1))).first();
        long n = r.getLong(0);
        return new Metrics(n, n == 0 ? Double.NaN : r.getLong(1) / (double) n,
                n == 0 ? Double.NaN : r.getDouble(2) / n);
    }

    /** Adds the MLlib feature vector (and the embedding as doubles, for checks) to {@code df}. */
    private static Dataset<Row> withFeatures(Dataset<Row> df, ColumnNames columns) {
        if (!Arrays.asList(df.columns()).contains(columns.embedding())) {
            throw new InputException("column '" + columns.embedding() + "' is missing; found columns: "
                    + Arrays.toString(df.columns()));
        }
        Column e = col("`" + columns.embedding() + "`");
        boolean vector = df.schema().apply(columns.embedding()).dataType().equals(SQLDataTypes.VectorType());
        Column asArray = vector ? org.apache.spark.ml.functions.vector_to_array(e, "float64")
                : e.cast(DataTypes.createArrayType(DataTypes.DoubleType));
        return df.withColumn(FEATURES + "_arr", asArray)
                .withColumn(FEATURES, org.apache.spark.ml.functions.array_to_vector(col(FEATURES + "_arr")));
    }

    private static String firstId(Dataset<Row> df, Column condition, ColumnNames columns) {
        List<Row> rows = df.filter(condition).select(col(columns.id()).cast(DataTypes.StringType))
                .orderBy(col(columns.id()).cast(DataTypes.StringType)).limit(1).collectAsList();
        return rows.isEmpty() ? null : rows.get(0).getString(0);
    }
}
