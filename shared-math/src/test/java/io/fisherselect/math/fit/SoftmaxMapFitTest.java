package io.fisherselect.math.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Newton's MAP fit against the definition of the optimum, written out densely here: the
 * negative log posterior L(W) = Σᵢ −log softmax(Wφᵢ)_{yᵢ} + (λ/2)‖W‖² and its gradient by central
 * finite differences of L, on random small problems.
 */
class SoftmaxMapFitTest {

    @Test
    void gradientAtTheReturnedWeightsIsZeroAndNoNearbyPointIsBetter() {
        for (int seed = 0; seed < 20; seed++) {
            Random rng = new Random(seed);
            int n = 5 + rng.nextInt(40);
            int d = 1 + rng.nextInt(5);
            int c = 2 + rng.nextInt(4);
            double lambda = Math.pow(10, -2 + 3 * rng.nextDouble());
            double[][] phi = new double[n][d];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    phi[i][j] = 3 * rng.nextGaussian() + (j == 0 ? 2 : 0);
                }
                y[i] = rng.nextInt(c);
            }
            MapEstimate r = SoftmaxMapFit.fit(phi, y, c, lambda, 100, 1e-10, null);
            String where = "seed " + seed + " (n " + n + ", d " + d + ", C " + c + ", λ " + lambda + ")";
            assertTrue(r.converged(), where);
            double h = 1e-5;
            double largest = 0;
            for (int k = 0; k < c; k++) {
                for (int j = 0; j < d; j++) {
                    double[][] plus = copy(r.w());
                    double[][] minus = copy(r.w());
                    plus[k][j] += h;
                    minus[k][j] -= h;
                    double fd = (objective(phi, y, plus, lambda) - objective(phi, y, minus, lambda)) / (2 * h);
                    largest = Math.max(largest, Math.abs(fd));
                }
            }
            assertTrue(largest < 1e-5 * n, where + ": finite-difference gradient " + largest);
            assertEquals(objective(phi, y, r.w(), lambda) / n, r.objective(), 1e-12, where);
            // strict convexity: random nearby points are worse
            double best = objective(phi, y, r.w(), lambda);
            for (int t = 0; t < 10; t++) {
                double[][] near = copy(r.w());
                for (double[] row : near) {
                    for (int j = 0; j < d; j++) {
                        row[j] += 1e-3 * rng.nextGaussian();
                    }
                }
                assertTrue(objective(phi, y, near, lambda) > best, where);
            }
        }
    }

    @Test
    void oneStepIsNotConvergedAndReportsItsGradient() {
        Random rng = new Random(7);
        int n = 60;
        int d = 4;
        int c = 3;
        double[][] phi = new double[n][d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(c);
            for (int j = 0; j < d; j++) {
                phi[i][j] = 4 * rng.nextGaussian() + (j == y[i] ? 3 : 0);
            }
        }
        MapEstimate one = SoftmaxMapFit.fit(phi, y, c, 0.1, 1, 1e-8, null);
        assertFalse(one.converged());
        assertEquals(1, one.iterations());
        assertEquals(denseGradientNorm(phi, y, one.w(), 0.1), one.gradientNorm(), 1e-9 * (1 + one.gradientNorm()));
        assertTrue(one.gradientNorm() > 1e-8 * n, "one step is not at the optimum: " + one.gradientNorm());
        MapEstimate full = SoftmaxMapFit.fit(phi, y, c, 0.1, 100, 1e-8, null);
        assertTrue(full.converged() && full.gradientNorm() <= 1e-8 * n);
        assertEquals(denseGradientNorm(phi, y, full.w(), 0.1), full.gradientNorm(), 1e-9);
        // a warm start from the one-step weights reaches the same optimum
        MapEstimate warm = SoftmaxMapFit.fit(phi, y, c, 0.1, 100, 1e-8, one.w());
        for (int k = 0; k < c; k++) {
            for (int j = 0; j < d; j++) {
                assertEquals(full.w()[k][j], warm.w()[k][j], 1e-6);
            }
        }
    }

    private static double objective(double[][] phi, int[] y, double[][] w, double lambda) {
        double sum = 0;
        for (int i = 0; i < phi.length; i++) {
            double[] z = logits(w, phi[i]);
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z) {
                max = Math.max(max, v);
            }
            double s = 0;
            for (double v : z) {
                s += Math.exp(v - max);
            }
            sum += max + Math.log(s) - z[y[i]];
        }
        for (double[] row : w) {
            for (double v : row) {
                sum += 0.5 * lambda * v * v;
            }
        }
        return sum;
    }

    /** ‖Σᵢ (πᵢ − e_yᵢ) φᵢᵀ + λW‖, written out. */
    private static double denseGradientNorm(double[][] phi, int[] y, double[][] w, double lambda) {
        int c = w.length;
        int d = w[0].length;
        double[][] g = new double[c][d];
        for (int i = 0; i < phi.length; i++) {
            double[] z = logits(w, phi[i]);
            double s = 0;
            for (double v : z) {
                s += Math.exp(v);
            }
            for (int k = 0; k < c; k++) {
                double residual = Math.exp(z[k]) / s - (k == y[i] ? 1 : 0);
                for (int j = 0; j < d; j++) {
                    g[k][j] += residual * phi[i][j];
                }
            }
        }
        double sq = 0;
        for (int k = 0; k < c; k++) {
            for (int j = 0; j < d; j++) {
                double v = g[k][j] + lambda * w[k][j];
                sq += v * v;
            }
        }
        return Math.sqrt(sq);
    }

    private static double[] logits(double[][] w, double[] phi) {
        double[] z = new double[w.length];
        for (int k = 0; k < w.length; k++) {
            for (int j = 0; j < phi.length; j++) {
                z[k] += w[k][j] * phi[j];
            }
        }
        return z;
    }

    /** A deep copy of a weight matrix (also for {@link SigmoidMapFitTest}). */
    static double[][] copy(double[][] a) {
        double[][] b = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[i].clone();
        }
        return b;
    }
}
