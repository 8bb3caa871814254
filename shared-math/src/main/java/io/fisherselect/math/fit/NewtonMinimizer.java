package io.fisherselect.math.fit;

import io.fisherselect.math.linalg.SpdOps;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.decomposition.chol.CholeskyDecompositionInner_DDRM;
import org.ejml.dense.row.linsol.chol.LinearSolverChol_DDRM;

/**
 * Newton's method with a backtracking (Armijo) line search for the strictly convex negative log
 * posteriors of the last layer's MAP fits ({@link SoftmaxMapFit}, {@link SigmoidMapFit}): their
 * Hessians are λI + Σ Fᵢ (Kirsch &amp; Gal 2022, Prop. 4.9–4.11: for a generalized linear model the
 * Hessian of the last layer is its Fisher information), positive definite for λ &gt; 0, so every
 * Newton direction descends and the iteration converges to the unique optimum, quadratically near it.
 */
final class NewtonMinimizer {
    private NewtonMinimizer() {
    }

    /**
     * A twice differentiable objective over a flat parameter vector x.
     *
     * @param <P> what one evaluation leaves for the gradient and Hessian at the same x (e.g. the
     *            probabilities)
     */
    interface Objective<P> {
        /** Evaluates the objective at x. */
        P at(double[] x);

        /** L(x) of an evaluation. */
        double value(P point);

        /** ∇L(x) of an evaluation. */
        double[] gradient(P point);

        /** ∇²L(x) of an evaluation, symmetric positive definite. */
        DMatrixRMaj hessian(P point);
    }

    /**
     * Where the iteration stopped.
     *
     * @param x            the returned parameters
     * @param iterations   Newton steps taken
     * @param converged    ‖∇L‖ ≤ the tolerance at x
     * @param gradientNorm ‖∇L(x)‖
     * @param value        L(x)
     */
    record Result(double[] x, int iterations, boolean converged, double gradientNorm, double value) {
    }

    /** Newton steps from {@code start} until ‖∇L‖ ≤ {@code tolerance} or {@code maxIter} steps. */
    static <P> Result minimize(Objective<P> f, double[] start, int maxIter, double tolerance, String what) {
        int dd = start.length;
        double[] x = start.clone();
        P point = f.at(x);
        double value = f.value(point);
        double[] g = f.gradient(point);
        double gNorm = norm(g);
        int it = 0;
        DMatrixRMaj step = new DMatrixRMaj(dd, 1);
        while (gNorm > tolerance && it < maxIter) {
            DMatrixRMaj h = f.hessian(point);
            LinearSolverChol_DDRM solver = new LinearSolverChol_DDRM(new CholeskyDecompositionInner_DDRM(true));
            if (!solver.setA(h)) {
                // cannot happen for λ > 0 unless the entries are not finite; SpdOps names the failure
                SpdOps.cholesky(h, what);
            }
            solver.solve(DMatrixRMaj.wrap(dd, 1, g), step);
            // Armijo backtracking along −step: L(x − t·step) ≤ L(x) − 10⁻⁴·t·gᵀstep
            double slope = CommonOps_DDRM.dot(DMatrixRMaj.wrap(dd, 1, g), step);
            double t = 1.0;
            double[] trial = new double[dd];
            P trialPoint;
            double trialValue;
            int halvings = 0;
            while (true) {
                for (int j = 0; j < dd; j++) {
                    trial[j] = x[j] - t * step.data[j];
                }
                trialPoint = f.at(trial);
                trialValue = f.value(trialPoint);
                // near the optimum the predicted decrease ½·slope falls below the rounding of L: the
                // comparison then says nothing, and the full Newton step (quadratic convergence) is taken
                if (trialValue <= value - 1e-4 * t * slope || slope <= 1e-12 * Math.abs(value) || ++halvings > 50) {
                    break;
                }
                t *= 0.5;
            }
            it++;
            if (!(trialValue < value) && halvings > 50) {
                break; // no decrease representable in doubles: at the optimum to machine precision
            }
            x = trial;
            point = trialPoint;
            value = trialValue;
            g = f.gradient(point);
            gNorm = norm(g);
        }
        return new Result(x, it, gNorm <= tolerance, gNorm, value);
    }

    static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
