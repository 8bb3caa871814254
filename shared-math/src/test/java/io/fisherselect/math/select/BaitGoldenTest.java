package io.fisherselect.math.select;

import io.fisherselect.math.method.BaitDriver;
import io.fisherselect.math.plan.SelectionParams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.fisher.FisherSum;
import io.fisherselect.math.testing.GoldenInstance;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * The published BAIT selection on the golden instance (src/test/resources/golden, copied from
 * the project's golden set: 400 pool items, 30 labeled, d = 6, C = 4, k = 8, λ = 1).
 */
class BaitGoldenTest {

    @Test
    void reproducesTheGoldenSelection() {
        List<GoldenInstance.Row> poolRows = GoldenInstance.pool();
        CandidateBlock pool = GoldenInstance.block(poolRows, FactorSpec.fisher());
        CandidateBlock labeled = GoldenInstance.block(GoldenInstance.labeled(), FactorSpec.fisher());
        GoldenInstance.Expected bait = GoldenInstance.expected("bait");
        int k = bait.k();
        double lambda = bait.lambda();
        List<String> expected = bait.ids();

        DMatrixRMaj labeledSum = FisherSum.of(labeled);
        DMatrixRMaj fisher = FisherSum.of(pool);
        CommonOps_DDRM.addEquals(fisher, labeledSum);
        CommonOps_DDRM.scale(1.0 / (pool.n + labeled.n), fisher);
        DMatrixRMaj labeledMean = labeledSum.copy();
        CommonOps_DDRM.scale(1.0 / labeled.n, labeledMean);
        SelectionParams p = SelectionParams.of(AcquisitionMethod.EIG_LOGDET, k).withLambda(lambda);

        for (int parts : new int[] {1, 4}) {
            List<CandidateBlock> blocks = parts == 1 ? List.of(pool) : GoldenInstance.blocks(poolRows, FactorSpec.fisher(), parts);
            BaitDriver driver = BaitDriver.create(p, labeledMean, labeled.n, fisher, pool.d, pool.c, pool.r);
            List<Pick> picks = GreedySelector.select(blocks, driver, k);
            assertEquals(expected, picks.stream().map(x -> x.id).toList(), parts + " block(s)");
        }
    }
}
