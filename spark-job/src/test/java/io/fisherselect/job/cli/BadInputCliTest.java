package io.fisherselect.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.job.SelectionCsv;
import io.fisherselect.job.TestSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through the command line: exit code 2, a one-line message naming the set, the
 * column, the row id and the problem, and nothing written (neither the output directory nor a
 * temporary sibling of it).
 */
class BadInputCliTest {
    static final int N = 40;

    @TempDir
    Path tmp;

    /** where --out points: {@code results/out}; {@code results/} must stay empty on failure */
    Path results;
    Path out;
    TestSet pool;

    @BeforeEach
    void setUp() throws IOException {
        results = Files.createDirectories(tmp.resolve("results"));
        out = results.resolve("out");
        pool = TestSet.classification(5, "p", N, 3, 3, true);
    }

    /** The pool's JSON Lines after {@code edit} of its lines (one per row, in order). */
    private String poolFile(UnaryOperator<List<String>> edit) throws IOException {
        List<String> lines = new ArrayList<>();
        for (TestSet.Row0 r : pool.rows) {
            lines.add(TestSet.jsonLine(r));
        }
        Path p = tmp.resolve("pool.jsonl");
        Files.writeString(p, String.join("\n", edit.apply(lines)) + "\n", StandardCharsets.UTF_8);
        return p.toString();
    }

    private String validPool() throws IOException {
        return poolFile(l -> l);
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

    /** exit 2, an "error: " line containing every fragment, and nothing under results/. */
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
        SelectionCsv.checkShape(SelectionCsv.parse(SelectionCsv.text(out)), k, pool.ids());
        assertEquals(List.of("out"), listing(results), "only the output directory");
    }

    private String line(int i) {
        return TestSet.jsonLine(pool.rows.get(i));
    }

    private String id(int i) {
        return pool.rows.get(i).id();
    }

    @Test
    void missingPoolPath() throws IOException {
        String missing = tmp.resolve("no-such-pool.jsonl").toString();
        assertRefused(select(missing), "pool", "no-such-pool.jsonl", "does not exist");
    }

    @Test
    void missingEmbeddingColumn() throws IOException {
        String p = poolFile(lines -> lines.stream().map(l -> l.replaceAll("\"embedding\": \\[[^]]*], ", ""))
                .toList());
        assertFalse(Files.readString(Path.of(p)).contains("embedding"));
        assertRefused(select(p), "pool", "'embedding'", "missing", "found columns", "id", "probs", "label");
    }

    @Test
    void nanInAnEmbedding() throws IOException {
        int bad = 17;
        String p = poolFile(lines -> {
            TestSet.Row0 r = pool.rows.get(bad);
            double[] e = r.embedding().clone();
            e[1] = Double.NaN;
            lines.set(bad, TestSet.jsonLine(new TestSet.Row0(r.id(), e, r.probs(), r.label())));
            return lines;
        });
        assertTrue(Files.readString(Path.of(p)).contains("NaN"));
        assertRefused(select(p), "pool", "column 'embedding'", "row id '" + id(bad) + "'", "NaN");
    }

    @Test
    void probabilitiesNotSummingToOneAreRefusedUnlessRenormalized() throws IOException {
        int bad = 3;
        String p = poolFile(lines -> {
            TestSet.Row0 r = pool.rows.get(bad);
            double[] q = r.probs().clone();
            for (int j = 0; j < q.length; j++) {
                q[j] *= 1.2;
            }
            lines.set(bad, TestSet.jsonLine(new TestSet.Row0(r.id(), r.embedding(), q, r.label())));
            return lines;
        });
        assertRefused(select(p), "pool", "probs", "row id '" + id(bad) + "'", "sum to", "--renormalize");
        assertSelected(select(p, "--renormalize"), 5);
    }

    @Test
    void embeddingLengthsDiffer() throws IOException {
        int bad = 9;
        String p = poolFile(lines -> {
            TestSet.Row0 r = pool.rows.get(bad);
            double[] e = java.util.Arrays.copyOf(r.embedding(), r.embedding().length + 1);
            e[e.length - 1] = 0.25;
            lines.set(bad, TestSet.jsonLine(new TestSet.Row0(r.id(), e, r.probs(), r.label())));
            return lines;
        });
        assertRefused(select(p), "pool", "column 'embedding'", id(bad), "4", "3", "same length");
    }

    @Test
    void duplicateIds() throws IOException {
        String dup = id(4);
        String p = poolFile(lines -> {
            lines.set(11, lines.get(11).replace("\"" + id(11) + "\"", "\"" + dup + "\""));
            return lines;
        });
        assertRefused(select(p), "pool", "column 'id'", "row id '" + dup + "'", "2 times", "unique");
    }

    @Test
    void kLargerThanThePool() throws IOException {
        assertRefused(select(validPool(), "--k", "41"), "k = 41", "larger than the pool", "40 items");
    }

    @Test
    void unknownMethodSuggestsTheClosestName() throws IOException {
        assertRefused(select(validPool(), "--method", "eig-logdt"), "unknown method 'eig-logdt'",
                "did you mean 'eig-logdet'?");
    }

    @Test
    void existingOutputDirectoryIsRefusedUnlessOverwrite() throws IOException {
        Files.createDirectories(out);
        Path marker = out.resolve("keep.txt");
        Files.writeString(marker, "precious");
        CliRun refused = select(validPool());
        assertEquals(2, refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("already exists") && refused.err().contains("--overwrite"),
                refused.toString());
        assertEquals(List.of("keep.txt"), listing(out), "existing directory untouched");
        assertEquals("precious", Files.readString(marker));
        assertEquals(List.of("out"), listing(results), "no temporary sibling");

        assertSelected(select(validPool(), "--overwrite"), 5);
        assertFalse(Files.exists(marker), "--overwrite replaces the directory");
    }

    @Test
    void classCountDiffersBetweenPoolAndLabeledSet() throws IOException {
        TestSet labeled = TestSet.classification(6, "l", 12, 3, 4, true);
        String l = labeled.writeJsonl(tmp, "labeled");
        assertRefused(select(validPool(), "--labeled", l, "--method", "eig-logdet"), "labeled", "C = 4",
                "pool has C = 3");
    }
}
