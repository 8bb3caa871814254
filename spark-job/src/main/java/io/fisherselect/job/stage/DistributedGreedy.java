package io.fisherselect.job.stage;

import io.fisherselect.math.select.BlockState;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.GreedyDriver;
import io.fisherselect.math.select.GreedyObjective;
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

    /** Per-pick timings, for the report. */
    public record Timed(Pick pick, double seconds) {
    }

    /**
     * @param label the method's name, for job descriptions and log lines
     * @return the final batch (after the driver's {@code finish}), each pick with its seconds
     */
    public List<Timed> select(JavaRDD<CandidateBlock> blocks, GreedyDriver driver, int k, String label) {
        GreedyObjective objective = driver.objective();
        Broadcast<GreedyObjective> obj = sc.broadcast(objective);
        int forward = driver.forwardPicks(k);
        List<Broadcast<StepMessage>> live = new ArrayList<>();
        List<Pick> picks = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        long start = System.nanoTime();
        long t0 = start;
        // One job per pick: the job that materialises (and caches) a state also returns every
        // partition's best candidate of that state, so no second pass over the states is needed.
        sc.setJobDescription(label + " initial states, pick 1/" + forward);
        JavaRDD<GreedyPartition> state = blocks
                .map(b -> new GreedyPartition(b, BlockState.initial(b, obj.value())))
                .persist(StorageLevel.MEMORY_AND_DISK());
        List<Pick> bests = state.map(g -> g.state().best(g.block(), obj.value())).collect();
        for (int t = 0; t < forward; t++) {
            Pick best = null;
            for (Pick p : bests) {
                best = Pick.best(best, p);
            }
            if (best == null) {
                break;
            }
            picks.add(best);
            if (t + 1 < forward) {
                sc.setJobDescription(label + " update after pick " + (t + 1) + ", pick " + (t + 2) + "/" + forward);
                StepMessage message = driver.afterPick(best);
                Broadcast<StepMessage> msg = sc.broadcast(message);
                live.add(msg);
                String id = best.id;
                JavaRDD<GreedyPartition> next = state
                        .map(g -> new GreedyPartition(g.block(), g.state().next(g.block(), obj.value(), id, msg.value())))
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
            double elapsed = (now - start) / 1e9;
            double eta = elapsed / (t + 1) * (forward - t - 1);
            LOG.info(String.format("%s pick %d/%d: %s gain %.6g (%.2f s, elapsed %.1f s, ETA %.1f s)",
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
}
