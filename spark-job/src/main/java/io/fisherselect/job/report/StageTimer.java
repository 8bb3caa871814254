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

    /**
     * The timings of a finished run with one more stage appended before {@code total}, which grows
     * by the stage's seconds (for a stage timed after the run's own timer stopped, e.g. write).
     */
    public static Map<String, Double> withStage(Map<String, Double> timings, String stage, double seconds) {
        Map<String, Double> out = new LinkedHashMap<>(timings);
        double total = out.remove("total");
        out.merge(stage, seconds, Double::sum);
        out.put("total", total + seconds);
        return out;
    }
}
