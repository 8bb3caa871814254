package io.fisherselect.job;

import io.fisherselect.job.select.RunOptions;
import io.fisherselect.job.select.SelectConfig;
import io.fisherselect.job.select.Selection;
import io.fisherselect.job.select.SelectionJob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.job.api.FisherSelector;
import io.fisherselect.job.io.SetSource;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A written selection reads every set once: the rows of each source are computed exactly once
 * (counted by an accumulator in the source itself) although the run validates them, reduces
 * them, selects from them and draws report.html from them.
 */
class InputsReadOnceTest {
    @TempDir
    Path dir;

    /** The set as a DataFrame whose every computed row increments {@code reads}. */
    private static Dataset<Row> counted(SparkSession spark, String path, LongAccumulator reads) {
        Dataset<Row> read = spark.read().json(path);
        JavaRDD<Row> rows = read.javaRDD().map(r -> {
            reads.add(1);
            return r;
        });
        return spark.createDataFrame(rows, read.schema());
    }

    @ParameterizedTest
    @ValueSource(strings = {"eig-logdet", "bait", "entropy"})
    void eachSetIsReadOnceForSelectionAndReport(String method) throws Exception {
        SparkSession spark = LocalSpark.session();
        TestSet pool = TestSet.classification(811, "p", 60, 4, 3, false);
        TestSet labeled = TestSet.classification(812, "l", 12, 4, 3, true);
        LongAccumulator poolReads = spark.sparkContext().longAccumulator("pool reads");
        LongAccumulator labeledReads = spark.sparkContext().longAccumulator("labeled reads");
        Dataset<Row> poolFrame = counted(spark, pool.writeJsonl(dir, "pool"), poolReads);
        Dataset<Row> labeledFrame = counted(spark, labeled.writeJsonl(dir, "labeled"), labeledReads);
        Path out = dir.resolve("out-" + method);
        Selection s = new SelectionJob(spark).run(new SelectConfig(RunOptions.ofSets(SetSource.ofFrame(poolFrame),
                SetSource.ofFrame(labeledFrame), null, null, null).withOut(out.toString(), false),
                new FisherSelector().setMethod(method).setK(5).setPartitions(3)));
        assertEquals(5, s.picks().size());
        assertTrue(Files.isRegularFile(out.resolve("report.html")));
        assertTrue(s.timings().containsKey("report"), s.timings().toString());
        assertEquals(60L, poolReads.value(), "pool rows computed (60 rows, once)");
        boolean usesLabeled = !method.equals("entropy");
        assertEquals(usesLabeled ? 12L : 0L, labeledReads.value(), "labeled rows computed");
    }
}
