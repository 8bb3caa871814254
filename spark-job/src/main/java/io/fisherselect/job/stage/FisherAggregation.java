package io.fisherselect.job.stage;

import io.fisherselect.job.io.Item;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.fisher.FisherSum;
import io.fisherselect.math.fisher.KfacFisher;
import io.fisherselect.math.method.Kernel;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.CandidateBlockBuilder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.ejml.data.DMatrixRMaj;
import scala.Tuple2;

/**
 * Σᵢ Fᵢ over a set (D×D, on the driver), summed in an order that depends only on the ids: items
 * are hashed by id into groups, each group is summed in id order, and the group sums are added
 * in group order. So the same set gives bit-identical sums for any partitioning or row order,
 * which keeps the selection independent of how the job is run.
 */
public final class FisherAggregation {
    /** items per group; groups are the unit of parallelism of the reduction */
    static final int GROUP_SIZE = 32_768;
    /**
     * the most bytes of group sums the driver collects; beyond it (large D: a D×D sum is 210 MB at
     * D = 5,120, and a million items make 31 groups) consecutive groups are first added up on the
     * executors, in group order, so that what reaches the driver stays under Spark's default
     * {@code spark.driver.maxResultSize} (1 GiB) and its heap
     */
    static final long RESULT_BYTES = 256L << 20;

    private FisherAggregation() {
    }

    public static DMatrixRMaj sum(JavaRDD<Item> items, long count, FactorSpec spec, int c, int rawD) {
        return sum(items, count, spec, c, rawD, false);
    }

    /**
     * Σᵢ Fᵢ, or with {@code kfac} its Kronecker-factored approximation
     * ({@link KfacFisher}: the groups ship Σφφᵀ and ΣB, d² + C² numbers, instead of D²).
     */
    public static DMatrixRMaj sum(JavaRDD<Item> items, long count, FactorSpec spec, int c, int rawD, boolean kfac) {
        return sum(items, count, spec, c, rawD, kfac, null);
    }

    /**
     * Σᵢ κᵢ² Fᵢ with the per-item scale of a LogDet kernel ({@link Kernel#weighted}): Σ hᵢhᵢᵀ of
     * {@code logdet}'s vectors hᵢ = κᵢ gᵢ (null: Σᵢ Fᵢ). Dense only.
     */
    public static DMatrixRMaj sum(JavaRDD<Item> items, long count, FactorSpec spec, int c, int rawD, Kernel kernel) {
        return sum(items, count, spec, c, rawD, false, kernel);
    }

    private static DMatrixRMaj sum(JavaRDD<Item> items, long count, FactorSpec spec, int c, int rawD, boolean kfac,
                                   Kernel kernel) {
        return sum(items, count, spec, c, rawD, kfac, kernel, GROUP_SIZE, RESULT_BYTES);
    }

    /**
     * As above, with the group size and the driver's budget of collected bytes given (tests use
     * small ones to reach the executor-side addition of consecutive groups on small sets).
     */
    static DMatrixRMaj sum(JavaRDD<Item> items, long count, FactorSpec spec, int c, int rawD, boolean kfac,
                           Kernel kernel, int groupSize, long resultBytes) {
        int groups = (int) Math.max(1, Math.min(4096, (count + groupSize - 1) / groupSize));
        JavaPairRDD<GroupKey, Item> keyed = items.mapToPair(it -> new Tuple2<>(
                new GroupKey(Math.floorMod(it.id().hashCode(), groups), it.id()), it));
        int parts = Math.max(1, Math.min(groups, items.getNumPartitions()));
        JavaRDD<Tuple2<Integer, DMatrixRMaj>> groupSums = keyed
                .repartitionAndSortWithinPartitions(new GroupPartitioner(parts), GroupKey.ORDER)
                .mapPartitions((Iterator<Tuple2<GroupKey, Item>> it) -> sumGroups(it, spec, c, rawD, kfac, kernel));
        int d = spec.embeddingLength(rawD);
        long bytesPerSum = 8L * (kfac ? (long) d * d + (long) c * c : (long) c * d * c * d);
        // how many sums the driver receives: a function of the set's size and D only, never of the
        // partitioning, so the order of every addition (and the bits of the sum) stays fixed
        int runs = (int) Math.max(1, Math.min(groups, resultBytes / bytesPerSum));
        List<Tuple2<Integer, DMatrixRMaj>> sums;
        if (runs >= groups) {
            sums = groupSums.collect();
        } else {
            int perRun = (groups + runs - 1) / runs;
            sums = groupSums.mapToPair(t -> new Tuple2<>(new RunKey(t._1() / perRun, t._1()), t._2()))
                    .repartitionAndSortWithinPartitions(new GroupPartitioner(Math.min(runs, parts)), RunKey.ORDER)
                    .mapPartitions(FisherAggregation::sumRuns)
                    .collect();
        }
        List<Tuple2<Integer, DMatrixRMaj>> ordered = new ArrayList<>(sums);
        ordered.sort((a, b) -> Integer.compare(a._1(), b._1()));
        DMatrixRMaj total = null;
        for (Tuple2<Integer, DMatrixRMaj> g : ordered) {
            if (total == null) {
                total = g._2().copy();
            } else {
                org.ejml.dense.row.CommonOps_DDRM.addEquals(total, g._2());
            }
        }
        if (kfac) {
            return total == null ? new DMatrixRMaj(c * d, c * d) : KfacFisher.sum(total.data, d, c);
        }
        return total;
    }

    /**
     * Adds up each run of consecutive groups ({@code group / perRun}), in group order: the first
     * sum copied, the next ones added to it, as the driver adds the groups it receives.
     */
    private static Iterator<Tuple2<Integer, DMatrixRMaj>> sumRuns(Iterator<Tuple2<RunKey, DMatrixRMaj>> it) {
        List<Tuple2<Integer, DMatrixRMaj>> out = new ArrayList<>();
        int run = -1;
        DMatrixRMaj total = null;
        while (it.hasNext()) {
            Tuple2<RunKey, DMatrixRMaj> t = it.next();
            if (t._1().run() != run) {
                if (total != null) {
                    out.add(new Tuple2<>(run, total));
                }
                run = t._1().run();
                total = t._2().copy();
            } else {
                org.ejml.dense.row.CommonOps_DDRM.addEquals(total, t._2());
            }
        }
        if (total != null) {
            out.add(new Tuple2<>(run, total));
        }
        return out.iterator();
    }

    /** (run, group): the sort key of the executor-side addition of consecutive groups */
    record RunKey(int run, int group) implements java.io.Serializable {
        static final java.util.Comparator<RunKey> ORDER = new RunOrder();
    }

    static final class RunOrder implements java.util.Comparator<RunKey>, java.io.Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public int compare(RunKey a, RunKey b) {
            int r = Integer.compare(a.run(), b.run());
            return r != 0 ? r : Integer.compare(a.group(), b.group());
        }
    }

    private static DMatrixRMaj groupSum(CandidateBlock block, boolean kfac, Kernel kernel) {
        if (kfac) {
            double[] packed = KfacFisher.partial(block);
            return DMatrixRMaj.wrap(1, packed.length, packed);
        }
        return FisherSum.of(kernel == null ? block : kernel.weighted(block));
    }

    private static Iterator<Tuple2<Integer, DMatrixRMaj>> sumGroups(Iterator<Tuple2<GroupKey, Item>> it,
                                                                    FactorSpec spec, int c, int rawD, boolean kfac,
                                                                    Kernel kernel) {
        FaultInjection.maybeFail();
        List<Tuple2<Integer, DMatrixRMaj>> out = new ArrayList<>();
        int current = -1;
        CandidateBlockBuilder builder = null;
        while (it.hasNext()) {
            Tuple2<GroupKey, Item> t = it.next();
            if (t._1().group() != current) {
                if (builder != null) {
                    out.add(new Tuple2<>(current, groupSum(builder.build(rawD), kfac, kernel)));
                }
                current = t._1().group();
                builder = new CandidateBlockBuilder(spec, c);
            }
            Item item = t._2();
            builder.add(item.id(), item.embedding(), CandidateBlocks.normalized(item.probs(), spec.likelihood()), item.label());
        }
        if (builder != null) {
            out.add(new Tuple2<>(current, groupSum(builder.build(rawD), kfac, kernel)));
        }
        return out.iterator();
    }

    /** (group, id): the sort key of the reduction. */
    record GroupKey(int group, String id) implements java.io.Serializable {
        static final java.util.Comparator<GroupKey> ORDER = new KeyOrder();
    }

    static final class KeyOrder implements java.util.Comparator<GroupKey>, java.io.Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public int compare(GroupKey a, GroupKey b) {
            int g = Integer.compare(a.group(), b.group());
            return g != 0 ? g : a.id().compareTo(b.id());
        }
    }

    static final class GroupPartitioner extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int parts;

        GroupPartitioner(int parts) {
            this.parts = parts;
        }

        @Override
        public int numPartitions() {
            return parts;
        }

        /** a group's (or, for the addition of runs, a run's) number modulo the partitions */
        @Override
        public int getPartition(Object key) {
            return (key instanceof RunKey k ? k.run() : ((GroupKey) key).group()) % parts;
        }
    }
}
