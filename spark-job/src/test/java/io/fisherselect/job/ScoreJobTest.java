package io.fisherselect.job;

import io.fisherselect.job.score.ScoreConfig;
import io.fisherselect.job.score.ScoreJob;
import io.fisherselect.job.score.Scoring;
import io.fisherselect.job.select.SelectConfig;
import io.fisherselect.job.select.Selection;
import io.fisherselect.job.select.SelectionJob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fisherselect.job.api.FisherScorerParams;
import io.fisherselect.job.cli.FisherSelectCli;
import io.fisherselect.job.stage.CandidateBlocks;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.fisher.FisherSum;
import io.fisherselect.math.select.BlockState;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.CandidateBlockBuilder;
import io.fisherselect.math.select.GreedyObjective;
import io.fisherselect.math.plan.InMemorySelector;
import io.fisherselect.math.plan.MethodPlans;
import io.fisherselect.math.plan.PlanInputs;
import io.fisherselect.math.plan.SelectionParams;
import io.fisherselect.math.select.TopK;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code score}: every item's value against the in-memory computation (top-k scores with
 * {@link InMemorySelector#scores}, greedy single-item gains with {@link BlockState#initial} and
 * {@link GreedyObjective#gain}), agreement with {@code select}, independence from the
 * partitioning, and refusal of methods without a per-item score.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScoreJobTest {
    private static final int N = 60;
    private static final int N_LABELED = 15;
    private static final int N_EVAL = 12;
    private static final int D = 4;
    private static final int C = 3;
    private static final double LAMBDA = 0.5;
    private static final long SEED = 11;
    private static final double TOL = 1e-12;

    private static final List<AcquisitionMethod> ALL = List.of(AcquisitionMethod.RANDOM, AcquisitionMethod.ENTROPY,
            AcquisitionMethod.MARGIN, AcquisitionMethod.LEAST_CONFIDENCE, AcquisitionMethod.EGL,
            AcquisitionMethod.EIG_TRACE, AcquisitionMethod.GRAND, AcquisitionMethod.EL2N, AcquisitionMethod.EIG_LOGDET,
            AcquisitionMethod.EPIG_LOGDET, AcquisitionMethod.LOGDET);

    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static String poolPath;
    private static String labeledPath;
    private static String evalPath;
    private static List<Sample> pool;
    private static List<Sample> labeled;
    private static List<Sample> eval;
    /** id → every method's value, from the run with 3 partitions (filled by the first test) */
    private static Map<String, double[]> scored3;

    /** An in-memory item: id, embedding, probabilities, label. */
    private record Sample(String id, double[] embedding, double[] probs, int label) {
    }

    @BeforeAll
    static void setUp() throws IOException {
        spark = LocalSpark.session();
        Random rnd = new Random(20240611L);
        pool = items("p", N, rnd);
        labeled = items("l", N_LABELED, rnd);
        eval = items("e", N_EVAL, rnd);
        poolPath = write("pool.jsonl", pool);
        labeledPath = write("labeled.jsonl", labeled);
        evalPath = write("eval.jsonl", eval);
    }

    @AfterAll
    static void tearDown() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static SparkSession spark() {
        // the CLI test stops the session it used; later tests (if any) get a fresh one, bound to
        // the loopback interface like every test session
        spark = LocalSpark.session();
        return spark;
    }

    // ------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void everyScoreMatchesTheInMemoryComputation() throws IOException {
        String out = dir.resolve("all-3").toString();
        ScoreConfig config = base(ALL, out, 3);
        Scoring s = new ScoreJob(spark()).run(config);
        assertEquals(N, s.sizes().get("pool"));
        assertEquals(N_LABELED, s.sizes().get("labeled"));

        Dataset<org.apache.spark.sql.Row> frame = spark().read().parquet(out + "/scores");
        List<String> expectedColumns = new ArrayList<>(List.of("id"));
        ALL.forEach(m -> expectedColumns.add(m.cliName()));
        assertEquals(expectedColumns, Arrays.asList(frame.columns()));
        scored3 = read(out, ALL);
        assertEquals(N, scored3.size());

        Map<String, double[]> expected = inMemory(ALL, null);
        for (int j = 0; j < ALL.size(); j++) {
            for (Sample it : pool) {
                assertClose(expected.get(it.id())[j], scored3.get(it.id())[j], ALL.get(j) + " of " + it.id());
            }
        }

        JsonNode report = new ObjectMapper().readTree(Files.readString(Path.of(out, "report.json")));
        assertEquals("score", report.get("command").asText());
        assertEquals(ALL.size(), report.get("methods").size());
        assertEquals("eig-logdet", report.get("methods").get(8).get("column").asText());
        assertEquals("first-gain", report.get("methods").get(8).get("kind").asText());
        assertEquals(N, report.get("sizes").get("pool").asLong());
        assertTrue(report.get("timings").has("score"));
        assertTrue(report.get("timings").has("total"));
        assertEquals(List.of(), leftovers());
    }

    @Test
    @Order(2)
    void independentOfPartitioning() {
        for (int parts : new int[] {1, 5}) {
            String out = dir.resolve("all-" + parts).toString();
            new ScoreJob(spark()).run(base(ALL, out, parts));
            Map<String, double[]> got = read(out, ALL);
            assertEquals(scored3.keySet(), got.keySet());
            for (Map.Entry<String, double[]> e : scored3.entrySet()) {
                assertTrue(Arrays.equals(e.getValue(), got.get(e.getKey())),
                        "partitions " + parts + ", item " + e.getKey() + ": " + Arrays.toString(e.getValue())
                                + " vs " + Arrays.toString(got.get(e.getKey())));
            }
        }
    }

    @Test
    @Order(3)
    void topKOfEachColumnIsSelect() {
        int k = 7;
        for (int j = 0; j < ALL.size(); j++) {
            AcquisitionMethod m = ALL.get(j);
            boolean topK = m.kind() == AcquisitionMethod.Kind.TOP_K;
            SelectionParams p = SelectionParams.of(m, topK ? k : 1).withLambda(LAMBDA).withSeed(SEED);
            String out = dir.resolve("select-" + m.cliName()).toString();
            Selection sel = new SelectionJob(spark()).run(SelectConfig.of(poolPath, labeledPath, Selectors.of(p), out));
            List<String> ranked = ranking(scored3, j);
            List<String> picked = sel.picks().stream().map(Selection.Picked::id).toList();
            if (topK) {
                assertEquals(ranked.subList(0, k), picked, m.cliName());
                for (Selection.Picked pk : sel.picks()) {
                    assertEquals(scored3.get(pk.id())[j], pk.gain(), m.cliName() + " score of " + pk.id());
                }
            } else {
                // a greedy method's first pick is the item with the largest single-item gain
                assertEquals(ranked.subList(0, 1), picked, m.cliName());
                assertClose(scored3.get(picked.get(0))[j], sel.picks().get(0).gain(), m.cliName() + " first gain");
            }
        }
    }

    @Test
    @Order(4)
    void epigUsesTheEvalSet() {
        List<AcquisitionMethod> methods = List.of(AcquisitionMethod.EPIG_LOGDET, AcquisitionMethod.ENTROPY);
        String out = dir.resolve("epig-eval").toString();
        ScoreConfig c = base(methods, out, 2);
        c = c.withRun(c.run().withReferenceSets(evalPath, null, null));
        Scoring s = new ScoreJob(spark()).run(c);
        assertEquals(N_EVAL, s.sizes().get("eval"));
        Map<String, double[]> got = read(out, methods);
        Map<String, double[]> expected = inMemory(methods, eval);
        for (Sample it : pool) {
            for (int j = 0; j < methods.size(); j++) {
                assertClose(expected.get(it.id())[j], got.get(it.id())[j], methods.get(j) + " of " + it.id());
            }
        }
        // with the eval set, F_eval differs from the pool's: so must the gains
        int epig = ALL.indexOf(AcquisitionMethod.EPIG_LOGDET);
        assertFalse(pool.stream().allMatch(it -> Math.abs(got.get(it.id())[0] - scored3.get(it.id())[epig]) < 1e-9));
    }

    @Test
    @Order(5)
    void methodWithoutItemScoreExitsWith2AndWritesNothing() {
        for (String methods : new String[] {"entropy,bait", "badge", "logdet-mi", "logdet-cmi", "eig-logdet,nope"}) {
            Path out = dir.resolve("refused-" + methods.replace(',', '_'));
            String[] err = new String[1];
            int code = cli(err, "score", "--pool", poolPath, "--labeled", labeledPath, "--methods", methods,
                    "--out", out.toString(), "--master", "local[2]");
            assertEquals(2, code, methods + ": " + err[0]);
            assertFalse(Files.exists(out), methods);
            assertTrue(err[0].contains("valid methods for score: random, entropy, margin, least-confidence, egl,"
                    + " eig-trace, eig-logdet, epig-logdet, logdet, grand, el2n"), err[0]);
            if (!methods.contains("nope")) {
                assertTrue(err[0].contains("has no per-item score"), err[0]);
            }
        }
        String[] err = new String[1];
        assertEquals(2, cli(err, "score", "--pool", poolPath, "--methods", "entropy,entropy", "--out",
                dir.resolve("twice").toString()), err[0]);
        assertEquals(2, cli(err, "score", "--pool", poolPath, "--methods", "entropy", "--likelihood", "gaussian",
                "--out", dir.resolve("gaussian-entropy").toString()), err[0]);
        assertTrue(err[0].contains("entropy needs class probabilities"), err[0]);
        assertEquals(List.of(), leftovers());
    }

    /** Last: the command stops the Spark session it ran on. */
    @Test
    @Order(6)
    void commandLineWritesScoresAndReport() {
        Path out = dir.resolve("cli");
        String[] err = new String[1];
        int code = cli(err, "score", "--pool", poolPath, "--labeled", labeledPath, "--methods",
                "eig-logdet,random,logdet", "--lambda", String.valueOf(LAMBDA), "--seed", String.valueOf(SEED),
                "--partitions", "2", "--format", "jsonl", "--out", out.toString(), "--master", "local[2]");
        assertEquals(0, code, err[0]);
        assertTrue(Files.exists(out.resolve("report.json")));
        List<AcquisitionMethod> methods = List.of(AcquisitionMethod.EIG_LOGDET, AcquisitionMethod.RANDOM,
                AcquisitionMethod.LOGDET);
        Map<String, double[]> got = read(out.toString(), methods);
        for (Sample it : pool) {
            for (int j = 0; j < methods.size(); j++) {
                assertEquals(scored3.get(it.id())[ALL.indexOf(methods.get(j))], got.get(it.id())[j],
                        methods.get(j) + " of " + it.id());
            }
        }
        // an existing output is refused without --overwrite
        assertEquals(2, cli(err, "score", "--pool", poolPath, "--methods", "entropy", "--out", out.toString(),
                "--master", "local[2]"), err[0]);
        assertTrue(err[0].contains("already exists"), err[0]);
    }

    // ------------------------------------------------------------------------------------------

    private static ScoreConfig base(List<AcquisitionMethod> methods, String out, int partitions) {
        return ScoreConfig.of(poolPath, labeledPath, methods, out)
                .withParams(new FisherScorerParams().setLambda(LAMBDA).setSeed(SEED).setPartitions(partitions));
    }

    /** Runs the command line with stderr captured into {@code err[0]}. */
    private static int cli(String[] err, String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            return FisherSelectCli.execute(args);
        } finally {
            System.setErr(old);
            err[0] = buf.toString(StandardCharsets.UTF_8);
        }
    }

    /** Temporary output siblings that an aborted run would leave behind. */
    private static List<String> leftovers() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".tmp-")).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** id → the methods' values, from {@code out}/scores. */
    private static Map<String, double[]> read(String out, List<AcquisitionMethod> methods) {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (org.apache.spark.sql.Row r : spark().read().parquet(out + "/scores").collectAsList()) {
            double[] v = new double[methods.size()];
            for (int j = 0; j < v.length; j++) {
                v[j] = r.getDouble(r.fieldIndex(methods.get(j).cliName()));
            }
            if (m.put(r.getString(r.fieldIndex("id")), v) != null) {
                fail("id " + r.getString(0) + " written twice");
            }
        }
        return m;
    }

    /** Ids by column {@code j} descending, ties by the smaller id (the order of TopK and the greedy). */
    private static List<String> ranking(Map<String, double[]> scores, int j) {
        return scores.keySet().stream().sorted(Comparator.<String>comparingDouble(id -> -scores.get(id)[j])
                .thenComparing(Comparator.naturalOrder())).toList();
    }

    /**
     * The in-memory reference: blocks built from the rows, the labeled Fisher (and the eval or
     * pool Fisher of epig-logdet) summed in memory, then {@link MethodPlans} and, for greedy
     * methods, {@link BlockState#initial} and {@link GreedyObjective#gain}.
     */
    private static Map<String, double[]> inMemory(List<AcquisitionMethod> methods, List<Sample> evalSet) {
        Map<String, double[]> out = new LinkedHashMap<>();
        pool.forEach(it -> out.put(it.id(), new double[methods.size()]));
        for (int j = 0; j < methods.size(); j++) {
            AcquisitionMethod m = methods.get(j);
            SelectionParams p = SelectionParams.of(m, 1).withLambda(LAMBDA).withSeed(SEED);
            FactorSpec spec = p.factorSpec();
            CandidateBlock block = block(pool, spec);
            PlanInputs in = PlanInputs.shape(block.d, block.c, block.r);
            if (m.usesLabeledSet()) {
                in = in.withLabeled(FisherSum.of(block(labeled, p.fisherSpec())), labeled.size());
            }
            if (m == AcquisitionMethod.EPIG_LOGDET) {
                if (evalSet == null) {
                    in = in.withPool(FisherSum.of(block(pool, p.fisherSpec())), pool.size());
                } else {
                    DMatrixRMaj mean = FisherSum.of(block(evalSet, p.fisherSpec()));
                    CommonOps_DDRM.scale(1.0 / evalSet.size(), mean);
                    in = in.withEval(mean);
                }
            }
            if (m.kind() == AcquisitionMethod.Kind.TOP_K) {
                for (TopK.Scored s : InMemorySelector.scores(block, MethodPlans.score(p, in))) {
                    out.get(s.id())[j] = s.score();
                }
            } else {
                GreedyObjective objective = MethodPlans.greedy(p, in).objective();
                BlockState state = BlockState.initial(block, objective);
                double[] scratch = new double[objective.scratchSize()];
                for (int i = 0; i < block.n; i++) {
                    out.get(block.ids[i])[j] = objective.gain(block, i, state.values, scratch);
                }
            }
        }
        return out;
    }

    private static CandidateBlock block(List<Sample> rows, FactorSpec spec) {
        CandidateBlockBuilder b = new CandidateBlockBuilder(spec, C);
        for (Sample it : rows) {
            b.add(it.id(), it.embedding(), CandidateBlocks.normalized(it.probs()), it.label());
        }
        return b.build(D);
    }

    private static void assertClose(double expected, double actual, String what) {
        double scale = Math.max(Math.abs(expected), Math.abs(actual));
        if (!(Math.abs(expected - actual) <= TOL * scale)) {
            fail(what + ": expected " + expected + ", got " + actual + " (relative error "
                    + Math.abs(expected - actual) / scale + ")");
        }
    }

    /** Random items in id order: Gaussian embeddings, softmax probabilities of random logits, a label. */
    private static List<Sample> items(String prefix, int n, Random rnd) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] e = new double[D];
            for (int k = 0; k < D; k++) {
                e[k] = rnd.nextGaussian();
            }
            double[] logits = new double[C];
            double z = 0;
            for (int k = 0; k < C; k++) {
                logits[k] = Math.exp(2 * rnd.nextGaussian());
                z += logits[k];
            }
            for (int k = 0; k < C; k++) {
                logits[k] /= z;
            }
            out.add(new Sample(String.format("%s%03d", prefix, i), e, logits, rnd.nextInt(C)));
        }
        return out;
    }

    private static String write(String name, List<Sample> rows) throws IOException {
        StringBuilder b = new StringBuilder();
        for (Sample it : rows) {
            b.append("{\"id\":\"").append(it.id()).append("\",\"embedding\":").append(json(it.embedding()))
                    .append(",\"probs\":").append(json(it.probs())).append(",\"label\":").append(it.label())
                    .append("}\n");
        }
        Path p = dir.resolve(name);
        Files.writeString(p, b.toString());
        return p.toString();
    }

    private static String json(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ",").append(Double.toString(v[i]));
        }
        return b.append(']').toString();
    }
}
