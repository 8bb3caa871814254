package io.fisherselect.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fisherselect.job.LocalSpark;
import io.fisherselect.job.SelectionCsv;
import io.fisherselect.job.TestSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Same inputs and seed ⇒ byte-identical selection.csv, through the command line, for every greedy
 * and sampled method: once on the sets as single files in their original order with
 * {@code --partitions 1} on {@code local[1]}, and once on the same rows shuffled and split over
 * several files with {@code --partitions 3} or {@code 7} on {@code local[4]} (and for the greedy
 * log-det methods a third time, shuffled differently, keeping the input's partitioning, on
 * {@code local[2]}). Each run starts and stops its own Spark.
 */
class DeterminismCliTest {
    static final int N = 120;
    static final int D = 4;
    static final int C = 3;

    /**
     * One method with its options and the sets it reads.
     *
     * @param third also run the third variant
     */
    record Case(String name, List<String> options, boolean labeled, boolean eval, boolean query, boolean priv,
                boolean third) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("eig-logdet", List.of("--method", "eig-logdet", "--k", "6", "--lambda", "0.5"), true, false,
                        false, false, true),
                new Case("epig-logdet", List.of("--method", "epig-logdet", "--k", "5"), true, true, false, false,
                        false),
                new Case("bait", List.of("--method", "bait", "--k", "4"), true, false, false, false, false),
                new Case("logdet", List.of("--method", "logdet", "--k", "6", "--kernel", "cosine"), false, false,
                        false, false, true),
                new Case("logdet-mi", List.of("--method", "logdet-mi", "--k", "5", "--eta", "0.8"), false, false,
                        true, false, false),
                new Case("logdet-cmi", List.of("--method", "logdet-cmi", "--k", "5", "--nu", "0.6"), false, false,
                        true, true, false),
                new Case("badge", List.of("--method", "badge", "--k", "6", "--seed", "7"), false, false, false, false,
                        false),
                new Case("softrank sampling on eig-trace", List.of("--method", "eig-trace", "--k", "8", "--sampling",
                        "softrank", "--seed", "3"), true, false, false, false, false),
                new Case("power sampling on egl", List.of("--method", "egl", "--k", "8", "--sampling", "power",
                        "--seed", "5"), false, false, false, false, false),
                new Case("softmax sampling on margin", List.of("--method", "margin", "--k", "8", "--sampling",
                        "softmax", "--beta", "4", "--seed", "6"), false, false, false, false, false));
    }

    @TempDir
    Path tmp;

    @BeforeAll
    static void noSharedSession() {
        // a running session would be reused by the command line, whatever its --master
        LocalSpark.stop();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameSelectionForAnyPartitioningRowOrderAndMaster(Case c) throws IOException {
        long seed = c.name().hashCode();
        List<TestSet> sets = new ArrayList<>();
        List<String> flags = new ArrayList<>();
        sets.add(TestSet.classification(seed, "p", N, D, C, true));
        flags.add("--pool");
        if (c.labeled()) {
            sets.add(TestSet.classification(seed + 1, "l", 20, D, C, true));
            flags.add("--labeled");
        }
        if (c.eval()) {
            sets.add(TestSet.classification(seed + 2, "e", 40, D, C, false));
            flags.add("--eval");
        }
        if (c.query()) {
            sets.add(TestSet.classification(seed + 3, "q", 8, D, C, true));
            flags.add("--query");
        }
        if (c.priv()) {
            sets.add(TestSet.classification(seed + 4, "s", 6, D, C, true));
            flags.add("--private");
        }
        int parts = Math.floorMod(seed, 2) == 0 ? 3 : 7;
        String a = run(c, sets, flags, "a", 0, 1, "1", "local[1]");
        String b = run(c, sets, flags, "b", 1, 3, Integer.toString(parts), "local[4]");
        assertEquals(a, b, c + ": local[1], --partitions 1, original order vs local[4], --partitions " + parts
                + ", shuffled over 3 files");
        if (c.third()) {
            String third = run(c, sets, flags, "c", 2, 5, "0", "local[2]");
            assertEquals(a, third, c + ": vs local[2], the input's partitioning, shuffled over 5 files");
        }
    }

    /** Writes every set (shuffled with {@code shuffle} unless 0, over {@code files} files) and selects. */
    private String run(Case c, List<TestSet> sets, List<String> flags, String name, long shuffle, int files,
                       String partitions, String master) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        List<String> args = new ArrayList<>(List.of("select"));
        for (int i = 0; i < sets.size(); i++) {
            TestSet s = shuffle == 0 ? sets.get(i) : sets.get(i).shuffled(shuffle * 31 + i);
            args.add(flags.get(i));
            args.add(write(s, dir, flags.get(i).substring(2), files));
        }
        Path out = dir.resolve("out");
        args.addAll(c.options());
        args.addAll(List.of("--partitions", partitions, "--master", master, "--checkpoint-every", "2",
                "--out", out.toString()));
        assertFalse(SparkSession.getDefaultSession().isDefined(), "no running session to reuse");
        CliRun r = CliRun.of(args.toArray(new String[0]));
        assertEquals(0, r.exitCode(), c + " " + master + ": " + r);
        String csv = SelectionCsv.text(out);
        int k = Integer.parseInt(c.options().get(c.options().indexOf("--k") + 1));
        SelectionCsv.checkShape(SelectionCsv.parse(csv), k, sets.get(0).ids());
        return csv;
    }

    /** {@code dir/name.jsonl}: one file, or a directory of {@code files} part files. */
    private static String write(TestSet s, Path dir, String name, int files) throws IOException {
        if (files == 1) {
            return s.writeJsonl(dir, name);
        }
        Path d = Files.createDirectories(dir.resolve(name + ".jsonl"));
        List<StringBuilder> parts = new ArrayList<>();
        for (int f = 0; f < files; f++) {
            parts.add(new StringBuilder());
        }
        // uneven parts: row i goes to part (i * i) mod files
        for (int i = 0; i < s.rows.size(); i++) {
            parts.get((i * i) % files).append(TestSet.jsonLine(s.rows.get(i))).append('\n');
        }
        for (int f = 0; f < files; f++) {
            Files.writeString(d.resolve(String.format("part-%05d.jsonl", f)), parts.get(f).toString(),
                    StandardCharsets.UTF_8);
        }
        return d.toString();
    }
}
