package io.fisherselect.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate} end to end on a small dataset in scikit-learn's CSV layout: the curves (every
 * method, seed and round; round 0 shared by the methods of a seed; labels n₀ + r·K), the summary
 * and report files, and the refusal of a method that reads the pool's labels.
 */
class EvaluateCliTest {

    @TempDir
    Path tmp;

    /** 240 items, 5 features (one constant), 3 classes, with scikit-learn's header line. */
    private Path sklearnCsv() throws Exception {
        Random rnd = new Random(5);
        StringBuilder b = new StringBuilder("240,5,a,b,c\n");
        for (int i = 0; i < 240; i++) {
            int y = i % 3;
            for (int j = 0; j < 4; j++) {
                b.append(String.format(java.util.Locale.ROOT, "%.4f,", 10 + 3 * (j == y ? 1 : 0) + rnd.nextGaussian()));
            }
            b.append("7,").append(y).append('\n');
        }
        Path p = tmp.resolve("toy.csv");
        Files.writeString(p, b.toString());
        return p;
    }

    @Test
    void learningCurvesOfEveryMethodAndSeed() throws Exception {
        Path data = sklearnCsv();
        Path out = tmp.resolve("ev");
        CliRun run = CliRun.of("evaluate", "--data", data.toString(), "--format", "sklearn-csv", "--methods",
                "entropy,eig-logdet", "--initial", "6", "--k", "4", "--rounds", "2", "--seeds", "2", "--out",
                out.toString(), "--master", "local[2]");
        assertEquals(0, run.exitCode(), run.toString());

        List<String> curves = Files.readAllLines(out.resolve("curves.csv"));
        assertEquals("method,seed,round,labels,accuracy,logloss", curves.get(0));
        assertEquals(1 + 2 * 2 * 3, curves.size(), "methods × seeds × (rounds + 1)");
        Map<String, String> roundZero = new HashMap<>();
        for (String line : curves.subList(1, curves.size())) {
            String[] f = line.split(",");
            int round = Integer.parseInt(f[2]);
            assertEquals(6 + 4 * round, Integer.parseInt(f[3]), line);
            double acc = Double.parseDouble(f[4]);
            assertTrue(acc >= 0 && acc <= 1 && Double.parseDouble(f[5]) > 0, line);
            if (round == 0) {
                String before = roundZero.putIfAbsent(f[1], f[4] + "," + f[5]);
                assertTrue(before == null || before.equals(f[4] + "," + f[5]),
                        "all methods of a seed start from the same initial fit: " + line);
            }
        }
        assertEquals(2, roundZero.size());
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals(1 + 2 * 3, summary.size());

        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals("evaluate", report.path("command").asText());
        assertEquals(240 - report.path("sizes").path("test").asLong(), report.path("sizes").path("pool").asLong());
        assertEquals(5, report.path("sizes").path("d").asInt());
        assertEquals(3, report.path("sizes").path("C").asInt());
        assertEquals(2, report.path("methods").size());
        JsonNode area = report.path("methods").get(0).path("accuracyArea");
        assertTrue(area.path("lo").asDouble() <= area.path("mean").asDouble()
                && area.path("mean").asDouble() <= area.path("hi").asDouble());
        String html = Files.readString(out.resolve("report.html"));
        assertEquals(2, html.split("<svg ", -1).length - 1, "accuracy and log-loss curves");
        assertTrue(html.contains("polygon"), "bands");
        assertFalse(html.contains("<script"));
    }

    @Test
    void refusesMethodsThatReadThePoolsLabels() throws Exception {
        CliRun run = CliRun.of("evaluate", "--data", sklearnCsv().toString(), "--format", "sklearn-csv",
                "--methods", "random,grand", "--out", tmp.resolve("no").toString());
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("grand"), run.toString());
        assertFalse(Files.exists(tmp.resolve("no")));
    }
}
