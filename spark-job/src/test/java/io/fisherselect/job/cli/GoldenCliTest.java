package io.fisherselect.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fisherselect.job.LocalSpark;
import io.fisherselect.job.SelectionCsv;
import io.fisherselect.math.AcquisitionMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * End to end through the command line on the golden instance (in the test resources): 400 pool items, 30 labeled, d = 6, C = 4, k = 8, λ = 1. The selections of an
 * independent dense float64 implementation of each published definition must be reproduced,
 * and every output (selection.csv, selection/, report.json) must be complete.
 */
class GoldenCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path pool;
    private static Path labeled;
    private static JsonNode expected;

    @TempDir
    Path tmp;

    @BeforeAll
    static void golden() throws Exception {
        pool = resource("golden/pool.jsonl");
        labeled = resource("golden/labeled.jsonl");
        expected = JSON.readTree(resource("golden/expected.json").toFile());
    }

    private static Path resource(String name) throws Exception {
        return Path.of(GoldenCliTest.class.getClassLoader().getResource(name).toURI());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"egl", "eig-logdet", "logdet", "grand", "bait"})
    void reproducesTheGoldenSelection(String method) throws Exception {
        Path out = tmp.resolve("out-" + method);
        CliRun run = CliRun.of("select", "--pool", pool.toString(), "--labeled", labeled.toString(),
                "--method", method, "--k", "8", "--out", out.toString(), "--master", "local[2]");
        assertEquals(0, run.exitCode(), run.toString());

        JsonNode exp = expected.get(method);
        assertNotNull(exp, "expected.json has " + method);
        List<String> ids = new ArrayList<>();
        exp.get("ids").forEach(n -> ids.add(n.asText()));

        // selection.csv: header, ranks 1..8, the golden ids, gains within 1e-9 relative
        String text = SelectionCsv.text(out);
        assertTrue(text.startsWith("rank,id,gain\n"), "header of selection.csv: " + text);
        List<SelectionCsv.Line> lines = SelectionCsv.parse(text);
        assertEquals(8, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(i + 1, lines.get(i).rank());
        }
        assertEquals(ids, lines.stream().map(SelectionCsv.Line::id).toList(), method + ": golden ids in pick order");
        JsonNode gains = exp.get("gains");
        if (gains != null && !gains.isNull()) {
            for (int i = 0; i < lines.size(); i++) {
                double e = gains.get(i).asDouble();
                double a = lines.get(i).gain();
                assertTrue(SelectionCsv.close(e, a, 1e-9), method + ": gain of pick " + (i + 1) + ": expected " + e
                        + ", got " + a);
            }
        }

        // selection/: Parquet with the same rows
        List<Row> rows = new ArrayList<>(LocalSpark.session().read().parquet(out.resolve("selection").toString())
                .orderBy("rank").collectAsList());
        assertEquals(lines.size(), rows.size(), "rows of selection/");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            assertEquals(lines.get(i).rank(), r.getInt(r.fieldIndex("rank")));
            assertEquals(lines.get(i).id(), r.getString(r.fieldIndex("id")));
            assertEquals(lines.get(i).gain(), r.getDouble(r.fieldIndex("gain")), "gain in selection/ (exact)");
        }

        // report.json
        JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
        assertEquals(method, report.at("/config/method").asText());
        assertEquals(8, report.at("/config/k").asInt());
        JsonNode sizes = report.get("sizes");
        assertEquals(400, sizes.get("pool").asLong());
        // methods that ignore the labeled set do not read it and report 0 labeled items
        boolean usesLabeled = AcquisitionMethod.fromCliName(method).usesLabeledSet();
        assertEquals(usesLabeled ? 30 : 0, sizes.get("labeled").asLong(), "sizes.labeled");
        assertEquals(6, sizes.get("d").asLong());
        assertEquals(4, sizes.get("C").asLong());
        assertEquals(24, sizes.get("D").asLong());
        JsonNode timings = report.get("timings");
        for (String stage : List.of("read", "aggregate", "select", "write", "total")) {
            assertTrue(timings.has(stage), "timings." + stage + " in " + timings);
            assertTrue(timings.get(stage).asDouble() >= 0, "timings." + stage);
        }
        double stages = 0;
        for (String stage : List.of("read", "aggregate", "select", "write")) {
            stages += timings.get(stage).asDouble();
        }
        assertTrue(timings.get("total").asDouble() >= stages - 1e-9, "total ≥ the sum of the stages: " + timings);
        JsonNode picks = report.get("picks");
        assertEquals(8, picks.size());
        for (int i = 0; i < picks.size(); i++) {
            JsonNode p = picks.get(i);
            for (String f : List.of("rank", "id", "gain", "seconds")) {
                assertTrue(p.has(f), "picks[" + i + "]." + f);
            }
            assertEquals(i + 1, p.get("rank").asInt());
            assertEquals(lines.get(i).id(), p.get("id").asText());
            assertEquals(lines.get(i).gain(), p.get("gain").asDouble(), "report gain equals selection.csv");
            assertTrue(p.get("seconds").asDouble() >= 0);
        }

        // nothing else next to the output: no temporary sibling left behind
        try (var s = Files.list(tmp)) {
            assertEquals(Set.of("out-" + method), s.map(p -> p.getFileName().toString())
                    .collect(java.util.stream.Collectors.toSet()));
        }
        assertFalse(Files.exists(out.resolve("_temporary")));
    }
}
