package io.fisherselect.math.inverse;

import io.fisherselect.math.fisher.KroneckerOps;
import io.fisherselect.math.linalg.Numerics;
import io.fisherselect.math.linalg.SmallMatrixOps;
import io.fisherselect.math.linalg.SpdOps;
import io.fisherselect.math.linalg.DenseOps;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * M⁻¹ kept on the driver while low-rank terms are added to M: after M ← M + V Vᵀ,
 * M⁻¹ ← M⁻¹ − W Wᵀ with W = M⁻¹V L, L Lᵀ = (I + Vᵀ M⁻¹ V)⁻¹ (Woodbury). W is what the
 * candidates need to update their states, so it is returned in the projection layout.
 *
 * <p><b>Drift.</b> Every rank-r update rounds, and the errors accumulate over the picks (the
 * subtraction M⁻¹ − W Wᵀ cancels most digits in the directions already picked). Every
 * {@link Numerics#refactorEvery()} updates the inverse is recomputed from scratch — from M₀⁻¹
 * and the factors currently in M, in one block Woodbury step M⁻¹ = M₀⁻¹ − U K⁻¹ Uᵀ,
 * U = M₀⁻¹V, K = I + VᵀU (Cholesky of K; V = [V₁ … V_t], T = Σ rⱼ columns) when T &lt; D, else
 * by a Cholesky inverse of M = M₀ + V Vᵀ (V Vᵀ kept as a running sum) — and the relative drift
 * max|M⁻¹_updated − M⁻¹_fresh| / max|M⁻¹_fresh| is recorded in {@link Numerics}. This keeps a
 * copy of M₀⁻¹ (one more D×D matrix, none for an isotropic M₀ = λI), the running Σ VVᵀ (another)
 * and the picked factors.
 * Re-factorisation changes only the driver's matrix; the candidates' r×r states keep their
 * incremental updates (their drift is bounded in the tests through the gains).
 */
public final class WoodburyInverse {
    private final DMatrixRMaj inverse;
    private final int d;
    private final int c;
    private final Numerics numerics;
    /** M₀⁻¹, or null when M₀ = λI */
    private final DMatrixRMaj initial;
    private final double lambda;
    /** the factors currently in M: A ⊗ φ as (φ, A, r) */
    private final List<double[]> phis = new ArrayList<>();
    private final List<double[]> factors = new ArrayList<>();
    private final List<Integer> ranks = new ArrayList<>();
    /**
     * Σ ±VⱼVⱼᵀ of the updates so far (D×D), kept up to date at D² per update so that a
     * re-factorisation with T ≥ D columns costs one O(D³) Cholesky instead of forming V Vᵀ in
     * O(D²·T) (T reaches 10⁴ at k = 1000, C = 10)
     */
    private final DMatrixRMaj factorSum;
    private DMatrixRMaj m0;
    private long updates;

    public WoodburyInverse(DMatrixRMaj inverse, int d, int c) {
        this(inverse, d, c, Numerics.defaults());
    }

    /** @param inverse M₀⁻¹ (updated in place; a copy is kept for re-factorisation) */
    public WoodburyInverse(DMatrixRMaj inverse, int d, int c, Numerics numerics) {
        this(inverse, inverse.copy(), Double.NaN, d, c, numerics);
    }

    private WoodburyInverse(DMatrixRMaj inverse, DMatrixRMaj initial, double lambda, int d, int c, Numerics numerics) {
        this.inverse = inverse;
        this.initial = initial;
        this.lambda = lambda;
        this.d = d;
        this.c = c;
        this.numerics = numerics == null ? Numerics.defaults() : numerics;
        this.factorSum = new DMatrixRMaj(c * d, c * d);
    }

    /** (λI)⁻¹. */
    public static WoodburyInverse isotropic(double lambda, int d, int c) {
        return isotropic(lambda, d, c, Numerics.defaults());
    }

    /** (λI)⁻¹, re-factorised and recorded with {@code numerics}. */
    public static WoodburyInverse isotropic(double lambda, int d, int c, Numerics numerics) {
        DMatrixRMaj m = new DMatrixRMaj(c * d, c * d);
        for (int i = 0; i < c * d; i++) {
            m.unsafe_set(i, i, 1.0 / lambda);
        }
        return new WoodburyInverse(m, null, lambda, d, c, numerics);
    }

    public DMatrixRMaj inverse() {
        return inverse;
    }

    /**
     * Adds V Vᵀ (V = A ⊗ φ, A: C×r) to M and returns W (D×r) with M⁻¹_new = M⁻¹ − W Wᵀ.
     */
    public DMatrixRMaj addFactor(double[] phi, double[] a, int r) {
        return update(phi, a, r, 1.0);
    }

    /**
     * Removes V Vᵀ (V = A ⊗ φ, A: C×r) from M (BAIT's backward pruning) and returns W (D×r) with
     * M⁻¹_new = M⁻¹ + W Wᵀ: W = M⁻¹V L, L Lᵀ = (I − Vᵀ M⁻¹ V)⁻¹, which is positive definite as
     * long as M − V Vᵀ is.
     */
    public DMatrixRMaj removeFactor(double[] phi, double[] a, int r) {
        return update(phi, a, r, -1.0);
    }

    /** M ← M + sign·V Vᵀ; returns W with M⁻¹_new = M⁻¹ − sign·W Wᵀ. */
    private DMatrixRMaj update(double[] phi, double[] a, int r, double sign) {
        DMatrixRMaj v = KroneckerOps.denseFactor(phi, 0, d, a, 0, c, r);
        DMatrixRMaj u = new DMatrixRMaj(c * d, r);
        DenseOps.mult(inverse, v, u);
        DMatrixRMaj s = new DMatrixRMaj(r, r);
        CommonOps_DDRM.multTransA(v, u, s);
        CommonOps_DDRM.scale(sign, s);
        for (int i = 0; i < r; i++) {
            s.add(i, i, 1.0);
        }
        // K = (I + sign·S)⁻¹ = L Lᵀ
        DMatrixRMaj k = SpdOps.invert(s, sign > 0 ? "I + VᵀM⁻¹V" : "I − VᵀM⁻¹V");
        double[] l = k.data.clone();
        if (!SmallMatrixOps.choleskyInPlace(l, 0, r)) {
            throw new ArithmeticException("(I " + (sign > 0 ? "+" : "−") + " VᵀM⁻¹V)⁻¹ is not positive definite");
        }
        DMatrixRMaj lower = new DMatrixRMaj(r, r);
        for (int i = 0; i < r; i++) {
            for (int j = 0; j <= i; j++) {
                lower.unsafe_set(i, j, l[i * r + j]);
            }
        }
        DMatrixRMaj w = new DMatrixRMaj(c * d, r);
        CommonOps_DDRM.mult(u, lower, w);
        subtractGramSymmetrized(-sign, w, inverse);
        track(phi, a, r, sign);
        return w;
    }

    /**
     * a ← sym(a + alpha·W Wᵀ) with sym(x)ᵢⱼ = ½(xᵢⱼ + xⱼᵢ): the numbers of EJML's
     * {@code multAddTransB(alpha, w, w, a)} followed by {@code SpdOps.symmetrize(a)}, bit for bit
     * (each (W Wᵀ)ᵢⱼ summed from 0 over the r columns in order, so (W Wᵀ)ᵢⱼ and (W Wᵀ)ⱼᵢ are the
     * same double), with each inner product computed once for both triangles and the
     * symmetrisation done in the same pass: half the D²·r of a pick's Woodbury update.
     */
    static void subtractGramSymmetrized(double alpha, DMatrixRMaj w, DMatrixRMaj a) {
        int n = a.numRows;
        int r = w.numCols;
        double[] wd = w.data;
        double[] ad = a.data;
        for (int i = 0; i < n; i++) {
            int wi = i * r;
            for (int j = 0; j <= i; j++) {
                int wj = j * r;
                double total = 0;
                for (int k = 0; k < r; k++) {
                    total += wd[wi + k] * wd[wj + k];
                }
                double term = alpha * total;
                if (j == i) {
                    ad[i * n + i] += term;
                } else {
                    double m = 0.5 * ((ad[i * n + j] + term) + (ad[j * n + i] + term));
                    ad[i * n + j] = m;
                    ad[j * n + i] = m;
                }
            }
        }
    }

    private void track(double[] phi, double[] a, int r, double sign) {
        KroneckerOps.addFisher(factorSum, sign, phi, 0, d, a, 0, c, r);
        if (sign > 0) {
            phis.add(phi.clone());
            factors.add(a.clone());
            ranks.add(r);
        } else {
            for (int j = factors.size() - 1; j >= 0; j--) {
                if (ranks.get(j) == r && Arrays.equals(factors.get(j), a) && Arrays.equals(phis.get(j), phi)) {
                    phis.remove(j);
                    factors.remove(j);
                    ranks.remove(j);
                    break;
                }
            }
        }
        updates++;
        int every = numerics.refactorEvery();
        if (every > 0 && updates % every == 0) {
            refactor();
        }
    }

    /**
     * Recomputes M⁻¹ from M₀⁻¹ and the factors in M (see the class comment), records the drift
     * and replaces the updated inverse (in place) with the fresh one.
     *
     * @return the relative drift max|M⁻¹_updated − M⁻¹_fresh| / max|M⁻¹_fresh|
     */
    public double refactor() {
        DMatrixRMaj fresh = fresh();
        double diff = 0;
        double size = 0;
        for (int i = 0; i < fresh.data.length; i++) {
            diff = Math.max(diff, Math.abs(inverse.data[i] - fresh.data[i]));
            size = Math.max(size, Math.abs(fresh.data[i]));
        }
        double drift = size == 0 ? diff : diff / size;
        numerics.recordDrift(drift);
        System.arraycopy(fresh.data, 0, inverse.data, 0, fresh.data.length);
        return drift;
    }

    /** M⁻¹ computed from scratch for the factors currently in M. */
    DMatrixRMaj fresh() {
        int dim = c * d;
        int t = 0;
        for (int r : ranks) {
            t += r;
        }
        if (t < dim) {
            DMatrixRMaj v = new DMatrixRMaj(dim, t);
            int col = 0;
            for (int j = 0; j < factors.size(); j++) {
                int r = ranks.get(j);
                DMatrixRMaj vj = KroneckerOps.denseFactor(phis.get(j), 0, d, factors.get(j), 0, c, r);
                CommonOps_DDRM.insert(vj, v, 0, col);
                col += r;
            }
            // M⁻¹ = M₀⁻¹ − U (I + VᵀU)⁻¹ Uᵀ, U = M₀⁻¹V
            DMatrixRMaj u = new DMatrixRMaj(dim, t);
            if (initial == null) {
                CommonOps_DDRM.scale(1.0 / lambda, v, u);
            } else {
                CommonOps_DDRM.mult(initial, v, u);
            }
            DMatrixRMaj k = new DMatrixRMaj(t, t);
            CommonOps_DDRM.multTransA(v, u, k);
            for (int i = 0; i < t; i++) {
                k.add(i, i, 1.0);
            }
            SpdOps.symmetrize(k);
            DMatrixRMaj kInverse = SpdOps.invert(k, "I + VᵀM₀⁻¹V (re-factorisation)");
            DMatrixRMaj uk = new DMatrixRMaj(dim, t);
            CommonOps_DDRM.mult(u, kInverse, uk);
            DMatrixRMaj out = initial == null ? isotropicInverse(dim) : initial.copy();
            CommonOps_DDRM.multAddTransB(-1.0, uk, u, out);
            SpdOps.symmetrize(out);
            return out;
        }
        // T ≥ D: M = M₀ + V Vᵀ, inverted by Cholesky
        if (m0 == null) {
            if (initial == null) {
                m0 = new DMatrixRMaj(dim, dim);
                for (int i = 0; i < dim; i++) {
                    m0.unsafe_set(i, i, lambda);
                }
            } else {
                m0 = SpdOps.invert(initial, "M₀⁻¹ (re-factorisation)");
            }
        }
        DMatrixRMaj m = m0.copy();
        CommonOps_DDRM.addEquals(m, factorSum);
        SpdOps.symmetrize(m);
        return SpdOps.invert(m, "M = M₀ + Σ V Vᵀ (re-factorisation)");
    }

    private DMatrixRMaj isotropicInverse(int dim) {
        DMatrixRMaj m = new DMatrixRMaj(dim, dim);
        for (int i = 0; i < dim; i++) {
            m.unsafe_set(i, i, 1.0 / lambda);
        }
        return m;
    }

    public int d() {
        return d;
    }

    public int c() {
        return c;
    }
}
