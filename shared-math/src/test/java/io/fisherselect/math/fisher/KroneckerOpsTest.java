package io.fisherselect.math.fisher;

import static io.fisherselect.math.testing.DenseOracles.gaussian;
import static io.fisherselect.math.testing.MatrixAsserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fisherselect.math.linalg.SmallMatrixOps;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.testing.DenseFisher;
import io.fisherselect.math.testing.DenseOracles;
import io.fisherselect.math.testing.RandomProblems;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** KroneckerOps and FisherSum against dense Kronecker products. */
class KroneckerOpsTest {
    private static final int SEEDS = 40;
    private static final double TOL = 1e-12;

    private static RandomProblems problem(long seed, int n) {
        int d = 2 + (int) (seed % 5);
        int c = 2 + (int) ((seed / 5) % 4);
        return RandomProblems.classification(2000 + seed, "k", n, d, c);
    }

    /** r cycles through 1..C with the seed, so low-rank factors are covered too. */
    private static FactorSpec spec(long seed, int c) {
        int r = 1 + (int) (seed % c);
        return new FactorSpec(FactorSpec.Kind.FISHER, FactorSpec.Likelihood.SOFTMAX, r, 1.0, false);
    }

    /** V = A ⊗ φ built densely from the block's row (the oracle's V, not denseFactor's). */
    private static DMatrixRMaj denseV(CandidateBlock b, int row) {
        DMatrixRMaj a = new DMatrixRMaj(b.c, b.r, true, b.factorOf(row));
        return DenseFisher.kron(a, DenseFisher.column(b.phiOf(row)));
    }

    @Test
    void denseFactorIsTheKroneckerProduct() {
        for (long seed = 0; seed < SEEDS; seed++) {
            RandomProblems p = problem(seed, 6);
            CandidateBlock b = p.block(spec(seed, p.c));
            for (int i = 0; i < b.n; i++) {
                DMatrixRMaj v = KroneckerOps.denseFactor(b.phi, b.phiOffset(i), b.d, b.factor, b.factorOffset(i), b.c, b.r);
                assertClose(denseV(b, i), v, 0.0, "denseFactor seed " + seed + " row " + i);
            }
        }
    }

    @Test
    void projectEqualsDenseVTransposeW() {
        for (long seed = 0; seed < SEEDS; seed++) {
            RandomProblems p = problem(seed, 6);
            CandidateBlock b = p.block(spec(seed, p.c));
            Random rnd = new Random(seed);
            int dd = b.c * b.d;
            for (int m = 1; m <= 4; m++) {
                DMatrixRMaj w = gaussian(rnd, dd, m);
                double[] wt = KroneckerOps.projectionLayout(w, b.d, b.c);
                for (int i = 0; i < b.n; i++) {
                    double[] z = new double[b.c * m];
                    double[] out = new double[2 + b.r * m];
                    KroneckerOps.project(b.phi, b.phiOffset(i), b.d, b.factor, b.factorOffset(i), b.c, b.r,
                            wt, m, z, out, 2);
                    DMatrixRMaj expected = new DMatrixRMaj(b.r, m);
                    CommonOps_DDRM.multTransA(denseV(b, i), w, expected);
                    assertClose(expected.data, 0, out, 2, b.r * m, TOL, "Vᵀ W seed " + seed + " m " + m + " row " + i);
                }
            }
        }
    }

    @Test
    void projectionLayoutRejectsWrongShape() {
        assertThrows(IllegalArgumentException.class,
                () -> KroneckerOps.projectionLayout(new DMatrixRMaj(7, 2), 3, 2));
    }

    @Test
    void embeddingQuadraticFormThenCongruenceEqualsDenseVtGV() {
        for (long seed = 0; seed < SEEDS; seed++) {
            RandomProblems p = problem(seed, 6);
            CandidateBlock b = p.block(spec(seed, p.c));
            Random rnd = new Random(seed + 77);
            int dd = b.c * b.d;
            // a general (non-symmetric) G and a symmetric one
            DMatrixRMaj g = gaussian(rnd, dd, dd);
            DMatrixRMaj sym = new DMatrixRMaj(dd, dd);
            CommonOps_DDRM.multTransB(g, g, sym);
            for (DMatrixRMaj gm : new DMatrixRMaj[] {g, sym}) {
                double[] gt = KroneckerOps.projectionLayout(gm, b.d, b.c);
                for (int i = 0; i < b.n; i++) {
                    double[] z = new double[3 + b.c * dd];
                    double[] q = new double[1 + b.c * b.c];
                    KroneckerOps.embeddingQuadraticForm(b.phi, b.phiOffset(i), b.d, b.c, gt, z, 3, q, 1);
                    // Q = (I ⊗ φ)ᵀ G (I ⊗ φ)
                    DMatrixRMaj iphi = DenseFisher.kron(DenseFisher.identity(b.c, 1.0), DenseFisher.column(b.phiOf(i)));
                    DMatrixRMaj eq = new DMatrixRMaj(b.c, b.c);
                    DMatrixRMaj tmp = new DMatrixRMaj(b.c, dd);
                    CommonOps_DDRM.multTransA(iphi, gm, tmp);
                    CommonOps_DDRM.mult(tmp, iphi, eq);
                    assertClose(eq.data, 0, q, 1, b.c * b.c, TOL, "Q seed " + seed + " row " + i);
                    // Aᵀ Q A = Vᵀ G V
                    double[] out = new double[b.r * b.r + 2];
                    double[] t = new double[b.c * b.r + 1];
                    SmallMatrixOps.congruence(b.factor, b.factorOffset(i), b.c, b.r, q, 1, t, 1, out, 2);
                    DMatrixRMaj v = denseV(b, i);
                    DMatrixRMaj vtg = new DMatrixRMaj(b.r, dd);
                    CommonOps_DDRM.multTransA(v, gm, vtg);
                    DMatrixRMaj expected = new DMatrixRMaj(b.r, b.r);
                    CommonOps_DDRM.mult(vtg, v, expected);
                    assertClose(expected.data, 0, out, 2, b.r * b.r, TOL, "Vᵀ G V seed " + seed + " row " + i);
                }
            }
        }
    }

    @Test
    void addFisherEqualsDenseVVt() {
        for (long seed = 0; seed < SEEDS; seed++) {
            RandomProblems p = problem(seed, 6);
            FactorSpec sp = spec(seed, p.c);
            CandidateBlock b = p.block(sp);
            int dd = b.c * b.d;
            Random rnd = new Random(seed);
            DMatrixRMaj start = gaussian(rnd, dd, dd);
            DMatrixRMaj target = start.copy();
            DMatrixRMaj expected = start.copy();
            for (int i = 0; i < b.n; i++) {
                double w = 0.5 + i;
                KroneckerOps.addFisher(target, w, b.phi, b.phiOffset(i), b.d, b.factor, b.factorOffset(i), b.c, b.r);
                DMatrixRMaj v = denseV(b, i);
                DMatrixRMaj vvt = new DMatrixRMaj(dd, dd);
                CommonOps_DDRM.multTransB(v, v, vvt);
                CommonOps_DDRM.addEquals(expected, w, vvt);
                // the single term against the paper's formula (low rank: the kept classes' terms)
                DMatrixRMaj single = new DMatrixRMaj(dd, dd);
                KroneckerOps.addFisher(single, 1.0, b.phi, b.phiOffset(i), b.d, b.factor, b.factorOffset(i), b.c, b.r);
                assertClose(DenseOracles.lowRankSoftmaxFisher(p.phi[i], p.probs[i], b.r), single, TOL,
                        "F_i seed " + seed + " row " + i);
                if (b.r == b.c) {
                    assertClose(DenseFisher.softmaxFisher(p.phi[i], p.probs[i]), single, TOL, "F_i exact");
                }
            }
            assertClose(expected, target, TOL, "Σ w V Vᵀ seed " + seed);
        }
    }

    @Test
    void fisherSumOfABlockIsTheSumOfDenseFishers() {
        for (long seed = 0; seed < SEEDS; seed++) {
            RandomProblems p = problem(seed, 12);
            CandidateBlock b = p.block(FactorSpec.fisher());
            int dd = b.c * b.d;
            DMatrixRMaj expected = new DMatrixRMaj(dd, dd);
            for (int i = 0; i < p.n; i++) {
                CommonOps_DDRM.addEquals(expected, DenseFisher.softmaxFisher(p.phi[i], p.probs[i]));
            }
            assertClose(expected, FisherSum.of(b), TOL, "Σ F seed " + seed);
            DMatrixRMaj ridge = FisherSum.plusRidge(expected, 0.7);
            assertClose(DenseFisher.plus(expected, DenseFisher.identity(dd, 0.7)), ridge, 0.0, "λI + F");
        }
    }
}
