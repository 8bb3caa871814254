package io.fisherselect.job;

import io.fisherselect.job.score.ScoreConfig;
import io.fisherselect.job.score.ScoreJob;
import io.fisherselect.job.select.RunOptions;
import io.fisherselect.job.select.SelectConfig;
import io.fisherselect.job.select.SelectionJob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.job.api.FisherSelector;
import io.fisherselect.job.io.DataSet;
import io.fisherselect.job.io.InputException;
import io.fisherselect.math.AcquisitionMethod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The row-level errors of the error table (docs/operations.md) in the sets other than the pool —
 * labeled, eval, query, private through {@code select}, and pool, labeled, eval through
 * {@code score} — on the jobs' entry points ({@link SelectionJob#run}, {@link ScoreJob#run}) with
 * the shared test session: the {@link InputException}'s message starts with the set's name and
 * names the column, the smallest row id that has the problem (each breakage breaks two rows where
 * it can) and the problem, and nothing is written (neither the output directory nor a temporary
 * sibling). {@code cli.BadInputCliTest} has each error on the pool through the command line (exit
 * code 2, one line); {@link #cases()} says which combinations run by default.
 */
class BadInputEverySetTest {
    static final InputSets IN = new InputSets();
    /** The data contract's sets (DATA and TEST are evaluate's; EvaluateCliTest covers them). */
    static final Set<DataSet> ALL = EnumSet.of(DataSet.POOL, DataSet.LABELED, DataSet.EVAL, DataSet.QUERY,
            DataSet.PRIVATE);
    static final Set<DataSet> NOT_POOL = EnumSet.of(DataSet.LABELED, DataSet.EVAL, DataSet.QUERY, DataSet.PRIVATE);
    /** sets whose labels are used: the pool's by grand, the query and private sets' by LogDetMI/CMI */
    static final Set<DataSet> LABELS_USED = EnumSet.of(DataSet.POOL, DataSet.QUERY, DataSet.PRIVATE);

    /** Which command reads the broken set. */
    enum Command { SELECT, SCORE }

    /**
     * One way to break a set.
     *
     * @param write  writes the broken set into the directory; returns its path
     * @param expect the message fragments (besides the set's name)
     */
    record Breakage(String name, Set<DataSet> sets, boolean labels, Writer write,
                    BiFunction<DataSet, Rows, List<String>> expect) {
        @Override
        public String toString() {
            return name;
        }
    }

    interface Writer {
        String write(DataSet set, Path dir) throws IOException;
    }

    /** Row indices a breakage edits (two rows, so that the message must pick the smaller id). */
    record Rows(int i, int j) {
        static Rows of(DataSet set) {
            int n = IN.get(set).size();
            return new Rows(1, n - 2);
        }
    }

    private static Breakage edit(String name, Set<DataSet> sets, boolean labels,
                                 BiFunction<DataSet, List<Map<String, Object>>, List<Map<String, Object>>> edit,
                                 BiFunction<DataSet, Rows, List<String>> expect) {
        return new Breakage(name, sets, labels, (set, dir) -> IN.write(dir, set, rows -> edit.apply(set, rows)),
                expect);
    }

    private static double[] emb(Map<String, Object> row) {
        return (double[]) row.get("embedding");
    }

    private static double[] probs(Map<String, Object> row) {
        return (double[]) row.get("probs");
    }

    private static String rowId(String id) {
        return "row id '" + id + "'";
    }

    static List<Breakage> breakages() {
        List<Breakage> b = new ArrayList<>();
        b.add(new Breakage("missing input path", ALL, false, (set, dir) -> dir.resolve("no-such-" + set + ".jsonl")
                .toString(), (set, r) -> List.of("input path", "no-such-" + set + ".jsonl", "does not exist")));
        b.add(new Breakage("empty set", ALL, false, (set, dir) -> InputSets.writeLines(dir, set.label(), List.of()),
                (set, r) -> List.of("the set is empty")));
        b.add(new Breakage("malformed JSON lines", ALL, false, (set, dir) -> {
            List<String> lines = new ArrayList<>(InputSets.lines(IN.rows(set)));
            lines.set(2, lines.get(2).substring(0, 25));
            return InputSets.writeLines(dir, set.label(), lines);
        }, (set, r) -> List.of("is not valid json", "1 malformed record(s)")));
        b.add(edit("embedding column missing", ALL, false, (set, rows) -> {
            rows.forEach(m -> m.remove("embedding"));
            return rows;
        }, (set, r) -> List.of("column 'embedding'", "missing", "found columns", "id (string)", "probs")));
        b.add(edit("probs and logits both absent", ALL, false, (set, rows) -> {
            rows.forEach(m -> m.remove("probs"));
            return rows;
        }, (set, r) -> List.of("column 'probs'", "neither 'probs' nor 'logits'", "class probabilities")));
        b.add(edit("embedding of the wrong type", ALL, false, (set, rows) -> {
            rows.get(Rows.of(set).j()).put("embedding", new InputSets.Raw("\"abc\""));
            return rows;
        }, (set, r) -> List.of("column 'embedding'", rowId(IN.id(set, r.j())), "has type string", "\"abc\"",
                "expected an array of numbers")));
        b.add(edit("embedding lengths differ between rows", ALL, false, (set, rows) -> {
            for (int k : new int[] {Rows.of(set).i(), Rows.of(set).j()}) {
                rows.get(k).put("embedding", java.util.Arrays.copyOf(emb(rows.get(k)), InputSets.D + 1));
            }
            return rows;
        }, (set, r) -> List.of("column 'embedding'", rowId(IN.smallerId(set, r.i(), r.j())), "has 4 values",
                "rows have 3", "same embedding length")));
        b.add(edit("embedding length differs from the pool's", NOT_POOL, false, (set, rows) -> {
            rows.forEach(m -> m.put("embedding", java.util.Arrays.copyOf(emb(m), InputSets.D + 1)));
            return rows;
        }, (set, r) -> List.of("column 'embedding'", rowId(smallest(set)), "has 4 values", "the pool's have 3")));
        b.add(edit("C differs from the pool's", NOT_POOL, false, (set, rows) -> {
            rows.forEach(m -> m.put("probs", java.util.Arrays.copyOf(probs(m), InputSets.C + 1)));
            return rows;
        }, (set, r) -> List.of("column 'probs'", rowId(smallest(set)), "C = 4", "the pool has C = 3")));
        b.add(edit("NaN and Infinity in embeddings", ALL, false, (set, rows) -> {
            emb(rows.get(Rows.of(set).i()))[1] = Double.NaN;
            emb(rows.get(Rows.of(set).j()))[0] = Double.POSITIVE_INFINITY;
            return rows;
        }, (set, r) -> List.of("column 'embedding'", rowId(IN.smallerId(set, r.i(), r.j())), IN.smallerId(set, r.i(),
                r.j()).equals(IN.id(set, r.i())) ? "contains NaN at index 1" : "contains Infinity at index 0")));
        b.add(edit("null inside an embedding", ALL, false, (set, rows) -> {
            double[] e = emb(rows.get(Rows.of(set).i()));
            rows.get(Rows.of(set).i()).put("embedding", new Object[] {e[0], null, e[2]});
            return rows;
        }, (set, r) -> List.of("column 'embedding'", rowId(IN.id(set, r.i())), "null at index 1")));
        b.add(edit("NaN in probabilities", ALL, false, (set, rows) -> {
            probs(rows.get(Rows.of(set).j()))[2] = Double.NaN;
            return rows;
        }, (set, r) -> List.of("column 'probs'", rowId(IN.id(set, r.j())), "contain NaN at index 2")));
        b.add(edit("non-finite logits", ALL, false, (set, rows) -> {
            for (Map<String, Object> m : rows) {
                double[] p = probs(m);
                double[] logits = new double[p.length];
                for (int k = 0; k < p.length; k++) {
                    logits[k] = Math.log(p[k]);
                }
                m.remove("probs");
                m.put("logits", logits);
            }
            ((double[]) rows.get(Rows.of(set).i()).get("logits"))[2] = Double.NEGATIVE_INFINITY;
            ((double[]) rows.get(Rows.of(set).j()).get("logits"))[0] = Double.NaN;
            return rows;
        }, (set, r) -> List.of("column 'logits'", rowId(IN.smallerId(set, r.i(), r.j())),
                IN.smallerId(set, r.i(), r.j()).equals(IN.id(set, r.i())) ? "logits contain -Infinity at index 2"
                        : "logits contain NaN at index 0")));
        b.add(edit("negative probability", ALL, false, (set, rows) -> {
            rows.get(Rows.of(set).i()).put("probs", new double[] {-0.25, 0.75, 0.5});
            return rows;
        }, (set, r) -> List.of("column 'probs'", rowId(IN.id(set, r.i())), "negative value -0.25")));
        b.add(edit("probabilities not summing to 1", ALL, false, (set, rows) -> {
            double[] p = probs(rows.get(Rows.of(set).j()));
            for (int k = 0; k < p.length; k++) {
                p[k] *= 1.2;
            }
            return rows;
        }, (set, r) -> List.of("column 'probs'", rowId(IN.id(set, r.j())), "sum to 1.2", "--renormalize")));
        b.add(edit("duplicate id", ALL, false, (set, rows) -> {
            rows.get(Rows.of(set).j()).put("id", IN.id(set, Rows.of(set).i()));
            return rows;
        }, (set, r) -> List.of("column 'id'", rowId(IN.id(set, r.i())), "occurs 2 times", "unique")));
        b.add(edit("null id", ALL, false, (set, rows) -> {
            rows.get(Rows.of(set).i()).put("id", null);
            return rows;
        }, (set, r) -> List.of("column 'id'", "1 of " + IN.get(set).size() + " row(s) have a null id")));
        b.add(edit("label out of range", LABELS_USED, true, (set, rows) -> {
            rows.get(Rows.of(set).i()).put("label", InputSets.C);
            rows.get(Rows.of(set).j()).put("label", InputSets.C + 4);
            return rows;
        }, (set, r) -> List.of("column 'label'", rowId(IN.smallerId(set, r.i(), r.j())), "out of range for C = 3")));
        return b;
    }

    private static String smallest(DataSet set) {
        return IN.get(set).ids().stream().sorted().findFirst().orElseThrow();
    }

    /**
     * Breakages whose handling depends on the set (how it is read, what the method needs from it,
     * how it must match the pool): tried on every set by default.
     */
    static final Set<String> SET_DEPENDENT = Set.of("empty set", "probs and logits both absent",
            "embedding length differs from the pool's", "C differs from the pool's");

    /**
     * The full matrix (every breakage × every set × both commands, about 135 runs) with
     * {@code -Dfisherselect.test.fullMatrix=true}. By default, to keep the suite short: the
     * set-dependent breakages on every set other than the pool and on one set of {@code score};
     * the others on one set other than the pool each, in turn (the same validation code runs for
     * every set, and {@code cli.BadInputCliTest} has each of them on the pool).
     */
    static Stream<Arguments> cases() {
        boolean full = Boolean.getBoolean("fisherselect.test.fullMatrix");
        List<DataSet> turn = List.of(DataSet.LABELED, DataSet.EVAL, DataSet.QUERY, DataSet.PRIVATE);
        List<DataSet> scoreTurn = List.of(DataSet.POOL, DataSet.LABELED, DataSet.EVAL);
        List<Arguments> out = new ArrayList<>();
        int next = 0;
        int nextScore = 0;
        for (Breakage b : breakages()) {
            Set<DataSet> select = EnumSet.noneOf(DataSet.class);
            Set<DataSet> score = EnumSet.noneOf(DataSet.class);
            if (full) {
                select.addAll(b.sets());
                if (!b.labels()) {
                    score.addAll(b.sets());
                    score.retainAll(scoreTurn);
                }
            } else if (SET_DEPENDENT.contains(b.name())) {
                select.addAll(b.sets());
                select.remove(DataSet.POOL);
                for (int k = 0; k < scoreTurn.size() && score.isEmpty(); k++) {
                    DataSet s = scoreTurn.get(nextScore++ % scoreTurn.size());
                    if (b.sets().contains(s)) {
                        score.add(s);
                    }
                }
            } else {
                for (int k = 0; k < turn.size() && select.isEmpty(); k++) {
                    DataSet s = turn.get(next++ % turn.size());
                    if (b.sets().contains(s)) {
                        select.add(s);
                    }
                }
            }
            select.forEach(s -> out.add(Arguments.of(b, Command.SELECT, s)));
            score.forEach(s -> out.add(Arguments.of(b, Command.SCORE, s)));
        }
        return out.stream();
    }

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{1} {2}: {0}")
    @MethodSource("cases")
    void refusedNamingSetColumnRowAndProblem(Breakage b, Command command, DataSet set) throws IOException {
        Path inputs = Files.createDirectories(tmp.resolve("in"));
        Map<DataSet, String> paths = IN.writeAll(inputs);
        Path broken = Files.createDirectories(tmp.resolve("broken"));
        paths.put(set, b.write().write(set, broken));
        Path results = Files.createDirectories(tmp.resolve("results"));
        String out = results.resolve("out").toString();

        InputException e = assertThrows(InputException.class, () -> run(command, set, b.labels(), paths, out));
        String msg = e.getMessage();
        assertTrue(msg.startsWith(set.label() + ": "), "the message names the set first: " + msg);
        for (String f : b.expect().apply(set, Rows.of(set))) {
            assertTrue(msg.contains(f), "message should contain \"" + f + "\": " + msg);
        }
        assertEquals(1, msg.lines().count(), "one line: " + msg);
        try (var s = Files.list(results)) {
            assertEquals(List.of(), s.map(p -> p.getFileName().toString()).collect(Collectors.toList()),
                    "nothing written: no output directory, no temporary sibling");
        }
    }

    /** Runs the command whose method reads {@code set}. */
    private static void run(Command command, DataSet set, boolean labels, Map<DataSet, String> paths, String out) {
        AcquisitionMethod m = switch (set) {
            case POOL -> labels ? AcquisitionMethod.GRAND : AcquisitionMethod.EGL;
            case LABELED -> AcquisitionMethod.EIG_TRACE;
            case EVAL -> AcquisitionMethod.EPIG_LOGDET;
            case QUERY -> AcquisitionMethod.LOGDET_MI;
            case PRIVATE -> AcquisitionMethod.LOGDET_CMI;
            case DATA, TEST -> throw new IllegalArgumentException(set + " is evaluate's, not select's or score's");
        };
        String pool = paths.get(DataSet.POOL);
        String labeled = set == DataSet.LABELED ? paths.get(DataSet.LABELED) : null;
        String eval = set == DataSet.EVAL ? paths.get(DataSet.EVAL) : null;
        var spark = LocalSpark.session();
        if (command == Command.SCORE) {
            ScoreConfig c = ScoreConfig.of(pool, labeled, List.of(m), out)
                    .withRun(RunOptions.ofPaths(pool, labeled, out).withReferenceSets(eval, null, null));
            new ScoreJob(spark).run(c);
            return;
        }
        String query = set == DataSet.QUERY || set == DataSet.PRIVATE ? paths.get(DataSet.QUERY) : null;
        String priv = set == DataSet.PRIVATE ? paths.get(DataSet.PRIVATE) : null;
        SelectConfig c = new SelectConfig(RunOptions.ofPaths(pool, labeled, out).withReferenceSets(eval, query, priv),
                new FisherSelector().setMethod(m.cliName()).setK(5));
        new SelectionJob(spark).run(c);
    }
}
