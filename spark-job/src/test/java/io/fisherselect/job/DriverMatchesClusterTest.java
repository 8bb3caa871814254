package io.fisherselect.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fisherselect.job.api.FisherSelector;
import io.fisherselect.job.io.SetSource;
import io.fisherselect.job.select.RunOptions;
import io.fisherselect.job.select.SelectConfig;
import io.fisherselect.job.select.Selection;
import io.fisherselect.job.select.SelectionJob;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.plan.SelectionParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exact greedy on the driver ({@code --greedy-on driver}: the collected blocks' states stepped
 * on the driver's threads) picks the same ids with the same gains, bit for bit, as on the cluster
 * (one Spark job per pick), for every greedy family, with any partitioning, under class caps, after
 * pending items and in mode prefilter; report.json names the place that ran.
 */
class DriverMatchesClusterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param pending     take this many pool items (and one outside it) as pending (0: none)
     * @param maxPerClass cap per predicted class (0: none)
     * @param prefilter   mode prefilter with this many candidates (0: mode exact)
     */
    record Case(String name, SelectionParams params, long seed, boolean labeled, int pending, int maxPerClass,
                int prefilter) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("eig-logdet", SelectionParams.of(AcquisitionMethod.EIG_LOGDET, 10), 301, true, 0, 0, 0),
                new Case("eig-logdet, caps and pending", SelectionParams.of(AcquisitionMethod.EIG_LOGDET, 9), 302,
                        true, 4, 3, 0),
                new Case("epig-logdet, pending", SelectionParams.of(AcquisitionMethod.EPIG_LOGDET, 8), 303, true, 3,
                        0, 0),
                new Case("bait, caps", SelectionParams.of(AcquisitionMethod.BAIT, 6), 304, true, 0, 2, 0),
                new Case("bait, no labeled set, pending", SelectionParams.of(AcquisitionMethod.BAIT, 5)
                        .withLambda(0.1), 305, false, 3, 0, 0),
                new Case("logdet", SelectionParams.of(AcquisitionMethod.LOGDET, 10), 306, false, 0, 0, 0),
                new Case("badge", SelectionParams.of(AcquisitionMethod.BADGE, 10).withSeed(7), 307, false, 0, 0, 0),
                new Case("eig-logdet, prefilter", SelectionParams.of(AcquisitionMethod.EIG_LOGDET, 8), 308, true, 0,
                        0, 60));
    }

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void driverPicksWhatTheClusterPicks(Case c) throws Exception {
        java.util.Random rnd = new java.util.Random(c.seed());
        int n = 150 + rnd.nextInt(100);
        int d = 4 + rnd.nextInt(3);
        int classes = 3 + rnd.nextInt(3);
        TestSet pool = TestSet.classification(c.seed(), "p", n, d, classes, false);
        TestSet labeled = c.labeled() ? TestSet.classification(c.seed() + 1, "l", 25, d, classes, true) : null;
        String poolPath = pool.shuffled(1).writeParquet(tmp, "pool");
        String labeledPath = labeled == null ? null : labeled.writeJsonl(tmp, "labeled");
        String pendingPath = null;
        if (c.pending() > 0) {
            TestSet outside = TestSet.classification(c.seed() + 2, "x", 1, d, classes, false);
            pendingPath = pool.only(pool.ids().subList(0, c.pending())).plus(outside).shuffled(2)
                    .writeJsonl(tmp, "pending");
        }

        Selection cluster = run(c, poolPath, labeledPath, pendingPath, "cluster", 3);
        assertEquals(c.params().k(), cluster.picks().size(), c.name() + ": batch size on the cluster");
        assertEquals("cluster", placeIn(tmp.resolve("out-cluster-3")), c.name());
        String clusterCsv = SelectionCsv.text(tmp.resolve("out-cluster-3"));
        for (int parts : new int[] {1, 2, 5}) {
            Selection driver = run(c, poolPath, labeledPath, pendingPath, "driver", parts);
            String what = c.name() + ", driver, " + parts + " partition(s)";
            assertEquals(cluster.picks().size(), driver.picks().size(), what);
            for (int i = 0; i < cluster.picks().size(); i++) {
                Selection.Picked a = cluster.picks().get(i);
                Selection.Picked b = driver.picks().get(i);
                assertEquals(a.id(), b.id(), what + ": pick " + (i + 1));
                assertEquals(Double.doubleToRawLongBits(a.gain()), Double.doubleToRawLongBits(b.gain()),
                        what + ": gain of pick " + (i + 1) + " " + a.gain() + " vs " + b.gain());
            }
            Path out = tmp.resolve("out-driver-" + parts);
            assertEquals(clusterCsv, SelectionCsv.text(out), what + ": selection.csv");
            assertEquals("driver", placeIn(out), what);
        }
    }

    private Selection run(Case c, String poolPath, String labeledPath, String pendingPath, String on, int parts) {
        Path out = tmp.resolve("out-" + on + "-" + parts);
        FisherSelector s = Selectors.of(c.params()).setPartitions(parts).setCheckpointEvery(3).setGreedyOn(on)
                .setMaxPerClass(c.maxPerClass());
        if (c.prefilter() > 0) {
            s.setMode("prefilter").setCandidates(c.prefilter());
        }
        RunOptions run = RunOptions.ofPaths(poolPath, labeledPath, out.toString());
        if (pendingPath != null) {
            run = run.withBatchSets(SetSource.ofPath(pendingPath), null);
        }
        return new SelectionJob(LocalSpark.session()).run(new SelectConfig(run, s));
    }

    private static String placeIn(Path out) throws Exception {
        JsonNode report = JSON.readTree(Files.readString(out.resolve("report.json")));
        return report.path("greedyOn").path("on").asText();
    }
}
