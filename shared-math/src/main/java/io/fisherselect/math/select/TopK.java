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

    /** An id and its score. */
    public record Scored(String id, double score) implements Serializable {
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
