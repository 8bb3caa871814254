package io.fisherselect.math.linalg;

import io.fisherselect.math.sample.ItemUniform;
import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * A seeded Gaussian random projection (Johnson–Lindenstrauss sketch) x ↦ R x with R ∈ ℝ^{m×n},
 * Rⱼₖ ~ N(0, 1/m) i.i.d., so E⟨Rx, Ry⟩ = ⟨x, y⟩ and, for a fixed set of P points,
 * |⟨Rx, Ry⟩ − ⟨x, y⟩| ≤ ε‖x‖‖y‖ for all pairs with high probability once m = O(ε⁻² log P).
 *
 * <p>Row j of R is drawn from its own stream (seed, j), entry by entry, so R depends only on the
 * seed and m; its first n columns are the same for any input length. The matrix is generated
 * lazily where it is used (an instance ships as three numbers, not m·n doubles).
 */
public final class RandomProjection implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long seed;
    private final int m;
    private transient double[] r;
    private transient int n;

    /**
     * @param m target dimension (&gt; 0)
     */
    public RandomProjection(long seed, int m) {
        if (m <= 0) {
            throw new IllegalArgumentException("sketch dimension must be positive, got " + m);
        }
        this.seed = seed;
        this.m = m;
    }

    public int dimension() {
        return m;
    }

    /** R x (m values) for x of any length n (R's first n columns). */
    public double[] apply(double[] x) {
        double[] mat = matrix(x.length);
        double[] y = new double[m];
        int len = x.length;
        for (int j = 0; j < m; j++) {
            double s = 0;
            int o = j * len;
            for (int k = 0; k < len; k++) {
                s += mat[o + k] * x[k];
            }
            y[j] = s;
        }
        return y;
    }

    /** R (m×n, row-major) for inputs of length n. */
    public synchronized double[] matrix(int len) {
        if (r == null || n != len) {
            double[] mat = new double[m * len];
            double scale = 1.0 / Math.sqrt(m);
            for (int j = 0; j < m; j++) {
                SplittableRandom rnd = new SplittableRandom(ItemUniform.mix64(seed * 0x9E3779B97F4A7C15L + j));
                for (int k = 0; k < len; k++) {
                    mat[j * len + k] = gaussian(rnd) * scale;
                }
            }
            r = mat;
            n = len;
        }
        return r;
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = 1.0 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
