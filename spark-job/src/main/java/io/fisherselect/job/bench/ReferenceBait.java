package io.fisherselect.job.bench;

import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.fisher.KroneckerOps;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.Pick;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * A straightforward dense implementation of the <em>published</em> BAIT selection (Ash et al.
 * 2021, "Gone Fishing: Neural Active Learning with Fisher Embeddings", the authors' {@code select}
 * function), for the bench and tests only — never used by the engine. It is deliberately slow
 * and obviously correct: every candidate evaluation forms the r×D products with full D×D
 * matrices, left to right as the published code does,
 * tr(Xᵢ M⁻¹ F M⁻¹ Xᵢᵀ (I + Xᵢ M⁻¹ Xᵢᵀ)⁻¹), so a pick costs O(N·r·D²) (D = C·d) where the engine's
 * incremental states cost O(N·d·C²).
 *
 * <p>Published normalisation (the same as the engine's {@code BaitDriver}): F = mean Fisher of
 * pool ∪ labeled; M₀ = λI + n_L/(n_L+K)·mean_labeled F; Xᵢ = √(K/(n_L+K))·Vᵢᵀ. Forward: 2K picks
 * of the largest trace decrease, each followed by the rank-r Woodbury update of M⁻¹. Backward:
 * while more than K remain, remove the pick with the largest tr(Xⱼ M⁻¹ F M⁻¹ Xⱼᵀ (−I + Xⱼ M⁻¹ Xⱼᵀ)⁻¹)
 * (the published {@code argmin(−traceEst)}: the smallest increase of tr(F M⁻¹)) and downdate M⁻¹.
 * Ties: larger value, then smaller id (the engine's rule; the published code takes the first index).
 */
public final class ReferenceBait {
    private ReferenceBait() {
    }

    /** The result: surviving picks in forward order (gain: forward trace decrease) and seconds per forward pick. */
    public record Result(List<Pick> picks, double[] forwardSeconds) {
    }

    /**
     * @param pool    the candidates (Fisher factors, {@code FactorSpec.Kind.FISHER})
     * @param labeled the labeled set's block (same factor), or null
     */
    public static Result select(CandidateBlock pool, CandidateBlock labeled, double lambda, int k) {
        int d = pool.d;
        int c = pool.c;
        int r = pool.r;
        int dim = c * d;
        int nL = labeled == null ? 0 : labeled.n;
        // F: mean over pool ∪ labeled of Vᵢ Vᵢᵀ
        DMatrixRMaj fisher = new DMatrixRMaj(dim, dim);
        DMatrixRMaj labeledSum = new DMatrixRMaj(dim, dim);
        for (int i = 0; i < pool.n; i++) {
            DMatrixRMaj v = factor(pool, i);
            CommonOps_DDRM.multAddTransB(v, v, fisher);
        }
        for (int i = 0; i < nL; i++) {
            DMatrixRMaj v = factor(labeled, i);
            CommonOps_DDRM.multAddTransB(v, v, labeledSum);
        }
        CommonOps_DDRM.addEquals(fisher, labeledSum);
        CommonOps_DDRM.scale(1.0 / (pool.n + nL), fisher);
        // M₀ = λI + n_L/(n_L+K) · Σ_labeled F / n_L
        DMatrixRMaj m0 = CommonOps_DDRM.identity(dim);
        CommonOps_DDRM.scale(lambda, m0);
        if (nL > 0) {
            CommonOps_DDRM.addEquals(m0, 1.0 / (nL + k), labeledSum);
        }
        DMatrixRMaj inv = new DMatrixRMaj(dim, dim);
        if (!CommonOps_DDRM.invert(m0, inv)) {
            throw new ArithmeticException("M₀ is singular");
        }
        double scale = Math.sqrt((double) k / (nL + k));
        DMatrixRMaj[] x = new DMatrixRMaj[pool.n];
        for (int i = 0; i < pool.n; i++) {
            DMatrixRMaj xt = new DMatrixRMaj(r, dim);
            CommonOps_DDRM.transpose(factor(pool, i), xt);
            CommonOps_DDRM.scale(scale, xt);
            x[i] = xt;
        }
        boolean[] picked = new boolean[pool.n];
        List<Integer> inds = new ArrayList<>();
        List<Double> gains = new ArrayList<>();
        int forward = Math.min(2 * k, pool.n);
        double[] seconds = new double[forward];
        for (int t = 0; t < forward; t++) {
            long t0 = System.nanoTime();
            int best = -1;
            double bestGain = 0;
            for (int i = 0; i < pool.n; i++) {
                if (picked[i]) {
                    continue;
                }
                double g = traceEstimate(x[i], inv, fisher, 1.0);
                if (best < 0 || Pick.better(g, pool.ids[i], bestGain, pool.ids[best])) {
                    best = i;
                    bestGain = g;
                }
            }
            picked[best] = true;
            inds.add(best);
            gains.add(bestGain);
            woodbury(inv, x[best], 1.0);
            seconds[t] = (System.nanoTime() - t0) / 1e9;
        }
        List<Integer> alive = new ArrayList<>(inds);
        while (alive.size() > k) {
            int del = -1;
            double delValue = 0;
            for (int j = 0; j < alive.size(); j++) {
                double v = traceEstimate(x[alive.get(j)], inv, fisher, -1.0);
                if (del < 0 || Pick.better(v, pool.ids[alive.get(j)], delValue, pool.ids[alive.get(del)])) {
                    del = j;
                    delValue = v;
                }
            }
            woodbury(inv, x[alive.get(del)], -1.0);
            alive.remove(del);
        }
        List<Pick> out = new ArrayList<>();
        for (int t = 0; t < inds.size(); t++) {
            if (alive.contains(inds.get(t))) {
                out.add(new Pick(pool.ids[inds.get(t)], gains.get(t), null, null, null));
            }
        }
        return new Result(out, seconds);
    }

    /** Vᵢ = Aᵢ ⊗ φᵢ, D×r. */
    static DMatrixRMaj factor(CandidateBlock b, int i) {
        return KroneckerOps.denseFactor(b.phi, b.phiOffset(i), b.d, b.factor, b.factorOffset(i), b.c, b.r);
    }

    /** tr(X M⁻¹ F M⁻¹ Xᵀ (sI + X M⁻¹ Xᵀ)⁻¹), products left to right as published. */
    static double traceEstimate(DMatrixRMaj x, DMatrixRMaj inv, DMatrixRMaj fisher, double s) {
        int r = x.numRows;
        int dim = x.numCols;
        DMatrixRMaj xm = new DMatrixRMaj(r, dim);
        CommonOps_DDRM.mult(x, inv, xm);
        DMatrixRMaj xmf = new DMatrixRMaj(r, dim);
        CommonOps_DDRM.mult(xm, fisher, xmf);
        DMatrixRMaj xmfm = new DMatrixRMaj(r, dim);
        CommonOps_DDRM.mult(xmf, inv, xmfm);
        DMatrixRMaj num = new DMatrixRMaj(r, r);
        CommonOps_DDRM.multTransB(xmfm, x, num);
        DMatrixRMaj inner = innerInverse(xm, x, s);
        DMatrixRMaj prod = new DMatrixRMaj(r, r);
        CommonOps_DDRM.mult(num, inner, prod);
        return CommonOps_DDRM.trace(prod);
    }

    /** (sI + X M⁻¹ Xᵀ)⁻¹ from xm = X M⁻¹. */
    static DMatrixRMaj innerInverse(DMatrixRMaj xm, DMatrixRMaj x, double s) {
        int r = x.numRows;
        DMatrixRMaj inner = new DMatrixRMaj(r, r);
        CommonOps_DDRM.multTransB(xm, x, inner);
        for (int a = 0; a < r; a++) {
            inner.add(a, a, s);
        }
        DMatrixRMaj out = new DMatrixRMaj(r, r);
        if (!CommonOps_DDRM.invert(inner, out)) {
            throw new ArithmeticException("singular inner matrix in the reference BAIT");
        }
        return out;
    }

    /** M⁻¹ ← M⁻¹ − M⁻¹ Xᵀ (sI + X M⁻¹ Xᵀ)⁻¹ X M⁻¹ (s = 1: add X; s = −1: remove it). */
    static void woodbury(DMatrixRMaj inv, DMatrixRMaj x, double s) {
        int r = x.numRows;
        int dim = x.numCols;
        DMatrixRMaj xm = new DMatrixRMaj(r, dim);
        CommonOps_DDRM.mult(x, inv, xm);
        DMatrixRMaj inner = innerInverse(xm, x, s);
        DMatrixRMaj tmp = new DMatrixRMaj(r, dim);
        CommonOps_DDRM.mult(inner, xm, tmp);
        DMatrixRMaj upd = new DMatrixRMaj(dim, dim);
        CommonOps_DDRM.multTransA(xm, tmp, upd);
        CommonOps_DDRM.subtractEquals(inv, upd);
    }

    /** The Fisher factor spec of the published BAIT (exact softmax factor, no bias). */
    public static FactorSpec spec() {
        return new FactorSpec(FactorSpec.Kind.FISHER, FactorSpec.Likelihood.SOFTMAX, 0, 1.0, false);
    }
}
