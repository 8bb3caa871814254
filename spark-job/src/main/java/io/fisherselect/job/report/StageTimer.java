package io.fisherselect.job.report;

import java.util.LinkedHashMap;
import java.util.Map;

/** Wall-clock seconds per stage (read, aggregate, select, write) and in total. */
public final class StageTimer {
    private final long start = System.nanoTime();
    private long last = start;
    private final Map<String, Double> seconds = new LinkedHashMap<>();

    /** Ends the current stage under {@code name}; returns its seconds (for progress lines). */
    public double lap(String name) {
        long now = System.nanoTime();
        double s = (now - last) / 1e9;
        seconds.merge(name, s, Double::sum);
        last = now;
        return s;
    }

    /** The stages so far plus {@code total}. */
    public Map<String, Double> snapshot() {
        Map<String, Double> out = new LinkedHashMap<>(seconds);
        out.put("total", (System.nanoTime() - start) / 1e9);
        return out;
    }
}
