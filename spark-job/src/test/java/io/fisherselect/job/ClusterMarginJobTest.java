package io.fisherselect.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.job.api.FisherSelector;
import io.fisherselect.job.select.RunOptions;
import io.fisherselect.job.select.ScaleOptions;
import io.fisherselect.job.select.SelectConfig;
import io.fisherselect.job.select.Selection;
import io.fisherselect.job.select.SelectionJob;
import io.fisherselect.job.stage.CandidateBlocks;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.CandidateBlockBuilder;
import io.fisherselect.math.method.ClusterMargin;
import io.fisherselect.math.plan.SelectionParams;
import io.fisherselect.math.select.TopK;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cluster-margin} on Spark: with average-linkage clusters, the in-memory
 * {@link ClusterMargin}'s batch (ids in order, scores) for any partitioning; with MLlib's
 * bisecting k-means, a valid batch drawn from the shortlist, the same on a rerun; the options'
 * checks.
 */
class ClusterMarginJobTest {
    @TempDir
    static Path dir;

    static final int N = 90;
    private static TestSet poolSet;
    private static String pool;

    @BeforeAll
    static void sets() throws IOException {
        poolSet = TestSet.classification(701, "p", N, 4, 3, false);
        pool = poolSet.writeJsonl(dir, "pool");
    }

    static Selection run(int k, long seed, int partitions, ScaleOptions.Clustering c, ClusterMargin.Settings s) {
        SelectionParams p = SelectionParams.of(AcquisitionMethod.CLUSTER_MARGIN, k).withSeed(seed);
        SelectConfig config = new SelectConfig(RunOptions.ofPaths(pool, null, null),
                Selectors.of(p, ScaleOptions.defaults().withClusterMargin(c, s)).setPartitions(partitions));
        return new SelectionJob(LocalSpark.session()).run(config);
    }

    static CandidateBlock block() {
        CandidateBlockBuilder b = new CandidateBlockBuilder(
                SelectionParams.of(AcquisitionMethod.CLUSTER_MARGIN, 1).factorSpec(), poolSet.c);
        for (TestSet.Row0 row : poolSet.rows) {
            b.add(row.id(), row.embedding(), CandidateBlocks.normalized(row.probs()), -1);
        }
        return b.build(poolSet.d);
    }

    @Test
    void averageLinkageGivesTheInMemoryBatchForAnyPartitioning() {
        for (ClusterMargin.Settings s : List.of(new ClusterMargin.Settings(6, 30, 0),
                new ClusterMargin.Settings(0, 0, 0), new ClusterMargin.Settings(50, 40, 1.5))) {
            List<TopK.Scored> expected = ClusterMargin.select(List.of(block()), 7, 11, s);
            for (int partitions : new int[] {1, 3}) {
                for (ScaleOptions.Clustering c : List.of(ScaleOptions.Clustering.AUTO, ScaleOptions.Clustering.HAC)) {
                    Selection got = run(7, 11, partitions, c, s);
                    assertEquals(expected.stream().map(TopK.Scored::id).toList(), ScaleModesTest.ids(got),
                            s + ", " + partitions + " partitions, " + c);
                    for (int t = 0; t < expected.size(); t++) {
                        assertEquals(expected.get(t).score(), got.picks().get(t).gain(), 0.0);
                    }
                }
            }
        }
    }

    @Test
    void bisectingKMeansGivesAValidBatchFromTheShortlist() {
        ClusterMargin.Settings s = new ClusterMargin.Settings(5, 25, 0);
        Set<String> shortlist = new HashSet<>();
        for (TopK.Scored t : ClusterMargin.shortlist(List.of(block()), 25)) {
            shortlist.add(t.id());
        }
        Selection a = run(8, 3, 2, ScaleOptions.Clustering.BISECTING_KMEANS, s);
        List<String> ids = ScaleModesTest.ids(a);
        assertEquals(8, ids.size());
        assertEquals(8, new HashSet<>(ids).size());
        assertTrue(shortlist.containsAll(ids), ids + " ⊄ " + shortlist);
        assertEquals(ids, ScaleModesTest.ids(run(8, 3, 2, ScaleOptions.Clustering.BISECTING_KMEANS, s)));
    }

    @Test
    void optionsAreChecked() {
        assertThrows(IllegalArgumentException.class,
                () -> new FisherSelector().setMethod("margin").setClusters(4).scaleOptions());
        assertThrows(IllegalArgumentException.class,
                () -> new FisherSelector().setMethod("cluster-margin").setMode("partitioned").scaleOptions());
        assertThrows(IllegalArgumentException.class,
                () -> new FisherSelector().setMethod("cluster-margin").setMode("multiround").scaleOptions());
        assertThrows(IllegalArgumentException.class, () -> new FisherSelector().setClustering("ward"));
        assertThrows(IllegalArgumentException.class, () -> new FisherSelector().setShortlist(-1));
        assertEquals(ScaleOptions.Clustering.HAC, ScaleOptions.defaults().clustering(ScaleOptions.HAC_AUTO_LIMIT));
        assertEquals(ScaleOptions.Clustering.BISECTING_KMEANS,
                ScaleOptions.defaults().clustering(ScaleOptions.HAC_AUTO_LIMIT + 1));
    }
}
