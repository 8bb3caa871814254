package io.fisherselect.job.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Bands, areas and the t quantiles of {@link Curves}. */
class CurvesTest {

    @Test
    void bandIsATInterval() {
        Curves.Band b = Curves.band(new double[] {0.7, 0.8, 0.9});
        assertEquals(0.8, b.mean(), 1e-12);
        // sd = 0.1, t(0.975, 2) = 4.303
        assertEquals(0.8 - 4.303 * 0.1 / Math.sqrt(3), b.lo(), 1e-12);
        assertEquals(0.8 + 4.303 * 0.1 / Math.sqrt(3), b.hi(), 1e-12);
        Curves.Band one = Curves.band(new double[] {0.5});
        assertEquals(0.5, one.lo());
        assertEquals(0.5, one.hi());
        assertEquals(2.042, Curves.t975(30), 1e-12);
        assertEquals(2.021, Curves.t975(40), 2e-3);
        assertEquals(1.984, Curves.t975(100), 2e-3);
    }

    /**
     * The band's quantiles against Student's t distribution itself: P(T ≤ t975(ν)) by Simpson's rule
     * on the density Γ((ν+1)/2) / (√(νπ) Γ(ν/2)) · (1 + x²/ν)^(−(ν+1)/2), for the table's range and
     * the Cornish–Fisher expansion beyond it.
     */
    @Test
    void t975IsTheQuantileOfStudentsT() {
        for (int df : new int[] {1, 2, 3, 4, 5, 7, 10, 15, 20, 29, 30, 31, 35, 40, 60, 100, 1000}) {
            assertEquals(0.975, tCdf(Curves.t975(df), df), 1e-4, "df = " + df);
        }
    }

    private static double tCdf(double t, int df) {
        // log Γ(k/2) by Γ(1/2) = √π, Γ(1) = 1, Γ(x + 1) = x Γ(x)
        java.util.function.IntToDoubleFunction logGammaHalf = k -> {
            double x = k % 2 == 0 ? 1 : 0.5;
            double lg = k % 2 == 0 ? 0 : 0.5 * Math.log(Math.PI);
            while (x < k / 2.0) {
                lg += Math.log(x);
                x += 1;
            }
            return lg;
        };
        double logC = logGammaHalf.applyAsDouble(df + 1) - logGammaHalf.applyAsDouble(df) - 0.5 * Math.log(df * Math.PI);
        int n = 200_000;
        double h = t / n;
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            double x = i * h;
            double f = Math.exp(logC - (df + 1) / 2.0 * Math.log1p(x * x / df));
            sum += f * (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2);
        }
        return 0.5 + sum * h / 3;
    }

    @Test
    void areaIsTheMeanHeightOverTheBudget() {
        assertEquals(0.5, Curves.area(new double[] {10, 20, 30}, new double[] {0.5, 0.5, 0.5}), 1e-12);
        // (0.2 + 0.4) / 2 over [0, 10] and (0.4 + 0.4)/2 over [10, 30]: (3 + 8) / 30
        assertEquals(11.0 / 30, Curves.area(new double[] {0, 10, 30}, new double[] {0.2, 0.4, 0.4}), 1e-12);
    }

    @Test
    void summariesPerRoundAndMethod() {
        Curves c = new Curves();
        for (long seed : List.of(1L, 2L)) {
            c.add(new Curves.Point("a", seed, 0, 10, 0.5, 1.0));
            c.add(new Curves.Point("a", seed, 1, 20, 0.6 + 0.1 * seed, 0.8));
        }
        List<Curves.RoundSummary> rounds = c.rounds("a");
        assertEquals(2, rounds.size());
        assertEquals(20, rounds.get(1).labels());
        assertEquals(0.75, rounds.get(1).accuracy().mean(), 1e-12);
        Curves.MethodSummary s = c.summary("a", List.of(1L, 2L));
        assertEquals(0.75, s.finalAccuracy().mean(), 1e-12);
        assertEquals((0.5 + 0.75) / 2, s.accuracyArea().mean(), 1e-12);
        assertEquals(0.9, s.logLossArea().mean(), 1e-12);
    }
}
