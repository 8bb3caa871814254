package io.fisherselect.job.stage;

import io.fisherselect.math.select.BlockState;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.GreedyLoop;
import io.fisherselect.math.select.GreedyObjective;
import io.fisherselect.math.select.GreedyResume;
import io.fisherselect.math.select.Pick;
import io.fisherselect.math.select.StepMessage;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * The greedy's states on Spark: an RDD of partitions, each its immutable block and current state
 * (the same {@link BlockState} code as in memory). One Spark job per pick: the job that
 * materialises (and caches) a state also returns every partition's best candidate of that state,
 * so no second pass over the states is needed. The pick's message is broadcast; the lineage is
 * cut every few picks ({@link LineageCut}).
 */
final class PartitionStates implements GreedyLoop.StateStore {
    private final JavaSparkContext sc;
    private final JavaRDD<CandidateBlock> blocks;
    private final LineageCut cut;
    private final String label;
    private Broadcast<GreedyObjective> objective;
    private JavaRDD<GreedyPartition> state;
    private int forward;

    /** @param label the method's name, for job descriptions */
    PartitionStates(JavaSparkContext sc, JavaRDD<CandidateBlock> blocks, LineageCut cut, String label) {
        this.sc = sc;
        this.blocks = blocks;
        this.cut = cut;
        this.label = label;
    }

    @Override
    public List<Pick> start(GreedyObjective o, int forwardPicks, List<String> savedIds, List<StepMessage> replayed) {
        forward = forwardPicks;
        Broadcast<GreedyObjective> obj = sc.broadcast(o);
        objective = obj;
        if (savedIds.isEmpty()) {
            sc.setJobDescription(label + " forward 1/" + forward + " (initial states)");
            state = blocks.map(b -> {
                FaultInjection.maybeFail();
                return new GreedyPartition(b, BlockState.initial(b, obj.value()));
            }).persist(StorageLevel.MEMORY_AND_DISK());
        } else {
            // every partition applies the saved picks' messages to its initial state in one pass
            // (the same BlockState steps as the uninterrupted run), then the lineage is cut
            Broadcast<List<StepMessage>> messages = sc.broadcast(replayed);
            cut.track(messages);
            sc.setJobDescription(label + " forward " + (savedIds.size() + 1) + "/" + forward + " (resume after "
                    + savedIds.size() + " picks)");
            state = blocks.map(b -> {
                FaultInjection.maybeFail();
                return new GreedyPartition(b, GreedyResume.advance(b, obj.value(), BlockState.initial(b, obj.value()),
                        savedIds, messages.value()));
            }).persist(StorageLevel.MEMORY_AND_DISK());
            cut.mark(state);
        }
        return state.map(g -> g.state().best(g.block(), obj.value())).collect();
    }

    @Override
    public List<Pick> step(int t, String pickedId, StepMessage message) {
        sc.setJobDescription(label + " forward " + (t + 2) + "/" + forward);
        Broadcast<GreedyObjective> obj = objective;
        Broadcast<StepMessage> msg = sc.broadcast(message);
        cut.track(msg);
        JavaRDD<GreedyPartition> next = state.map(g -> {
            FaultInjection.maybeFail();
            return new GreedyPartition(g.block(), g.state().next(g.block(), obj.value(), pickedId, msg.value()));
        }).persist(StorageLevel.MEMORY_AND_DISK());
        boolean cutting = cut.cutsAt(t);
        if (cutting) {
            cut.mark(next);
        }
        List<Pick> bests = next.map(g -> g.state().best(g.block(), obj.value())).collect();
        state.unpersist(false);
        state = next;
        if (cutting) {
            cut.released();
        }
        return bests;
    }

    @Override
    public void close() {
        if (state != null) {
            state.unpersist(false);
        }
        if (objective != null) {
            objective.destroy();
        }
        cut.close();
    }
}
