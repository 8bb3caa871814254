package io.fisherselect.math.fit;

import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.fisher.FisherSum;
import io.fisherselect.math.select.CandidateBlockBuilder;
import org.ejml.data.DMatrixRMaj;

/**
 * The MAP estimate of the softmax last layer z = Wφ (no intercept) under the prior N(0, λ⁻¹I), by
 * Newton's method on the driver: it minimises
 * <pre>  L(W) = Σᵢ −log softmax(Wφᵢ)_{yᵢ} + (λ/2)·‖W‖²_F</pre>
 * whose Hessian is exactly λI + Σᵢ Fᵢ, Fᵢ = (diag πᵢ − πᵢπᵢᵀ) ⊗ φᵢφᵢᵀ — the precision H the
 * Fisher methods use (Kirsch &amp; Gal 2022, Prop. 4.9–4.11: for a generalized linear model the
 * Hessian of the last layer is its Fisher information; paper eqs. (19)–(20)). L is strictly convex
 * (λ &gt; 0), so Newton's method with a backtracking (Armijo) line search converges to the unique
 * optimum, quadratically near it: a handful of D×D Cholesky solves, D = C·d, instead of hundreds
 * of first-order steps. Sized for labeled sets that fit on the driver.
 */
public final class SoftmaxMapFit {
    private SoftmaxMapFit() {
    }

    /**
     * Newton's method from {@code start} (null: W = 0) until ‖∇L‖ ≤ {@code tolerance}·n or
     * {@code maxIter} steps.
     *
     * @param phi    n embeddings of length d
     * @param labels n class indices in [0, C)
     */
    public static MapEstimate fit(double[][] phi, int[] labels, int classes, double lambda, int maxIter, double tolerance,
                             double[][] start) {
        int n = phi.length;
        if (n == 0 || labels.length != n) {
            throw new IllegalArgumentException("need n ≥ 1 embeddings and as many labels, got " + n + " and "
                    + labels.length);
        }
        if (!(lambda > 0) || maxIter < 0) {
            throw new IllegalArgumentException("need λ > 0 and maxIter ≥ 0, got " + lambda + ", " + maxIter);
        }
        int d = phi[0].length;
        double[] x = new double[classes * d];
        if (start != null) {
            for (int c = 0; c < classes; c++) {
                System.arraycopy(start[c], 0, x, c * d, d);
            }
        }
        NewtonMinimizer.Result r = NewtonMinimizer.minimize(new NewtonMinimizer.Objective<Point>() {
            @Override
            public Point at(double[] x) {
                double[][] w = rows(x, classes, d);
                double[][] probs = new double[n][classes];
                return new Point(w, probs, objective(phi, labels, w, lambda, probs));
            }

            @Override
            public double value(Point p) {
                return p.value();
            }

            @Override
            public double[] gradient(Point p) {
                return SoftmaxMapFit.gradient(phi, labels, p.w(), lambda, p.probs());
            }

            @Override
            public DMatrixRMaj hessian(Point p) {
                CandidateBlockBuilder block = new CandidateBlockBuilder(FactorSpec.fisher(), classes);
                for (int i = 0; i < n; i++) {
                    block.add(Integer.toString(i), phi[i], p.probs()[i], labels[i]);
                }
                return FisherSum.plusRidge(FisherSum.of(block.build(d)), lambda);
            }
        }, x, maxIter, tolerance * n, "the Hessian λI + Σ Fᵢ of the last-layer fit");
        return new MapEstimate(rows(r.x(), classes, d), r.iterations(), r.converged(), r.gradientNorm(), r.value() / n);
    }

    /** W at one Newton iterate, softmax(Wφᵢ) and L(W). */
    private record Point(double[][] w, double[][] probs, double value) {
    }

    /** A class-major C·d vector as C rows of d. */
    static double[][] rows(double[] x, int rows, int d) {
        double[][] w = new double[rows][d];
        for (int c = 0; c < rows; c++) {
            System.arraycopy(x, c * d, w[c], 0, d);
        }
        return w;
    }

    /** L(W), filling {@code probs} with softmax(Wφᵢ). */
    private static double objective(double[][] phi, int[] labels, double[][] w, double lambda, double[][] probs) {
        double sum = 0;
        for (int i = 0; i < phi.length; i++) {
            sum += logSoftmax(w, phi[i], probs[i], labels[i]);
        }
        double sq = 0;
        for (double[] row : w) {
            for (double v : row) {
                sq += v * v;
            }
        }
        return sum + 0.5 * lambda * sq;
    }

    /** −log softmax(Wφ)_y, and softmax(Wφ) into {@code p}. */
    private static double logSoftmax(double[][] w, double[] phi, double[] p, int y) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < w.length; c++) {
            double s = 0;
            for (int j = 0; j < phi.length; j++) {
                s += w[c][j] * phi[j];
            }
            p[c] = s;
            max = Math.max(max, s);
        }
        double zy = p[y];
        double sum = 0;
        for (int c = 0; c < w.length; c++) {
            p[c] = Math.exp(p[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < w.length; c++) {
            p[c] /= sum;
        }
        return max + Math.log(sum) - zy;
    }

    /** ∇L as a C·d vector, class-major (the layout of {@link FisherSum}). */
    private static double[] gradient(double[][] phi, int[] labels, double[][] w, double lambda, double[][] probs) {
        int classes = w.length;
        int d = w[0].length;
        double[] sum = SoftmaxMapGradient.zero(classes, d);
        for (int i = 0; i < phi.length; i++) {
            SoftmaxMapGradient.add(sum, phi[i], probs[i], labels[i]);
        }
        return SoftmaxMapGradient.ofWeights(sum, w, lambda);
    }
}
