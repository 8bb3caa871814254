package io.fisherselect.math.select;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * The greedy's states held in memory: one {@link BlockState} per block, stepped in place: each
 * step writes into the arrays of the block's state before the current one (two buffers per
 * block), and the blocks keep φ and the factors in lane layout ({@link CandidateBlock#withLanes}).
 *
 * <p>With {@link StepCandidates}, every step's best is taken among the unpicked items they accept
 * (stochastic greedy's random sample, {@link MultiRoundGreedy}); when they accept none, among all
 * unpicked items. Every item's state is still updated after every pick, so the gains compared
 * are the exact marginal gains.
 *
 * <p>With {@code threads} &gt; 1 the blocks are started and stepped on a fixed pool of that many
 * threads, each block by one thread with the same {@link BlockState} code. Nothing is summed across
 * blocks: each block's state and best depend on its rows alone, the list of bests keeps the block
 * order, and the pick is their best by {@link Pick#best} (a total order: gain, then id). So the
 * picks and gains are bit-identical for any number of threads and any completion order (the
 * bit-determinism contract in docs/math.md §4).
 */
public final class BlockStates implements GreedyLoop.StateStore {
    private final List<CandidateBlock> blocks;
    private final StepCandidates candidates;
    private final long items;
    private ClassQuota caps;
    private final List<BlockState> states = new ArrayList<>();
    /** each block's state before the current one, whose arrays the next step overwrites (or null) */
    private final List<BlockState> spares = new ArrayList<>();
    private GreedyObjective objective;
    private final int threads;
    private ExecutorService pool;

    /**
     * The candidates a forward step may pick from: a subset of the unpicked items (e.g. the random
     * sample of stochastic greedy).
     */
    public interface StepCandidates {
        /** Whether item {@code id} may be picked at forward step {@code step} (0-based) with {@code unpicked} items left. */
        boolean eligible(int step, long unpicked, String id);
    }

    public BlockStates(List<CandidateBlock> blocks) {
        this(blocks, null);
    }

    /** @param candidates what each step may pick from (null: every unpicked item) */
    public BlockStates(List<CandidateBlock> blocks, StepCandidates candidates) {
        this(blocks, candidates, 1);
    }

    /**
     * @param candidates what each step may pick from (null: every unpicked item)
     * @param threads    blocks started and stepped at once (≥ 1; 1: in the caller's thread)
     */
    public BlockStates(List<CandidateBlock> blocks, StepCandidates candidates, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be ≥ 1: " + threads);
        }
        // the lanes kept once per block instead of transposed at every step (CandidateBlock.withLanes)
        this.blocks = blocks.stream().map(CandidateBlock::withLanes).toList();
        this.candidates = candidates;
        this.threads = Math.min(threads, Math.max(1, blocks.size()));
        long n = 0;
        for (CandidateBlock b : blocks) {
            n += b.n;
        }
        this.items = n;
    }

    @Override
    public List<Pick> start(GreedyObjective objective, int forward, List<String> savedIds,
                            List<StepMessage> replayed, ClassQuota caps, boolean[] full) {
        this.objective = objective;
        this.caps = caps;
        states.clear();
        spares.clear();
        states.addAll(each(i -> GreedyResume.advance(blocks.get(i), objective,
                BlockState.initial(blocks.get(i), objective), savedIds, replayed)));
        return bests(savedIds.size(), full);
    }

    @Override
    public List<Pick> step(int t, String pickedId, StepMessage message, boolean[] full) {
        // double buffering: the states are held only here (picks copy what they keep), so a step
        // writes into the arrays of the state before the current one instead of allocating
        List<BlockState> next = each(i -> spares.isEmpty()
                ? states.get(i).next(blocks.get(i), objective, pickedId, message)
                : states.get(i).next(blocks.get(i), objective, pickedId, message, spares.get(i)));
        spares.clear();
        spares.addAll(states);
        states.clear();
        states.addAll(next);
        return bests(t + 1, full);
    }

    /** {@code f} of every block index, in block order; on the pool when there is more than one thread. */
    private List<BlockState> each(IntFunction<BlockState> f) {
        List<BlockState> out = new ArrayList<>(blocks.size());
        if (threads == 1) {
            for (int i = 0; i < blocks.size(); i++) {
                out.add(f.apply(i));
            }
            return out;
        }
        if (pool == null) {
            pool = Executors.newFixedThreadPool(threads, r -> {
                Thread th = new Thread(r, "greedy-block-states");
                th.setDaemon(true);
                return th;
            });
        }
        List<Future<BlockState>> done = new ArrayList<>(blocks.size());
        for (int i = 0; i < blocks.size(); i++) {
            int block = i;
            done.add(pool.submit(() -> f.apply(block)));
        }
        try {
            for (Future<BlockState> d : done) {
                out.add(d.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while updating the greedy's states", e);
        } catch (ExecutionException e) {
            // the block's own exception (e.g. an undefined gain), as the single-threaded loop throws it
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
        return out;
    }

    /** Each block's best candidate for forward step {@code step}, none of a class in {@code full}. */
    private List<Pick> bests(int step, boolean[] full) {
        List<Pick> out = new ArrayList<>(blocks.size());
        if (candidates != null) {
            long unpicked = items - step;
            boolean any = false;
            for (int i = 0; i < blocks.size(); i++) {
                Pick p = states.get(i).best(blocks.get(i), objective,
                        id -> candidates.eligible(step, unpicked, id), caps, full);
                any |= p != null;
                out.add(p);
            }
            if (any) {
                return out;
            }
            out.clear();
        }
        for (int i = 0; i < blocks.size(); i++) {
            out.add(states.get(i).best(blocks.get(i), objective, null, caps, full));
        }
        return out;
    }

    @Override
    public void close() {
        states.clear();
        spares.clear();
        if (pool != null) {
            pool.shutdownNow();
            pool = null;
        }
    }
}
