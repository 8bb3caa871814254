package io.fisherselect.math.fisher;

import static io.fisherselect.math.testing.MatrixAsserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fisherselect.math.testing.DenseFisher;
import io.fisherselect.math.testing.DenseOracles;
import io.fisherselect.math.testing.RandomProblems;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** FisherFactor (and FactorSpec's dispatch) against the dense definitions. */
class FisherFactorTest {
    private static final int SEEDS = 40;
    private static final double TOL = 1e-12;

    private static RandomProblems problem(long seed, int n) {
        int d = 2 + (int) (seed % 5);
        int c = 2 + (int) ((seed / 5) % 4);
        return RandomProblems.classification(1000 + seed, "x", n, d, c);
    }

    private static DMatrixRMaj matrix(double[] a, int rows, int cols) {
        return new DMatrixRMaj(rows, cols, true, a.clone());
    }

    @Test
    void softmaxFullRankGivesTheSoftmaxHessian() {
        for (long seed = 0; seed < SEEDS; seed++) {
            RandomProblems p = problem(seed, 10);
            int c = p.c;
            for (int i = 0; i < p.n; i++) {
                double[] a = new double[c * c + 3];
                FisherFactor.softmax(p.probs[i], c, a, 3);
                double[] aOnly = java.util.Arrays.copyOfRange(a, 3, 3 + c * c);
                DMatrixRMaj am = matrix(aOnly, c, c);
                DMatrixRMaj aat = new DMatrixRMaj(c, c);
                CommonOps_DDRM.multTransB(am, am, aat);
                assertClose(DenseFisher.softmaxHessian(p.probs[i]), aat, TOL, "A Aᵀ, seed " + seed + " item " + i);
                // V Vᵀ of V = A ⊗ φ is the dense Fisher
                DMatrixRMaj v = DenseFisher.kron(am, DenseFisher.column(p.phi[i]));
                DMatrixRMaj vvt = new DMatrixRMaj(v.numRows, v.numRows);
                CommonOps_DDRM.multTransB(v, v, vvt);
                assertClose(DenseFisher.softmaxFisher(p.phi[i], p.probs[i]), vvt, TOL,
                        "V Vᵀ, seed " + seed + " item " + i);
                // column c is √π_c (e_c − π)
                for (int col = 0; col < c; col++) {
                    for (int row = 0; row < c; row++) {
                        double e = Math.sqrt(p.probs[i][col]) * ((row == col ? 1 : 0) - p.probs[i][row]);
                        assertEquals(e, aOnly[row * c + col], 1e-15, "A[" + row + "," + col + "]");
                    }
                }
            }
        }
    }

    @Test
    void softmaxLowRankKeepsTheMostProbableClasses() {
        for (long seed = 0; seed < SEEDS; seed++) {
            RandomProblems p = problem(seed, 8);
            int c = p.c;
            for (int r = 1; r <= c; r++) {
                for (int i = 0; i < p.n; i++) {
                    double[] pi = p.probs[i];
                    double[] a = new double[c * r];
                    FisherFactor.softmax(pi, r, a, 0);
                    // columns: those of the r most probable classes, in class order
                    int[] cols = DenseOracles.topClasses(pi, r);
                    for (int j = 0; j < r; j++) {
                        for (int row = 0; row < c; row++) {
                            double e = Math.sqrt(pi[cols[j]]) * ((row == cols[j] ? 1 : 0) - pi[row]);
                            assertEquals(e, a[row * r + j], 1e-15,
                                    "seed " + seed + " r " + r + " item " + i + " A[" + row + "," + j + "]");
                        }
                    }
                    DMatrixRMaj v = DenseFisher.kron(matrix(a, c, r), DenseFisher.column(p.phi[i]));
                    DMatrixRMaj vvt = new DMatrixRMaj(v.numRows, v.numRows);
                    CommonOps_DDRM.multTransB(v, v, vvt);
                    // Σ over the kept classes of the rank-1 terms, built column by column
                    DMatrixRMaj expected = new DMatrixRMaj(v.numRows, v.numRows);
                    for (int cls : cols) {
                        DMatrixRMaj col = DenseFisher.column(DenseOracles.classColumn(p.phi[i], pi, cls));
                        CommonOps_DDRM.multAddTransB(col, col, expected);
                    }
                    assertClose(expected, vvt, TOL, "low-rank V Vᵀ, seed " + seed + " r " + r + " item " + i);
                    if (r == c) {
                        assertClose(DenseFisher.softmaxFisher(p.phi[i], pi), vvt, TOL, "rank C is exact");
                    }
                }
            }
        }
    }

    @Test
    void softmaxLowRankTiesGoToTheLowerClass() {
        double[] p = {0.1, 0.3, 0.3, 0.3};
        double[] a = new double[4 * 2];
        FisherFactor.softmax(p, 2, a, 0);
        // kept classes 1 and 2 (class 3 ties with them but has the higher index)
        for (int row = 0; row < 4; row++) {
            assertEquals(Math.sqrt(0.3) * ((row == 1 ? 1 : 0) - p[row]), a[row * 2], 1e-15);
            assertEquals(Math.sqrt(0.3) * ((row == 2 ? 1 : 0) - p[row]), a[row * 2 + 1], 1e-15);
        }
        double[] q = {0.25, 0.25, 0.25, 0.25};
        double[] b = new double[4];
        FisherFactor.softmax(q, 1, b, 0);
        for (int row = 0; row < 4; row++) {
            assertEquals(0.5 * ((row == 0 ? 1 : 0) - 0.25), b[row], 1e-15);
        }
    }

    @Test
    void softmaxRejectsBadRank() {
        double[] p = {0.5, 0.5};
        assertThrows(IllegalArgumentException.class, () -> FisherFactor.softmax(p, 0, new double[4], 0));
        assertThrows(IllegalArgumentException.class, () -> FisherFactor.softmax(p, 3, new double[6], 0));
    }

    @Test
    void gaussianFactorGivesIdentityOverNoiseKronPhiPhi() {
        for (long seed = 0; seed < SEEDS; seed++) {
            RandomProblems p = problem(seed, 3);
            int o = p.c;
            double sigma2 = 0.2 + seed * 0.17;
            for (int i = 0; i < p.n; i++) {
                double[] a = new double[o * o + 1];
                FisherFactor.gaussian(o, sigma2, a, 1);
                DMatrixRMaj am = matrix(java.util.Arrays.copyOfRange(a, 1, 1 + o * o), o, o);
                DMatrixRMaj v = DenseFisher.kron(am, DenseFisher.column(p.phi[i]));
                DMatrixRMaj vvt = new DMatrixRMaj(v.numRows, v.numRows);
                CommonOps_DDRM.multTransB(v, v, vvt);
                assertClose(DenseOracles.gaussianFisher(p.phi[i], o, sigma2), vvt, TOL, "gaussian seed " + seed);
                // through FactorSpec as well
                FactorSpec spec = new FactorSpec(FactorSpec.Kind.FISHER, FactorSpec.Likelihood.GAUSSIAN, 0, sigma2, false);
                assertEquals(o, spec.columns(o));
                double[] b = new double[o * o];
                spec.factor(null, -1, o, b, 0);
                assertArrayEquals(am.data, b, 0.0);
            }
        }
    }

    @Test
    void labelGradientIsPiMinusOneHotKronPhi() {
        for (long seed = 0; seed < SEEDS; seed++) {
            RandomProblems p = problem(seed, 6);
            int c = p.c;
            for (int i = 0; i < p.n; i++) {
                for (int y = 0; y < c; y++) {
                    double[] a = new double[c];
                    FisherFactor.labelGradient(p.probs[i], y, a, 0);
                    double[] g = DenseFisher.kron(DenseFisher.column(a), DenseFisher.column(p.phi[i])).data;
                    assertClose(DenseFisher.gradient(p.phi[i], p.probs[i], y), g, TOL, "gradient");
                }
                // FactorSpec: true label and hard pseudo-label
                FactorSpec label = new FactorSpec(FactorSpec.Kind.LABEL_GRADIENT, FactorSpec.Likelihood.SOFTMAX, 0, 1, false);
                double[] a = new double[c];
                label.factor(p.probs[i], p.labels[i], c, a, 0);
                double[] expected = p.probs[i].clone();
                expected[p.labels[i]] -= 1;
                assertArrayEquals(expected, a, 1e-15);
                FactorSpec pseudo = new FactorSpec(FactorSpec.Kind.PSEUDO_LABEL_GRADIENT, FactorSpec.Likelihood.SOFTMAX, 0, 1, false);
                pseudo.factor(p.probs[i], -1, c, a, 0);
                expected = p.probs[i].clone();
                expected[DenseOracles.topClasses(p.probs[i], 1)[0]] -= 1;
                assertArrayEquals(expected, a, 1e-15);
                assertEquals(1, pseudo.columns(c));
            }
        }
    }

    @Test
    void argmaxTiesGoToTheLowerIndex() {
        assertEquals(0, FisherFactor.argmax(new double[] {0.5, 0.5}));
        assertEquals(1, FisherFactor.argmax(new double[] {0.2, 0.4, 0.4}));
        assertEquals(2, FisherFactor.argmax(new double[] {0.1, 0.2, 0.7}));
        assertEquals(0, FisherFactor.argmax(new double[] {0.25, 0.25, 0.25, 0.25}));
        assertEquals(3, FisherFactor.argmax(new double[] {0.1, 0.2, 0.3, 0.4}));
        for (long seed = 0; seed < SEEDS; seed++) {
            RandomProblems p = problem(seed, 5);
            for (double[] pi : p.probs) {
                assertEquals(DenseOracles.topClasses(pi, 1)[0], FisherFactor.argmax(pi));
            }
        }
    }

    @Test
    void factorSpecColumns() {
        FactorSpec exact = FactorSpec.fisher();
        assertEquals(5, exact.columns(5));
        FactorSpec low = new FactorSpec(FactorSpec.Kind.FISHER, FactorSpec.Likelihood.SOFTMAX, 2, 1, false);
        assertEquals(2, low.columns(5));
        FactorSpec tooHigh = new FactorSpec(FactorSpec.Kind.FISHER, FactorSpec.Likelihood.SOFTMAX, 9, 1, true);
        assertEquals(3, tooHigh.columns(3));
        assertEquals(7, tooHigh.embeddingLength(6));
        assertEquals(6, low.embeddingLength(6));
    }
}
