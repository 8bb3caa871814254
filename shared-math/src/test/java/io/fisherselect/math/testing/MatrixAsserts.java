package io.fisherselect.math.testing;

import static org.junit.jupiter.api.Assertions.fail;

import org.ejml.data.DMatrixRMaj;

/** Tolerance checks for comparing structured results with dense oracles. */
public final class MatrixAsserts {
    private MatrixAsserts() {
    }

    /** The largest absolute entry (at least {@code floor}), the scale relative tolerances refer to. */
    public static double scale(double[] a, int off, int len, double floor) {
        double s = floor;
        for (int i = 0; i < len; i++) {
            s = Math.max(s, Math.abs(a[off + i]));
        }
        return s;
    }

    /**
     * Every entry of {@code actual} within {@code rel} times the largest absolute entry of
     * {@code expected} (at least 1e-300, so an all-zero expectation demands exact zeros up to
     * round-off of order {@code rel}).
     */
    public static void assertClose(double[] expected, int eOff, double[] actual, int aOff, int len,
                                   double rel, String what) {
        double tol = rel * scale(expected, eOff, len, 1e-300);
        for (int i = 0; i < len; i++) {
            double e = expected[eOff + i];
            double a = actual[aOff + i];
            if (!(Math.abs(e - a) <= tol)) {
                fail(what + ": entry " + i + " expected " + e + " but was " + a + " (tolerance " + tol + ")");
            }
        }
    }

    public static void assertClose(double[] expected, double[] actual, double rel, String what) {
        if (expected.length != actual.length) {
            fail(what + ": length " + actual.length + ", expected " + expected.length);
        }
        assertClose(expected, 0, actual, 0, expected.length, rel, what);
    }

    public static void assertClose(DMatrixRMaj expected, DMatrixRMaj actual, double rel, String what) {
        int len = expected.numRows * expected.numCols;
        assertCloseAbs(expected, actual, rel * scale(expected.data, 0, len, 1e-300), what);
    }

    /** Every entry within the absolute tolerance {@code tol}. */
    public static void assertCloseAbs(DMatrixRMaj expected, DMatrixRMaj actual, double tol, String what) {
        if (expected.numRows != actual.numRows || expected.numCols != actual.numCols) {
            fail(what + ": shape " + actual.numRows + "x" + actual.numCols + ", expected "
                    + expected.numRows + "x" + expected.numCols);
        }
        int len = expected.numRows * expected.numCols;
        for (int i = 0; i < len; i++) {
            double e = expected.data[i];
            double a = actual.data[i];
            if (!(Math.abs(e - a) <= tol)) {
                fail(what + ": entry (" + i / expected.numCols + "," + i % expected.numCols + ") expected " + e
                        + " but was " + a + " (tolerance " + tol + ")");
            }
        }
    }

    /** |expected − actual| ≤ rel·max(|expected|, floor); NaN never passes. */
    public static void assertRelClose(double expected, double actual, double rel, double floor, String what) {
        double tol = rel * Math.max(Math.abs(expected), floor);
        if (!(Math.abs(expected - actual) <= tol)) {
            fail(what + ": expected " + expected + " but was " + actual + " (relative tolerance " + rel + ")");
        }
    }

    /** A row-major double[] of a DMatrixRMaj's data (a copy). */
    public static double[] data(DMatrixRMaj m) {
        return m.data.clone();
    }

    /** The raw bits of every entry, for bit-for-bit comparisons (−0.0 ≠ +0.0). */
    public static long[] bits(DMatrixRMaj m) {
        long[] b = new long[m.data.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = Double.doubleToRawLongBits(m.data[i]);
        }
        return b;
    }
}
