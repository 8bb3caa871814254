package io.fisherselect.math.fit;

import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.fisher.FisherSum;
import io.fisherselect.math.linalg.SpdOps;
import io.fisherselect.math.select.CandidateBlockBuilder;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.linsol.chol.LinearSolverChol_DDRM;
import org.ejml.dense.row.decomposition.chol.CholeskyDecompositionInner_DDRM;

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
     * The fitted layer.
     *
     * @param w            W, C×d
     * @param iterations   Newton steps taken
     * @param converged    ‖∇L‖ ≤ tolerance·n at the returned W
     * @param gradientNorm ‖∇L‖ at the returned W
     * @param objective    L(W)/n (the scale of MLlib's objective)
     */
    public record Result(double[][] w, int iterations, boolean converged, double gradientNorm, double objective) {
    }

    /**
     * Newton's method from {@code start} (null: W = 0) until ‖∇L‖ ≤ {@code tolerance}·n or
     * {@code maxIter} steps.
     *
     * @param phi    n embeddings of length d
     * @param labels n class indices in [0, C)
     */
    public static Result fit(double[][] phi, int[] labels, int classes, double lambda, int maxIter, double tolerance,
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
        int dd = classes * d;
        double[][] w = new double[classes][d];
        if (start != null) {
            for (int c = 0; c < classes; c++) {
                System.arraycopy(start[c], 0, w[c], 0, d);
            }
        }
        double[][] probs = new double[n][classes];
        double objective = objective(phi, labels, w, lambda, probs);
        double[] g = gradient(phi, labels, w, lambda, probs);
        double gNorm = norm(g);
        int it = 0;
        DMatrixRMaj step = new DMatrixRMaj(dd, 1);
        while (gNorm > tolerance * n && it < maxIter) {
            CandidateBlockBuilder block = new CandidateBlockBuilder(FactorSpec.fisher(), classes);
            for (int i = 0; i < n; i++) {
                block.add(Integer.toString(i), phi[i], probs[i], labels[i]);
            }
            DMatrixRMaj h = FisherSum.plusRidge(FisherSum.of(block.build(d)), lambda);
            LinearSolverChol_DDRM solver = new LinearSolverChol_DDRM(new CholeskyDecompositionInner_DDRM(true));
            if (!solver.setA(h)) {
                // cannot happen for λ > 0 unless the entries are not finite; SpdOps names the failure
                SpdOps.cholesky(h, "the Hessian λI + Σ Fᵢ of the last-layer fit");
            }
            solver.solve(DMatrixRMaj.wrap(dd, 1, g), step);
            // Armijo backtracking along −step: L(W − t·step) ≤ L(W) − 10⁻⁴·t·gᵀstep
            double slope = CommonOps_DDRM.dot(DMatrixRMaj.wrap(dd, 1, g), step);
            double t = 1.0;
            double[][] trial = new double[classes][d];
            double[][] trialProbs = new double[n][classes];
            double trialObjective;
            int halvings = 0;
            while (true) {
                for (int c = 0; c < classes; c++) {
                    for (int j = 0; j < d; j++) {
                        trial[c][j] = w[c][j] - t * step.data[c * d + j];
                    }
                }
                trialObjective = objective(phi, labels, trial, lambda, trialProbs);
                // near the optimum the predicted decrease ½·slope falls below the rounding of L: the
                // comparison then says nothing, and the full Newton step (quadratic convergence) is taken
                if (trialObjective <= objective - 1e-4 * t * slope || slope <= 1e-12 * Math.abs(objective)
                        || ++halvings > 50) {
                    break;
                }
                t *= 0.5;
            }
            it++;
            if (!(trialObjective < objective) && halvings > 50) {
                break; // no decrease representable in doubles: at the optimum to machine precision
            }
            w = trial;
            probs = trialProbs;
            objective = trialObjective;
            g = gradient(phi, labels, w, lambda, probs);
            gNorm = norm(g);
        }
        return new Result(w, it, gNorm <= tolerance * n, gNorm, objective / n);
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

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
