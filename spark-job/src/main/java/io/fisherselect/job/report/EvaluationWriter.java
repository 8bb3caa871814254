package io.fisherselect.job.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fisherselect.job.evaluate.Curves;
import io.fisherselect.job.evaluate.EvaluateConfig;
import io.fisherselect.job.evaluate.EvaluateJob;
import io.fisherselect.job.io.OutputDirectory;
import io.fisherselect.math.AcquisitionMethod;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outputs of {@code evaluate}: {@code curves.csv} (every measurement:
 * {@code method,seed,round,labels,accuracy,logloss}), {@code summary.csv} (per method and round:
 * the mean and 95% band over seeds), {@code picks.csv} (the labeled items of every method, seed
 * and round: {@code method,seed,round,id}, round 0 the shared initial set), {@code report.json} (config, sizes, per-method final values
 * and areas under the curves with bands, every last-layer fit's iterations, convergence and
 * gradient norm, timings) and {@code report.html} (learning curves with
 * bands and the table).
 */
public final class EvaluationWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EvaluationWriter() {
    }

    /** What accuracy and log-loss mean for a multi-label run (report.json and report.html). */
    static final String MULTI_LABEL_METRICS = "multi-label: accuracy is the per-label accuracy (1 - Hamming loss,"
            + " threshold 1/2), logloss the mean binary log-loss per (item, label)";

    public static void write(OutputDirectory out, EvaluateJob.Result r) throws IOException {
        out.writeText("curves.csv", curves(r));
        out.writeText("summary.csv", summary(r));
        out.writeText("picks.csv", picks(r));
        out.writeText("report.json", JSON.writeValueAsString(report(r)));
        out.writeText("report.html", html(r));
    }

    public static String curves(EvaluateJob.Result r) {
        StringBuilder b = new StringBuilder("method,seed,round,labels,accuracy,logloss\n");
        for (AcquisitionMethod m : r.config().methods()) {
            for (long seed : r.seeds()) {
                for (Curves.Point p : r.curves().curve(m.cliName(), seed)) {
                    b.append(p.method()).append(',').append(p.seed()).append(',').append(p.round()).append(',')
                            .append(p.labels()).append(',').append(p.accuracy()).append(',').append(p.logLoss())
                            .append('\n');
                }
            }
        }
        return b.toString();
    }

    /** {@code method,seed,round,id}: round 0 is the initial set, then every round's picks in order. */
    public static String picks(EvaluateJob.Result r) {
        StringBuilder b = new StringBuilder("method,seed,round,id\n");
        for (EvaluateJob.Pick p : r.picks()) {
            b.append(p.method()).append(',').append(p.seed()).append(',').append(p.round()).append(',')
                    .append(SelectionWriter.csvField(p.id())).append('\n');
        }
        return b.toString();
    }

    public static String summary(EvaluateJob.Result r) {
        StringBuilder b = new StringBuilder("method,round,labels,seeds,accuracy_mean,accuracy_lo,accuracy_hi,"
                + "logloss_mean,logloss_lo,logloss_hi\n");
        for (AcquisitionMethod m : r.config().methods()) {
            for (Curves.RoundSummary s : r.curves().rounds(m.cliName())) {
                b.append(s.method()).append(',').append(s.round()).append(',').append(s.labels()).append(',')
                        .append(s.accuracy().n()).append(',').append(s.accuracy().mean()).append(',')
                        .append(s.accuracy().lo()).append(',').append(s.accuracy().hi()).append(',')
                        .append(s.logLoss().mean()).append(',').append(s.logLoss().lo()).append(',')
                        .append(s.logLoss().hi()).append('\n');
            }
        }
        return b.toString();
    }

    public static ObjectNode report(EvaluateJob.Result r) {
        EvaluateConfig c = r.config();
        ObjectNode root = JSON.createObjectNode();
        root.put("tool", "fisherselect");
        root.put("command", "evaluate");
        ObjectNode conf = root.putObject("config");
        conf.put("data", c.data());
        conf.put("test", c.test());
        conf.put("format", c.format());
        ArrayNode methods = conf.putArray("methods");
        c.methods().forEach(m -> methods.add(m.cliName()));
        conf.put("initial", c.initial());
        conf.put("rounds", c.rounds());
        conf.put("seeds", c.seeds());
        conf.put("seed", c.seed());
        conf.put("testFraction", c.test() == null ? c.testFraction() : 0);
        conf.put("splitSeed", c.splitSeed());
        conf.put("standardize", c.standardize());
        Map<String, Object> params = new LinkedHashMap<>(c.selection().paramValues());
        params.keySet().removeAll(EvaluateConfig.NOT_OPTIONS);
        SelectionWriter.putParams(conf, params);
        conf.put("out", c.out());
        root.put("testSet", r.split());
        root.put("lastLayer", (c.multiLabel() ? "one-vs-rest logistic regression (independent sigmoid outputs;"
                + " Newton's method on the driver per label)" : "multinomial logistic regression (Newton's method on"
                + " the driver for small labeled sets without intercept, else MLlib)")
                + " refitted every round on the labeled items,"
                + " regParam = lambda / nLabeled, elasticNetParam 0, standardization false, fitIntercept "
                + c.fit().intercept());
        if (c.multiLabel()) {
            root.put("metrics", MULTI_LABEL_METRICS);
        }
        ObjectNode sizes = root.putObject("sizes");
        r.sizes().forEach(sizes::put);
        root.put("band", "95% t-interval over seeds: mean ± t(0.975, S-1)·sd/sqrt(S)");
        root.put("area", "trapezoid area under the curve over the number of labels, divided by the labels' range");
        ArrayNode per = root.putArray("methods");
        for (AcquisitionMethod m : c.methods()) {
            Curves.MethodSummary s = r.curves().summary(m.cliName(), r.seeds());
            ObjectNode n = per.addObject();
            n.put("method", m.cliName());
            n.set("finalAccuracy", band(s.finalAccuracy()));
            n.set("accuracyArea", band(s.accuracyArea()));
            n.set("finalLogLoss", band(s.finalLogLoss()));
            n.set("logLossArea", band(s.logLossArea()));
            n.put("seconds", r.seconds().get(m.cliName()));
        }
        ObjectNode fitNode = root.putObject("fits");
        fitNode.put("count", r.fits().size());
        fitNode.put("converged", r.fits().stream().filter(EvaluateJob.Fit::converged).count());
        fitNode.put("maxGradientNorm", r.fits().stream().mapToDouble(EvaluateJob.Fit::gradientNorm).max().orElse(0));
        fitNode.put("maxIterations", r.fits().stream().mapToInt(EvaluateJob.Fit::iterations).max().orElse(0));
        fitNode.put("gradientNorm", "|gradient of the negative log posterior| at the returned weights: 0 at the MAP"
                + " estimate");
        ArrayNode each = fitNode.putArray("each");
        for (EvaluateJob.Fit f : r.fits()) {
            ObjectNode n = each.addObject();
            n.put("method", f.method());
            n.put("seed", f.seed());
            n.put("round", f.round());
            n.put("labels", f.labels());
            n.put("iterations", f.iterations());
            n.put("converged", f.converged());
            n.put("gradientNorm", f.gradientNorm());
        }
        ObjectNode timings = root.putObject("timings");
        r.seconds().forEach(timings::put);
        root.put("curves", "curves.csv");
        root.put("summary", "summary.csv");
        root.put("picks", "picks.csv");
        return root;
    }

    private static ObjectNode band(Curves.Band b) {
        ObjectNode n = JSON.createObjectNode();
        n.put("mean", b.mean());
        n.put("lo", b.lo());
        n.put("hi", b.hi());
        n.put("n", b.n());
        return n;
    }

    public static String html(EvaluateJob.Result r) {
        EvaluateConfig c = r.config();
        HtmlReport page = new HtmlReport("FisherSelect evaluation: " + c.data());
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("data", c.data() + (c.format() == null ? "" : " (" + c.format() + ")"));
        facts.put("test set", r.split());
        r.sizes().forEach((k, v) -> facts.put("size " + k, v));
        facts.put("methods", String.join(", ", c.methods().stream().map(AcquisitionMethod::cliName).toList()));
        facts.put("schedule", String.format(Locale.ROOT, "n₀ = %d random labels, then %d rounds of K = %d (%d labels"
                + " at the end); %d seed(s) from %d", c.initial(), c.rounds(), c.k(), c.finalLabels(), c.seeds(),
                c.seed()));
        facts.put("last layer", (c.multiLabel() ? "one-vs-rest logistic regression" : "multinomial logistic"
                + " regression") + " (the MAP) refitted every round,"
                + " regParam = λ / n_labeled"
                + (c.fit().intercept() ? ", with an unpenalised intercept" : ", no intercept"));
        facts.put("λ, --bias, standardize", c.lambda() + ", " + c.selection().getBias() + ", " + c.standardize());
        StringBuilder t = new StringBuilder();
        r.seconds().forEach((k, v) -> t.append(String.format(Locale.ROOT, "%s %.1f  ", k, v)));
        facts.put("seconds", t.toString().trim());
        if (c.multiLabel()) {
            facts.put("metrics", MULTI_LABEL_METRICS);
        }
        page.facts(facts);

        String band = r.seeds().size() > 1 ? "Lines: mean over " + r.seeds().size() + " seeds; bands: 95% t-interval"
                + " of the mean (t with " + (r.seeds().size() - 1) + " degrees of freedom)."
                : "One seed: no band.";
        page.heading("Learning curves");
        page.figure(SvgCharts.lines(c.multiLabel() ? "test per-label accuracy" : "test accuracy", "labeled items",
                "accuracy", series(r, true)), band);
        page.figure(SvgCharts.lines("test log-loss", "labeled items", "mean log-loss (nats)", series(r, false)),
                band + " Lower is better.");

        page.heading("Summary");
        List<List<String>> rows = new ArrayList<>();
        for (AcquisitionMethod m : c.methods()) {
            Curves.MethodSummary s = r.curves().summary(m.cliName(), r.seeds());
            rows.add(List.of(m.cliName(), cell(s.finalAccuracy()), cell(s.accuracyArea()), cell(s.finalLogLoss()),
                    cell(s.logLossArea()), String.format(Locale.ROOT, "%.1f", r.seconds().get(m.cliName()))));
        }
        page.table(List.of("method", "final accuracy", "accuracy AUC", "final log-loss", "log-loss AUC", "seconds"),
                rows);
        page.paragraph("Values: mean [95% band] over seeds. AUC: the area under the learning curve over the number"
                + " of labels, divided by its range (the curve's mean height over the labeling budget). Every"
                + " measurement is in curves.csv; per round means and bands in summary.csv; the labeled items of"
                + " every method, seed and round in picks.csv.");
        return page.render();
    }

    private static List<SvgCharts.Series> series(EvaluateJob.Result r, boolean accuracy) {
        List<SvgCharts.Series> out = new ArrayList<>();
        for (AcquisitionMethod m : r.config().methods()) {
            List<Curves.RoundSummary> rounds = r.curves().rounds(m.cliName());
            double[] x = new double[rounds.size()];
            double[] y = new double[x.length];
            double[] lo = new double[x.length];
            double[] hi = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                Curves.Band b = accuracy ? rounds.get(i).accuracy() : rounds.get(i).logLoss();
                x[i] = rounds.get(i).labels();
                y[i] = b.mean();
                lo[i] = b.lo();
                hi[i] = b.hi();
            }
            out.add(r.seeds().size() > 1 ? new SvgCharts.Series(m.cliName(), x, y, lo, hi)
                    : new SvgCharts.Series(m.cliName(), x, y));
        }
        return out;
    }

    private static String cell(Curves.Band b) {
        return b.n() > 1 ? String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", b.mean(), b.lo(), b.hi())
                : String.format(Locale.ROOT, "%.4f", b.mean());
    }
}
