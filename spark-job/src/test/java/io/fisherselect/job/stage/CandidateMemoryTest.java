package io.fisherselect.job.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.job.io.InputException;
import org.junit.jupiter.api.Test;

/**
 * The sizing rule of the candidate blocks, on shapes worked out by hand from the rule written in
 * docs/operations.md ("Memory"): per item 8·(d + C·r + C) + 96 bytes plus 8 per state value; a
 * task's share (heap − 300 MiB) · 0.6 / tasks; blocks of at most half of it.
 */
class CandidateMemoryTest {
    private static final long MIB = 1L << 20;

    @Test
    void bytesPerItemCountsRowAndStateCopies() {
        // d = 64, C = 10, r = 10, eig-logdet's state r² = 100 values, two copies
        assertEquals(8 * (64 + 100 + 10) + 96 + 8 * 200, CandidateMemory.bytesPerItem(64, 10, 10, 100, 2));
        // top-k: the row alone
        assertEquals(8 * (64 + 100 + 10) + 96, CandidateMemory.bytesPerItem(64, 10, 10, 0, 0));
    }

    @Test
    void halfMillionItemsInAOneAndAHalfGigabyteHeapGetNinePartitions() {
        CandidateMemory.Budget budget = new CandidateMemory.Budget(1500 * MIB, 0.6, 2, true);
        assertEquals((long) (1200 * MIB * 0.6 / 2), budget.taskBytes(), "360 MiB per task");
        long perItem = 3088; // the first case above
        // 500,000 × 3088 B = 1,544,000,000 B; half a task = 188,743,680 B; ⌈8.18⌉ = 9
        int p = CandidateMemory.partitions(500_000, 2, perItem, budget);
        assertEquals(9, p);
        assertTrue(perItem * ((500_000 + p - 1) / p) <= budget.taskBytes() / 2, "each block fits half a task");
        // never fewer partitions than the input has, and small pools keep theirs
        assertEquals(50, CandidateMemory.partitions(500_000, 50, perItem, budget));
        assertEquals(2, CandidateMemory.partitions(10_000, 2, perItem, budget));
    }

    @Test
    void aTaskThatCannotHoldASmallBlockFailsEarlyNamingTheSetting() {
        // C = 1000, r = 1000: 8 MB per item of factor, 16 MB of state copies (r² = 10⁶ values)
        long perItem = CandidateMemory.bytesPerItem(64, 1000, 1000, 1_000_000, 2);
        CandidateMemory.Budget local = new CandidateMemory.Budget(2048 * MIB, 0.6, 2, true);
        InputException e = assertThrows(InputException.class,
                () -> CandidateMemory.partitions(1000, 2, perItem, local));
        assertTrue(e.getMessage().contains("FS_DRIVER_MEMORY") && e.getMessage().contains("raise"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        // the heap it names is enough: a task then holds two blocks of the minimum size
        String named = e.getMessage().replaceAll(".*at least ([0-9.]+) MiB.*", "$1");
        long heap = (long) Math.ceil(Double.parseDouble(named)) * MIB;
        CandidateMemory.Budget raised = new CandidateMemory.Budget(heap, 0.6, 2, true);
        assertTrue(CandidateMemory.partitions(1000, 2, perItem, raised) >= 2);
        CandidateMemory.Budget cluster = new CandidateMemory.Budget(2048 * MIB, 0.6, 1, false);
        InputException c = assertThrows(InputException.class,
                () -> CandidateMemory.partitions(1000, 2, perItem, cluster));
        assertTrue(c.getMessage().contains("spark.executor.memory"), c.getMessage());
    }
    @Test
    void aMultiroundPartHoldsItsRowsTwiceAndTwoStatesPerItem() {
        // d = 64, C = 10, r = 10, eig-logdet (state r² = 100): row 8·(64 + 100 + 10) + 96 = 1488;
        // dealt pieces and their concatenation 2·1488 = 2976; lanes 8·(64 + 100) = 1312;
        // state and gain twice 16·101 = 1616
        assertEquals(5904, CandidateMemory.partBytesPerItem(64, 10, 10, 100));
        // a part of P = 50,000: 295,200,000 B (281.5 MiB) in one task
        CandidateMemory.Unit part = new CandidateMemory.Unit("a multiround part", 50_000, 50_000L * 5904,
                "lower --partition-size", false);
        // a 1 GiB executor with one core: (1024 − 300) MiB · 0.6 = 434.4 MiB, half 217.2 MiB < 281.5 MiB
        CandidateMemory.Budget small = new CandidateMemory.Budget(1024 * MIB, 0.6, 1, false);
        InputException e = assertThrows(InputException.class, () -> CandidateMemory.check(part, small));
        assertEquals(1, e.getMessage().lines().count());
        for (String s : new String[] {"a multiround part", "281.5 MiB", "50000 items", "lower --partition-size",
            "spark.executor.memory"}) {
            assertTrue(e.getMessage().contains(s), s + " in: " + e.getMessage());
        }
        // the heap it names is enough
        String named = e.getMessage().replaceAll(".*at least ([0-9.]+) MiB.*", "$1");
        CandidateMemory.check(part, new CandidateMemory.Budget((long) Math.ceil(Double.parseDouble(named)) * MIB,
                0.6, 1, false));
        // local mode with a 3 GiB heap and two threads: half of 831.6 MiB = 415.8 MiB holds it
        CandidateMemory.check(part, new CandidateMemory.Budget(3072 * MIB, 0.6, 2, true));
    }

    @Test
    void bisectingKMeansCachesTheEmbeddingItsNormWeightAndObjects() {
        // d = 64: 64 values, norm and weight 2, objects and two levels' keys 16
        assertEquals(82, CandidateMemory.bisectingValues(64));
        // per item with the block row (d = 64, C = 10, r = 10): 1488 + 8·82 = 2144
        assertEquals(2144, CandidateMemory.bytesPerItem(64, 10, 10, CandidateMemory.bisectingValues(64), 1));
    }

    @Test
    void averageLinkageOnTheDriverHoldsTheRowsAndHalfTheDistanceMatrix() {
        // n = 5,000 (the auto limit), d = 64, C = 10, r = 10: rows 5000·1488 = 7,440,000; embeddings
        // 8·5000·64 = 2,560,000; distances 8·5000·4999/2 = 99,980,000; merges and ints 64·5000 = 320,000
        assertEquals(110_300_000L, CandidateMemory.averageLinkageBytes(5000, 64, 10, 10));
        CandidateMemory.Budget driver1g = new CandidateMemory.Budget(1024 * MIB, 1.0, 1, true);
        CandidateMemory.check(new CandidateMemory.Unit("hac", 5000, 110_300_000L, "use bisecting", true), driver1g);
        // n = 14,000 (the hard limit): 20,832,000 + 7,168,000 + 783,944,000 + 896,000 = 812,840,000 B,
        // more than half of a 1 GiB driver's 724 MiB
        long big = CandidateMemory.averageLinkageBytes(14_000, 64, 10, 10);
        assertEquals(812_840_000L, big);
        InputException e = assertThrows(InputException.class, () -> CandidateMemory.check(
                new CandidateMemory.Unit("cluster-margin's average-linkage clustering on the driver", 14_000, big,
                        "use --clustering bisecting-kmeans", true), driver1g));
        assertTrue(e.getMessage().contains("driver's memory") && e.getMessage().contains("FS_DRIVER_MEMORY")
                && e.getMessage().contains("--clustering bisecting-kmeans"), e.getMessage());
    }
}
