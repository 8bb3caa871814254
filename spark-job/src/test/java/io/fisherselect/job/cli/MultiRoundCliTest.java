package io.fisherselect.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fisherselect.job.ReferenceSelection;
import io.fisherselect.job.SelectionCsv;
import io.fisherselect.job.TestSet;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.method.Kernel;
import io.fisherselect.math.plan.SelectionParams;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code select --mode multiround} end to end: the report says which mode ran with its settings,
 * and its objective (the running sum of the last round's gains) ends at the sum of the gains in
 * selection.csv; with k &gt; P (a union of parts) report.json has the batch's objective, equal to the
 * greedy replayed through the batch, or says why not (bait); bad option values stop the run with exit code 2 before any Spark work.
 */
class MultiRoundCliTest {
    @TempDir
    Path tmp;

    @Test
    void selectsWithTheModeAndReportsIt() throws Exception {
        TestSet set = TestSet.classification(601, "p", 70, 4, 3, true);
        String pool = set.writeJsonl(tmp, "pool");
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("select", "--pool", pool, "--method", "logdet", "--k", "6", "--mode", "multiround",
                "--partition-size", "20", "--shrink", "2", "--stochastic-epsilon", "0.2", "--partitions", "3",
                "--out", out.toString(), "--master", "local[2]");
        assertEquals(0, run.exitCode(), run.toString());
        List<SelectionCsv.Line> lines = SelectionCsv.parse(SelectionCsv.text(out));
        assertEquals(6, lines.size());
        assertEquals(6, new HashSet<>(lines.stream().map(SelectionCsv.Line::id).toList()).size());
        assertTrue(new HashSet<>(set.ids()).containsAll(lines.stream().map(SelectionCsv.Line::id).toList()));

        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        JsonNode config = report.path("config");
        assertEquals("multiround", config.path("mode").asText(), report.toString());
        assertEquals(20, config.path("partitionSize").asInt());
        JsonNode ran = report.path("multiRound");
        assertEquals(20, ran.path("partitionSize").asInt(), report.toString());
        assertEquals(2.0, ran.path("shrink").asDouble());
        assertEquals(0.2, ran.path("stochasticEpsilon").asDouble());
        JsonNode objective = report.path("objective");
        assertEquals(6, objective.size(), report.toString());
        double sum = lines.stream().mapToDouble(SelectionCsv.Line::gain).sum();
        assertTrue(SelectionCsv.close(sum, objective.get(5).asDouble(), 1e-9), sum + " vs " + objective);
    }

    @Test
    void aUnionOfPartsReportsTheObjectiveOfTheBatch() throws Exception {
        TestSet set = TestSet.classification(602, "p", 60, 4, 3, true);
        String pool = set.writeJsonl(tmp, "pool");
        Path out = tmp.resolve("union");
        // k = 8 > P = 5: the batch is the union of the last round's parts, with the parts' own gains
        CliRun run = CliRun.of("select", "--pool", pool, "--method", "logdet", "--kernel", "cosine", "--lambda", "0.5",
                "--k", "8", "--mode", "multiround", "--partition-size", "5", "--partitions", "3",
                "--out", out.toString(), "--master", "local[2]");
        assertEquals(0, run.exitCode(), run.toString());
        List<SelectionCsv.Line> lines = SelectionCsv.parse(SelectionCsv.text(out));
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals("multiround", report.path("modeRan").asText(), report.toString());
        assertTrue(report.path("objective").isMissingNode(), "no trajectory for a union of parts: " + report);
        SelectionParams p = new SelectionParams(AcquisitionMethod.LOGDET, 8, 0.5, 0, FactorSpec.Likelihood.SOFTMAX,
                1.0, 0, false, Kernel.COSINE, 1.0, 1.0, null, 1.0);
        double expected = ReferenceSelection.replayedObjective(p, set, null,
                lines.stream().map(SelectionCsv.Line::id).toList());
        assertTrue(report.has("finalObjective"), report.toString());
        assertTrue(SelectionCsv.close(expected, report.path("finalObjective").asDouble(), 1e-9),
                expected + " vs " + report.path("finalObjective"));

        // bait: no closed form from one sum over the batch; report.json says why
        Path bait = tmp.resolve("bait");
        run = CliRun.of("select", "--pool", pool, "--method", "bait", "--k", "8", "--mode", "multiround",
                "--partition-size", "5", "--out", bait.toString(), "--master", "local[2]");
        assertEquals(0, run.exitCode(), run.toString());
        report = new ObjectMapper().readTree(bait.resolve("report.json").toFile());
        assertTrue(report.path("finalObjective").isMissingNode(), report.toString());
        assertTrue(report.path("finalObjectiveLeftOut").asText().contains("union of multiround parts"),
                report.toString());
    }

    @Test
    void refusesBadValues() {
        for (String[] bad : new String[][] {{"--shrink", "1"}, {"--stochastic-epsilon", "1.5"},
                {"--partition-size", "-3"}}) {
            CliRun run = CliRun.of("select", "--pool", tmp.resolve("none.jsonl").toString(), "--method", "logdet",
                    "--k", "3", "--mode", "multiround", bad[0], bad[1], "--out", tmp.resolve("o").toString());
            assertEquals(2, run.exitCode(), run.toString());
            assertTrue(run.err().contains(bad[0].substring(2)) || run.err().contains(bad[0]), run.toString());
        }
    }
}
