package io.fisherselect.math.select;

import io.fisherselect.math.plan.InMemorySelector;
import io.fisherselect.math.plan.MethodPlans;
import io.fisherselect.math.plan.PlanInputs;
import io.fisherselect.math.plan.SelectionParams;
import static io.fisherselect.math.testing.MatrixAsserts.assertClose;
import static io.fisherselect.math.testing.MatrixAsserts.assertRelClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.fisher.FisherSum;
import io.fisherselect.math.score.ItemScore;
import io.fisherselect.math.testing.DenseFisher;
import io.fisherselect.math.testing.DenseOracles;
import io.fisherselect.math.testing.RandomProblems;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * Multi-label (independent sigmoid outputs, {@code --likelihood bernoulli}): every Fisher method
 * against brute-force dense implementations with Fᵢ = diag(pᵢ ⊙ (1 − pᵢ)) ⊗ φᵢφᵢᵀ written from the
 * definition (same picks, gains to 1e-9 relative), the LogDet family on (p − ŷ) ⊗ φ, and the
 * prediction-space baselines' multi-label forms.
 */
class MultiLabelFisherTest {
    private static final int SEEDS = 30;
    private static final double GAIN_REL = 1e-9;
    private static final double GAIN_FLOOR = 1e-12;
    private static final FactorSpec.Likelihood BERNOULLI = FactorSpec.Likelihood.BERNOULLI;

    private record Case(RandomProblems pool, RandomProblems labeled, List<DMatrixRMaj> f, DMatrixRMaj labeledSum,
                        double lambda, int k, int parts) {
        int dd() {
            return pool.c * pool.d;
        }

        DMatrixRMaj h() {
            DMatrixRMaj h = DenseFisher.identity(dd(), lambda);
            return labeledSum == null ? h : DenseFisher.plus(h, labeledSum);
        }

        SelectionParams params(AcquisitionMethod m) {
            return new SelectionParams(m, k, lambda, 0L, BERNOULLI, 1.0, 0, false);
        }

        /** The plan's inputs from the dense oracle's sums (not from the code under test). */
        PlanInputs inputs(SelectionParams p) {
            PlanInputs in = PlanInputs.shape(pool.d, pool.c, p.factorSpec().columns(pool.c))
                    .withPool(ClassQuotaTest.sum(f, ClassQuotaTest.range(pool.n), dd()), pool.n);
            return labeledSum == null ? in : in.withLabeled(labeledSum, labeled.n);
        }

        List<TopK.Scored> select(AcquisitionMethod m) {
            SelectionParams p = params(m);
            return InMemorySelector.select(p, inputs(p), pool.blocks(p.factorSpec(), parts));
        }
    }

    private static Case randomCase(long seed) {
        int c = 2 + (int) (seed % 3);
        int d = 2 + (int) ((seed / 3) % 3);
        RandomProblems pool = RandomProblems.multiLabel(300 + seed, "p", 14 + (int) (seed % 11), d, c);
        List<DMatrixRMaj> f = new ArrayList<>();
        for (int i = 0; i < pool.n; i++) {
            f.add(DenseOracles.bernoulliFisher(pool.phi[i], pool.probs[i]));
        }
        RandomProblems labeled = null;
        DMatrixRMaj labeledSum = null;
        if (seed % 3 != 0) {
            labeled = RandomProblems.multiLabel(400 + seed, "l", 3 + (int) (seed % 4), d, c);
            labeledSum = new DMatrixRMaj(c * d, c * d);
            for (int i = 0; i < labeled.n; i++) {
                CommonOps_DDRM.addEquals(labeledSum, DenseOracles.bernoulliFisher(labeled.phi[i], labeled.probs[i]));
            }
        }
        double lambda = 0.3 + 0.35 * (seed % 4);
        return new Case(pool, labeled, f, labeledSum, lambda, 2 + (int) (seed % 4), 1 + (int) (seed % 3));
    }

    @Test
    void factorGivesTheDenseFisher() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Case cs = randomCase(seed);
            FactorSpec spec = cs.params(AcquisitionMethod.EIG_LOGDET).factorSpec();
            for (int i = 0; i < cs.pool.n; i++) {
                CandidateBlock one = cs.pool.rows(List.of(i)).block(spec);
                assertClose(cs.f.get(i), FisherSum.of(one), 1e-12, "seed " + seed + " item " + i);
            }
            assertClose(ClassQuotaTest.sum(cs.f, ClassQuotaTest.range(cs.pool.n), cs.dd()),
                    FisherSum.of(cs.pool.block(spec)), 1e-12, "seed " + seed + ": Σ F");
        }
    }

    @Test
    void eglAndEigTraceMatchDenseTraces() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Case cs = randomCase(seed);
            DMatrixRMaj hInv = DenseFisher.inverse(cs.h());
            for (AcquisitionMethod m : new AcquisitionMethod[] {AcquisitionMethod.EGL, AcquisitionMethod.EIG_TRACE}) {
                SelectionParams p = cs.params(m).withK(cs.pool.n);
                ItemScore score = MethodPlans.score(p, cs.inputs(p));
                CandidateBlock b = cs.pool.block(p.factorSpec());
                double[] scratch = new double[score.scratchSize()];
                for (int i = 0; i < b.n; i++) {
                    double expected = m == AcquisitionMethod.EGL ? DenseFisher.trace(cs.f.get(i))
                            : 0.5 * DenseFisher.trace(DenseFisher.mult(cs.f.get(i), hInv));
                    assertRelClose(expected, score.score(b, i, scratch), GAIN_REL, GAIN_FLOOR,
                            m.cliName() + " seed " + seed + " item " + i);
                }
            }
        }
    }

    @Test
    void eigLogDetMatchesDenseGreedy() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Case cs = randomCase(seed);
            DMatrixRMaj hInv = DenseFisher.inverse(cs.h());
            List<DenseOracles.DensePick> expected = DenseOracles.eigLogDetGreedy(cs.pool.ids, cs.f, hInv, cs.k);
            ClassQuotaTest.assertSame(expected, cs.select(AcquisitionMethod.EIG_LOGDET), "eig-logdet seed " + seed);
        }
    }

    @Test
    void epigLogDetMatchesDenseGreedy() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Case cs = randomCase(seed);
            DMatrixRMaj fEval = ClassQuotaTest.sum(cs.f, ClassQuotaTest.range(cs.pool.n), cs.dd());
            CommonOps_DDRM.scale(1.0 / cs.pool.n, fEval);
            DMatrixRMaj h = cs.h();
            List<DenseOracles.DensePick> expected = DenseOracles.constrainedGreedy(cs.pool.ids, null, null, cs.k,
                    b -> -EpigLogDetSelectionTest.objective(fEval, DenseFisher.plus(h, ClassQuotaTest.sum(cs.f, b, cs.dd()))));
            ClassQuotaTest.assertSame(expected, cs.select(AcquisitionMethod.EPIG_LOGDET), "epig-logdet seed " + seed);
        }
    }

    @Test
    void baitMatchesDenseBruteForce() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Case cs = randomCase(seed);
            BaitSelectionTest.Brute expected = BaitSelectionTest.bruteForce(cs.pool.ids,
                    cs.f.toArray(new DMatrixRMaj[0]), cs.labeledSum, cs.labeled == null ? 0 : cs.labeled.n,
                    cs.lambda, cs.k);
            List<TopK.Scored> actual = cs.select(AcquisitionMethod.BAIT);
            assertEquals(expected.picks().size(), actual.size(), "bait seed " + seed);
            for (int t = 0; t < actual.size(); t++) {
                assertEquals(expected.picks().get(t).id, actual.get(t).id(), "bait seed " + seed + " pick " + t);
                assertRelClose(expected.picks().get(t).gain, actual.get(t).score(), GAIN_REL, GAIN_FLOOR,
                        "bait seed " + seed + " gain " + t);
            }
        }
    }

    /** logdet(S_B + λI) with S the Gram matrix of the explicit (p − ŷ) ⊗ φ, ŷ_c = [p_c > ½]. */
    @Test
    void logDetOnMultiLabelGradientsMatchesDenseGreedy() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Case cs = randomCase(seed);
            double[][] g = new double[cs.pool.n][];
            for (int i = 0; i < cs.pool.n; i++) {
                g[i] = DenseOracles.multiLabelGradient(cs.pool.phi[i], cs.pool.probs[i]);
            }
            double lambda = cs.lambda;
            List<DenseOracles.DensePick> expected = DenseOracles.constrainedGreedy(cs.pool.ids, null, null, cs.k, b -> {
                DMatrixRMaj s = new DMatrixRMaj(b.size(), b.size());
                for (int x = 0; x < b.size(); x++) {
                    for (int y = 0; y < b.size(); y++) {
                        double v = 0;
                        for (int j = 0; j < g[0].length; j++) {
                            v += g[b.get(x)][j] * g[b.get(y)][j];
                        }
                        s.set(x, y, v + (x == y ? lambda : 0));
                    }
                }
                return b.isEmpty() ? 0.0 : DenseFisher.logDet(s);
            });
            ClassQuotaTest.assertSame(expected, cs.select(AcquisitionMethod.LOGDET), "logdet seed " + seed);
        }
    }

    /** BADGE's candidates carry the multi-label gradient (its seeding is the softmax case's code). */
    @Test
    void badgeFactorIsTheMultiLabelGradient() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Case cs = randomCase(seed);
            CandidateBlock b = cs.pool.block(cs.params(AcquisitionMethod.BADGE).factorSpec());
            for (int i = 0; i < b.n; i++) {
                double[] g = DenseOracles.multiLabelGradient(cs.pool.phi[i], cs.pool.probs[i]);
                double[] a = b.factorOf(i);
                double[] phi = b.phiOf(i);
                double[] kron = new double[g.length];
                for (int cls = 0; cls < b.c; cls++) {
                    for (int k = 0; k < b.d; k++) {
                        kron[cls * b.d + k] = a[cls] * phi[k];
                    }
                }
                assertClose(g, kron, 1e-15, "seed " + seed + " item " + i);
            }
            assertEquals(cs.k, cs.select(AcquisitionMethod.BADGE).size());
        }
    }

    @Test
    void predictionScoresAreTheirMultiLabelForms() {
        RandomProblems pool = RandomProblems.multiLabel(9, "p", 40, 2, 4);
        CandidateBlock b = pool.block(new SelectionParams(AcquisitionMethod.ENTROPY, 1, 1, 0, BERNOULLI, 1, 0, false)
                .factorSpec());
        for (AcquisitionMethod m : new AcquisitionMethod[] {AcquisitionMethod.ENTROPY, AcquisitionMethod.MARGIN,
                AcquisitionMethod.LEAST_CONFIDENCE}) {
            ItemScore score = MethodPlans.score(new SelectionParams(m, 1, 1, 0, BERNOULLI, 1, 0, false),
                    PlanInputs.shape(2, 4, 4));
            for (int i = 0; i < pool.n; i++) {
                double[] p = pool.probs[i];
                double expected = switch (m) {
                    // entropy of the joint of independent labels, by enumerating its 2^C outcomes
                    case ENTROPY -> {
                        double h = 0;
                        for (int mask = 0; mask < 16; mask++) {
                            double q = 1;
                            for (int c = 0; c < 4; c++) {
                                q *= ((mask >> c) & 1) == 1 ? p[c] : 1 - p[c];
                            }
                            h -= q > 0 ? q * Math.log(q) : 0;
                        }
                        yield h;
                    }
                    case MARGIN -> {
                        double min = 1;
                        for (double x : p) {
                            min = Math.min(min, Math.abs(x - (1 - x)));
                        }
                        yield -min;
                    }
                    default -> {
                        // 1 − the probability of the most probable label vector, by enumeration
                        double best = 0;
                        for (int mask = 0; mask < 16; mask++) {
                            double q = 1;
                            for (int c = 0; c < 4; c++) {
                                q *= ((mask >> c) & 1) == 1 ? p[c] : 1 - p[c];
                            }
                            best = Math.max(best, q);
                        }
                        yield 1 - best;
                    }
                };
                assertRelClose(expected, score.score(b, i, new double[score.scratchSize()]), 1e-12, 1e-14,
                        m.cliName() + " item " + i);
            }
        }
    }

    @Test
    void refusesTrueLabelMethodsAndARankCut() {
        assertThrows(IllegalArgumentException.class,
                () -> new SelectionParams(AcquisitionMethod.GRAND, 1, 1, 0, BERNOULLI, 1, 0, false));
        assertThrows(IllegalArgumentException.class,
                () -> new SelectionParams(AcquisitionMethod.EIG_LOGDET, 1, 1, 0, BERNOULLI, 1, 2, false));
    }
}
