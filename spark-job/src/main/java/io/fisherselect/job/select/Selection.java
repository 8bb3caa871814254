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
 * @param classCounts the picks per predicted class argmax π (multi-label: per label, the picks with
 *                  p &gt; ½), or null for regression
 * @param greedyPlace where the exact greedy kept its states and why, or null for another mode
 * @param modeChoice  the mode that ran and why ({@code --mode auto} resolved), or null when not known
 * @param finalObjective the method's objective of the batch, or why it is left out; null for a method
 *                  without one (top-k, badge, cluster-margin, bait outside a union of parts)
 * @param approximation the large-D approximation that ran and why, or null when not resolved
 */
public record Selection(SelectConfig config, List<Picked> picks, Map<String, Long> sizes,
                        Map<String, Double> timings, Numerics numerics, int resumed, LastLayerFit.Summary lastLayer,
                        long[] classCounts, GreedyPlace greedyPlace, ModeChoice modeChoice,
                        FinalObjective finalObjective, ApproximationChoice approximation) {

    public Selection(SelectConfig config, List<Picked> picks, Map<String, Long> sizes, Map<String, Double> timings) {
        this(config, picks, sizes, timings, null, 0, null, null, null, null, null, null);
    }

    public Selection(SelectConfig config, List<Picked> picks, Map<String, Long> sizes, Map<String, Double> timings,
                     Numerics numerics, int resumed, LastLayerFit.Summary lastLayer) {
        this(config, picks, sizes, timings, numerics, resumed, lastLayer, null, null, null, null, null);
    }

    /** The same selection with other timings. */
    public Selection withTimings(Map<String, Double> t) {
        return new Selection(config, picks, sizes, t, numerics, resumed, lastLayer, classCounts, greedyPlace,
                modeChoice, finalObjective, approximation);
    }

    /** The same selection with the fitted last layer of {@code --fit-last-layer}. */
    public Selection withLastLayer(LastLayerFit.Summary s) {
        return new Selection(config, picks, sizes, timings, numerics, resumed, s, classCounts, greedyPlace,
                modeChoice, finalObjective, approximation);
    }

    /** The scale options that ran: the config's, with {@code --mode auto} resolved. */
    public ScaleOptions scaleRan() {
        ScaleOptions given = config.scale();
        return modeChoice == null ? given : given.resolved(modeChoice.mode());
    }

    /**
     * @param gain    the method's marginal objective gain when picked (top-k: the item's score)
     * @param seconds time of the pick's Spark job (0 for top-k methods: one pass picks all)
     */
    public record Picked(int rank, String id, double gain, double seconds) {
    }
}
