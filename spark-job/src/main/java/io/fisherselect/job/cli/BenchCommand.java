package io.fisherselect.job.cli;

import io.fisherselect.job.io.JobInputs;
import io.fisherselect.job.select.ScaleOptions;
import io.fisherselect.job.select.RunOptions;
import io.fisherselect.job.select.SelectConfig;
import io.fisherselect.job.io.SetSource;
import io.fisherselect.job.report.StageTimer;
import io.fisherselect.job.select.Selection;
import io.fisherselect.job.select.SelectionJob;
import io.fisherselect.job.api.FisherSelector;
import io.fisherselect.job.bench.ExactObjective;
import io.fisherselect.job.bench.GemmFloor;
import io.fisherselect.job.bench.MemoryProbe;
import io.fisherselect.job.bench.ReferenceBait;
import io.fisherselect.job.bench.ReferenceBaitNumpy;
import io.fisherselect.job.io.Item;
import io.fisherselect.job.stage.CandidateBlocks;
import io.fisherselect.job.synth.DatasetWriter;
import io.fisherselect.job.synth.SyntheticPool;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.CandidateBlockBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench}: generates synthetic pools (or reads given ones), runs {@code select} for every
 * method × N × mode, and prints a table of stage times, seconds per pick and peak heap; writes
 * {@code bench.csv} and {@code bench.md} to {@code --out}. With {@code --reference-bait} it also
 * runs the dense published BAIT ({@link ReferenceBait}) on each pool and checks it picks what the
 * engine's bait picks. See docs/benchmarks.md.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark select on synthetic (or given) pools and print a table (bench.csv, bench.md).")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, description = "output directory (pools, runs, bench.csv, bench.md)")
    String out;

    @Option(names = "--methods", defaultValue = "eig-logdet", split = ",", description = "methods (default: ${DEFAULT-VALUE})")
    List<String> methods;

    @Option(names = "--n", defaultValue = "50000", split = ",", description = "pool sizes to generate (default: ${DEFAULT-VALUE})")
    List<Long> n;

    @Option(names = "--pool", split = ",", description = "read these pools instead of generating (--n is ignored)")
    List<String> pools;

    @Option(names = "--labeled", description = "labeled set for the given --pool")
    String labeled;

    @Option(names = "--d", defaultValue = "32", description = "embedding length (default: ${DEFAULT-VALUE})")
    int d;

    @Option(names = "--classes", defaultValue = "10", description = "classes C (default: ${DEFAULT-VALUE})")
    int classes;

    @Option(names = "--labeled-n", defaultValue = "0", description = "generated labeled items (0: none; default: ${DEFAULT-VALUE})")
    long labeledN;

    @Option(names = "--k", defaultValue = "20", split = ",",
            description = "batch size: one value, or one per method (default: ${DEFAULT-VALUE})")
    List<Integer> k;

    @Option(names = "--mode", defaultValue = "exact", split = ",",
            description = "greedy modes: exact, partitioned, prefilter (default: ${DEFAULT-VALUE})")
    List<String> modes;

    @Option(names = "--partitions", defaultValue = "0", description = "pool partitions (0: Spark's default parallelism)")
    int partitions;

    @Option(names = "--partition-k", defaultValue = "0", description = "k′ of partitioned (0: k)")
    int partitionK;

    @Option(names = "--candidates", defaultValue = "0", description = "M of prefilter (0: 10·k)")
    int candidates;

    @Option(names = "--init", defaultValue = "kmeans-pp", description = "badge seeding: kmeans-pp or kmeans-parallel")
    String init;

    @Option(names = "--eval-sample", defaultValue = "0", description = "as select's --eval-sample")
    int evalSample;

    @Option(names = "--fisher", defaultValue = "dense", description = "as select's --fisher")
    String fisher;

    @Option(names = "--sketch", defaultValue = "0", description = "as select's --sketch")
    int sketch;

    @Option(names = "--checkpoint-every", defaultValue = "10", description = "as select's (default: ${DEFAULT-VALUE})")
    int checkpointEvery;

    @Option(names = "--reference-bait", description = "also run the dense published BAIT on each pool (slow: O(N·C·D²)"
            + " per pick) and compare its picks with the engine's bait")
    boolean referenceBait;

    @Option(names = "--reference-bait-numpy", description = "also run the published BAIT transcribed to numpy"
            + " (submit/bench/reference_bait.py, python3 with numpy) on each pool's factors, written to"
            + " --out/bait-numpy/, and compare its picks and select seconds with the engine's bait")
    boolean referenceBaitNumpy;

    @Option(names = "--greedy-on", defaultValue = "auto", description = "as select's --greedy-on (default:"
            + " ${DEFAULT-VALUE})")
    String greedyOn;

    @Option(names = "--objective-of", split = ",", description = "instead of running selections: score the batch of"
            + " each given select output directory by the exact objective of the one method of --methods"
            + " (eig-logdet; --lambda as given) on --pool and --labeled, and its overlap with the first"
            + " directory's batch (objectives.md)")
    List<String> objectiveOf;

    @Option(names = "--lambda", defaultValue = "1.0", description = "prior precision λ of --objective-of (default:"
            + " ${DEFAULT-VALUE})")
    double lambda;

    @Option(names = "--seed", defaultValue = "0", description = "seed of pools and selections (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--master", description = "Spark master (default: spark-submit's, else local[*])")
    String master;

    /** One row of the table. */
    record Row(String method, long n, int d, int c, int k, String mode, double read, double aggregate, double select,
               double write, double perPick, String perPickBasis, double peakHeapMb, String note,
               GemmFloor.Stages floor) {
    }

    private GemmFloor floors;

    @Override
    public Integer call() throws IOException {
        if (k.size() != 1 && k.size() != methods.size()) {
            throw new IllegalArgumentException("--k takes one value or one per method (" + methods.size() + ")");
        }
        for (String m : methods) {
            AcquisitionMethod.fromCliName(m);
        }
        for (String m : modes) {
            ScaleOptions.Mode.fromCliName(m);
        }
        SparkSession spark = SparkSessions.create("fisherselect bench", master);
        try {
            if (objectiveOf != null && !objectiveOf.isEmpty()) {
                return objectives(spark);
            }
            List<Row> rows = run(spark);
            String md = markdown(rows, spark.sparkContext().master());
            Files.createDirectories(Path.of(out));
            Files.writeString(Path.of(out, "bench.csv"), csv(rows), StandardCharsets.UTF_8);
            Files.writeString(Path.of(out, "bench.md"), md, StandardCharsets.UTF_8);
            System.out.println(md);
            return 0;
        } finally {
            spark.stop();
        }
    }

    /** {@code --objective-of}: the batches' exact objectives and overlaps ({@link ExactObjective}). */
    private int objectives(SparkSession spark) throws IOException {
        if (methods.size() != 1 || pools == null || pools.size() != 1) {
            throw new IllegalArgumentException("--objective-of needs one method (--methods) and one pool (--pool)");
        }
        FisherSelector selector = new FisherSelector().setMethod(methods.get(0)).setLambda(lambda).setSeed(seed);
        String md = ExactObjective.markdown(ExactObjective.of(spark, selector, pools.get(0), labeled, objectiveOf));
        Files.createDirectories(Path.of(out));
        Files.writeString(Path.of(out, "objectives.md"), md, StandardCharsets.UTF_8);
        System.out.println(md);
        return 0;
    }

    List<Row> run(SparkSession spark) throws IOException {
        int parts = partitions > 0 ? partitions : spark.sparkContext().defaultParallelism();
        floors = new GemmFloor(spark.sparkContext().defaultParallelism());
        List<String[]> inputs = new ArrayList<>();
        if (pools != null && !pools.isEmpty()) {
            for (String p : pools) {
                inputs.add(new String[] {p, labeled});
            }
        } else {
            for (long size : n) {
                String p = out + "/pools/pool-n" + size + "-d" + d + "-c" + classes + ".parquet";
                String l = null;
                if (!Files.exists(Path.of(p))) {
                    System.out.printf(Locale.ROOT, "generating %s%n", p);
                    DatasetWriter.write(new SyntheticPool(size, d, classes, seed, 4.0, "p").generate(spark, parts), p,
                            "parquet", true);
                }
                if (labeledN > 0) {
                    l = out + "/pools/labeled-n" + labeledN + "-d" + d + "-c" + classes + ".parquet";
                    if (!Files.exists(Path.of(l))) {
                        DatasetWriter.write(new SyntheticPool(labeledN, d, classes, seed, 4.0, "l").generate(spark,
                                1), l, "parquet", true);
                    }
                }
                inputs.add(new String[] {p, l});
            }
        }
        List<Row> rows = new ArrayList<>();
        for (String[] in : inputs) {
            for (int mi = 0; mi < methods.size(); mi++) {
                AcquisitionMethod m = AcquisitionMethod.fromCliName(methods.get(mi));
                int kk = k.size() == 1 ? k.get(0) : k.get(mi);
                Selection engineBait = null;
                for (String modeName : modes) {
                    ScaleOptions.Mode mode = ScaleOptions.Mode.fromCliName(modeName);
                    if (mode != ScaleOptions.Mode.EXACT && m.kind() == AcquisitionMethod.Kind.TOP_K) {
                        continue;
                    }
                    FisherSelector sel = new FisherSelector().setMethod(m.cliName()).setK(kk).setSeed(seed)
                            .setCheckpointEvery(checkpointEvery).setMode(mode.cliName()).setPartitionK(partitionK)
                            .setCandidates(mode == ScaleOptions.Mode.PREFILTER
                                    ? (candidates > 0 ? candidates : 10 * kk) : candidates)
                            .setEvalSample(evalSample).setFisher(fisher).setSketch(sketch)
                            .setPartitions(partitions).setGreedyOn(greedyOn);
                    if (m == AcquisitionMethod.BADGE) {
                        sel.setInit(init);
                    }
                    String runOut = out + "/runs/" + m.cliName() + "-" + new java.io.File(in[0]).getName() + "-"
                            + mode.cliName();
                    SelectConfig config = new SelectConfig(RunOptions.ofPaths(in[0], in[1], runOut)
                            .withOut(runOut, true), sel);
                    System.out.printf(Locale.ROOT, "bench: %s k = %d, %s, mode %s%n", m.cliName(), kk, in[0],
                            mode.cliName());
                    Selection s;
                    long peak;
                    try (MemoryProbe probe = new MemoryProbe()) {
                        s = new SelectionJob(spark).run(config);
                        peak = probe.sampledPeak();
                    }
                    if (m == AcquisitionMethod.BAIT && mode == ScaleOptions.Mode.EXACT) {
                        engineBait = s;
                    }
                    Row row = row(m.cliName(), s, kk, mode.cliName(), peak, "");
                    if (mode == ScaleOptions.Mode.EXACT && sketch == 0 && "dense".equals(fisher)) {
                        row = withFloor(row, m, s);
                    }
                    rows.add(row);
                }
                if ((referenceBait || referenceBaitNumpy) && m == AcquisitionMethod.BAIT) {
                    rows.addAll(references(spark, in, kk, engineBait));
                }
            }
        }
        return rows;
    }

    /**
     * The row with the floors of its aggregate and select stages, measured now (right after the
     * stages, in the same JVM), and printed as they are measured.
     */
    private Row withFloor(Row row, AcquisitionMethod m, Selection s) {
        long nLabeled = s.sizes().getOrDefault("labeled", 0L);
        int r = (int) (long) s.sizes().getOrDefault("r", (long) row.c());
        List<GemmFloor.Gemm> selectProducts = GemmFloor.select(m, row.n(), nLabeled, row.d(), row.c(), r, row.k());
        if (selectProducts == null) {
            return row;
        }
        GemmFloor.Stages f = new GemmFloor.Stages(
                floors.seconds(GemmFloor.aggregate(m, row.n(), nLabeled, row.d(), row.c())),
                floors.seconds(selectProducts));
        System.out.printf(Locale.ROOT, "bench: floor (%s GEMMs on %d threads, lane kernel: %s): aggregate %.1f s"
                        + " (stage %s), select %.1f s (stage %s)%n", floors.blasName(), floors.parallelism(), io.fisherselect.math.linalg.DenseKernels.productName(),
                f.aggregate(), ratio(row.aggregate(), f.aggregate()), f.select(), ratio(row.select(), f.select()));
        return new Row(row.method(), row.n(), row.d(), row.c(), row.k(), row.mode(), row.read(), row.aggregate(),
                row.select(), row.write(), row.perPick(), row.perPickBasis(), row.peakHeapMb(), row.note(), f);
    }

    /** "2.3×" or "—" when there is no floor. */
    static String ratio(double stage, double floor) {
        return floor > 0 && !Double.isNaN(floor) ? String.format(Locale.ROOT, "%.1f×", stage / floor) : "—";
    }

    private static String floorCell(double floor) {
        return floor > 0 && !Double.isNaN(floor) ? String.format(Locale.ROOT, "%.1f", floor) : "—";
    }

    private Row row(String method, Selection s, int kk, String mode, long peakBytes, String note) {
        double[] secs = s.picks().stream().mapToDouble(Selection.Picked::seconds).filter(x -> x > 0).toArray();
        double select = s.timings().getOrDefault("select", 0.0);
        double perPick;
        String basis;
        if (secs.length > 0) {
            perPick = median(secs);
            basis = "median";
        } else {
            perPick = select / Math.max(1, kk);
            basis = "select/k";
        }
        return new Row(method, s.sizes().getOrDefault("pool", 0L), (int) (long) s.sizes().getOrDefault("d", 0L),
                (int) (long) s.sizes().getOrDefault("C", 0L), kk, mode, s.timings().getOrDefault("read", 0.0),
                s.timings().getOrDefault("aggregate", 0.0), select, s.timings().getOrDefault("write", 0.0), perPick,
                basis, peakBytes / 1048576.0, note, null);
    }

    /** The published BAIT's rows: the dense Java form and/or the numpy form, as asked. */
    private List<Row> references(SparkSession spark, String[] in, int kk, Selection engine) throws IOException {
        FisherSelector bait = new FisherSelector().setMethod(AcquisitionMethod.BAIT.cliName()).setK(kk);
        JobInputs sets = JobInputs.load(spark, new JobInputs.Sources(SetSource.ofPath(in[0]), SetSource.ofPath(in[1]),
                null, null, null, null, bait.columnNames(), 0, bait.getProbTolerance(), false),
                bait.selectionParams(), List.of(AcquisitionMethod.BAIT), null, new StageTimer(), shape -> { });
        int c = sets.classes();
        int rawD = sets.rawEmbeddingLength();
        CandidateBlock pool = block(sets.pool().items().collect(), c, rawD);
        CandidateBlock lab = sets.labeled() == null ? null : block(sets.labeled().items().collect(), c, rawD);
        sets.unpersist();
        List<Row> rows = new ArrayList<>();
        if (referenceBait) {
            rows.add(reference(pool, lab, c, kk, engine));
        }
        if (referenceBaitNumpy) {
            rows.add(numpyReference(pool, lab, c, kk, engine));
        }
        return rows;
    }

    /**
     * The published BAIT in numpy on the same factors (ids in the same order); compared with the
     * engine's exact bait: the same ids in the same order, and the select stages' seconds.
     */
    private Row numpyReference(CandidateBlock pool, CandidateBlock lab, int c, int kk, Selection engine)
            throws IOException {
        System.out.printf(Locale.ROOT, "bench: reference (numpy, published) bait k = %d on %d items, D = %d%n", kk,
                pool.n, c * pool.d);
        ReferenceBaitNumpy.Result r = ReferenceBaitNumpy.run(pool, lab, kk, 1.0, java.nio.file.Path.of(out,
                "bait-numpy"));
        String note = String.format(Locale.ROOT, "numpy %s, setup (X, F) %.1f s", r.numpy(), r.setupSeconds());
        if (engine != null) {
            List<String> b = engine.picks().stream().map(Selection.Picked::id).toList();
            double engineSelect = engine.timings().getOrDefault("select", 0.0);
            note = (r.ids().equals(b) ? "same picks as engine bait" : "DIFFERENT picks from engine bait")
                    + String.format(Locale.ROOT, "; numpy/engine select = %.1f / %.2f s = %.1f×", r.selectSeconds(),
                    engineSelect, r.selectSeconds() / engineSelect) + "; " + note;
        }
        System.out.println("bench: reference bait (numpy): " + note);
        return new Row("bait-reference-numpy", pool.n, pool.d, c, kk, "numpy-published", 0, 0, r.selectSeconds(), 0,
                median(r.forwardSeconds()), "median", 0, note, null);
    }

    /** The dense published BAIT on the pool, on the driver; compared with the engine's exact bait. */
    private Row reference(CandidateBlock pool, CandidateBlock lab, int c, int kk, Selection engine) {
        System.out.printf(Locale.ROOT, "bench: reference (dense, published) bait k = %d on %d items, D = %d%n", kk,
                pool.n, c * pool.d);
        long t0 = System.nanoTime();
        ReferenceBait.Result r;
        long peak;
        try (MemoryProbe probe = new MemoryProbe()) {
            r = ReferenceBait.select(pool, lab, 1.0, kk);
            peak = probe.sampledPeak();
        }
        double total = (System.nanoTime() - t0) / 1e9;
        String note = "";
        if (engine != null) {
            List<String> a = r.picks().stream().map(p -> p.id).toList();
            List<String> b = engine.picks().stream().map(Selection.Picked::id).toList();
            note = a.equals(b) ? "same picks as engine bait" : "DIFFERENT picks from engine bait";
            double[] secs = engine.picks().stream().mapToDouble(Selection.Picked::seconds).filter(x -> x > 0)
                    .toArray();
            if (secs.length > 0) {
                note += String.format(Locale.ROOT, "; reference/engine s per pick = %.1f",
                        median(r.forwardSeconds()) / median(secs));
            }
            System.out.println("bench: reference bait: " + note);
        }
        return new Row("bait-reference", pool.n, pool.d, c, kk, "dense-published", 0, 0, total, 0,
                median(r.forwardSeconds()), "median", peak / 1048576.0, note, null);
    }

    private static CandidateBlock block(List<Item> items, int c, int rawD) {
        List<Item> sorted = new ArrayList<>(items);
        sorted.sort((a, b) -> a.id().compareTo(b.id()));
        CandidateBlockBuilder b = new CandidateBlockBuilder(ReferenceBait.spec(), c);
        for (Item it : sorted) {
            b.add(it.id(), it.embedding(), CandidateBlocks.normalized(it.probs()), it.label());
        }
        return b.build(rawD);
    }

    static double median(double[] v) {
        if (v.length == 0) {
            return 0;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("method,N,d,C,k,mode,read_s,aggregate_s,select_s,write_s,s_per_pick,"
                + "s_per_pick_basis,peak_heap_mb,aggregate_floor_s,select_floor_s,note\n");
        for (Row r : rows) {
            double af = r.floor() == null ? Double.NaN : r.floor().aggregate();
            double sf = r.floor() == null ? Double.NaN : r.floor().select();
            sb.append(String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%s,%.3f,%.3f,%.3f,%.3f,%.4f,%s,%.0f,%.3f,%.3f,\"%s\"%n",
                    r.method(), r.n(), r.d(), r.c(), r.k(), r.mode(), r.read(), r.aggregate(), r.select(), r.write(),
                    r.perPick(), r.perPickBasis(), r.peakHeapMb(), af, sf, r.note()));
        }
        return sb.toString();
    }

    static String markdown(List<Row> rows, String master) {
        StringBuilder sb = new StringBuilder();
        sb.append("master: ").append(master).append(master.startsWith("local")
                ? " (local mode: driver = executor, one JVM; peak heap is of both)" : " (peak heap: driver only)")
                .append("\n\n");
        sb.append("| method | N | d | C | k | mode | read s | aggregate s | floor s | ratio | select s | floor s | ratio"
                + " | write s | s/pick | peak heap MB | note |\n");
        sb.append("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Row r : rows) {
            double af = r.floor() == null ? Double.NaN : r.floor().aggregate();
            double sf = r.floor() == null ? Double.NaN : r.floor().select();
            sb.append(String.format(Locale.ROOT,
                    "| %s | %d | %d | %d | %d | %s | %.1f | %.1f | %s | %s | %.1f | %s | %s | %.1f | %.3f (%s) | %.0f | %s |%n",
                    r.method(), r.n(), r.d(), r.c(), r.k(), r.mode(), r.read(), r.aggregate(), floorCell(af),
                    ratio(r.aggregate(), af), r.select(), floorCell(sf), ratio(r.select(), sf), r.write(),
                    r.perPick(), r.perPickBasis(), r.peakHeapMb(), r.note()));
        }
        return sb.toString();
    }
}
