package io.fisherselect.job.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.math.AcquisitionMethod;
import org.junit.jupiter.api.Test;

/**
 * The rule of {@code --mode auto} at its boundaries: multiround exactly when k ≥ 1,000, N &gt; P
 * and N·k &gt; 5·10⁹ for a greedy method multiround runs and nothing in the run needs the exact
 * greedy; a mode given explicitly is kept.
 */
class ModeChoiceTest {
    private static final ModeChoice.Rule RULE = ModeChoice.Rule.DEFAULT;
    private static final ScaleOptions AUTO = ScaleOptions.defaults().resolved(ScaleOptions.Mode.AUTO);

    private static ScaleOptions.Mode mode(AcquisitionMethod m, int k, long n) {
        return ModeChoice.choose(AUTO, m, k, n, null, RULE).mode();
    }

    @Test
    void theDefaultThresholdsAreTheDocumentedOnes() {
        assertEquals(1_000, RULE.minK());
        assertEquals(5_000_000_000L, RULE.maxExactUpdates());
    }

    @Test
    void multiRoundAtTheBoundaries() {
        AcquisitionMethod m = AcquisitionMethod.EIG_LOGDET;
        // k = 1,000: P = 10,000; N·k > 5e9 needs N > 5,000,000
        assertEquals(ScaleOptions.Mode.EXACT, mode(m, 1_000, 5_000_000));
        assertEquals(ScaleOptions.Mode.MULTIROUND, mode(m, 1_000, 5_000_001));
        // k = 999 never, however large N
        assertEquals(ScaleOptions.Mode.EXACT, mode(m, 999, 1_000_000_000_000L));
        // k = 100,000: N·k > 5e9 from N = 50,001 (N > P = 10,000 already)
        assertEquals(ScaleOptions.Mode.EXACT, mode(m, 100_000, 50_000));
        assertEquals(ScaleOptions.Mode.MULTIROUND, mode(m, 100_000, 50_001));
        // k = 10⁶ of N = 10⁶ + 1: N·k is large, N > P; every item but one is picked
        assertEquals(ScaleOptions.Mode.MULTIROUND, mode(m, 1_000_000, 1_000_001));
        // N must exceed P: k = 10⁶ with N = P is the exact greedy (both settings here are extreme)
        ScaleOptions big = AUTO.withMultiRound(2_000_000, 4.0, 0.0).resolved(ScaleOptions.Mode.AUTO);
        assertEquals(ScaleOptions.Mode.EXACT, ModeChoice.choose(big, m, 1_000_000, 2_000_000, null, RULE).mode());
        assertEquals(ScaleOptions.Mode.MULTIROUND,
                ModeChoice.choose(big, m, 1_000_000, 2_000_001, null, RULE).mode());
        // a given P counts: N = 60,000 > P = 50,000 and N·k = 6e9 with k = 100,000
        ScaleOptions p = AUTO.withMultiRound(50_000, 4.0, 0.0).resolved(ScaleOptions.Mode.AUTO);
        assertEquals(ScaleOptions.Mode.MULTIROUND,
                ModeChoice.choose(p, m, 100_000, 60_000, null, RULE).mode());
        assertEquals(ScaleOptions.Mode.EXACT, ModeChoice.choose(p, m, 100_000, 50_000, null, RULE).mode());
    }

    @Test
    void everyGreedyMethodMultiRoundRunsAndNoOther() {
        for (AcquisitionMethod m : AcquisitionMethod.values()) {
            boolean greedy = m.kind() == AcquisitionMethod.Kind.GREEDY;
            assertEquals(greedy ? ScaleOptions.Mode.MULTIROUND : ScaleOptions.Mode.EXACT,
                    mode(m, 10_000, 10_000_000), m.cliName());
        }
    }

    @Test
    void aRunMultiRoundCannotHonourGetsExactWithTheReason() {
        ModeChoice c = ModeChoice.choose(AUTO, AcquisitionMethod.LOGDET, 10_000, 10_000_000, "--max-per-class / --balance",
                RULE);
        assertEquals(ScaleOptions.Mode.EXACT, c.mode());
        assertTrue(c.reason().contains("--max-per-class"), c.reason());
    }

    @Test
    void anExplicitModeIsKept() {
        for (ScaleOptions.Mode given : ScaleOptions.Mode.values()) {
            if (given == ScaleOptions.Mode.AUTO) {
                continue;
            }
            ModeChoice c = ModeChoice.choose(AUTO.withMode(given, 0, 20_000), AcquisitionMethod.EIG_LOGDET, 10_000, 10_000_000,
                    null, RULE);
            assertEquals(given, c.mode());
            assertEquals("--mode " + given.cliName(), c.reason());
        }
    }

    @Test
    void theReasonNamesTheNumbers() {
        ModeChoice c = ModeChoice.choose(AUTO, AcquisitionMethod.EIG_LOGDET, 1_000, 5_000_001, null, RULE);
        assertTrue(c.reason().startsWith("auto: multiround"), c.reason());
        assertTrue(c.reason().contains("k = 1000 ≥ 1000") && c.reason().contains("N = 5000001 > P = 10000"),
                c.reason());
    }
}
