package io.fisherselect.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fisherselect.job.io.SetSource;
import io.fisherselect.job.select.RunOptions;
import io.fisherselect.job.select.SelectConfig;
import io.fisherselect.job.select.Selection;
import io.fisherselect.job.select.SelectionJob;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.sample.StochasticAcquisition;
import io.fisherselect.math.method.Kernel;
import io.fisherselect.math.plan.SelectionParams;
import io.fisherselect.math.select.ClassQuota;
import io.fisherselect.math.select.TopK;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The nightly job's options through the distributed job, against the in-memory selector on the
 * same rows ({@link ReferenceSelection}), for several partitionings: multi-label pools
 * ({@code --likelihood bernoulli}), items pending at the annotators ({@code --pending}: never
 * picked, conditioned on) and class caps ({@code --max-per-class}, {@code --balance}: they hold
 * exactly). Same ids in the same order, gains to 1e-12 relative, selection.csv byte-identical
 * across partition counts; report.json's classCounts are the picks' predicted classes.
 */
class NightlyBatchTest {
    /** partitionings of the multi-label cases; the others run with the first and the last */
    static final int[] PARTITIONS = {1, 2, 5};

    /**
     * @param pending     take this many of the pool's items (and two items outside it) as pending
     * @param maxPerClass cap per predicted class (0: none)
     */
    record Case(String name, SelectionParams params, long seed, boolean labeled, int pending, int maxPerClass,
                ClassQuota.Balance balance) {
        @Override
        public String toString() {
            return name;
        }

        boolean multiLabel() {
            return params.likelihood() == FactorSpec.Likelihood.BERNOULLI;
        }
    }

    static SelectionParams bernoulli(AcquisitionMethod m, int k) {
        return new SelectionParams(m, k, 1.0, 3L, FactorSpec.Likelihood.BERNOULLI, 1.0, 0, false);
    }

    static Stream<Case> cases() {
        List<Case> out = new ArrayList<>();
        long seed = 500;
        for (AcquisitionMethod m : List.of(AcquisitionMethod.EIG_LOGDET, AcquisitionMethod.EPIG_LOGDET,
                AcquisitionMethod.BAIT, AcquisitionMethod.EIG_TRACE, AcquisitionMethod.EGL, AcquisitionMethod.ENTROPY,
                AcquisitionMethod.MARGIN, AcquisitionMethod.LOGDET, AcquisitionMethod.BADGE)) {
            out.add(new Case("multi-label " + m.cliName(), bernoulli(m, 7), seed++, m.usesLabeledSet(), 0, 0, null));
        }
        out.add(new Case("multi-label eig-logdet, pending", bernoulli(AcquisitionMethod.EIG_LOGDET, 6), seed++, true,
                4, 0, null));
        for (AcquisitionMethod m : List.of(AcquisitionMethod.EIG_LOGDET, AcquisitionMethod.EPIG_LOGDET,
                AcquisitionMethod.BAIT, AcquisitionMethod.LOGDET, AcquisitionMethod.BADGE, AcquisitionMethod.EIG_TRACE,
                AcquisitionMethod.ENTROPY)) {
            out.add(new Case(m.cliName() + ", pending", SelectionParams.of(m, 8), seed++, m.usesLabeledSet(), 5, 0,
                    null));
        }
        for (AcquisitionMethod m : List.of(AcquisitionMethod.EIG_LOGDET, AcquisitionMethod.EPIG_LOGDET,
                AcquisitionMethod.BAIT, AcquisitionMethod.LOGDET, AcquisitionMethod.BADGE, AcquisitionMethod.ENTROPY,
                AcquisitionMethod.RANDOM)) {
            out.add(new Case(m.cliName() + ", max 3 per class", SelectionParams.of(m, 9), seed++, m.usesLabeledSet(),
                    0, 3, null));
        }
        out.add(new Case("margin, softmax sampling, max 2 per class", new SelectionParams(AcquisitionMethod.MARGIN,
                6, 1.0, 4L, FactorSpec.Likelihood.SOFTMAX, 1.0, 0, false, Kernel.DOT, 1, 1,
                StochasticAcquisition.Mode.SOFTMAX, 4.0), seed++, false, 0, 2, null));
        out.add(new Case("entropy, softrank sampling, uniform balance", new SelectionParams(AcquisitionMethod.ENTROPY,
                9, 1.0, 5L, FactorSpec.Likelihood.SOFTMAX, 1.0, 0, false, Kernel.DOT, 1, 1,
                StochasticAcquisition.Mode.SOFTRANK, 1.0), seed++, false, 0, 0, ClassQuota.Balance.UNIFORM));
        out.add(new Case("eig-logdet, proportional balance and pending", SelectionParams.of(
                AcquisitionMethod.EIG_LOGDET, 10), seed++, true, 4, 0, ClassQuota.Balance.PROPORTIONAL));
        return out.stream();
    }

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void distributedMatchesInMemory(Case c) throws Exception {
        java.util.Random rnd = new java.util.Random(c.seed());
        int n = 80 + rnd.nextInt(60);
        int d = 3 + rnd.nextInt(3);
        int classes = 3 + rnd.nextInt(2);
        TestSet pool = c.multiLabel() ? TestSet.multiLabel(c.seed(), "p", n, d, classes)
                : TestSet.classification(c.seed(), "p", n, d, classes, false);
        TestSet labeled = !c.labeled() ? null : c.multiLabel()
                ? TestSet.multiLabel(c.seed() + 1, "l", 20, d, classes)
                : TestSet.classification(c.seed() + 1, "l", 20, d, classes, false);
        TestSet pending = null;
        if (c.pending() > 0) {
            TestSet outside = c.multiLabel() ? TestSet.multiLabel(c.seed() + 2, "x", 2, d, classes)
                    : TestSet.classification(c.seed() + 2, "x", 2, d, classes, false);
            pending = pool.only(pool.ids().subList(0, c.pending())).plus(outside);
        }
        String poolPath = pool.shuffled(1).writeParquet(tmp, "pool");
        String labeledPath = labeled == null ? null : labeled.writeJsonl(tmp, "labeled");
        String pendingPath = pending == null ? null : pending.shuffled(2).writeJsonl(tmp, "pending");

        List<TopK.Scored> expected = ReferenceSelection.select(c.params(), pool, labeled, null, null, null, 3, pending,
                c.maxPerClass(), c.balance());
        assertEquals(c.params().k(), expected.size(), "in-memory batch size");
        Set<String> pendingIds = pending == null ? Set.of() : new HashSet<>(pending.ids());

        String first = null;
        int[] partitionings = c.multiLabel() ? PARTITIONS : new int[] {PARTITIONS[0], PARTITIONS[PARTITIONS.length - 1]};
        for (int parts : partitionings) {
            Path out = tmp.resolve("out-" + parts);
            SelectConfig config = new SelectConfig(RunOptions.ofPaths(poolPath, labeledPath, out.toString())
                    .withBatchSets(SetSource.ofPath(pendingPath), null), Selectors.of(c.params()).setPartitions(parts)
                    .setCheckpointEvery(3).setMaxPerClass(c.maxPerClass())
                    .setBalance(c.balance() == null ? "none" : c.balance().cliName()));
            Selection s = new SelectionJob(LocalSpark.session()).run(config);
            String text = SelectionCsv.text(out);
            List<SelectionCsv.Line> lines = SelectionCsv.parse(text);
            SelectionCsv.assertMatches(expected, lines, 1e-12, c.name() + ", " + parts + " partition(s)");
            for (SelectionCsv.Line l : lines) {
                assertFalse(pendingIds.contains(l.id()), c.name() + ": picked the pending item " + l.id());
            }
            long[] counts = counts(pool, lines, c.multiLabel(), classes);
            JsonNode report = new ObjectMapper().readTree(Files.readString(out.resolve("report.json")));
            for (int cls = 0; cls < classes; cls++) {
                assertEquals(counts[cls], report.get("classCounts").get(cls).asLong(), c.name() + ": classCounts");
                if (c.maxPerClass() > 0) {
                    assertTrue(counts[cls] <= c.maxPerClass(), c.name() + ": class " + cls + " holds " + counts[cls]);
                }
                if (c.balance() == ClassQuota.Balance.UNIFORM) {
                    assertTrue(counts[cls] <= (c.params().k() + classes - 1) / classes, c.name() + ": class " + cls);
                }
            }
            assertEquals(lines.size(), s.picks().size());
            if (first == null) {
                first = text;
            } else {
                assertEquals(first, text, c.name() + ": selection.csv with " + parts
                        + " partitions differs from the one with " + PARTITIONS[0]);
            }
        }
    }

    /** The picks per predicted class argmax π (multi-label: per label, p > ½), from the rows as written. */
    static long[] counts(TestSet pool, List<SelectionCsv.Line> lines, boolean multiLabel, int classes) {
        long[] out = new long[classes];
        for (SelectionCsv.Line l : lines) {
            double[] p = pool.rows.stream().filter(r -> r.id().equals(l.id())).findFirst().orElseThrow().probs();
            if (multiLabel) {
                for (int j = 0; j < classes; j++) {
                    out[j] += p[j] > 0.5 ? 1 : 0;
                }
            } else {
                int best = 0;
                for (int j = 1; j < classes; j++) {
                    best = p[j] > p[best] ? j : best;
                }
                out[best]++;
            }
        }
        return out;
    }
}
