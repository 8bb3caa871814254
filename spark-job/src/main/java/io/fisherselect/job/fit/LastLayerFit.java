package io.fisherselect.job.fit;

import io.fisherselect.job.io.ColumnNames;
import io.fisherselect.job.io.DataSet;
import io.fisherselect.job.io.InputException;
import io.fisherselect.job.io.ItemReader;
import io.fisherselect.math.fit.MapEstimate;
import io.fisherselect.math.fit.MultiLabelMetrics;
import io.fisherselect.math.fit.SigmoidMapFit;
import io.fisherselect.math.fit.SoftmaxMapFit;
import io.fisherselect.math.fit.SoftmaxMapGradient;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The last layer fitted for pools that have embeddings but no probabilities: a multinomial
 * logistic regression on the labeled set's embeddings φ and labels, whose class probabilities then
 * stand in for the model's ({@code select --fit-last-layer}, and every round of {@code evaluate}).
 * Labeled sets that a driver holds are fitted there by Newton's method ({@link SoftmaxMapFit}:
 * the Hessian is λI + Σ Fⱼ, a few steps reach the optimum, no Spark job per step); larger ones,
 * and fits with an intercept, by MLlib's {@link LogisticRegression} (L-BFGS, one Spark job per
 * iteration). Either way the summary says whether the fit converged and the norm of the gradient
 * of the negative log posterior at the returned weights.
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
 *
 * <p>Multi-label ({@link Options#multiLabel()}, {@code --likelihood bernoulli}): labels are arrays
 * of C values 0/1 and the layer is C independent sigmoid outputs σ(Wφ), fitted one-vs-rest on the
 * driver ({@link SigmoidMapFit}: the posterior factorises over labels, so it is C binary MAP
 * problems with the same prior), never with an intercept.
 */
public final class LastLayerFit implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LogManager.getLogger(LastLayerFit.class);

    /** L-BFGS iterations at most (MLlib's default). */
    public static final int DEFAULT_MAX_ITER = 100;
    /** L-BFGS convergence tolerance on the relative change of the objective (MLlib's default). */
    public static final double TOLERANCE = 1e-6;
    /**
     * A fit has converged when ‖∇(negative log posterior)‖ ≤ this × n_L: MLlib's objective is the
     * negative log posterior / n_L, so its gradient is then at most 1e-8.
     */
    public static final double GRADIENT_TOLERANCE = 1e-8;
    /** {@link Summary#solver()} of the driver's fit */
    public static final String NEWTON = "Newton's method on the driver";
    /** {@link Summary#solver()} of MLlib's fit */
    public static final String LBFGS = "Spark MLlib LogisticRegression (L-BFGS)";
    /** labeled items up to which the fit runs on the driver (Newton's method) */
    static final long DRIVER_MAX_ITEMS = 100_000;
    /** parameters C·d up to which the fit runs on the driver: one Cholesky of the C·d × C·d Hessian per step */
    static final long DRIVER_MAX_PARAMETERS = 2_048;

    private static final String FEATURES = "features";
    private static final String LABEL = "label";

    /**
     * What to fit.
     *
     * @param classes    C, or 0: the largest label of the labeled set + 1 (multi-label: the length
     *                   of the label arrays)
     * @param maxIter    Newton steps (per label when multi-label) or L-BFGS iterations at most
     * @param intercept  fit MLlib's (unpenalised) intercept b too
     * @param multiLabel C independent sigmoid outputs ({@code --likelihood bernoulli}): labels are
     *                   arrays of C values 0/1 and the fit is one-vs-rest ({@link SigmoidMapFit})
     */
    public record Options(int classes, int maxIter, boolean intercept, boolean multiLabel) implements Serializable {
        public Options {
            if (classes < 0 || (classes == 1 && !multiLabel)) {
                throw new IllegalArgumentException("--classes must be ≥ 2 (or 0: from the labels), got " + classes);
            }
            if (maxIter < 1) {
                throw new IllegalArgumentException("--fit-max-iter must be ≥ 1, got " + maxIter);
            }
            if (multiLabel && intercept) {
                throw new IllegalArgumentException("--fit-intercept is not supported with --likelihood bernoulli: the"
                        + " multi-label fit is the MAP under the prior on W alone (use --bias for a penalised bias)");
            }
        }

        /** A single-label (softmax) fit. */
        public Options(int classes, int maxIter, boolean intercept) {
            this(classes, maxIter, intercept, false);
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
     * @param iterations   Newton steps or L-BFGS iterations run
     * @param objective    the final objective (1/n_L)·(negative log posterior), MLlib's scale
     * @param solver       {@link #NEWTON} or {@link #LBFGS}
     * @param converged    Newton: ‖∇‖ ≤ {@link #GRADIENT_TOLERANCE}·n_L; L-BFGS: stopped on its tolerance
     *                     before {@link Options#maxIter()}
     * @param gradientNorm ‖∇(negative log posterior)‖ at the returned weights ({@link SoftmaxMapGradient}):
     *                     0 at the MAP estimate
     * @param coefficients W, C×d
     * @param intercept    whether b was fitted
     * @param intercepts   b, C (zeros without {@link Options#intercept()})
     * @param multiLabel   C independent sigmoid outputs (one-vs-rest) instead of a softmax
     */
    public record Summary(int classes, int d, long nLabeled, double lambda, double regParam, int iterations,
                          double objective, String solver, boolean converged, double gradientNorm,
                          double[][] coefficients, boolean intercept, double[] intercepts, boolean multiLabel)
            implements Serializable {

        /** softmax(Wφ + b); multi-label: σ(Wφ) per label. */
        public double[] probabilities(double[] phi) {
            if (multiLabel) {
                return SigmoidMapFit.probabilities(coefficients, phi);
            }
            double[] z = new double[classes];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double s = intercepts[c];
                double[] w = coefficients[c];
                for (int j = 0; j < d; j++) {
                    s += w[j] * phi[j];
                }
                z[c] = s;
                max = Math.max(max, s);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                z[c] = Math.exp(z[c] - max);
                sum += z[c];
            }
            for (int c = 0; c < classes; c++) {
                z[c] /= sum;
            }
            return z;
        }
    }

    /**
     * Accuracy and mean log-loss (probabilities clipped at 1e-15) of the fitted layer on a labeled
     * set; multi-label: the per-label accuracy (1 − Hamming loss) and the mean binary log-loss per
     * label ({@link MultiLabelMetrics}); {@code microF1} is the micro-averaged F1 at ½ (single-label:
     * equal to the accuracy, one predicted and one true class per item).
     */
    public record Metrics(long n, double accuracy, double logLoss, double microF1) {
    }

    private final ColumnNames columns;
    private final Summary summary;

    private LastLayerFit(ColumnNames columns, Summary summary) {
        this.columns = columns;
        this.summary = summary;
    }

    /**
     * Fits the last layer on {@code labeled} (columns {@code embedding} and {@code label} of
     * {@code columns}); checks the rows first (integer class indices, finite embeddings of one
     * length, at least two classes) in one pass.
     */
    public static LastLayerFit fit(Dataset<Row> labeled, ColumnNames columns, double lambda, Options options) {
        return fit(labeled, columns, lambda, options, null);
    }

    /**
     * As {@link #fit(Dataset, ColumnNames, double, Options)}; the driver's Newton iterations start from
     * {@code warm}'s weights when it is a fit of the same shape (the previous round's, in
     * {@code evaluate}): the same optimum, fewer steps.
     */
    public static LastLayerFit fit(Dataset<Row> labeled, ColumnNames columns, double lambda, Options options,
                                   LastLayerFit warm) {
        if (!(lambda > 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be a positive finite number, got " + lambda);
        }
        long start = System.nanoTime();
        int[] at = fieldIndices(labeled.schema(), columns, true);
        JavaRDD<Row> rows = labeled.javaRDD();
        if (options.multiLabel()) {
            return multiLabel(rows, at, columns, lambda, options, warm);
        }
        Check check = rows.mapPartitions(it -> {
            Check ch = new Check();
            while (it.hasNext()) {
                ch.add(it.next(), at);
            }
            return List.of(ch).iterator();
        }).reduce(Check::merge);
        if (check.n == 0) {
            throw InputException.at(DataSet.LABELED, null, null, "is empty; the last layer is fitted on the labeled"
                    + " set");
        }
        if (check.badLabelId != null) {
            throw InputException.at(DataSet.LABELED, columns.label(), check.badLabelId,
                    "label is missing or not a class index (an integer ≥ 0); the last-layer fit needs labels");
        }
        if (check.badEmbeddingId != null) {
            throw InputException.at(DataSet.LABELED, columns.embedding(), check.badEmbeddingId,
                    "embedding is null or contains NaN/Inf");
        }
        if (check.minLength != check.maxLength || check.minLength == 0) {
            throw InputException.at(DataSet.LABELED, columns.embedding(), null, "embeddings have different lengths ("
                    + check.minLength + " and " + check.maxLength + ")");
        }
        int c = options.classes() > 0 ? options.classes() : check.maxLabel + 1;
        if (check.maxLabel >= c) {
            throw InputException.at(DataSet.LABELED, columns.label(), check.maxLabelId,
                    "label " + check.maxLabel + " is not below the number of classes C = " + c);
        }
        if (check.minLabel == check.maxLabel) {
            throw InputException.at(DataSet.LABELED, columns.label(), null, "has only one class; the last-layer fit"
                    + " needs labeled items of at least two classes");
        }
        long n = check.n;
        double regParam = lambda / n;
        int d = check.minLength;
        if (onDriver(n, c, d, options)) {
            double[][] from = warm != null && warm.summary.classes() == c && warm.summary.d() == d
                    && !warm.summary.intercept() ? warm.summary.coefficients() : null;
            return newton(rows, at, columns, c, lambda, options, from);
        }
        StructType schema = new StructType(new StructField[] {
            new StructField(FEATURES, SQLDataTypes.VectorType(), false, org.apache.spark.sql.types.Metadata.empty()),
            new StructField(LABEL, DataTypes.DoubleType, false,
                    NominalAttribute.defaultAttr().withName(LABEL).withNumValues(c).toMetadata())});
        Dataset<Row> train = labeled.sparkSession().createDataFrame(rows.map(r -> RowFactory.create(
                Vectors.dense(ItemReader.doubles(r.get(at[1]))), ((Number) r.get(at[2])).doubleValue())), schema);
        LogisticRegression lr = new LogisticRegression()
                .setFamily("multinomial")
                .setRegParam(regParam)
                .setElasticNetParam(0.0)
                .setStandardization(false)
                .setFitIntercept(options.intercept())
                .setMaxIter(options.maxIter())
                .setTol(TOLERANCE)
                .setFeaturesCol(FEATURES)
                .setLabelCol(LABEL);
        labeled.sparkSession().sparkContext().setJobDescription("fit last layer (" + n + " labeled items)");
        LogisticRegressionModel model = lr.fit(train);
        int iterations = model.summary().totalIterations();
        double[] history = model.summary().objectiveHistory();
        double objective = history.length == 0 ? Double.NaN : history[history.length - 1];
        boolean converged = iterations < options.maxIter();
        if (!converged) {
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
        double[] b = model.interceptVector().toArray();
        double gradientNorm = gradientNorm(rows, at, coefficients, b, lambda, options.intercept());
        Summary s = new Summary(c, w.numCols(), n, lambda, regParam, iterations, objective, LBFGS, converged,
                gradientNorm, coefficients, options.intercept(), b, false);
        LOG.info("fitted the last layer on {} labeled items: C = {}, d = {}, regParam = λ/n = {}, {} iterations,"
                + " objective {}, |gradient| {}{} ({} s)", n, c, s.d(), regParam, iterations, objective, gradientNorm,
                converged ? "" : " (not converged)",
                String.format(java.util.Locale.ROOT, "%.2f", (System.nanoTime() - start) / 1e9));
        return new LastLayerFit(columns, s);
    }

    /**
     * Whether the fit runs on the driver by Newton's method ({@link SoftmaxMapFit}): without an
     * intercept (whose MAP can be infinite), for labeled sets and parameter counts C·d that a driver
     * holds and factorises quickly; otherwise MLlib's distributed L-BFGS.
     */
    static boolean onDriver(long n, int classes, int d, Options options) {
        return !options.intercept() && n <= DRIVER_MAX_ITEMS && (long) classes * d <= DRIVER_MAX_PARAMETERS;
    }

    private static LastLayerFit newton(JavaRDD<Row> rows, int[] at, ColumnNames columns, int c, double lambda,
                                       Options options, double[][] from) {
        long t0 = System.nanoTime();
        // sorted by id: the same sums in the same order for any partitioning
        List<Row> items = new ArrayList<>(rows.map(r -> RowFactory.create(r.get(at[0]).toString(),
                ItemReader.doubles(r.get(at[1])), ((Number) r.get(at[2])).intValue())).collect());
        items.sort(java.util.Comparator.comparing(r -> r.getString(0)));
        double[][] phi = new double[items.size()][];
        int[] labels = new int[items.size()];
        for (int i = 0; i < phi.length; i++) {
            phi[i] = (double[]) items.get(i).get(1);
            labels[i] = items.get(i).getInt(2);
        }
        MapEstimate r = SoftmaxMapFit.fit(phi, labels, c, lambda, options.maxIter(), GRADIENT_TOLERANCE,
                from);
        long n = phi.length;
        if (!r.converged()) {
            LOG.warn("last-layer fit stopped at --fit-max-iter {} Newton steps before converging (|gradient| {})",
                    options.maxIter(), r.gradientNorm());
        }
        Summary s = new Summary(c, phi[0].length, n, lambda, lambda / n, r.iterations(), r.objective(), NEWTON,
                r.converged(), r.gradientNorm(), r.w(), false, new double[c], false);
        LOG.info("fitted the last layer on the driver on {} labeled items: C = {}, d = {}, {} Newton steps{},"
                        + " objective {}, |gradient| {} ({} s)", n, c, s.d(), r.iterations(),
                from == null ? "" : " (warm start)", r.objective(), r.gradientNorm(),
                String.format(java.util.Locale.ROOT, "%.2f", (System.nanoTime() - t0) / 1e9));
        return new LastLayerFit(columns, s);
    }

    /**
     * The multi-label fit ({@link SigmoidMapFit}, Newton's method per label on the driver): the
     * labeled rows sorted by id, checked in that order (the first bad row is the smallest id), each
     * label an array of C values 0 or 1.
     */
    private static LastLayerFit multiLabel(JavaRDD<Row> rows, int[] at, ColumnNames columns, double lambda,
                                           Options options, LastLayerFit warm) {
        long t0 = System.nanoTime();
        long count = rows.count();
        if (count == 0) {
            throw InputException.at(DataSet.LABELED, null, null, "is empty; the last layer is fitted on the labeled"
                    + " set");
        }
        if (count > DRIVER_MAX_ITEMS) {
            throw InputException.at(DataSet.LABELED, null, null, "has " + count + " items; the multi-label"
                    + " (--likelihood bernoulli) last-layer fit runs on the driver, for at most " + DRIVER_MAX_ITEMS);
        }
        List<Row> items = new ArrayList<>(rows.map(r -> RowFactory.create(String.valueOf(r.get(at[0])),
                r.get(at[1]), r.get(at[2]))).collect());
        items.sort(java.util.Comparator.comparing(r -> r.getString(0)));
        int n = items.size();
        double[][] phi = new double[n][];
        int[][] labels = new int[n][];
        int c = options.classes();
        for (int i = 0; i < n; i++) {
            Row r = items.get(i);
            String id = r.getString(0);
            phi[i] = finiteEmbedding(r.get(1), id, columns);
            if (phi[i].length != phi[0].length) {
                throw InputException.at(DataSet.LABELED, columns.embedding(), id, "embedding has " + phi[i].length
                        + " values, others have " + phi[0].length);
            }
            labels[i] = multiLabels(DataSet.LABELED, columns.label(), id, r.get(2), c);
            c = labels[i].length;
        }
        int d = phi[0].length;
        if (d > DRIVER_MAX_PARAMETERS) {
            throw InputException.at(DataSet.LABELED, columns.embedding(), null, "embeddings have length " + d
                    + "; the multi-label last-layer fit factorises a d×d Hessian per label on the driver, for d ≤ "
                    + DRIVER_MAX_PARAMETERS);
        }
        double[][] from = warm != null && warm.summary.multiLabel() && warm.summary.classes() == c
                && warm.summary.d() == d ? warm.summary.coefficients() : null;
        MapEstimate r = SigmoidMapFit.fit(phi, labels, lambda, options.maxIter(), GRADIENT_TOLERANCE, from);
        if (!r.converged()) {
            LOG.warn("multi-label last-layer fit stopped at --fit-max-iter {} Newton steps before converging"
                    + " (|gradient| {})", options.maxIter(), r.gradientNorm());
        }
        Summary s = new Summary(c, d, n, lambda, lambda / n, r.iterations(), r.objective(), NEWTON, r.converged(),
                r.gradientNorm(), r.w(), false, new double[c], true);
        LOG.info("fitted the multi-label last layer on the driver on {} labeled items: C = {}, d = {}, at most {}"
                        + " Newton steps per label{}, objective {}, |gradient| {} ({} s)", n, c, d, r.iterations(),
                from == null ? "" : " (warm start)", r.objective(), r.gradientNorm(),
                String.format(java.util.Locale.ROOT, "%.2f", (System.nanoTime() - t0) / 1e9));
        return new LastLayerFit(columns, s);
    }

    private static double[] finiteEmbedding(Object raw, String id, ColumnNames columns) {
        double[] e = raw == null ? null : ItemReader.doubles(raw);
        boolean finite = e != null && e.length > 0;
        if (finite) {
            for (double x : e) {
                finite &= Double.isFinite(x);
            }
        }
        if (!finite) {
            throw InputException.at(DataSet.LABELED, columns.embedding(), id, "embedding is missing, empty or"
                    + " contains NaN/Inf");
        }
        return e;
    }

    /**
     * One row's multi-label labels: an array of {@code classes} values (0: any length ≥ 1), each 0
     * or 1; anything else is an {@link InputException} naming the set, the column and the row id.
     */
    public static int[] multiLabels(DataSet set, String column, String id, Object raw, int classes) {
        double[] v;
        try {
            v = raw == null || raw instanceof Number ? null : ItemReader.doubles(raw);
        } catch (IllegalArgumentException | ClassCastException e) {
            v = null;
        }
        if (v == null || v.length == 0) {
            throw InputException.at(set, column, id, "label is " + (raw == null ? "missing" : "'" + raw + "'")
                    + "; multi-label (--likelihood bernoulli) labels are arrays of C values 0 or 1");
        }
        if (classes > 0 && v.length != classes) {
            throw InputException.at(set, column, id, "label has " + v.length + " values, expected C = " + classes
                    + " (one 0/1 value per label)");
        }
        int[] y = new int[v.length];
        for (int j = 0; j < v.length; j++) {
            if (v[j] != 0 && v[j] != 1) {
                throw InputException.at(set, column, id, "label contains " + v[j] + " at index " + j
                        + "; multi-label labels are 0 or 1");
            }
            y[j] = (int) v[j];
        }
        return y;
    }

    public Summary summary() {
        return summary;
    }

    /**
     * {@code df} with its {@code probs} column replaced by the fitted layer's class probabilities
     * softmax(Wφ + b) (an array of doubles) and its {@code logits} column dropped; the other columns
     * are kept.
     */
    public Dataset<Row> withProbs(Dataset<Row> df) {
        int[] at = fieldIndices(df.schema(), columns, false);
        StructType in = df.schema();
        List<Integer> keep = new ArrayList<>();
        StructType out = new StructType();
        for (int i = 0; i < in.fields().length; i++) {
            String name = in.fields()[i].name();
            if (!name.equals(columns.probs()) && !name.equals(columns.logits())) {
                keep.add(i);
                out = out.add(in.fields()[i]);
            }
        }
        out = out.add(columns.probs(), DataTypes.createArrayType(DataTypes.DoubleType, false), true);
        int[] kept = keep.stream().mapToInt(Integer::intValue).toArray();
        Summary s = summary;
        return df.sparkSession().createDataFrame(df.javaRDD().map(r -> {
            Object[] v = new Object[kept.length + 1];
            for (int i = 0; i < kept.length; i++) {
                v[i] = r.get(kept[i]);
            }
            Object e = r.get(at[1]);
            // a primitive array: the encoder of an RDD of rows takes double[] (or a Scala Seq), not a List
            v[kept.length] = e == null ? null : s.probabilities(ItemReader.doubles(e));
            return RowFactory.create(v);
        }), out);
    }

    /**
     * Accuracy and log-loss on a labeled set (labels as class indices; multi-label: 0/1 arrays of
     * length C, the per-label accuracy and binary log-loss), in one pass.
     */
    public Metrics metrics(Dataset<Row> labeledSet) {
        int[] at = fieldIndices(labeledSet.schema(), columns, true);
        Summary s = summary;
        if (s.multiLabel()) {
            String label = columns.label();
            MultiLabelMetrics m = labeledSet.javaRDD().mapPartitions(it -> {
                MultiLabelMetrics acc = new MultiLabelMetrics();
                while (it.hasNext()) {
                    Row r = it.next();
                    acc.add(s.probabilities(ItemReader.doubles(r.get(at[1]))), multiLabels(DataSet.TEST, label,
                            String.valueOf(r.get(at[0])), r.get(at[2]), s.classes()));
                }
                return List.of(acc).iterator();
            }).reduce(MultiLabelMetrics::merge);
            return new Metrics(m.items(), m.labelAccuracy(), m.logLoss(), m.microF1());
        }
        double[] sums = labeledSet.javaRDD().mapPartitions(it -> {
            double[] acc = new double[3];
            while (it.hasNext()) {
                Row r = it.next();
                double[] p = s.probabilities(ItemReader.doubles(r.get(at[1])));
                int y = ((Number) r.get(at[2])).intValue();
                int best = 0;
                for (int c = 1; c < p.length; c++) {
                    if (p[c] > p[best]) {
                        best = c;
                    }
                }
                acc[0]++;
                acc[1] += best == y ? 1 : 0;
                acc[2] -= Math.log(Math.max(y >= 0 && y < p.length ? p[y] : 0.0, 1e-15));
            }
            return List.of(acc).iterator();
        }).reduce((a, b) -> new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
        long n = (long) sums[0];
        double accuracy = n == 0 ? Double.NaN : sums[1] / n;
        return new Metrics(n, accuracy, n == 0 ? Double.NaN : sums[2] / n, accuracy);
    }

    /** ‖∇(negative log posterior)‖ at (W, b) over the labeled rows, in one pass. */
    private static double gradientNorm(JavaRDD<Row> rows, int[] at, double[][] w, double[] b, double lambda,
                                       boolean intercept) {
        int classes = w.length;
        int d = w[0].length;
        Summary probe = new Summary(classes, d, 0, lambda, 0, 0, 0, LBFGS, false, 0, w, intercept, b, false);
        double[] sum = rows.mapPartitions(it -> {
            double[] acc = SoftmaxMapGradient.zero(classes, d);
            while (it.hasNext()) {
                Row r = it.next();
                double[] phi = ItemReader.doubles(r.get(at[1]));
                SoftmaxMapGradient.add(acc, phi, probe.probabilities(phi), ((Number) r.get(at[2])).intValue());
            }
            return List.of(acc).iterator();
        }).reduce(SoftmaxMapGradient::merge);
        return SoftmaxMapGradient.norm(sum, w, lambda, intercept);
    }

    /** Indices of id, embedding and (when {@code label}) label in the schema; -1 for an absent label. */
    private static int[] fieldIndices(StructType schema, ColumnNames columns, boolean label) {
        List<String> names = Arrays.asList(schema.fieldNames());
        for (String need : label ? List.of(columns.id(), columns.embedding(), columns.label())
                : List.of(columns.id(), columns.embedding())) {
            if (!names.contains(need)) {
                throw new InputException("column '" + need + "' is missing; found columns: " + names);
            }
        }
        return new int[] {names.indexOf(columns.id()), names.indexOf(columns.embedding()),
            label ? names.indexOf(columns.label()) : -1};
    }

    /** One pass over the labeled rows: size, label range, the smallest ids of bad rows. */
    private static final class Check implements Serializable {
        private static final long serialVersionUID = 1L;
        long n;
        int minLabel = Integer.MAX_VALUE;
        int maxLabel = -1;
        String maxLabelId;
        int minLength = Integer.MAX_VALUE;
        int maxLength = -1;
        String badLabelId;
        String badEmbeddingId;

        void add(Row r, int[] at) {
            n++;
            String id = String.valueOf(r.get(at[0]));
            Object y = r.get(at[2]);
            double yv = y instanceof Number num ? num.doubleValue() : Double.NaN;
            if (!(yv >= 0) || yv != Math.rint(yv) || yv > Integer.MAX_VALUE) {
                badLabelId = smaller(badLabelId, id);
            } else {
                int label = (int) yv;
                minLabel = Math.min(minLabel, label);
                if (label > maxLabel || (label == maxLabel && id.compareTo(maxLabelId) < 0)) {
                    maxLabel = label;
                    maxLabelId = id;
                }
            }
            double[] e = ItemReader.doubles(r.get(at[1]));
            boolean finite = e != null;
            if (e != null) {
                for (double x : e) {
                    finite &= Double.isFinite(x);
                }
                minLength = Math.min(minLength, e.length);
                maxLength = Math.max(maxLength, e.length);
            }
            if (!finite) {
                badEmbeddingId = smaller(badEmbeddingId, id);
            }
        }

        Check merge(Check o) {
            n += o.n;
            minLabel = Math.min(minLabel, o.minLabel);
            if (o.maxLabel > maxLabel || (o.maxLabel == maxLabel && o.maxLabelId != null
                    && o.maxLabelId.compareTo(maxLabelId) < 0)) {
                maxLabel = o.maxLabel;
                maxLabelId = o.maxLabelId;
            }
            minLength = Math.min(minLength, o.minLength);
            maxLength = Math.max(maxLength, o.maxLength);
            badLabelId = o.badLabelId == null ? badLabelId : smaller(badLabelId, o.badLabelId);
            badEmbeddingId = o.badEmbeddingId == null ? badEmbeddingId : smaller(badEmbeddingId, o.badEmbeddingId);
            return this;
        }

        private static String smaller(String a, String b) {
            return a == null || b.compareTo(a) < 0 ? b : a;
        }
    }
}
