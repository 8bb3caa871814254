package io.fisherselect.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-label ({@code --likelihood bernoulli}) runs end to end: {@code evaluate} with labels as
 * 0/1 arrays (curves, picks, converged one-vs-rest fits), its refusal of bad label rows by set,
 * column and row id and of the gaussian likelihood, and {@code select --fit-last-layer} on a pool
 * without probabilities.
 */
class MultiLabelCliTest {

    @TempDir
    Path tmp;

    /** 60 items, embedding (x, y, 1), three labels: x &gt; 2, y &gt; 1 and a rare one. */
    private Path jsonl(String name, UnaryOperator<List<String>> edit) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            double x = i % 7 - 1.5;
            double y = (i * 5) % 3 - 0.2;
            lines.add(String.format(Locale.ROOT, "{\"id\":\"r%02d\",\"embedding\":[%.1f,%.1f,1.0],"
                    + "\"label\":[%d,%d,%d]}", i, x, y, x > 2 ? 1 : 0, y > 1 ? 1 : 0, i % 13 == 0 ? 1 : 0));
        }
        Path p = tmp.resolve(name + ".jsonl");
        Files.writeString(p, String.join("\n", edit.apply(lines)) + "\n");
        return p;
    }

    @Test
    void evaluateRunsRoundsOfOneVsRestFits() throws Exception {
        Path out = tmp.resolve("ev");
        CliRun run = CliRun.of("evaluate", "--data", jsonl("data", l -> l).toString(), "--likelihood", "bernoulli",
                "--methods", "random,eig-logdet,entropy", "--initial", "6", "--k", "3", "--rounds", "2", "--seeds",
                "1", "--out", out.toString(), "--master", "local[1]");
        assertEquals(0, run.exitCode(), run.toString());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals("bernoulli", report.path("config").path("likelihood").asText(), report.toString());
        assertEquals(3, report.path("sizes").path("C").asLong());
        assertTrue(report.path("lastLayer").asText().startsWith("one-vs-rest"), report.path("lastLayer").asText());
        assertTrue(report.path("metrics").asText().contains("per-label accuracy"), report.toString());
        JsonNode fits = report.path("fits");
        assertEquals(1 + 3 * 2, fits.path("count").asInt());
        assertEquals(fits.path("count").asInt(), fits.path("converged").asInt(), fits.toString());
        List<String> curves = Files.readAllLines(out.resolve("curves.csv"));
        assertEquals(1 + 3 * 3, curves.size(), curves.toString());
        for (String line : curves.subList(1, curves.size())) {
            String[] f = line.split(",");
            double accuracy = Double.parseDouble(f[4]);
            double logLoss = Double.parseDouble(f[5]);
            assertTrue(accuracy >= 0 && accuracy <= 1 && logLoss > 0 && logLoss < Math.log(2) + 1, line);
        }
        // each method: the 6 initial items, then 3 new ones a round
        List<String> picks = Files.readAllLines(out.resolve("picks.csv"));
        for (String method : List.of("random", "eig-logdet", "entropy")) {
            Set<String> ids = new HashSet<>();
            for (String line : picks) {
                if (line.startsWith(method + ",")) {
                    assertTrue(ids.add(line.substring(line.lastIndexOf(',') + 1)), line);
                }
            }
            assertEquals(12, ids.size(), method);
        }
    }

    private CliRun evaluate(Path data, String... extra) {
        List<String> a = new ArrayList<>(List.of("evaluate", "--data", data.toString(), "--likelihood", "bernoulli",
                "--methods", "random", "--initial", "4", "--k", "2", "--rounds", "1", "--seeds", "1", "--out",
                tmp.resolve("bad").toString(), "--master", "local[1]"));
        a.addAll(List.of(extra));
        return CliRun.of(a.toArray(new String[0]));
    }

    @Test
    void badLabelRowsAreNamedBySetColumnAndId() throws Exception {
        CliRun length = evaluate(jsonl("length", l -> {
            l.set(17, l.get(17).replaceAll("\"label\":\\[(\\d),", "\"label\":["));
            return l;
        }));
        assertEquals(2, length.exitCode(), length.toString());
        assertTrue(length.err().contains("data: column 'label', row id 'r17'") && length.err().contains("2 values"),
                length.toString());
        CliRun value = evaluate(jsonl("value", l -> {
            l.set(23, l.get(23).replaceAll("\"label\":\\[\\d,", "\"label\":[2,"));
            return l;
        }));
        assertEquals(2, value.exitCode(), value.toString());
        assertTrue(value.err().contains("data: column 'label', row id 'r23'") && value.err().contains("0 or 1"),
                value.toString());
        CliRun scalar = evaluate(jsonl("scalar", l -> l.stream().map(x -> x.replaceAll("\\[(\\d),\\d,\\d]", "$1"))
                .toList()));
        assertEquals(2, scalar.exitCode(), scalar.toString());
        assertTrue(scalar.err().contains("data: column 'label'") && scalar.err().contains("arrays of C values 0 or 1"),
                scalar.toString());
        CliRun gaussian = CliRun.of("evaluate", "--data", jsonl("g", l -> l).toString(), "--likelihood", "gaussian",
                "--methods", "eig-logdet", "--out", tmp.resolve("bad").toString());
        assertEquals(2, gaussian.exitCode(), gaussian.toString());
        assertTrue(gaussian.err().contains("not gaussian"), gaussian.toString());
        assertFalse(Files.exists(tmp.resolve("bad")));
    }

    @Test
    void selectFitsTheSigmoidHeadOnTheLabeledSet() throws Exception {
        Path labeled = jsonl("labeled", l -> l.subList(0, 20));
        Path pool = jsonl("pool", l -> l.subList(20, 60).stream().map(x -> x.replaceAll(",\"label\":\\[.*]", ""))
                .toList());
        Path out = tmp.resolve("sel");
        CliRun run = CliRun.of("select", "--pool", pool.toString(), "--labeled", labeled.toString(), "--likelihood",
                "bernoulli", "--fit-last-layer", "--method", "eig-logdet", "--k", "4", "--out", out.toString(),
                "--master", "local[1]");
        assertEquals(0, run.exitCode(), run.toString());
        JsonNode last = new ObjectMapper().readTree(out.resolve("report.json").toFile()).path("lastLayer");
        assertTrue(last.path("converged").asBoolean(), last.toString());
        assertTrue(last.path("fit").asText().contains("one-vs-rest"), last.toString());
        assertEquals(3, last.path("classes").asInt());
        assertEquals(5, Files.readAllLines(out.resolve("selection.csv")).size());
    }
}
