package io.fisherselect.job.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.job.select.ScaleOptions;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.method.AverageLinkage;
import io.fisherselect.math.method.ClusterMargin;
import io.fisherselect.math.plan.SelectionParams;
import org.junit.jupiter.api.Test;

/**
 * The limits whose data would be slow to build for a command-line test: the checks on a pool's
 * shape alone, without reading a pool.
 */
class OptionLimitsTest {
    private static OptionLimits.DataShape pool(long n) {
        return new OptionLimits.DataShape(n, -1, 8, 3, 2);
    }

    @Test
    void averageLinkageOnMoreItemsThanItsLimitIsRefused() {
        ScaleOptions hac = ScaleOptions.defaults().withClusterMargin(ScaleOptions.Clustering.HAC,
                ClusterMargin.Settings.defaults());
        SelectionParams p = SelectionParams.of(AcquisitionMethod.CLUSTER_MARGIN, 10);
        long over = AverageLinkage.MAX_POINTS + 1L;
        InputException e = assertThrows(InputException.class, () -> OptionLimits.forSelection(p, hac, pool(over)));
        assertTrue(e.getMessage().contains("--clustering hac") && e.getMessage().contains(over + " items")
                && e.getMessage().contains("limit of " + AverageLinkage.MAX_POINTS)
                && e.getMessage().contains("--clustering bisecting-kmeans"), e.getMessage());
        OptionLimits.forSelection(p, hac, pool(AverageLinkage.MAX_POINTS));
        // auto switches to bisecting k-means on large pools: nothing to refuse
        OptionLimits.forSelection(p, ScaleOptions.defaults(), pool(over));
    }
}
