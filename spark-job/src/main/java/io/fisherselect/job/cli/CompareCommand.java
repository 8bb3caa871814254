package io.fisherselect.job.cli;

import io.fisherselect.job.score.CompareJob;
import io.fisherselect.job.score.ScoreConfig;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

/**
 * {@code compare}: the options of {@code score} (same inputs, methods and parameters); writes the
 * scores plus the Spearman rank correlation matrix of the methods (correlations.csv, report.json,
 * report.html with a heat map).
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Score every pool item under each method in one pass (as score does) and write the Spearman"
                + " rank correlation matrix of the methods: correlations.csv, report.json, report.html (heat map),"
                + " scores/.",
                "Top-k methods give their score; eig-logdet, epig-logdet and logdet their single-item gain."})
public final class CompareCommand extends ScoreCommand {

    @Override
    public Integer call() {
        ScoreConfig config = config();
        SparkSession spark = SparkSessions.create("fisherselect compare " + String.join(",", methods), run.master);
        try {
            CompareJob.Comparison c = new CompareJob(spark).run(config);
            System.out.println(summary(c));
            return 0;
        } finally {
            spark.stop();
        }
    }

    static String summary(CompareJob.Comparison c) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Spearman rank correlation over %d items:%n",
                c.scoring().sizes().get("pool")));
        int w = Math.max(8, c.methods().stream().mapToInt(String::length).max().orElse(8));
        b.append(" ".repeat(w));
        for (String m : c.methods()) {
            b.append(String.format(Locale.ROOT, " %" + w + "s", m));
        }
        b.append(System.lineSeparator());
        for (int i = 0; i < c.methods().size(); i++) {
            b.append(String.format(Locale.ROOT, "%-" + w + "s", c.methods().get(i)));
            for (double v : c.spearman()[i]) {
                b.append(String.format(Locale.ROOT, " %" + w + ".3f", v));
            }
            b.append(System.lineSeparator());
        }
        b.append("outputs: ").append(c.scoring().config().run().out())
                .append("/{correlations.csv, report.json, report.html, scores/}");
        return b.toString();
    }
}
