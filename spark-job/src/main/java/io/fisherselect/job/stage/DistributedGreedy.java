package io.fisherselect.job.stage;

import io.fisherselect.math.select.BlockStates;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.ClassQuota;
import io.fisherselect.math.select.Conditioning;
import io.fisherselect.math.select.GreedyDriver;
import io.fisherselect.math.select.GreedyLoop;
import io.fisherselect.math.select.Pick;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Exact greedy selection over a distributed pool: {@link GreedyLoop} (the in-memory selector's
 * loop) over {@link PartitionStates}, one Spark job per pick, with the lineage cut every
 * {@code checkpointEvery} picks — or, on the driver, over the collected blocks' {@link BlockStates}
 * stepped on the driver's cores, no Spark job per pick. Timing and logging ({@link PickTimes}) and
 * the saves to {@code --checkpoint} ({@link CheckpointSaves}) are the loop's listeners on both
 * places, so a checkpoint saved on one place resumes on the other.
 */
public final class DistributedGreedy {
    private static final Logger LOG = LogManager.getLogger(DistributedGreedy.class);

    private final JavaSparkContext sc;
    private final int checkpointEvery;
    private final boolean reliableCheckpoint;
    private final boolean onDriver;
    private int resumed;

    /**
     * @param checkpointEvery    picks between lineage truncations (and checkpoint saves)
     * @param reliableCheckpoint write checkpoints to the context's checkpoint directory (survives a
     *                           lost executor) instead of local checkpoints
     */
    public DistributedGreedy(JavaSparkContext sc, int checkpointEvery, boolean reliableCheckpoint) {
        this(sc, checkpointEvery, reliableCheckpoint, false);
    }

    /**
     * @param onDriver collect the blocks and step their states on the driver's cores instead of one
     *                 Spark job per pick (the same picks and gains, bit for bit)
     */
    public DistributedGreedy(JavaSparkContext sc, int checkpointEvery, boolean reliableCheckpoint, boolean onDriver) {
        this.sc = sc;
        this.checkpointEvery = checkpointEvery;
        this.reliableCheckpoint = reliableCheckpoint;
        this.onDriver = onDriver;
    }

    /** Forward picks restored from the checkpoint by the last {@link #select} (0: none). */
    public int resumed() {
        return resumed;
    }

    /** Per-pick timings, for the report. */
    public record Timed(Pick pick, double seconds) {
    }

    /**
     * @param label      the method's name, for job descriptions and log lines
     * @param checkpoint the {@code --checkpoint} directory, or null
     * @return the final batch (after the driver's {@code finish}), each pick with its seconds
     */
    public List<Timed> select(JavaRDD<CandidateBlock> blocks, GreedyDriver driver, int k, String label,
                              GreedyCheckpoint checkpoint) {
        return select(blocks, driver, k, label, checkpoint, null, Conditioning.none());
    }

    /**
     * As {@link #select(JavaRDD, GreedyDriver, int, String, GreedyCheckpoint)} under class caps and
     * after pending items: the same loop as the in-memory
     * {@link io.fisherselect.math.select.GreedySelector}.
     *
     * @param quota   caps per predicted class, or null
     * @param pending items at the annotators already entered into {@code driver} ({@link Conditioning})
     */
    public List<Timed> select(JavaRDD<CandidateBlock> blocks, GreedyDriver driver, int k, String label,
                              GreedyCheckpoint checkpoint, ClassQuota quota, Conditioning pending) {
        List<GreedyCheckpoint.Saved> saved = checkpoint == null ? List.of() : checkpoint.load();
        resumed = saved.size();
        List<Pick> savedPicks = new ArrayList<>();
        PickTimes times = new PickTimes(label, saved.size());
        for (GreedyCheckpoint.Saved s : saved) {
            savedPicks.add(s.pick());
            times.picks.add(s.pick().id);
            times.seconds.add(s.seconds());
        }
        if (!saved.isEmpty()) {
            LOG.info(String.format("%s: resuming after %d picks (last: %s)", label, saved.size(),
                    saved.get(saved.size() - 1).pick().id));
        }
        List<GreedyLoop.Listener> listeners = new ArrayList<>(List.of(times));
        if (checkpoint != null) {
            listeners.add(new CheckpointSaves(checkpoint, checkpointEvery, times.seconds));
        }
        List<Pick> batch = GreedyLoop.run(store(blocks, label), driver, k, savedPicks, listeners, quota, pending);
        Map<String, Double> secondsById = new HashMap<>();
        for (int i = 0; i < times.picks.size(); i++) {
            secondsById.put(times.picks.get(i), times.seconds.get(i));
        }
        List<Timed> out = new ArrayList<>();
        for (Pick p : batch) {
            out.add(new Timed(p, secondsById.getOrDefault(p.id, 0.0)));
        }
        return out;
    }

    /**
     * The states' store: partitions on Spark, or the collected blocks on the driver, dealt into one
     * block per core (a re-partitioning, which changes no pick).
     */
    private GreedyLoop.StateStore store(JavaRDD<CandidateBlock> blocks, String label) {
        if (!onDriver) {
            return new PartitionStates(sc, blocks, new LineageCut(checkpointEvery, reliableCheckpoint), label);
        }
        sc.setJobDescription(label + ": collect the candidate blocks to the driver");
        List<CandidateBlock> collected = blocks.collect();
        int threads = Runtime.getRuntime().availableProcessors();
        return new BlockStates(CandidateBlock.parts(collected, threads), null, threads);
    }

    /** Seconds per forward pick (its Spark job), and a progress line with the time left. */
    static final class PickTimes implements GreedyLoop.Listener {
        final List<Double> seconds = new ArrayList<>();
        /** ids of the forward picks, saved ones first; {@link #seconds} in the same order */
        final List<String> picks = new ArrayList<>();
        private final String label;
        private final int resumedPicks;
        private final long start = System.nanoTime();
        private long last = start;

        PickTimes(String label, int resumedPicks) {
            this.label = label;
            this.resumedPicks = resumedPicks;
        }

        @Override
        public void picked(int t, int forward, List<Pick> forwardSoFar) {
            long now = System.nanoTime();
            double s = (now - last) / 1e9;
            last = now;
            seconds.add(s);
            Pick best = forwardSoFar.get(t);
            picks.add(best.id);
            double elapsed = (now - start) / 1e9;
            int done = t + 1 - resumedPicks;
            double eta = elapsed / done * (forward - t - 1);
            LOG.info(String.format(Locale.ROOT, "%s forward %d/%d: %s gain %.6g (%.2f s, elapsed %.1f s, ETA %.1f s)",
                    label, t + 1, forward, best.id, best.gain, s, elapsed, eta));
        }
    }

    /** Saves the forward picks every {@code every} picks and after the last one. */
    static final class CheckpointSaves implements GreedyLoop.Listener {
        private final GreedyCheckpoint checkpoint;
        private final int every;
        private final List<Double> seconds;

        /** @param seconds each forward pick's seconds so far (kept by {@link PickTimes}, told first) */
        CheckpointSaves(GreedyCheckpoint checkpoint, int every, List<Double> seconds) {
            this.checkpoint = checkpoint;
            this.every = every;
            this.seconds = seconds;
        }

        @Override
        public void picked(int t, int forward, List<Pick> forwardSoFar) {
            if ((t + 1) % every == 0 || t + 1 == forward) {
                checkpoint.save(forwardSoFar, seconds);
            }
        }
    }
}
