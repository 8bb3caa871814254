package io.fisherselect.job.cli;

import io.fisherselect.job.select.SelectConfig;
import io.fisherselect.job.select.Selection;
import io.fisherselect.job.select.SelectionJob;
import io.fisherselect.job.api.FisherSelector;
import io.fisherselect.job.io.Preflight;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code select}: one selection from a pool, written to {@code --out}. Its options are the run's
 * (below) and one per param of the Java API's {@link FisherSelector} ({@link #PARAMS}).
 */
@Command(name = "select", mixinStandardHelpOptions = true,
        description = "Select a batch of k items from the pool and write selection.csv, selection/, report.json and"
                + " report.html.")
public final class SelectCommand implements Callable<Integer> {

    /** The selector's params as options; the command line requires an explicit method and k. */
    static final ParamOptions PARAMS = new ParamOptions(FisherSelector::new, Set.of("method", "k"), Set.of());

    @Spec
    CommandSpec spec;

    @Mixin
    RunOptionFields run;

    @Option(names = "--query", description = "query set of logdet-mi / logdet-cmi")
    String query;

    @Option(names = "--private", description = "private set of logdet-cmi")
    String privateSet;

    @Option(names = "--checkpoint", description = "directory (any Hadoop file system) where the greedy saves its"
            + " progress; a killed run restarted with the same arguments resumes from it")
    String checkpoint;

    @Option(names = "--config", description = "a properties file of option values (keys without dashes, e.g."
            + " k=100); flags override it. Example: conf/select.properties")
    java.io.File config;

    /** Builds the run's configuration from the options (validating them, before Spark starts). */
    SelectConfig config() {
        return new SelectConfig(run.run(query, privateSet, checkpoint), PARAMS.applyTo(spec, new FisherSelector()));
    }

    @Override
    public Integer call() {
        SelectConfig config = config();
        Preflight.check(run.inputs(query, privateSet), run.format, run.out, run.overwrite);
        SparkSession spark = SparkSessions.create("fisherselect select " + config.params().getMethod(), run.master);
        try {
            Selection s = new SelectionJob(spark).run(config);
            System.out.println(Summary.of(s));
            return 0;
        } finally {
            spark.stop();
        }
    }
}
