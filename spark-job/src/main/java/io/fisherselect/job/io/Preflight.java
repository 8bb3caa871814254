package io.fisherselect.job.io;

import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import scala.Tuple2;

/**
 * The checks a command can make before Spark starts, so that a mistyped path or an existing
 * output directory costs milliseconds rather than a Spark start-up: every input path exists, its
 * format is known, and the output directory is new (or {@code --overwrite}) and neither is, holds
 * nor lies inside an input. Paths are resolved with Hadoop's configuration plus the
 * {@code spark.hadoop.*} settings Spark would use; a file system that cannot be reached without
 * Spark is skipped here, and checked again once Spark runs ({@link ItemReader},
 * {@link OutputDirectory#prepare}).
 */
public final class Preflight {
    private Preflight() {
    }

    /**
     * The Hadoop configuration a Spark started now would use for paths, without starting it:
     * Hadoop's defaults and site files, plus the {@code spark.hadoop.*} settings of the launching
     * Spark configuration (system properties, which {@code spark-submit --conf} sets).
     */
    public static Configuration hadoopConfiguration() {
        Configuration conf = new Configuration();
        for (Tuple2<String, String> kv : new SparkConf(true).getAll()) {
            if (kv._1().startsWith("spark.hadoop.")) {
                conf.set(kv._1().substring("spark.hadoop.".length()), kv._2());
            }
        }
        return conf;
    }

    /**
     * @param inputs    every input set's path (null paths are skipped), in the order to check
     * @param format    {@code --format}, or null to infer it from each path
     * @param out       the output directory
     * @param overwrite whether an existing output directory may be replaced
     * @throws InputException           for a missing input or an output that exists or overlaps an input
     * @throws IllegalArgumentException for an unknown format
     */
    public static void check(Map<DataSet, String> inputs, String format, String out, boolean overwrite) {
        Configuration conf = hadoopConfiguration();
        for (Map.Entry<DataSet, String> e : inputs.entrySet()) {
            if (e.getValue() != null) {
                InputFormat.resolve(format, e.getValue());
                inputExists(e.getKey(), e.getValue(), conf);
            }
        }
        try {
            Path target = new Path(out);
            FileSystem fs = target.getFileSystem(conf);
            target = fs.makeQualified(target);
            for (Map.Entry<DataSet, String> e : inputs.entrySet()) {
                if (e.getValue() != null) {
                    overlap(e.getKey(), e.getValue(), out, target, conf);
                }
            }
            OutputDirectory.checkTarget(fs, target, out, overwrite);
        } catch (IOException | RuntimeException e) {
            if (e instanceof InputException ie) {
                throw ie;
            }
            // checked again by OutputDirectory.prepare once Spark runs
        }
    }

    private static void inputExists(DataSet set, String path, Configuration conf) {
        FileStatus[] found;
        try {
            Path p = new Path(path);
            found = p.getFileSystem(conf).globStatus(p);
        } catch (IOException | RuntimeException e) {
            return; // e.g. credentials only Spark's configuration has: checked again by ItemReader
        }
        if (found == null || found.length == 0) {
            throw InputException.at(set, null, null, "input path '" + path + "' does not exist");
        }
    }

    /** Refuses an output directory that is, contains or lies inside the input {@code path}. */
    private static void overlap(DataSet set, String path, String out, Path target, Configuration conf) {
        if (path.matches(".*[*?\\[\\]{}].*")) {
            return;
        }
        String in;
        try {
            Path p = new Path(path);
            in = p.getFileSystem(conf).makeQualified(p).toString();
        } catch (IOException | RuntimeException e) {
            return;
        }
        String o = target.toString();
        String problem = in.equals(o) ? "is the " + set + " input"
                : in.startsWith(o + "/") ? "contains the " + set + " input '" + path + "'"
                : o.startsWith(in + "/") ? "is inside the " + set + " input '" + path + "'" : null;
        if (problem != null) {
            throw new InputException("output directory '" + out + "' " + problem + "; choose another --out (the"
                    + " input is left untouched)");
        }
    }
}
