package io.fisherselect.job.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.job.stage.CandidateMemory;
import org.junit.jupiter.api.Test;

/** The rule of {@code --greedy-on auto}, as a pure function of the sizes. */
class GreedyPlaceTest {
    private static final long GIB = 1L << 30;

    @Test
    void aSmallPoolRunsOnTheDriver() {
        // N = 20,000, d = 32, C = 10, BAIT's two r²-wide states (r = C): a few tens of MiB
        long perItem = CandidateMemory.bytesPerItem(32, 10, 10, 2 * 2 * 100, 1);
        GreedyPlace p = GreedyPlace.choose("auto", 20_000, perItem, 2 * GIB);
        assertTrue(p.onDriver(), p.toString());
        assertEquals("driver", p.on());
        assertTrue(p.reason().startsWith("auto: 20000 candidates × " + perItem + " bytes"), p.reason());
        assertTrue(p.reason().contains(" ≤ 512.0 MiB, a quarter of the driver's free heap"), p.reason());
    }

    @Test
    void statesBeyondAQuarterOfTheFreeHeapRunOnTheCluster() {
        long perItem = CandidateMemory.bytesPerItem(64, 10, 10, 2 * 100, 1);
        long fits = (2 * GIB / 4) / perItem;
        assertTrue(GreedyPlace.choose("auto", fits, perItem, 2 * GIB).onDriver());
        GreedyPlace over = GreedyPlace.choose("auto", fits + 1, perItem, 2 * GIB);
        assertFalse(over.onDriver(), over.toString());
        assertEquals("cluster", over.on());
        assertTrue(over.reason().contains(" > 512.0 MiB"), over.reason());
        // a million items of that shape against a 6 GiB driver: the cluster
        assertFalse(GreedyPlace.choose("auto", 1_000_000, perItem, 6 * GIB).onDriver());
    }

    @Test
    void anExplicitSettingIsFollowedWhateverTheSizes() {
        assertTrue(GreedyPlace.choose("driver", 1_000_000_000L, 1 << 20, GIB).onDriver());
        assertFalse(GreedyPlace.choose("cluster", 10, 8, 8 * GIB).onDriver());
        assertEquals("--greedy-on cluster", GreedyPlace.choose("cluster", 10, 8, 8 * GIB).reason());
    }
}
