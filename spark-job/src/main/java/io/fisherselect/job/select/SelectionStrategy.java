package io.fisherselect.job.select;

import io.fisherselect.job.io.Item;
import io.fisherselect.job.stage.CandidateMemory;
import io.fisherselect.job.stage.DistributedClusterMargin;
import io.fisherselect.job.stage.DistributedGreedy;
import io.fisherselect.job.stage.DistributedKMeansParallel;
import io.fisherselect.job.stage.DistributedMultiRoundGreedy;
import io.fisherselect.job.stage.DistributedPartitionedGreedy;
import io.fisherselect.job.stage.DistributedSampledTopK;
import io.fisherselect.job.stage.DistributedTopK;
import io.fisherselect.job.stage.GreedyCheckpoint;
import io.fisherselect.job.stage.Prefilter;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.linalg.Numerics;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.Conditioning;
import io.fisherselect.math.select.GreedyDriver;
import io.fisherselect.math.select.GreedyObjective;
import io.fisherselect.math.select.MultiRoundGreedy;
import io.fisherselect.math.plan.MethodPlans;
import io.fisherselect.math.select.Pick;
import io.fisherselect.math.plan.PlanInputs;
import io.fisherselect.math.plan.SelectionParams;
import io.fisherselect.math.select.TopK;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * How one selection mode turns the pool's candidate blocks into the batch. {@link #of} is the one
 * place that maps a method and its params to a mode: top-k, sampled top-k, cluster-margin, k-means‖
 * seeding, partitioned greedy, multi-round greedy, prefiltered greedy or the exact distributed
 * greedy. A new mode is one more
 * class here and one more line in {@link #of}.
 */
interface SelectionStrategy {

    /**
     * What a strategy selects with.
     *
     * @param checkpoint the greedy's saved progress, or null (none, or not known yet: it is
     *                   fingerprinted with the content of the candidates)
     * @param poolSize   the candidates: the pool without its pending and excluded items
     * @param greedyOn   where the exact greedy keeps its states: auto, driver or cluster ({@link GreedyPlace})
     */
    record Context(JavaSparkContext sc, SelectionParams params, ScaleOptions scale, PlanInputs inputs,
                   Numerics numerics, int checkpointEvery, GreedyCheckpoint checkpoint, int classes,
                   int rawEmbeddingLength, String label, long poolSize, String greedyOn) {

        Context withCheckpoint(GreedyCheckpoint g) {
            return new Context(sc, params, scale, inputs, numerics, checkpointEvery, g, classes, rawEmbeddingLength,
                    label, poolSize, greedyOn);
        }

        /** With other plan inputs (e.g. with the class caps, known once the candidates are built). */
        Context withInputs(PlanInputs in) {
            return new Context(sc, params, scale, in, numerics, checkpointEvery, checkpoint, classes,
                    rawEmbeddingLength, label, poolSize, greedyOn);
        }
    }

    /** The strategy of a method with its params; {@code scale}'s mode is the one that runs (not auto). */
    static SelectionStrategy of(SelectionParams params, ScaleOptions scale) {
        AcquisitionMethod m = params.method();
        if (m.kind() == AcquisitionMethod.Kind.TOP_K) {
            return params.sampling() == null ? new TopKScores() : new SampledScores();
        }
        if (m.kind() == AcquisitionMethod.Kind.CLUSTERED) {
            return new ClusteredMargins();
        }
        if (m == AcquisitionMethod.BADGE && scale.init() == ScaleOptions.Init.KMEANS_PARALLEL) {
            return new KMeansParallelSeeding();
        }
        return switch (scale.mode()) {
            case PARTITIONED -> new PartitionedGreedy();
            case PREFILTER -> new PrefilteredGreedy();
            case MULTIROUND -> new MultiRoundParts();
            case EXACT -> new ExactGreedy();
            case AUTO -> throw new IllegalArgumentException("--mode auto is resolved (ModeChoice) before the strategy"
                    + " is chosen");
        };
    }

    /** The items the strategy selects from: the pool, or a part of it. */
    default JavaRDD<Item> candidates(Context c, JavaRDD<Item> pool, long poolSize) {
        return pool;
    }

    /** How many items {@link #candidates} keeps of a pool of {@code poolSize}. */
    default long candidateCount(Context c, long poolSize) {
        return poolSize;
    }

    /**
     * Doubles of greedy state a task caches per candidate while the strategy selects (all copies),
     * for sizing the candidate blocks to a task's memory ({@code CandidateMemory}); 0 for a score.
     */
    default int stateValues(Context c) {
        return 0;
    }

    /**
     * What one task or the driver holds at once while the strategy selects, whatever the blocks'
     * partitioning ({@code CandidateMemory.check}); null when a block is the most a task holds.
     *
     * @param candidates the candidates' count ({@link #candidateCount})
     */
    default CandidateMemory.Unit unit(Context c, long candidates) {
        return null;
    }

    /** Whether the strategy saves progress to a checkpoint (then the pool's content is hashed). */
    default boolean checkpoints() {
        return false;
    }

    /** The batch in rank order. */
    List<Selection.Picked> select(Context c, JavaRDD<CandidateBlock> blocks);

    /** Forward picks restored from a checkpoint by the last {@link #select} (0: none). */
    default int resumed() {
        return 0;
    }

    /** Where the last {@link #select}'s exact greedy kept its states, or null for another mode. */
    default GreedyPlace greedyPlace() {
        return null;
    }

    /**
     * The candidate side of the last {@link #select}'s greedy as configured before the first pick
     * (its H⁻¹ and the other initial data, {@link GreedyDriver#objective}), or null for another mode:
     * report.html's single-item gains reuse it instead of inverting H again.
     */
    default GreedyObjective initialObjective() {
        return null;
    }

    private static List<Selection.Picked> ranked(List<Pick> picks) {
        List<Selection.Picked> out = new ArrayList<>();
        for (Pick p : picks) {
            out.add(new Selection.Picked(out.size() + 1, p.id, p.gain, 0.0));
        }
        return out;
    }

    private static List<Selection.Picked> scored(List<TopK.Scored> top) {
        List<Selection.Picked> out = new ArrayList<>();
        for (TopK.Scored s : top) {
            out.add(new Selection.Picked(out.size() + 1, s.id(), s.score(), 0.0));
        }
        return out;
    }

    /** A top-k score in one pass. */
    final class TopKScores implements SelectionStrategy {
        @Override
        public List<Selection.Picked> select(Context c, JavaRDD<CandidateBlock> blocks) {
            return scored(DistributedTopK.select(c.sc(), blocks,
                    MethodPlans.score(c.params(), c.inputs(), c.numerics()), c.params().k(), c.label(),
                    c.inputs().quota()));
        }
    }

    /** Stochastic batch acquisition on a top-k score. */
    final class SampledScores implements SelectionStrategy {
        @Override
        public List<Selection.Picked> select(Context c, JavaRDD<CandidateBlock> blocks) {
            return scored(DistributedSampledTopK.select(c.sc(), blocks,
                    MethodPlans.score(c.params(), c.inputs(), c.numerics()), c.params(), c.label(),
                    c.inputs().quota()));
        }
    }

    /**
     * Cluster-Margin: the lowest-margin shortlist spread round robin over clusters of the pool's
     * embeddings (average linkage on the driver, or MLlib's bisecting k-means).
     */
    final class ClusteredMargins implements SelectionStrategy {
        /**
         * Bisecting k-means: MLlib caches every item's embedding beside its block, in the blocks'
         * partitions. Average linkage: none on the executors (its memory is the driver's, {@link #unit}).
         * The shortlist is k_m ids and scores on the driver, not per candidate.
         */
        @Override
        public int stateValues(Context c) {
            return averageLinkage(c) ? 0 : CandidateMemory.bisectingValues(c.inputs().d());
        }

        /** Average linkage: the driver collects the pool and its n(n−1)/2 distances. */
        @Override
        public CandidateMemory.Unit unit(Context c, long candidates) {
            if (!averageLinkage(c)) {
                return null;
            }
            return new CandidateMemory.Unit("cluster-margin's average-linkage clustering on the driver", candidates,
                    CandidateMemory.averageLinkageBytes(candidates, c.inputs().d(), c.classes(), c.inputs().r()),
                    "use --clustering bisecting-kmeans", true);
        }

        private static boolean averageLinkage(Context c) {
            return c.scale().clustering(c.poolSize()) == ScaleOptions.Clustering.HAC;
        }

        @Override
        public List<Selection.Picked> select(Context c, JavaRDD<CandidateBlock> blocks) {
            SelectionParams p = c.params();
            return scored(DistributedClusterMargin.select(c.sc(), blocks, c.poolSize(), p.k(), p.seed(),
                    averageLinkage(c), c.scale().clusterMargin(), c.label()));
        }
    }

    /** BADGE's k-means‖ seeding. */
    final class KMeansParallelSeeding implements SelectionStrategy {
        @Override
        public List<Selection.Picked> select(Context c, JavaRDD<CandidateBlock> blocks) {
            SelectionParams p = c.params();
            return ranked(DistributedKMeansParallel.select(c.sc(), blocks, p.k(), p.seed(), c.scale().kmeansRounds(),
                    c.scale().oversampling(p.k()), c.label()));
        }
    }

    /** GreeDi: a greedy of k′ in every partition, a final greedy over the union on the driver. */
    final class PartitionedGreedy implements SelectionStrategy {
        /** One state per item: a partition's greedy runs inside its task. */
        @Override
        public int stateValues(Context c) {
            return MethodPlans.greedy(c.params(), c.inputs()).objective().stateWidth();
        }

        @Override
        public List<Selection.Picked> select(Context c, JavaRDD<CandidateBlock> blocks) {
            return ranked(DistributedPartitionedGreedy.select(c.sc(), blocks, c.params(), c.inputs(),
                    c.scale().partitionK(c.params().k()), c.label()));
        }
    }

    /** Multi-round partitioned greedy: random parts pick their share until one part remains. */
    final class MultiRoundParts implements SelectionStrategy {
        private static final Logger LOG = LogManager.getLogger(MultiRoundParts.class);

        /**
         * A part of about P items (the last round's survivors, at most P; the whole pool when it is
         * smaller) runs its greedy inside one task, whatever the blocks' partitioning; the blocks
         * themselves cache no state.
         */
        @Override
        public CandidateMemory.Unit unit(Context c, long candidates) {
            int size = c.scale().multiRound(c.params().k()).partitionSize();
            int width = MethodPlans.greedy(c.params(), c.inputs()).objective().stateWidth();
            long items = Math.min(size, candidates);
            return new CandidateMemory.Unit("a multiround part (--partition-size " + size + ")", items,
                    items * CandidateMemory.partBytesPerItem(c.inputs().d(), c.classes(), c.inputs().r(), width),
                    "lower --partition-size", false);
        }

        @Override
        public List<Selection.Picked> select(Context c, JavaRDD<CandidateBlock> blocks) {
            MultiRoundGreedy.Settings settings = c.scale().multiRound(c.params().k());
            LOG.info(String.format(Locale.ROOT, "%s: multi-round partitioned greedy, parts of at most %d, shrink %s,"
                    + " stochastic epsilon %s", c.label(), settings.partitionSize(), settings.shrink(),
                    settings.epsilon()));
            return ranked(DistributedMultiRoundGreedy.select(c.sc(), blocks, c.poolSize(), c.params(), c.inputs(),
                    settings, c.label()));
        }
    }

    /**
     * The exact greedy: on the cluster (one Spark job per pick) or, when the candidates' states fit
     * the driver ({@link GreedyPlace}), on the driver's cores; resumable from a checkpoint; after the
     * pending items and under the class caps of the plan inputs.
     */
    class ExactGreedy implements SelectionStrategy {
        private static final Logger LOG = LogManager.getLogger(ExactGreedy.class);
        private int resumed;
        private GreedyDriver driver;
        private GreedyPlace place;

        /** The driver, built once: its objective's state width sizes the blocks before it selects. */
        private GreedyDriver driver(Context c) {
            if (driver == null) {
                driver = MethodPlans.greedy(c.params(), c.inputs(), c.numerics());
            }
            return driver;
        }

        /** Two states per item: a pick's next state is cached while the previous one still is. */
        @Override
        public int stateValues(Context c) {
            return 2 * driver(c).objective().stateWidth();
        }

        @Override
        public boolean checkpoints() {
            return true;
        }

        @Override
        public List<Selection.Picked> select(Context c, JavaRDD<CandidateBlock> blocks) {
            long candidates = candidateCount(c, c.poolSize());
            // on the driver, BlockStates also keeps each item's lanes
            place = GreedyPlace.choose(c.greedyOn(), candidates, CandidateMemory.bytesPerItem(c.inputs().d(),
                    c.classes(), c.inputs().r(), stateValues(c), 1)
                    + CandidateMemory.laneBytes(c.inputs().d(), c.classes(), c.inputs().r()), GreedyPlace.driverFreeHeap());
            LOG.info(String.format(Locale.ROOT, "%s: the greedy's states on the %s (%s)", c.label(), place.on(),
                    place.reason()));
            DistributedGreedy greedy = new DistributedGreedy(c.sc(), c.checkpointEvery(),
                    c.sc().getCheckpointDir().isPresent(), place.onDriver());
            GreedyDriver driver = driver(c); // the plan does not depend on the caps added to c since
            Conditioning pending = MethodPlans.conditioning(c.params(), c.inputs(), driver);
            List<Selection.Picked> picks = new ArrayList<>();
            for (DistributedGreedy.Timed t : greedy.select(blocks, driver, c.params().k(), c.label(), c.checkpoint(),
                    c.inputs().quota(), pending)) {
                picks.add(new Selection.Picked(picks.size() + 1, t.pick().id, t.pick().gain, t.seconds()));
            }
            resumed = greedy.resumed();
            return picks;
        }

        @Override
        public int resumed() {
            return resumed;
        }

        @Override
        public GreedyPlace greedyPlace() {
            return place;
        }

        @Override
        public GreedyObjective initialObjective() {
            return driver == null ? null : driver.objective();
        }
    }

    /** The exact greedy over the top-M items of a cheap score. */
    final class PrefilteredGreedy extends ExactGreedy {
        private static final Logger LOG = LogManager.getLogger(PrefilteredGreedy.class);

        @Override
        public long candidateCount(Context c, long poolSize) {
            return Math.min(c.scale().candidates(), poolSize);
        }

        @Override
        public JavaRDD<Item> candidates(Context c, JavaRDD<Item> pool, long poolSize) {
            AcquisitionMethod score = c.scale().prefilterScore(c.params().method());
            JavaRDD<Item> kept = Prefilter.candidates(c.sc(), pool, score, c.params(), c.inputs(),
                    c.scale().candidates(), c.classes(), c.rawEmbeddingLength(), c.label());
            LOG.info(String.format(Locale.ROOT, "%s: prefilter kept the top %d of %d items by %s", c.label(),
                    Math.min(c.scale().candidates(), poolSize), poolSize, score.cliName()));
            return kept;
        }
    }
}
