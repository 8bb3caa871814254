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
        InputException e = assertThrows(InputException.class, () -> OptionLimits.forSelection(p, hac, 0, pool(over)));
        assertTrue(e.getMessage().contains("--clustering hac") && e.getMessage().contains(over + " items")
                && e.getMessage().contains("limit of " + AverageLinkage.MAX_POINTS)
                && e.getMessage().contains("--clustering bisecting-kmeans"), e.getMessage());
        OptionLimits.forSelection(p, hac, 0, pool(AverageLinkage.MAX_POINTS));
        // auto switches to bisecting k-means on large pools: nothing to refuse
        OptionLimits.forSelection(p, ScaleOptions.defaults(), 0, pool(over));
    }

    @Test
    void capsPerClassThatCannotHoldKAreRefusedBeforeTheCandidatesAreBuilt() {
        SelectionParams p = SelectionParams.of(AcquisitionMethod.ENTROPY, 10);
        // 3 classes: caps of 3 hold at most 9 items, caps of 4 hold 12
        InputException e = assertThrows(InputException.class,
                () -> OptionLimits.forSelection(p, ScaleOptions.defaults(), 3, pool(100)));
        assertTrue(e.getMessage().contains("--max-per-class 3 over 3 classes holds at most 9 items, fewer than --k 10")
                && e.getMessage().contains("use --max-per-class ≥ 4"), e.getMessage());
        OptionLimits.forSelection(p, ScaleOptions.defaults(), 4, pool(100));
        OptionLimits.forSelection(SelectionParams.of(AcquisitionMethod.ENTROPY, 9), ScaleOptions.defaults(), 3,
                pool(100));
        OptionLimits.forSelection(p, ScaleOptions.defaults(), 0, pool(100));
    }
}
