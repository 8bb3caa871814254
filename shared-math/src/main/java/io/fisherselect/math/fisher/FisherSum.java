package io.fisherselect.math.fisher;

import io.fisherselect.math.select.CandidateBlock;
import org.ejml.data.DMatrixRMaj;

/**
 * Σᵢ Fᵢ = Σᵢ VᵢVᵢᵀ over a block, dense D×D (driver-sized). The prior precision is
 * H = λI + Σ_labeled Fⱼ (paper eqs. (19)–(20)); the pool Fisher of EPIG/BAIT is a mean of the same.
 */
public final class FisherSum {
    private FisherSum() {
    }

    /** Σ over the block's rows, in row order. */
    public static DMatrixRMaj of(CandidateBlock b) {
        DMatrixRMaj sum = new DMatrixRMaj(b.c * b.d, b.c * b.d);
        for (int i = 0; i < b.n; i++) {
            KroneckerOps.addFisher(sum, 1.0, b.phi, b.phiOffset(i), b.d, b.factor, b.factorOffset(i), b.c, b.r);
        }
        return sum;
    }

    /** λI + F. */
    public static DMatrixRMaj plusRidge(DMatrixRMaj f, double lambda) {
        DMatrixRMaj h = f.copy();
        for (int i = 0; i < h.numRows; i++) {
            h.add(i, i, lambda);
        }
        return h;
    }
}
