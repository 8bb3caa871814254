package io.fisherselect.job.api;

import io.fisherselect.job.io.ColumnNames;
import io.fisherselect.job.io.SetSource;
import io.fisherselect.math.ClosestName;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.method.Kernel;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The parameters and input sets that {@link FisherSelector} and {@link FisherScorerParams} share: the
 * column names of the data contract, the model's likelihood and Fisher options, λ, the seed and
 * the labeled and eval sets.
 *
 * <p>The params are the one definition of every selection and scoring option: name, type,
 * default, validation and doc are declared here (and in the subclasses) as Spark ML
 * {@link Param}s, and everything else is derived from them — the command line's options
 * (name {@code --kebab-case} of the param's name, default and help from the param), report.json's
 * {@code config} ({@link #paramValues()}) and the greedy checkpoint's fingerprint (the params that
 * {@link #changesSelection change the selection}). A choice param ({@link #choice}) lists its valid
 * values; setters return the stage for chaining.
 *
 * @param <T> the concrete stage, returned by the setters
 */
public abstract class FisherStage<T extends FisherStage<T>> extends Transformer {
    private static final long serialVersionUID = 1L;

    private final String uid;

    private final Param<String> method;
    private final Param<String> idCol;
    private final Param<String> embeddingCol;
    private final Param<String> probsCol;
    private final Param<String> logitsCol;
    private final Param<String> labelCol;
    private final DoubleParam lambda;
    private final LongParam seed;
    private final Param<String> likelihood;
    private final DoubleParam noise;
    private final IntParam fisherRank;
    private final BooleanParam bias;
    private final Param<String> kernel;
    private final IntParam partitions;
    private final DoubleParam probTolerance;
    private final BooleanParam renormalize;

    /** valid values of the choice params, by param name */
    private final Map<String, List<String>> choices = new HashMap<>();
    /** params that do not change which items are selected (partitioning, lineage truncation) */
    private final Set<String> neutral = new HashSet<>();

    private transient Dataset<Row> labeledSet;
    private transient Dataset<Row> evalSet;

    /**
     * @param methods       the methods this stage accepts (command-line names)
     * @param defaultMethod the default of {@code method}
     */
    protected FisherStage(String uid, List<String> methods, String defaultMethod) {
        this.uid = uid;
        method = new Param<>(this, "method", "acquisition function: " + String.join(", ", methods),
                ParamValidators.inArray(methods));
        idCol = new Param<>(this, "idCol", "id column (string or integer, unique)", nonBlank());
        embeddingCol = new Param<>(this, "embeddingCol", "embedding column (array of numbers or ML vector)",
                nonBlank());
        probsCol = new Param<>(this, "probsCol", "class probabilities column (array or vector of length C)",
                nonBlank());
        logitsCol = new Param<>(this, "logitsCol", "logits column, used when the probabilities column is absent",
                nonBlank());
        labelCol = new Param<>(this, "labelCol", "label column (integer class index)", nonBlank());
        lambda = new DoubleParam(this, "lambda", "prior precision λ of H = λI + Σ_labeled F (> 0 and finite: H must"
                + " be positive definite)", ParamValidators.inRange(0, Double.MAX_VALUE, false, true));
        seed = new LongParam(this, "seed", "seed of every random choice");
        likelihood = choice("likelihood", "softmax (classification) or gaussian (regression)",
                List.of("softmax", "gaussian"));
        noise = new DoubleParam(this, "noise", "noise variance σ² of the gaussian likelihood (> 0)",
                ParamValidators.inRange(0, Double.MAX_VALUE, false, true));
        fisherRank = new IntParam(this, "fisherRank",
                "keep the r most probable classes of each Fisher factor (0: all, exact)", ParamValidators.gtEq(0));
        bias = new BooleanParam(this, "bias", "append a constant 1 to every embedding");
        kernel = choice("kernel", "logdet family: dot or cosine similarity of gradient embeddings",
                Arrays.stream(Kernel.values()).map(k -> k.name().toLowerCase(Locale.ROOT)).toList());
        partitions = neutral(new IntParam(this, "partitions",
                "repartition the pool into N partitions (0: keep the input's)", ParamValidators.gtEq(0)));
        probTolerance = new DoubleParam(this, "probTolerance", "accepted |Σπ − 1| of the probabilities (≥ 0)",
                ParamValidators.inRange(0, Double.MAX_VALUE));
        renormalize = new BooleanParam(this, "renormalize",
                "accept probabilities that do not sum to 1 and divide them by their sum");

        ColumnNames c = ColumnNames.defaults();
        setDefault(method, defaultMethod);
        setDefault(idCol, c.id());
        setDefault(embeddingCol, c.embedding());
        setDefault(probsCol, c.probs());
        setDefault(logitsCol, c.logits());
        setDefault(labelCol, c.label());
        setDefault(lambda, 1.0);
        setDefault(seed, 0L);
        setDefault(likelihood, "softmax");
        setDefault(noise, 1.0);
        setDefault(fisherRank, 0);
        setDefault(bias, false);
        setDefault(kernel, "dot");
        setDefault(partitions, 0);
        setDefault(probTolerance, 1e-4);
        setDefault(renormalize, false);
    }

    /** A string param whose value is one of {@code values} (case-insensitive on {@code set}). */
    protected final Param<String> choice(String name, String doc, List<String> values) {
        choices.put(name, List.copyOf(values));
        return new Param<>(this, name, doc, ParamValidators.inArray(values));
    }

    /** Marks a param that does not change which items are selected (it stays out of the fingerprint). */
    protected final <P extends Param<?>> P neutral(P param) {
        neutral.add(param.name());
        return param;
    }

    /** The valid values of a choice param, or null for another param. */
    public final List<String> choices(Param<?> param) {
        return choices.get(param.name());
    }

    /**
     * Whether the param can change which items are selected or their gains: every param but the
     * partitioning and the lineage truncation interval. A checkpoint saved under other values of
     * these is not resumed.
     */
    public final boolean changesSelection(Param<?> param) {
        return !neutral.contains(param.name());
    }

    /** Every param's value (set or default) by name, in name order: report.json's config. */
    public final Map<String, Object> paramValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Param<?> p : params()) {
            values.put(p.name(), getOrDefault(p));
        }
        return values;
    }

    /** A validator: the string must not be null or blank. */
    protected static scala.Function1<String, Object> nonBlank() {
        return rule(s -> s != null && !s.isBlank());
    }

    /** A param's rule, serializable with the stage. */
    protected interface Rule<V> extends java.io.Serializable {
        boolean test(V value);
    }

    /** A validator from a rule ({@link ParamValidators} has the common ones). */
    protected static <V> scala.Function1<V, Object> rule(Rule<V> r) {
        return new RuleFunction<>(r);
    }

    private static final class RuleFunction<V> extends scala.runtime.AbstractFunction1<V, Object>
            implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final Rule<V> rule;

        RuleFunction(Rule<V> rule) {
            this.rule = rule;
        }

        @Override
        public Object apply(V v) {
            return rule.test(v);
        }
    }

    @Override
    public String uid() {
        return uid;
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    /**
     * Sets a param after checking its value, with a message naming the param, the value and the
     * rule (the param's doc) when the value is invalid.
     */
    @SuppressWarnings("unchecked")
    protected final <V> T put(Param<V> param, V value) {
        List<String> valid = choices.get(param.name());
        if (valid != null) {
            String v = value == null ? "" : value.toString().trim().toLowerCase(Locale.ROOT);
            if (!valid.contains(v)) {
                throw new InvalidParamException(param.name(), "unknown " + InvalidParamException.NAME + " '" + value
                        + "'" + ClosestName.hint(String.valueOf(value), valid) + "; valid: " + String.join(", ", valid));
            }
            value = (V) v;
        }
        if (!Boolean.TRUE.equals(param.isValid().apply(value))) {
            throw new InvalidParamException(param.name(), "invalid " + InvalidParamException.NAME + " " + value + ": "
                    + param.doc());
        }
        set(param, value);
        return self();
    }

    /** The canonical command-line name of a method this stage accepts, or an error naming the valid ones. */
    protected abstract String canonicalMethod(String name);

    // ---------------------------------------------------------------------------------- params

    public final Param<String> method() {
        return method;
    }

    public final Param<String> idCol() {
        return idCol;
    }

    public final Param<String> embeddingCol() {
        return embeddingCol;
    }

    public final Param<String> probsCol() {
        return probsCol;
    }

    public final Param<String> logitsCol() {
        return logitsCol;
    }

    public final Param<String> labelCol() {
        return labelCol;
    }

    public final DoubleParam lambda() {
        return lambda;
    }

    public final LongParam seed() {
        return seed;
    }

    public final Param<String> likelihood() {
        return likelihood;
    }

    public final DoubleParam noise() {
        return noise;
    }

    public final IntParam fisherRank() {
        return fisherRank;
    }

    public final BooleanParam bias() {
        return bias;
    }

    public final Param<String> kernel() {
        return kernel;
    }

    public final IntParam partitions() {
        return partitions;
    }

    public final DoubleParam probTolerance() {
        return probTolerance;
    }

    public final BooleanParam renormalize() {
        return renormalize;
    }

    // --------------------------------------------------------------------------------- setters

    /** The acquisition function by its command-line name (e.g. {@code eig-logdet}; case-insensitive). */
    public T setMethod(String value) {
        return put(method, canonicalMethod(value));
    }

    public T setIdCol(String value) {
        return put(idCol, value);
    }

    public T setEmbeddingCol(String value) {
        return put(embeddingCol, value);
    }

    public T setProbsCol(String value) {
        return put(probsCol, value);
    }

    public T setLogitsCol(String value) {
        return put(logitsCol, value);
    }

    public T setLabelCol(String value) {
        return put(labelCol, value);
    }

    public T setLambda(double value) {
        return put(lambda, value);
    }

    public T setSeed(long value) {
        return put(seed, value);
    }

    /** {@code softmax} (classification, the default) or {@code gaussian} (regression, no probabilities needed). */
    public T setLikelihood(String value) {
        return put(likelihood, value);
    }

    public T setNoise(double value) {
        return put(noise, value);
    }

    public T setFisherRank(int value) {
        return put(fisherRank, value);
    }

    public T setBias(boolean value) {
        return put(bias, value);
    }

    /** {@code dot} (the default) or {@code cosine}. */
    public T setKernel(String value) {
        return put(kernel, value);
    }

    public T setPartitions(int value) {
        return put(partitions, value);
    }

    public T setProbTolerance(double value) {
        return put(probTolerance, value);
    }

    public T setRenormalize(boolean value) {
        return put(renormalize, value);
    }

    /**
     * The labeled set (builds H = λI + Σ_labeled F for the methods with a prior), or null for
     * none; {@code transform} uses it.
     */
    public T setLabeled(Dataset<?> labeled) {
        this.labeledSet = labeled == null ? null : labeled.toDF();
        return self();
    }

    /** The eval set of {@code epig-logdet} (null: the pool); {@code transform} uses it. */
    public T setEval(Dataset<?> eval) {
        this.evalSet = eval == null ? null : eval.toDF();
        return self();
    }

    // --------------------------------------------------------------------------------- getters

    public String getMethod() {
        return getOrDefault(method);
    }

    public String getIdCol() {
        return getOrDefault(idCol);
    }

    public String getEmbeddingCol() {
        return getOrDefault(embeddingCol);
    }

    public String getProbsCol() {
        return getOrDefault(probsCol);
    }

    public String getLogitsCol() {
        return getOrDefault(logitsCol);
    }

    public String getLabelCol() {
        return getOrDefault(labelCol);
    }

    public double getLambda() {
        return (Double) getOrDefault(lambda);
    }

    public long getSeed() {
        return (Long) getOrDefault(seed);
    }

    public String getLikelihood() {
        return getOrDefault(likelihood);
    }

    public double getNoise() {
        return (Double) getOrDefault(noise);
    }

    public int getFisherRank() {
        return (Integer) getOrDefault(fisherRank);
    }

    public boolean getBias() {
        return (Boolean) getOrDefault(bias);
    }

    public String getKernel() {
        return getOrDefault(kernel);
    }

    public int getPartitions() {
        return (Integer) getOrDefault(partitions);
    }

    public double getProbTolerance() {
        return (Double) getOrDefault(probTolerance);
    }

    public boolean getRenormalize() {
        return (Boolean) getOrDefault(renormalize);
    }

    /** The labeled set given to {@link #setLabeled}, or null. */
    public Dataset<Row> getLabeled() {
        return labeledSet;
    }

    /** The eval set given to {@link #setEval}, or null. */
    public Dataset<Row> getEval() {
        return evalSet;
    }

    // ------------------------------------------------------------------------------ for the job

    /** The column names of the data contract. */
    public ColumnNames columnNames() {
        return new ColumnNames(getIdCol(), getEmbeddingCol(), getProbsCol(), getLogitsCol(), getLabelCol());
    }

    protected FactorSpec.Likelihood likelihoodValue() {
        return getLikelihood().equals("gaussian") ? FactorSpec.Likelihood.GAUSSIAN : FactorSpec.Likelihood.SOFTMAX;
    }

    protected Kernel kernelValue() {
        return Kernel.fromName(getKernel());
    }

    static SetSource frame(Dataset<?> d) {
        return d == null ? null : SetSource.ofFrame(d.toDF());
    }

    /** The id column must be in the input (the rest is checked, with row-level messages, when the job reads it). */
    protected void requireIdColumn(StructType schema) {
        if (!Arrays.asList(schema.fieldNames()).contains(getIdCol())) {
            throw new IllegalArgumentException("the pool has no id column '" + getIdCol() + "'; found columns: "
                    + Arrays.toString(schema.fieldNames()));
        }
    }

    /** Copies the sets given to the setters into {@code to} (the params are copied by {@code copy}). */
    protected <S extends FisherStage<S>> S withSetsOf(S to) {
        FisherStage<S> t = to;
        t.labeledSet = labeledSet;
        t.evalSet = evalSet;
        return to;
    }
}
