package io.fisherselect.math.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The --sketch projection: JL inner-product preservation on random data, determinism, scale. */
class RandomProjectionTest {

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void preservesPairwiseInnerProductsWithinJlTolerance() {
        int n = 30;
        int dim = 300;
        int m = 2000;
        Random rnd = new Random(5);
        double[][] x = new double[n][dim];
        for (double[] v : x) {
            for (int j = 0; j < dim; j++) {
                v[j] = rnd.nextGaussian() + (j % 7 == 0 ? 0.5 : 0.0);
            }
        }
        RandomProjection p = new RandomProjection(42, m);
        double[][] y = new double[n][];
        for (int i = 0; i < n; i++) {
            y[i] = p.apply(x[i]);
            assertEquals(m, y[i].length);
        }
        // |⟨Rx,Ry⟩ − ⟨x,y⟩| ≤ ε‖x‖‖y‖: the error's standard deviation is ≤ √(2/m) ≈ 0.032, so
        // ε = 0.15 (≈ 4.7 sd, and ε ≈ √(8 ln n / m) for P = 30 points) holds for all 465 pairs
        double eps = 0.15;
        double worst = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double exact = dot(x[i], x[j]);
                double sketched = dot(y[i], y[j]);
                double rel = Math.abs(sketched - exact) / Math.sqrt(dot(x[i], x[i]) * dot(x[j], x[j]));
                worst = Math.max(worst, rel);
            }
        }
        assertTrue(worst <= eps, "worst relative inner-product error " + worst);
        assertTrue(worst > 0, "a projection to fewer dims is not exact");
    }

    @Test
    void deterministicInTheSeedAndPrefixConsistent() {
        double[] v = {1, -2, 3, 0.5};
        assertArrayEquals(new RandomProjection(7, 16).apply(v), new RandomProjection(7, 16).apply(v), 0.0);
        assertNotEquals(new RandomProjection(7, 16).apply(v)[0], new RandomProjection(8, 16).apply(v)[0]);
        // R's first n columns do not depend on the input length: a zero-padded input projects the same
        double[] padded = {1, -2, 3, 0.5, 0, 0};
        assertArrayEquals(new RandomProjection(7, 16).apply(v), new RandomProjection(7, 16).apply(padded), 1e-15);
    }

    @Test
    void entriesHaveVarianceOneOverM() {
        int m = 50;
        int len = 400;
        double[] r = new RandomProjection(3, m).matrix(len);
        double s = 0;
        double s2 = 0;
        for (double v : r) {
            s += v;
            s2 += v * v;
        }
        double mean = s / r.length;
        double var = s2 / r.length - mean * mean;
        assertEquals(0.0, mean, 0.01 / Math.sqrt(m) * 5);
        assertEquals(1.0 / m, var, 0.05 / m);
    }
}
