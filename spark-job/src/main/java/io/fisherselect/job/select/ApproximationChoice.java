package io.fisherselect.job.select;

import io.fisherselect.math.AcquisitionMethod;
import java.util.Locale;

/**
 * What the large-D approximations resolved to for one run, and why (docs/math.md §7.10). Under
 * {@code --approximation auto} (the default) a run stays exact while D = C·d is at most
 * {@link #MAX_EXACT_DIMENSION} and the method's dense D×D matrices on the driver
 * ({@link AcquisitionMethod#driverMatrices}) fit a quarter of the driver's heap; otherwise the
 * embeddings are sketched (§7.7) to the largest m with C·m within both limits. A given
 * {@code --sketch} or {@code --fisher kfac} is kept as given, and {@code --approximation exact}
 * never approximates.
 *
 * <p>Why D ≤ 8,192: an exact run's cost grows as D² per pool item (the initial states
 * Vᵢᵀ H⁻¹ Vᵢ cost ≈ D²/4 multiply-adds each, 1.7·10⁷ at D = 8,192, 2.6 times d = 512's with
 * C = 10) and as D³ on the driver (inverting H: 1.8·10¹¹ at D = 8,192); above it, an hour-long
 * exact run at a million items would become several. The quarter of the heap leaves the rest to
 * the candidates' states and the loaded sets' reductions, as {@link GreedyPlace} does.
 *
 * @param ran    {@code exact}, {@code sketch}, {@code kfac} or {@code sketch+kfac}
 * @param sketch m of the sketch that ran (0: none)
 * @param reason why, with the numbers, for the log and report.json
 * @param option the option that decided it, as the command line names it (for error messages)
 */
public record ApproximationChoice(String ran, int sketch, String reason, String option) {
    /** The largest D = C·d an automatic choice keeps exact. */
    public static final int MAX_EXACT_DIMENSION = 8192;
    /** The share of the driver's heap the method's D×D matrices may take under {@code auto}. */
    static final int HEAP_SHARE = 4;

    /**
     * The limits of the automatic choice.
     *
     * @param maxExactDimension the largest D kept exact
     * @param driverHeap        the driver's maximum heap, bytes
     */
    public record Limits(int maxExactDimension, long driverHeap) {
        /** {@link #MAX_EXACT_DIMENSION} and this JVM's maximum heap (the driver's). */
        public static Limits of() {
            return new Limits(MAX_EXACT_DIMENSION, Runtime.getRuntime().maxMemory());
        }
    }

    /** Bytes of the method's D×D matrices on the driver at D = {@code dimension}. */
    public static long driverBytes(AcquisitionMethod method, long dimension) {
        return 8L * method.driverMatrices() * dimension * dimension;
    }

    /**
     * The largest embedding length m whose D = C·(m + bias) keeps the method's D×D matrices
     * within {@code bytes} (0 or less when not even m = 1 does).
     */
    public static long largestFitting(AcquisitionMethod method, int c, boolean bias, long bytes) {
        long dimension = (long) Math.floor(Math.sqrt(bytes / (8.0 * method.driverMatrices())));
        return dimension / c - (bias ? 1 : 0);
    }

    /**
     * The approximation that runs.
     *
     * @param scale  the given options (approximation, sketch, fisher)
     * @param method the method
     * @param d      the pool's embedding length as read
     * @param c      C (1 for regression)
     * @param bias   whether a constant 1 is appended to the (sketched) embeddings
     */
    public static ApproximationChoice choose(ScaleOptions scale, AcquisitionMethod method, int d, int c, boolean bias,
                                             Limits limits) {
        boolean kfac = scale.fisher() == ScaleOptions.FisherApprox.KFAC;
        if (scale.sketch() > 0 || kfac) {
            String given = (scale.sketch() > 0 ? "--sketch " + scale.sketch() : "")
                    + (scale.sketch() > 0 && kfac ? " and " : "") + (kfac ? "--fisher kfac" : "");
            String ran = scale.sketch() > 0 && kfac ? "sketch+kfac" : kfac ? "kfac" : "sketch";
            return new ApproximationChoice(ran, scale.sketch(), given + " as given", given);
        }
        if (scale.approximation() == ScaleOptions.Approximation.EXACT) {
            return new ApproximationChoice("exact", 0, "--approximation exact", "--approximation exact");
        }
        String auto = "--approximation auto";
        if (method.driverMatrices() == 0) {
            return new ApproximationChoice("exact", 0, "auto: " + method.cliName() + " holds no D×D matrix on the"
                    + " driver", auto);
        }
        int b = bias ? 1 : 0;
        long dimension = (long) c * (d + b);
        long need = driverBytes(method, dimension);
        long budget = limits.driverHeap() / HEAP_SHARE;
        boolean small = dimension <= limits.maxExactDimension();
        boolean fits = need <= budget;
        String numbers = String.format(Locale.ROOT, "D = %d %s %d and %d D×D matrices of %s = %s %s %s, a quarter"
                        + " of the driver's heap", dimension, small ? "≤" : ">", limits.maxExactDimension(),
                method.driverMatrices(), method.cliName(), gib(need), fits ? "≤" : ">", gib(budget));
        if (small && fits) {
            return new ApproximationChoice("exact", 0, "auto: " + numbers, auto);
        }
        long m = Math.min(Math.min(limits.maxExactDimension() / c - b, largestFitting(method, c, bias, budget)), d - 1);
        if (m < 1) {
            return new ApproximationChoice("exact", 0, "auto: " + numbers + "; no sketch fits either", auto);
        }
        long sketched = (long) c * (m + b);
        return new ApproximationChoice("sketch", (int) m, String.format(Locale.ROOT, "auto: %s; sketched to m = %d"
                + " (D = %d, %s)", numbers, m, sketched, gib(driverBytes(method, sketched))), auto);
    }

    static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
    }
}
