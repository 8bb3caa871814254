package io.fisherselect.job.report;

import io.fisherselect.job.io.JobInputs;
import io.fisherselect.job.select.RunOptions;
import io.fisherselect.job.score.ScoreJob;
import io.fisherselect.job.select.Selection;
import io.fisherselect.job.io.Item;
import io.fisherselect.job.stage.ScorePass;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.sample.ItemUniform;
import io.fisherselect.math.plan.SelectionParams;
import io.fisherselect.math.select.GreedyObjective;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The {@code report.html} of a {@code select} run: the gain per pick, the histogram of a per-item
 * score over the whole pool with the selected items marked, and a 2-D PCA map of a seeded sample
 * of the pool with the selected items highlighted.
 *
 * <p>The histogram's score is the method's own per-item score when it has one (top-k methods; the
 * single-item gain of eig-logdet, epig-logdet and logdet — the gain the item would have as the
 * greedy's first pick), else the expected gradient length tr Fᵢ = (1 − ‖πᵢ‖²)‖φᵢ‖² ({@code egl},
 * the EIG's diagonal bound, no reduction needed), and the page says which. A top-k score and egl
 * cost O(C + d) per item, so they are drawn for the whole pool in one pass ({@link ScorePass}, the
 * {@code score} command's pass over the loaded rows). A single-item gain costs what the greedy's
 * first pick costs per item (the initial state Vᵢᵀ H⁻¹ Vᵢ, O(d²C²) at large d), so it is drawn for
 * the seeded sample of the PCA map (at most {@value #PCA_SAMPLE} items) and the selected items:
 * the page then costs O(min(N, {@value #PCA_SAMPLE}) + k) item scores, a small part of a selection
 * that computed the gain of all N.
 */
public final class SelectionReport {
    /** bins of the score histogram */
    public static final int BINS = 40;
    /** pool items in the PCA map (a seeded sample by id), besides the selected ones */
    public static final int PCA_SAMPLE = 5000;
    /** ids shown in the table of picks */
    private static final int TABLE_ROWS = 50;
    /** the stream of the seeded sample of pool items (the PCA map and, for single-item gains, the histogram) */
    static final long STREAM_REPORT = 0x5245504F52540000L;

    private SelectionReport() {
    }

    /**
     * The pool-wide facts of the page.
     *
     * @param scoreName      the method whose per-item score the histogram shows
     * @param scoreKind      "score", "single-item gain", or "egl" (substitute) — for the caption
     * @param edges          histogram bin edges (BINS + 1)
     * @param counts         pool items per bin (of the sample when {@code histogramItems} &lt; the pool)
     * @param selectedCounts selected items per bin
     * @param selectedScores the selected items' scores, in pick order (NaN if not found)
     * @param sample         PCA coordinates of the sampled pool items
     * @param selected       PCA coordinates of the selected items
     * @param explained      fraction of the sample's variance along PC 1 and PC 2
     * @param histogramItems the pool items the histogram counts: the pool, or the PCA map's sample
     * @param poolItems      the pool items
     */
    public record Data(String scoreName, String scoreKind, double[] edges, long[] counts, long[] selectedCounts,
                       double[] selectedScores, double[][] sample, double[][] selected, double[] explained,
                       long histogramItems, long poolItems) {
    }

    /**
     * Computes the page's pool-wide facts from the run's loaded sets (the selection's cached rows
     * and reductions: nothing is read or validated again).
     */
    public static Data collect(SparkSession spark, JobInputs in, Selection s) {
        return collect(spark, in, s, null);
    }

    /**
     * As {@link #collect(SparkSession, JobInputs, Selection)}, with the selection's greedy as
     * configured before its first pick ({@code initial}, or null): a single-item gain is computed
     * with it instead of with a newly built one (which would factorise and invert H again).
     */
    public static Data collect(SparkSession spark, JobInputs in, Selection s, GreedyObjective initial) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SelectionParams params = s.config().selectionParams();
        AcquisitionMethod m = params.method();
        boolean own = m.hasItemScore();
        AcquisitionMethod scored = own ? m : AcquisitionMethod.EGL;
        JobInputs.LoadedSet pool = in.pool();
        boolean topK = scored.kind() == AcquisitionMethod.Kind.TOP_K;
        ScoreJob.Plan plan = ScoreJob.plan(in, List.of(scored), List.of(scored.cliName()), own ? initial : null);
        Set<String> ids = new HashSet<>();
        for (Selection.Picked p : s.picks()) {
            ids.add(p.id());
        }
        Broadcast<Set<String>> picked = sc.broadcast(ids);
        long n = pool.shape().count();
        // the PCA map's seeded sample by id; the histogram's too when a score costs an initial state
        double fraction = Math.min(1.0, PCA_SAMPLE / (double) n);
        long seed = params.seed();
        boolean sampled = own && !topK && fraction < 1.0;
        JavaRDD<Item> scoredItems = !sampled ? pool.items() : pool.items().filter(it ->
                picked.value().contains(it.id()) || ItemUniform.uniform(seed, STREAM_REPORT, it.id()) < fraction);
        sc.setJobDescription("report: " + scored.cliName() + " scores" + (sampled ? " of a sample" : ""));
        Broadcast<List<ScorePass.Column>> bc = sc.broadcast(plan.columns());
        JavaRDD<Row> rows = ScorePass.rows(scoredItems, plan.specs(), bc, in.classes(), in.rawEmbeddingLength())
                .persist(StorageLevel.MEMORY_AND_DISK());
        // the rows the histogram counts: all, or the sample's (a selected item outside it is only a tick)
        JavaRDD<Row> counted = !sampled ? rows
                : rows.filter(r -> ItemUniform.uniform(seed, STREAM_REPORT, r.getString(0)) < fraction);
        // one pass: the range of the scores and the selected items' scores
        List<Object[]> parts = rows.mapPartitions(it -> {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            HashMap<String, Double> sel = new HashMap<>();
            while (it.hasNext()) {
                Row r = it.next();
                double v = r.getDouble(1);
                min = Math.min(min, v);
                max = Math.max(max, v);
                if (picked.value().contains(r.getString(0))) {
                    sel.put(r.getString(0), v);
                }
            }
            return List.<Object[]>of(new Object[] {min, max, sel}).iterator();
        }).collect();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        Map<String, Double> found = new HashMap<>();
        for (Object[] part : parts) {
            lo = Math.min(lo, (Double) part[0]);
            hi = Math.max(hi, (Double) part[1]);
            @SuppressWarnings("unchecked")
            Map<String, Double> sel = (Map<String, Double>) part[2];
            found.putAll(sel);
        }
        if (!(hi > lo)) {
            double pad = Math.max(0.5, Math.abs(lo) * 0.05);
            lo -= pad;
            hi += pad;
        }
        double[] edges = new double[BINS + 1];
        for (int i = 0; i <= BINS; i++) {
            edges[i] = lo + (hi - lo) * i / BINS;
        }
        edges[BINS] = hi;
        long[] counts = counted.mapToDouble(r -> r.getDouble(1)).histogram(edges);
        long histogramItems = Arrays.stream(counts).sum();
        double[] selectedScores = new double[s.picks().size()];
        long[] selectedCounts = new long[BINS];
        for (int i = 0; i < selectedScores.length; i++) {
            Double v = found.get(s.picks().get(i).id());
            selectedScores[i] = v == null ? Double.NaN : v;
            if (v != null) {
                int bin = (int) Math.floor((v - lo) / (hi - lo) * BINS);
                selectedCounts[Math.max(0, Math.min(BINS - 1, bin))]++;
            }
        }
        rows.unpersist(false);

        sc.setJobDescription("report: PCA sample");
        List<Item> sample = new ArrayList<>();
        List<Item> chosen = new ArrayList<>();
        for (Item it : pool.items().filter(it -> picked.value().contains(it.id())
                || ItemUniform.uniform(seed, STREAM_REPORT, it.id()) < fraction).collect()) {
            (ids.contains(it.id()) ? chosen : sample).add(it);
        }
        picked.destroy();
        bc.destroy();

        List<double[]> all = new ArrayList<>();
        for (Item it : sample) {
            all.add(it.embedding());
        }
        for (Item it : chosen) {
            all.add(it.embedding());
        }
        Pca pca = Pca.fit(all, 2);
        double[][] samplePts = new double[sample.size()][];
        for (int i = 0; i < samplePts.length; i++) {
            samplePts[i] = pca.project(sample.get(i).embedding());
        }
        double[][] chosenPts = new double[chosen.size()][];
        for (int i = 0; i < chosenPts.length; i++) {
            chosenPts[i] = pca.project(chosen.get(i).embedding());
        }
        String kind = own ? (topK ? "score" : "single-item gain") : "egl";
        return new Data(scored.cliName(), kind, edges, counts, selectedCounts, selectedScores, samplePts, chosenPts,
                pca.explained(), histogramItems, n);
    }

    /** The page. */
    public static String html(Selection s, Data data) {
        SelectionParams p = s.config().selectionParams();
        AcquisitionMethod m = p.method();
        HtmlReport page = new HtmlReport("FisherSelect selection: " + m.cliName() + ", k = " + p.k());
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("method", m.cliName() + " (" + m.kind().name().toLowerCase(Locale.ROOT).replace('_', '-') + ")");
        facts.put("k", p.k());
        facts.put("pool", RunOptions.describe(s.config().run().pool()));
        facts.put("labeled", s.config().run().labeled() == null ? "none"
                : RunOptions.describe(s.config().run().labeled()));
        for (Map.Entry<String, Long> e : s.sizes().entrySet()) {
            facts.put("size " + e.getKey(), e.getValue());
        }
        facts.put("λ", p.lambda());
        facts.put("seed", p.seed());
        if (s.modeChoice() != null) {
            facts.put("mode", s.modeChoice().mode().cliName() + " (" + s.modeChoice().reason() + ")");
        }
        if (s.finalObjective() != null) {
            facts.put("objective", s.finalObjective().value() != null ? String.valueOf(s.finalObjective().value())
                    : "not computed: " + s.finalObjective().how());
        }
        if (s.lastLayer() != null) {
            facts.put("last layer", String.format(Locale.ROOT, "fitted by %s on %d labeled items, regParam = λ/n ="
                            + " %.4g, %d iterations, %s, |gradient| %.2g", s.lastLayer().solver(),
                    s.lastLayer().nLabeled(), s.lastLayer().regParam(), s.lastLayer().iterations(),
                    s.lastLayer().converged() ? "converged" : "not converged", s.lastLayer().gradientNorm()));
        }
        StringBuilder t = new StringBuilder();
        s.timings().forEach((k, v) -> t.append(String.format(Locale.ROOT, "%s %.2f  ", k, v)));
        facts.put("timings (s)", t.toString().trim());
        page.facts(facts);

        page.heading("Gain per pick");
        double[] rank = new double[s.picks().size()];
        double[] gain = new double[rank.length];
        for (int i = 0; i < rank.length; i++) {
            rank[i] = s.picks().get(i).rank();
            gain[i] = s.picks().get(i).gain();
        }
        page.figure(SvgCharts.lines("gain per pick: " + m.cliName(), "pick (rank)", "gain",
                List.of(new SvgCharts.Series("", rank, gain))), gainCaption(m, s.scaleRan().unionOfParts(s.picks().size())));

        page.heading("Scores of the pool");
        String scoreLabel = switch (data.scoreKind()) {
            case "score" -> m.cliName() + " score";
            case "single-item gain" -> m.cliName() + " single-item gain";
            default -> "egl score tr Fᵢ";
        };
        page.figure(SvgCharts.histogram((data.histogramItems() < data.poolItems() ? "sampled pool items by "
                : "pool items by ") + scoreLabel, scoreLabel, data.edges(), data.counts(),
                data.selectedCounts(), data.selectedScores().length <= 500 ? data.selectedScores() : null,
                "selected (" + data.selectedScores().length + ")"), histogramCaption(m, data));

        page.heading("PCA map of the pool");
        long sampled = data.sample().length;
        page.figure(SvgCharts.scatter("embeddings: first two principal components", String.format(Locale.ROOT,
                        "PC 1 (%.0f%% of variance)", 100 * data.explained()[0]), String.format(Locale.ROOT,
                        "PC 2 (%.0f%% of variance)", 100 * data.explained()[1]), data.sample(), data.selected(),
                "selected"), String.format(Locale.ROOT, "A seeded sample of %d pool items (by id; at most %d) and the"
                        + " %d selected items (orange), projected on the first two principal components of their raw"
                        + " embeddings (without --bias).", sampled, PCA_SAMPLE, data.selected().length));

        page.heading("Picks");
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < Math.min(TABLE_ROWS, s.picks().size()); i++) {
            Selection.Picked pk = s.picks().get(i);
            rows.add(List.of(Integer.toString(pk.rank()), pk.id(), String.format(Locale.ROOT, "%.6g", pk.gain()),
                    Double.isNaN(data.selectedScores()[i]) ? "" : String.format(Locale.ROOT, "%.6g",
                            data.selectedScores()[i])));
        }
        page.table(List.of("rank", "id", "gain", scoreLabel), rows);
        if (s.picks().size() > TABLE_ROWS) {
            page.paragraph("… " + (s.picks().size() - TABLE_ROWS) + " more in selection.csv.");
        }
        return page.render();
    }

    /** @param unionOfParts whether the batch is a multiround union of parts (each with its own gains) */
    private static String gainCaption(AcquisitionMethod m, boolean unionOfParts) {
        if (unionOfParts) {
            return "Multiround union of parts: the gain of each pick given the earlier picks of its own part, so"
                    + " their running sum is not the objective (report.json \"finalObjective\" is the batch's, where"
                    + " it has a closed form).";
        }
        return switch (m.kind()) {
            case TOP_K -> "Top-k method: the gain of a pick is its score, so the curve is the top-k scores in"
                    + " descending order.";
            case CLUSTERED -> "Cluster-Margin: the gain of a pick is its margin score −(π_top1 − π_top2); picks"
                    + " go round robin over the clusters of the lowest-margin items, so they are not in score order.";
            case SAMPLED -> "BADGE: the gain of a pick is its squared distance D² to the nearest earlier center"
                    + " (k-means++ seeding; the first center's is ‖g‖²).";
            case GREEDY -> m == AcquisitionMethod.BAIT
                    ? "BAIT: the gain of each surviving pick at the time of its forward pick (backward pruning"
                    + " removed the others)."
                    : "Greedy: the marginal gain of each pick given the earlier ones; their running sum is the"
                    + " objective (report.json \"objective\").";
        };
    }

    private static String histogramCaption(AcquisitionMethod m, Data d) {
        String what = switch (d.scoreKind()) {
            case "score" -> "the per-item score of " + m.cliName() + "; a top-k method selects the highest";
            case "single-item gain" -> "the single-item gain of " + m.cliName() + " (the gain an item would have as"
                    + " the greedy's first pick); the greedy conditions later picks on earlier ones, so the batch"
                    + " need not be the highest";
            default -> m.cliName() + " has no per-item score, so this shows the expected gradient length"
                    + " tr Fᵢ = (1 − ‖π‖²)‖φ‖² (egl) as a proxy for informativeness";
        };
        String which = d.histogramItems() < d.poolItems() ? String.format(Locale.ROOT, "The %d pool items of the"
                + " PCA map's seeded sample (of %d; a single-item gain costs a greedy's initial state per item, so the"
                + " page draws a sample rather than recompute the pool)", d.histogramItems(), d.poolItems())
                : "All pool items";
        return which + " by " + what + ". Orange: the selected items (bars: selected per bin, ticks under the"
                + " axis: each selected item).";
    }

    /** PCA of a small sample on the driver: top components by orthogonal (block power) iteration. */
    static final class Pca {
        final double[] mean;
        final double[][] components;
        final double[] explained;

        private Pca(double[] mean, double[][] components, double[] explained) {
            this.mean = mean;
            this.components = components;
            this.explained = explained;
        }

        double[] project(double[] x) {
            double[] out = new double[components.length];
            for (int k = 0; k < components.length; k++) {
                double s = 0;
                for (int j = 0; j < mean.length; j++) {
                    s += (x[j] - mean[j]) * components[k][j];
                }
                out[k] = s;
            }
            return out;
        }

        double[] explained() {
            return explained;
        }

        /** The top {@code q} components of the rows (deterministic start, 300 iterations at most). */
        static Pca fit(List<double[]> rows, int q) {
            int d = rows.isEmpty() ? 1 : rows.get(0).length;
            double[] mean = new double[d];
            for (double[] r : rows) {
                for (int j = 0; j < d; j++) {
                    mean[j] += r[j] / rows.size();
                }
            }
            double total = 0;
            for (double[] r : rows) {
                for (int j = 0; j < d; j++) {
                    total += (r[j] - mean[j]) * (r[j] - mean[j]);
                }
            }
            double[][] v = new double[q][d];
            for (int k = 0; k < q; k++) {
                for (int j = 0; j < d; j++) {
                    v[k][j] = Math.sin(1.0 + 7.3 * j + 3.1 * k * (j + 1));
                }
            }
            orthonormalize(v);
            double[] eig = new double[q];
            for (int iter = 0; iter < 300 && !rows.isEmpty(); iter++) {
                double[][] next = new double[q][d];
                for (double[] r : rows) {
                    for (int k = 0; k < q; k++) {
                        double s = 0;
                        for (int j = 0; j < d; j++) {
                            s += (r[j] - mean[j]) * v[k][j];
                        }
                        for (int j = 0; j < d; j++) {
                            next[k][j] += s * (r[j] - mean[j]);
                        }
                    }
                }
                for (int k = 0; k < q; k++) {
                    eig[k] = Math.sqrt(dot(next[k], next[k]));
                }
                orthonormalize(next);
                double change = 0;
                for (int k = 0; k < q; k++) {
                    change = Math.max(change, 1 - Math.abs(dot(next[k], v[k])));
                }
                v = next;
                if (change < 1e-10) {
                    break;
                }
            }
            double[] explained = new double[q];
            for (int k = 0; k < q; k++) {
                explained[k] = total > 0 ? eig[k] / total : 0;
            }
            // a fixed sign, so that reruns draw the same map
            for (double[] c : v) {
                int big = 0;
                for (int j = 1; j < d; j++) {
                    if (Math.abs(c[j]) > Math.abs(c[big])) {
                        big = j;
                    }
                }
                if (c[big] < 0) {
                    for (int j = 0; j < d; j++) {
                        c[j] = -c[j];
                    }
                }
            }
            return new Pca(mean, v, explained);
        }

        private static void orthonormalize(double[][] v) {
            for (int k = 0; k < v.length; k++) {
                for (int i = 0; i < k; i++) {
                    double p = dot(v[k], v[i]);
                    for (int j = 0; j < v[k].length; j++) {
                        v[k][j] -= p * v[i][j];
                    }
                }
                double norm = Math.sqrt(dot(v[k], v[k]));
                if (norm < 1e-300) {
                    Arrays.fill(v[k], 0);
                    if (k < v[k].length) {
                        v[k][k] = 1;
                    }
                } else {
                    for (int j = 0; j < v[k].length; j++) {
                        v[k][j] /= norm;
                    }
                }
            }
        }

        private static double dot(double[] a, double[] b) {
            double s = 0;
            for (int i = 0; i < a.length; i++) {
                s += a[i] * b[i];
            }
            return s;
        }
    }
}
