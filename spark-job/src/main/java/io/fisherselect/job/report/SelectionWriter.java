package io.fisherselect.job.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fisherselect.job.select.FinalObjective;
import io.fisherselect.job.select.RunOptions;
import io.fisherselect.job.select.ScaleOptions;
import io.fisherselect.job.select.SelectConfig;
import io.fisherselect.job.select.Selection;
import io.fisherselect.job.fit.LastLayerFit;
import io.fisherselect.job.io.OutputDirectory;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.select.MultiRoundGreedy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a {@link Selection} into an {@link OutputDirectory}: {@code selection.csv}
 * ({@code rank,id,gain}), the same as Parquet in {@code selection/}, and {@code report.json}
 * ({@code report.html} is {@link SelectionReport}'s).
 */
public final class SelectionWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SelectionWriter() {
    }

    public static void write(SparkSession spark, OutputDirectory out, Selection s) throws IOException {
        writeSelection(spark, out, s);
        writeReport(out, s);
    }

    /** {@code selection.csv} and {@code selection/}. */
    public static void writeSelection(SparkSession spark, OutputDirectory out, Selection s) throws IOException {
        out.writeText("selection.csv", csv(s));
        spark.sparkContext().setJobDescription("write selection");
        frame(spark, s).coalesce(1).write().parquet(out.tempPath("selection"));
    }

    /** The columns of a selection: {@code rank} (1..k in pick order), {@code id}, {@code gain}. */
    public static final StructType SCHEMA = new StructType()
            .add("rank", DataTypes.IntegerType, false)
            .add("id", DataTypes.StringType, false)
            .add("gain", DataTypes.DoubleType, false);

    /** The selection as a DataFrame of {@link #SCHEMA}, in pick order (what the Java API returns). */
    public static Dataset<Row> frame(SparkSession spark, Selection s) {
        List<Row> rows = new ArrayList<>();
        for (Selection.Picked p : s.picks()) {
            rows.add(RowFactory.create(p.rank(), p.id(), p.gain()));
        }
        return spark.createDataFrame(rows, SCHEMA);
    }

    /** {@code report.json}, with the timings the selection carries. */
    public static void writeReport(OutputDirectory out, Selection s) throws IOException {
        out.writeText("report.json", JSON.writeValueAsString(report(s)));
    }

    /** {@code rank,id,gain}; gains in Java's shortest round-trip decimal form. */
    public static String csv(Selection s) {
        StringBuilder b = new StringBuilder("rank,id,gain\n");
        for (Selection.Picked p : s.picks()) {
            b.append(p.rank()).append(',').append(csvField(p.id())).append(',').append(p.gain()).append('\n');
        }
        return b.toString();
    }

    static String csvField(String v) {
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0) {
            return v;
        }
        return '"' + v.replace("\"", "\"\"") + '"';
    }

    /** The report: resolved config, sizes, timings, picks and the objective trajectory. */
    public static ObjectNode report(Selection s) {
        ObjectNode root = JSON.createObjectNode();
        root.put("tool", "fisherselect");
        root.put("command", "select");
        root.set("config", config(s.config()));
        ObjectNode sizes = root.putObject("sizes");
        for (Map.Entry<String, Long> e : s.sizes().entrySet()) {
            sizes.put(e.getKey(), e.getValue());
        }
        ObjectNode timings = root.putObject("timings");
        for (Map.Entry<String, Double> e : s.timings().entrySet()) {
            timings.put(e.getKey(), e.getValue());
        }
        if (s.classCounts() != null) {
            ArrayNode counts = root.putArray("classCounts");
            for (long n : s.classCounts()) {
                counts.add(n);
            }
        }
        ArrayNode picks = root.putArray("picks");
        for (Selection.Picked p : s.picks()) {
            ObjectNode n = picks.addObject();
            n.put("rank", p.rank());
            n.put("id", p.id());
            n.put("gain", p.gain());
            n.put("seconds", p.seconds());
        }
        if (s.numerics() != null) {
            ObjectNode n = root.putObject("numerics");
            n.put("refactorEvery", s.numerics().refactorEvery());
            n.put("refactorizations", s.numerics().refactorizations());
            n.put("maxDrift", s.numerics().maxDrift());
            ArrayNode jitter = n.putArray("jitter");
            for (io.fisherselect.math.linalg.Numerics.Jitter j : s.numerics().jitters()) {
                ObjectNode e = jitter.addObject();
                e.put("matrix", j.matrix());
                e.put("added", j.jitter());
                e.put("relative", j.relative());
            }
        }
        if (s.greedyPlace() != null) {
            // where the exact greedy ran (the config holds the setting, this what it resolved to)
            ObjectNode g = root.putObject("greedyOn");
            g.put("on", s.greedyPlace().on());
            g.put("reason", s.greedyPlace().reason());
        }
        if (s.approximation() != null) {
            // what the large-D approximation resolved to (the config holds the settings as given)
            ObjectNode a = root.putObject("approximation");
            a.put("ran", s.approximation().ran());
            a.put("sketch", s.approximation().sketch());
            a.put("reason", s.approximation().reason());
        }
        if (s.config().run().checkpoint() != null) {
            ObjectNode r = root.putObject("resume");
            r.put("checkpoint", s.config().run().checkpoint());
            r.put("resumedPicks", s.resumed());
        }
        if (s.lastLayer() != null) {
            root.set("lastLayer", lastLayer(s.lastLayer()));
        }
        AcquisitionMethod m = s.config().selectionParams().method();
        ScaleOptions scale = s.scaleRan();
        if (s.modeChoice() != null) {
            // the mode that ran (the config holds --mode as given, e.g. auto) and why
            root.put("modeRan", s.modeChoice().mode().cliName());
            root.put("modeReason", s.modeChoice().reason());
        }
        int k = s.config().params().getK();
        if (m.kind() == AcquisitionMethod.Kind.CLUSTERED) {
            // what ran: the clustering chosen for this pool's size, and the resolved sizes
            long n = s.sizes().getOrDefault("pool", 0L);
            ObjectNode cm = root.putObject("clusterMargin");
            cm.put("clustering", scale.clustering(n).cliName());
            cm.put("clusters", scale.clusterMargin().clusters(k));
            cm.put("shortlist", scale.clusterMargin().shortlist(k, n));
            cm.put("clusterDistance", scale.clusterMargin().distance());
        }
        if (scale.mode() == ScaleOptions.Mode.MULTIROUND) {
            MultiRoundGreedy.Settings mr = scale.multiRound(k);
            ObjectNode n = root.putObject("multiRound");
            n.put("partitionSize", mr.partitionSize());
            n.put("shrink", mr.shrink());
            n.put("stochasticEpsilon", mr.epsilon());
        }
        // a multi-round batch larger than a part is the union of parts whose gains are their own: no
        // trajectory, but the objective of the whole batch (finalObjective) or why there is none
        if (m.gainsSumToObjective() && !scale.unionOfParts(k)) {
            ArrayNode trajectory = root.putArray("objective");
            double cumulative = 0;
            for (Selection.Picked p : s.picks()) {
                cumulative += p.gain();
                trajectory.add(cumulative);
            }
        }
        FinalObjective f = s.finalObjective();
        if (f != null && f.value() != null) {
            root.put("finalObjective", f.value());
            root.put("finalObjectiveFrom", f.how());
        } else if (f != null) {
            root.put("finalObjectiveLeftOut", f.how());
        }
        return root;
    }

    /**
     * The fitted last layer: how it was fitted and its coefficients W (C×d, {@code coefficients[c]}
     * is class c's row) and intercepts b.
     */
    public static ObjectNode lastLayer(LastLayerFit.Summary f) {
        ObjectNode n = JSON.createObjectNode();
        n.put("fit", f.solver() + (f.multiLabel() ? ", one-vs-rest logistic (independent sigmoid outputs)"
                : ", multinomial") + ", no standardization, the MAP under the prior N(0, I/lambda)");
        n.put("fitIntercept", f.intercept());
        n.put("lambda", f.lambda());
        n.put("nLabeled", f.nLabeled());
        n.put("regParam", f.regParam());
        n.put("regParamRule", "regParam = lambda / nLabeled: MLlib's objective is (1/n) x the negative log posterior"
                + " with the prior N(0, I/lambda) on W");
        n.put("classes", f.classes());
        n.put("d", f.d());
        n.put("iterations", f.iterations());
        n.put("objective", f.objective());
        n.put("converged", f.converged());
        n.put("gradientNorm", f.gradientNorm());
        ArrayNode w = n.putArray("coefficients");
        for (double[] row : f.coefficients()) {
            ArrayNode r = w.addArray();
            for (double v : row) {
                r.add(v);
            }
        }
        ArrayNode b = n.putArray("intercepts");
        for (double v : f.intercepts()) {
            b.add(v);
        }
        return n;
    }

    /**
     * The resolved config: the run's options and every param of the selector by name (set or
     * default), so that report.json names every option the selection ran with.
     */
    private static ObjectNode config(SelectConfig c) {
        ObjectNode n = run(c.run());
        n.put("pending", RunOptions.describe(c.run().pending()));
        n.put("exclude", RunOptions.describe(c.run().exclude()));
        putParams(n, c.params().paramValues());
        return n;
    }

    /** The run-level options of report.json's config. */
    static ObjectNode run(RunOptions r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("pool", RunOptions.describe(r.pool()));
        n.put("labeled", RunOptions.describe(r.labeled()));
        n.put("eval", RunOptions.describe(r.eval()));
        n.put("query", RunOptions.describe(r.query()));
        n.put("private", RunOptions.describe(r.privateSet()));
        n.put("format", r.format());
        n.put("out", r.out());
        n.put("overwrite", r.overwrite());
        n.put("checkpoint", r.checkpoint());
        return n;
    }

    /** Every param's value under its name. */
    static void putParams(ObjectNode n, Map<String, Object> params) {
        for (Map.Entry<String, Object> e : params.entrySet()) {
            n.set(e.getKey(), JSON.valueToTree(e.getValue()));
        }
    }
}
