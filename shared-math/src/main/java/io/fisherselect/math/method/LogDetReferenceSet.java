package io.fisherselect.math.method;

import io.fisherselect.math.plan.UnsuitableParameterException;
import io.fisherselect.math.select.CandidateBlock;

import io.fisherselect.math.fisher.KroneckerOps;
import io.fisherselect.math.linalg.SpdOps;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The small fixed sets of LogDetMI / LogDetCMI on the driver: R = P ∪ Q (private items first,
 * then query items; m = |R|, p = |P|), their dense vectors H_R = [h_r] (D×m, hᵣ = κᵣ qᵣ ⊗ φᵣ) and
 * the scales αᵣ (ν for P, η for Q) of their cross-similarities with the pool.
 *
 * <p><b>The super-kernel (submodlib).</b> Over pool ∪ Q ∪ P the kernel is
 * K(i,j) = ⟨hᵢ,hⱼ⟩ for pool items, K(i,r) = αᵣ⟨hᵢ,hᵣ⟩ between the pool and R, and
 * K(r,r') = ⟨hᵣ,hᵣ'⟩ inside R (Q–P unscaled); every set function is f(X) = log det(K_X + λI).
 *
 * <p><b>R conditioned on the batch A.</b> With M_A = λI + Σ_{a∈A} h_a h_aᵀ and the identity
 * H_A(λI + H_AᵀH_A)⁻¹H_Aᵀ = I − λM_A⁻¹, the Schur complement of K_A + λI in K_{A∪R} + λI is
 * <pre>
 *   C_R(A) = Γ − D_α Γ D_α + λ D_α G_A D_α + λI,   Γ = H_RᵀH_R,  G_A = H_RᵀM_A⁻¹H_R,  D_α = diag α
 * </pre>
 * (at A = ∅: C_R = Γ + λI = S_R + λI). After a pick, M⁻¹ loses w wᵀ, so G loses p pᵀ with
 * p = H_Rᵀw ({@link #absorb}). Candidates need only the m×m weights
 * B̃_X = λ D_α C_X(A)⁻¹ D_α for X = P (the leading p×p block of C_R, inverted on its own) and
 * X = R ({@link #weights}): O(m³) per pick on the driver, nothing D×D.
 */
public final class LogDetReferenceSet {
    private final int d;
    private final int c;
    private final int m;
    private final int p;
    private final double lambda;
    private final double[] alpha;
    private final DMatrixRMaj h;
    private final DMatrixRMaj gamma;
    private final DMatrixRMaj g;
    /** what to tell the user when the scaled kernel is indefinite (null: no reference set) */
    private String advice;

    private LogDetReferenceSet(int d, int c, int p, double lambda, double[] alpha, DMatrixRMaj h) {
        this.d = d;
        this.c = c;
        this.m = alpha.length;
        this.p = p;
        this.lambda = lambda;
        this.alpha = alpha;
        this.h = h;
        this.gamma = new DMatrixRMaj(m, m);
        CommonOps_DDRM.multTransA(h, h, gamma);
        this.g = gamma.copy();
        CommonOps_DDRM.scale(1.0 / lambda, g);
    }

    /** No reference set (plain {@code logdet}). */
    public static LogDetReferenceSet empty(double lambda, int d, int c) {
        return new LogDetReferenceSet(d, c, 0, lambda, new double[0], new DMatrixRMaj(c * d, 0));
    }

    /**
     * @param privateSet the private set P with scale ν, or null (LogDetMI)
     * @param query      the query set Q with scale η
     */
    public static LogDetReferenceSet of(Kernel kernel, double lambda, int d, int c,
                                        CandidateBlock privateSet, double nu, CandidateBlock query, double eta) {
        check(query, "query", d, c, eta, "eta");
        if (privateSet != null) {
            check(privateSet, "private", d, c, nu, "nu");
        }
        int p = privateSet == null ? 0 : privateSet.n;
        int m = p + query.n;
        double[] alpha = new double[m];
        DMatrixRMaj h = new DMatrixRMaj(c * d, m);
        for (int j = 0; j < m; j++) {
            CandidateBlock b = j < p ? privateSet : query;
            int row = j < p ? j : j - p;
            alpha[j] = j < p ? nu : eta;
            double[] v = kernel.vector(b.phi, b.phiOffset(row), d, b.factor, b.factorOffset(row), c);
            for (int i = 0; i < c * d; i++) {
                h.unsafe_set(i, j, v[i]);
            }
        }
        LogDetReferenceSet set = new LogDetReferenceSet(d, c, p, lambda, alpha, h);
        set.advice = advice(privateSet != null, lambda, eta, nu);
        return set;
    }

    /**
     * Why a gain can be undefined and what to change. For LogDetMI the η-scaled kernel
     * [[S_AA, ηS_AQ], [ηS_QA, S_QQ]] is η·S + (1−η)·blockdiag(S_AA, S_QQ) (and, for η &lt; 0,
     * the same with the sign of Q flipped): positive semi-definite for |η| ≤ 1 and any λ &gt; 0.
     * For LogDetCMI the same holds with η = ν ∈ [−1, 1]; η ≠ ν (Q–P unscaled) needs a large
     * enough λ.
     */
    static String advice(boolean conditional, double lambda, double eta, double nu) {
        if (!conditional) {
            return "logdet-mi: the η-scaled similarity kernel + λI is not positive definite on the batch and the"
                    + " query set (--eta " + eta + ", --lambda " + lambda + "), so the mutual information is undefined;"
                    + " use --eta in [-1, 1] (the kernel is then positive semi-definite for any λ), or a larger"
                    + " --lambda";
        }
        return "logdet-cmi: the η/ν-scaled similarity kernel + λI is not positive definite on the batch, the query"
                + " and the private set (--eta " + eta + ", --nu " + nu + ", --lambda " + lambda + "), so the"
                + " conditional mutual information is undefined; use --eta and --nu in [-1, 1], ideally equal (η = ν"
                + " in [-1, 1] keeps the kernel positive semi-definite for any λ), or a larger --lambda";
    }

    /** The message for an indefinite scaled kernel (null without a reference set). */
    public String advice() {
        return advice;
    }

    private static void check(CandidateBlock b, String set, int d, int c, double scale, String scaleName) {
        if (b == null || b.n == 0) {
            throw new IllegalArgumentException("the " + set + " set is empty");
        }
        if (b.r != 1 || b.d != d || b.c != c) {
            throw new IllegalArgumentException("the " + set + " set needs gradient embeddings with d = " + d + ", C = " + c
                    + " (r = 1), got d = " + b.d + ", C = " + b.c + ", r = " + b.r);
        }
        if (!Double.isFinite(scale)) {
            throw new IllegalArgumentException(scaleName + " must be finite, got " + scale);
        }
    }

    /** |R| */
    public int size() {
        return m;
    }

    /** |P| (the leading entries of R) */
    public int privateSize() {
        return p;
    }

    /** H_R in the projection layout of {@link KroneckerOps} (d × C·m), for the initial states. */
    public double[] layout() {
        return KroneckerOps.projectionLayout(h, d, c);
    }

    /** After M⁻¹ ← M⁻¹ − w wᵀ: returns p = H_Rᵀw (m values) and applies G ← G − p pᵀ. */
    public double[] absorb(double[] w) {
        double[] pv = new double[m];
        int dim = c * d;
        for (int i = 0; i < dim; i++) {
            double wi = w[i];
            if (wi == 0.0) {
                continue;
            }
            for (int j = 0; j < m; j++) {
                pv[j] += h.unsafe_get(i, j) * wi;
            }
        }
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                g.unsafe_set(a, b, g.unsafe_get(a, b) - pv[a] * pv[b]);
            }
        }
        return pv;
    }

    /**
     * B̃_P (p×p) followed by B̃_R (m×m), row-major, for the current batch.
     *
     * @throws ArithmeticException when C_P(A) or C_R(A) is not positive definite: the η/ν-scaled
     *                             super-kernel plus λI is not positive definite on A ∪ R (possible
     *                             for |η| > 1, |ν| > 1, or η ≠ ν with a small λ)
     */
    public double[] weights() {
        double[] out = new double[p * p + m * m];
        if (m == 0) {
            return out;
        }
        DMatrixRMaj cr = new DMatrixRMaj(m, m);
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                double aa = alpha[a] * alpha[b];
                double v = (1.0 - aa) * gamma.unsafe_get(a, b) + lambda * aa * g.unsafe_get(a, b);
                cr.unsafe_set(a, b, a == b ? v + lambda : v);
            }
        }
        SpdOps.symmetrize(cr);
        try {
            if (p > 0) {
                DMatrixRMaj cp = CommonOps_DDRM.extract(cr, 0, p, 0, p);
                fill(SpdOps.invert(cp, "the private block of the ν-scaled kernel + λI conditioned on the batch"
                        + " (LogDetCMI)"), out, 0, p);
            }
            fill(SpdOps.invert(cr, "the η/ν-scaled kernel + λI on query ∪ private conditioned on the batch"
                    + " (LogDetMI/CMI)"), out, p * p, m);
        } catch (ArithmeticException e) {
            if (advice == null) {
                throw e;
            }
            throw new UnsuitableParameterException(advice + " (" + e.getMessage() + ")");
        }
        return out;
    }

    /** out[off..] = λ D_α X D_α for the leading n×n block of α. */
    private void fill(DMatrixRMaj inv, double[] out, int off, int n) {
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                out[off + a * n + b] = lambda * alpha[a] * alpha[b] * inv.unsafe_get(a, b);
            }
        }
    }
}
