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
}
