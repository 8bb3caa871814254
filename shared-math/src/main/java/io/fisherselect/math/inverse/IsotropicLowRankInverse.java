package io.fisherselect.math.inverse;

import java.util.ArrayList;
import java.util.List;

/**
 * M⁻¹ for M = λI + Σ_{t} h_t h_tᵀ (D×D) kept as I/λ − Σ_t w_t w_tᵀ, without ever forming a D×D
 * matrix: after M ← M + h hᵀ, Woodbury gives M⁻¹ ← M⁻¹ − w wᵀ with
 * w = M⁻¹h / √(1 + hᵀM⁻¹h). The driver of the LogDet family holds this (O(D·k) memory for k
 * picks, O(D·t) per pick) instead of the dense inverse of {@link WoodburyInverse}, which would
 * need D² doubles (D = C·d) although the prior is isotropic.
 */
public final class IsotropicLowRankInverse {
    private final double lambda;
    private final int dim;
    private final List<double[]> columns = new ArrayList<>();

    public IsotropicLowRankInverse(double lambda, int dim) {
        if (!(lambda > 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be a positive finite number, got " + lambda);
        }
        this.lambda = lambda;
        this.dim = dim;
    }

    /** out = M⁻¹ x. */
    public void apply(double[] x, double[] out) {
        for (int i = 0; i < dim; i++) {
            out[i] = x[i] / lambda;
        }
        for (double[] w : columns) {
            double t = 0;
            for (int i = 0; i < dim; i++) {
                t += w[i] * x[i];
            }
            for (int i = 0; i < dim; i++) {
                out[i] -= t * w[i];
            }
        }
    }

    /** Adds h hᵀ to M and returns w (D values) with M⁻¹_new = M⁻¹ − w wᵀ. */
    public double[] add(double[] h) {
        double[] w = new double[dim];
        apply(h, w);
        double s = 0;
        for (int i = 0; i < dim; i++) {
            s += h[i] * w[i];
        }
        if (!(s >= 0) || Double.isInfinite(s)) {
            throw new ArithmeticException("hᵀM⁻¹h = " + s + " for M = λI + Σ h hᵀ: the inverse has lost positive definiteness");
        }
        double f = 1.0 / Math.sqrt(1.0 + s);
        for (int i = 0; i < dim; i++) {
            w[i] *= f;
        }
        columns.add(w);
        return w;
    }

    public double lambda() {
        return lambda;
    }

    public int dim() {
        return dim;
    }
}
