package io.fisherselect.job.bench;

import io.fisherselect.job.api.FisherSelector;
import io.fisherselect.job.io.JobInputs;
import io.fisherselect.job.io.SetSource;
import io.fisherselect.job.report.StageTimer;
import io.fisherselect.job.select.ScaleOptions;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.plan.MethodPlans;
import io.fisherselect.math.plan.SelectionParams;
import io.fisherselect.math.select.CandidateBlock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * What an approximation costs in quality: batches chosen by different runs (e.g. exact, a sketch,
 * K-FAC) scored by the EXACT eig-logdet objective on the same pool and labeled set,
 * ½ log det(H + Σ_B Fⱼ) − ½ log det H (Kirsch &amp; Gal 2022, eq. (51);
 * {@link MethodPlans#eigLogDetObjectives}, the value the sum of the exact greedy's gains reaches).
 * The first batch is the reference: every batch's objective ratio to it and the overlap
 * |A ∩ B| / k of their ids.
 */
public final class ExactObjective {
    private ExactObjective() {
    }

    /**
     * One scored batch.
     *
     * @param batch     its select output directory
     * @param size      its items
     * @param objective the exact objective of its set
     * @param ratio     objective ÷ the reference's
     * @param overlap   |this ∩ reference| / the reference's size
     */
    public record Scored(String batch, int size, double objective, double ratio, double overlap) {
    }

    /**
     * Scores each batch (a select output directory: its {@code selection/} ids) by the exact
     * eig-logdet objective with {@code selector}'s λ and Fisher options on the pool and labeled set.
     *
     * @throws IllegalArgumentException for another method
     */
    public static List<Scored> of(SparkSession spark, FisherSelector selector, String pool, String labeled,
                                  List<String> batches) {
        SelectionParams p = selector.selectionParams();
        AcquisitionMethod m = p.method();
        if (m != AcquisitionMethod.EIG_LOGDET) {
            throw new IllegalArgumentException("the exact objective of a batch is implemented for eig-logdet, not "
                    + m.cliName());
        }
        // exact inputs: no sketch, dense Fisher sums, whatever the runs that chose the batches used
        JobInputs sets = JobInputs.load(spark, new JobInputs.Sources(SetSource.ofPath(pool),
                        labeled == null ? null : SetSource.ofPath(labeled), null, null, null, null,
                        selector.columnNames(), 0, selector.getProbTolerance(), selector.getRenormalize()), p,
                List.of(m), ScaleOptions.defaults(), new StageTimer(), shape -> { });
        try {
            List<CandidateBlock> blocks = new ArrayList<>();
            for (String batch : batches) {
                blocks.add(sets.readPending(SetSource.ofPath(batch + "/selection"), m));
            }
            double[] objectives = MethodPlans.eigLogDetObjectives(p, sets.planInputs(m), blocks);
            Set<String> reference = new HashSet<>(List.of(blocks.get(0).ids));
            List<Scored> out = new ArrayList<>();
            for (int i = 0; i < blocks.size(); i++) {
                Set<String> common = new HashSet<>(List.of(blocks.get(i).ids));
                common.retainAll(reference);
                out.add(new Scored(batches.get(i), blocks.get(i).n, objectives[i], objectives[i] / objectives[0],
                        common.size() / (double) reference.size()));
            }
            return out;
        } finally {
            sets.unpersist();
        }
    }

    /** The scores as a Markdown table. */
    public static String markdown(List<Scored> rows) {
        StringBuilder sb = new StringBuilder("| batch | k | exact objective | ratio to the first | overlap with the first |\n"
                + "|---|---:|---:|---:|---:|\n");
        for (Scored r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %.4f | %.4f | %.2f |%n", r.batch(), r.size(),
                    r.objective(), r.ratio(), r.overlap()));
        }
        return sb.toString();
    }
}
