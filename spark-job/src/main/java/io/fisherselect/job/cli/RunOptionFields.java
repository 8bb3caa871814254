package io.fisherselect.job.cli;

import io.fisherselect.job.io.DataSet;
import io.fisherselect.job.io.SetSource;
import io.fisherselect.job.select.RunOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The run-level options that {@code select}, {@code score} and {@code compare} share (a picocli mixin). */
final class RunOptionFields {
    @Option(names = "--pool", required = true, description = "pool path or URI (Parquet, JSON Lines, ORC)")
    String pool;

    @Option(names = "--labeled", description = "labeled set: builds H = λI + Σ_labeled F")
    String labeled;

    @Option(names = "--eval", description = "eval set of epig-logdet (default: the pool)")
    String eval;

    @Option(names = "--format", description = "input format: parquet, jsonl, orc (default: from the path suffix)")
    String format;

    @Option(names = "--out", required = true, description = "output directory (must not exist unless --overwrite)")
    String out;

    @Option(names = "--overwrite", description = "replace an existing output directory")
    boolean overwrite;

    @Option(names = "--master", description = "Spark master (default: spark-submit's, else local[*])")
    String master;

    /** The run's options with the sets only {@code select} has (null: none). */
    RunOptions run(String query, String privateSet, String checkpoint) {
        return new RunOptions(SetSource.ofPath(pool), SetSource.ofPath(labeled), SetSource.ofPath(eval),
                SetSource.ofPath(query), SetSource.ofPath(privateSet), format, out, overwrite, checkpoint, master);
    }

    /** The input paths by set (with {@code select}'s query and private sets), for {@link io.fisherselect.job.io.Preflight}. */
    Map<DataSet, String> inputs(String query, String privateSet) {
        Map<DataSet, String> m = new LinkedHashMap<>();
        m.put(DataSet.POOL, pool);
        m.put(DataSet.LABELED, labeled);
        m.put(DataSet.EVAL, eval);
        m.put(DataSet.QUERY, query);
        m.put(DataSet.PRIVATE, privateSet);
        return m;
    }
}
