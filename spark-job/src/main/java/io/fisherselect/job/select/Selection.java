package io.fisherselect.job.select;

import io.fisherselect.job.fit.LastLayerFit;
import io.fisherselect.math.linalg.Numerics;
import java.util.List;
import java.util.Map;

/**
 * The result of one selection: the batch in pick order with each pick's gain and time, and the
 * facts the report needs.
 *
 * @param config  the run and its params
 * @param picks   rank 1..k in pick order
 * @param sizes   pool, labeled, d, C, D, r
 * @param timings   seconds per stage
 * @param numerics  the numerical safeguards' record (jitter, re-factorisations, drift), or null
 * @param resumed   forward picks restored from {@code --checkpoint} (0: none)
 * @param lastLayer the fitted last layer of {@code --fit-last-layer}, or null
 */
public record Selection(SelectConfig config, List<Picked> picks, Map<String, Long> sizes,
                        Map<String, Double> timings, Numerics numerics, int resumed, LastLayerFit.Summary lastLayer) {

    public Selection(SelectConfig config, List<Picked> picks, Map<String, Long> sizes, Map<String, Double> timings) {
        this(config, picks, sizes, timings, null, 0, null);
    }

    /** The same selection with other timings. */
    public Selection withTimings(Map<String, Double> t) {
        return new Selection(config, picks, sizes, t, numerics, resumed, lastLayer);
    }

    /** The same selection with the fitted last layer of {@code --fit-last-layer}. */
    public Selection withLastLayer(LastLayerFit.Summary s) {
        return new Selection(config, picks, sizes, timings, numerics, resumed, s);
    }

    /**
     * @param gain    the method's marginal objective gain when picked (top-k: the item's score)
     * @param seconds time of the pick's Spark job (0 for top-k methods: one pass picks all)
     */
    public record Picked(int rank, String id, double gain, double seconds) {
    }
}
