package io.fisherselect.job.cli;

import io.fisherselect.job.SelectConfig;
import io.fisherselect.job.Selection;
import io.fisherselect.job.SelectionJob;
import io.fisherselect.job.api.FisherSelector;
import io.fisherselect.job.io.DataSet;
import io.fisherselect.job.io.SetSource;
import io.fisherselect.job.io.Preflight;
import io.fisherselect.job.fit.LastLayerFit;
import io.fisherselect.math.AcquisitionMethod;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code select}: one selection from a pool, written to {@code --out}. */
@Command(name = "select", mixinStandardHelpOptions = true,
        description = "Select a batch of k items from the pool and write selection.csv, selection/, report.json and"
                + " report.html.")
public final class SelectCommand implements Callable<Integer> {

    @Option(names = "--pool", required = true, description = "pool path or URI (Parquet, JSON Lines, ORC)")
    String pool;

    @Option(names = "--labeled", description = "labeled set: builds H = λI + Σ_labeled F")
    String labeled;

    @Option(names = "--eval", description = "eval set of epig-logdet (default: the pool)")
    String eval;

    @Option(names = "--query", description = "query set of logdet-mi / logdet-cmi")
    String query;

    @Option(names = "--private", description = "private set of logdet-cmi")
    String privateSet;

    @Option(names = "--pending", description = "items still at the annotators (a set of the data contract, labels"
            + " not needed): never picked; every batch-aware method conditions on them as if they were labeled")
    String pending;

    @Option(names = "--exclude", description = "items to leave out without conditioning on them (only the id column"
            + " is read)")
    String exclude;

    @Option(names = "--max-per-class", defaultValue = "0", description = "at most m picks per predicted class"
            + " argmax π (0: no cap)")
    int maxPerClass;

    @Option(names = "--balance", defaultValue = "none", description = "per-class caps derived from k: none, uniform"
            + " (⌈k/C⌉) or proportional (⌈k·n_c/N⌉ over the pool's predicted classes) (default: ${DEFAULT-VALUE})")
    String balance;

    @Option(names = "--method", required = true, description = "acquisition function: ${COMPLETION-CANDIDATES}",
            completionCandidates = MethodNames.class)
    String method;

    @Option(names = "--k", required = true, description = "batch size")
    int k;

    @Option(names = "--lambda", defaultValue = "1.0", description = "prior precision λ (default: ${DEFAULT-VALUE})")
    double lambda;

    @Option(names = "--seed", defaultValue = "0", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--partitions", defaultValue = "0",
            description = "repartition the pool into N partitions (default: keep the input's)")
    int partitions;

    @Option(names = "--format", description = "input format: parquet, jsonl, orc (default: from the path suffix)")
    String format;

    @Option(names = "--out", required = true, description = "output directory (must not exist unless --overwrite)")
    String out;

    @Option(names = "--overwrite", description = "replace an existing output directory")
    boolean overwrite;

    @Option(names = "--likelihood", defaultValue = "softmax", description = "softmax, bernoulli (multi-label:"
            + " independent sigmoid outputs) or gaussian (default: ${DEFAULT-VALUE})")
    String likelihood;

    @Option(names = "--noise", defaultValue = "1.0", description = "noise variance σ² of the gaussian likelihood")
    double noise;

    @Option(names = "--fisher-rank", defaultValue = "0",
            description = "keep the r most probable classes of each Fisher factor (0: all, exact)")
    int fisherRank;

    @Option(names = "--bias", description = "append a constant 1 to every embedding")
    boolean bias;

    @Option(names = "--kernel", defaultValue = "dot", description = "logdet family: dot or cosine (default: ${DEFAULT-VALUE})")
    String kernel;

    @Option(names = "--eta", defaultValue = "1.0", description = "logdet-mi/cmi query magnification η (default: ${DEFAULT-VALUE})")
    double eta;

    @Option(names = "--nu", defaultValue = "1.0", description = "logdet-cmi privacy hardness ν (default: ${DEFAULT-VALUE})")
    double nu;

    @Option(names = "--sampling", description = "stochastic batch on a top-k score: power, softmax or softrank")
    String sampling;

    @Option(names = "--beta", defaultValue = "1.0", description = "inverse temperature β of --sampling (default: ${DEFAULT-VALUE})")
    double beta;

    @Option(names = "--prob-tolerance", defaultValue = "1e-4", description = "accepted |Σπ − 1| (default: ${DEFAULT-VALUE})")
    double probTolerance;

    @Option(names = "--renormalize", description = "accept probabilities that do not sum to 1 and renormalize them")
    boolean renormalize;

    @Option(names = "--checkpoint-every", defaultValue = "10",
            description = "picks between lineage truncations of the distributed greedy and between saves of its"
                    + " progress to --checkpoint (default: ${DEFAULT-VALUE})")
    int checkpointEvery;

    @Option(names = "--checkpoint", description = "directory (any Hadoop file system) where the greedy saves its"
            + " progress; a killed run restarted with the same arguments resumes from it")
    String checkpoint;

    @Option(names = "--refactor-every", defaultValue = "50",
            description = "picks between re-factorisations of the greedy's Woodbury-updated inverses (0: never;"
                    + " default: ${DEFAULT-VALUE})")
    int refactorEvery;

    @Option(names = "--mode", defaultValue = "exact", description = "greedy mode: exact (one Spark job per pick),"
            + " partitioned (GreeDi: k′ per partition, final greedy over the union on the driver) or prefilter"
            + " (exact greedy over the top --candidates of a cheap score) (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--partition-k", defaultValue = "0", description = "k′ of --mode partitioned (0: k)")
    int partitionK;

    @Option(names = "--candidates", defaultValue = "0", description = "M of --mode prefilter (≥ k)")
    int candidates;

    @Option(names = "--prefilter-score", defaultValue = "auto", description = "cheap score of --mode prefilter:"
            + " auto (eig-trace for eig-logdet/epig-logdet, egl otherwise), entropy, margin, least-confidence, egl,"
            + " eig-trace, random")
    String prefilterScore;

    @Option(names = "--init", defaultValue = "kmeans-pp", description = "badge seeding: kmeans-pp (exact k-means++)"
            + " or kmeans-parallel (k-means‖) (default: ${DEFAULT-VALUE})")
    String init;

    @Option(names = "--kmeans-rounds", defaultValue = "5", description = "oversampling rounds of kmeans-parallel"
            + " (default: ${DEFAULT-VALUE})")
    int kmeansRounds;

    @Option(names = "--oversampling", defaultValue = "0", description = "ℓ, expected candidates per kmeans-parallel"
            + " round (0: 2k)")
    int oversampling;

    @Option(names = "--eval-sample", defaultValue = "0", description = "estimate F_eval (epig-logdet) / F (bait)"
            + " from a seeded sample of n items (0: all)")
    int evalSample;

    @Option(names = "--fisher", defaultValue = "dense", description = "Fisher sums: dense (exact) or kfac"
            + " (Kronecker-factored A⊗G) (default: ${DEFAULT-VALUE})")
    String fisher;

    @Option(names = "--sketch", defaultValue = "0", description = "project embeddings to m dims with a seeded"
            + " Gaussian sketch (0: none)")
    int sketch;

    @Mixin
    ColumnOptions columns;

    @Option(names = "--fit-last-layer", description = "fit the last layer (MLlib multinomial logistic regression,"
            + " regParam = λ / n_labeled) on the labeled set's embeddings and labels and use its probabilities for"
            + " every set: for pools with embeddings but no probs or logits")
    boolean fitLastLayer;

    @Option(names = "--classes", defaultValue = "0",
            description = "with --fit-last-layer: classes C (default: the largest label of the labeled set + 1)")
    int classes;

    @Option(names = "--fit-max-iter", defaultValue = "" + LastLayerFit.DEFAULT_MAX_ITER,
            description = "with --fit-last-layer: L-BFGS iterations at most (default: ${DEFAULT-VALUE})")
    int fitMaxIter;

    @Option(names = "--fit-intercept", description = "with --fit-last-layer: also fit MLlib's unpenalised intercept"
            + " (default: none; its fit diverges for classes absent from the labeled set)")
    boolean fitIntercept;

    @Option(names = "--config", description = "a properties file of option values (keys without dashes, e.g."
            + " k=100); flags override it. Example: conf/select.properties")
    java.io.File config;

    @Option(names = "--master", description = "Spark master (default: spark-submit's, else local[*])")
    String master;

    /**
     * The options as the Java API's selector, which validates them (the command line is a thin
     * layer over {@link FisherSelector}).
     */
    FisherSelector selector() {
        return columns.applyTo(new FisherSelector().setMethod(method).setK(k).setLambda(lambda).setSeed(seed)
                .setLikelihood(likelihood).setNoise(noise).setFisherRank(fisherRank).setBias(bias).setKernel(kernel)
                .setEta(eta).setNu(nu).setSampling(sampling).setBeta(beta).setCheckpointEvery(checkpointEvery)
                .setRefactorEvery(refactorEvery)
                .setMode(mode).setPartitionK(partitionK).setCandidates(candidates).setPrefilterScore(prefilterScore)
                .setInit(init).setKmeansRounds(kmeansRounds).setOversampling(oversampling).setEvalSample(evalSample)
                .setFisher(fisher).setSketch(sketch).setMaxPerClass(maxPerClass).setBalance(balance)
                .setPartitions(partitions).setProbTolerance(probTolerance).setRenormalize(renormalize));
    }

    /** Builds the run's configuration from the options (validating them). */
    SelectConfig config() {
        OptionChecks.select(this);
        FisherSelector s = selector();
        return new SelectConfig(pool, labeled, eval, query, privateSet, format, s.columnNames(), s.selectionParams(),
                s.getPartitions(), out, overwrite, s.getProbTolerance(), s.getRenormalize(), s.getCheckpointEvery(),
                checkpoint, s.getRefactorEvery(), s.scaleOptions(),
                fitLastLayer ? new LastLayerFit.Options(classes, fitMaxIter, fitIntercept) : null,
                s.batchConstraints(SetSource.ofPath(pending), SetSource.ofPath(exclude)));
    }

    @Override
    public Integer call() {
        SelectConfig config = config();
        Preflight.check(inputs(config), format, out, overwrite);
        SparkSession spark = SparkSessions.create("fisherselect select " + method, master);
        try {
            Selection s = new SelectionJob(spark).run(config);
            System.out.println(Summary.of(s));
            return 0;
        } finally {
            spark.stop();
        }
    }

    /** The input paths by set, for {@link Preflight}. */
    static java.util.Map<DataSet, String> inputs(SelectConfig c) {
        java.util.Map<DataSet, String> m = new java.util.LinkedHashMap<>();
        m.put(DataSet.POOL, c.pool());
        m.put(DataSet.LABELED, c.labeled());
        m.put(DataSet.EVAL, c.eval());
        m.put(DataSet.QUERY, c.query());
        m.put(DataSet.PRIVATE, c.privateSet());
        m.put(DataSet.PENDING, c.batch().pending() == null ? null : c.batch().pending().path());
        m.put(DataSet.EXCLUDE, c.batch().exclude() == null ? null : c.batch().exclude().path());
        return m;
    }

    /** The method names, for help and completion. */
    static final class MethodNames extends java.util.ArrayList<String> {
        private static final long serialVersionUID = 1L;

        MethodNames() {
            for (AcquisitionMethod m : AcquisitionMethod.values()) {
                add(m.cliName());
            }
        }
    }
}
