package io.fisherselect.math.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The multi-label test metrics against a computation by hand on three items and two labels. */
class MultiLabelMetricsTest {

    @Test
    void threeItemsTwoLabelsByHand() {
        // item  p            y      predicted   right   TP FP FN
        //  a   (0.9, 0.2)   (1, 0)  (1, 0)      2       1  0  0
        //  b   (0.6, 0.7)   (0, 0)  (1, 1)      0       0  2  0
        //  c   (0.4, 0.5)   (1, 1)  (0, 0)      0       0  0  2   (½ is not above ½)
        MultiLabelMetrics m = new MultiLabelMetrics()
                .add(new double[] {0.9, 0.2}, new int[] {1, 0})
                .add(new double[] {0.6, 0.7}, new int[] {0, 0});
        MultiLabelMetrics other = new MultiLabelMetrics().add(new double[] {0.4, 0.5}, new int[] {1, 1});
        m.merge(other);
        assertEquals(3, m.items());
        assertEquals(2.0 / 6, m.labelAccuracy(), 1e-15);
        // F1 = 2·1 / (2·1 + 2 + 2)
        assertEquals(2.0 / 6, m.microF1(), 1e-15);
        double loss = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + Math.log(0.3) + Math.log(0.4) + Math.log(0.5));
        assertEquals(loss / 6, m.logLoss(), 1e-15);
    }

    @Test
    void nothingToFindAndNothingPredictedIsPerfectAndCertaintyIsClipped() {
        MultiLabelMetrics m = new MultiLabelMetrics().add(new double[] {0.0, 0.1}, new int[] {0, 0});
        assertEquals(1.0, m.labelAccuracy());
        assertEquals(1.0, m.microF1());
        assertEquals(-(Math.log(1 - 1e-15) + Math.log(0.9)) / 2, m.logLoss(), 1e-15);
        MultiLabelMetrics wrong = new MultiLabelMetrics().add(new double[] {1.0}, new int[] {0});
        // p = 1 is clipped to 1 − 10⁻¹⁵, so the negative's loss is −log(1 − (1 − 10⁻¹⁵)) ≈ 34.54, finite
        assertEquals(-Math.log(1 - (1 - 1e-15)), wrong.logLoss(), 1e-12);
        assertEquals(0.0, wrong.microF1());
        assertEquals(Double.NaN, new MultiLabelMetrics().logLoss());
    }
}
