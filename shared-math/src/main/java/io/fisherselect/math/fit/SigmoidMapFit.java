package io.fisherselect.math.fit;

import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.fisher.FisherSum;
import io.fisherselect.math.select.CandidateBlockBuilder;
import org.ejml.data.DMatrixRMaj;

/**
 * The MAP estimate of the multi-label last layer — C independent sigmoid outputs p_c = σ(w_cᵀφ),
 * no intercept — under the prior N(0, λ⁻¹I), by Newton's method on the driver. The negative log
 * posterior
 * <pre>  L(W) = Σᵢ Σ_c [log(1 + e^{z_ic}) − y_ic·z_ic] + (λ/2)·‖W‖²_F,   z_ic = w_cᵀφᵢ,</pre>
 * is a sum over labels of one-vs-rest logistic regressions L_c(w_c), each with its own prior term,
 * so the posterior factorises over labels and the MAP is C independent binary MAP problems. The
 * Hessian of L_c is λI + Σᵢ p_ic(1 − p_ic)·φᵢφᵢᵀ, the c-th diagonal block of λI + Σᵢ Fᵢ with the
 * Bernoulli Fisher Fᵢ = diag(pᵢ ⊙ (1 − pᵢ)) ⊗ φᵢφᵢᵀ the Fisher methods use (Kirsch &amp; Gal 2022,
 * Prop. 4.9–4.11: for a generalized linear model the Hessian of the last layer is its Fisher
 * information); it is built with the same Fisher code ({@link FisherSum} of a one-output Bernoulli
 * block). Each label is one strictly convex problem solved by {@link NewtonMinimizer}: d×d
 * Cholesky solves instead of one C·d × C·d.
 */
public final class SigmoidMapFit {
    /** the Fisher factor of one Bernoulli output: √(p(1 − p))·φ */
    private static final FactorSpec ONE_OUTPUT = new FactorSpec(FactorSpec.Kind.FISHER,
            FactorSpec.Likelihood.BERNOULLI, 0, 1.0, false);

    private SigmoidMapFit() {
    }

    /**
     * Newton's method per label from {@code start} (null: W = 0) until ‖∇L‖ ≤ {@code tolerance}·n
     * over all C·d weights (each label until ‖∇L_c‖ ≤ {@code tolerance}·n/√C) or {@code maxIter}
     * steps per label.
     *
     * @param phi    n embeddings of length d
     * @param labels n rows of C labels, each 0 or 1
     */
    public static MapEstimate fit(double[][] phi, int[][] labels, double lambda, int maxIter, double tolerance,
                                  double[][] start) {
        int n = phi.length;
        if (n == 0 || labels.length != n) {
            throw new IllegalArgumentException("need n ≥ 1 embeddings and as many label rows, got " + n + " and "
                    + labels.length);
        }
        if (!(lambda > 0) || maxIter < 0) {
            throw new IllegalArgumentException("need λ > 0 and maxIter ≥ 0, got " + lambda + ", " + maxIter);
        }
        int classes = labels[0].length;
        int d = phi[0].length;
        double[][] w = new double[classes][];
        int iterations = 0;
        boolean converged = true;
        double squaredNorm = 0;
        double objective = 0;
        double labelTolerance = tolerance * n / Math.sqrt(classes);
        for (int c = 0; c < classes; c++) {
            int label = c;
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                int v = labels[i][c];
                if (v != 0 && v != 1) {
                    throw new IllegalArgumentException("label " + c + " of item " + i + " is " + v + ", not 0 or 1");
                }
                y[i] = v;
            }
            double[] from = start == null ? new double[d] : start[c].clone();
            NewtonMinimizer.Result r = NewtonMinimizer.minimize(new NewtonMinimizer.Objective<Point>() {
                @Override
                public Point at(double[] x) {
                    return point(phi, y, x, lambda);
                }

                @Override
                public double value(Point p) {
                    return p.value();
                }

                @Override
                public double[] gradient(Point p) {
                    double[] g = new double[d];
                    for (int i = 0; i < n; i++) {
                        double residual = p.probs()[i] - y[i];
                        for (int j = 0; j < d; j++) {
                            g[j] += residual * phi[i][j];
                        }
                    }
                    for (int j = 0; j < d; j++) {
                        g[j] += lambda * p.w()[j];
                    }
                    return g;
                }

                @Override
                public DMatrixRMaj hessian(Point p) {
                    CandidateBlockBuilder block = new CandidateBlockBuilder(ONE_OUTPUT, 1);
                    for (int i = 0; i < n; i++) {
                        block.add(Integer.toString(i), phi[i], new double[] {p.probs()[i]}, -1);
                    }
                    return FisherSum.plusRidge(FisherSum.of(block.build(d)), lambda);
                }
            }, from, maxIter, labelTolerance, "the Hessian λI + Σ Fᵢ of label " + label + "'s last-layer fit");
            w[c] = r.x();
            iterations = Math.max(iterations, r.iterations());
            converged &= r.converged();
            squaredNorm += r.gradientNorm() * r.gradientNorm();
            objective += r.value();
        }
        return new MapEstimate(w, iterations, converged, Math.sqrt(squaredNorm), objective / n);
    }

    /** σ(z) per label: the fitted layer's probabilities for one embedding. */
    public static double[] probabilities(double[][] w, double[] phi) {
        double[] p = new double[w.length];
        for (int c = 0; c < w.length; c++) {
            p[c] = sigmoid(dot(w[c], phi));
        }
        return p;
    }

    /** One label's weights at one Newton iterate, σ(wᵀφᵢ) and L_c(w). */
    private record Point(double[] w, double[] probs, double value) {
    }

    private static Point point(double[][] phi, double[] y, double[] w, double lambda) {
        double[] p = new double[phi.length];
        double sum = 0;
        for (int i = 0; i < phi.length; i++) {
            double z = dot(w, phi[i]);
            p[i] = sigmoid(z);
            // log(1 + e^z) − y·z without overflow for large |z|
            sum += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y[i] * z;
        }
        double sq = 0;
        for (double v : w) {
            sq += v * v;
        }
        return new Point(w, p, sum + 0.5 * lambda * sq);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }

    /** σ(z) = 1 / (1 + e^−z), without overflow for large |z|. */
    public static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }
}
