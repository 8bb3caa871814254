package io.fisherselect.job.api;

import io.fisherselect.job.BatchConstraints;
import io.fisherselect.job.JobInputs;
import io.fisherselect.job.ScaleOptions;
import io.fisherselect.job.Selection;
import io.fisherselect.job.SelectionJob;
import io.fisherselect.job.report.SelectionWriter;
import io.fisherselect.job.io.SetSource;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.select.ClassQuota;
import io.fisherselect.math.sample.StochasticAcquisition;
import io.fisherselect.math.linalg.Numerics;
import io.fisherselect.math.select.SelectionParams;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Selects the k most informative items of a pool with any FisherSelect method, inside a Spark
 * application: the same engine, validation and results as the {@code select} command (which is
 * a thin layer over this class), on DataFrames of the data contract (id, embedding, probs or
 * logits, label; column names are params).
 *
 * <pre>{@code
 * Dataset<Row> pool = spark.read().parquet("hdfs:///data/pool.parquet");
 * Dataset<Row> labeled = spark.read().parquet("hdfs:///data/labeled.parquet");
 *
 * Dataset<Row> batch = new FisherSelector()
 *         .setMethod("eig-logdet")      // any method of the table, e.g. bait, logdet, badge, entropy
 *         .setK(100)
 *         .setLambda(1.0)
 *         .setEmbeddingCol("features")  // the data contract's column names are params
 *         .select(pool, labeled);       // rank (int, 1..k in pick order), id (string), gain (double)
 * }</pre>
 *
 * <p>{@link #select} runs the selection when called (a few Spark jobs, one per greedy pick) and
 * returns a small local DataFrame. Bad input fails before the expensive stages with an
 * {@link io.fisherselect.job.io.InputException} naming the set, the column and a row id. The same
 * inputs and params give the same selection in local mode and on a cluster, with any
 * partitioning. As a {@link org.apache.spark.ml.Transformer}, {@link #transform} is
 * {@code select} with the sets given to {@link #setLabeled}, {@link #setEval}, {@link #setQuery}
 * and {@link #setPrivate}; its output replaces the pool by the selection.
 */
public final class FisherSelector extends FisherStage<FisherSelector> {
    private static final long serialVersionUID = 1L;

    private final IntParam k;
    private final DoubleParam eta;
    private final DoubleParam nu;
    private final Param<String> sampling;
    private final DoubleParam beta;
    private final IntParam checkpointEvery;
    private final IntParam refactorEvery;
    private final Param<String> mode;
    private final IntParam partitionK;
    private final IntParam candidates;
    private final Param<String> prefilterScore;
    private final Param<String> init;
    private final IntParam kmeansRounds;
    private final IntParam oversampling;
    private final IntParam evalSample;
    private final Param<String> fisher;
    private final IntParam sketch;
    private final IntParam maxPerClass;
    private final Param<String> balance;

    private transient Dataset<Row> querySet;
    private transient Dataset<Row> privateSet;
    private transient Dataset<Row> pendingSet;
    private transient Dataset<Row> excludeSet;

    public FisherSelector() {
        this(Identifiable.randomUID("FisherSelector"));
    }

    /** With a given uid (Spark ML's {@code copy} needs this constructor). */
    public FisherSelector(String uid) {
        super(uid, Arrays.stream(AcquisitionMethod.values()).map(AcquisitionMethod::cliName).toList(),
                AcquisitionMethod.EIG_LOGDET.cliName());
        k = new IntParam(this, "k", "batch size (> 0; at most the pool's size)", ParamValidators.gt(0));
        eta = new DoubleParam(this, "eta", "logdet-mi/cmi query magnification η",
                ParamValidators.inRange(-Double.MAX_VALUE, Double.MAX_VALUE));
        nu = new DoubleParam(this, "nu", "logdet-cmi privacy hardness ν",
                ParamValidators.inRange(-Double.MAX_VALUE, Double.MAX_VALUE));
        sampling = new Param<>(this, "sampling",
                "stochastic batch on a top-k score: none, power, softmax or softrank",
                ParamValidators.inArray(List.of("none", "power", "softmax", "softrank")));
        beta = new DoubleParam(this, "beta", "inverse temperature β of the sampling (> 0)",
                ParamValidators.inRange(0, Double.MAX_VALUE, false, true));
        checkpointEvery = new IntParam(this, "checkpointEvery",
                "picks between lineage truncations of the distributed greedy (≥ 1)", ParamValidators.gtEq(1));
        mode = new Param<>(this, "mode", "greedy mode: exact (one Spark job per pick), partitioned (GreeDi: k′ per"
                + " partition, final greedy over the union) or prefilter (exact greedy over the top-M of a cheap score)",
                ParamValidators.inArray(List.of("exact", "partitioned", "prefilter")));
        partitionK = new IntParam(this, "partitionK", "k′ of mode partitioned (0: k)", ParamValidators.gtEq(0));
        candidates = new IntParam(this, "candidates", "M of mode prefilter (≥ k)", ParamValidators.gtEq(0));
        prefilterScore = new Param<>(this, "prefilterScore", "the cheap score of mode prefilter: auto (eig-trace"
                + " for eig-logdet/epig-logdet, egl otherwise) or a top-k method needing no labels",
                ParamValidators.inArray(List.of("auto", "random", "entropy", "margin", "least-confidence", "egl",
                        "eig-trace")));
        init = new Param<>(this, "init", "badge seeding: kmeans-pp (exact) or kmeans-parallel (k-means‖)",
                ParamValidators.inArray(List.of("kmeans-pp", "kmeans-parallel")));
        kmeansRounds = new IntParam(this, "kmeansRounds", "oversampling rounds of kmeans-parallel (≥ 1)",
                ParamValidators.gtEq(1));
        oversampling = new IntParam(this, "oversampling", "ℓ, expected candidates per kmeans-parallel round (0: 2k)",
                ParamValidators.gtEq(0));
        evalSample = new IntParam(this, "evalSample", "estimate F_eval (EPIG) / F (BAIT) from a seeded sample of n"
                + " items (0: all)", ParamValidators.gtEq(0));
        fisher = new Param<>(this, "fisher", "Fisher sums: dense (exact) or kfac (Kronecker-factored)",
                ParamValidators.inArray(List.of("dense", "kfac")));
        sketch = new IntParam(this, "sketch", "project embeddings to m dims with a seeded Gaussian sketch (0: none)",
                ParamValidators.gtEq(0));
        maxPerClass = new IntParam(this, "maxPerClass", "at most m picks per predicted class argmax π (0: no cap;"
                + " single-label classification only)", ParamValidators.gtEq(0));
        balance = new Param<>(this, "balance", "per-class caps derived from k: none, uniform (⌈k/C⌉) or proportional"
                + " (⌈k·n_c/N⌉ over the pool's predicted classes)",
                ParamValidators.inArray(List.of("none", "uniform", "proportional")));
        setDefault(maxPerClass, 0);
        setDefault(balance, "none");
        setDefault(mode, "exact");
        setDefault(partitionK, 0);
        setDefault(candidates, 0);
        setDefault(prefilterScore, "auto");
        setDefault(init, "kmeans-pp");
        setDefault(kmeansRounds, 5);
        setDefault(oversampling, 0);
        setDefault(evalSample, 0);
        setDefault(fisher, "dense");
        setDefault(sketch, 0);
        setDefault(k, 10);
        setDefault(eta, 1.0);
        setDefault(nu, 1.0);
        setDefault(sampling, "none");
        setDefault(beta, StochasticAcquisition.DEFAULT_BETA);
        refactorEvery = new IntParam(this, "refactorEvery",
                "picks between re-factorisations of the greedy's Woodbury-updated inverses (≥ 0; 0: never)",
                ParamValidators.gtEq(0));
        setDefault(checkpointEvery, 10);
        setDefault(refactorEvery, Numerics.DEFAULT_REFACTOR_EVERY);
    }

    @Override
    protected String canonicalMethod(String name) {
        return AcquisitionMethod.fromCliName(name).cliName();
    }

    public IntParam k() {
        return k;
    }

    public DoubleParam eta() {
        return eta;
    }

    public DoubleParam nu() {
        return nu;
    }

    public Param<String> sampling() {
        return sampling;
    }

    public DoubleParam beta() {
        return beta;
    }

    public IntParam checkpointEvery() {
        return checkpointEvery;
    }

    public FisherSelector setK(int value) {
        return put(k, value);
    }

    public FisherSelector setEta(double value) {
        return put(eta, value);
    }

    public FisherSelector setNu(double value) {
        return put(nu, value);
    }

    /** {@code none} (plain top-k, the default), {@code power}, {@code softmax} or {@code softrank}. */
    public FisherSelector setSampling(String value) {
        String v = value == null || value.isBlank() || value.trim().equalsIgnoreCase("none") ? "none"
                : StochasticAcquisition.Mode.fromCliName(value).cliName();
        return put(sampling, v);
    }

    public FisherSelector setBeta(double value) {
        return put(beta, value);
    }

    public FisherSelector setCheckpointEvery(int value) {
        return put(checkpointEvery, value);
    }

    public IntParam refactorEvery() {
        return refactorEvery;
    }

    /** Picks between re-factorisations of the Woodbury-updated inverses (default 50; 0: never). */
    public FisherSelector setRefactorEvery(int value) {
        return put(refactorEvery, value);
    }

    public int getRefactorEvery() {
        return (Integer) getOrDefault(refactorEvery);
    }

    /** {@code exact} (default), {@code partitioned} or {@code prefilter}. */
    public FisherSelector setMode(String value) {
        return put(mode, ScaleOptions.Mode.fromCliName(value).cliName());
    }

    public FisherSelector setPartitionK(int value) {
        return put(partitionK, value);
    }

    public FisherSelector setCandidates(int value) {
        return put(candidates, value);
    }

    /** {@code auto} (null or blank too) or a top-k method's name. */
    public FisherSelector setPrefilterScore(String value) {
        String v = value == null || value.isBlank() || value.trim().equalsIgnoreCase("auto") ? "auto"
                : AcquisitionMethod.fromCliName(value).cliName();
        return put(prefilterScore, v);
    }

    /** {@code kmeans-pp} (default) or {@code kmeans-parallel}. */
    public FisherSelector setInit(String value) {
        return put(init, ScaleOptions.Init.fromCliName(value).cliName());
    }

    public FisherSelector setKmeansRounds(int value) {
        return put(kmeansRounds, value);
    }

    public FisherSelector setOversampling(int value) {
        return put(oversampling, value);
    }

    public FisherSelector setEvalSample(int value) {
        return put(evalSample, value);
    }

    /** {@code dense} (default) or {@code kfac}. */
    public FisherSelector setFisher(String value) {
        return put(fisher, ScaleOptions.FisherApprox.fromCliName(value).cliName());
    }

    public FisherSelector setSketch(int value) {
        return put(sketch, value);
    }

    public Param<String> mode() {
        return mode;
    }

    public IntParam partitionK() {
        return partitionK;
    }

    public IntParam candidates() {
        return candidates;
    }

    public Param<String> prefilterScore() {
        return prefilterScore;
    }

    public Param<String> init() {
        return init;
    }

    public IntParam kmeansRounds() {
        return kmeansRounds;
    }

    public IntParam oversampling() {
        return oversampling;
    }

    public IntParam evalSample() {
        return evalSample;
    }

    public Param<String> fisher() {
        return fisher;
    }

    public IntParam sketch() {
        return sketch;
    }

    public String getMode() {
        return getOrDefault(mode);
    }

    public int getPartitionK() {
        return (Integer) getOrDefault(partitionK);
    }

    public int getCandidates() {
        return (Integer) getOrDefault(candidates);
    }

    public String getPrefilterScore() {
        return getOrDefault(prefilterScore);
    }

    public String getInit() {
        return getOrDefault(init);
    }

    public int getKmeansRounds() {
        return (Integer) getOrDefault(kmeansRounds);
    }

    public int getOversampling() {
        return (Integer) getOrDefault(oversampling);
    }

    public int getEvalSample() {
        return (Integer) getOrDefault(evalSample);
    }

    public String getFisher() {
        return getOrDefault(fisher);
    }

    public int getSketch() {
        return (Integer) getOrDefault(sketch);
    }

    /**
     * The scale options (mode, BADGE seeding, large-D approximations), checked against the method
     * and k.
     *
     * @throws IllegalArgumentException for a combination that does not apply
     */
    public ScaleOptions scaleOptions() {
        String score = getPrefilterScore();
        ScaleOptions s = new ScaleOptions(ScaleOptions.Mode.fromCliName(getMode()), getPartitionK(), getCandidates(),
                score.equals("auto") ? null : AcquisitionMethod.fromCliName(score),
                ScaleOptions.Init.fromCliName(getInit()), getKmeansRounds(), getOversampling(), getEvalSample(),
                ScaleOptions.FisherApprox.fromCliName(getFisher()), getSketch());
        s.check(AcquisitionMethod.fromCliName(getMethod()), getK());
        return s;
    }

    public IntParam maxPerClass() {
        return maxPerClass;
    }

    public Param<String> balance() {
        return balance;
    }

    /** At most m picks per predicted class (0: no cap, the default). */
    public FisherSelector setMaxPerClass(int value) {
        return put(maxPerClass, value);
    }

    /** {@code none} (default; null or blank too), {@code uniform} or {@code proportional}. */
    public FisherSelector setBalance(String value) {
        String v = value == null || value.isBlank() || value.trim().equalsIgnoreCase("none") ? "none"
                : ClassQuota.Balance.fromCliName(value).cliName();
        return put(balance, v);
    }

    public int getMaxPerClass() {
        return (Integer) getOrDefault(maxPerClass);
    }

    public String getBalance() {
        return getOrDefault(balance);
    }

    /**
     * Items still at the annotators (a set of the data contract; labels are not needed): never
     * picked, and every batch-aware method conditions on them; {@code select} and
     * {@code transform} use it (null: none).
     */
    public FisherSelector setPending(Dataset<?> pending) {
        this.pendingSet = pending == null ? null : pending.toDF();
        return this;
    }

    /** Items to leave out without conditioning on them (only the id column is read; null: none). */
    public FisherSelector setExclude(Dataset<?> exclude) {
        this.excludeSet = exclude == null ? null : exclude.toDF();
        return this;
    }

    public Dataset<Row> getPending() {
        return pendingSet;
    }

    public Dataset<Row> getExclude() {
        return excludeSet;
    }

    /** The pending and excluded sets given to the setters, and the class caps. */
    public BatchConstraints batchConstraints() {
        return batchConstraints(SetSource.ofFrame(pendingSet), SetSource.ofFrame(excludeSet));
    }

    /** The class caps of the params with the given pending and excluded sets (the command line's paths). */
    public BatchConstraints batchConstraints(SetSource pending, SetSource exclude) {
        String b = getBalance();
        return new BatchConstraints(pending, exclude, getMaxPerClass(),
                b.equals("none") ? null : ClassQuota.Balance.fromCliName(b));
    }

    /** The query set of {@code logdet-mi} / {@code logdet-cmi}; {@code transform} uses it. */
    public FisherSelector setQuery(Dataset<?> query) {
        this.querySet = query == null ? null : query.toDF();
        return this;
    }

    /** The private set of {@code logdet-cmi}; {@code transform} uses it. */
    public FisherSelector setPrivate(Dataset<?> privateSet) {
        this.privateSet = privateSet == null ? null : privateSet.toDF();
        return this;
    }

    public int getK() {
        return (Integer) getOrDefault(k);
    }

    public double getEta() {
        return (Double) getOrDefault(eta);
    }

    public double getNu() {
        return (Double) getOrDefault(nu);
    }

    public String getSampling() {
        return getOrDefault(sampling);
    }

    public double getBeta() {
        return (Double) getOrDefault(beta);
    }

    public int getCheckpointEvery() {
        return (Integer) getOrDefault(checkpointEvery);
    }

    public Dataset<Row> getQuery() {
        return querySet;
    }

    public Dataset<Row> getPrivate() {
        return privateSet;
    }

    /**
     * The selection's typed parameters (what the engine runs), checked together: e.g. sampling
     * only for top-k methods, the gaussian likelihood only for methods defined for regression.
     *
     * @throws IllegalArgumentException for a combination the method does not support
     */
    public SelectionParams selectionParams() {
        String s = getSampling();
        return new SelectionParams(AcquisitionMethod.fromCliName(getMethod()), getK(), getLambda(), getSeed(),
                likelihoodValue(), getNoise(), getFisherRank(), getBias(), kernelValue(), getEta(), getNu(),
                s.equals("none") ? null : StochasticAcquisition.Mode.fromCliName(s), getBeta());
    }

    /**
     * Selects k items of the pool; the eval, query and private sets are those given to the setters.
     *
     * @param pool    the candidates
     * @param labeled the labeled set (builds H = λI + Σ_labeled F), or null
     * @return {@code rank} (int, 1..k in pick order), {@code id} (string), {@code gain} (double: the
     *         method's marginal objective gain when the item was picked; a top-k method's score)
     */
    public Dataset<Row> select(Dataset<?> pool, Dataset<?> labeled) {
        return select(pool, labeled, getEval(), querySet, privateSet);
    }

    /**
     * Selects k items of the pool with every set given.
     *
     * @param pool       the candidates
     * @param labeled    the labeled set, or null
     * @param eval       the eval set of {@code epig-logdet} (null: the pool)
     * @param query      the query set of {@code logdet-mi} / {@code logdet-cmi} (required by them)
     * @param privateSet the private set of {@code logdet-cmi} (required by it)
     * @return {@code rank}, {@code id}, {@code gain} as {@link #select(Dataset, Dataset)}
     */
    public Dataset<Row> select(Dataset<?> pool, Dataset<?> labeled, Dataset<?> eval, Dataset<?> query,
                               Dataset<?> privateSet) {
        return SelectionWriter.frame(pool.sparkSession(), selection(pool, labeled, eval, query, privateSet));
    }

    /**
     * The selection with its details: each pick's seconds, the set sizes and shape (pool, labeled,
     * d, C, D, r) and seconds per stage (read, aggregate, select); its {@code config} is null.
     */
    public Selection selection(Dataset<?> pool, Dataset<?> labeled, Dataset<?> eval, Dataset<?> query,
                               Dataset<?> privateSet) {
        SelectionParams params = selectionParams();
        ScaleOptions scale = scaleOptions();
        AcquisitionMethod m = params.method();
        if (m.needsQuerySet() && query == null) {
            throw new IllegalArgumentException(m.cliName() + " needs a query set");
        }
        if (m.needsPrivateSet() && privateSet == null) {
            throw new IllegalArgumentException(m.cliName() + " needs a private set");
        }
        SparkSession spark = pool.sparkSession();
        JobInputs inputs = new JobInputs(spark, sources(pool, labeled, eval, query, privateSet), params, List.of(m))
                .withScale(scale);
        return new SelectionJob(spark).select(inputs, params, getCheckpointEvery(), scale,
                new Numerics(getRefactorEvery()), null, batchConstraints());
    }

    /** {@code select} with the sets given to the setters: the pool's rows are replaced by the selection. */
    @Override
    public Dataset<Row> transform(Dataset<?> pool) {
        transformSchema(pool.schema());
        return select(pool, getLabeled(), getEval(), querySet, privateSet);
    }

    /** The selection's schema: {@code rank} int, {@code id} string, {@code gain} double. */
    @Override
    public StructType transformSchema(StructType schema) {
        requireIdColumn(schema);
        return SelectionWriter.SCHEMA;
    }

    @Override
    public FisherSelector copy(ParamMap extra) {
        FisherSelector copy = withSetsOf((FisherSelector) defaultCopy(extra));
        copy.querySet = querySet;
        copy.privateSet = privateSet;
        copy.pendingSet = pendingSet;
        copy.excludeSet = excludeSet;
        return copy;
    }
}
