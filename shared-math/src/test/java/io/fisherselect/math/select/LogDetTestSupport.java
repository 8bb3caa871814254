package io.fisherselect.math.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import java.util.List;

/** Shared pieces of the LogDet-family tests. */
final class LogDetTestSupport {
    /** relative tolerance of gains against the brute-force oracle */
    static final double REL = 1e-9;

    private LogDetTestSupport() {
    }

    /** Hard-pseudo-label gradient embeddings, r = 1. */
    static FactorSpec spec() {
        return new FactorSpec(FactorSpec.Kind.PSEUDO_LABEL_GRADIENT, FactorSpec.Likelihood.SOFTMAX, 0, 1.0, false);
    }

    /** Only λ is read by the LogDet factories (the method enum is wired by the lead). */
    static SelectionParams params(int k, double lambda) {
        return SelectionParams.of(AcquisitionMethod.EIG_LOGDET, k).withLambda(lambda);
    }

    /** |a − e| ≤ REL·|e| (relative; an exact 0 must be matched to the smallest normal double). */
    static void assertGain(double expected, double actual, String what) {
        double tol = REL * Math.abs(expected) + Double.MIN_NORMAL;
        assertTrue(Math.abs(actual - expected) <= tol,
                what + ": expected " + expected + ", got " + actual + " (diff " + (actual - expected) + ")");
    }

    static void assertMatches(List<LogDetBruteForce.Step> expected, List<Pick> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": number of picks");
        for (int t = 0; t < expected.size(); t++) {
            assertEquals(expected.get(t).id(), actual.get(t).id, what + ": pick " + t
                    + " (expected gains " + expected.stream().map(LogDetBruteForce.Step::gain).toList() + ")");
            assertGain(expected.get(t).gain(), actual.get(t).gain, what + ": gain of pick " + t);
        }
    }

    /** Picks and gains identical (bit for bit) between two runs, e.g. one block vs several. */
    static void assertIdentical(List<Pick> a, List<Pick> b, String what) {
        assertEquals(a.size(), b.size(), what);
        for (int t = 0; t < a.size(); t++) {
            assertEquals(a.get(t).id, b.get(t).id, what + ": pick " + t);
            assertEquals(a.get(t).gain, b.get(t).gain, 0.0, what + ": gain of pick " + t);
        }
    }
}
