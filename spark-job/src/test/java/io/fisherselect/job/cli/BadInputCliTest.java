package io.fisherselect.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.job.InputSets;
import io.fisherselect.job.SelectionCsv;
import io.fisherselect.job.io.DataSet;
import io.fisherselect.job.stage.FaultInjection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input through the command line, one test per row of the error table in
 * docs/operations.md: exit code 2, a one-line message naming the set, the column, the row id (the
 * smallest having the problem) and the problem, and nothing written (neither the output directory
 * nor a temporary sibling of it). Most rows break the pool; {@code BadInputEverySetTest} breaks
 * the other sets. Option and path errors are found before Spark starts.
 */
class BadInputCliTest {
    static final InputSets IN = new InputSets();
    static final DataSet POOL = DataSet.POOL;

    @TempDir
    Path tmp;

    /** where --out points: {@code results/out}; {@code results/} must stay empty on failure */
    Path results;
    Path out;

    @BeforeEach
    void setUp() throws IOException {
        results = Files.createDirectories(tmp.resolve("results"));
        out = results.resolve("out");
    }

    /** The pool's JSON Lines after {@code edit} of its rows (in order). */
    private String pool(UnaryOperator<List<Map<String, Object>>> edit) throws IOException {
        return IN.write(tmp, POOL, edit);
    }

    private String validPool() throws IOException {
        return pool(r -> r);
    }

    private String id(int i) {
        return IN.id(POOL, i);
    }

    private static double[] emb(Map<String, Object> row) {
        return (double[]) row.get("embedding");
    }

    private static double[] probs(Map<String, Object> row) {
        return (double[]) row.get("probs");
    }

    private CliRun select(String poolPath, String... more) {
        List<String> args = new ArrayList<>(List.of("select", "--pool", poolPath, "--out", out.toString(),
                "--master", "local[2]"));
        args.addAll(List.of(more));
        if (!args.contains("--method")) {
            args.addAll(List.of("--method", "egl"));
        }
        if (!args.contains("--k")) {
            args.addAll(List.of("--k", "5"));
        }
        return CliRun.of(args.toArray(new String[0]));
    }

    private CliRun score(String poolPath, String... more) {
        List<String> args = new ArrayList<>(List.of("score", "--pool", poolPath, "--out", out.toString(),
                "--master", "local[2]"));
        args.addAll(List.of(more));
        if (!args.contains("--methods")) {
            args.addAll(List.of("--methods", "egl,entropy"));
        }
        return CliRun.of(args.toArray(new String[0]));
    }

    /** exit 2, one "error: " line containing every fragment, and nothing under results/. */
    private void assertRefused(CliRun run, String... fragments) throws IOException {
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith("error: "), run.toString());
        assertEquals(1, run.err().lines().count(), "a one-line message, no stack trace: " + run.err());
        String firstLine = run.err().lines().findFirst().orElse("");
        for (String f : fragments) {
            assertTrue(firstLine.contains(f), "message should contain \"" + f + "\": " + firstLine);
        }
        assertFalse(Files.exists(out), "the output directory must not exist");
        assertEquals(List.of(), listing(results), "nothing (no temporary sibling) next to the output");
    }

    private static List<String> listing(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private void assertSelected(CliRun run, int k) throws IOException {
        assertEquals(0, run.exitCode(), run.toString());
        SelectionCsv.checkShape(SelectionCsv.parse(SelectionCsv.text(out)), k, IN.get(POOL).ids());
        assertEquals(List.of("out"), listing(results), "only the output directory");
    }

    private static String rowId(String id) {
        return "row id '" + id + "'";
    }

    // ---- paths and formats ------------------------------------------------------------------

    @Test
    void missingPoolPath() throws IOException {
        String missing = tmp.resolve("no-such-pool.jsonl").toString();
        assertRefused(select(missing), "pool: input path", "no-such-pool.jsonl", "does not exist");
        assertRefused(score(missing), "pool: input path", "no-such-pool.jsonl", "does not exist");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"select, labeled, eig-logdet", "select, eval, epig-logdet", "select, query, logdet-mi",
            "select, private, logdet-cmi", "score, labeled, eig-trace", "score, eval, epig-logdet"})
    void missingPathOfAnotherSet(String command, String set, String method) throws IOException {
        Map<DataSet, String> paths = IN.writeAll(tmp);
        String missing = tmp.resolve("no-such-" + set + ".jsonl").toString();
        List<String> args = new ArrayList<>(List.of(command, "--pool", paths.get(POOL),
                command.equals("select") ? "--method" : "--methods", method, "--out", out.toString()));
        if (command.equals("select")) {
            args.addAll(List.of("--k", "3"));
        }
        for (String s : List.of("labeled", "eval", "query", "private")) {
            if (s.equals(set)) {
                args.addAll(List.of("--" + s, missing));
            } else if (set.equals("private") && s.equals("query")) {
                args.addAll(List.of("--query", paths.get(DataSet.QUERY)));
            }
        }
        assertRefused(CliRun.of(args.toArray(new String[0])), set + ": input path", "no-such-" + set, "does not exist");
    }

    @Test
    void unreadableFormat() throws IOException {
        Path text = tmp.resolve("pool.parquet");
        Files.writeString(text, "id,embedding\np1,0.5\n", StandardCharsets.UTF_8);
        assertRefused(select(text.toString()), "pool: cannot read", "pool.parquet", "as parquet", "--format");

        List<String> lines = new ArrayList<>(InputSets.lines(IN.rows(POOL)));
        lines.set(7, "this is not json");
        lines.set(9, lines.get(9).substring(0, 30));
        String garbled = InputSets.writeLines(tmp, "garbled", lines);
        assertRefused(select(garbled), "pool:", "garbled.jsonl", "is not valid json", "2 malformed record(s)",
                "\"this is not json\"");

        assertRefused(select(validPool(), "--format", "parquett"), "unknown --format 'parquett'",
                "did you mean 'parquet'?");
    }

    // ---- columns and types ------------------------------------------------------------------

    @Test
    void missingEmbeddingColumn() throws IOException {
        String p = pool(rows -> {
            rows.forEach(m -> m.remove("embedding"));
            return rows;
        });
        assertFalse(Files.readString(Path.of(p)).contains("embedding"));
        assertRefused(select(p), "pool: column 'embedding'", "missing", "found columns", "id (string)", "probs",
                "label");
    }

    @Test
    void missingIdColumn() throws IOException {
        String p = pool(rows -> {
            rows.forEach(m -> m.remove("id"));
            return rows;
        });
        assertRefused(select(p), "pool: column 'id'", "missing", "found columns", "embedding");
    }

    @Test
    void missingLabelColumnWhereTheMethodNeedsLabels() throws IOException {
        String p = pool(rows -> {
            rows.forEach(m -> m.remove("label"));
            return rows;
        });
        assertRefused(select(p, "--method", "grand"), "pool: column 'label'", "missing", "found columns");
        assertSelected(select(p, "--method", "egl"), 5);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "embedding|\"abc\"|string|an array of numbers",
            "probs|[\"0.2\", \"x\", \"0.3\"]|array<string>|an array of numbers",
            "label|\"cat\"|string|a number"})
    void wrongType(String column, String json, String type, String expected) throws IOException {
        int bad = 13;
        String p = pool(rows -> {
            rows.get(bad).put(column, new InputSets.Raw(json));
            return rows;
        });
        assertRefused(select(p, "--method", "grand"), "pool: column '" + column + "'", rowId(id(bad)),
                "has type " + type, "expected " + expected);
    }

    @Test
    void idOfTheWrongType() throws IOException {
        String p = pool(rows -> {
            for (int i = 0; i < rows.size(); i++) {
                rows.get(i).put("id", i + 0.5);
            }
            return rows;
        });
        assertRefused(select(p), "pool: column 'id'", "has type double", "expected a string or integer");
    }

    @Test
    void probabilitiesAndLogitsBothAbsent() throws IOException {
        String p = pool(rows -> {
            rows.forEach(m -> m.remove("probs"));
            return rows;
        });
        assertRefused(select(p), "pool: column 'probs'", "neither 'probs' nor 'logits'", "found columns");
        assertRefused(score(p), "pool: column 'probs'", "neither 'probs' nor 'logits'");
    }

    // ---- sets and rows ----------------------------------------------------------------------

    @Test
    void emptyPool() throws IOException {
        String p = InputSets.writeLines(tmp, "empty", List.of());
        assertRefused(select(p), "pool:", "the set is empty");
        assertRefused(score(p), "pool:", "the set is empty");
    }

    @Test
    void embeddingLengthsDiffer() throws IOException {
        // rows 9 and 30 have 4 values, the other 38 have 3: the message leads with the smaller of
        // the two ids, not with a row of the majority's length
        String p = pool(rows -> {
            for (int k : new int[] {9, 30}) {
                rows.get(k).put("embedding", Arrays.copyOf(emb(rows.get(k)), 4));
            }
            return rows;
        });
        String first = IN.smallerId(POOL, 9, 30);
        assertRefused(select(p), "pool: column 'embedding'", rowId(first), "embedding has 4 values",
                "38 of 40 rows have 3", "same embedding length");
    }

    @Test
    void classCountsDiffer() throws IOException {
        String p = pool(rows -> {
            rows.get(33).put("probs", Arrays.copyOf(probs(rows.get(33)), 4));
            return rows;
        });
        assertRefused(select(p), "pool: column 'probs'", rowId(id(33)), "has 4 classes", "39 of 40 rows have 3",
                "same number of classes C");
    }

    @Test
    void embeddingLengthDiffersBetweenSets() throws IOException {
        String l = IN.write(tmp, DataSet.LABELED, rows -> {
            rows.forEach(m -> m.put("embedding", Arrays.copyOf(emb(m), 4)));
            return rows;
        });
        String smallest = IN.get(DataSet.LABELED).ids().stream().sorted().findFirst().orElseThrow();
        assertRefused(select(validPool(), "--labeled", l, "--method", "eig-logdet"), "labeled: column 'embedding'",
                rowId(smallest), "has 4 values", "the pool's have 3");
    }

    @Test
    void classCountDiffersBetweenPoolAndLabeledSet() throws IOException {
        String l = IN.write(tmp, DataSet.LABELED, rows -> {
            rows.forEach(m -> m.put("probs", Arrays.copyOf(probs(m), 4)));
            return rows;
        });
        assertRefused(select(validPool(), "--labeled", l, "--method", "eig-logdet"), "labeled: column 'probs'",
                "C = 4", "pool has C = 3");
    }

    @Test
    void nanInAnEmbedding() throws IOException {
        int bad = 17;
        String p = pool(rows -> {
            emb(rows.get(bad))[1] = Double.NaN;
            return rows;
        });
        assertTrue(Files.readString(Path.of(p)).contains("NaN"));
        assertRefused(select(p), "pool: column 'embedding'", rowId(id(bad)), "contains NaN at index 1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"embedding, -Infinity", "probs, Infinity", "logits, NaN", "logits, Infinity"})
    void nonFiniteValues(String column, String value) throws IOException {
        int bad = 21;
        double v = Double.parseDouble(value);
        String p = pool(rows -> {
            if (column.equals("logits")) {
                for (Map<String, Object> m : rows) {
                    m.put("logits", Arrays.stream(probs(m)).map(Math::log).toArray());
                    m.remove("probs");
                }
            }
            ((double[]) rows.get(bad).get(column))[0] = v;
            return rows;
        });
        assertRefused(select(p), "pool: column '" + column + "'", rowId(id(bad)), value + " at index 0");
    }

    @Test
    void negativeProbability() throws IOException {
        int bad = 6;
        String p = pool(rows -> {
            rows.get(bad).put("probs", new double[] {0.5, -0.25, 0.75});
            return rows;
        });
        assertRefused(select(p), "pool: column 'probs'", rowId(id(bad)), "negative value -0.25 at index 1");
        assertRefused(select(p, "--renormalize"), "pool: column 'probs'", rowId(id(bad)), "negative value");
    }

    @Test
    void probabilitiesNotSummingToOneAreRefusedUnlessRenormalized() throws IOException {
        int bad = 3;
        String p = pool(rows -> {
            double[] q = probs(rows.get(bad));
            for (int j = 0; j < q.length; j++) {
                q[j] *= 1.2;
            }
            return rows;
        });
        assertRefused(select(p), "pool: column 'probs'", rowId(id(bad)), "sum to 1.2", "tolerance 1.0E-4",
                "--renormalize");
        assertSelected(select(p, "--renormalize"), 5);
    }

    @Test
    void probabilityToleranceIsConfigurable() throws IOException {
        int bad = 11;
        String p = pool(rows -> {
            probs(rows.get(bad))[0] += 0.001;
            return rows;
        });
        assertRefused(select(p), "pool: column 'probs'", rowId(id(bad)), "sum to 1.00", "tolerance 1.0E-4");
        assertSelected(select(p, "--prob-tolerance", "0.01"), 5);
    }

    @Test
    void allZeroProbabilitiesCannotBeRenormalized() throws IOException {
        int bad = 8;
        String p = pool(rows -> {
            rows.get(bad).put("probs", new double[] {0, 0, 0});
            return rows;
        });
        assertRefused(select(p, "--renormalize"), "pool: column 'probs'", rowId(id(bad)), "all 0");
    }

    @Test
    void aSingleClassIsNotAClassification() throws IOException {
        String p = pool(rows -> {
            rows.forEach(m -> m.put("probs", new double[] {1.0}));
            rows.forEach(m -> m.remove("label"));
            return rows;
        });
        String smallest = IN.get(POOL).ids().stream().sorted().findFirst().orElseThrow();
        assertRefused(select(p), "pool: column 'probs'", rowId(smallest), "1 class(es)", "C ≥ 2",
                "--likelihood gaussian");
    }

    @Test
    void duplicateIds() throws IOException {
        String dup = id(4);
        String p = pool(rows -> {
            rows.get(11).put("id", dup);
            return rows;
        });
        assertRefused(select(p), "pool: column 'id'", rowId(dup), "occurs 2 times", "unique");
    }

    @Test
    void nullIds() throws IOException {
        String p = pool(rows -> {
            rows.get(2).put("id", null);
            rows.get(5).remove("id");
            return rows;
        });
        assertRefused(select(p), "pool: column 'id'", "2 of 40 row(s) have a null id");
    }

    @ParameterizedTest(name = "label {0}")
    @CsvSource(delimiter = '|', value = {
            "3|label 3 is out of range for C = 3 classes (valid: 0..2)",
            "null|label is missing",
            "2.5|label 2.5 is not a class index",
            "-1|label -1 is not a class index"})
    void labelsWhereTheMethodNeedsThem(String label, String problem) throws IOException {
        int bad = 25;
        int other = 31;
        String p = pool(rows -> {
            rows.get(bad).put("label", new InputSets.Raw(label));
            rows.get(other).put("label", new InputSets.Raw(label));
            return rows;
        });
        assertRefused(select(p, "--method", "el2n"), "pool: column 'label'", rowId(IN.smallerId(POOL, bad, other)),
                problem);
    }

    @Test
    void queryLabelOutOfRange() throws IOException {
        Map<DataSet, String> paths = IN.writeAll(tmp);
        String q = IN.write(tmp, DataSet.QUERY, rows -> {
            rows.get(3).put("label", 7);
            return rows;
        });
        assertRefused(select(paths.get(POOL), "--method", "logdet-mi", "--query", q), "query: column 'label'",
                rowId(IN.id(DataSet.QUERY, 3)), "label 7 is out of range for C = 3");
    }

    // ---- options ----------------------------------------------------------------------------

    @Test
    void referenceSetRequired() throws IOException {
        assertRefused(select(validPool(), "--method", "logdet-mi"), "logdet-mi needs a query set (--query)");
        assertRefused(select(validPool(), "--method", "logdet-cmi", "--query", validPool()),
                "logdet-cmi needs a private set (--private)");
    }

    @Test
    void kLargerThanThePool() throws IOException {
        assertRefused(select(validPool(), "--k", "41"), "--k 41", "larger than the pool", "40 items");
    }

    // ---- options checked against the data's shape (OptionLimits), before any expensive stage

    /**
     * --fisher-rank above C: refused once the sets are read, before the labeled Fisher reduction
     * or the candidate blocks (their jobs would fail here: the fault hook fails their first task
     * and local[2] does not retry).
     */
    @Test
    void fisherRankLargerThanTheClasses() throws IOException {
        String labeled = IN.write(tmp, DataSet.LABELED, r -> r);
        System.setProperty(FaultInjection.PROPERTY, "aggregate labeled Fisher,build candidate blocks");
        FaultInjection.reset();
        try {
            assertRefused(select(validPool(), "--labeled", labeled, "--method", "eig-logdet", "--fisher-rank", "4"),
                    "--fisher-rank 4", "larger than the number of classes C = 3", "use --fisher-rank ≤ 3");
            assertEquals(List.of(), FaultInjection.injected(), "no reduction or block job ran");
        } finally {
            System.clearProperty(FaultInjection.PROPERTY);
            FaultInjection.reset();
        }
        assertRefused(score(validPool(), "--methods", "eig-trace", "--fisher-rank", "5"), "--fisher-rank 5",
                "C = 3");
        assertEquals(0, select(validPool(), "--method", "eig-logdet", "--fisher-rank", "3").exitCode(),
                "r = C is the exact Fisher");
    }

    @Test
    void sketchNotSmallerThanTheEmbedding() throws IOException {
        assertRefused(select(validPool(), "--method", "eig-logdet", "--sketch", "3"), "--sketch 3",
                "embedding length d = 3", "use --sketch < 3");
    }

    @Test
    void evalSampleLargerThanTheSetItSamples() throws IOException {
        assertRefused(select(validPool(), "--method", "bait", "--eval-sample", "41"), "--eval-sample 41",
                "larger than the pool it samples (40 items)", "use --eval-sample ≤ 40");
        String eval = IN.write(tmp, DataSet.EVAL, r -> r);
        long evalRows = Files.readAllLines(Path.of(eval)).stream().filter(l -> !l.isBlank()).count();
        assertRefused(select(validPool(), "--method", "epig-logdet", "--eval", eval, "--eval-sample",
                String.valueOf(evalRows + 1)), "--eval-sample " + (evalRows + 1), "larger than the eval set it"
                + " samples (" + evalRows + " items)");
    }

    @Test
    void partitionKTooSmallForTheBatch() throws IOException {
        assertRefused(select(validPool(), "--method", "eig-logdet", "--mode", "partitioned", "--partition-k", "2",
                "--partitions", "2"), "--partition-k 2 × 2 partitions", "4 candidates, fewer than --k 5",
                "use --partition-k ≥ 3");
    }

    @Test
    void prefilterCandidatesLargerThanThePool() throws IOException {
        assertRefused(select(validPool(), "--method", "eig-logdet", "--mode", "prefilter", "--candidates", "41"),
                "--candidates 41", "larger than the pool (40 items)", "--mode exact");
    }

    @Test
    void kLargerThanThePoolWithoutExcludedItems() throws IOException {
        Path exclude = tmp.resolve("exclude.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 36; i++) {
            lines.add("{\"id\": \"" + id(i) + "\"}");
        }
        Files.write(exclude, lines);
        assertRefused(select(validPool(), "--exclude", exclude.toString()), "--k 5 is larger than the pool without"
                + " its pending and excluded items (4 of 40 items left)", "use --k ≤ 4");
    }

    @Test
    void kMeansParallelOversamplingLargerThanThePool() throws IOException {
        assertRefused(select(validPool(), "--method", "badge", "--init", "kmeans-parallel", "--oversampling", "41"),
                "--oversampling 41 is larger than the pool (40 items)", "use --oversampling ≤ 40 or --init kmeans-pp");
        // the default ℓ = 2k
        assertRefused(select(validPool(), "--method", "badge", "--init", "kmeans-parallel", "--k", "21"),
                "--oversampling 42 (the default 2k) is larger than the pool (40 items)");
        assertSelected(select(validPool(), "--method", "badge", "--init", "kmeans-parallel", "--oversampling", "40"),
                5);
    }

    @Test
    void kMeansParallelGatheringFewerCandidatesThanK() throws IOException {
        // 1 + ℓ·R = 1 + 2·2 = 5 < 10; ℓ ≥ ⌈(10 − 1) / 2⌉ = 5 gathers 11
        assertRefused(select(validPool(), "--method", "badge", "--init", "kmeans-parallel", "--k", "10",
                "--oversampling", "2", "--kmeans-rounds", "2"), "--oversampling 2 × --kmeans-rounds 2",
                "gathers about 5 k-means‖ candidates, fewer than --k 10", "use --oversampling ≥ 5");
    }

    @Test
    void clusterMarginShortlistOrClustersLargerThanThePool() throws IOException {
        assertRefused(select(validPool(), "--method", "cluster-margin", "--shortlist", "41"),
                "--shortlist 41 is larger than the pool (40 items)", "use --shortlist ≤ 40");
        assertRefused(select(validPool(), "--method", "cluster-margin", "--clusters", "41"),
                "--clusters 41 is larger than the pool (40 items)", "use --clusters ≤ 40");
        assertSelected(select(validPool(), "--method", "cluster-margin", "--shortlist", "40", "--clusters", "40"), 5);
    }

    @ParameterizedTest(name = "--k {0}")
    @CsvSource({"0", "-3"})
    void kNotPositive(String k) throws IOException {
        assertRefused(select(validPool(), "--k", k), "invalid --k " + k + ": batch size (> 0");
    }

    @ParameterizedTest(name = "--lambda {0}")
    @CsvSource({"0", "-1", "Infinity"})
    void lambdaNotPositive(String lambda) throws IOException {
        assertRefused(select(validPool(), "--method", "eig-logdet", "--lambda", lambda), "invalid --lambda "
                + Double.parseDouble(lambda), "positive definite");
        assertRefused(score(validPool(), "--methods", "eig-trace", "--lambda", lambda), "invalid --lambda "
                + Double.parseDouble(lambda));
    }

    @Test
    void unknownMethodSuggestsTheClosestName() throws IOException {
        assertRefused(select(validPool(), "--method", "eig-logdt"), "unknown method 'eig-logdt'",
                "did you mean 'eig-logdet'?");
        assertRefused(score(validPool(), "--methods", "entropy,egll"), "unknown method 'egll'",
                "did you mean 'egl'?", "valid methods for score");
    }

    @Test
    void unknownOptionSuggestsTheClosestName() throws IOException {
        assertRefused(select(validPool(), "--lamda", "2"), "unknown option '--lamda' (did you mean --lambda?)",
                "see 'fisherselect select --help'");
        assertRefused(score(validPool(), "--method", "egl"), "unknown option '--method' (did you mean --methods?)");
        assertRefused(CliRun.of("selct", "--pool", "x"), "unknown command 'selct' (did you mean select?)");
    }

    @Test
    void unknownConfigFileKeySuggestsTheClosestName() throws IOException {
        Path config = tmp.resolve("select.properties");
        Files.writeString(config, "method = eig-logdet\nk = 5\nlamda = 2\n", StandardCharsets.UTF_8);
        assertRefused(select(validPool(), "--config", config.toString()), "--config file",
                "unknown key 'lamda' (did you mean 'lambda'?)");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"--kernel, cosin, cosine", "--likelihood, gausian, gaussian", "--sampling, softrnak, softrank"})
    void unknownChoiceSuggestsTheClosestName(String option, String value, String closest) throws IOException {
        assertRefused(select(validPool(), option, value), "unknown " + option + " '" + value + "'",
                "did you mean '" + closest + "'?");
    }

    // ---- the output directory ---------------------------------------------------------------

    @Test
    void existingOutputDirectoryIsRefusedUnlessOverwrite() throws IOException {
        Files.createDirectories(out);
        Path marker = out.resolve("keep.txt");
        Files.writeString(marker, "precious");
        for (CliRun refused : List.of(select(validPool()), score(validPool()))) {
            assertEquals(2, refused.exitCode(), refused.toString());
            assertEquals(1, refused.err().lines().count(), refused.toString());
            assertTrue(refused.err().contains("already exists") && refused.err().contains("--overwrite"),
                    refused.toString());
            assertEquals(List.of("keep.txt"), listing(out), "existing directory untouched");
            assertEquals("precious", Files.readString(marker));
            assertEquals(List.of("out"), listing(results), "no temporary sibling");
        }
        assertSelected(select(validPool(), "--overwrite"), 5);
        assertFalse(Files.exists(marker), "--overwrite replaces the directory");
    }

    @Test
    void outputDirectoryThatIsAnInputIsRefused() throws IOException {
        Map<DataSet, String> paths = IN.writeAll(results);
        String pool = paths.get(POOL);
        String before = Files.readString(Path.of(pool));
        CliRun run = CliRun.of("select", "--pool", pool, "--method", "egl", "--k", "3", "--out", pool, "--overwrite");
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("is the pool input") && run.err().contains("choose another --out"),
                run.toString());
        CliRun parent = CliRun.of("select", "--pool", pool, "--method", "egl", "--k", "3", "--out",
                results.toString(), "--overwrite");
        assertEquals(2, parent.exitCode(), parent.toString());
        assertTrue(parent.err().contains("contains the pool input"), parent.toString());
        assertEquals(before, Files.readString(Path.of(pool)), "the input is untouched");
    }
}
