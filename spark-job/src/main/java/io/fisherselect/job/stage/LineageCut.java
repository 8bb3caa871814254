package io.fisherselect.job.stage;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;

/**
 * Keeps an iterated RDD's lineage short: every {@code every} steps its newest RDD is checkpointed
 * (to the context's checkpoint directory when it has one, which survives a lost executor; else a
 * local checkpoint), after which the broadcasts only its ancestors referenced are destroyed.
 */
final class LineageCut {
    private final int every;
    private final boolean reliable;
    private final List<Broadcast<?>> live = new ArrayList<>();

    /**
     * @param every    steps between cuts (≥ 1)
     * @param reliable checkpoint to the context's checkpoint directory instead of locally
     */
    LineageCut(int every, boolean reliable) {
        this.every = every;
        this.reliable = reliable;
    }

    /** Remembers a broadcast that the next RDDs' closures reference. */
    void track(Broadcast<?> b) {
        live.add(b);
    }

    /** Whether step {@code t} (0-based) cuts the lineage. */
    boolean cutsAt(int t) {
        return (t + 1) % every == 0;
    }

    /** Marks the RDD for checkpointing; call before its first action. */
    void mark(JavaRDD<?> rdd) {
        if (reliable) {
            rdd.checkpoint();
        } else {
            rdd.rdd().localCheckpoint();
        }
    }

    /**
     * After a cut RDD is materialised: destroys the tracked broadcasts but the newest, which the
     * cut RDD's own closure still references.
     */
    void released() {
        if (live.size() > 1) {
            for (Broadcast<?> b : live.subList(0, live.size() - 1)) {
                b.destroy();
            }
            live.subList(0, live.size() - 1).clear();
        }
    }

    /** Destroys every tracked broadcast (the iteration is over). */
    void close() {
        for (Broadcast<?> b : live) {
            b.destroy();
        }
        live.clear();
    }
}
