package io.fisherselect.job.stage;

import io.fisherselect.math.select.BlockState;
import io.fisherselect.math.select.CandidateBlock;
import java.io.Serializable;

/**
 * One Spark partition of a distributed greedy selection: the immutable block and its current
 * state. Each pick derives a new partition that shares the block and carries a new state.
 */
record GreedyPartition(CandidateBlock block, BlockState state) implements Serializable {
}
