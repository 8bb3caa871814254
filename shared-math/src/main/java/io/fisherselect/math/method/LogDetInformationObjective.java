package io.fisherselect.math.method;

import io.fisherselect.math.plan.UnsuitableParameterException;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.GreedyObjective;
import io.fisherselect.math.select.StepMessage;

import io.fisherselect.math.fisher.KroneckerOps;

/**
 * Candidate side of the LogDet family on gradient embeddings hᵢ = κᵢ qᵢ ⊗ φᵢ ({@link Kernel}),
 * with f(X) = log det(K_X + λI) on the super-kernel K of {@link LogDetReferenceSet}
 * (pool ∪ query Q ∪ private P, cross-similarities scaled by η and ν, λ on the whole diagonal, as
 * in submodlib):
 * <ul>
 *   <li>{@code logdet}: f(A) = log det(S_A + λI), paper eq. (76) with the λ of Prop. 6.2;</li>
 *   <li>{@code logdet-mi}: I(A;Q) = f(A) + f(Q) − f(A∪Q)
 *       = log det(S_A + λI) − log det(S_A + λI − η² S_{A,Q}(S_Q + λI)⁻¹S_{Q,A}), eq. (151) with
 *       λ (by the Schur decomposition (150));</li>
 *   <li>{@code logdet-cmi}: I(A;Q|P) = f(A∪P) + f(Q∪P) − f(A∪Q∪P) − f(P)
 *       = log det(I − K_P⁻¹K_{P,Q}K_Q⁻¹K_{Q,P}) − log det(I − K_{AP}⁻¹K_{AP,Q}K_Q⁻¹K_{Q,AP}),
 *       eq. (156) with K = super-kernel + λI (eq. (153) applied to A∪P and to P).</li>
 * </ul>
 *
 * <p><b>Marginal gains.</b> Each is a difference of terms
 * Δ_X(i) = f(A∪X∪{i}) − f(A∪X) for a fixed X ⊆ R: Δ_∅ for logdet, Δ_∅ − Δ_Q for LogDetMI,
 * Δ_P − Δ_{P∪Q} for LogDetCMI. Δ_X(i) is the log of the Schur complement of i in
 * K_{A∪X∪{i}} + λI. Conditioning on the batch A first (M_A = λI + Σ_{a∈A} h_a h_aᵀ, and
 * I − H_A(λI + H_AᵀH_A)⁻¹H_Aᵀ = λM_A⁻¹, the step of Prop. 6.1):
 * <pre>
 *   var(i | A) = λ(1 + sᵢ),         sᵢ = hᵢᵀ M_A⁻¹ hᵢ
 *   cov(i, X | A) = λ uᵢ,Xᵀ D_α,     uᵢ = H_Rᵀ M_A⁻¹ hᵢ      (m values, R = P ∪ Q)
 *   cov(X, X | A) = C_X(A)                                   (see LogDetReferenceSet)
 * </pre>
 * so Δ_X(i) = log λ + log(1 + sᵢ − bᵢ,X) with bᵢ,X = uᵢ,Xᵀ B̃_X uᵢ,X, B̃_X = λ D_α C_X(A)⁻¹ D_α.
 * Hence logdet gains log λ + log(1 + sᵢ) (the matrix determinant lemma form of
 * {@link LogDetObjective} with r = 1, M₀ = λI, scale 1, offset log λ), and the mutual
 * informations gain log((1 + sᵢ − bᵢ,num)/(1 + sᵢ − bᵢ,den)) (the log λ cancel) with
 * num = ∅ (MI) or P (CMI) and den = Q (MI) or P ∪ Q (CMI).
 *
 * <p><b>State</b> (m + 3 doubles): [sᵢ, uᵢ (m), bᵢ,P, bᵢ,R]. For MI, P = ∅ and bᵢ,P = 0; for
 * logdet, m = 0 and both b are 0. The gain reads only the state.
 *
 * <p><b>Update</b> after pick j: the driver broadcasts w = M_A⁻¹hⱼ/√(1 + sⱼ) (M_A⁻¹ loses w wᵀ),
 * p = H_Rᵀw and the new B̃_P, B̃_R ({@link StepMessage#extra} = [p (m), B̃_P (p²), B̃_R (m²)]).
 * Then tᵢ = hᵢᵀw = κᵢ qᵢᵀ(φᵢᵀW) (O(d·C)), sᵢ ← sᵢ − tᵢ², uᵢ ← uᵢ − tᵢ p and both b are
 * recomputed: O(d·C + m²) per candidate. The initial state costs O(d·C·m + m²).
 *
 * <p>A Schur complement that is not positive (the scaled super-kernel is indefinite, possible for
 * |η| > 1, |ν| > 1 or η ≠ ν with a small λ) makes the gain NaN, which stops the selection with an
 * {@link UnsuitableParameterException} naming η, ν and the range that works
 * ({@link #undefinedGain}).
 */
public final class LogDetInformationObjective implements GreedyObjective {
    private static final long serialVersionUID = 1L;

    private final Kernel kernel;
    private final double lambda;
    private final double logLambda;
    private final int d;
    private final int c;
    private final int m;
    private final int p;
    private final boolean mutualInformation;
    /** H_R in projection layout (d × C·m) */
    private final double[] reference;
    /** B̃_P (p²) then B̃_R (m²) at A = ∅ */
    private final double[] initialWeights;
    /** the message for an undefined gain (indefinite scaled kernel), or null */
    private final String advice;

    /**
     * @param mutualInformation false for logdet (gain Δ_∅), true for LogDetMI/CMI
     *                          (gain Δ_P − Δ_{P∪Q})
     */
    public LogDetInformationObjective(Kernel kernel, double lambda, int d, int c, int m, int p,
                                      boolean mutualInformation, double[] reference, double[] initialWeights) {
        this(kernel, lambda, d, c, m, p, mutualInformation, reference, initialWeights, null);
    }

    /** @param advice what to tell the user when a gain is undefined (see {@link LogDetReferenceSet#advice()}) */
    public LogDetInformationObjective(Kernel kernel, double lambda, int d, int c, int m, int p,
                                      boolean mutualInformation, double[] reference, double[] initialWeights,
                                      String advice) {
        if (reference.length != d * c * m) {
            throw new IllegalArgumentException("reference layout has " + reference.length + " values, expected " + d * c * m);
        }
        if (initialWeights.length != p * p + m * m) {
            throw new IllegalArgumentException("weights have " + initialWeights.length + " values, expected " + (p * p + m * m));
        }
        this.kernel = kernel;
        this.lambda = lambda;
        this.logLambda = Math.log(lambda);
        this.d = d;
        this.c = c;
        this.m = m;
        this.p = p;
        this.mutualInformation = mutualInformation;
        this.reference = reference;
        this.initialWeights = initialWeights;
        this.advice = advice;
    }

    @Override
    public RuntimeException undefinedGain(String id) {
        if (advice == null) {
            return GreedyObjective.super.undefinedGain(id);
        }
        return new UnsuitableParameterException("the gain of candidate '" + id + "' is undefined: " + advice);
    }

    @Override
    public int stateWidth() {
        return m + 3;
    }

    @Override
    public int scratchSize() {
        int cols = Math.max(m, 1);
        return c * cols + cols;
    }

    @Override
    public void initialize(CandidateBlock block, int row, double[] state, double[] scratch) {
        check(block);
        int po = block.phiOffset(row);
        int qo = block.factorOffset(row);
        double kappa = kernel.scale(block.phi, po, d, block.factor, qo, c);
        int so = row * (m + 3);
        state[so] = selfSimilarity(block, po, qo, kappa) / lambda;
        if (m > 0) {
            int out = c * m;
            KroneckerOps.project(block.phi, po, d, block.factor, qo, c, 1, reference, m, scratch, scratch, out);
            double f = kappa / lambda;
            for (int j = 0; j < m; j++) {
                state[so + 1 + j] = f * scratch[out + j];
            }
        }
        quadraticForms(state, so, initialWeights, 0);
    }

    @Override
    public double gain(CandidateBlock block, int row, double[] state, double[] scratch) {
        int so = row * (m + 3);
        double num = 1.0 + state[so] - state[so + m + 1];
        if (!(num > 0)) {
            return Double.NaN;
        }
        if (!mutualInformation) {
            return logLambda + Math.log(num);
        }
        double den = 1.0 + state[so] - state[so + m + 2];
        if (!(den > 0)) {
            return Double.NaN;
        }
        // log(num/den) = log1p((b_den − b_num)/den), accurate for small gains
        return Math.log1p((state[so + m + 2] - state[so + m + 1]) / den);
    }

    @Override
    public void update(CandidateBlock block, int row, double[] state, StepMessage message, double[] scratch) {
        int po = block.phiOffset(row);
        int qo = block.factorOffset(row);
        double kappa = kernel.scale(block.phi, po, d, block.factor, qo, c);
        KroneckerOps.project(block.phi, po, d, block.factor, qo, c, 1, message.projections[0], 1, scratch, scratch, c);
        double t = kappa * scratch[c];
        int so = row * (m + 3);
        state[so] -= t * t;
        double[] extra = message.extra;
        for (int j = 0; j < m; j++) {
            state[so + 1 + j] -= t * extra[j];
        }
        quadraticForms(state, so, extra, m);
    }

    /**
     * S_ii = ‖hᵢ‖²: ‖qᵢ‖²‖φᵢ‖² (dot), exactly 1 or 0 (cosine), so that the first cosine pick is an
     * exact tie among all nonzero items, broken by the smaller id rather than by rounding noise.
     */
    private double selfSimilarity(CandidateBlock block, int po, int qo, double kappa) {
        if (kernel == Kernel.COSINE) {
            return kappa > 0 ? 1.0 : 0.0;
        }
        double pp = 0;
        for (int k = 0; k < d; k++) {
            pp += block.phi[po + k] * block.phi[po + k];
        }
        double qq = 0;
        for (int i = 0; i < c; i++) {
            qq += block.factor[qo + i] * block.factor[qo + i];
        }
        return pp * qq;
    }

    /** state[b_P], state[b_R] from uᵢ and the weights B̃_P, B̃_R at {@code w[off..]}. */
    private void quadraticForms(double[] state, int so, double[] w, int off) {
        int u = so + 1;
        state[so + m + 1] = quadratic(state, u, p, w, off);
        state[so + m + 2] = quadratic(state, u, m, w, off + p * p);
    }

    /** xᵀ B x for the n values x at {@code x[xOff..]} and the n×n B at {@code b[bOff..]}. */
    private static double quadratic(double[] x, int xOff, int n, double[] b, int bOff) {
        double s = 0;
        for (int a = 0; a < n; a++) {
            double t = 0;
            for (int k = 0; k < n; k++) {
                t += b[bOff + a * n + k] * x[xOff + k];
            }
            s += x[xOff + a] * t;
        }
        return s;
    }

    private void check(CandidateBlock block) {
        if (block.r != 1 || block.d != d || block.c != c) {
            throw new IllegalArgumentException("the LogDet family needs gradient embeddings (r = 1, d = " + d
                    + ", C = " + c + "), got a block with r = " + block.r + ", d = " + block.d + ", C = " + block.c);
        }
    }
}
