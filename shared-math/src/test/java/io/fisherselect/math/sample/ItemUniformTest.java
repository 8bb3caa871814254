package io.fisherselect.math.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ItemUniformTest {

    @Test
    void deterministicAndInOpenUnitInterval() {
        assertEquals(ItemUniform.uniform(7, 3, "item-1"), ItemUniform.uniform(7, 3, "item-1"));
        assertEquals(ItemUniform.uniform(7, 3, "item-1"), ItemUniform.uniform(7, 3, ItemUniform.hashId("item-1")));
        assertNotEquals(ItemUniform.uniform(7, 3, "item-1"), ItemUniform.uniform(8, 3, "item-1"));
        assertNotEquals(ItemUniform.uniform(7, 3, "item-1"), ItemUniform.uniform(7, 4, "item-1"));
        assertNotEquals(ItemUniform.hashId("a"), ItemUniform.hashId("a\0"));
        assertNotEquals(ItemUniform.hashId(""), ItemUniform.hashId("\0"));
        // the extreme values u can take: (0 + ½)·2⁻⁵² and (2⁵² − 1 + ½)·2⁻⁵²
        double lo = (0 + 0.5) * 0x1.0p-52;
        double hi = ((-1L >>> 12) + 0.5) * 0x1.0p-52;
        assertTrue(hi < 1.0);
        assertTrue(Double.isFinite(ItemUniform.gumbel(lo)));
        assertTrue(Double.isFinite(ItemUniform.gumbel(hi)));
    }

    @Test
    void uniformAcrossIdsSeedsAndStreams() {
        int bins = 20;
        long[] counts = new long[bins];
        int n = 200_000;
        Set<Long> hashes = new HashSet<>();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            // sequential ids, a few seeds and streams: the hard case for weak mixing
            double u = ItemUniform.uniform(i % 5, i % 3, Integer.toString(i / 15));
            assertTrue(u > 0 && u < 1);
            counts[(int) (u * bins)]++;
            sum += u;
            if (i < 50_000) {
                hashes.add(ItemUniform.hashId("id" + i));
            }
        }
        assertEquals(50_000, hashes.size());
        double[] p = new double[bins];
        java.util.Arrays.fill(p, 1.0 / bins);
        assertTrue(ChiSquare.statistic(counts, p, n) < ChiSquare.bound(bins - 1));
        assertEquals(0.5, sum / n, 0.005);
    }

    @Test
    void gumbelHasItsMean() {
        double sum = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            sum += ItemUniform.gumbel(ItemUniform.uniform(1, 2, "g" + i));
        }
        // Euler–Mascheroni constant; sd of the mean π/√6/√n ≈ 0.004
        assertEquals(0.5772156649, sum / n, 0.03);
    }
}
