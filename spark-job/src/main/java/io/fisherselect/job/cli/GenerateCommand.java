package io.fisherselect.job.cli;

import io.fisherselect.job.synth.DatasetWriter;
import io.fisherselect.job.synth.SyntheticPool;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code generate}: a synthetic pool (and optionally a labeled set) in the data contract's form. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate a synthetic pool (Gaussian clusters, softmax probabilities, true labels).")
public final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, description = "pool output path (.parquet or .jsonl)")
    String out;

    @Option(names = "--n", defaultValue = "10000", description = "pool items (default: ${DEFAULT-VALUE})")
    long n;

    @Option(names = "--d", defaultValue = "32", description = "embedding length (default: ${DEFAULT-VALUE})")
    int d;

    @Option(names = "--classes", defaultValue = "10", description = "classes C (default: ${DEFAULT-VALUE})")
    int classes;

    @Option(names = "--labeled-out", description = "also write a labeled set here")
    String labeledOut;

    @Option(names = "--labeled-n", defaultValue = "200", description = "labeled items (default: ${DEFAULT-VALUE})")
    long labeledN;

    @Option(names = "--seed", defaultValue = "0", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--separation", defaultValue = "4.0", description = "cluster separation (default: ${DEFAULT-VALUE})")
    double separation;

    @Option(names = "--partitions", defaultValue = "0", description = "output partitions (default: Spark's parallelism)")
    int partitions;

    @Option(names = "--format", description = "parquet or jsonl (default: from the path suffix)")
    String format;

    @Option(names = "--overwrite", description = "replace existing outputs")
    boolean overwrite;

    @Option(names = "--master", description = "Spark master (default: spark-submit's, else local[*])")
    String master;

    @Override
    public Integer call() {
        SparkSession spark = SparkSessions.create("fisherselect generate", master);
        try {
            run(spark);
            return 0;
        } finally {
            spark.stop();
        }
    }

    void run(SparkSession spark) {
        int parts = partitions > 0 ? partitions : spark.sparkContext().defaultParallelism();
        SyntheticPool pool = new SyntheticPool(n, d, classes, seed, separation, "p");
        DatasetWriter.write(pool.generate(spark, parts), out, format, overwrite);
        System.out.printf("pool: %d items, d = %d, C = %d -> %s%n", n, d, classes, out);
        if (labeledOut != null) {
            SyntheticPool labeled = new SyntheticPool(labeledN, d, classes, seed, separation, "l");
            DatasetWriter.write(labeled.generate(spark, Math.max(1, Math.min(parts, (int) labeledN / 1000 + 1))),
                    labeledOut, format, overwrite);
            System.out.printf("labeled: %d items -> %s%n", labeledN, labeledOut);
        }
    }
}
