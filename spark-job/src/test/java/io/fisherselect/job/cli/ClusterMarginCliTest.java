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

/** {@code select --method cluster-margin} end to end: a batch of k, and the report says which clustering ran. */
class ClusterMarginCliTest {
    @TempDir
    Path tmp;

    @Test
    void selectsAndReportsTheClustering() throws Exception {
        TestSet set = TestSet.classification(801, "p", 60, 4, 3, false);
        String pool = set.writeJsonl(tmp, "pool");
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("select", "--pool", pool, "--method", "cluster-margin", "--k", "5", "--clusters", "4",
                "--shortlist", "20", "--partitions", "2", "--out", out.toString(), "--master", "local[2]");
        assertEquals(0, run.exitCode(), run.toString());
        List<SelectionCsv.Line> lines = SelectionCsv.parse(SelectionCsv.text(out));
        List<String> ids = lines.stream().map(SelectionCsv.Line::id).toList();
        assertEquals(5, new HashSet<>(ids).size(), ids.toString());
        assertTrue(new HashSet<>(set.ids()).containsAll(ids));
        JsonNode cm = new ObjectMapper().readTree(out.resolve("report.json").toFile()).path("clusterMargin");
        assertEquals("hac", cm.path("clustering").asText(), cm.toString());
        assertEquals(4, cm.path("clusters").asInt());
        assertEquals(20, cm.path("shortlist").asInt());
    }

    @Test
    void refusesClusteringOptionsForOtherMethods() {
        CliRun run = CliRun.of("select", "--pool", tmp.resolve("none.jsonl").toString(), "--method", "margin",
                "--k", "3", "--clusters", "4", "--out", tmp.resolve("o").toString());
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("--clusters"), run.toString());
    }
}
