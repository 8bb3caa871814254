package io.fisherselect.math.select;

import io.fisherselect.math.plan.MethodPlans;
import io.fisherselect.math.plan.PlanInputs;
import io.fisherselect.math.plan.SelectionParams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.fisher.FisherSum;
import io.fisherselect.math.testing.DenseFisher;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * Bayesian linear regression y = xᵀω + ε, ε ~ N(0, σ²), prior N(0, I/λ): the posterior covariance
 * Σ = H⁻¹, H = λI + Σ_labeled xxᵀ/σ², does not depend on y, so the EIG is exact
 * (lecture notes): EIG(x) = ½ log(1 + xᵀΣx/σ²). The weight-space eig-logdet with the gaussian
 * likelihood must reproduce it, item by item and pick by pick (with Σ updated by each pick).
 */
class BayesianLinearRegressionTest {

    private static double quadratic(double[] x, DMatrixRMaj sigma) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x.length; j++) {
                s += x[i] * sigma.get(i, j) * x[j];
            }
        }
        return s;
    }

    @Test
    void eigLogDetIsTheExactRegressionEig() {
        for (long seed = 0; seed < 25; seed++) {
            Random rnd = new Random(seed);
            int d = 1 + rnd.nextInt(5);
            double sigma2 = new double[] {0.25, 1.0, 3.0}[(int) (seed % 3)];
            double lambda = 0.2 + 2 * rnd.nextDouble();
            SelectionParams p = new SelectionParams(AcquisitionMethod.EIG_LOGDET, 5, lambda, seed,
                    FactorSpec.Likelihood.GAUSSIAN, sigma2, 0, false);
            FactorSpec spec = p.factorSpec();
            CandidateBlockBuilder lab = new CandidateBlockBuilder(spec, 1);
            DMatrixRMaj h = DenseFisher.identity(d, lambda);
            int nLabeled = 1 + rnd.nextInt(6);
            for (int i = 0; i < nLabeled; i++) {
                double[] x = gaussian(rnd, d);
                lab.add("l" + i, x, null, -1);
                for (int a = 0; a < d; a++) {
                    for (int b = 0; b < d; b++) {
                        h.add(a, b, x[a] * x[b] / sigma2);
                    }
                }
            }
            CandidateBlockBuilder pool = new CandidateBlockBuilder(spec, 1);
            double[][] xs = new double[15][];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = gaussian(rnd, d);
                pool.add(String.format("x%02d", i), xs[i], null, -1);
            }
            CandidateBlock block = pool.build(d);
            GreedyDriver driver = MethodPlans.greedy(p, PlanInputs.shape(d, 1, 1).withLabeled(FisherSum.of(lab.build(d)), 0));

            // every item's single-item gain
            DMatrixRMaj sigma = DenseFisher.inverse(h);
            BlockState st = BlockState.initial(block, driver.objective());
            double[] scratch = new double[driver.objective().scratchSize()];
            for (int i = 0; i < xs.length; i++) {
                assertEquals(0.5 * Math.log(1 + quadratic(xs[i], sigma) / sigma2),
                        driver.objective().gain(block, i, st.values, scratch), 1e-10);
            }

            // the greedy batch: each gain is the exact EIG under the posterior after the earlier picks
            List<Pick> picks = GreedySelector.select(List.of(block), driver, 5);
            DMatrixRMaj hb = h.copy();
            double total = 0;
            java.util.Set<Integer> taken = new java.util.HashSet<>();
            for (Pick pick : picks) {
                int row = Integer.parseInt(pick.id.substring(1));
                DMatrixRMaj s = DenseFisher.inverse(hb);
                double best = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < xs.length; i++) {
                    if (!taken.contains(i)) {
                        best = Math.max(best, 0.5 * Math.log(1 + quadratic(xs[i], s) / sigma2));
                    }
                }
                taken.add(row);
                double eig = 0.5 * Math.log(1 + quadratic(xs[row], s) / sigma2);
                assertEquals(eig, pick.gain, 1e-10);
                assertEquals(best, pick.gain, 1e-10);
                total += eig;
                DMatrixRMaj xx = new DMatrixRMaj(d, d);
                CommonOps_DDRM.multTransB(1.0 / sigma2, DenseFisher.column(xs[row]), DenseFisher.column(xs[row]), xx);
                hb = DenseFisher.plus(hb, xx);
            }
            // the batch EIG ½ log det(I + X_B Σ X_Bᵀ/σ²) is the sum of the greedy gains
            assertEquals(0.5 * (DenseFisher.logDet(hb) - DenseFisher.logDet(h)), total, 1e-9);
        }
    }

    private static double[] gaussian(Random rnd, int d) {
        double[] x = new double[d];
        for (int i = 0; i < d; i++) {
            x[i] = rnd.nextGaussian();
        }
        return x;
    }
}
