package io.fisherselect.job;

import io.fisherselect.job.fit.LastLayerFit;
import java.util.List;
import java.util.Map;

/**
 * The result of one selection: the batch in pick order with each pick's gain and time, and the
 * facts the report needs.
 *
 * @param picks   rank 1..k in pick order
 * @param sizes   pool, labeled, d, C, D, r
 * @param timings   seconds per stage
 * @param lastLayer the fitted last layer of {@code --fit-last-layer}, or null
 */
public record Selection(SelectConfig config, List<Picked> picks, Map<String, Long> sizes,
                        Map<String, Double> timings, LastLayerFit.Summary lastLayer) {

    /** A selection on the sets' own probabilities (no last-layer fit). */
    public Selection(SelectConfig config, List<Picked> picks, Map<String, Long> sizes, Map<String, Double> timings) {
        this(config, picks, sizes, timings, null);
    }

    /**
     * @param gain    the method's marginal objective gain when picked (top-k: the item's score)
     * @param seconds time of the pick's Spark job (0 for top-k methods: one pass picks all)
     */
    public record Picked(int rank, String id, double gain, double seconds) {
    }
}
