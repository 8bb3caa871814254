package io.fisherselect.math.sample;

/** Pearson's χ² statistic for frequency tests. */
final class ChiSquare {
    private ChiSquare() {
    }

    /** Σ (observed − n·p)² / (n·p) over categories with p &gt; 0; observed counts with p = 0 must be 0. */
    static double statistic(long[] observed, double[] p, long n) {
        double chi = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == 0) {
                if (observed[i] != 0) {
                    return Double.POSITIVE_INFINITY;
                }
                continue;
            }
            double e = n * p[i];
            chi += (observed[i] - e) * (observed[i] - e) / e;
        }
        return chi;
    }

    /**
     * A generous bound for the χ² statistic with {@code dof} degrees of freedom: mean + 6 standard
     * deviations (mean dof, variance 2·dof), well beyond the 0.1% quantile for any dof ≥ 1. The
     * seeds are fixed, so the tests are deterministic; the bound only has to reject a wrong law.
     */
    static double bound(int dof) {
        return dof + 6 * Math.sqrt(2.0 * dof) + 6;
    }
}
