package io.fisherselect.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fisherselect.job.SelectionCsv;
import io.fisherselect.job.TestSet;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code select --mode multiround} end to end: the report says which mode ran with its settings,
 * and its objective (the running sum of the last round's gains) ends at the sum of the gains in
 * selection.csv; bad option values stop the run with exit code 2 before any Spark work.
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
