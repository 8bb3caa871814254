package io.fisherselect.math.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The multi-label Newton fit against the definition of its optimum, written out densely here: the
 * negative log posterior L(W) = Σᵢ Σ_c −[y_ic log σ(z_ic) + (1 − y_ic) log(1 − σ(z_ic))] +
 * (λ/2)‖W‖², z = Wφ, and its gradient by central finite differences of L, on random small problems
 * with imbalanced (also all-zero) labels.
 */
class SigmoidMapFitTest {

    @Test
    void gradientAtTheReturnedWeightsIsZeroAndNoNearbyPointIsBetter() {
        for (int seed = 0; seed < 30; seed++) {
            Random rng = new Random(seed);
            int n = 3 + rng.nextInt(40);
            int d = 1 + rng.nextInt(5);
            int c = 1 + rng.nextInt(5);
            double lambda = Math.pow(10, -2 + 3 * rng.nextDouble());
            double[][] phi = new double[n][d];
            int[][] y = new int[n][c];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    phi[i][j] = 3 * rng.nextGaussian() + (j == 0 ? 2 : 0);
                }
                for (int k = 0; k < c; k++) {
                    // label k is rarer the larger k; the last label of odd seeds is never on
                    y[i][k] = k == c - 1 && seed % 2 == 1 ? 0 : rng.nextDouble() < 0.5 / (1 + k) ? 1 : 0;
                }
            }
            MapEstimate r = SigmoidMapFit.fit(phi, y, lambda, 100, 1e-10, null);
            String where = "seed " + seed + " (n " + n + ", d " + d + ", C " + c + ", λ " + lambda + ")";
            assertTrue(r.converged(), where);
            double h = 1e-5;
            double largest = 0;
            for (int k = 0; k < c; k++) {
                for (int j = 0; j < d; j++) {
                    double[][] plus = SoftmaxMapFitTest.copy(r.w());
                    double[][] minus = SoftmaxMapFitTest.copy(r.w());
                    plus[k][j] += h;
                    minus[k][j] -= h;
                    double fd = (objective(phi, y, plus, lambda) - objective(phi, y, minus, lambda)) / (2 * h);
                    largest = Math.max(largest, Math.abs(fd));
                }
            }
            assertTrue(largest < 1e-5 * n, where + ": finite-difference gradient " + largest);
            assertEquals(objective(phi, y, r.w(), lambda) / n, r.objective(), 1e-12 * (1 + r.objective()), where);
            assertEquals(denseGradientNorm(phi, y, r.w(), lambda), r.gradientNorm(), 1e-9, where);
            double best = objective(phi, y, r.w(), lambda);
            for (int t = 0; t < 10; t++) {
                double[][] near = SoftmaxMapFitTest.copy(r.w());
                for (double[] row : near) {
                    for (int j = 0; j < d; j++) {
                        row[j] += 1e-3 * rng.nextGaussian();
                    }
                }
                assertTrue(objective(phi, y, near, lambda) > best, where);
            }
            double[] p = SigmoidMapFit.probabilities(r.w(), phi[0]);
            for (int k = 0; k < c; k++) {
                double z = 0;
                for (int j = 0; j < d; j++) {
                    z += r.w()[k][j] * phi[0][j];
                }
                assertEquals(1 / (1 + Math.exp(-z)), p[k], 1e-15, where);
            }
        }
    }

    @Test
    void oneStepIsNotConvergedAndAWarmStartReachesTheSameOptimum() {
        Random rng = new Random(11);
        int n = 80;
        int d = 4;
        int c = 3;
        double[][] phi = new double[n][d];
        int[][] y = new int[n][c];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                phi[i][j] = 4 * rng.nextGaussian();
            }
            for (int k = 0; k < c; k++) {
                y[i][k] = phi[i][k] + rng.nextGaussian() > 0 ? 1 : 0;
            }
        }
        MapEstimate one = SigmoidMapFit.fit(phi, y, 0.1, 1, 1e-8, null);
        assertFalse(one.converged());
        assertEquals(1, one.iterations());
        assertEquals(denseGradientNorm(phi, y, one.w(), 0.1), one.gradientNorm(), 1e-9 * (1 + one.gradientNorm()));
        assertTrue(one.gradientNorm() > 1e-8 * n, "one step is not at the optimum: " + one.gradientNorm());
        MapEstimate full = SigmoidMapFit.fit(phi, y, 0.1, 100, 1e-8, null);
        assertTrue(full.converged() && full.gradientNorm() <= 1e-8 * n);
        MapEstimate warm = SigmoidMapFit.fit(phi, y, 0.1, 100, 1e-8, one.w());
        assertTrue(warm.converged());
        for (int k = 0; k < c; k++) {
            for (int j = 0; j < d; j++) {
                assertEquals(full.w()[k][j], warm.w()[k][j], 1e-6);
            }
        }
    }

    @Test
    void labelsOtherThanZeroOrOneAreRefused() {
        double[][] phi = {{1.0}, {2.0}};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SigmoidMapFit.fit(phi, new int[][] {{0, 1}, {2, 0}}, 1.0, 10, 1e-8, null));
        assertTrue(e.getMessage().contains("label 0 of item 1 is 2"), e.getMessage());
    }

    /** Σ binary cross-entropies written with log σ directly, plus the prior. */
    private static double objective(double[][] phi, int[][] y, double[][] w, double lambda) {
        double sum = 0;
        for (int i = 0; i < phi.length; i++) {
            for (int k = 0; k < w.length; k++) {
                double z = 0;
                for (int j = 0; j < phi[i].length; j++) {
                    z += w[k][j] * phi[i][j];
                }
                // −log σ(z) = log(1 + e^−z), −log(1 − σ(z)) = log(1 + e^z)
                sum += y[i][k] == 1 ? Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
            }
        }
        for (double[] row : w) {
            for (double v : row) {
                sum += 0.5 * lambda * v * v;
            }
        }
        return sum;
    }

    /** ‖Σᵢ (σ(Wφᵢ) − yᵢ) φᵢᵀ + λW‖, written out. */
    private static double denseGradientNorm(double[][] phi, int[][] y, double[][] w, double lambda) {
        double sq = 0;
        for (int k = 0; k < w.length; k++) {
            for (int j = 0; j < w[k].length; j++) {
                double g = lambda * w[k][j];
                for (int i = 0; i < phi.length; i++) {
                    double z = 0;
                    for (int l = 0; l < phi[i].length; l++) {
                        z += w[k][l] * phi[i][l];
                    }
                    g += (1 / (1 + Math.exp(-z)) - y[i][k]) * phi[i][j];
                }
                sq += g * g;
            }
        }
        return Math.sqrt(sq);
    }
}
