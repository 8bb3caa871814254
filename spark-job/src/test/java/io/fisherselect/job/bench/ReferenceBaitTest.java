package io.fisherselect.job.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FisherSum;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.CandidateBlockBuilder;
import io.fisherselect.math.plan.InMemorySelector;
import io.fisherselect.math.select.Pick;
import io.fisherselect.math.plan.PlanInputs;
import io.fisherselect.math.plan.SelectionParams;
import io.fisherselect.math.select.TopK;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The dense published BAIT (the bench's reference, O(N·C·D²) per pick) picks exactly what the
 * engine's bait picks (incremental C×C states), in the same order, with the same forward gains,
 * with and without a labeled set.
 */
class ReferenceBaitTest {

    static CandidateBlock block(long seed, String prefix, int n, int d, int c) {
        Random rnd = new Random(seed);
        CandidateBlockBuilder b = new CandidateBlockBuilder(ReferenceBait.spec(), c);
        for (int i = 0; i < n; i++) {
            double[] phi = new double[d];
            for (int j = 0; j < d; j++) {
                phi[j] = rnd.nextGaussian();
            }
            double[] p = new double[c];
            double z = 0;
            double t = 0.3 + 2 * rnd.nextDouble();
            for (int k = 0; k < c; k++) {
                p[k] = Math.exp(t * rnd.nextGaussian());
                z += p[k];
            }
            for (int k = 0; k < c; k++) {
                p[k] /= z;
            }
            b.add(String.format("%s%04d", prefix, i), phi, p, -1);
        }
        return b.build(d);
    }

    @ParameterizedTest
    @CsvSource({"1, 60, 4, 3, 5, 0, 1.0", "2, 80, 5, 4, 6, 12, 0.5", "3, 50, 3, 5, 4, 30, 2.0"})
    void referenceBaitPicksWhatTheEnginePicks(long seed, int n, int d, int c, int k, int nLabeled, double lambda) {
        CandidateBlock pool = block(seed, "p", n, d, c);
        CandidateBlock labeled = nLabeled == 0 ? null : block(seed + 100, "l", nLabeled, d, c);
        ReferenceBait.Result ref = ReferenceBait.select(pool, labeled, lambda, k);

        PlanInputs in = PlanInputs.shape(d, c, c).withPool(FisherSum.of(pool), n);
        if (labeled != null) {
            in = in.withLabeled(FisherSum.of(labeled), nLabeled);
        }
        List<TopK.Scored> engine = InMemorySelector.select(SelectionParams.of(AcquisitionMethod.BAIT, k)
                .withLambda(lambda), in, List.of(pool));
        assertEquals(k, ref.picks().size());
        assertEquals(engine.stream().map(TopK.Scored::id).toList(), ref.picks().stream().map(p -> p.id).toList());
        for (int i = 0; i < k; i++) {
            Pick r = ref.picks().get(i);
            assertEquals(engine.get(i).score(), r.gain, 1e-9 * Math.max(1, Math.abs(r.gain)), "gain of " + r.id);
        }
        assertEquals(2 * k, ref.forwardSeconds().length);
    }
}
