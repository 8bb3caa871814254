package io.fisherselect.job.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fisherselect.job.LocalSpark;
import io.fisherselect.job.ReferenceSelection;
import io.fisherselect.job.Selectors;
import io.fisherselect.job.TestSet;
import io.fisherselect.job.api.FisherSelector;
import io.fisherselect.job.io.SetSource;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.plan.SelectionParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --mode auto} end to end on small pools: with the rule's thresholds lowered (the job's
 * package-private constructor) it runs multiround — the same batch byte for byte as
 * {@code --mode multiround} — and report.json says so next to the config's {@code auto}; with the
 * default thresholds a small pool gets the exact greedy, byte for byte as {@code --mode exact};
 * a run multiround cannot honour (class caps, pending items entered as picks) gets the exact greedy
 * instead of an error. The objective of a multiround union of parts is in report.json and equals
 * the replayed greedy's sum of gains over the same batch in the same order.
 */
class AutoModeTest {
    @TempDir
    static Path dir;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** every run multiround can honour is large enough */
    private static final ModeChoice.Rule ALWAYS = new ModeChoice.Rule(1, 0);
    private static TestSet poolSet;
    private static TestSet labeledSet;
    private static String pool;
    private static String labeled;

    @BeforeAll
    static void sets() throws IOException {
        poolSet = TestSet.classification(701, "p", 90, 4, 3, true);
        labeledSet = TestSet.classification(702, "l", 15, 4, 3, true);
        pool = poolSet.writeJsonl(dir, "pool");
        labeled = labeledSet.writeJsonl(dir, "labeled");
    }

    private static FisherSelector selector(SelectionParams p, String mode, int partitionSize) {
        return Selectors.of(p).setMode(mode).setPartitionSize(partitionSize).setPartitions(3);
    }

    private static Selection run(FisherSelector s, ModeChoice.Rule rule, String out, RunOptions base) {
        RunOptions run = base.withOut(dir.resolve(out).toString(), true);
        return new SelectionJob(LocalSpark.session(), rule).run(new SelectConfig(run, s));
    }

    private static Selection run(FisherSelector s, ModeChoice.Rule rule, String out) {
        return run(s, rule, out, RunOptions.ofPaths(pool, labeled, null));
    }

    private static String csv(String out) throws IOException {
        return Files.readString(dir.resolve(out).resolve("selection.csv"));
    }

    private static JsonNode report(String out) throws IOException {
        return JSON.readTree(dir.resolve(out).resolve("report.json").toFile());
    }

    @Test
    void aLowThresholdRunsMultiRoundAndReportsItWithTheBatchObjective() throws IOException {
        for (AcquisitionMethod m : List.of(AcquisitionMethod.EIG_LOGDET, AcquisitionMethod.EPIG_LOGDET,
                AcquisitionMethod.LOGDET)) {
            // k = 24 > P = 20: the batch is a union of parts, whose gains do not add up to the objective
            SelectionParams p = SelectionParams.of(m, 24).withSeed(5);
            String auto = "auto-" + m.cliName();
            String multi = "multiround-" + m.cliName();
            Selection a = run(selector(p, "auto", 20), ALWAYS, auto);
            run(selector(p, "multiround", 20), ModeChoice.Rule.DEFAULT, multi);
            assertEquals(ScaleOptions.Mode.MULTIROUND, a.modeChoice().mode(), a.modeChoice().reason());
            assertEquals(csv(multi), csv(auto), m.cliName());

            JsonNode r = report(auto);
            assertEquals("auto", r.path("config").path("mode").asText(), r.toString());
            assertEquals("multiround", r.path("modeRan").asText(), r.toString());
            assertTrue(r.path("modeReason").asText().contains("N·k"), r.path("modeReason").asText());
            assertEquals(20, r.path("multiRound").path("partitionSize").asInt(), r.toString());
            assertFalse(r.has("objective"), "no trajectory for a union of parts: " + r);
            assertTrue(r.has("finalObjective"), r.toString());
            double expected = ReferenceSelection.replayedObjective(p, poolSet, labeledSet,
                    a.picks().stream().map(Selection.Picked::id).toList());
            double got = r.path("finalObjective").asDouble();
            assertEquals(expected, got, 1e-9 * Math.abs(expected), m.cliName());
            // the union's own gains do not add up to it (else this test would not tell the two apart)
            double gains = a.picks().stream().mapToDouble(Selection.Picked::gain).sum();
            assertTrue(Math.abs(gains - expected) > 1e-6 * Math.abs(expected), gains + " vs " + expected);
            assertEquals(report(multi).path("finalObjective").asDouble(), got, 0.0, "the same batch, the same bits");
        }
    }

    @Test
    void theDefaultRuleKeepsASmallPoolExactByteForByte() throws IOException {
        SelectionParams p = SelectionParams.of(AcquisitionMethod.EIG_LOGDET, 8).withSeed(2);
        Selection a = run(selector(p, "auto", 0), ModeChoice.Rule.DEFAULT, "default-auto");
        run(selector(p, "exact", 0), ModeChoice.Rule.DEFAULT, "default-exact");
        assertEquals(ScaleOptions.Mode.EXACT, a.modeChoice().mode(), a.modeChoice().reason());
        assertEquals(csv("default-exact"), csv("default-auto"));
        JsonNode r = report("default-auto");
        assertEquals("exact", r.path("modeRan").asText(), r.toString());
        assertTrue(r.path("modeReason").asText().contains("k = 8 < 1000"), r.path("modeReason").asText());
        JsonNode trajectory = r.path("objective");
        assertEquals(8, trajectory.size(), r.toString());
        assertEquals(trajectory.get(7).asDouble(), r.path("finalObjective").asDouble(), 0.0, r.toString());
        assertEquals("exact", report("default-exact").path("modeRan").asText());
    }

    @Test
    void whatMultiRoundCannotHonourGetsTheExactGreedy() throws IOException {
        SelectionParams eig = SelectionParams.of(AcquisitionMethod.EIG_LOGDET, 6).withSeed(4);
        Selection capped = run(selector(eig, "auto", 20).setMaxPerClass(3), ALWAYS, "capped");
        assertEquals(ScaleOptions.Mode.EXACT, capped.modeChoice().mode());
        assertTrue(capped.modeChoice().reason().contains("--max-per-class"), capped.modeChoice().reason());
        assertEquals("exact", report("capped").path("modeRan").asText());

        SelectionParams logdet = SelectionParams.of(AcquisitionMethod.LOGDET, 6).withSeed(4);
        String pending = poolSet.only(poolSet.ids().subList(0, 4)).writeJsonl(dir, "pending");
        Selection withPending = run(selector(logdet, "auto", 20), ALWAYS, "pending",
                RunOptions.ofPaths(pool, null, null).withBatchSets(SetSource.ofPath(pending), null));
        assertEquals(ScaleOptions.Mode.EXACT, withPending.modeChoice().mode());
        assertTrue(withPending.modeChoice().reason().contains("--pending"), withPending.modeChoice().reason());
    }
}
