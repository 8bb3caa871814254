package io.fisherselect.job.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.job.LocalSpark;
import io.fisherselect.job.io.ColumnNames;
import io.fisherselect.job.io.InputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The multi-label (one-vs-rest) last-layer fit on a DataFrame: the MAP of independent sigmoid
 * outputs with the prior N(0, λ⁻¹I) on W — the gradient of Σᵢ Σ_c binary cross-entropy + (λ/2)‖W‖²,
 * written out here, is zero at the returned W — its probabilities are σ(Wφ) per label, the test
 * metrics match a hand computation, and labels that are not arrays of C values 0/1 are refused
 * naming the set, the column and the row id.
 */
class MultiLabelFitTest {
    private static final ColumnNames COLS = ColumnNames.defaults();
    private static final int D = 3;
    private static final int C = 3;

    private static Dataset<Row> labeled(SparkSession spark, int n, long seed) {
        Random rng = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] e = {rng.nextGaussian() * 2, rng.nextGaussian() * 2, 1.0};
            // label 0 follows the first coordinate, label 1 the second, label 2 is rare
            int[] y = {e[0] + rng.nextGaussian() > 0 ? 1 : 0, e[1] + rng.nextGaussian() > 1 ? 1 : 0,
                rng.nextDouble() < 0.1 ? 1 : 0};
            rows.add(RowFactory.create(String.format("m%04d", i), e, y));
        }
        return spark.createDataFrame(rows, schema(DataTypes.IntegerType));
    }

    private static StructType schema(org.apache.spark.sql.types.DataType labelElement) {
        return new StructType().add("id", DataTypes.StringType)
                .add("embedding", DataTypes.createArrayType(DataTypes.DoubleType))
                .add("label", DataTypes.createArrayType(labelElement));
    }

    private static LastLayerFit.Options multiLabel(int maxIter) {
        return new LastLayerFit.Options(0, maxIter, false, true);
    }

    @Test
    void fitIsTheMapOfIndependentSigmoidsAndItsMetricsAreTheHandComputation() {
        SparkSession spark = LocalSpark.session();
        double lambda = 0.5;
        Dataset<Row> df = labeled(spark, 120, 3).repartition(3).cache();
        LastLayerFit fit = LastLayerFit.fit(df, COLS, lambda, multiLabel(100));
        LastLayerFit.Summary s = fit.summary();
        assertTrue(s.multiLabel() && s.converged(), s.toString());
        assertEquals(C, s.classes());
        assertEquals(D, s.d());
        double[][] w = s.coefficients();
        double[][] g = new double[C][D];
        long right = 0;
        double loss = 0;
        List<Row> rows = fit.withProbs(df).collectAsList();
        for (Row r : rows) {
            List<Double> e = r.getList(r.fieldIndex("embedding"));
            List<Integer> y = r.getList(r.fieldIndex("label"));
            List<Double> probs = r.getList(r.fieldIndex("probs"));
            for (int c = 0; c < C; c++) {
                double z = 0;
                for (int j = 0; j < D; j++) {
                    z += w[c][j] * e.get(j);
                }
                double p = 1 / (1 + Math.exp(-z));
                assertEquals(p, probs.get(c), 1e-12, "probs = σ(Wφ)");
                for (int j = 0; j < D; j++) {
                    g[c][j] += (p - y.get(c)) * e.get(j);
                }
                right += (p > 0.5) == (y.get(c) == 1) ? 1 : 0;
                loss -= y.get(c) == 1 ? Math.log(p) : Math.log(1 - p);
            }
        }
        double squares = 0;
        for (int c = 0; c < C; c++) {
            for (int j = 0; j < D; j++) {
                double gj = g[c][j] + lambda * w[c][j];
                squares += gj * gj;
            }
        }
        assertTrue(Math.sqrt(squares) < 1e-6, "gradient of the negative log posterior: " + Math.sqrt(squares));
        assertEquals(Math.sqrt(squares), s.gradientNorm(), 1e-9);
        LastLayerFit.Metrics m = fit.metrics(df);
        assertEquals(120, m.n());
        assertEquals((double) right / (120 * C), m.accuracy(), 1e-12);
        assertEquals(loss / (120 * C), m.logLoss(), 1e-12);

        LastLayerFit one = LastLayerFit.fit(df, COLS, lambda, multiLabel(1));
        assertFalse(one.summary().converged());
        assertEquals(1, one.summary().iterations());
        assertTrue(one.summary().gradientNorm() > 1e-8 * 120, "one step is not at the optimum");
    }

    @Test
    void labelsThatAreNotArraysOfCZerosAndOnesAreRefusedByName() {
        SparkSession spark = LocalSpark.session();
        List<Row> ok = labeled(spark, 20, 5).collectAsList();
        List<Row> shortRow = new ArrayList<>(ok);
        shortRow.set(7, RowFactory.create("m0007", ok.get(7).get(1), new int[] {1, 0}));
        InputException length = assertThrows(InputException.class, () -> LastLayerFit.fit(
                spark.createDataFrame(shortRow, schema(DataTypes.IntegerType)), COLS, 1.0,
                new LastLayerFit.Options(3, 10, false, true)));
        assertTrue(length.getMessage().contains("labeled") && length.getMessage().contains("'label'")
                && length.getMessage().contains("m0007") && length.getMessage().contains("has 2 values, expected C = 3"),
                length.getMessage());
        List<Row> two = new ArrayList<>(ok);
        two.set(4, RowFactory.create("m0004", ok.get(4).get(1), new int[] {0, 2, 0}));
        InputException value = assertThrows(InputException.class, () -> LastLayerFit.fit(
                spark.createDataFrame(two, schema(DataTypes.IntegerType)), COLS, 1.0, multiLabel(10)));
        assertTrue(value.getMessage().contains("m0004") && value.getMessage().contains("contains 2.0 at index 1"),
                value.getMessage());
        List<Row> scalar = new ArrayList<>();
        for (Row r : ok) {
            scalar.add(RowFactory.create(r.get(0), r.get(1), 1));
        }
        StructType scalarSchema = new StructType().add("id", DataTypes.StringType)
                .add("embedding", DataTypes.createArrayType(DataTypes.DoubleType)).add("label", DataTypes.IntegerType);
        InputException number = assertThrows(InputException.class, () -> LastLayerFit.fit(
                spark.createDataFrame(scalar, scalarSchema), COLS, 1.0, multiLabel(10)));
        assertTrue(number.getMessage().contains("m0000") && number.getMessage().contains("arrays of C values 0 or 1"),
                number.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LastLayerFit.Options(0, 10, true, true));
    }
}
