package io.fisherselect.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate} end to end on a small dataset in scikit-learn's CSV layout: the curves (every
 * method, seed and round; round 0 shared by the methods of a seed; labels n₀ + r·K), the picks (the
 * same initial set for every method of a seed, K new items a round), the summary's bands and the
 * report's areas against the same formulas evaluated here on curves.csv; bad rows named by set,
 * column and id; the refusal of a method that reads the pool's labels.
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
        int n0 = 6;
        int k = 4;
        CliRun run = CliRun.of("evaluate", "--data", data.toString(), "--format", "sklearn-csv", "--methods",
                "entropy,eig-logdet", "--initial", "" + n0, "--k", "" + k, "--rounds", "2", "--seeds", "2", "--out",
                out.toString(), "--master", "local[2]");
        assertEquals(0, run.exitCode(), run.toString());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        long nTest = report.path("sizes").path("test").asLong();

        List<String> curves = Files.readAllLines(out.resolve("curves.csv"));
        assertEquals("method,seed,round,labels,accuracy,logloss", curves.get(0));
        assertEquals(1 + 2 * 2 * 3, curves.size(), "methods × seeds × (rounds + 1)");
        Map<String, String> roundZero = new HashMap<>();
        // method -> round -> accuracies over seeds; method -> seed -> (labels, accuracy) by round
        Map<String, TreeMap<Integer, List<Double>>> byRound = new TreeMap<>();
        Map<String, Map<String, List<double[]>>> bySeed = new TreeMap<>();
        for (String line : curves.subList(1, curves.size())) {
            String[] f = line.split(",");
            assertEquals(6, f.length, line);
            int round = Integer.parseInt(f[2]);
            assertEquals(n0 + k * round, Integer.parseInt(f[3]), "labels grow by K per round: " + line);
            double acc = Double.parseDouble(f[4]);
            assertTrue(acc >= 0 && acc <= 1 && Double.parseDouble(f[5]) > 0, line);
            double correct = acc * nTest;
            assertEquals(Math.rint(correct), correct, 1e-6, "accuracy is a count over the test set: " + line);
            if (round == 0) {
                String before = roundZero.putIfAbsent(f[1], f[4] + "," + f[5]);
                assertTrue(before == null || before.equals(f[4] + "," + f[5]),
                        "all methods of a seed start from the same initial fit: " + line);
            }
            byRound.computeIfAbsent(f[0], m -> new TreeMap<>()).computeIfAbsent(round, r -> new ArrayList<>())
                    .add(acc);
            bySeed.computeIfAbsent(f[0], m -> new TreeMap<>()).computeIfAbsent(f[1], x -> new ArrayList<>())
                    .add(new double[] {Integer.parseInt(f[3]), acc});
        }
        assertEquals(2, roundZero.size());

        // picks.csv: the same initial set for every method of a seed, then K new items per round
        List<String> picks = Files.readAllLines(out.resolve("picks.csv"));
        assertEquals("method,seed,round,id", picks.get(0));
        Map<String, Set<String>> initial = new HashMap<>();
        Map<String, Set<String>> labeled = new HashMap<>();
        Map<String, Integer> perRound = new HashMap<>();
        for (String line : picks.subList(1, picks.size())) {
            String[] f = line.split(",");
            String run1 = f[0] + "/" + f[1];
            assertTrue(labeled.computeIfAbsent(run1, x -> new HashSet<>()).add(f[3]),
                    "picked an item that was already labeled: " + line);
            perRound.merge(run1 + "/" + f[2], 1, Integer::sum);
            if (f[2].equals("0")) {
                initial.computeIfAbsent(run1, x -> new HashSet<>()).add(f[3]);
            }
        }
        for (String seed : List.of("0", "1")) {
            assertEquals(n0, initial.get("entropy/" + seed).size());
            assertEquals(initial.get("entropy/" + seed), initial.get("eig-logdet/" + seed),
                    "methods of seed " + seed + " share the initial set");
            for (String m : List.of("entropy", "eig-logdet")) {
                assertEquals(k, perRound.get(m + "/" + seed + "/1"));
                assertEquals(k, perRound.get(m + "/" + seed + "/2"));
            }
        }
        assertNotEquals(initial.get("entropy/0"), initial.get("entropy/1"), "seeds draw different initial sets");

        // summary.csv: mean and 95% t-band over the two seeds, recomputed by hand (t(0.975, 1) = 12.706)
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals(1 + 2 * 3, summary.size());
        for (String line : summary.subList(1, summary.size())) {
            String[] f = line.split(",");
            List<Double> a = byRound.get(f[0]).get(Integer.parseInt(f[1]));
            double mean = (a.get(0) + a.get(1)) / 2;
            double sd = Math.abs(a.get(0) - a.get(1)) / Math.sqrt(2);
            assertEquals(mean, Double.parseDouble(f[4]), 1e-12, line);
            assertEquals(mean - 12.706 * sd / Math.sqrt(2), Double.parseDouble(f[5]), 1e-12, line);
            assertEquals(mean + 12.706 * sd / Math.sqrt(2), Double.parseDouble(f[6]), 1e-12, line);
        }

        // report.json: the area under each seed's curve (trapezoids over the labels, / the labels' range)
        assertEquals("evaluate", report.path("command").asText());
        assertEquals(240 - nTest, report.path("sizes").path("pool").asLong());
        assertEquals(5, report.path("sizes").path("d").asInt());
        assertEquals(3, report.path("sizes").path("C").asInt());
        assertEquals(2, report.path("methods").size());
        for (JsonNode m : report.path("methods")) {
            double areas = 0;
            for (List<double[]> c : bySeed.get(m.path("method").asText()).values()) {
                double a = 0;
                for (int i = 1; i < c.size(); i++) {
                    a += (c.get(i)[0] - c.get(i - 1)[0]) * (c.get(i)[1] + c.get(i - 1)[1]) / 2;
                }
                areas += a / (c.get(c.size() - 1)[0] - c.get(0)[0]) / 2;
            }
            JsonNode area = m.path("accuracyArea");
            assertEquals(areas, area.path("mean").asDouble(), 1e-12, m.toString());
            assertTrue(area.path("lo").asDouble() <= area.path("mean").asDouble()
                    && area.path("mean").asDouble() <= area.path("hi").asDouble());
        }
        String html = Files.readString(out.resolve("report.html"));
        assertEquals(2, html.split("<svg ", -1).length - 1, "accuracy and log-loss curves");
        assertTrue(html.contains("polygon"), "bands");
        assertFalse(html.contains("<script"));
        assertFalse(html.contains("src=\"http") || html.contains("href=\"http") || html.contains("<link")
                || html.contains("url(http"), "no network resources");
    }

    /** A JSON Lines dataset of 40 items whose {@code edit} breaks one row. */
    private Path jsonl(String name, UnaryOperator<List<String>> edit) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            lines.add(String.format(java.util.Locale.ROOT, "{\"id\":\"r%02d\",\"embedding\":[%d.5,1.0,%d.0],"
                    + "\"label\":%d}", i, i % 7, i % 3, i % 2));
        }
        Path p = tmp.resolve(name + ".jsonl");
        Files.writeString(p, String.join("\n", edit.apply(lines)) + "\n");
        return p;
    }

    private CliRun evaluate(Path data) {
        return CliRun.of("evaluate", "--data", data.toString(), "--methods", "random", "--initial", "4", "--k", "2",
                "--rounds", "1", "--seeds", "1", "--out", tmp.resolve("bad").toString(), "--master", "local[1]");
    }

    @Test
    void badRowsAreNamedBySetColumnAndId() throws Exception {
        CliRun label = evaluate(jsonl("label", l -> {
            l.set(17, l.get(17).replace("\"label\":1", "\"label\":1.5"));
            return l;
        }));
        assertEquals(2, label.exitCode(), label.toString());
        assertTrue(label.err().contains("data: column 'label', row id 'r17'"), label.toString());
        CliRun length = evaluate(jsonl("length", l -> {
            l.set(23, l.get(23).replace(",1.0,", ","));
            return l;
        }));
        assertEquals(2, length.exitCode(), length.toString());
        assertTrue(length.err().contains("data: column 'embedding', row id 'r23'"), length.toString());
        CliRun dup = evaluate(jsonl("dup", l -> {
            l.set(30, l.get(30).replace("r30", "r04"));
            return l;
        }));
        assertEquals(2, dup.exitCode(), dup.toString());
        assertTrue(dup.err().contains("data: column 'id', row id 'r04'"), dup.toString());
        assertFalse(Files.exists(tmp.resolve("bad")));
    }

    @Test
    void aSeparateTestSet() throws Exception {
        Path data = jsonl("data", l -> l);
        Path test = jsonl("test", l -> l.subList(0, 15).stream().map(x -> x.replace("\"r", "\"t")).toList());
        Path out = tmp.resolve("with-test");
        CliRun run = CliRun.of("evaluate", "--data", data.toString(), "--test", test.toString(), "--methods", "random",
                "--initial", "8", "--k", "3", "--rounds", "1", "--seeds", "1", "--out", out.toString(), "--master",
                "local[1]");
        assertEquals(0, run.exitCode(), run.toString());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(40, report.path("sizes").path("pool").asLong(), "the whole --data is the pool");
        assertEquals(15, report.path("sizes").path("test").asLong());
        List<String> curves = Files.readAllLines(out.resolve("curves.csv"));
        assertEquals(3, curves.size());
        assertTrue(curves.get(2).startsWith("random,0,1,11,"), curves.toString());

        Path shorter = jsonl("short", l -> l.stream().map(x -> x.replace(",1.0,", ",")).toList());
        CliRun bad = CliRun.of("evaluate", "--data", data.toString(), "--test", shorter.toString(), "--methods",
                "random", "--out", tmp.resolve("bad").toString(), "--master", "local[1]");
        assertEquals(2, bad.exitCode(), bad.toString());
        assertTrue(bad.err().contains("test: column 'embedding'"), bad.toString());
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
