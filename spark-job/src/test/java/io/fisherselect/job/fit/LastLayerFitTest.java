package io.fisherselect.job.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.job.LocalSpark;
import io.fisherselect.job.io.ColumnNames;
import io.fisherselect.job.io.InputException;
import io.fisherselect.job.synth.SyntheticPool;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The MLlib last-layer fit is the MAP estimate with the prior N(0, λ⁻¹I) on W (regParam = λ/n),
 * its probabilities are softmax(Wφ + b), and classes absent from the labeled set still get a
 * probability.
 */
class LastLayerFitTest {
    private static final ColumnNames COLS = ColumnNames.defaults();

    private static Dataset<Row> labeled(SparkSession spark, int n) {
        return new SyntheticPool(n, 5, 3, 3, 2.0, "l").generate(spark, 2).drop("probs");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void fitIsTheMapEstimateAndItsProbabilitiesAreTheSoftmax(boolean intercept) {
        SparkSession spark = LocalSpark.session();
        int n = 150;
        double lambda = 2.0;
        Dataset<Row> df = labeled(spark, n).cache();
        LastLayerFit fit = LastLayerFit.fit(df, COLS, lambda, new LastLayerFit.Options(0, 500, intercept));
        LastLayerFit.Summary s = fit.summary();
        assertEquals(lambda / n, s.regParam(), 1e-15);
        assertEquals(3, s.classes());
        assertEquals(5, s.d());
        double[][] w = s.coefficients();
        double[] b = s.intercepts();

        // gradient of the negative log posterior Σ −log p(y|φ) + (λ/2)‖W‖² at (W, b): zero at the MAP
        double[][] gw = new double[3][5];
        double[] gb = new double[3];
        List<Row> rows = fit.withProbs(df).orderBy("id").collectAsList();
        for (Row r : rows) {
            List<Float> e = r.getList(r.fieldIndex("embedding"));
            int y = r.getInt(r.fieldIndex("label"));
            double[] z = new double[3];
            for (int c = 0; c < 3; c++) {
                z[c] = b[c];
                for (int j = 0; j < 5; j++) {
                    z[c] += w[c][j] * e.get(j);
                }
            }
            double[] pi = softmax(z);
            List<Double> probs = r.getList(r.fieldIndex("probs"));
            for (int c = 0; c < 3; c++) {
                assertEquals(pi[c], probs.get(c), 1e-12, "probs = softmax(Wφ + b)");
                double resid = pi[c] - (c == y ? 1 : 0);
                gb[c] += resid;
                for (int j = 0; j < 5; j++) {
                    gw[c][j] += resid * e.get(j);
                }
            }
        }
        double gradient = 0;
        double squares = 0;
        double scale = 0;
        for (int c = 0; c < 3; c++) {
            if (intercept) {
                gradient = Math.max(gradient, Math.abs(gb[c]));
                squares += gb[c] * gb[c];
            } else {
                assertEquals(0.0, b[c]);
            }
            for (int j = 0; j < 5; j++) {
                double g = gw[c][j] + lambda * w[c][j];
                gradient = Math.max(gradient, Math.abs(g));
                squares += g * g;
                scale = Math.max(scale, Math.abs(lambda * w[c][j]));
            }
        }
        assertTrue(scale > 0.1, "the prior term matters in this test: " + scale);
        assertEquals(Math.sqrt(squares), s.gradientNorm(), 1e-9 + 1e-6 * Math.sqrt(squares),
                "the reported gradient norm is the gradient's at the returned weights");
        if (intercept) {
            // MLlib's L-BFGS (the intercept is unpenalised): near the optimum, not at it
            assertTrue(gradient < 1e-3 * n, "∇(−log posterior) = " + gradient + "; the prior term is " + scale);
        } else {
            // Newton's method on the driver: at the optimum to rounding
            assertTrue(s.converged() && gradient < 1e-8 * n, "∇(−log posterior) = " + gradient + " at the fit; the"
                    + " prior term is " + scale);
        }

        LastLayerFit.Metrics m = fit.metrics(df);
        assertEquals(n, m.n());
        assertTrue(m.accuracy() > 0.5 && m.logLoss() > 0 && m.logLoss() < Math.log(3), m.toString());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void oneIterationIsNotConverged(boolean intercept) {
        SparkSession spark = LocalSpark.session();
        int n = 150;
        Dataset<Row> df = labeled(spark, n).cache();
        LastLayerFit.Summary one = LastLayerFit.fit(df, COLS, 2.0, new LastLayerFit.Options(0, 1, intercept)).summary();
        assertFalse(one.converged(), "one iteration: " + one.iterations() + ", |gradient| " + one.gradientNorm());
        assertTrue(one.gradientNorm() > LastLayerFit.GRADIENT_TOLERANCE * n, "|gradient| " + one.gradientNorm());
        if (!intercept) {
            LastLayerFit.Summary full = LastLayerFit.fit(df, COLS, 2.0, LastLayerFit.Options.defaults()).summary();
            assertTrue(full.converged() && full.gradientNorm() < one.gradientNorm() * 1e-3, full.gradientNorm()
                    + " vs one step's " + one.gradientNorm());
        }
    }

    @Test
    void classesAbsentFromTheLabeledSetGetProbabilities() {
        SparkSession spark = LocalSpark.session();
        Dataset<Row> df = labeled(spark, 60).filter(functions.col("label").lt(2));
        // 30 L-BFGS iterations (each one Spark job) are plenty for these assertions and keep the test short
        LastLayerFit fit = LastLayerFit.fit(df, COLS, 1.0, new LastLayerFit.Options(4, 30, false));
        assertEquals(4, fit.summary().classes());
        Row first = fit.withProbs(df).first();
        List<Double> p = first.getList(first.fieldIndex("probs"));
        assertEquals(4, p.size());
        assertTrue(p.get(2) > 0 && p.get(3) > 0 && p.get(2) < 0.5);
        assertEquals(1.0, p.get(0) + p.get(1) + p.get(2) + p.get(3), 1e-12);
    }

    @Test
    void badLabelsAreRefusedByName() {
        SparkSession spark = LocalSpark.session();
        Dataset<Row> df = labeled(spark, 30);
        InputException one = assertThrows(InputException.class, () -> LastLayerFit.fit(
                df.withColumn("label", functions.lit(1)), COLS, 1.0, LastLayerFit.Options.defaults()));
        assertTrue(one.getMessage().contains("only one class"), one.getMessage());
        InputException neg = assertThrows(InputException.class, () -> LastLayerFit.fit(
                df.withColumn("label", functions.when(functions.col("id").equalTo("l000000007"), -1)
                        .otherwise(functions.col("label"))), COLS, 1.0, LastLayerFit.Options.defaults()));
        assertTrue(neg.getMessage().contains("l000000007") && neg.getMessage().contains("labeled"), neg.getMessage());
    }

    private static double[] softmax(double[] z) {
        double max = Math.max(z[0], Math.max(z[1], z[2]));
        double[] p = new double[z.length];
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            p[i] = Math.exp(z[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < z.length; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
