package io.fisherselect.job;

import io.fisherselect.job.select.RunOptions;
import io.fisherselect.job.select.SelectConfig;
import io.fisherselect.job.select.Selection;
import io.fisherselect.job.select.SelectionJob;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.sample.StochasticAcquisition;
import io.fisherselect.math.method.Kernel;
import io.fisherselect.math.plan.SelectionParams;
import io.fisherselect.math.select.TopK;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The distributed job picks exactly what the in-memory selector picks, for every greedy, sampled,
 * clustered and top-k method and any partitioning (the in-memory and distributed selectors run the same
 * greedy loop and state updates, and the same inputs and seed give the same selection with any
 * partitioning): same ids in the same
 * order, gains equal to 1e-12 relative, and selection.csv byte-identical across partition counts.
 */
class DistributedMatchesInMemoryTest {
    static final int[] PARTITIONS = {1, 2, 3, 5};

    /**
     * One instance: the method's parameters and which sets it reads. Set sizes and shapes vary
     * with the seed.
     */
    record Case(String name, SelectionParams params, long seed, boolean labeled, boolean eval, boolean queryLabels,
                boolean parquet, int checkpointEvery) {
        @Override
        public String toString() {
            return name;
        }
    }

    static SelectionParams params(AcquisitionMethod m, int k) {
        return SelectionParams.of(m, k);
    }

    static SelectionParams full(AcquisitionMethod m, int k, double lambda, long seed, int fisherRank, boolean bias,
                                Kernel kernel, double eta, double nu, StochasticAcquisition.Mode sampling,
                                double beta) {
        return new SelectionParams(m, k, lambda, seed, FactorSpec.Likelihood.SOFTMAX, 1.0, fisherRank, bias, kernel,
                eta, nu, sampling, beta);
    }

    static Stream<Case> greedyCases() {
        AcquisitionMethod eig = AcquisitionMethod.EIG_LOGDET;
        AcquisitionMethod epig = AcquisitionMethod.EPIG_LOGDET;
        return Stream.of(
                // eig-logdet without and with a labeled set
                new Case("eig-logdet, no labeled set", params(eig, 10), 11, false, false, false, true, 3),
                new Case("eig-logdet, labeled set", params(eig, 10).withLambda(0.5), 12, true, false, false, false,
                        10),
                new Case("eig-logdet, labeled set, bias, fisher rank 2",
                        full(eig, 8, 2.0, 0, 2, true, Kernel.DOT, 1, 1, null, 1), 13, true, false, false, true, 4),
                new Case("epig-logdet, pool as eval", params(epig, 8), 21, true, false, false, false, 3),
                new Case("epig-logdet, separate eval set", params(epig, 8).withLambda(0.3), 22, true, true, false,
                        true, 10),
                new Case("bait, labeled set", params(AcquisitionMethod.BAIT, 6), 31, true, false, false, true, 4),
                new Case("bait, no labeled set", params(AcquisitionMethod.BAIT, 5).withLambda(0.1), 32, false, false,
                        false, false, 10),
                new Case("logdet, dot kernel", params(AcquisitionMethod.LOGDET, 10), 41, false, false, false, false, 3),
                new Case("logdet, cosine kernel", full(AcquisitionMethod.LOGDET, 10, 0.2, 0, 0, false, Kernel.COSINE,
                        1, 1, null, 1), 42, false, false, false, true, 10),
                new Case("logdet-mi, labeled query set", full(AcquisitionMethod.LOGDET_MI, 8, 1.0, 0, 0, false,
                        Kernel.DOT, 0.8, 1, null, 1), 51, false, false, true, true, 3),
                new Case("logdet-mi, cosine, unlabeled query set", full(AcquisitionMethod.LOGDET_MI, 8, 0.5, 0, 0,
                        false, Kernel.COSINE, 1.0, 1, null, 1), 52, false, false, false, false, 10),
                new Case("logdet-cmi, query and private sets", full(AcquisitionMethod.LOGDET_CMI, 8, 1.0, 0, 0,
                        false, Kernel.DOT, 0.9, 0.6, null, 1), 61, false, false, true, false, 4),
                new Case("badge, seed 0", params(AcquisitionMethod.BADGE, 10), 71, false, false, false, true, 3),
                new Case("badge, seed 7", params(AcquisitionMethod.BADGE, 10).withSeed(7), 72, false, false, false,
                        false, 10),
                new Case("badge, seed 123456789", params(AcquisitionMethod.BADGE, 12).withSeed(123456789L), 73,
                        false, false, false, true, 5),
                new Case("cluster-margin, seed 0", params(AcquisitionMethod.CLUSTER_MARGIN, 10), 81, false, false,
                        false, true, 3),
                new Case("cluster-margin, seed 9", params(AcquisitionMethod.CLUSTER_MARGIN, 12).withSeed(9), 82,
                        false, false, false, false, 10));
    }

    static Stream<Case> topKCases() {
        List<Case> cases = new ArrayList<>();
        long seed = 100;
        for (AcquisitionMethod m : AcquisitionMethod.values()) {
            if (m.kind() == AcquisitionMethod.Kind.TOP_K) {
                SelectionParams p = params(m, 12).withSeed(seed * 3);
                cases.add(new Case(m.cliName(), p, seed, m.usesLabeledSet(), false, false, seed % 2 == 0, 10));
                seed++;
            }
        }
        cases.add(new Case("power sampling on egl", full(AcquisitionMethod.EGL, 12, 1, 5, 0, false, Kernel.DOT, 1,
                1, StochasticAcquisition.Mode.POWER, 1.0), 201, false, false, false, true, 10));
        cases.add(new Case("softmax sampling on margin", full(AcquisitionMethod.MARGIN, 12, 1, 6, 0, false,
                Kernel.DOT, 1, 1, StochasticAcquisition.Mode.SOFTMAX, 8.0), 202, false, false, false, false, 10));
        cases.add(new Case("softrank sampling on eig-trace", full(AcquisitionMethod.EIG_TRACE, 12, 1, 7, 0, false,
                Kernel.DOT, 1, 1, StochasticAcquisition.Mode.SOFTRANK, 1.0), 203, true, false, false, true, 10));
        cases.add(new Case("softrank sampling on grand", full(AcquisitionMethod.GRAND, 10, 1, 8, 0, false,
                Kernel.DOT, 1, 1, StochasticAcquisition.Mode.SOFTRANK, 0.5), 204, false, false, false, false, 10));
        return cases.stream();
    }

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @MethodSource("greedyCases")
    void greedyAndSampledMethods(Case c) throws Exception {
        check(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topKCases")
    void topKMethods(Case c) throws Exception {
        check(c);
    }

    void check(Case c) throws Exception {
        java.util.Random rnd = new java.util.Random(c.seed());
        int n = 150 + rnd.nextInt(151);
        int d = 4 + rnd.nextInt(3);
        int classes = 3 + rnd.nextInt(3);
        TestSet pool = TestSet.classification(c.seed(), "p", n, d, classes, true);
        TestSet labeled = c.labeled() ? TestSet.classification(c.seed() + 1, "l", 20 + rnd.nextInt(20), d, classes,
                true) : null;
        TestSet eval = c.eval() ? TestSet.classification(c.seed() + 2, "e", 60 + rnd.nextInt(60), d, classes, false)
                : null;
        AcquisitionMethod m = c.params().method();
        TestSet query = m.needsQuerySet() ? TestSet.classification(c.seed() + 3, "q", 8 + rnd.nextInt(8), d,
                classes, c.queryLabels()) : null;
        TestSet priv = m.needsPrivateSet() ? TestSet.classification(c.seed() + 4, "s", 6 + rnd.nextInt(6), d,
                classes, true) : null;

        String poolPath = write(pool, "pool", c.parquet());
        String labeledPath = labeled == null ? null : write(labeled, "labeled", !c.parquet());
        String evalPath = eval == null ? null : write(eval, "eval", c.parquet());
        String queryPath = query == null ? null : write(query, "query", !c.parquet());
        String privPath = priv == null ? null : write(priv, "private", c.parquet());

        List<TopK.Scored> expected = ReferenceSelection.select(c.params(), pool, labeled, eval, query, priv, 3);
        assertEquals(c.params().k(), expected.size(), "in-memory batch size");

        String first = null;
        for (int parts : PARTITIONS) {
            Path out = tmp.resolve("out-" + parts);
            SelectConfig config = new SelectConfig(RunOptions.ofPaths(poolPath, labeledPath, out.toString())
                    .withReferenceSets(evalPath, queryPath, privPath), Selectors.of(c.params()).setPartitions(parts)
                    .setCheckpointEvery(c.checkpointEvery()));
            Selection s = new SelectionJob(LocalSpark.session()).run(config);
            String text = SelectionCsv.text(out);
            List<SelectionCsv.Line> lines = SelectionCsv.parse(text);
            SelectionCsv.checkShape(lines, c.params().k(), pool.ids());
            SelectionCsv.assertMatches(expected, lines, 1e-12, c.name() + ", " + parts + " partition(s)");
            assertEquals(lines.size(), s.picks().size(), "returned picks");
            for (int i = 0; i < lines.size(); i++) {
                assertEquals(lines.get(i).id(), s.picks().get(i).id(), "returned pick " + (i + 1));
            }
            if (first == null) {
                first = text;
            } else {
                assertEquals(first, text, c.name() + ": selection.csv with " + parts
                        + " partitions differs from the one with " + PARTITIONS[0]);
            }
        }
    }

    private String write(TestSet set, String name, boolean parquet) throws Exception {
        // the file's row order is not the id order
        TestSet shuffled = set.shuffled(name.hashCode());
        return parquet ? shuffled.writeParquet(tmp, name) : shuffled.writeJsonl(tmp, name);
    }
}
