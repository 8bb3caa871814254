package io.fisherselect.math.plan;

import static io.fisherselect.math.testing.MatrixAsserts.assertRelClose;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.fisher.FisherSum;
import io.fisherselect.math.method.Kernel;
import io.fisherselect.math.method.LogDetBruteForce;
import io.fisherselect.math.select.BlockState;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.GreedyDriver;
import io.fisherselect.math.select.GreedyObjective;
import io.fisherselect.math.select.Pick;
import io.fisherselect.math.select.StepMessage;
import io.fisherselect.math.testing.DenseFisher;
import io.fisherselect.math.testing.RandomProblems;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The objective of a batch from one sum over it ({@link BatchObjective}) against two independent
 * paths, on random small problems and many seeds: the greedy's own driver forced through the same
 * batch in a random order (the sum of the gains, as the pending items are replayed) and a dense
 * brute force — ½ log det of dense D×D Fisher sums for eig-logdet and epig-logdet, the item-space
 * log det(S_B + λI) of the kernel matrix for logdet (no weight-space identity used).
 */
class BatchObjectiveTest {
    private static final int SEEDS = 40;
    private static final double REL = 1e-9;
    private static final double FLOOR = 1e-9;

    @Test
    void eigLogDetMatchesTheReplayedGreedyAndTheDenseLogDet() {
        for (long seed = 0; seed < SEEDS; seed++) {
            check(AcquisitionMethod.EIG_LOGDET, Kernel.DOT, seed);
        }
    }

    @Test
    void epigLogDetMatchesTheReplayedGreedyAndTheDenseLogDet() {
        for (long seed = 0; seed < SEEDS; seed++) {
            check(AcquisitionMethod.EPIG_LOGDET, Kernel.DOT, seed);
        }
    }

    @Test
    void logDetMatchesTheReplayedGreedyAndTheKernelLogDet() {
        for (long seed = 0; seed < SEEDS; seed++) {
            check(AcquisitionMethod.LOGDET, seed % 2 == 0 ? Kernel.DOT : Kernel.COSINE, seed);
        }
    }

    @Test
    void methodsWithoutAClosedFormAreRefusedWithTheReason() {
        for (AcquisitionMethod m : List.of(AcquisitionMethod.BAIT, AcquisitionMethod.LOGDET_MI,
                AcquisitionMethod.LOGDET_CMI)) {
            String why = BatchObjective.unavailable(m);
            assertNotNull(why, m.cliName());
            SelectionParams p = new SelectionParams(m, 2, 1.0, 1, FactorSpec.Likelihood.SOFTMAX, 1.0, 0, false);
            assertThrows(IllegalArgumentException.class,
                    () -> BatchObjective.of(p, PlanInputs.shape(2, 2, 2), new DMatrixRMaj(4, 4), 2));
        }
        for (AcquisitionMethod m : List.of(AcquisitionMethod.EIG_LOGDET, AcquisitionMethod.EPIG_LOGDET,
                AcquisitionMethod.LOGDET)) {
            assertNull(BatchObjective.unavailable(m), m.cliName());
        }
    }

    private static void check(AcquisitionMethod m, Kernel kernel, long seed) {
        Random rnd = new Random(seed);
        int d = 2 + (int) (seed % 3);
        int c = 2 + (int) ((seed / 3) % 3);
        int n = 14 + (int) (seed % 11);
        double lambda = 0.2 + 0.5 * (seed % 5);
        RandomProblems pool = RandomProblems.classification(300 + seed, "p", n, d, c);
        SelectionParams p = new SelectionParams(m, 1, lambda, seed, FactorSpec.Likelihood.SOFTMAX, 1.0, 0, false,
                kernel, 1.0, 1.0, null, 1.0);
        FactorSpec spec = p.factorSpec();
        PlanInputs in = PlanInputs.shape(d, c, spec.columns(c));
        RandomProblems labeled = null;
        if (seed % 2 == 1 && m != AcquisitionMethod.LOGDET) {
            labeled = RandomProblems.classification(400 + seed, "l", 5, d, c);
            in = in.withLabeled(FisherSum.of(labeled.block(p.fisherSpec())), labeled.n);
        }
        if (m == AcquisitionMethod.EPIG_LOGDET) {
            in = in.withPool(FisherSum.of(pool.block(p.fisherSpec())), pool.n);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, rnd);
        // a third of the seeds condition on pending items (rows of the pool that are not in the batch)
        List<Integer> pending = seed % 3 == 2 ? order.subList(0, 3) : List.of();
        List<Integer> batch = order.subList(pending.size(), pending.size() + 2 + rnd.nextInt(6));
        if (!pending.isEmpty()) {
            in = in.withPending(pool.rows(pending).block(spec));
        }
        CandidateBlock rows = pool.rows(batch).block(spec);
        Kernel weights = BatchObjective.weights(p);
        double value = BatchObjective.of(p, in, FisherSum.of(weights == null ? rows : weights.weighted(rows)),
                batch.size());

        String what = m.cliName() + " " + kernel + " seed " + seed + " |B| = " + batch.size() + " pending "
                + pending.size();
        assertRelClose(replayed(p, in, pool, pending, batch), value, REL, FLOOR, what + " vs the replayed greedy");
        assertRelClose(dense(m, kernel, lambda, pool, labeled, pending, batch), value, REL, FLOOR,
                what + " vs the dense log det");
    }

    /**
     * The sum of the gains of the method's greedy driver forced through the batch in its order;
     * the LogDet family enters the pending items first as picks (their gains not counted), the
     * Fisher methods have them in H already.
     */
    private static double replayed(SelectionParams p, PlanInputs in, RandomProblems pool, List<Integer> pending,
                                   List<Integer> batch) {
        GreedyDriver driver = MethodPlans.greedy(p, in);
        GreedyObjective objective = driver.objective();
        boolean byPicks = p.method().conditionsOnPendingByPicks();
        List<Integer> all = new ArrayList<>(byPicks ? pending : List.of());
        all.addAll(batch);
        CandidateBlock block = pool.rows(all).block(p.factorSpec());
        BlockState state = BlockState.initial(block, objective);
        double sum = 0;
        for (int row = 0; row < block.n; row++) {
            Pick pick = state.pick(block, objective, row, null);
            if (row >= all.size() - batch.size()) {
                sum += pick.gain;
            }
            StepMessage message = driver.afterPick(pick);
            state = state.next(block, objective, pick.id, message);
        }
        return sum;
    }

    /** The objective from dense matrices: no factor, no structured sum, no weight-space identity. */
    private static double dense(AcquisitionMethod m, Kernel kernel, double lambda, RandomProblems pool,
                                RandomProblems labeled, List<Integer> pending, List<Integer> batch) {
        if (m == AcquisitionMethod.LOGDET) {
            LogDetBruteForce f = new LogDetBruteForce(kernel, lambda, 1.0, 1.0, pool, null, null);
            List<Integer> both = new ArrayList<>(pending);
            both.addAll(batch);
            return f.logdet(both) - (pending.isEmpty() ? 0.0 : f.logdet(pending));
        }
        int dim = pool.c * pool.d;
        DMatrixRMaj h = DenseFisher.identity(dim, lambda);
        if (labeled != null) {
            h = DenseFisher.plus(h, denseSum(labeled, allRows(labeled.n)));
        }
        h = DenseFisher.plus(h, denseSum(pool, pending));
        DMatrixRMaj s = denseSum(pool, batch);
        double eig = 0.5 * (DenseFisher.logDet(DenseFisher.plus(h, s)) - DenseFisher.logDet(h));
        if (m == AcquisitionMethod.EIG_LOGDET) {
            return eig;
        }
        DMatrixRMaj eval = denseSum(pool, allRows(pool.n));
        org.ejml.dense.row.CommonOps_DDRM.scale(1.0 / pool.n, eval);
        DMatrixRMaj he = DenseFisher.plus(h, eval);
        return eig - 0.5 * (DenseFisher.logDet(DenseFisher.plus(he, s)) - DenseFisher.logDet(he));
    }

    private static DMatrixRMaj denseSum(RandomProblems set, List<Integer> rows) {
        int dim = set.c * set.d;
        DMatrixRMaj sum = new DMatrixRMaj(dim, dim);
        for (int i : rows) {
            sum = DenseFisher.plus(sum, DenseFisher.softmaxFisher(set.phi[i], set.probs[i]));
        }
        return sum;
    }

    private static List<Integer> allRows(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }
}
