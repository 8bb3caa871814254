package io.fisherselect.math.select;

import io.fisherselect.math.method.KMeansParallel;
import io.fisherselect.math.plan.MethodPlans;
import io.fisherselect.math.plan.PlanInputs;
import io.fisherselect.math.plan.SelectionParams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.testing.RandomProblems;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GreeDi in memory: one block is the exact greedy; several blocks give a valid batch. */
class PartitionedGreedyTest {

    @Test
    void oneBlockIsTheExactGreedyAndSeveralAreValid() {
        RandomProblems pool = RandomProblems.classification(21, "p", 60, 3, 4);
        for (AcquisitionMethod m : List.of(AcquisitionMethod.EIG_LOGDET, AcquisitionMethod.LOGDET,
                AcquisitionMethod.BADGE)) {
            SelectionParams p = SelectionParams.of(m, 6);
            CandidateBlock all = pool.block(p.factorSpec());
            PlanInputs in = PlanInputs.shape(all.d, all.c, all.r);
            List<Pick> exact = GreedySelector.select(List.of(all), MethodPlans.greedy(p, in), 6);
            List<Pick> one = PartitionedGreedy.merge(List.of(PartitionedGreedy.local(all, p, in, 6)), p, in, 6);
            assertEquals(exact.stream().map(x -> x.id).toList(), one.stream().map(x -> x.id).toList());
            List<PartitionedGreedy.Local> locals = new ArrayList<>();
            for (CandidateBlock b : pool.blocks(p.factorSpec(), 4)) {
                locals.add(PartitionedGreedy.local(b, p, in, 4));
            }
            List<Pick> merged = PartitionedGreedy.merge(locals, p, in, 4);
            assertEquals(6, merged.size());
            assertEquals(6, new HashSet<>(merged.stream().map(x -> x.id).toList()).size());
            assertTrue(List.of(pool.ids).containsAll(merged.stream().map(x -> x.id).toList()));
        }
    }

    @Test
    void weightedSeedingStartsWithTheFirstCandidateAndPicksDistinct() {
        RandomProblems pool = RandomProblems.classification(22, "p", 40, 3, 4);
        CandidateBlock b = pool.block(SelectionParams.of(AcquisitionMethod.BADGE, 1).factorSpec());
        List<KMeansParallel.Center> cands = new ArrayList<>();
        long[] w = new long[b.n];
        for (int i = 0; i < b.n; i++) {
            cands.add(KMeansParallel.Center.of(b, i));
            w[i] = 1 + i % 3;
        }
        List<KMeansParallel.Chosen> chosen = KMeansParallel.weightedSeeding(cands, w, 10, 3);
        assertEquals(0, chosen.get(0).index());
        assertEquals(10, new HashSet<>(chosen.stream().map(KMeansParallel.Chosen::index).toList()).size());
    }
}
