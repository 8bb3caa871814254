package io.fisherselect.job.cli;

import io.fisherselect.job.select.RunOptions;
import io.fisherselect.job.select.SelectConfig;
import io.fisherselect.job.api.FisherSelector;
import io.fisherselect.job.select.Selection;
import io.fisherselect.job.select.SelectionJob;
import io.fisherselect.job.synth.DatasetWriter;
import io.fisherselect.job.synth.SyntheticPool;
import io.fisherselect.math.AcquisitionMethod;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: generates a synthetic pool and labeled set, runs an exact distributed
 * {@code eig-logdet} selection on them and prints a summary. The demo owns its output directory
 * and replaces it on every run.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate a synthetic pool, select a batch with eig-logdet, print a summary.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "fisherselect-demo", description = "output directory (default: ${DEFAULT-VALUE})")
    String out;

    @Option(names = "--n", defaultValue = "50000", description = "pool items (default: ${DEFAULT-VALUE})")
    long n;

    @Option(names = "--d", defaultValue = "32", description = "embedding length (default: ${DEFAULT-VALUE})")
    int d;

    @Option(names = "--classes", defaultValue = "10", description = "classes (default: ${DEFAULT-VALUE})")
    int classes;

    @Option(names = "--labeled-n", defaultValue = "500", description = "labeled items (default: ${DEFAULT-VALUE})")
    long labeledN;

    @Option(names = "--method", defaultValue = "eig-logdet", description = "method (default: ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--k", defaultValue = "20", description = "batch size (default: ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--master", description = "Spark master (default: spark-submit's, else local[*])")
    String master;

    @Override
    public Integer call() {
        AcquisitionMethod m = AcquisitionMethod.fromCliName(method);
        SparkSession spark = SparkSessions.create("fisherselect demo", master);
        try {
            int parts = spark.sparkContext().defaultParallelism();
            String pool = out + "/data/pool.parquet";
            String labeled = out + "/data/labeled.parquet";
            System.out.printf("generating a synthetic pool of %d items (d = %d, C = %d) and %d labeled items%n",
                    n, d, classes, labeledN);
            DatasetWriter.write(new SyntheticPool(n, d, classes, 7, 4.0, "p").generate(spark, parts), pool, null, true);
            DatasetWriter.write(new SyntheticPool(labeledN, d, classes, 7, 4.0, "l").generate(spark, 1), labeled,
                    null, true);
            System.out.printf("selecting k = %d with %s on %s%n", k, m.cliName(), spark.sparkContext().master());
            SelectConfig config = new SelectConfig(RunOptions.ofPaths(pool, labeled, out + "/selection")
                    .withOut(out + "/selection", true), new FisherSelector().setMethod(m.cliName()).setK(k));
            Selection s = new SelectionJob(spark).run(config);
            System.out.println(Summary.of(s));
            System.out.println("inputs:  " + pool + ", " + labeled);
            return 0;
        } finally {
            spark.stop();
        }
    }
}
