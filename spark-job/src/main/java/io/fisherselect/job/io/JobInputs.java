package io.fisherselect.job.io;

import io.fisherselect.job.select.ScaleOptions;

import io.fisherselect.job.report.StageTimer;
import io.fisherselect.job.stage.CandidateBlocks;
import io.fisherselect.job.stage.FisherAggregation;
import io.fisherselect.job.stage.SeededSample;
import io.fisherselect.math.linalg.RandomProjection;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.CandidateBlockBuilder;
import io.fisherselect.math.plan.MethodPlans;
import io.fisherselect.math.plan.PlanInputs;
import io.fisherselect.math.plan.SelectionParams;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The input side of a run, shared by {@code select} and {@code score}: reads and validates the
 * sets a list of methods needs (the pool first, then labeled / eval / query / private, each
 * checked against the pool's shape), computes the reductions those methods need (labeled Fisher,
 * pool Fisher, eval Fisher, reference sets) once, and hands every method its {@link PlanInputs}
 * with exactly the reductions {@link MethodPlans#needs} names for it.
 *
 * <p>{@link #load} does it all (the caller's check of its options against the sets' shape,
 * {@link OptionLimits}, runs once every set is read and before any reduction) and returns the
 * loaded value: the validated rows stay
 * cached and the reductions fixed until {@link #unpersist()}, so that every later stage of the
 * run (selection, report) reuses them instead of reading the sets again.
 */
public final class JobInputs {
    private static final Logger LOG = LogManager.getLogger(JobInputs.class);

    /**
     * Where the sets are and how to read them.
     *
     * @param pool                 pool path or URI (the candidates)
     * @param labeled              labeled set (builds H), or null
     * @param eval                 eval set of EPIG (default: the pool), or null
     * @param query                query set of LogDetMI/CMI, or null
     * @param privateSet           private set of LogDetCMI, or null
     * @param format               input format, or null to infer it from each path
     * @param columns              column names of the data contract
     * @param partitions           repartition the pool into this many partitions (0: keep the input's)
     * @param probabilityTolerance accepted |Σπ − 1|
     * @param renormalize          accept probabilities that do not sum to 1
     */
    public record Sources(SetSource pool, SetSource labeled, SetSource eval, SetSource query, SetSource privateSet,
                          String format,
                          ColumnNames columns, int partitions, double probabilityTolerance, boolean renormalize) {
    }

    /** A validated input set: its rows (cached), its shape and whether it has labels. */
    public record LoadedSet(DataSet set, JavaRDD<Item> items, SetValidator.Shape shape, boolean hasLabel) {
    }

    private final SparkSession spark;
    private final Sources sources;
    private final SelectionParams params;
    private final List<AcquisitionMethod> methods;
    private final boolean regression;
    /** bernoulli likelihood: per-label probabilities, logits through a sigmoid */
    private final boolean multiLabel;

    private LoadedSet pool;
    private LoadedSet labeled;
    private LoadedSet eval;
    private LoadedSet query;
    private LoadedSet priv;
    private final List<LoadedSet> others = new ArrayList<>();

    private ScaleOptions scale = ScaleOptions.defaults();
    /** whether the sets are projected to {@code scale.sketch()} dims (sets read later are too) */
    private boolean sketched;

    private DMatrixRMaj labeledFisherSum;
    private long labeledCount;
    private DMatrixRMaj poolFisherSum;
    private DMatrixRMaj evalFisherMean;
    private CandidateBlock queryBlock;
    private CandidateBlock privateBlock;

    /**
     * The reductions of the labeled and eval sets, which do not depend on the pool: what a
     * scorer learns when it is fitted. H = λI + Σ_labeled F (Kirsch &amp; Gal 2022, eqs. (19)–(20))
     * needs only Σ_labeled F, and EPIG's eval side
     * only the eval set's mean Fisher; a pool-dependent reduction (the pool's Fisher sum) is
     * computed when the pool is scored.
     *
     * @param classes          C of the sets (1 for regression); 0 when neither set was given
     * @param embeddingLength  their embedding length; 0 when neither set was given
     * @param labeledFisherSum Σ_labeled F (D×D), or null: no labeled set, H = λI
     * @param labeledCount     n_L (0 without a labeled set)
     * @param evalFisherMean   the eval set's mean Fisher (D×D), or null: EPIG's eval side is the pool
     */
    public record Fitted(int classes, int embeddingLength, DMatrixRMaj labeledFisherSum, long labeledCount,
                         DMatrixRMaj evalFisherMean) implements java.io.Serializable {
        /** Nothing learned: no labeled and no eval set. */
        public static final Fitted NONE = new Fitted(0, 0, null, 0, null);
    }

    /**
     * @param params  the Fisher options (likelihood, rank, noise, bias) and λ, seed, kernel, …;
     *                its method is replaced by each of {@code methods} in {@link #params(AcquisitionMethod)}
     * @param methods the methods the run evaluates (one for {@code select})
     */
    private JobInputs(SparkSession spark, Sources sources, SelectionParams params, List<AcquisitionMethod> methods) {
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("at least one method is required");
        }
        this.spark = spark;
        this.sources = sources;
        this.params = params;
        this.methods = List.copyOf(methods);
        this.regression = params.likelihood() == FactorSpec.Likelihood.GAUSSIAN;
        this.multiLabel = params.likelihood() == FactorSpec.Likelihood.BERNOULLI;
    }

    /**
     * Reads and validates the sets the methods need and computes their reductions, once.
     *
     * @param params    the Fisher options (likelihood, rank, noise, bias) and λ, seed, kernel, …;
     *                  its method is replaced by each of {@code methods} in {@link #params(AcquisitionMethod)}
     * @param methods   the methods the run evaluates (one for {@code select})
     * @param scale     the large-D options: {@code sketch} (embeddings projected when read),
     *                  {@code fisher kfac} and {@code evalSample} (in the reductions)
     * @param timer     laps {@code read} when the sets are read (the reductions are the caller's next stage)
     * @param check     runs on the read sets' shape before any reduction: the options that are only
     *                  meaningful relative to the data ({@link OptionLimits})
     */
    public static JobInputs load(SparkSession spark, Sources sources, SelectionParams params,
                                 List<AcquisitionMethod> methods, ScaleOptions scale, StageTimer timer,
                                 java.util.function.Consumer<OptionLimits.DataShape> check) {
        return load(spark, sources, params, methods, scale, timer, check, null);
    }

    /**
     * As {@link #load(SparkSession, Sources, SelectionParams, List, ScaleOptions, StageTimer,
     * java.util.function.Consumer)}, with the labeled and eval reductions already computed by
     * {@link #fit} (then {@code sources} names no labeled or eval set): only the pool is read, and
     * it must have the fitted sets' C and embedding length.
     */
    public static JobInputs load(SparkSession spark, Sources sources, SelectionParams params,
                                 List<AcquisitionMethod> methods, ScaleOptions scale, StageTimer timer,
                                 java.util.function.Consumer<OptionLimits.DataShape> check, Fitted fitted) {
        ScaleOptions given = scale == null ? ScaleOptions.defaults() : scale;
        return load(spark, sources, params, methods, shape -> {
            check.accept(shape);
            return given;
        }, timer, fitted);
    }

    /**
     * As {@link #load(SparkSession, Sources, SelectionParams, List, ScaleOptions, StageTimer,
     * java.util.function.Consumer, Fitted)}, with the large-D options resolved from the read sets'
     * shape: {@code scaleFor} checks the options against the shape ({@link OptionLimits}) and returns
     * the scale options that run (e.g. the sketch {@code --approximation auto} chose). The sets are
     * projected to that sketch only then.
     */
    public static JobInputs load(SparkSession spark, Sources sources, SelectionParams params,
                                 List<AcquisitionMethod> methods,
                                 java.util.function.Function<OptionLimits.DataShape, ScaleOptions> scaleFor,
                                 StageTimer timer, Fitted fitted) {
        JobInputs in = new JobInputs(spark, sources, params, methods);
        try {
            in.readPool();
            if (fitted != null) {
                in.adopt(fitted);
            }
            in.readOthers();
            in.scale = scaleFor.apply(in.dataShape());
            in.sketchSets();
            double seconds = timer.lap("read");
            LOG.info(String.format(java.util.Locale.ROOT, "%s: read and validated %s, d = %d, C = %d (%.1f s)",
                    String.join(",", in.methods.stream().map(AcquisitionMethod::cliName).toList()), in.setSizes(),
                    in.rawEmbeddingLength(), in.classes(), seconds));
            in.reduce();
            return in;
        } catch (RuntimeException e) {
            in.unpersist();
            throw e;
        }
    }

    /**
     * Reads and validates the labeled and eval sets the methods use (without a pool) and computes
     * their reductions ({@link Fitted}): a scorer's fit. The eval set must have the labeled set's
     * C and embedding length; the pool is checked against both when it is scored.
     *
     * @param sources the labeled and eval sets (the pool is not read), columns and checks
     */
    public static Fitted fit(SparkSession spark, Sources sources, SelectionParams params,
                             List<AcquisitionMethod> methods) {
        JobInputs in = new JobInputs(spark, sources, params, methods);
        try {
            if (sources.labeled() != null && methods.stream().anyMatch(AcquisitionMethod::usesLabeledSet)) {
                in.labeled = in.other(DataSet.LABELED, sources.labeled());
            }
            if (sources.eval() != null && methods.contains(AcquisitionMethod.EPIG_LOGDET)) {
                in.eval = in.other(DataSet.EVAL, sources.eval());
                if (in.labeled != null) {
                    checkCompatible(in.eval, in.labeled.shape(), sources.columns());
                }
            }
            LoadedSet first = in.labeled != null ? in.labeled : in.eval;
            if (first == null) {
                return Fitted.NONE;
            }
            int c = in.regression ? 1 : first.shape().classes();
            int rawD = first.shape().embeddingLength();
            boolean labeledFisher = in.labeled != null && methods.stream()
                    .anyMatch(m -> in.needs(m).contains(MethodPlans.Reduction.LABELED_FISHER));
            if (labeledFisher) {
                in.reduceLabeled(c, rawD, false);
            }
            DMatrixRMaj evalMean = in.eval == null ? null : in.evalMean(c, rawD, false);
            return new Fitted(c, rawD, in.labeledFisherSum, in.labeledCount, evalMean);
        } finally {
            in.unpersist();
        }
    }

    /** Takes the fitted reductions, after checking that the pool has the fitted sets' shape. */
    private void adopt(Fitted fitted) {
        if (fitted.classes() > 0) {
            SetValidator.Shape shape = pool.shape();
            if (shape.embeddingLength() != fitted.embeddingLength()) {
                throw InputException.at(DataSet.POOL, sources.columns().embedding(), shape.firstId(), "embedding has "
                        + shape.embeddingLength() + " values but the scorer was fitted on sets with "
                        + fitted.embeddingLength() + "; the pool needs the fitted sets' embedding length");
            }
            if (classes() != fitted.classes()) {
                throw InputException.at(DataSet.POOL, shape.classesColumn(), shape.firstId(), "has C = " + classes()
                        + " classes but the scorer was fitted on sets with C = " + fitted.classes()
                        + "; the pool needs the fitted sets' classes");
            }
        }
        labeledFisherSum = fitted.labeledFisherSum();
        labeledCount = fitted.labeledCount();
        evalFisherMean = fitted.evalFisherMean();
    }

    /** Reads and validates the pool (with labels when a method needs them). */
    private LoadedSet readPool() {
        boolean needLabel = methods.stream().anyMatch(AcquisitionMethod::needsLabels);
        pool = load(DataSet.POOL, sources.pool(), needLabel, sources.partitions());
        return pool;
    }

    /**
     * Reads and validates the labeled, eval, query and private sets the methods use (a given set
     * that none uses is ignored with a warning) and checks each against the pool's shape.
     */
    private void readOthers() {
        if (pool == null) {
            throw new IllegalStateException("readPool() first");
        }
        String names = String.join(", ", methods.stream().map(AcquisitionMethod::cliName).toList());
        if (sources.labeled() != null) {
            if (methods.stream().anyMatch(AcquisitionMethod::usesLabeledSet)) {
                labeled = other(DataSet.LABELED, sources.labeled());
            } else {
                LOG.warn("{} does not use the labeled set; --labeled {} is ignored", names, sources.labeled());
            }
        }
        if (sources.eval() != null) {
            if (methods.contains(AcquisitionMethod.EPIG_LOGDET)) {
                eval = other(DataSet.EVAL, sources.eval());
            } else {
                LOG.warn("{} does not use an eval set; --eval {} is ignored", names, sources.eval());
            }
        }
        query = methods.stream().anyMatch(AcquisitionMethod::needsQuerySet)
                ? other(DataSet.QUERY, sources.query()) : null;
        priv = methods.stream().anyMatch(AcquisitionMethod::needsPrivateSet)
                ? other(DataSet.PRIVATE, sources.privateSet()) : null;
    }

    /** Reads and validates a set other than the pool and checks it against the pool's shape. */
    private LoadedSet other(DataSet set, SetSource source) {
        if (source == null) {
            throw new InputException("the method needs a " + set + " set (--" + set + ")");
        }
        LoadedSet s = load(set, source, false, 0);
        if (sketched) {
            s = sketched(s);
        }
        others.add(s);
        if (pool != null) {
            checkCompatible(s, pool.shape(), sources.columns());
        }
        return s;
    }

    /**
     * The items still at the annotators on the driver, sorted by id (the order they are
     * conditioned on), with {@code m}'s factors. A set with an embedding column is read and
     * validated as a set of the data contract (labels not needed) and checked against the pool's
     * shape; a set of ids only (e.g. last night's {@code selection/}) takes the rows from the pool,
     * and every id must be there.
     */
    public CandidateBlock readPending(SetSource source, AcquisitionMethod m) {
        ItemReader.ReadSet ids = new ItemReader(spark, sources.columns()).open(DataSet.PENDING, source,
                sources.format(), new ItemReader.Needs(false, false, false));
        List<Item> items;
        if (java.util.Arrays.asList(ids.frame().schema().fieldNames()).contains(sources.columns().embedding())) {
            LoadedSet pending = other(DataSet.PENDING, source);
            items = new ArrayList<>(pending.items().collect());
        } else {
            Set<String> wanted = readIds(DataSet.PENDING, source);
            org.apache.spark.broadcast.Broadcast<Set<String>> w = JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .broadcast(wanted);
            items = new ArrayList<>(pool.items().filter(it -> w.value().contains(it.id())).collect());
            Set<String> missing = new java.util.TreeSet<>(wanted);
            items.forEach(it -> missing.remove(it.id()));
            if (!missing.isEmpty()) {
                throw InputException.at(DataSet.PENDING, sources.columns().id(), missing.iterator().next(),
                        "id is not in the pool (" + missing.size() + " of " + wanted.size() + " pending ids are not);"
                        + " a pending set without an embedding column names pool items, else give its rows (id,"
                        + " embedding, probs or logits)");
            }
        }
        items.sort((a, b) -> a.id().compareTo(b.id()));
        FactorSpec spec = factorSpec(m);
        CandidateBlockBuilder b = new CandidateBlockBuilder(spec, classes());
        for (Item it : items) {
            b.add(it.id(), it.embedding(), CandidateBlocks.normalized(it.probs(), spec.likelihood()), it.label());
        }
        return b.build(rawEmbeddingLength());
    }

    /** The ids of a set of which only the id column is read ({@code --exclude}). */
    public Set<String> readIds(DataSet set, SetSource source) {
        ItemReader.ReadSet rs = new ItemReader(spark, sources.columns()).open(set, source, sources.format(),
                new ItemReader.Needs(false, false, false));
        Set<String> out = new java.util.HashSet<>();
        for (org.apache.spark.sql.Row r : rs.frame().select(sources.columns().id()).collectAsList()) {
            if (!r.isNullAt(0)) {
                out.add(r.get(0).toString());
            }
        }
        return out;
    }

    /** Computes, once, every reduction any of the methods needs (on the driver). */
    private void reduce() {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int c = classes();
        int rawD = rawEmbeddingLength();
        Set<MethodPlans.Reduction> needs = EnumSet.noneOf(MethodPlans.Reduction.class);
        for (AcquisitionMethod m : methods) {
            needs.addAll(needs(m));
        }
        boolean kfac = scale.fisher() == ScaleOptions.FisherApprox.KFAC;
        if (needs.contains(MethodPlans.Reduction.LABELED_FISHER) && labeled != null) {
            reduceLabeled(c, rawD, kfac);
        }
        if (needs.contains(MethodPlans.Reduction.POOL_FISHER)) {
            // the eval side of EPIG (without an eval set) and BAIT: Σ_pool F, or N/n × the sum over
            // a seeded sample of n items (--eval-sample)
            long count = pool.shape().count();
            int n = scale.evalSample();
            if (n > 0 && n < count) {
                sc.setJobDescription("aggregate pool Fisher (sample of " + n + ")");
                poolFisherSum = FisherAggregation.sum(SeededSample.of(sc, pool.items(), n, params.seed(),
                        SeededSample.STREAM_EVAL_SAMPLE), n, params.fisherSpec(), c, rawD, kfac);
                CommonOps_DDRM.scale((double) count / n, poolFisherSum);
            } else {
                sc.setJobDescription("aggregate pool Fisher");
                poolFisherSum = FisherAggregation.sum(pool.items(), count, params.fisherSpec(), c, rawD, kfac);
            }
        }
        if (eval != null) {
            evalFisherMean = evalMean(c, rawD, kfac);
        }
        if (query != null) {
            queryBlock = referenceBlock(query, params, c, rawD);
            privateBlock = priv == null ? null : referenceBlock(priv, params, c, rawD);
        }
    }

    /** Σ_labeled F and n_L. */
    private void reduceLabeled(int c, int rawD, boolean kfac) {
        JavaSparkContext.fromSparkContext(spark.sparkContext()).setJobDescription("aggregate labeled Fisher");
        labeledCount = labeled.shape().count();
        labeledFisherSum = FisherAggregation.sum(labeled.items(), labeledCount, params.fisherSpec(), c, rawD, kfac);
    }

    /** The eval set's mean Fisher (over a seeded sample with {@code evalSample}). */
    private DMatrixRMaj evalMean(int c, int rawD, boolean kfac) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        long count = eval.shape().count();
        int n = scale.evalSample();
        JavaRDD<Item> items = eval.items();
        if (n > 0 && n < count) {
            items = SeededSample.of(sc, items, n, params.seed(), SeededSample.STREAM_EVAL_SAMPLE);
            count = n;
        }
        sc.setJobDescription("aggregate eval Fisher");
        DMatrixRMaj mean = FisherAggregation.sum(items, count, params.fisherSpec(), c, rawD, kfac);
        CommonOps_DDRM.scale(1.0 / count, mean);
        return mean;
    }

    /** The reductions {@code m} needs, given which sets were read (or their reductions fitted). */
    private Set<MethodPlans.Reduction> needs(AcquisitionMethod m) {
        return MethodPlans.needs(m, labeled != null || labeledFisherSum != null,
                eval != null || evalFisherMean != null);
    }

    /** The run's parameters with {@code m} as the method. */
    public SelectionParams params(AcquisitionMethod m) {
        return m == params.method() ? params : params.withMethod(m);
    }

    /** The factor {@code m}'s candidates carry. */
    public FactorSpec factorSpec(AcquisitionMethod m) {
        return params(m).factorSpec();
    }

    /** The plan inputs of {@code m}: its shape and exactly the reductions it needs. */
    public PlanInputs planInputs(AcquisitionMethod m) {
        if (!methods.contains(m) && !needs(m).isEmpty()) {
            throw new IllegalArgumentException(m.cliName() + " needs reductions this run did not compute");
        }
        FactorSpec spec = factorSpec(m);
        PlanInputs in = PlanInputs.shape(spec.embeddingLength(rawEmbeddingLength()), classes(),
                spec.columns(classes()));
        Set<MethodPlans.Reduction> needs = needs(m);
        if (needs.contains(MethodPlans.Reduction.LABELED_FISHER)) {
            in = in.withLabeled(labeledFisherSum, labeledCount);
        }
        if (needs.contains(MethodPlans.Reduction.POOL_FISHER)) {
            in = in.withPool(poolFisherSum, pool.shape().count());
        }
        if (m == AcquisitionMethod.EPIG_LOGDET && evalFisherMean != null) {
            in = in.withEval(evalFisherMean);
        }
        if (m.needsQuerySet() && queryBlock != null) {
            in = in.withReferenceSets(queryBlock, m.needsPrivateSet() ? privateBlock : null);
        }
        return in;
    }

    /** The shape the input-dependent options are checked against ({@link OptionLimits}); after reading. */
    private OptionLimits.DataShape dataShape() {
        // an eval set reduced when a scorer was fitted is not read again: -2, checked at its fit
        long evalCount = eval != null ? eval.shape().count() : evalFisherMean != null ? -2 : -1;
        return new OptionLimits.DataShape(pool.shape().count(), evalCount, pool.shape().embeddingLength(), classes(),
                pool.items().getNumPartitions());
    }

    /** C: the pool's classes, 1 for regression (one output). */
    public int classes() {
        return regression ? 1 : pool.shape().classes();
    }

    /**
     * The pool's embedding length as the engine sees it (before the optional bias column): as read,
     * or the sketch's dimension with {@code --sketch}.
     */
    public int rawEmbeddingLength() {
        return scale.sketch() > 0 ? scale.sketch() : pool.shape().embeddingLength();
    }

    public LoadedSet pool() {
        return pool;
    }

    /** The large-D options that ran: as given, or as resolved from the sets' shape (the sketch of {@code auto}). */
    public ScaleOptions scale() {
        return scale;
    }

    /** The labeled set, or null when none was read. */
    public LoadedSet labeled() {
        return labeled;
    }

    /** Set sizes: pool, labeled (0 when not used), and eval / query / private when read. */
    public Map<String, Long> setSizes() {
        Map<String, Long> sizes = new LinkedHashMap<>();
        sizes.put("pool", pool.shape().count());
        sizes.put("labeled", labeled == null ? labeledCount : labeled.shape().count());
        if (eval != null) {
            sizes.put("eval", eval.shape().count());
        }
        if (query != null) {
            sizes.put("query", query.shape().count());
        }
        if (priv != null) {
            sizes.put("private", priv.shape().count());
        }
        return sizes;
    }

    /** Drops the cached rows of the pool and every other set. */
    public void unpersist() {
        if (pool != null) {
            pool.items().unpersist(false);
        }
        if (others.isEmpty()) {
            return;
        }
        for (LoadedSet s : others) {
            s.items().unpersist(false);
        }
    }

    private LoadedSet load(DataSet set, SetSource path, boolean needLabel, int partitions) {
        JavaSparkContext.fromSparkContext(spark.sparkContext()).setJobDescription("read and validate " + set);
        ItemReader reader = new ItemReader(spark, sources.columns());
        // query and private sets use their labels when they have them (LogDetMI/CMI's reference
        // gradients), so those are validated too
        // multi-label query and private sets use their pseudo-labels (labels there are arrays)
        ItemReader.LabelUse labels = needLabel ? ItemReader.LabelUse.REQUIRED
                : (set == DataSet.QUERY || set == DataSet.PRIVATE) && !multiLabel ? ItemReader.LabelUse.IF_PRESENT
                : ItemReader.LabelUse.IGNORED;
        ItemReader.ReadSet rs = reader.open(set, path, sources.format(), new ItemReader.Needs(true, !regression, labels));
        boolean checkLabels = needLabel || (labels == ItemReader.LabelUse.IF_PRESENT && rs.hasLabel());
        JavaRDD<Item> items = reader.items(rs, regression, multiLabel);
        if (partitions > 0) {
            items = items.repartition(partitions);
        }
        items = items.persist(StorageLevel.MEMORY_AND_DISK());
        SetValidator validator = new SetValidator(sources.columns(), sources.renormalize()
                ? Double.POSITIVE_INFINITY : sources.probabilityTolerance(), multiLabel);
        SetValidator.Shape shape;
        try {
            shape = validator.validate(set, items, !regression, checkLabels, rs.classesColumn(sources.columns()));
            if (multiLabel) {
                validator.checkMultiLabel(set, items, rs.classesColumn(sources.columns()));
            }
        } catch (RuntimeException e) {
            items.unpersist(false);
            throw e;
        }
        return new LoadedSet(set, items, shape, rs.hasLabel());
    }

    /**
     * Projects every set read so far to the sketch of the resolved options (none without one),
     * and every set read later ({@link #readPending}) as it is read. After validation, so that
     * bad rows are reported as read, and after the options were resolved from the sets' shape.
     */
    private void sketchSets() {
        if (scale.sketch() == 0) {
            return;
        }
        sketched = true;
        pool = sketched(pool);
        List<LoadedSet> read = new ArrayList<>(others);
        others.clear();
        for (LoadedSet s : read) {
            LoadedSet p = sketched(s);
            others.add(p);
            labeled = labeled == s ? p : labeled;
            eval = eval == s ? p : eval;
            query = query == s ? p : query;
            priv = priv == s ? p : priv;
        }
    }

    /** A set's rows with their embeddings projected to the sketch's m dims (the shape stays as read). */
    private LoadedSet sketched(LoadedSet s) {
        RandomProjection projection = new RandomProjection(params.seed(), scale.sketch());
        JavaRDD<Item> projected = s.items()
                .map(it -> new Item(it.id(), projection.apply(it.embedding()), it.probs(), it.label(), it.target(),
                        it.problem()))
                .persist(StorageLevel.MEMORY_AND_DISK());
        JavaSparkContext.fromSparkContext(spark.sparkContext()).setJobDescription("sketch " + s.set() + " to "
                + scale.sketch() + " dims");
        projected.count();
        s.items().unpersist(false);
        return new LoadedSet(s.set(), projected, s.shape(), s.hasLabel());
    }

    /** Every set must match the pool's embedding length and C. */
    private static void checkCompatible(LoadedSet s, SetValidator.Shape pool, ColumnNames columns) {
        SetValidator.Shape shape = s.shape();
        if (shape.embeddingLength() != pool.embeddingLength()) {
            throw InputException.at(s.set(), columns.embedding(), shape.firstId(), "embedding has "
                    + shape.embeddingLength() + " values (as every row of the " + s.set() + " set) but the pool's have "
                    + pool.embeddingLength() + " (e.g. pool row id '" + pool.firstId() + "'); every set needs the"
                    + " pool's embedding length");
        }
        if (shape.classes() != pool.classes()) {
            throw InputException.at(s.set(), shape.classesColumn(), shape.firstId(), "has C = "
                    + shape.classes() + " classes (as every row of the " + s.set() + " set) but the pool has C = "
                    + pool.classes() + " (e.g. pool row id '" + pool.firstId() + "'); every set needs the pool's"
                    + " classes");
        }
    }

    /**
     * A query or private set on the driver as gradient embeddings: with the true label when the
     * set has one (the published SIMILAR code does the same), else the hard pseudo-label.
     */
    private static CandidateBlock referenceBlock(LoadedSet s, SelectionParams p, int c, int rawD) {
        FactorSpec.Kind kind = s.hasLabel() && p.likelihood() != FactorSpec.Likelihood.BERNOULLI
                ? FactorSpec.Kind.LABEL_GRADIENT : FactorSpec.Kind.PSEUDO_LABEL_GRADIENT;
        FactorSpec spec = new FactorSpec(kind, p.likelihood(), 0, p.noiseVariance(), p.bias());
        List<Item> items = new ArrayList<>(s.items().collect());
        items.sort((a, b) -> a.id().compareTo(b.id()));
        CandidateBlockBuilder b = new CandidateBlockBuilder(spec, c);
        for (Item it : items) {
            if (s.hasLabel() && (it.label() < 0 || it.label() >= c)) {
                throw InputException.at(s.set(), "label", it.id(), "label " + it.target()
                        + " is not a class index in 0.." + (c - 1));
            }
            b.add(it.id(), it.embedding(), CandidateBlocks.normalized(it.probs(), p.likelihood()), it.label());
        }
        return b.build(rawD);
    }
}
