package io.fisherselect.job.select;

import java.util.Locale;

/**
 * Where the exact greedy keeps its candidates' states, and why: on the driver (the blocks collected
 * once, then {@code GreedyLoop} over in-memory {@code BlockStates} on the driver's cores — no Spark
 * job per pick) or on the cluster ({@code GreedyLoop} over partition states, one Spark job per
 * pick). Both run the same {@code BlockState} code and pick the same items with the same gains bit
 * for bit, so the choice is only about speed and memory.
 *
 * <p>The rule of {@code auto}: the driver when the candidates' blocks and states fit a quarter of
 * the driver's free heap. A quarter leaves room for the transient copies the collection makes
 * (the collected blocks, their re-partitioning into one block per thread) and for everything else
 * the driver holds (the D×D matrices of the method, the loaded sets' reductions).
 *
 * @param on     {@code driver} or {@code cluster}
 * @param reason why, for the log and report.json
 */
public record GreedyPlace(String on, String reason) {
    /** The share of the driver's free heap the candidates' blocks and states may take. */
    static final int HEAP_SHARE = 4;

    /** Whether the states live on the driver. */
    public boolean onDriver() {
        return on.equals("driver");
    }

    /**
     * The place for a setting of {@code greedyOn}.
     *
     * @param setting      auto, driver or cluster
     * @param candidates   the candidates the greedy selects from
     * @param bytesPerItem cached bytes of one candidate's block row and its greedy states
     * @param freeHeap     bytes the driver's heap can still take (its maximum less what is used)
     */
    static GreedyPlace choose(String setting, long candidates, long bytesPerItem, long freeHeap) {
        if (setting.equals("driver") || setting.equals("cluster")) {
            return new GreedyPlace(setting, "--greedy-on " + setting);
        }
        long need = candidates * bytesPerItem;
        long budget = freeHeap / HEAP_SHARE;
        boolean fits = need <= budget;
        return new GreedyPlace(fits ? "driver" : "cluster", String.format(Locale.ROOT,
                "auto: %d candidates × %d bytes of blocks and states = %s %s %s, a quarter of the driver's free heap",
                candidates, bytesPerItem, mib(need), fits ? "≤" : ">", mib(budget)));
    }

    /** The driver's free heap now: its maximum less what is in use. */
    static long driverFreeHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }
}
