package io.fisherselect.math.select;

import io.fisherselect.math.score.ItemScore;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Top-k selection with a bounded heap (no global sort): per block, then merged. The order is
 * {@link Pick#better}: larger score, ties by smaller id.
 */
public final class TopK {
    private TopK() {
    }

    /** An id, its score and (under a {@link ClassQuota}) its predicted class, else −1. */
    public record Scored(String id, double score, int cls) implements Serializable {
        public Scored(String id, double score) {
            this(id, score, -1);
        }
    }

    /** worst first, so the heap's head is the one to drop */
    private static final Comparator<Scored> WORST_FIRST = (a, b) -> {
        if (a.score() != b.score()) {
            return Double.compare(a.score(), b.score());
        }
        return b.id().compareTo(a.id());
    };

    /** The k best of a block under {@code score}, best first. */
    public static List<Scored> ofBlock(CandidateBlock block, ItemScore score, int k) {
        double[] scratch = new double[score.scratchSize()];
        PriorityQueue<Scored> heap = new PriorityQueue<>(WORST_FIRST);
        for (int i = 0; i < block.n; i++) {
            double s = score.score(block, i, scratch);
            if (Double.isNaN(s)) {
                throw new ArithmeticException("score of item '" + block.ids[i] + "' is NaN");
            }
            offer(heap, new Scored(block.ids[i], s), k);
        }
        return drain(heap);
    }

    /** The k best of several best-first lists, best first. */
    public static List<Scored> merge(Iterable<List<Scored>> parts, int k) {
        PriorityQueue<Scored> heap = new PriorityQueue<>(WORST_FIRST);
        for (List<Scored> part : parts) {
            for (Scored s : part) {
                offer(heap, s, k);
            }
        }
        return drain(heap);
    }

    /**
     * The k best of a block under class caps, best first: each class's best min(k, max[c]) rows.
     * Not cut to k here — an item another block's picks push out of its class may be needed — so
     * that {@link #merge(Iterable, int, ClassQuota)} over the blocks gives the capped top-k of the
     * whole pool.
     */
    public static List<Scored> ofBlock(CandidateBlock block, ItemScore score, int k, ClassQuota quota) {
        if (quota == null) {
            return ofBlock(block, score, k);
        }
        double[] scratch = new double[score.scratchSize()];
        List<Scored> rows = new ArrayList<>(block.n);
        for (int i = 0; i < block.n; i++) {
            double s = score.score(block, i, scratch);
            if (Double.isNaN(s)) {
                throw new ArithmeticException("score of item '" + block.ids[i] + "' is NaN");
            }
            rows.add(new Scored(block.ids[i], s, quota.classOf(block, i)));
        }
        return perClass(rows, k, quota);
    }

    /** Each class's best min(k, max[c]) items, best first. */
    public static List<Scored> perClass(List<Scored> rows, int k, ClassQuota quota) {
        List<PriorityQueue<Scored>> heaps = new ArrayList<>();
        for (int c = 0; c < quota.classes(); c++) {
            heaps.add(new PriorityQueue<>(WORST_FIRST));
        }
        for (Scored s : rows) {
            offer(heaps.get(s.cls()), s, Math.min(k, quota.max(s.cls())));
        }
        List<Scored> out = new ArrayList<>();
        for (PriorityQueue<Scored> h : heaps) {
            out.addAll(h);
        }
        out.sort(WORST_FIRST.reversed());
        return out;
    }

    /**
     * The capped top-k: in best-first order, every item whose class is not yet full, until k
     * (the greedy under the partition matroid; for a modular score it is the optimum).
     */
    public static List<Scored> merge(Iterable<List<Scored>> parts, int k, ClassQuota quota) {
        if (quota == null) {
            return merge(parts, k);
        }
        List<Scored> all = new ArrayList<>();
        for (List<Scored> part : parts) {
            all.addAll(part);
        }
        all.sort(WORST_FIRST.reversed());
        ClassQuota.Tally tally = quota.tally();
        List<Scored> out = new ArrayList<>(k);
        for (Scored s : all) {
            if (out.size() == k) {
                break;
            }
            if (tally.allows(s.cls())) {
                tally.add(s.cls());
                out.add(s);
            }
        }
        return out;
    }

    private static void offer(PriorityQueue<Scored> heap, Scored s, int k) {
        if (heap.size() < k) {
            heap.add(s);
        } else if (WORST_FIRST.compare(s, heap.peek()) > 0) {
            heap.poll();
            heap.add(s);
        }
    }

    private static List<Scored> drain(PriorityQueue<Scored> heap) {
        List<Scored> out = new ArrayList<>(heap);
        out.sort(WORST_FIRST.reversed());
        return out;
    }
}
