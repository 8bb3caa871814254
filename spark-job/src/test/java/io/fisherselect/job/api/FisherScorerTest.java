package io.fisherselect.job.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.job.LocalSpark;
import io.fisherselect.job.score.ScoreConfig;
import io.fisherselect.job.score.ScoreJob;
import io.fisherselect.job.TestSet;
import io.fisherselect.math.AcquisitionMethod;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scorer's column equals the {@code score} job's ({@link ScoreJob}) for top-k scores and the
 * single-item gains of the greedy log-dets, bit for bit; it keeps the pool's rows and columns;
 * its params validate.
 */
class FisherScorerTest {
    private static final double LAMBDA = 0.5;
    private static final long SEED = 3;
    /** a seeded score, a score with the prior, a log-det single-item gain, a gradient kernel, true labels */
    private static final List<AcquisitionMethod> METHODS = List.of(AcquisitionMethod.RANDOM,
            AcquisitionMethod.EIG_TRACE, AcquisitionMethod.EIG_LOGDET, AcquisitionMethod.LOGDET,
            AcquisitionMethod.GRAND);

    @TempDir
    static Path dir;

    private static String poolPath;
    private static String labeledPath;
    private static String evalPath;

    @BeforeAll
    static void sets() throws IOException {
        poolPath = TestSet.classification(401, "p", 70, 4, 3, true).writeJsonl(dir, "pool");
        labeledPath = TestSet.classification(402, "l", 15, 4, 3, true).writeJsonl(dir, "labeled");
        evalPath = TestSet.classification(403, "e", 12, 4, 3, false).writeJsonl(dir, "eval");
    }

    private static SparkSession spark() {
        return LocalSpark.session();
    }

    @Test
    void defaultsAndValidation() {
        FisherScorer s = new FisherScorer();
        assertEquals("eig-logdet", s.getMethod());
        assertEquals("score", s.getOutputCol());
        assertEquals(1.0, s.getLambda());
        assertEquals(1, s.selectionParams().k());
        assertTrue(Arrays.stream(s.params()).anyMatch(p -> p.name().equals("outputCol")));
        String bait = assertThrows(IllegalArgumentException.class, () -> s.setMethod("bait")).getMessage();
        assertTrue(bait.contains("has no per-item score") && bait.contains("valid methods for score"), bait);
        assertThrows(IllegalArgumentException.class, () -> s.setMethod("entropy,egl"));
        assertThrows(IllegalArgumentException.class, () -> s.setOutputCol(""));
        assertEquals("eig-logdet", s.getMethod());

        Dataset<Row> pool = spark().read().json(poolPath);
        assertThrows(IllegalArgumentException.class, () -> s.setOutputCol("probs").transformSchema(pool.schema()));
        StructField added = s.setOutputCol("eig").transformSchema(pool.schema()).apply("eig");
        assertEquals(DataTypes.DoubleType, added.dataType());
        assertFalse(added.nullable());
    }

    @Test
    void columnEqualsTheScoreJob() {
        String out = dir.resolve("scores-job").toString();
        new ScoreJob(spark()).run(ScoreConfig.of(poolPath, labeledPath, METHODS, out)
                .withParams(new FisherScorer().setLambda(LAMBDA).setSeed(SEED)));
        Dataset<Row> job = spark().read().parquet(out + "/" + ScoreJob.SCORES);
        Dataset<Row> pool = spark().read().json(poolPath);
        Dataset<Row> labeled = spark().read().json(labeledPath);
        List<Row> poolRows = pool.collectAsList();
        for (AcquisitionMethod m : METHODS) {
            Dataset<Row> scored = new FisherScorer().setMethod(m.cliName()).setLambda(LAMBDA).setSeed(SEED)
                    .setLabeled(labeled).setOutputCol("s").transform(pool);
            List<Row> rows = scored.collectAsList();
            assertScoresEqual(column(job, m.cliName()), rows, m.cliName());
            // the pool's rows in their order, with all their columns, plus the score
            assertEquals(poolRows.size(), rows.size());
            for (int i = 0; i < rows.size(); i++) {
                for (int f = 0; f < pool.schema().size(); f++) {
                    assertEquals(poolRows.get(i).get(f), rows.get(i).get(f), m.cliName() + " row " + i);
                }
            }
        }
    }

    @Test
    void epigWithAnEvalSetAndRepartitioning() {
        String out = dir.resolve("scores-epig").toString();
        ScoreConfig c = ScoreConfig.of(poolPath, labeledPath, List.of(AcquisitionMethod.EPIG_LOGDET), out)
                .withParams(new FisherScorer().setLambda(LAMBDA));
        c = c.withRun(c.run().withReferenceSets(evalPath, null, null));
        new ScoreJob(spark()).run(c);
        Dataset<Row> scored = new FisherScorer().setMethod("epig-logdet").setLambda(LAMBDA)
                .setLabeled(spark().read().json(labeledPath)).setEval(spark().read().json(evalPath))
                .setPartitions(4).setOutputCol("epig").transform(spark().read().json(poolPath));
        assertEquals(4, scored.javaRDD().getNumPartitions());
        assertScoresEqual(column(spark().read().parquet(out + "/" + ScoreJob.SCORES), "epig-logdet"),
                scored.collectAsList(), "epig-logdet with an eval set");
    }

    private static Map<String, Double> column(Dataset<Row> scores, String name) {
        Map<String, Double> out = new HashMap<>();
        for (Row r : scores.collectAsList()) {
            out.put(r.getString(r.fieldIndex("id")), r.getDouble(r.fieldIndex(name)));
        }
        return out;
    }

    /** The scorer's column (the rows' last field) by id equals the job's, bit for bit. */
    private static void assertScoresEqual(Map<String, Double> expected, List<Row> scored, String what) {
        Map<String, Double> got = new HashMap<>();
        for (Row r : scored) {
            got.put(r.getString(r.fieldIndex("id")), r.getDouble(r.length() - 1));
        }
        assertEquals(expected, got, what);
    }
}
