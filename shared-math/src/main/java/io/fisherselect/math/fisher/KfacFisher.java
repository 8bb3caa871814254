package io.fisherselect.math.fisher;

import io.fisherselect.math.select.CandidateBlock;
import org.ejml.data.DMatrixRMaj;

/**
 * K-FAC (Kronecker-factored) approximation of a Fisher sum (Martens &amp; Grosse 2015):
 * Σᵢ Fᵢ = Σᵢ Bᵢ ⊗ φᵢφᵢᵀ ≈ n · G ⊗ A with G = mean Bᵢ (C×C, Bᵢ = AᵢAᵢᵀ, for the exact softmax
 * factor diag πᵢ − πᵢπᵢᵀ) and A = mean φᵢφᵢᵀ (d×d). It is exact when every Bᵢ is the same
 * (π fixed across items) or every φᵢφᵢᵀ is the same, in particular for one item; otherwise it
 * drops the correlation between the class curvature and the embedding second moment.
 *
 * <p>Cost: the reduction is O(n·(d² + C·r)) and ships d² + C² numbers per group instead of
 * O(n·C²·d²/2) and D² numbers; the engine still receives a dense D×D matrix (layout of
 * {@link FisherSum}: index c·d + k), so the driver-side inversions are unchanged.
 *
 * <p>A partial sum is packed as {@code [n, Σφφᵀ (d·d, row-major), ΣB (C·C, row-major)]}.
 */
public final class KfacFisher {
    private KfacFisher() {
    }

    public static int packedLength(int d, int c) {
        return 1 + d * d + c * c;
    }

    /** The packed partial sums of a block, rows in order. */
    public static double[] partial(CandidateBlock b) {
        int d = b.d;
        int c = b.c;
        int r = b.r;
        double[] out = new double[packedLength(d, c)];
        out[0] = b.n;
        int ga = 1 + d * d;
        for (int i = 0; i < b.n; i++) {
            int po = b.phiOffset(i);
            for (int k = 0; k < d; k++) {
                double pk = b.phi[po + k];
                for (int l = 0; l < d; l++) {
                    out[1 + k * d + l] += pk * b.phi[po + l];
                }
            }
            int fo = b.factorOffset(i);
            for (int p = 0; p < c; p++) {
                for (int q = 0; q < c; q++) {
                    double s = 0;
                    for (int j = 0; j < r; j++) {
                        s += b.factor[fo + p * r + j] * b.factor[fo + q * r + j];
                    }
                    out[ga + p * c + q] += s;
                }
            }
        }
        return out;
    }

    /** into += p (element-wise). */
    public static void add(double[] into, double[] p) {
        for (int i = 0; i < into.length; i++) {
            into[i] += p[i];
        }
    }

    /**
     * The K-FAC approximation of Σᵢ Fᵢ from packed sums: (ΣB) ⊗ (Σφφᵀ) / n, D×D with entry
     * (p·d + k, q·d + l) = (ΣB)[p,q]·(Σφφᵀ)[k,l] / n.
     */
    public static DMatrixRMaj sum(double[] packed, int d, int c) {
        int dim = c * d;
        DMatrixRMaj f = new DMatrixRMaj(dim, dim);
        double n = packed[0];
        if (n == 0) {
            return f;
        }
        int ga = 1 + d * d;
        for (int p = 0; p < c; p++) {
            for (int q = 0; q < c; q++) {
                double g = packed[ga + p * c + q] / n;
                for (int k = 0; k < d; k++) {
                    int row = (p * d + k) * dim + q * d;
                    for (int l = 0; l < d; l++) {
                        f.data[row + l] = g * packed[1 + k * d + l];
                    }
                }
            }
        }
        return f;
    }
}
