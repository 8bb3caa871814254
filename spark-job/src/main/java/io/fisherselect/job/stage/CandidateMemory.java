package io.fisherselect.job.stage;

import io.fisherselect.job.io.InputException;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;

/**
 * How many partitions the candidate blocks need so that each one fits the memory of the task
 * that computes it. Spark spills cached partitions that do not fit its storage memory to disk
 * ({@code MEMORY_AND_DISK}), but only whole partitions: a candidate block is one object, built and
 * updated by one task, so a block larger than a task's share of the executor heap ends in an
 * {@code OutOfMemoryError} however much disk there is. With blocks of at most half a task's
 * share, the pool may be any multiple of the memory: what does not fit is spilled and read back.
 *
 * <p>Per pool item the cache holds its candidate row — the id, the embedding (d values, d + 1
 * with {@code --bias}), the factor (C×r) and the probabilities (C) — and, for a greedy method, its
 * state ({@code GreedyObjective.stateWidth()} values, e.g. r² for eig-logdet), twice while the
 * exact greedy derives the next pick's state from the previous one.
 *
 * <p>A task's share: (executor heap − 300 MiB reserved) × {@code spark.memory.fraction} (0.6) /
 * the tasks that run at once on an executor (its cores). In local mode the executor is the driver
 * JVM, its heap the driver's ({@code FS_DRIVER_MEMORY}, {@code --driver-memory}); on a cluster it
 * is {@code spark.executor.memory} and {@code spark.executor.cores} (1 when unset).
 */
public final class CandidateMemory {
    /** Spark's reserved system memory, not available to storage or execution. */
    static final long RESERVED_BYTES = 300L << 20;
    /** Bytes of an id string and the array headers of one item, a generous estimate. */
    static final long ITEM_OVERHEAD_BYTES = 96;
    /** The smallest block worth a task: below it a run would be all scheduling overhead. */
    static final int MIN_BLOCK_ITEMS = 64;

    private CandidateMemory() {
    }

    /**
     * The memory of the executors that build and hold the blocks.
     *
     * @param heap     an executor's heap, bytes
     * @param fraction {@code spark.memory.fraction}
     * @param tasks    tasks running at once on one executor (its cores)
     * @param local    whether the executor is the driver JVM (local mode)
     */
    public record Budget(long heap, double fraction, int tasks, boolean local) {
        /** A task's share: (heap − reserved) × fraction / tasks. */
        public long taskBytes() {
            return (long) (Math.max(0, heap - RESERVED_BYTES) * fraction / Math.max(1, tasks));
        }

        /** The heap at which a task's share is {@code taskBytes}. */
        long heapFor(long taskBytes) {
            return RESERVED_BYTES + (long) Math.ceil(taskBytes * (double) Math.max(1, tasks) / fraction);
        }

        /** The setting that gives the executors more heap. */
        String setting() {
            return local ? "the driver memory (FS_DRIVER_MEMORY of submit/local.sh, --driver-memory of spark-submit)"
                    : "spark.executor.memory (--executor-memory)";
        }

        /** The driver's: its heap, all of it (less the reserve) for what the driver holds itself. */
        public static Budget driver() {
            return new Budget(Runtime.getRuntime().maxMemory(), 1.0, 1, true);
        }

        /** The context's: local mode's driver heap and threads, else the executor settings. */
        public static Budget of(SparkContext sc) {
            SparkConf conf = sc.getConf();
            double fraction = conf.getDouble("spark.memory.fraction", 0.6);
            if (sc.isLocal()) {
                return new Budget(Runtime.getRuntime().maxMemory(), fraction, sc.defaultParallelism(), true);
            }
            return new Budget(conf.getSizeAsBytes("spark.executor.memory", "1g"), fraction,
                    conf.getInt("spark.executor.cores", 1), false);
        }
    }

    /** Cached bytes of one item: its candidate row and {@code stateCopies} copies of its greedy state. */
    public static long bytesPerItem(int d, int c, int r, int stateWidth, int stateCopies) {
        return 8L * (d + (long) c * r + c) + ITEM_OVERHEAD_BYTES + 8L * stateWidth * stateCopies;
    }

    /**
     * Bytes a {@code multiround} part's task holds per item while its greedy runs: the part's rows
     * twice (the dealt pieces, cached, and their concatenation), φ and the factor once more in
     * lane layout ({@link #laneBytes}) and the state and gain of the greedy twice (the two buffers
     * the in-memory greedy's steps alternate between).
     */
    public static long partBytesPerItem(int d, int c, int r, int stateWidth) {
        return 2 * bytesPerItem(d, c, r, 0, 0) + laneBytes(d, c, r) + 8L * 2 * (stateWidth + 1);
    }

    /**
     * Bytes the in-memory greedy ({@code BlockStates}) keeps per item beside its block: φ and the
     * factor in the tiles' lane layout ({@code CandidateBlock.withLanes}), d + C·r doubles.
     */
    public static long laneBytes(int d, int c, int r) {
        return 8L * (d + (long) c * r);
    }

    /**
     * Values MLlib's bisecting k-means caches per item beside its block: the embedding (d), its
     * norm and weight, and about {@value #BISECTING_OBJECT_VALUES} values' worth of object headers
     * and the cluster keys of two levels.
     */
    public static int bisectingValues(int d) {
        return d + 2 + BISECTING_OBJECT_VALUES;
    }

    /** Object headers and the per-level cluster keys of one bisecting k-means point, in doubles. */
    static final int BISECTING_OBJECT_VALUES = 16;

    /**
     * Bytes average-linkage clustering holds on the driver for n items: the collected candidate
     * rows, the embeddings in id order (n·d) and the n(n−1)/2 distances, with a merge record and a
     * few ints per item.
     */
    public static long averageLinkageBytes(long n, int d, int c, int r) {
        return n * bytesPerItem(d, c, r, 0, 0) + 8L * n * d + 4L * n * (n - 1) + 64L * n;
    }

    /**
     * What one task (or the driver) holds at once whatever the blocks' partitioning: a
     * {@code multiround} part, the pool clustered on the driver.
     *
     * @param what    what it is, for the message
     * @param items   the most items it holds
     * @param bytes   the bytes it holds for them
     * @param instead the option change that makes it smaller
     * @param driver  whether the driver holds it (else one task of an executor)
     */
    public record Unit(String what, long items, long bytes, String instead, boolean driver) {
    }

    /**
     * Refuses a unit larger than half of the memory that holds it (a task's share, or the
     * driver's heap less Spark's reserve), as a block: before any block is built.
     *
     * @throws InputException naming the memory needed, what to change and the setting to raise
     */
    public static void check(Unit unit, Budget budget) {
        if (unit.bytes() <= budget.taskBytes() / 2) {
            return;
        }
        throw new InputException(String.format(Locale.ROOT, "%s holds %s for %d items at once, more than half of the"
                        + " %s memory (%s; %s heap%s); %s, or raise %s to at least %s", unit.what(), mib(unit.bytes()),
                unit.items(), unit.driver() ? "driver's" : "task's", mib(budget.taskBytes()), mib(budget.heap()),
                unit.driver() ? "" : ", " + budget.tasks() + " tasks per executor", unit.instead(), budget.setting(),
                mib(budget.heapFor(2 * unit.bytes()))));
    }

    /**
     * The partitions for {@code items} candidates now in {@code partitions} partitions: as many
     * as needed for blocks of at most half a task's share, never fewer than given.
     *
     * @throws InputException before any block is built, when a task cannot hold even a block of
     *                        {@value #MIN_BLOCK_ITEMS} items: naming the memory needed and the
     *                        setting to raise
     */
    public static int partitions(long items, int partitions, long bytesPerItem, Budget budget) {
        long perBlock = budget.taskBytes() / 2;
        if (perBlock < bytesPerItem * MIN_BLOCK_ITEMS) {
            throw new InputException(String.format(Locale.ROOT, "the candidate states need %s per item and a task"
                    + " builds at least %d items' worth at once, but a task has %s of memory (%s heap, %d tasks per"
                    + " executor); raise %s to at least %s", mib(bytesPerItem), MIN_BLOCK_ITEMS,
                    mib(budget.taskBytes()), mib(budget.heap()), budget.tasks(), budget.setting(),
                    mib(budget.heapFor(2 * bytesPerItem * MIN_BLOCK_ITEMS))));
        }
        long needed = (items * bytesPerItem + perBlock - 1) / perBlock;
        return (int) Math.min(Integer.MAX_VALUE, Math.max(partitions, needed));
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }
}
