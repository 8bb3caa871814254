package io.fisherselect.math.method;

import io.fisherselect.math.select.ClassQuota;
import io.fisherselect.math.inverse.PriorInverse;
import io.fisherselect.math.inverse.WoodburyInverse;
import io.fisherselect.math.plan.SelectionParams;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.GreedyDriver;
import io.fisherselect.math.select.GreedyObjective;
import io.fisherselect.math.select.Pick;
import io.fisherselect.math.select.StepMessage;

import io.fisherselect.math.fisher.FisherSum;
import io.fisherselect.math.fisher.KroneckerOps;
import io.fisherselect.math.linalg.Numerics;
import io.fisherselect.math.linalg.SpdOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import io.fisherselect.math.linalg.DenseOps;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Driver side of {@link BaitObjective}: the published BAIT selection (Ash et al. 2021, "Gone
 * Fishing"; paper §7.1, eq. (77) with the trace bound (68)).
 *
 * <ul>
 *   <li>F = mean of Fᵢ over pool ∪ labeled; M₀ = λI + n_L/(n_L+K)·mean_labeled Fⱼ; candidates
 *       enter M with weight K/(n_L+K) (K = batch size k).</li>
 *   <li>Forward: 2K greedy picks, each maximising the Woodbury trace decrease
 *       tr(F M⁻¹) − tr(F M_new⁻¹) ({@link #forwardPicks}, {@link #afterPick}).</li>
 *   <li>Backward ({@link #finish}, driver only, over the 2K picked factors): while more than K
 *       remain, remove the one whose removal raises tr(F M⁻¹) least, tr((I − Sⱼ)⁻¹ Tⱼ).</li>
 * </ul>
 *
 * <p>The result keeps the surviving picks in forward order, each with its <em>forward-pass</em>
 * gain (the trace decrease when it was picked, given the picks before it, some of which may have
 * been pruned later) — not a gain recomputed for the final batch.
 */
public final class BaitDriver implements GreedyDriver {
    private final WoodburyInverse inverse;
    private final DMatrixRMaj fisher;
    private final BaitObjective objective;
    private final int k;
    private final double sqrtWeight;
    /** λ, for messages (NaN when unknown) */
    private double lambda = Double.NaN;
    /** ids whose factors are in {@link #inverse} */
    private final Set<String> added = new HashSet<>();
    private final List<String> pruned = new ArrayList<>();

    /**
     * @param m0Inverse (λI + n_L/(n_L+K)·mean_labeled F)⁻¹ (the driver's copy, updated in place)
     * @param fisher    F, the mean Fisher of pool ∪ labeled
     * @param objective the candidate side, built on the same M₀⁻¹ and F
     * @param k         the batch size K the weights were computed for
     */
    public BaitDriver(WoodburyInverse m0Inverse, DMatrixRMaj fisher, BaitObjective objective, int k) {
        this.inverse = m0Inverse;
        this.fisher = fisher;
        this.objective = objective;
        this.k = k;
        this.sqrtWeight = Math.sqrt(objective.weight());
    }

    /**
     * The driver for {@code bait}.
     *
     * @param p                        the selection parameters: k (= K) and λ (default 1); the
     *                                 method is not checked
     * @param labeledFisherMean        mean_labeled Fⱼ (D×D), or null when there is no labeled set
     * @param nLabeled                 n_L, the size of the labeled set (0 without one)
     * @param fisherMeanPoolAndLabeled F, the mean of Fᵢ over pool ∪ labeled (D×D)
     * @param d                        embedding length
     * @param c                        classes
     * @param r                        columns of the candidates' factors
     */
    public static BaitDriver create(SelectionParams p, DMatrixRMaj labeledFisherMean, int nLabeled,
                                    DMatrixRMaj fisherMeanPoolAndLabeled, int d, int c, int r) {
        return create(p, labeledFisherMean, nLabeled, fisherMeanPoolAndLabeled, d, c, r, Numerics.defaults());
    }

    /** As {@link #create(SelectionParams, DMatrixRMaj, int, DMatrixRMaj, int, int, int)}, with the safeguards of {@code numerics}. */
    public static BaitDriver create(SelectionParams p, DMatrixRMaj labeledFisherMean, int nLabeled,
                                    DMatrixRMaj fisherMeanPoolAndLabeled, int d, int c, int r, Numerics numerics) {
        int dim = c * d;
        if (fisherMeanPoolAndLabeled == null || fisherMeanPoolAndLabeled.numRows != dim
                || fisherMeanPoolAndLabeled.numCols != dim) {
            throw new IllegalArgumentException("bait needs the Fisher mean of pool ∪ labeled as a " + dim + "×" + dim
                    + " matrix");
        }
        if (nLabeled < 0 || (nLabeled > 0 && labeledFisherMean == null)) {
            throw new IllegalArgumentException("bait: " + nLabeled + " labeled items but no labeled Fisher mean");
        }
        if (nLabeled > 0 && (labeledFisherMean.numRows != dim || labeledFisherMean.numCols != dim)) {
            throw new IllegalArgumentException("bait: the labeled Fisher mean must be " + dim + "×" + dim);
        }
        int kk = p.k();
        double labeledWeight = (double) nLabeled / (nLabeled + kk);
        double candidateWeight = (double) kk / (nLabeled + kk);
        DMatrixRMaj m0Inverse;
        PriorInverse prior;
        if (nLabeled == 0) {
            m0Inverse = WoodburyInverse.isotropic(p.lambda(), d, c).inverse();
            prior = PriorInverse.isotropic(p.lambda(), d, c);
        } else {
            DMatrixRMaj m0 = labeledFisherMean.copy();
            CommonOps_DDRM.scale(labeledWeight, m0);
            m0Inverse = SpdOps.invert(FisherSum.plusRidge(m0, p.lambda()), "λI + n_L/(n_L+K)·mean_labeled F", numerics);
            prior = PriorInverse.dense(m0Inverse, d, c);
        }
        // M₀⁻¹ F M₀⁻¹ for the candidates' initial T
        DMatrixRMaj tmp = new DMatrixRMaj(dim, dim);
        DMatrixRMaj g0 = new DMatrixRMaj(dim, dim);
        // two D×D products (2·D³ multiply-adds: minutes in EJML's row loop at D = 5,120)
        DenseOps.mult(m0Inverse, fisherMeanPoolAndLabeled, tmp);
        DenseOps.mult(tmp, m0Inverse, g0);
        SpdOps.symmetrize(g0);
        BaitObjective objective = new BaitObjective(prior, PriorInverse.dense(g0, d, c), c, r, candidateWeight);
        BaitDriver driver = new BaitDriver(new WoodburyInverse(m0Inverse.copy(), d, c, numerics),
                fisherMeanPoolAndLabeled.copy(), objective, kk);
        driver.lambda = p.lambda();
        return driver;
    }

    @Override
    public GreedyObjective objective() {
        return objective;
    }

    /** 2K: BAIT over-samples by two before pruning. */
    @Override
    public int forwardPicks(int batch) {
        checkBatch(batch);
        return 2 * batch;
    }

    @Override
    public StepMessage afterPick(Pick pick) {
        int r = pick.factor.length / inverse.c();
        DMatrixRMaj w = inverse.addFactor(pick.phi, scaled(pick.factor), r);
        added.add(pick.id);
        return message(w, -1.0);
    }

    /**
     * Backward pruning of the forward picks down to {@code batch}: the surviving picks in forward
     * order, with their forward-pass gains.
     */
    @Override
    public List<Pick> finish(List<Pick> forward, int batch) {
        return finish(forward, batch, null);
    }

    /** Forward picks under twice the caps, so that pruning 2k back to k can meet the caps. */
    @Override
    public ClassQuota forwardQuota(ClassQuota quota) {
        return quota.times(2);
    }

    /**
     * The pruning under caps: while a class holds more than its cap, only that class's picks (of
     * all such classes) are candidates for removal. With at most 2·max[c] forward picks per class,
     * the excess Σ_c max(0, n_c − max[c]) ≤ Σ_c n_c / 2 = k, so k removals always meet the caps.
     */
    @Override
    public List<Pick> finish(List<Pick> forward, int batch, ClassQuota quota) {
        checkBatch(batch);
        int n = forward.size();
        if (n <= batch) {
            return forward;
        }
        int c = inverse.c();
        int d = inverse.d();
        int r = forward.get(0).factor.length / c;
        // the selector does not broadcast the last forward pick: bring M up to all of them
        for (Pick pk : forward) {
            if (added.add(pk.id)) {
                inverse.addFactor(pk.phi, scaled(pk.factor), r);
            }
        }
        CandidateBlock members = block(forward, d, c, r);
        double[] state = initialStates(members);
        double[] scratch = new double[objective.scratchSize()];
        boolean[] removed = new boolean[n];
        int[] count = quota == null ? null : new int[quota.classes()];
        if (count != null) {
            for (Pick pk : forward) {
                count[pk.cls]++;
            }
        }
        for (int left = n; left > batch; left--) {
            boolean over = false;
            for (int cls = 0; count != null && cls < count.length; cls++) {
                over |= count[cls] > quota.max(cls);
            }
            int worst = -1;
            double worstCost = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (removed[j] || (over && count[forward.get(j).cls] <= quota.max(forward.get(j).cls))) {
                    continue;
                }
                double cost = objective.removalCost(j, state, scratch);
                if (Double.isNaN(cost)) {
                    // I − Sⱼ is positive definite in exact arithmetic; numerically it is not when
                    // Sⱼ = V̂ⱼᵀM⁻¹V̂ⱼ is within rounding of I, i.e. when ‖V̂ⱼ‖²/λ is near 1/ε
                    throw new ArithmeticException("bait pruning: the removal cost of '" + members.ids[j]
                            + "' cannot be computed in double precision: its Fisher term dominates M (I − V̂ᵀM⁻¹V̂ is"
                            + " singular to rounding; embedding norms far above √λ, λ = " + lambda
                            + "); rescale the embeddings or use a larger --lambda");
                }
                // strict: ties go to the earlier forward pick
                if (worst < 0 || cost < worstCost) {
                    worst = j;
                    worstCost = cost;
                }
            }
            removed[worst] = true;
            if (count != null) {
                count[forward.get(worst).cls]--;
            }
            pruned.add(members.ids[worst]);
            Pick gone = forward.get(worst);
            StepMessage message = message(inverse.removeFactor(gone.phi, scaled(gone.factor), r), 1.0);
            for (int j = 0; j < n; j++) {
                if (!removed[j]) {
                    objective.update(members, j, state, message, scratch);
                }
            }
        }
        List<Pick> kept = new ArrayList<>(batch);
        for (int j = 0; j < n; j++) {
            if (!removed[j]) {
                kept.add(forward.get(j));
            }
        }
        return kept;
    }

    /** The ids removed by the backward pruning, in removal order (empty before {@link #finish}). */
    public List<String> pruned() {
        return Collections.unmodifiableList(pruned);
    }

    /** M⁻¹ for the current batch. */
    public DMatrixRMaj currentInverse() {
        return inverse.inverse();
    }

    private void checkBatch(int batch) {
        if (batch != k) {
            throw new IllegalArgumentException("bait was set up for k = " + k + " (its weights K/(n_L+K) depend on it), "
                    + "asked for k = " + batch);
        }
    }

    private double[] scaled(double[] a) {
        double[] s = a.clone();
        for (int i = 0; i < s.length; i++) {
            s[i] *= sqrtWeight;
        }
        return s;
    }

    /**
     * The broadcast of a step M⁻¹_new = M⁻¹ + σ W Wᵀ (already applied to {@link #inverse}):
     * W, Z = M_old⁻¹ F W = M_new⁻¹ F W − σ W R and R = Wᵀ F W.
     */
    private StepMessage message(DMatrixRMaj w, double sigma) {
        int r = w.numCols;
        DMatrixRMaj fw = new DMatrixRMaj(w.numRows, r);
        DenseOps.mult(fisher, w, fw);
        DMatrixRMaj rm = new DMatrixRMaj(r, r);
        CommonOps_DDRM.multTransA(w, fw, rm);
        SpdOps.symmetrize(rm);
        DMatrixRMaj z = new DMatrixRMaj(w.numRows, r);
        DenseOps.mult(inverse.inverse(), fw, z);
        CommonOps_DDRM.multAdd(-sigma, w, rm, z);
        double[] extra = new double[1 + r * r];
        extra[0] = sigma;
        System.arraycopy(rm.data, 0, extra, 1, r * r);
        return new StepMessage(new double[][] {KroneckerOps.projectionLayout(w, inverse.d(), inverse.c()),
                KroneckerOps.projectionLayout(z, inverse.d(), inverse.c())}, new int[] {r, r}, extra);
    }

    /** The picks as a block (unscaled factors, like the candidates'). */
    private static CandidateBlock block(List<Pick> picks, int d, int c, int r) {
        int n = picks.size();
        String[] ids = new String[n];
        double[] phi = new double[n * d];
        double[] factor = new double[n * c * r];
        for (int j = 0; j < n; j++) {
            Pick pk = picks.get(j);
            ids[j] = pk.id;
            System.arraycopy(pk.phi, 0, phi, j * d, d);
            System.arraycopy(pk.factor, 0, factor, j * c * r, c * r);
        }
        return new CandidateBlock(ids, d, c, r, phi, factor);
    }

    /** S = V̂ᵀ M⁻¹ V̂ and T = V̂ᵀ M⁻¹ F M⁻¹ V̂ of every member against the current M (O(D²·r) each). */
    private double[] initialStates(CandidateBlock members) {
        int r = members.r;
        int rr = r * r;
        int dim = members.c * members.d;
        double[] state = new double[members.n * 2 * rr];
        DMatrixRMaj u = new DMatrixRMaj(dim, r);
        DMatrixRMaj fu = new DMatrixRMaj(dim, r);
        DMatrixRMaj s = new DMatrixRMaj(r, r);
        DMatrixRMaj t = new DMatrixRMaj(r, r);
        for (int j = 0; j < members.n; j++) {
            DMatrixRMaj v = KroneckerOps.denseFactor(members.phi, members.phiOffset(j), members.d,
                    scaled(Arrays.copyOfRange(members.factor, members.factorOffset(j), members.factorOffset(j + 1))),
                    0, members.c, r);
            DenseOps.mult(inverse.inverse(), v, u);
            CommonOps_DDRM.multTransA(v, u, s);
            DenseOps.mult(fisher, u, fu);
            CommonOps_DDRM.multTransA(u, fu, t);
            SpdOps.symmetrize(s);
            SpdOps.symmetrize(t);
            System.arraycopy(s.data, 0, state, j * 2 * rr, rr);
            System.arraycopy(t.data, 0, state, j * 2 * rr + rr, rr);
        }
        return state;
    }
}
