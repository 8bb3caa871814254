package io.fisherselect.job.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.job.LocalSpark;
import io.fisherselect.job.TestSet;
import io.fisherselect.job.api.FisherSelector;
import io.fisherselect.job.io.SetSource;
import io.fisherselect.job.select.RunOptions;
import io.fisherselect.job.select.SelectConfig;
import io.fisherselect.job.select.Selection;
import io.fisherselect.job.select.SelectionJob;
import io.fisherselect.math.sample.ItemUniform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html draws a greedy method's single-item gains (one initial state per item) for the PCA
 * map's seeded sample only, a top-k score for the whole pool; the selected items' scores are there
 * either way.
 */
class ReportSampleTest {
    private static final int N = SelectionReport.PCA_SAMPLE + 1500;
    private static final long SEED = 7;

    @TempDir
    Path dir;

    private String report(String method, TestSet pool, TestSet labeled) throws Exception {
        SparkSession spark = LocalSpark.session();
        Path out = dir.resolve("out-" + method);
        Selection s = new SelectionJob(spark).run(new SelectConfig(RunOptions.ofSets(
                SetSource.ofPath(pool.writeParquet(dir, "pool-" + method)),
                SetSource.ofPath(labeled.writeParquet(dir, "labeled-" + method)), null, null, null)
                .withOut(out.toString(), false),
                new FisherSelector().setMethod(method).setK(4).setPartitions(3).setSeed(SEED)));
        assertEquals(4, s.picks().size());
        return Files.readString(out.resolve("report.html"));
    }

    @Test
    void singleItemGainsAreDrawnForTheSampleAndThePicks() throws Exception {
        TestSet pool = TestSet.classification(901, "p", N, 3, 3, false);
        TestSet labeled = TestSet.classification(902, "l", 20, 3, 3, true);
        double fraction = SelectionReport.PCA_SAMPLE / (double) N;
        long inSample = pool.rows.stream()
                .filter(r -> ItemUniform.uniform(SEED, SelectionReport.STREAM_REPORT, r.id()) < fraction).count();
        assertTrue(inSample > 0 && inSample < N, "the seeded sample is a proper subset: " + inSample);

        String html = report("eig-logdet", pool, labeled);
        Matcher m = Pattern.compile("The (\\d+) pool items of the PCA map.{1,6}s seeded sample \\(of (\\d+);").matcher(html);
        assertTrue(m.find(), () -> "the histogram's caption names the sample: "
                + html.substring(Math.max(0, html.indexOf("pool items") - 200), Math.max(0, html.indexOf("pool items")) + 400));
        assertEquals(inSample, Long.parseLong(m.group(1)), "the histogram counts the sample's items");
        assertEquals(N, Long.parseLong(m.group(2)));
        // the first pick's single-item gain is its gain (the first pick has no earlier picks), so the
        // selected item's score is in the picks table even when the item is outside the sample
        Matcher row = Pattern.compile("<td>1</td><td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td>").matcher(html);
        assertTrue(row.find(), "the first pick's row");
        assertEquals(Double.parseDouble(row.group(2)), Double.parseDouble(row.group(3)),
                1e-5 * Math.abs(Double.parseDouble(row.group(2))), "first pick: gain = single-item gain");
    }

    @Test
    void topKScoresAreDrawnForThePool() throws Exception {
        TestSet pool = TestSet.classification(903, "p", N, 3, 3, false);
        TestSet labeled = TestSet.classification(904, "l", 20, 3, 3, true);
        String html = report("entropy", pool, labeled);
        assertTrue(html.contains("All pool items by"), "the whole pool's histogram");
        assertTrue(!html.contains("seeded sample (of"), "no sample in the histogram");
        assertTrue(html.contains(String.format(Locale.ROOT, "%d", SelectionReport.PCA_SAMPLE)), "the map's limit");
    }
}
