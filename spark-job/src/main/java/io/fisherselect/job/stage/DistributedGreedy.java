package io.fisherselect.job.stage;

import io.fisherselect.math.select.BlockState;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.GreedyDriver;
import io.fisherselect.math.select.GreedyObjective;
import io.fisherselect.math.select.GreedyResume;
import io.fisherselect.math.select.Pick;
import io.fisherselect.math.select.StepMessage;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * Exact greedy selection over a distributed pool (DESIGN.md "Scale"): one Spark job per pick.
 * The driver broadcasts the pick's update; every partition derives its new state from the
 * previous cached one (the same {@link BlockState} code as the in-memory
 * {@link io.fisherselect.math.select.GreedySelector}) and, in the same task, returns its best
 * candidate of the new state. Lineage is
 * cut by a checkpoint every few picks, so the DAG stays small and a lost partition is recomputed
 * from a recent state.
 */
public final class DistributedGreedy {
    private static final Logger LOG = LogManager.getLogger(DistributedGreedy.class);
    /**
     * Tests only: after this many forward picks (and their {@code --checkpoint} save, if any) the
     * driver holds, so that a test can kill the run, or a worker, at a known point of the
     * selection instead of racing it. Inert unless the system property is set.
     */
    public static final String HOLD_AFTER_PICK_PROPERTY = "fisherselect.test.holdAfterPick";
    /**
     * Tests only: the file whose creation releases a held driver ({@link #HOLD_AFTER_PICK_PROPERTY});
     * without it the driver holds until it is killed.
     */
    public static final String RELEASE_FILE_PROPERTY = "fisherselect.test.releaseFile";

    private final JavaSparkContext sc;
    private final int checkpointEvery;
    private final boolean reliableCheckpoint;

    /**
     * @param checkpointEvery    picks between lineage truncations
     * @param reliableCheckpoint write checkpoints to the context's checkpoint directory (survives a
     *                           lost executor) instead of local checkpoints
     */
    public DistributedGreedy(JavaSparkContext sc, int checkpointEvery, boolean reliableCheckpoint) {
        this.sc = sc;
        this.checkpointEvery = checkpointEvery;
        this.reliableCheckpoint = reliableCheckpoint;
    }

    private int resumed;

    /** Forward picks restored from the checkpoint by the last {@link #select} (0: none). */
    public int resumed() {
        return resumed;
    }

    /** Per-pick timings, for the report. */
    public record Timed(Pick pick, double seconds) {
    }

    /**
     * @param label the method's name, for job descriptions and log lines
     * @return the final batch (after the driver's {@code finish}), each pick with its seconds
     */
    public List<Timed> select(JavaRDD<CandidateBlock> blocks, GreedyDriver driver, int k, String label) {
        return select(blocks, driver, k, label, null);
    }

    /**
     * As {@link #select(JavaRDD, GreedyDriver, int, String)}, resuming from and saving to a
     * checkpoint (every {@code checkpointEvery} forward picks and after the last one).
     *
     * @param checkpoint the {@code --checkpoint} directory, or null
     */
    public List<Timed> select(JavaRDD<CandidateBlock> blocks, GreedyDriver driver, int k, String label,
                              GreedyCheckpoint checkpoint) {
        GreedyObjective objective = driver.objective();
        Broadcast<GreedyObjective> obj = sc.broadcast(objective);
        int forward = driver.forwardPicks(k);
        List<Broadcast<StepMessage>> live = new ArrayList<>();
        List<Pick> picks = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        List<GreedyCheckpoint.Saved> saved = checkpoint == null ? List.of() : checkpoint.load();
        resumed = saved.size();
        for (GreedyCheckpoint.Saved sp : saved) {
            picks.add(sp.pick());
            seconds.add(sp.seconds());
        }
        long start = System.nanoTime();
        long t0 = start;
        JavaRDD<GreedyPartition> state;
        if (saved.isEmpty()) {
            // One job per pick: the job that materialises (and caches) a state also returns every
            // partition's best candidate of that state, so no second pass over the states is needed.
            sc.setJobDescription(label + " forward 1/" + forward + " (initial states)");
            state = blocks
                    .map(b -> {
                        FaultInjection.maybeFail();
                        return new GreedyPartition(b, BlockState.initial(b, obj.value()));
                    })
                    .persist(StorageLevel.MEMORY_AND_DISK());
        } else {
            // Resume: the driver replays the saved picks; every partition applies their messages
            // to its initial state in one pass (the same BlockState steps as the uninterrupted run)
            List<StepMessage> messages = GreedyResume.replay(driver, picks, forward);
            Broadcast<List<StepMessage>> replayed = sc.broadcast(messages);
            List<String> ids = GreedyResume.ids(picks);
            sc.setJobDescription(label + " forward " + (picks.size() + 1) + "/" + forward + " (resume after "
                    + picks.size() + " picks)");
            LOG.info(String.format("%s: resuming after %d of %d picks (last: %s)", label, picks.size(), forward,
                    ids.get(ids.size() - 1)));
            state = blocks
                    .map(b -> {
                        FaultInjection.maybeFail();
                        return new GreedyPartition(b, GreedyResume.advance(b, obj.value(),
                                BlockState.initial(b, obj.value()), ids, replayed.value()));
                    })
                    .persist(StorageLevel.MEMORY_AND_DISK());
            if (reliableCheckpoint) {
                state.checkpoint();
            } else {
                state.rdd().localCheckpoint();
            }
        }
        List<Pick> bests = picks.size() < forward
                ? state.map(g -> g.state().best(g.block(), obj.value())).collect() : List.of();
        for (int t = picks.size(); t < forward; t++) {
            Pick best = null;
            for (Pick p : bests) {
                best = Pick.best(best, p);
            }
            if (best == null) {
                break;
            }
            picks.add(best);
            if (t + 1 < forward) {
                sc.setJobDescription(label + " forward " + (t + 2) + "/" + forward);
                StepMessage message = driver.afterPick(best);
                Broadcast<StepMessage> msg = sc.broadcast(message);
                live.add(msg);
                String id = best.id;
                JavaRDD<GreedyPartition> next = state
                        .map(g -> {
                            FaultInjection.maybeFail();
                            return new GreedyPartition(g.block(), g.state().next(g.block(), obj.value(), id, msg.value()));
                        })
                        .persist(StorageLevel.MEMORY_AND_DISK());
                boolean cut = (t + 1) % checkpointEvery == 0;
                if (cut) {
                    if (reliableCheckpoint) {
                        next.checkpoint();
                    } else {
                        next.rdd().localCheckpoint();
                    }
                }
                bests = next.map(g -> g.state().best(g.block(), obj.value())).collect();
                state.unpersist(false);
                state = next;
                if (cut) {
                    // the checkpointed RDD no longer needs its ancestors' messages, but its own
                    // closure still references the newest one
                    for (Broadcast<StepMessage> b : live.subList(0, live.size() - 1)) {
                        b.destroy();
                    }
                    live.subList(0, live.size() - 1).clear();
                }
            }
            long now = System.nanoTime();
            double s = (now - t0) / 1e9;
            t0 = now;
            seconds.add(s);
            if (checkpoint != null && ((t + 1) % checkpointEvery == 0 || t + 1 == forward)) {
                checkpoint.save(picks, seconds);
            }
            holdIfAsked(t + 1, label);
            double elapsed = (now - start) / 1e9;
            int done = t + 1 - saved.size();
            double eta = elapsed / done * (forward - t - 1);
            LOG.info(String.format(java.util.Locale.ROOT, "%s forward %d/%d: %s gain %.6g (%.2f s, elapsed %.1f s, ETA %.1f s)",
                    label, t + 1, forward, best.id, best.gain, s, elapsed, eta));
        }
        state.unpersist(false);
        obj.destroy();
        for (Broadcast<StepMessage> b : live) {
            b.destroy();
        }
        java.util.Map<String, Double> secondsById = new java.util.HashMap<>();
        for (int i = 0; i < picks.size(); i++) {
            secondsById.put(picks.get(i).id, seconds.get(i));
        }
        List<Timed> out = new ArrayList<>();
        for (Pick p : driver.finish(picks, k)) {
            out.add(new Timed(p, secondsById.getOrDefault(p.id, 0.0)));
        }
        return out;
    }

    /** The test hook of {@link #HOLD_AFTER_PICK_PROPERTY}: waits for the release file, if any. */
    private static void holdIfAsked(int picked, String label) {
        Integer holdAfter = Integer.getInteger(HOLD_AFTER_PICK_PROPERTY);
        if (holdAfter == null || holdAfter != picked) {
            return;
        }
        String release = System.getProperty(RELEASE_FILE_PROPERTY);
        LOG.warn(String.format("%s: holding after forward pick %d until %s", label, picked,
                release == null ? "killed" : release + " exists"));
        try {
            while (release == null || !java.nio.file.Files.exists(java.nio.file.Path.of(release))) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while held after pick " + picked, e);
        }
        LOG.warn(String.format("%s: released after forward pick %d", label, picked));
    }
}
