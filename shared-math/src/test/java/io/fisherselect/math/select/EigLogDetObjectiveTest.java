package io.fisherselect.math.select;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.fisher.FisherSum;
import io.fisherselect.math.plan.InMemorySelector;
import io.fisherselect.math.plan.MethodPlans;
import io.fisherselect.math.plan.PlanInputs;
import io.fisherselect.math.plan.SelectionParams;
import io.fisherselect.math.testing.DenseFisher;
import io.fisherselect.math.testing.DenseOracles;
import io.fisherselect.math.testing.RandomProblems;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * {@link MethodPlans#eigLogDetObjectives}: the exact eig-logdet objective of a set B, by two
 * Cholesky log-determinants, must be the dense ½ log det(I + Σ_B Fⱼ H⁻¹) (Kirsch &amp; Gal 2022,
 * eq. (51)) computed by LU from the dense Fisher matrices, for any set; and for the greedy's own
 * batch it must be the sum of the greedy's gains (its objective's increments).
 */
class EigLogDetObjectiveTest {
    private static final int SEEDS = 40;

    @Test
    void theObjectiveOfAnySetIsTheDenseLogDet() {
        for (long seed = 0; seed < SEEDS; seed++) {
            int d = 2 + (int) (seed % 3);
            int c = 2 + (int) ((seed / 3) % 3);
            int n = 12 + (int) (seed % 9);
            RandomProblems pool = RandomProblems.classification(300 + seed, "p", n, d, c);
            double lambda = 0.3 + 0.4 * (seed % 4);
            SelectionParams p = new SelectionParams(AcquisitionMethod.EIG_LOGDET, 1, lambda, seed,
                    FactorSpec.Likelihood.SOFTMAX, 1.0, 0, false);
            PlanInputs in = PlanInputs.shape(d, c, p.factorSpec().columns(c));
            DMatrixRMaj h = DenseFisher.identity(c * d, lambda);
            if (seed % 2 == 1) {
                RandomProblems labeled = RandomProblems.classification(400 + seed, "l", 5, d, c);
                DMatrixRMaj labeledSum = FisherSum.of(labeled.block(p.fisherSpec()));
                in = in.withLabeled(labeledSum, labeled.n);
                h = DenseFisher.plus(h, labeledSum);
            }
            // a random subset of 1..n−1 rows in a random order, and the whole pool
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                rows.add(i);
            }
            Collections.shuffle(rows, new Random(seed));
            List<Integer> set = rows.subList(0, 1 + (int) (seed % (n - 1)));
            double[] objectives = MethodPlans.eigLogDetObjectives(p, in,
                    List.of(pool.rows(set).block(p.factorSpec()), pool.block(p.factorSpec())));
            DMatrixRMaj hInverse = DenseFisher.inverse(h);
            List<DMatrixRMaj> subset = new ArrayList<>();
            for (int i : set) {
                subset.add(DenseFisher.softmaxFisher(pool.phi[i], pool.probs[i]));
            }
            List<DMatrixRMaj> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                all.add(DenseFisher.softmaxFisher(pool.phi[i], pool.probs[i]));
            }
            double dense = DenseOracles.halfLogDetIPlus(DenseOracles.sum(subset, c * d), hInverse);
            double wholePool = DenseOracles.halfLogDetIPlus(DenseOracles.sum(all, c * d), hInverse);
            assertEquals(dense, objectives[0], 1e-9 * Math.max(1, Math.abs(dense)), "seed " + seed + ", |B| = "
                    + set.size());
            assertEquals(wholePool, objectives[1], 1e-9 * Math.max(1, Math.abs(wholePool)), "whole pool, seed " + seed);
        }
    }

    @Test
    void theGreedysBatchScoresTheSumOfItsGains() {
        for (long seed = 0; seed < SEEDS; seed++) {
            int d = 2 + (int) (seed % 3);
            int c = 2 + (int) ((seed / 3) % 3);
            RandomProblems pool = RandomProblems.classification(500 + seed, "p", 25, d, c);
            int k = 1 + (int) (seed % 6);
            SelectionParams p = new SelectionParams(AcquisitionMethod.EIG_LOGDET, k, 0.5 + seed % 3, seed,
                    FactorSpec.Likelihood.SOFTMAX, 1.0, 0, false);
            PlanInputs in = PlanInputs.shape(d, c, p.factorSpec().columns(c));
            if (seed % 2 == 0) {
                RandomProblems labeled = RandomProblems.classification(600 + seed, "l", 4, d, c);
                in = in.withLabeled(FisherSum.of(labeled.block(p.fisherSpec())), labeled.n);
            }
            List<TopK.Scored> picks = InMemorySelector.select(p, in, pool.blocks(p.factorSpec(), 2));
            List<Integer> batch = new ArrayList<>();
            double gains = 0;
            for (TopK.Scored t : picks) {
                batch.add(pool.indexOf(t.id()));
                gains += t.score();
            }
            double objective = MethodPlans.eigLogDetObjectives(p, in, List.of(pool.rows(batch).block(p.factorSpec())))[0];
            assertEquals(gains, objective, 1e-9 * Math.max(1, Math.abs(gains)), "seed " + seed + ", k = " + k);
        }
    }
}
