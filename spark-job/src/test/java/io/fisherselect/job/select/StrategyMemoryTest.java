package io.fisherselect.job.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.job.stage.CandidateMemory;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.linalg.Numerics;
import io.fisherselect.math.method.ClusterMargin;
import io.fisherselect.math.plan.PlanInputs;
import io.fisherselect.math.plan.SelectionParams;
import org.junit.jupiter.api.Test;

/**
 * What the multiround and cluster-margin strategies declare for sizing, counted by hand on a
 * shape with d = 4, C = 3, r = 3: the candidate row is 8·(4 + 9 + 3) + 96 = 224 bytes.
 */
class StrategyMemoryTest {
    private static final PlanInputs SHAPE = PlanInputs.shape(4, 3, 3);

    private static SelectionStrategy.Context context(AcquisitionMethod m, int k, ScaleOptions scale, long pool) {
        return new SelectionStrategy.Context(null, SelectionParams.of(m, k), scale, SHAPE, Numerics.defaults(), 0,
                null, 3, 4, m.cliName(), pool, "auto");
    }

    @Test
    void aMultiroundPartIsTheUnitAndTheBlocksCacheNoState() {
        // eig-logdet: r² = 9 state values. Per item of a part: rows 2·224 = 448, φ and A once more
        // in lanes 8·(4 + 3·3) = 104, state and gain twice 16·(9 + 1) = 160: 712 bytes
        ScaleOptions p100 = ScaleOptions.defaults().withMultiRound(100, 4.0, 0.0);
        SelectionStrategy s = SelectionStrategy.of(SelectionParams.of(AcquisitionMethod.EIG_LOGDET, 5), p100);
        SelectionStrategy.Context c = context(AcquisitionMethod.EIG_LOGDET, 5, p100, 1000);
        CandidateMemory.Unit u = s.unit(c, 1000);
        assertEquals(100, u.items());
        assertEquals(100 * 712, u.bytes());
        assertFalse(u.driver());
        assertEquals(0, s.stateValues(c), "the pool's blocks hold rows only");
        // a pool smaller than P: the whole pool is one part, the exact greedy in one task
        assertEquals(40 * 712, s.unit(c, 40).bytes());
        // the default P = 10,000
        ScaleOptions dflt = ScaleOptions.defaults().withMultiRound(0, 4.0, 0.0);
        assertEquals(10_000, s.unit(context(AcquisitionMethod.EIG_LOGDET, 5, dflt, 1_000_000), 1_000_000).items());
    }

    @Test
    void clusterMarginCachesMLlibsPointsOrHoldsTheDistancesOnTheDriver() {
        ClusterMargin.Settings defaults = ClusterMargin.Settings.defaults();
        ScaleOptions bisecting = ScaleOptions.defaults().withClusterMargin(ScaleOptions.Clustering.BISECTING_KMEANS,
                defaults);
        SelectionStrategy s = SelectionStrategy.of(SelectionParams.of(AcquisitionMethod.CLUSTER_MARGIN, 5), bisecting);
        SelectionStrategy.Context bc = context(AcquisitionMethod.CLUSTER_MARGIN, 5, bisecting, 1000);
        // d = 4: embedding 4, norm and weight 2, objects and keys 16
        assertEquals(22, s.stateValues(bc));
        assertNull(s.unit(bc, 1000));
        // auto on a pool of at most 5,000: average linkage on the driver, nothing per block
        ScaleOptions auto = ScaleOptions.defaults();
        SelectionStrategy.Context hc = context(AcquisitionMethod.CLUSTER_MARGIN, 5, auto, 1000);
        assertEquals(0, s.stateValues(hc));
        CandidateMemory.Unit u = s.unit(hc, 1000);
        assertTrue(u.driver());
        // rows 1000·224 = 224,000; embeddings 8·1000·4 = 32,000; distances 8·1000·999/2 = 3,996,000;
        // merges and ints 64,000
        assertEquals(4_316_000L, u.bytes());
    }
}
