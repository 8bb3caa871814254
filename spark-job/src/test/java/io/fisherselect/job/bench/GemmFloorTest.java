package io.fisherselect.job.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.math.AcquisitionMethod;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The products a stage's floor counts, written out by hand for d = 4, C = 3 (10 monomials, 6 class
 * pairs), and the floor's time growing with the work.
 */
class GemmFloorTest {
    private static final int D = 4;
    private static final int C = 3;

    @Test
    void eigLogDetCountsTheLabeledSumTheDenseInitialStatesAndOneProjectionPerPick() {
        assertEquals(List.of(new GemmFloor.Gemm(10, 50, 6, 1)),
                GemmFloor.aggregate(AcquisitionMethod.EIG_LOGDET, 1000, 50, D, C));
        assertEquals(List.of(new GemmFloor.Gemm(1000, 10, 6, 1), new GemmFloor.Gemm(1000, 4, 9, 7)),
                GemmFloor.select(AcquisitionMethod.EIG_LOGDET, 1000, 50, D, C, 3, 7));
        // no labeled set: H = λI, isotropic initial states, nothing to sum
        assertEquals(List.of(), GemmFloor.aggregate(AcquisitionMethod.EIG_LOGDET, 1000, 0, D, C));
        assertEquals(List.of(new GemmFloor.Gemm(1000, 4, 9, 7)),
                GemmFloor.select(AcquisitionMethod.EIG_LOGDET, 1000, 0, D, C, 3, 7));
    }

    @Test
    void baitCountsThePoolSumTwoPriorsAndTwoProjectionsPerForwardPick() {
        assertEquals(List.of(new GemmFloor.Gemm(10, 50, 6, 1), new GemmFloor.Gemm(10, 1000, 6, 1)),
                GemmFloor.aggregate(AcquisitionMethod.BAIT, 1000, 50, D, C));
        // 2k = 14 forward picks, two projections each
        assertEquals(List.of(new GemmFloor.Gemm(1000, 10, 6, 2), new GemmFloor.Gemm(1000, 4, 9, 28)),
                GemmFloor.select(AcquisitionMethod.BAIT, 1000, 50, D, C, 3, 7));
        assertEquals(List.of(new GemmFloor.Gemm(1000, 10, 6, 1), new GemmFloor.Gemm(1000, 4, 9, 28)),
                GemmFloor.select(AcquisitionMethod.BAIT, 1000, 0, D, C, 3, 7));
    }

    @Test
    void otherMethodsHaveNoFloor() {
        assertNull(GemmFloor.select(AcquisitionMethod.BADGE, 1000, 0, D, C, 3, 7));
        assertNull(GemmFloor.aggregate(AcquisitionMethod.ENTROPY, 1000, 0, D, C));
        assertTrue(Double.isNaN(new GemmFloor(2).seconds(null)));
    }

    @Test
    void theFloorIsPositiveAndGrowsWithTheWork() {
        GemmFloor f = new GemmFloor(2);
        double one = f.seconds(List.of(new GemmFloor.Gemm(2000, 64, 100, 1)));
        double hundred = f.seconds(List.of(new GemmFloor.Gemm(2000, 64, 100, 100)));
        assertTrue(one > 0, "one product: " + one);
        // the same measured shape, 100 times: exactly 100 times the seconds
        assertEquals(100 * one, hundred, 1e-9 * hundred);
    }
}
