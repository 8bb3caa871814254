package io.fisherselect.job;

import io.fisherselect.job.select.SelectConfig;
import io.fisherselect.job.select.SelectionJob;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fisherselect.job.cli.FisherSelectCli;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.method.Kernel;
import io.fisherselect.math.plan.SelectionParams;
import io.fisherselect.math.select.TopK;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression: {@code --likelihood gaussian --noise 0.5} with eig-logdet on sets without
 * probabilities runs, and selects what the in-memory selector selects.
 */
class GaussianLikelihoodTest {
    @TempDir
    Path tmp;

    static SelectionParams gaussian(int k, double lambda) {
        return new SelectionParams(AcquisitionMethod.EIG_LOGDET, k, lambda, 0, FactorSpec.Likelihood.GAUSSIAN, 0.5, 0,
                false, Kernel.DOT, 1, 1, null, 1);
    }

    @Test
    void commandLineWithLabeledSet() throws Exception {
        TestSet pool = TestSet.regression(301, "p", 180, 5);
        TestSet labeled = TestSet.regression(302, "l", 25, 5);
        String poolPath = pool.writeJsonl(tmp, "pool");
        String labeledPath = labeled.writeJsonl(tmp, "labeled");
        Path out = tmp.resolve("out");
        int code = FisherSelectCli.execute("select", "--pool", poolPath, "--labeled", labeledPath, "--method",
                "eig-logdet", "--k", "10", "--likelihood", "gaussian", "--noise", "0.5", "--out", out.toString(),
                "--master", "local[2]");
        assertEquals(0, code, "exit code");
        List<SelectionCsv.Line> lines = SelectionCsv.parse(SelectionCsv.text(out));
        SelectionCsv.checkShape(lines, 10, pool.ids());
        List<TopK.Scored> expected = ReferenceSelection.select(gaussian(10, 1.0), pool, labeled, null, null, null, 2);
        SelectionCsv.assertMatches(expected, lines, 1e-12, "gaussian eig-logdet, labeled set");
    }

    @Test
    void anyPartitioningWithoutLabeledSet() throws Exception {
        TestSet pool = TestSet.regression(303, "p", 200, 4);
        String poolPath = pool.writeParquet(tmp, "pool");
        SelectionParams params = gaussian(8, 0.7);
        List<TopK.Scored> expected = ReferenceSelection.select(params, pool, null, null, null, null, 3);
        String first = null;
        for (int parts : new int[] {1, 3}) {
            Path out = tmp.resolve("out-" + parts);
            new SelectionJob(LocalSpark.session()).run(SelectConfig.of(poolPath, null,
                    Selectors.of(params).setPartitions(parts), out.toString()));
            String text = SelectionCsv.text(out);
            List<SelectionCsv.Line> lines = SelectionCsv.parse(text);
            SelectionCsv.checkShape(lines, 8, pool.ids());
            SelectionCsv.assertMatches(expected, lines, 1e-12, "gaussian eig-logdet, " + parts + " partition(s)");
            if (first == null) {
                first = text;
            } else {
                assertEquals(first, text, "selection.csv independent of the partitioning");
            }
        }
    }
}
