package io.fisherselect.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.plan.SelectionParams;
import io.fisherselect.math.select.TopK;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The paper's batch-acquisition pathology (Kirsch &amp; Gal 2022, §5 "Batch Acquisition
 * Pathologies"): a trace approximation is additive over the batch, so top-k {@code eig-trace}
 * fills the batch with near-duplicates of the few most informative items, while the batch-aware
 * methods ({@code eig-logdet}, {@code bait}, {@code badge}) condition on the items already in the
 * batch and spread out.
 *
 * <p>The pool: 30 distinct informative items (uncertain predictions, long embeddings in random
 * directions, informativeness spread over a range), each copied 10 times with tiny noise, plus 300
 * confident background items with short embeddings. The selection is the in-memory one
 * ({@link ReferenceSelection}), which the distributed job reproduces exactly
 * ({@link DistributedMatchesInMemoryTest}).
 */
class DuplicateClustersTest {
    static final int CLUSTERS = 30;
    static final int COPIES = 10;
    static final int BACKGROUND = 300;
    static final int D = 24;
    static final int C = 4;
    static final int K = 20;

    /** Ids "c{cluster}-{copy}" for copies, "b{index}" for background items. */
    static TestSet pool() {
        Random rnd = new Random(2022);
        List<TestSet.Row0> rows = new ArrayList<>();
        for (int cl = 0; cl < CLUSTERS; cl++) {
            double[] dir = new double[D];
            double norm = 0;
            for (int j = 0; j < D; j++) {
                dir[j] = rnd.nextGaussian();
                norm += dir[j] * dir[j];
            }
            double length = 2.5 + cl / (double) CLUSTERS;
            double[] logits = new double[C];
            int top = rnd.nextInt(C);
            for (int c = 0; c < C; c++) {
                logits[c] = (c == top ? 1.0 : 0.0) + 0.1 * rnd.nextGaussian();
            }
            for (int copy = 0; copy < COPIES; copy++) {
                double[] e = new double[D];
                for (int j = 0; j < D; j++) {
                    e[j] = dir[j] / Math.sqrt(norm) * length + 0.01 * rnd.nextGaussian();
                }
                double[] l = logits.clone();
                for (int c = 0; c < C; c++) {
                    l[c] += 0.01 * rnd.nextGaussian();
                }
                rows.add(new TestSet.Row0("c" + cl + "-" + copy, e, TestSet.softmax(l), null));
            }
        }
        for (int i = 0; i < BACKGROUND; i++) {
            double[] e = new double[D];
            for (int j = 0; j < D; j++) {
                e[j] = 0.3 * rnd.nextGaussian() / Math.sqrt(D);
            }
            double[] l = new double[C];
            l[rnd.nextInt(C)] = 5.0;
            rows.add(new TestSet.Row0("b" + i, e, TestSet.softmax(l), null));
        }
        return new TestSet(rows, D, C).shuffled(7);
    }

    /** Picks that share a cluster with an earlier pick of the batch. */
    static int duplicates(List<TopK.Scored> batch) {
        Set<String> seen = new HashSet<>();
        int dup = 0;
        for (TopK.Scored s : batch) {
            String cluster = s.id().startsWith("c") ? s.id().substring(0, s.id().indexOf('-')) : s.id();
            if (!seen.add(cluster)) {
                dup++;
            }
        }
        return dup;
    }

    @Test
    void batchAwareMethodsPickFewerDuplicatesThanTopKTrace() {
        TestSet pool = pool();
        Map<AcquisitionMethod, Integer> dups = new LinkedHashMap<>();
        for (AcquisitionMethod m : List.of(AcquisitionMethod.EIG_TRACE, AcquisitionMethod.EIG_LOGDET,
                AcquisitionMethod.BAIT, AcquisitionMethod.BADGE)) {
            List<TopK.Scored> batch = ReferenceSelection.select(SelectionParams.of(m, K), pool, null, null, null,
                    null, 3);
            assertEquals(K, batch.size());
            dups.put(m, duplicates(batch));
        }
        System.out.println("duplicates in a batch of " + K + " (" + CLUSTERS + " clusters of " + COPIES
                + " near-copies): " + dups);
        int trace = dups.get(AcquisitionMethod.EIG_TRACE);
        assertTrue(trace >= K / 2, "top-k eig-trace should fill the batch with copies: " + dups);
        for (AcquisitionMethod m : List.of(AcquisitionMethod.EIG_LOGDET, AcquisitionMethod.BAIT,
                AcquisitionMethod.BADGE)) {
            assertTrue(dups.get(m) < trace, m.cliName() + " should pick fewer duplicates than eig-trace: " + dups);
        }
        assertEquals(0, dups.get(AcquisitionMethod.EIG_LOGDET), "eig-logdet: one item per cluster: " + dups);
    }
}
