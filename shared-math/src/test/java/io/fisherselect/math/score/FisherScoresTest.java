package io.fisherselect.math.score;

import io.fisherselect.math.plan.PlanInputs;
import static io.fisherselect.math.testing.MatrixAsserts.assertRelClose;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.fisher.FisherSum;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.plan.MethodPlans;
import io.fisherselect.math.plan.SelectionParams;
import io.fisherselect.math.testing.DenseFisher;
import io.fisherselect.math.testing.DenseOracles;
import io.fisherselect.math.testing.RandomProblems;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** Top-k Fisher scores (through MethodPlans.score) against dense traces. */
class FisherScoresTest {
    private static final int SEEDS = 40;
    private static final double TOL = 1e-11;

    @Test
    void eglIsOneMinusPiSquaredTimesPhiSquaredAndTheTraceOfF() {
        for (long seed = 0; seed < SEEDS; seed++) {
            int d = 2 + (int) (seed % 5);
            int c = 2 + (int) ((seed / 5) % 4);
            RandomProblems p = RandomProblems.classification(7000 + seed, "e", 15, d, c);
            SelectionParams params = SelectionParams.of(AcquisitionMethod.EGL, 3);
            CandidateBlock b = p.block(params.factorSpec());
            ItemScore score = MethodPlans.score(params, PlanInputs.shape(b.d, b.c, b.r).withLabeled(null, 0));
            double[] scratch = new double[score.scratchSize()];
            for (int i = 0; i < p.n; i++) {
                double pi2 = 0;
                for (double v : p.probs[i]) {
                    pi2 += v * v;
                }
                double phi2 = 0;
                for (double v : p.phi[i]) {
                    phi2 += v * v;
                }
                double s = score.score(b, i, scratch);
                assertRelClose((1 - pi2) * phi2, s, TOL, 1e-300, "egl seed " + seed + " row " + i);
                assertRelClose(DenseFisher.trace(DenseFisher.softmaxFisher(p.phi[i], p.probs[i])), s, TOL, 1e-300,
                        "tr F seed " + seed + " row " + i);
            }
        }
    }

    @Test
    void eigTraceIsHalfTraceOfFTimesHInverse() {
        for (long seed = 0; seed < SEEDS; seed++) {
            int d = 2 + (int) (seed % 5);
            int c = 2 + (int) ((seed / 5) % 4);
            double lambda = 0.2 + 0.3 * (seed % 6);
            int rank = seed % 3 == 2 ? 1 + (int) (seed % c) : 0;
            boolean withLabeled = seed % 2 == 1;
            RandomProblems pool = RandomProblems.classification(8000 + seed, "e", 12, d, c);
            RandomProblems labeled = RandomProblems.classification(9000 + seed, "l", 4 + (int) (seed % 15), d, c);
            SelectionParams params = new SelectionParams(AcquisitionMethod.EIG_TRACE, 3, lambda, 0L,
                    FactorSpec.Likelihood.SOFTMAX, 1.0, rank, false);
            FactorSpec spec = params.factorSpec();
            int r = spec.columns(c);
            CandidateBlock b = pool.block(spec);
            DMatrixRMaj labeledFisher = withLabeled ? FisherSum.of(labeled.block(spec)) : null;
            ItemScore score = MethodPlans.score(params, PlanInputs.shape(d, c, r).withLabeled(labeledFisher, 0));

            int dd = c * d;
            DMatrixRMaj h = DenseFisher.identity(dd, lambda);
            if (withLabeled) {
                for (int j = 0; j < labeled.n; j++) {
                    CommonOps_DDRM.addEquals(h, DenseOracles.lowRankSoftmaxFisher(labeled.phi[j], labeled.probs[j], r));
                }
            }
            DMatrixRMaj hInv = DenseFisher.inverse(h);
            double[] scratch = new double[score.scratchSize()];
            for (int i = 0; i < pool.n; i++) {
                DMatrixRMaj f = DenseOracles.lowRankSoftmaxFisher(pool.phi[i], pool.probs[i], r);
                double expected = 0.5 * DenseFisher.trace(DenseFisher.mult(f, hInv));
                Arrays.fill(scratch, Double.NaN);
                assertRelClose(expected, score.score(b, i, scratch), TOL, 1e-300,
                        "eig-trace seed " + seed + " row " + i + " rank " + r + " labeled " + withLabeled);
            }
        }
    }

    @Test
    void greedyMethodIsNotATopKScore() {
        assertThrows(IllegalArgumentException.class,
                () -> MethodPlans.score(SelectionParams.of(AcquisitionMethod.EIG_LOGDET, 2), PlanInputs.shape(2, 2, 2).withLabeled(null, 0)));
        assertThrows(IllegalArgumentException.class,
                () -> MethodPlans.greedy(SelectionParams.of(AcquisitionMethod.EGL, 2), PlanInputs.shape(2, 2, 2).withLabeled(null, 0)));
    }
}
