package io.fisherselect.job.score;

import io.fisherselect.job.select.RunOptions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fisherselect.job.io.OutputDirectory;
import io.fisherselect.job.report.HtmlReport;
import io.fisherselect.job.report.ScoreWriter;
import io.fisherselect.job.report.StageTimer;
import io.fisherselect.job.report.SvgCharts;
import io.fisherselect.math.AcquisitionMethod;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.stat.Correlation;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One {@code compare} run: every pool item's score under each method in one pass (exactly
 * {@code score}'s {@link ScoreJob}: top-k scores, and the single-item gains of eig-logdet,
 * epig-logdet and logdet), then the Spearman rank correlation of every pair of methods over the
 * pool (Spark MLlib's {@link Correlation}, distributed; ties get their average rank). This is
 * the comparison of the paper's Figures 2–3: how far trace, log-det and prediction-space scores
 * agree on which items are informative.
 *
 * <p>Writes, atomically: {@code scores/} (as {@code score} does), {@code correlations.csv}
 * ({@code method,m1,m2,…}, one row per method), {@code report.json} (score's report with
 * {@code command = compare} and the matrix) and {@code report.html} (the heat map).
 */
public final class CompareJob {
    private static final Logger LOG = LogManager.getLogger(CompareJob.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final SparkSession spark;

    public CompareJob(SparkSession spark) {
        this.spark = spark;
    }

    /**
     * The result: the scoring run and the correlation matrix in method order (NaN where a method's
     * scores are constant).
     */
    public record Comparison(Scoring scoring, List<String> methods, double[][] spearman, Map<String, Double> timings) {
    }

    public Comparison run(ScoreConfig config) {
        if (config.methods().size() < 2) {
            throw new IllegalArgumentException("compare needs at least two methods in --methods");
        }
        OutputDirectory out = OutputDirectory.prepare(config.run().out(), config.run().overwrite(),
                spark.sparkContext().hadoopConfiguration());
        try {
            Scoring s = new ScoreJob(spark).score(config, out);
            StageTimer timer = new StageTimer();
            List<String> names = config.methods().stream().map(AcquisitionMethod::cliName).toList();
            spark.sparkContext().setJobDescription("compare: Spearman correlations");
            Dataset<Row> scores = spark.read().parquet(out.tempPath(ScoreJob.SCORES));
            Dataset<Row> vectors = new VectorAssembler().setInputCols(names.toArray(new String[0]))
                    .setOutputCol("__fs_scores").transform(scores).select("__fs_scores");
            Matrix m = (Matrix) Correlation.corr(vectors, "__fs_scores", "spearman").first().get(0);
            double[][] rho = new double[names.size()][names.size()];
            for (int i = 0; i < rho.length; i++) {
                for (int j = 0; j < rho.length; j++) {
                    rho[i][j] = m.apply(i, j);
                }
            }
            timer.lap("correlate");
            Map<String, Double> timings = new LinkedHashMap<>(s.timings());
            timings.remove("total");
            timings.put("correlate", timer.snapshot().get("correlate"));
            timings.put("total", s.timings().get("total") + timings.get("correlate"));
            Comparison c = new Comparison(s, names, rho, timings);
            out.writeText("correlations.csv", csv(c));
            out.writeText("report.json", JSON.writeValueAsString(report(c)));
            out.writeText("report.html", html(c));
            out.commit();
            LOG.info("compared {} methods on {} items", names.size(), s.sizes().get("pool"));
            return c;
        } catch (RuntimeException | IOException e) {
            out.abort();
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("writing " + config.run().out() + " failed: " + e.getMessage(), e);
        }
    }

    static String csv(Comparison c) {
        StringBuilder b = new StringBuilder("method");
        for (String m : c.methods()) {
            b.append(',').append(m);
        }
        b.append('\n');
        for (int i = 0; i < c.methods().size(); i++) {
            b.append(c.methods().get(i));
            for (double v : c.spearman()[i]) {
                b.append(',').append(v);
            }
            b.append('\n');
        }
        return b.toString();
    }

    static ObjectNode report(Comparison c) {
        ObjectNode root = ScoreWriter.report(c.scoring());
        root.put("command", "compare");
        ObjectNode timings = root.putObject("timings");
        c.timings().forEach(timings::put);
        root.put("correlation", "spearman");
        ArrayNode matrix = root.putArray("spearman");
        for (double[] row : c.spearman()) {
            ArrayNode r = matrix.addArray();
            for (double v : row) {
                if (Double.isFinite(v)) {
                    r.add(v);
                } else {
                    r.addNull();
                }
            }
        }
        root.put("correlations", "correlations.csv");
        return root;
    }

    static String html(Comparison c) {
        Scoring s = c.scoring();
        HtmlReport page = new HtmlReport("FisherSelect comparison: " + String.join(", ", c.methods()));
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("pool", RunOptions.describe(s.config().run().pool()));
        facts.put("labeled", s.config().run().labeled() == null ? "none"
                : RunOptions.describe(s.config().run().labeled()));
        s.sizes().forEach((k, v) -> facts.put("size " + k, v));
        facts.put("λ", s.config().params().getLambda());
        StringBuilder t = new StringBuilder();
        c.timings().forEach((k, v) -> t.append(String.format(Locale.ROOT, "%s %.2f  ", k, v)));
        facts.put("timings (s)", t.toString().trim());
        page.facts(facts);
        page.heading("Spearman rank correlation over the pool");
        page.figure(SvgCharts.heatMap("Spearman ρ of per-item scores", c.methods(), c.spearman()),
                "Each cell is the Spearman rank correlation, over every pool item, of two methods' per-item values:"
                        + " a top-k method's score, or the single-item gain of eig-logdet / epig-logdet / logdet"
                        + " (its gain as the greedy's first pick). 1: the same ranking; 0: unrelated rankings."
                        + " n/a: a method gave every item the same value.");
        List<List<String>> rows = new ArrayList<>();
        for (Scoring.ScoredMethod m : s.columns()) {
            rows.add(List.of(m.name(), m.kind(), m.factor(), Integer.toString(m.r())));
        }
        page.heading("Methods");
        page.table(List.of("method", "value", "factor", "r"), rows);
        page.paragraph("Per-item values: scores/ (Parquet: id plus one column per method). Matrix: correlations.csv.");
        return page.render();
    }
}
