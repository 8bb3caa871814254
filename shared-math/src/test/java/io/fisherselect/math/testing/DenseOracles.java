package io.fisherselect.math.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Brute-force definitions used as test oracles, built on {@link DenseFisher}: dense D×D matrices,
 * explicit Kronecker products, LU determinants and inverses. Nothing here calls the code under
 * test.
 */
public final class DenseOracles {
    private DenseOracles() {
    }

    /** A rows×cols matrix of independent standard normals, drawn row-major from {@code rnd}. */
    public static DMatrixRMaj gaussian(Random rnd, int rows, int cols) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = rnd.nextGaussian();
        }
        return m;
    }

    /**
     * B Bᵀ + shift·I with B an n×k {@link #gaussian} matrix: positive definite for shift > 0,
     * semi-definite of rank ≤ k for shift 0.
     */
    public static DMatrixRMaj gram(Random rnd, int n, int k, double shift) {
        DMatrixRMaj b = gaussian(rnd, n, k);
        DMatrixRMaj g = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransB(b, b, g);
        for (int i = 0; i < n; i++) {
            g.add(i, i, shift);
        }
        return g;
    }

    /**
     * The r most probable classes (ties to the lower class index), in increasing class order,
     * found by sorting (not by the selection loop of the code under test).
     */
    public static int[] topClasses(double[] p, int r) {
        Integer[] idx = new Integer[p.length];
        for (int i = 0; i < p.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, Comparator.<Integer>comparingDouble(i -> -p[i]).thenComparingInt(i -> i));
        int[] out = new int[r];
        for (int j = 0; j < r; j++) {
            out[j] = idx[j];
        }
        Arrays.sort(out);
        return out;
    }

    /** √π_c (e_c − π) ⊗ φ: the rank-1 piece of Fᵢ belonging to class c. */
    public static double[] classColumn(double[] phi, double[] p, int cls) {
        double[] a = new double[p.length];
        double s = Math.sqrt(p[cls]);
        for (int i = 0; i < p.length; i++) {
            a[i] = s * ((i == cls ? 1.0 : 0.0) - p[i]);
        }
        return DenseFisher.kron(DenseFisher.column(a), DenseFisher.column(phi)).data;
    }

    /** Σ_{c ∈ top-r classes} v_c v_cᵀ with v_c = √π_c (e_c − π) ⊗ φ (r = C gives Fᵢ exactly). */
    public static DMatrixRMaj lowRankSoftmaxFisher(double[] phi, double[] p, int r) {
        int dd = phi.length * p.length;
        DMatrixRMaj f = new DMatrixRMaj(dd, dd);
        for (int cls : topClasses(p, r)) {
            DMatrixRMaj v = DenseFisher.column(classColumn(phi, p, cls));
            CommonOps_DDRM.multAddTransB(v, v, f);
        }
        return f;
    }

    /** (I/σ²) ⊗ φφᵀ. */
    public static DMatrixRMaj gaussianFisher(double[] phi, int outputs, double noiseVariance) {
        DMatrixRMaj pp = new DMatrixRMaj(phi.length, phi.length);
        CommonOps_DDRM.multTransB(DenseFisher.column(phi), DenseFisher.column(phi), pp);
        return DenseFisher.kron(DenseFisher.identity(outputs, 1.0 / noiseVariance), pp);
    }

    /** φ with a 1 appended. */
    public static double[] withBias(double[] phi) {
        double[] out = Arrays.copyOf(phi, phi.length + 1);
        out[phi.length] = 1.0;
        return out;
    }

    /** Σ of dense matrices (zero D×D when empty). */
    public static DMatrixRMaj sum(List<DMatrixRMaj> fs, int dd) {
        DMatrixRMaj s = new DMatrixRMaj(dd, dd);
        for (DMatrixRMaj f : fs) {
            CommonOps_DDRM.addEquals(s, f);
        }
        return s;
    }

    /** ½ log det(I + F H⁻¹), by LU. */
    public static double halfLogDetIPlus(DMatrixRMaj f, DMatrixRMaj hInv) {
        DMatrixRMaj m = DenseFisher.mult(f, hInv);
        for (int i = 0; i < m.numRows; i++) {
            m.add(i, i, 1.0);
        }
        return 0.5 * DenseFisher.logDet(m);
    }

    /** One pick of the brute-force greedy. */
    public record DensePick(String id, double gain) {
    }

    /**
     * Brute-force greedy maximisation of ½ log det(I + Σ_B Fᵢ H⁻¹) (paper eq. (51)): at every step
     * and for every remaining candidate, the objective of B ∪ {i} minus that of B, each by an LU
     * determinant. Ties go to the smaller id ({@link String#compareTo}).
     */
    public static List<DensePick> eigLogDetGreedy(String[] ids, List<DMatrixRMaj> fishers, DMatrixRMaj hInv, int k) {
        int n = ids.length;
        int dd = hInv.numRows;
        boolean[] taken = new boolean[n];
        DMatrixRMaj base = new DMatrixRMaj(dd, dd);
        double baseValue = 0.0;
        List<DensePick> picks = new ArrayList<>();
        for (int t = 0; t < Math.min(k, n); t++) {
            int best = -1;
            double bestGain = Double.NEGATIVE_INFINITY;
            double bestValue = Double.NaN;
            for (int i = 0; i < n; i++) {
                if (taken[i]) {
                    continue;
                }
                double value = halfLogDetIPlus(DenseFisher.plus(base, fishers.get(i)), hInv);
                double gain = value - baseValue;
                if (best < 0 || gain > bestGain || (gain == bestGain && ids[i].compareTo(ids[best]) < 0)) {
                    best = i;
                    bestGain = gain;
                    bestValue = value;
                }
            }
            taken[best] = true;
            CommonOps_DDRM.addEquals(base, fishers.get(best));
            baseValue = bestValue;
            picks.add(new DensePick(ids[best], bestGain));
        }
        return picks;
    }

    /** diag(p ⊙ (1 − p)) ⊗ φφᵀ: the multi-label (independent sigmoid) Fisher, from its definition. */
    public static DMatrixRMaj bernoulliFisher(double[] phi, double[] p) {
        DMatrixRMaj b = new DMatrixRMaj(p.length, p.length);
        for (int i = 0; i < p.length; i++) {
            b.set(i, i, p[i] * (1 - p[i]));
        }
        DMatrixRMaj pp = new DMatrixRMaj(phi.length, phi.length);
        CommonOps_DDRM.multTransB(DenseFisher.column(phi), DenseFisher.column(phi), pp);
        return DenseFisher.kron(b, pp);
    }

    /** (p − ŷ) ⊗ φ with ŷ_c = [p_c > ½]: the multi-label pseudo-label gradient. */
    public static double[] multiLabelGradient(double[] phi, double[] p) {
        double[] q = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            q[i] = p[i] > 0.5 ? p[i] - 1 : p[i];
        }
        return DenseFisher.kron(DenseFisher.column(q), DenseFisher.column(phi)).data;
    }

    /**
     * Brute-force greedy maximisation of a set function under per-class caps (a partition
     * matroid): at every step, for every remaining candidate whose class is not full,
     * value(B ∪ {i}) − value(B), each evaluated from scratch. Ties go to the smaller id.
     *
     * @param classes each candidate's class (null: no caps)
     * @param caps    the most picks per class (null: no caps)
     * @param value   the set function on index lists (in pick order)
     */
    public static List<DensePick> constrainedGreedy(String[] ids, int[] classes, int[] caps, int k,
                                                    ToDoubleFunction<List<Integer>> value) {
        int n = ids.length;
        boolean[] taken = new boolean[n];
        int[] count = caps == null ? null : new int[caps.length];
        List<Integer> batch = new ArrayList<>();
        double baseValue = value.applyAsDouble(batch);
        List<DensePick> picks = new ArrayList<>();
        for (int t = 0; t < k; t++) {
            int best = -1;
            double bestGain = Double.NEGATIVE_INFINITY;
            double bestValue = Double.NaN;
            for (int i = 0; i < n; i++) {
                if (taken[i] || (count != null && count[classes[i]] >= caps[classes[i]])) {
                    continue;
                }
                List<Integer> with = new ArrayList<>(batch);
                with.add(i);
                double v = value.applyAsDouble(with);
                double gain = v - baseValue;
                if (best < 0 || gain > bestGain || (gain == bestGain && ids[i].compareTo(ids[best]) < 0)) {
                    best = i;
                    bestGain = gain;
                    bestValue = v;
                }
            }
            if (best < 0) {
                break;
            }
            taken[best] = true;
            if (count != null) {
                count[classes[best]]++;
            }
            batch.add(best);
            baseValue = bestValue;
            picks.add(new DensePick(ids[best], bestGain));
        }
        return picks;
    }
}
