package io.fisherselect.job;

import java.util.List;
import java.util.Map;

/**
 * The result of one selection: the batch in pick order with each pick's gain and time, and the
 * facts the report needs.
 *
 * @param picks   rank 1..k in pick order
 * @param sizes   pool, labeled, d, C, D, r
 * @param timings seconds per stage
 */
public record Selection(SelectConfig config, List<Picked> picks, Map<String, Long> sizes,
                        Map<String, Double> timings) {

    /**
     * @param gain    the method's marginal objective gain when picked (top-k: the item's score)
     * @param seconds time of the pick's Spark job (0 for top-k methods: one pass picks all)
     */
    public record Picked(int rank, String id, double gain, double seconds) {
    }
}
