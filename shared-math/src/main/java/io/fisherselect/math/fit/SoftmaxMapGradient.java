package io.fisherselect.math.fit;

/**
 * The gradient of the negative log posterior of the softmax last layer z = Wφ + b with the prior
 * N(0, λ⁻¹I) on W (b unpenalised),
 * <pre>  L(W, b) = Σᵢ −log softmax(Wφᵢ + b)_{yᵢ} + (λ/2)·‖W‖²_F,
 *   ∂L/∂W = Σᵢ (πᵢ − e_{yᵢ}) φᵢᵀ + λW,   ∂L/∂b = Σᵢ (πᵢ − e_{yᵢ}),</pre>
 * which is zero at the MAP estimate, the point whose Fisher information H = λI + Σ Fᵢ the methods
 * use (Kirsch &amp; Gal 2022, the last-layer model of §3). Summed item by item, so that a distributed
 * pass can add partial sums; {@link #norm} adds the prior term and returns ‖∇L‖.
 *
 * <p>The sum's layout: C rows of d + 1 entries, row-major; entry (c, j &lt; d) is the W part and
 * entry (c, d) the b part.
 */
public final class SoftmaxMapGradient {
    private SoftmaxMapGradient() {
    }

    /** An empty sum for C classes and embeddings of length d. */
    public static double[] zero(int classes, int d) {
        return new double[classes * (d + 1)];
    }

    /** Adds one labeled item's likelihood term (π − e_y) ⊗ (φ, 1) to {@code sum}. */
    public static void add(double[] sum, double[] phi, double[] probs, int label) {
        int d = phi.length;
        for (int c = 0; c < probs.length; c++) {
            double residual = probs[c] - (c == label ? 1.0 : 0.0);
            int row = c * (d + 1);
            for (int j = 0; j < d; j++) {
                sum[row + j] += residual * phi[j];
            }
            sum[row + d] += residual;
        }
    }

    /** {@code a += b}: partial sums of two item sets. */
    public static double[] merge(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return a;
    }

    /** ∂L/∂W as a C·d vector, class-major: the likelihood sum's W part plus λW. */
    public static double[] ofWeights(double[] sum, double[][] w, double lambda) {
        int classes = w.length;
        int d = w[0].length;
        double[] g = new double[classes * d];
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < d; j++) {
                g[c * d + j] = sum[c * (d + 1) + j] + lambda * w[c][j];
            }
        }
        return g;
    }

    /**
     * ‖∇L‖ (Euclidean, over all parameters) at (W, b): the likelihood sum plus λW; the b part counts
     * only when b is a parameter ({@code intercept}); without it b is fixed at 0 and not a direction
     * of the optimisation.
     */
    public static double norm(double[] sum, double[][] w, double lambda, boolean intercept) {
        double sq = 0;
        for (double g : ofWeights(sum, w, lambda)) {
            sq += g * g;
        }
        if (intercept) {
            int d = w[0].length;
            for (int c = 0; c < w.length; c++) {
                double b = sum[c * (d + 1) + d];
                sq += b * b;
            }
        }
        return Math.sqrt(sq);
    }
}
