package io.fisherselect.math.fisher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fisherselect.math.linalg.PreviousKernels;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.testing.DenseFisher;
import io.fisherselect.math.testing.MatrixAsserts;
import io.fisherselect.math.testing.RandomProblems;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** The blocked pool Fisher sum against Σᵢ (diag πᵢ − πᵢπᵢᵀ) ⊗ φᵢφᵢᵀ formed densely, item by item. */
class FisherSumTest {

    @Test
    void blockedSumEqualsTheDenseSumOfKroneckerProducts() {
        int[][] shapes = {{1, 2, 1}, {3, 2, 5}, {7, 3, 40}, {5, 4, 130}, {16, 10, 70}, {9, 1, 20}};
        for (int[] s : shapes) {
            int d = s[0];
            int c = s[1];
            int n = s[2];
            for (long seed = 0; seed < 6; seed++) {
                RandomProblems p = RandomProblems.classification(seed * 31 + d, "x", n, d, c);
                DMatrixRMaj dense = new DMatrixRMaj(c * d, c * d);
                for (int i = 0; i < n; i++) {
                    CommonOps_DDRM.addEquals(dense, DenseFisher.softmaxFisher(p.phi[i], p.probs[i]));
                }
                DMatrixRMaj blocked = FisherSum.of(p.block(FactorSpec.fisher()));
                MatrixAsserts.assertClose(dense, blocked, 1e-12, "d=" + d + " C=" + c + " n=" + n + " seed " + seed);
            }
        }
    }

    @Test
    void lowRankFactorsGiveTheSumOfTheirOuterProducts() {
        int d = 6;
        int c = 5;
        int n = 50;
        RandomProblems p = RandomProblems.classification(11, "x", n, d, c);
        CandidateBlock b = p.block(new FactorSpec(FactorSpec.Kind.FISHER, FactorSpec.Likelihood.SOFTMAX, 2, 1.0,
                false));
        DMatrixRMaj dense = new DMatrixRMaj(c * d, c * d);
        for (int i = 0; i < n; i++) {
            KroneckerOps.addFisher(dense, 1.0, b.phi, b.phiOffset(i), d, b.factor, b.factorOffset(i), c, b.r);
        }
        MatrixAsserts.assertClose(dense, FisherSum.of(b), 1e-12, "rank-2 factors");
    }

    @Test
    void blockedSumHasThePreviousKernelsBits() {
        // shapes across the panels of rows (256), of the kernel's k (64) and of monomials (512:
        // d ≥ 32), and the lane padding: C = 3, 5, 6, 7, 8, 10, 13 pad their pairs to 8, 16, 24,
        // 32, 40, 56, 96 lanes (lane blocks of 1, 2, 3, 4, 4 + 1, 4 + 3, 4 + 4 + 4 vectors of 8)
        int[][] shapes = {{1, 2, 1}, {33, 3, 300}, {40, 10, 520}, {7, 4, 257}, {32, 1, 600}, {9, 5, 65},
            {12, 6, 129}, {33, 7, 64}, {10, 8, 200}, {6, 10, 63}, {34, 13, 140}};
        for (int[] s : shapes) {
            int d = s[0];
            int c = s[1];
            int n = s[2];
            for (long seed = 0; seed < 3; seed++) {
                RandomProblems p = RandomProblems.classification(seed * 17 + d, "x", n, d, c);
                CandidateBlock b = p.block(FactorSpec.fisher());
                DMatrixRMaj previous = PreviousKernels.fisherSum(b);
                DMatrixRMaj now = FisherSum.of(b);
                for (int i = 0; i < previous.data.length; i++) {
                    assertEquals(Double.doubleToRawLongBits(previous.data[i]), Double.doubleToRawLongBits(now.data[i]),
                            "d=" + d + " C=" + c + " n=" + n + " seed " + seed + " entry " + i);
                }
            }
        }
    }

    @Test
    void resultIsSymmetricBitForBit() {
        RandomProblems p = RandomProblems.classification(5, "x", 300, 9, 4);
        DMatrixRMaj f = FisherSum.of(p.block(FactorSpec.fisher()));
        for (int i = 0; i < f.numRows; i++) {
            for (int j = 0; j < i; j++) {
                assertEquals(f.get(i, j), f.get(j, i), 0.0, "(" + i + ", " + j + ")");
            }
        }
    }
}
