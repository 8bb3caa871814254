package io.fisherselect.job.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.job.io.InputException;
import io.fisherselect.job.io.OptionLimits;
import io.fisherselect.math.AcquisitionMethod;
import org.junit.jupiter.api.Test;

/** The rule of {@code --approximation auto} at its boundaries, and the refusal of a D×D that cannot fit. */
class ApproximationChoiceTest {
    private static final long GIB = 1L << 30;
    private static final AcquisitionMethod EIG = AcquisitionMethod.EIG_LOGDET;
    private static final ScaleOptions AUTO = ScaleOptions.defaults();
    private static final ScaleOptions EXACT = new ScaleOptions(ScaleOptions.Mode.EXACT, 0, 0, null,
            ScaleOptions.Init.KMEANS_PP, 5, 0, 0, ScaleOptions.FisherApprox.DENSE, 0, 0, 4.0, 0.0,
            ScaleOptions.Clustering.AUTO, io.fisherselect.math.method.ClusterMargin.Settings.defaults(),
            ScaleOptions.Approximation.EXACT);

    private static ApproximationChoice auto(AcquisitionMethod m, int d, int c, boolean bias, long heap) {
        return ApproximationChoice.choose(AUTO, m, d, c, bias, new ApproximationChoice.Limits(8192, heap));
    }

    @Test
    void d512StaysExactAndD2048IsSketchedToTheLargestMWithinBothLimits() {
        // d = 512, C = 10: D = 5,120, six matrices of 8·5120² bytes = 1.17 GiB ≤ 2 GiB (8 GiB heap)
        ApproximationChoice d512 = auto(EIG, 512, 10, false, 8 * GIB);
        assertEquals("exact", d512.ran(), d512.reason());
        assertEquals(0, d512.sketch());
        assertTrue(d512.reason().contains("D = 5120 ≤ 8192 and 6 D×D matrices of eig-logdet = 1.17 GiB ≤ 2.00 GiB"),
                d512.reason());
        // the same with a 4 GiB heap: 1.17 GiB > 1 GiB, sketched to ⌊√(2³⁰/48)⌋ = 4729 → m = 472
        ApproximationChoice small = auto(EIG, 512, 10, false, 4 * GIB);
        assertEquals("sketch", small.ran(), small.reason());
        assertEquals(472, small.sketch());
        // d = 2048 with 8 GiB: D = 20,480 > 8,192 → m ≤ 819; memory: ⌊√(2³¹/48)⌋ = 6688 → m ≤ 668
        ApproximationChoice d2048 = auto(EIG, 2048, 10, false, 8 * GIB);
        assertEquals("sketch", d2048.ran());
        assertEquals(668, d2048.sketch());
        assertTrue(d2048.reason().contains("D = 20480 > 8192"), d2048.reason());
        assertTrue(d2048.reason().endsWith("sketched to m = 668 (D = 6680, 1.99 GiB)"), d2048.reason());
        // with a heap large enough, the dimension limit decides: C·m ≤ 8192 → m = 819
        assertEquals(819, auto(EIG, 2048, 10, false, 64 * GIB).sketch());
    }

    @Test
    void theDimensionLimitIsInclusive() {
        // C = 8: d = 1024 is D = 8192 exactly (exact); d = 1025 is sketched to m = 1024
        assertEquals("exact", auto(EIG, 1024, 8, false, 64 * GIB).ran());
        ApproximationChoice over = auto(EIG, 1025, 8, false, 64 * GIB);
        assertEquals("sketch", over.ran());
        assertEquals(1024, over.sketch());
        // with the bias column D = C·(d + 1): d = 1023 is 8192, d = 1024 is sketched to m = 1023
        assertEquals("exact", auto(EIG, 1023, 8, true, 64 * GIB).ran());
        assertEquals(1023, auto(EIG, 1024, 8, true, 64 * GIB).sketch());
    }

    @Test
    void theMemoryLimitIsInclusive() {
        // C = 10, d = 100: D = 1000, six matrices 6·8·10⁶ = 48,000,000 bytes; a quarter of the heap
        long need = 48_000_000L;
        assertEquals("exact", auto(EIG, 100, 10, false, 4 * need).ran());
        ApproximationChoice over = auto(EIG, 100, 10, false, 4 * need - 4);
        assertEquals("sketch", over.ran(), over.reason());
        // ⌊√((48·10⁶ − 1)/48)⌋ = 999 → m = 99, whose D = 990 fits
        assertEquals(99, over.sketch());
        assertTrue(8L * 6 * 990 * 990 <= need - 1);
        // bait holds 13 matrices: the same shape needs 104,000,000 bytes
        assertEquals("sketch", auto(AcquisitionMethod.BAIT, 100, 10, false, 4 * need).ran());
        assertEquals("exact", auto(AcquisitionMethod.BAIT, 100, 10, false, 4 * 104_000_000L).ran());
    }

    @Test
    void methodsWithoutDriverMatricesAreNeverSketched() {
        for (AcquisitionMethod m : new AcquisitionMethod[] {AcquisitionMethod.LOGDET, AcquisitionMethod.BADGE,
                AcquisitionMethod.ENTROPY, AcquisitionMethod.EGL}) {
            ApproximationChoice a = auto(m, 4096, 10, false, GIB);
            assertEquals("exact", a.ran(), m.cliName());
            assertEquals(0, a.sketch());
        }
        assertEquals("sketch", auto(AcquisitionMethod.EIG_TRACE, 4096, 10, false, GIB).ran());
        assertEquals("sketch", auto(AcquisitionMethod.EPIG_LOGDET, 4096, 10, false, GIB).ran());
    }

    @Test
    void aGivenSketchOrKfacIsKeptAndExactNeverApproximates() {
        ApproximationChoice sketch = ApproximationChoice.choose(AUTO.withSketch(1500), EIG, 2048, 10, false,
                new ApproximationChoice.Limits(8192, GIB));
        assertEquals("sketch", sketch.ran());
        assertEquals(1500, sketch.sketch());
        assertEquals("--sketch 1500", sketch.option());
        ScaleOptions kfac = new ScaleOptions(ScaleOptions.Mode.EXACT, 0, 0, null, ScaleOptions.Init.KMEANS_PP, 5, 0, 0,
                ScaleOptions.FisherApprox.KFAC, 0);
        ApproximationChoice k = ApproximationChoice.choose(kfac, EIG, 2048, 10, false,
                new ApproximationChoice.Limits(8192, GIB));
        assertEquals("kfac", k.ran());
        assertEquals(0, k.sketch());
        ApproximationChoice exact = ApproximationChoice.choose(EXACT, EIG, 2048, 10, false,
                new ApproximationChoice.Limits(8192, GIB));
        assertEquals("exact", exact.ran());
        assertEquals(0, exact.sketch());
        // exact with a sketch or kfac is a contradiction, refused with the params
        assertThrows(IllegalArgumentException.class, () -> EXACT.withSketch(8).check(EIG, 5));
    }

    @Test
    void noSketchFitsATinyHeap() {
        ApproximationChoice a = auto(EIG, 512, 10, false, 1000);
        assertEquals("exact", a.ran());
        assertTrue(a.reason().endsWith("no sketch fits either"), a.reason());
    }

    @Test
    void aDxDThatCannotFitTheDriverIsRefusedNamingTheOptionValueAndLimit() {
        OptionLimits.DataShape shape = new OptionLimits.DataShape(1000, -1, 2048, 10, 2);
        ApproximationChoice exact = ApproximationChoice.choose(EXACT, EIG, 2048, 10, false,
                new ApproximationChoice.Limits(8192, 8 * GIB));
        // 6 · 8 · 20480² bytes = 18.75 GiB > 8 GiB
        InputException e = assertThrows(InputException.class,
                () -> OptionLimits.driverMatrices(EIG, exact, false, shape, 8 * GIB));
        assertTrue(e.getMessage().startsWith("--approximation exact: eig-logdet holds 6 D×D matrices on the driver, at"
                + " D = 20480 (C = 10, d = 2048) 18.75 GiB, more than the driver's heap of 8.00 GiB; use --sketch m with"
                + " m ≤ 1337 (or --approximation auto)"), e.getMessage());
        // a heap of 18.75 GiB holds them exactly
        OptionLimits.driverMatrices(EIG, exact, false, shape, 6L * 8 * 20480 * 20480);
        // a given sketch is checked at its own D: m = 1500 needs 10.06 GiB; m = 1337 7.99 GiB
        ApproximationChoice sketch = ApproximationChoice.choose(AUTO.withSketch(1500), EIG, 2048, 10, false,
                new ApproximationChoice.Limits(8192, 8 * GIB));
        InputException s = assertThrows(InputException.class,
                () -> OptionLimits.driverMatrices(EIG, sketch, false, shape, 8 * GIB));
        assertTrue(s.getMessage().startsWith("--sketch 1500: eig-logdet"), s.getMessage());
        OptionLimits.driverMatrices(EIG, ApproximationChoice.choose(AUTO.withSketch(1337), EIG, 2048, 10, false,
                new ApproximationChoice.Limits(8192, 8 * GIB)), false, shape, 8 * GIB);
    }
}
