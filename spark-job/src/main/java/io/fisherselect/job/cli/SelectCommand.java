package io.fisherselect.job.cli;

import io.fisherselect.job.select.RunOptions;
import io.fisherselect.job.select.SelectConfig;
import io.fisherselect.job.select.Selection;
import io.fisherselect.job.select.SelectionJob;
import io.fisherselect.job.api.FisherSelector;
import io.fisherselect.job.io.DataSet;
import io.fisherselect.job.io.Preflight;
import io.fisherselect.job.io.SetSource;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
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

    @Option(names = "--pool", required = true, description = "pool path or URI (Parquet, JSON Lines, ORC)")
    String pool;

    @Option(names = "--labeled", description = "labeled set: builds H = λI + Σ_labeled F")
    String labeled;

    @Option(names = "--eval", description = "eval set of epig-logdet (default: the pool)")
    String eval;

    @Option(names = "--query", description = "query set of logdet-mi / logdet-cmi")
    String query;

    @Option(names = "--private", description = "private set of logdet-cmi")
    String privateSet;

    @Option(names = "--format", description = "input format: parquet, jsonl, orc (default: from the path suffix)")
    String format;

    @Option(names = "--out", required = true, description = "output directory (must not exist unless --overwrite)")
    String out;

    @Option(names = "--overwrite", description = "replace an existing output directory")
    boolean overwrite;

    @Option(names = "--checkpoint", description = "directory (any Hadoop file system) where the greedy saves its"
            + " progress; a killed run restarted with the same arguments resumes from it")
    String checkpoint;

    @Option(names = "--config", description = "a properties file of option values (keys without dashes, e.g."
            + " k=100); flags override it. Example: conf/select.properties")
    java.io.File config;

    @Option(names = "--master", description = "Spark master (default: spark-submit's, else local[*])")
    String master;

    /** Builds the run's configuration from the options (validating them, before Spark starts). */
    SelectConfig config() {
        RunOptions run = new RunOptions(SetSource.ofPath(pool), SetSource.ofPath(labeled), SetSource.ofPath(eval),
                SetSource.ofPath(query), SetSource.ofPath(privateSet), format, out, overwrite, checkpoint, master);
        return new SelectConfig(run, PARAMS.applyTo(spec, new FisherSelector()));
    }

    @Override
    public Integer call() {
        SelectConfig config = config();
        Preflight.check(inputs(), format, out, overwrite);
        SparkSession spark = SparkSessions.create("fisherselect select " + config.params().getMethod(), master);
        try {
            Selection s = new SelectionJob(spark).run(config);
            System.out.println(Summary.of(s));
            return 0;
        } finally {
            spark.stop();
        }
    }

    /** The input paths by set, for {@link Preflight}. */
    private java.util.Map<DataSet, String> inputs() {
        java.util.Map<DataSet, String> m = new java.util.LinkedHashMap<>();
        m.put(DataSet.POOL, pool);
        m.put(DataSet.LABELED, labeled);
        m.put(DataSet.EVAL, eval);
        m.put(DataSet.QUERY, query);
        m.put(DataSet.PRIVATE, privateSet);
        return m;
    }
}
