package io.fisherselect.math.method;


import io.fisherselect.math.testing.DenseFisher;
import io.fisherselect.math.testing.RandomProblems;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The LogDet family straight from the published definitions, in similarity space: explicit
 * gradient vectors gᵢ = (πᵢ − e_ŷ) ⊗ φᵢ (DenseFisher), an explicit kernel matrix, log-dets by LU
 * (DenseFisher.logDet), and a greedy that evaluates the whole set function for every candidate at
 * every step. Slow and obviously correct; shares no code with the structured implementation.
 */
final class LogDetBruteForce {
    final Kernel kernel;
    final double lambda;
    final double eta;
    final double nu;
    /** the kernel's vectors h of pool, query and private items */
    final double[][] pool;
    final double[][] query;
    final double[][] priv;
    final String[] ids;

    LogDetBruteForce(Kernel kernel, double lambda, double eta, double nu, RandomProblems pool,
                     RandomProblems query, RandomProblems priv) {
        this.kernel = kernel;
        this.lambda = lambda;
        this.eta = eta;
        this.nu = nu;
        this.pool = vectors(kernel, pool);
        this.query = query == null ? new double[0][] : vectors(kernel, query);
        this.priv = priv == null ? new double[0][] : vectors(kernel, priv);
        this.ids = pool.ids;
    }

    /** h = g (dot) or g/‖g‖ with h = 0 for g = 0 (cosine). */
    static double[][] vectors(Kernel kernel, RandomProblems p) {
        double[][] out = new double[p.n][];
        for (int i = 0; i < p.n; i++) {
            double[] g = DenseFisher.gradient(p.phi[i], p.probs[i], argmax(p.probs[i]));
            if (kernel == Kernel.COSINE) {
                double n = 0;
                for (double v : g) {
                    n += v * v;
                }
                n = Math.sqrt(n);
                for (int k = 0; k < g.length; k++) {
                    g[k] = n > 0 ? g[k] / n : 0.0;
                }
            }
            out[i] = g;
        }
        return out;
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * S(a, b) = ⟨h_a, h_b⟩; for the cosine kernel S(a, a) = 1 exactly for a nonzero vector (so that
     * the mathematical ties of the first pick are ties here too, not rounding noise).
     */
    double sim(double[] a, double[] b) {
        if (a == b && kernel == Kernel.COSINE) {
            return dot(a, a) > 0 ? 1.0 : 0.0;
        }
        return dot(a, b);
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** scale · ⟨a_i, b_j⟩ (+ ridge on the diagonal when a and b are the same list). */
    DMatrixRMaj gram(List<double[]> a, List<double[]> b, double scale, double ridge) {
        DMatrixRMaj m = new DMatrixRMaj(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            for (int j = 0; j < b.size(); j++) {
                m.set(i, j, scale * sim(a.get(i), b.get(j)) + (i == j ? ridge : 0.0));
            }
        }
        return m;
    }

    static double logDet(DMatrixRMaj a) {
        return a.numRows == 0 ? 0.0 : DenseFisher.logDet(a);
    }

    List<double[]> rows(double[][] set, List<Integer> idx) {
        List<double[]> out = new ArrayList<>();
        for (int i : idx) {
            out.add(set[i]);
        }
        return out;
    }

    List<double[]> all(double[][] set) {
        return List.of(set);
    }

    /** logdet: log det(S_A + λI), eq. (76) with λ. */
    double logdet(List<Integer> a) {
        List<double[]> ha = rows(pool, a);
        return logDet(gram(ha, ha, 1.0, lambda));
    }

    /**
     * LogDetMI, eq. (151) with λ (submodlib): log det(S_A + λI)
     * − log det(S_A + λI − η² S_{A,Q}(S_Q + λI)⁻¹S_{Q,A}).
     */
    double mutualInformation(List<Integer> a) {
        List<double[]> ha = rows(pool, a);
        List<double[]> hq = all(query);
        DMatrixRMaj sa = gram(ha, ha, 1.0, lambda);
        DMatrixRMaj saq = gram(ha, hq, eta, 0.0);
        DMatrixRMaj sq = gram(hq, hq, 1.0, lambda);
        DMatrixRMaj t = DenseFisher.mult(DenseFisher.mult(saq, DenseFisher.inverse(sq)), transpose(saq));
        DMatrixRMaj schur = sa.copy();
        CommonOps_DDRM.subtractEquals(schur, t);
        return logDet(sa) - logDet(schur);
    }

    /**
     * LogDetCMI, eq. (156) with λ (submodlib): log det(I − K̂_P⁻¹K_{P,Q}K̂_Q⁻¹K_{Q,P})
     * − log det(I − K̂_{AP}⁻¹K_{AP,Q}K̂_Q⁻¹K_{Q,AP}), K pool–Q scaled by η, pool–P by ν.
     */
    double conditionalMutualInformation(List<Integer> a) {
        List<double[]> ha = rows(pool, a);
        List<double[]> hq = all(query);
        List<double[]> hp = all(priv);
        DMatrixRMaj kq = gram(hq, hq, 1.0, lambda);
        DMatrixRMaj kqInv = DenseFisher.inverse(kq);
        // X = P
        DMatrixRMaj kp = gram(hp, hp, 1.0, lambda);
        DMatrixRMaj kpq = gram(hp, hq, 1.0, 0.0);
        double first = logDet(identityMinus(DenseFisher.mult(DenseFisher.mult(DenseFisher.inverse(kp), kpq),
                DenseFisher.mult(kqInv, transpose(kpq)))));
        // X = A ∪ P: [[S_A + λI, ν S_AP], [ν S_PA, S_P + λI]], cross with Q: [η S_AQ; S_PQ]
        int na = ha.size();
        int np = hp.size();
        DMatrixRMaj kap = new DMatrixRMaj(na + np, na + np);
        CommonOps_DDRM.insert(gram(ha, ha, 1.0, lambda), kap, 0, 0);
        CommonOps_DDRM.insert(gram(ha, hp, nu, 0.0), kap, 0, na);
        CommonOps_DDRM.insert(gram(hp, ha, nu, 0.0), kap, na, 0);
        CommonOps_DDRM.insert(kp, kap, na, na);
        DMatrixRMaj kapq = new DMatrixRMaj(na + np, hq.size());
        CommonOps_DDRM.insert(gram(ha, hq, eta, 0.0), kapq, 0, 0);
        CommonOps_DDRM.insert(kpq, kapq, na, 0);
        double second = logDet(identityMinus(DenseFisher.mult(DenseFisher.mult(DenseFisher.inverse(kap), kapq),
                DenseFisher.mult(kqInv, transpose(kapq)))));
        return first - second;
    }

    /**
     * submodlib's own construction: f(X) = log det(K_X + λI) on the super-kernel over
     * pool ∪ Q ∪ P (indices: pool 0..n−1, then Q, then P).
     */
    double superKernelLogDet(List<Integer> x) {
        int n = pool.length;
        int nq = query.length;
        DMatrixRMaj k = new DMatrixRMaj(x.size(), x.size());
        for (int i = 0; i < x.size(); i++) {
            for (int j = 0; j < x.size(); j++) {
                int a = x.get(i);
                int b = x.get(j);
                double scale = 1.0;
                if (group(a, n, nq) == 0 && group(b, n, nq) == 1 || group(a, n, nq) == 1 && group(b, n, nq) == 0) {
                    scale = eta;
                } else if (group(a, n, nq) == 0 && group(b, n, nq) == 2 || group(a, n, nq) == 2 && group(b, n, nq) == 0) {
                    scale = nu;
                }
                k.set(i, j, scale * sim(vector(a), vector(b)) + (i == j ? lambda : 0.0));
            }
        }
        return logDet(k);
    }

    private static int group(int idx, int n, int nq) {
        return idx < n ? 0 : idx < n + nq ? 1 : 2;
    }

    private double[] vector(int idx) {
        int n = pool.length;
        int nq = query.length;
        return idx < n ? pool[idx] : idx < n + nq ? query[idx - n] : priv[idx - n - nq];
    }

    List<Integer> queryIndices() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < query.length; i++) {
            out.add(pool.length + i);
        }
        return out;
    }

    List<Integer> privateIndices() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < priv.length; i++) {
            out.add(pool.length + query.length + i);
        }
        return out;
    }

    static DMatrixRMaj transpose(DMatrixRMaj a) {
        return CommonOps_DDRM.transpose(a, null);
    }

    static DMatrixRMaj identityMinus(DMatrixRMaj a) {
        DMatrixRMaj out = CommonOps_DDRM.identity(a.numRows);
        CommonOps_DDRM.subtractEquals(out, a);
        return out;
    }

    /** One greedy pick: id and the increase of the set function. */
    record Step(String id, double gain) {
    }

    /**
     * Greedy maximisation of {@code objective} over pool indices: at every step every unpicked
     * candidate's whole set-function value is evaluated; larger gain first, ties to the smaller id.
     */
    List<Step> greedy(ToDoubleFunction<List<Integer>> objective, int k) {
        List<Integer> picked = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        double current = objective.applyAsDouble(picked);
        for (int t = 0; t < k; t++) {
            int best = -1;
            double bestGain = Double.NEGATIVE_INFINITY;
            double bestValue = Double.NaN;
            for (int i = 0; i < pool.length; i++) {
                if (picked.contains(i)) {
                    continue;
                }
                List<Integer> trial = new ArrayList<>(picked);
                trial.add(i);
                double value = objective.applyAsDouble(trial);
                double gain = value - current;
                if (best < 0 || gain > bestGain || gain == bestGain && ids[i].compareTo(ids[best]) < 0) {
                    best = i;
                    bestGain = gain;
                    bestValue = value;
                }
            }
            picked.add(best);
            steps.add(new Step(ids[best], bestGain));
            current = bestValue;
        }
        return steps;
    }
}
