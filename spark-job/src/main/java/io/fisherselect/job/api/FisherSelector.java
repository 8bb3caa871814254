package io.fisherselect.job.api;

import io.fisherselect.job.select.ApproximationChoice;
import io.fisherselect.job.select.RunOptions;
import io.fisherselect.job.select.ModeChoice;
import io.fisherselect.job.select.ScaleOptions;
import io.fisherselect.job.select.SelectConfig;
import io.fisherselect.job.select.Selection;
import io.fisherselect.job.select.SelectionJob;
import io.fisherselect.job.fit.LastLayerFit;
import io.fisherselect.job.report.SelectionWriter;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.method.ClusterMargin;
import io.fisherselect.math.select.ClassQuota;
import io.fisherselect.math.select.MultiRoundGreedy;
import io.fisherselect.math.sample.StochasticAcquisition;
import io.fisherselect.math.linalg.Numerics;
import io.fisherselect.math.plan.SelectionParams;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
 * partitioning.
 *
 * <p>As a Spark ML {@link org.apache.spark.ml.Transformer} it keeps the contract: {@link #transform}
 * returns every input row with {@code rank} and {@code gain} appended (null for the rows not
 * selected), selecting with the sets given to {@link #setLabeled}, {@link #setEval},
 * {@link #setQuery} and {@link #setPrivate}. It is {@code MLWritable} / {@code MLReadable} (its
 * params; the sets are data, given again after loading) and saves and loads inside a
 * {@link org.apache.spark.ml.Pipeline}.
 */
public final class FisherSelector extends FisherStage<FisherSelector> implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final IntParam k;
    private final DoubleParam eta;
    private final DoubleParam nu;
    private final Param<String> sampling;
    private final DoubleParam beta;
    private final IntParam checkpointEvery;
    private final Param<String> greedyOn;
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
    private final Param<String> approximation;
    private final IntParam partitionSize;
    private final DoubleParam shrink;
    private final DoubleParam stochasticEpsilon;
    private final Param<String> clustering;
    private final IntParam clusters;
    private final IntParam shortlist;
    private final DoubleParam clusterDistance;
    private final BooleanParam fitLastLayer;
    private final IntParam classes;
    private final IntParam fitMaxIter;
    private final BooleanParam fitIntercept;
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
        eta = new DoubleParam(this, "eta", "logdet-mi/cmi query magnification η (finite)",
                ParamValidators.inRange(-Double.MAX_VALUE, Double.MAX_VALUE));
        nu = new DoubleParam(this, "nu", "logdet-cmi privacy hardness ν (finite)",
                ParamValidators.inRange(-Double.MAX_VALUE, Double.MAX_VALUE));
        List<String> samplings = new java.util.ArrayList<>(List.of("none"));
        for (StochasticAcquisition.Mode m : StochasticAcquisition.Mode.values()) {
            samplings.add(m.cliName());
        }
        sampling = choice("sampling", "stochastic batch on a top-k score: " + String.join(", ", samplings),
                samplings);
        beta = new DoubleParam(this, "beta", "inverse temperature β of the sampling (> 0)",
                ParamValidators.inRange(0, Double.MAX_VALUE, false, true));
        checkpointEvery = neutral(new IntParam(this, "checkpointEvery", "picks between lineage truncations of the"
                + " distributed greedy and between saves of its progress to the checkpoint directory (≥ 1)",
                ParamValidators.gtEq(1)));
        greedyOn = neutral(choice("greedyOn", "where the exact greedy (modes exact and prefilter) keeps its"
                + " candidates' states: auto (the driver when the candidates and their states fit a quarter of its"
                + " free heap, else the cluster), driver (collected and stepped on the driver's cores: no Spark job"
                + " per pick) or cluster (one Spark job per pick); the same picks and gains either way", List.of("auto", "driver", "cluster")));
        refactorEvery = new IntParam(this, "refactorEvery",
                "picks between re-factorisations of the greedy's Woodbury-updated inverses (≥ 0; 0: never)",
                ParamValidators.gtEq(0));
        mode = choice("mode", "greedy mode: auto (multiround for a greedy batch of k ≥ " + ModeChoice.Rule.DEFAULT.minK()
                + " from more candidates N than a part holds when N·k > " + ModeChoice.Rule.DEFAULT.maxExactUpdates()
                + " candidate updates and no class caps, pending picks or checkpoint need the exact greedy; else"
                + " exact), exact (the exact greedy), partitioned (GreeDi: k′ per"
                + " partition, final greedy over the union), prefilter (exact greedy over the top-M of a cheap"
                + " score) or multiround (multi-round partitioned greedy: random parts pick their share, the union is"
                + " dealt again into fewer parts until one)", Arrays.stream(ScaleOptions.Mode.values()).map(ScaleOptions.Mode::cliName).toList());
        partitionK = new IntParam(this, "partitionK", "k′ of mode partitioned (0: k)", ParamValidators.gtEq(0));
        candidates = new IntParam(this, "candidates", "M of mode prefilter (≥ k)", ParamValidators.gtEq(0));
        List<String> scores = new java.util.ArrayList<>(List.of("auto"));
        for (AcquisitionMethod m : AcquisitionMethod.values()) {
            if (m.isScore() && !m.needsLabels()) {
                scores.add(m.cliName());
            }
        }
        prefilterScore = choice("prefilterScore", "the cheap score of mode prefilter: auto (eig-trace for"
                + " eig-logdet/epig-logdet, egl otherwise) or a top-k method needing no labels", scores);
        init = choice("init", "badge seeding: kmeans-pp (exact) or kmeans-parallel (k-means‖)",
                Arrays.stream(ScaleOptions.Init.values()).map(ScaleOptions.Init::cliName).toList());
        kmeansRounds = new IntParam(this, "kmeansRounds", "oversampling rounds of kmeans-parallel (≥ 1)",
                ParamValidators.gtEq(1));
        oversampling = new IntParam(this, "oversampling", "ℓ, expected candidates per kmeans-parallel round (0: 2k)",
                ParamValidators.gtEq(0));
        evalSample = new IntParam(this, "evalSample", "estimate F_eval (EPIG) / F (BAIT) from a seeded sample of n"
                + " items (0: all)", ParamValidators.gtEq(0));
        fisher = choice("fisher", "Fisher sums: dense (exact) or kfac (Kronecker-factored A⊗G)",
                Arrays.stream(ScaleOptions.FisherApprox.values()).map(ScaleOptions.FisherApprox::cliName).toList());
        sketch = new IntParam(this, "sketch", "project embeddings to m dims with a seeded Gaussian sketch (0: none)",
                ParamValidators.gtEq(0));
        approximation = choice("approximation", "auto (exact while D = C·d ≤ "
                + ApproximationChoice.MAX_EXACT_DIMENSION + " and the driver's D×D matrices"
                + " fit a quarter of its heap, else a sketch to the largest m within both; a given sketch or fisher"
                + " kfac is kept) or exact (never approximate; refused when the D×D matrices cannot fit the driver)",
                Arrays.stream(ScaleOptions.Approximation.values()).map(ScaleOptions.Approximation::cliName).toList());
        partitionSize = new IntParam(this, "partitionSize", "P of mode multiround (and of auto when it picks multiround): the most survivors one part holds"
                + " (≥ 0; 0: " + MultiRoundGreedy.Settings.DEFAULT_PARTITION_SIZE + ")",
                ParamValidators.gtEq(0));
        shrink = new DoubleParam(this, "shrink", "ρ of mode multiround (and of auto when it picks multiround): a round keeps about 1/ρ of its survivors, at"
                + " least k (> 1, finite)", ParamValidators.inRange(1, Double.MAX_VALUE, false, true));
        stochasticEpsilon = new DoubleParam(this, "stochasticEpsilon", "ε of stochastic greedy in mode multiround's"
                + " parts (and auto's when it picks multiround), in [0, 1) (0: plain greedy)", ParamValidators.inRange(0, 1, true, false));
        clustering = choice("clustering", "cluster-margin's clustering: auto (hac up to "
                + ScaleOptions.HAC_AUTO_LIMIT + " pool items, else bisecting-kmeans), hac (average linkage on the"
                + " driver, as published) or bisecting-kmeans (MLlib, on the executors; above 1024 clusters each of"
                + " MLlib's 1024 clusters is split further in one task)",
                Arrays.stream(ScaleOptions.Clustering.values()).map(ScaleOptions.Clustering::cliName).toList());
        clusters = new IntParam(this, "clusters", "cluster-margin's number of clusters (≥ 0; 0: k)",
                ParamValidators.gtEq(0));
        shortlist = new IntParam(this, "shortlist", "cluster-margin's k_m: the batch is drawn from the k_m"
                + " lowest-margin items (0: min(N, " + ClusterMargin.DEFAULT_SHORTLIST_FACTOR + "k); else ≥ k)",
                ParamValidators.gtEq(0));
        clusterDistance = new DoubleParam(this, "clusterDistance", "cluster-margin with hac: no merge of clusters"
                + " farther apart than this (the paper's ε; ≥ 0; 0: only clusters)",
                ParamValidators.inRange(0, Double.MAX_VALUE));
        fitLastLayer = new BooleanParam(this, "fitLastLayer", "fit the last layer (multinomial logistic regression,"
                + " the MAP with regParam = λ / n_labeled: Newton's method on the driver, MLlib's L-BFGS for large"
                + " sets or with fitIntercept; with likelihood bernoulli one-vs-rest logistic regression on labels"
                + " that are arrays of C values 0/1, Newton's method per label) on the labeled set's embeddings and labels and use its probabilities"
                + " for every set: for pools with embeddings but no probs or logits");
        classes = new IntParam(this, "classes", "with fitLastLayer: classes C (≥ 2; 0: the largest label of the"
                + " labeled set + 1; bernoulli: the length of the label arrays)", FisherStage.<Object>rule(v -> (Integer) v == 0 || (Integer) v >= 2));
        fitMaxIter = new IntParam(this, "fitMaxIter", "last-layer fit: Newton steps or L-BFGS iterations at most"
                + " (≥ 1)",
                ParamValidators.gtEq(1));
        fitIntercept = new BooleanParam(this, "fitIntercept", "with fitLastLayer: also fit MLlib's unpenalised"
                + " intercept (its fit diverges for classes absent from the labeled set)");
        maxPerClass = new IntParam(this, "maxPerClass", "at most m picks per predicted class argmax π (≥ 0; 0: no"
                + " cap; single-label classification, exact greedy or top-k)", ParamValidators.gtEq(0));
        balance = choice("balance", "per-class caps derived from k: none, uniform (⌈k/C⌉) or proportional"
                + " (⌈k·n_c/N⌉ over the pool's predicted classes)", List.of("none", "uniform", "proportional"));
        setDefault(maxPerClass, 0);
        setDefault(balance, "none");

        setDefault(k, 10);
        setDefault(eta, 1.0);
        setDefault(nu, 1.0);
        setDefault(sampling, "none");
        setDefault(beta, StochasticAcquisition.DEFAULT_BETA);
        setDefault(checkpointEvery, 10);
        setDefault(greedyOn, "auto");
        setDefault(refactorEvery, Numerics.DEFAULT_REFACTOR_EVERY);
        setDefault(mode, "auto");
        setDefault(partitionK, 0);
        setDefault(candidates, 0);
        setDefault(prefilterScore, "auto");
        setDefault(init, "kmeans-pp");
        setDefault(kmeansRounds, 5);
        setDefault(oversampling, 0);
        setDefault(evalSample, 0);
        setDefault(fisher, "dense");
        setDefault(sketch, 0);
        setDefault(approximation, "auto");
        setDefault(partitionSize, 0);
        setDefault(shrink, MultiRoundGreedy.Settings.DEFAULT_SHRINK);
        setDefault(stochasticEpsilon, 0.0);
        setDefault(clustering, "auto");
        setDefault(clusters, 0);
        setDefault(shortlist, 0);
        setDefault(clusterDistance, 0.0);
        setDefault(fitLastLayer, false);
        setDefault(classes, 0);
        setDefault(fitMaxIter, LastLayerFit.DEFAULT_MAX_ITER);
        setDefault(fitIntercept, false);
    }

    @Override
    protected String canonicalMethod(String name) {
        return AcquisitionMethod.fromCliName(name).cliName();
    }

    // ---------------------------------------------------------------------------------- params

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

    public IntParam refactorEvery() {
        return refactorEvery;
    }

    public Param<String> greedyOn() {
        return greedyOn;
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

    public Param<String> approximation() {
        return approximation;
    }

    public IntParam partitionSize() {
        return partitionSize;
    }

    public DoubleParam shrink() {
        return shrink;
    }

    public DoubleParam stochasticEpsilon() {
        return stochasticEpsilon;
    }

    public Param<String> clustering() {
        return clustering;
    }

    public IntParam clusters() {
        return clusters;
    }

    public IntParam shortlist() {
        return shortlist;
    }

    public DoubleParam clusterDistance() {
        return clusterDistance;
    }

    public BooleanParam fitLastLayer() {
        return fitLastLayer;
    }

    public IntParam classes() {
        return classes;
    }

    public IntParam fitMaxIter() {
        return fitMaxIter;
    }

    public BooleanParam fitIntercept() {
        return fitIntercept;
    }

    // --------------------------------------------------------------------------------- setters

    public FisherSelector setK(int value) {
        return put(k, value);
    }

    public FisherSelector setEta(double value) {
        return put(eta, value);
    }

    public FisherSelector setNu(double value) {
        return put(nu, value);
    }

    /** {@code none} (plain top-k, the default; null or blank too), {@code power}, {@code softmax} or {@code softrank}. */
    public FisherSelector setSampling(String value) {
        return put(sampling, value == null || value.isBlank() ? "none" : value);
    }

    public FisherSelector setBeta(double value) {
        return put(beta, value);
    }

    public FisherSelector setCheckpointEvery(int value) {
        return put(checkpointEvery, value);
    }

    /** Where the exact greedy keeps its states: auto, driver or cluster (default auto). */
    public FisherSelector setGreedyOn(String value) {
        return put(greedyOn, value);
    }

    /** Picks between re-factorisations of the Woodbury-updated inverses (default 50; 0: never). */
    public FisherSelector setRefactorEvery(int value) {
        return put(refactorEvery, value);
    }

    /**
     * {@code auto} (default: {@code multiround} for a large greedy batch, else {@code exact}; see
     * docs/math.md §7), {@code exact}, {@code partitioned}, {@code prefilter} or {@code multiround}.
     */
    public FisherSelector setMode(String value) {
        return put(mode, value);
    }

    public FisherSelector setPartitionK(int value) {
        return put(partitionK, value);
    }

    public FisherSelector setCandidates(int value) {
        return put(candidates, value);
    }

    /** {@code auto} (null or blank too) or a top-k method's name. */
    public FisherSelector setPrefilterScore(String value) {
        return put(prefilterScore, value == null || value.isBlank() ? "auto" : value);
    }

    /** {@code kmeans-pp} (default) or {@code kmeans-parallel}. */
    public FisherSelector setInit(String value) {
        return put(init, value);
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
        return put(fisher, value);
    }

    public FisherSelector setSketch(int value) {
        return put(sketch, value);
    }

    /** {@code auto} (default) or {@code exact}. */
    public FisherSelector setApproximation(String value) {
        return put(approximation, value);
    }

    public FisherSelector setPartitionSize(int value) {
        return put(partitionSize, value);
    }

    public FisherSelector setShrink(double value) {
        return put(shrink, value);
    }

    public FisherSelector setStochasticEpsilon(double value) {
        return put(stochasticEpsilon, value);
    }

    /** {@code auto} (default), {@code hac} or {@code bisecting-kmeans}. */
    public FisherSelector setClustering(String value) {
        return put(clustering, value);
    }

    public FisherSelector setClusters(int value) {
        return put(clusters, value);
    }

    public FisherSelector setShortlist(int value) {
        return put(shortlist, value);
    }

    public FisherSelector setClusterDistance(double value) {
        return put(clusterDistance, value);
    }

    public FisherSelector setFitLastLayer(boolean value) {
        return put(fitLastLayer, value);
    }

    public FisherSelector setClasses(int value) {
        return put(classes, value);
    }

    public FisherSelector setFitMaxIter(int value) {
        return put(fitMaxIter, value);
    }

    public FisherSelector setFitIntercept(boolean value) {
        return put(fitIntercept, value);
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

    // --------------------------------------------------------------------------------- getters

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

    public String getGreedyOn() {
        return getOrDefault(greedyOn);
    }

    public int getRefactorEvery() {
        return (Integer) getOrDefault(refactorEvery);
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

    public String getApproximation() {
        return getOrDefault(approximation);
    }

    public int getPartitionSize() {
        return (Integer) getOrDefault(partitionSize);
    }

    public double getShrink() {
        return (Double) getOrDefault(shrink);
    }

    public double getStochasticEpsilon() {
        return (Double) getOrDefault(stochasticEpsilon);
    }

    public String getClustering() {
        return getOrDefault(clustering);
    }

    public int getClusters() {
        return (Integer) getOrDefault(clusters);
    }

    public int getShortlist() {
        return (Integer) getOrDefault(shortlist);
    }

    public double getClusterDistance() {
        return (Double) getOrDefault(clusterDistance);
    }

    public boolean getFitLastLayer() {
        return (Boolean) getOrDefault(fitLastLayer);
    }

    public int getClasses() {
        return (Integer) getOrDefault(classes);
    }

    public int getFitMaxIter() {
        return (Integer) getOrDefault(fitMaxIter);
    }

    public boolean getFitIntercept() {
        return (Boolean) getOrDefault(fitIntercept);
    }

    public Dataset<Row> getQuery() {
        return querySet;
    }

    public Dataset<Row> getPrivate() {
        return privateSet;
    }

    // ------------------------------------------------------------------------- typed views

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
                ScaleOptions.FisherApprox.fromCliName(getFisher()), getSketch(), getPartitionSize(), getShrink(),
                getStochasticEpsilon(), ScaleOptions.Clustering.fromCliName(getClustering()),
                new ClusterMargin.Settings(getClusters(), getShortlist(), getClusterDistance()),
                ScaleOptions.Approximation.fromCliName(getApproximation()));
        s.check(AcquisitionMethod.fromCliName(getMethod()), getK());
        return s;
    }

    // ------------------------------------------------------------- the nightly batch's params

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

    /** {@code none} (the default), {@code uniform} or {@code proportional}. */
    public FisherSelector setBalance(String value) {
        return put(balance, value);
    }

    public int getMaxPerClass() {
        return (Integer) getOrDefault(maxPerClass);
    }

    public String getBalance() {
        return getOrDefault(balance);
    }

    /** {@code balance} as the engine's value, or null for {@code none}. */
    public ClassQuota.Balance balanceValue() {
        return getBalance().equals("none") ? null : ClassQuota.Balance.fromCliName(getBalance());
    }

    /** Whether the batch has caps per predicted class ({@code maxPerClass} or {@code balance}). */
    public boolean hasClassCaps() {
        return getMaxPerClass() > 0 || balanceValue() != null;
    }

    /**
     * Items still at the annotators (a set of the data contract; labels are not needed): never
     * picked, and every batch-aware method conditions on them; {@code select} and
     * {@code transform} use it (null: none). A set, like the query set: not a param.
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

    /** The last-layer fit's options, or null without {@code fitLastLayer}. */
    public LastLayerFit.Options lastLayerOptions() {
        return getFitLastLayer() ? new LastLayerFit.Options(getClasses(), getFitMaxIter(), getFitIntercept(),
                likelihoodValue() == io.fisherselect.math.fisher.FactorSpec.Likelihood.BERNOULLI) : null;
    }

    // ------------------------------------------------------------------------------ selection

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
     * d, C, D, r) and seconds per stage (read, aggregate, select). It runs the same
     * {@link SelectionJob} as the {@code select} command, without writing anything.
     */
    public Selection selection(Dataset<?> pool, Dataset<?> labeled, Dataset<?> eval, Dataset<?> query,
                               Dataset<?> privateSet) {
        if (pool == null) {
            throw new IllegalArgumentException("a pool is required");
        }
        RunOptions run = RunOptions.ofSets(frame(pool), frame(labeled), frame(eval), frame(query), frame(privateSet))
                .withBatchSets(frame(pendingSet), frame(excludeSet));
        return new SelectionJob(pool.sparkSession()).run(new SelectConfig(run, this));
    }

    /**
     * Marks the selected rows of the pool: every input row, with the columns {@code rank} (int,
     * 1..k in pick order; null for a row not selected) and {@code gain} (double; null when not
     * selected) appended. The selection is {@link #select} with the sets given to the setters;
     * {@link #select} returns the batch alone.
     */
    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        Dataset<Row> pool = dataset.toDF();
        transformSchema(pool.schema());
        Dataset<Row> batch = select(pool, getLabeled(), getEval(), querySet, privateSet)
                .withColumnRenamed("id", SELECTED_ID);
        Dataset<Row> marked = pool.join(batch, pool.col(getIdCol()).cast(DataTypes.StringType)
                .equalTo(batch.col(SELECTED_ID)), "left_outer").drop(SELECTED_ID);
        return marked;
    }

    private static final String SELECTED_ID = "__fisherselect_selected_id";

    /** The input schema plus {@code rank} (int) and {@code gain} (double), both nullable; neither may exist yet. */
    @Override
    public StructType transformSchema(StructType schema) {
        requireIdColumn(schema);
        for (String c : new String[] {"rank", "gain"}) {
            if (Arrays.asList(schema.fieldNames()).contains(c)) {
                throw new IllegalArgumentException("the pool already has a column '" + c + "'; transform appends"
                        + " rank and gain");
            }
        }
        return schema.add("rank", DataTypes.IntegerType, true).add("gain", DataTypes.DoubleType, true);
    }

    /** Reads a selector saved with {@code write().save(path)} (its params; the sets are not saved). */
    public static MLReader<FisherSelector> read() {
        return new DefaultParamsReader<>();
    }

    public static FisherSelector load(String path) {
        return read().load(path);
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
