package io.fisherselect.job.synth;

import io.fisherselect.job.io.InputFormat;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/** Writes a generated set as Parquet or JSON Lines (by {@code --format} or the path's suffix). */
public final class DatasetWriter {
    private DatasetWriter() {
    }

    public static void write(Dataset<Row> df, String path, String format, boolean overwrite) {
        InputFormat f = InputFormat.resolve(format, path);
        df.write().mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists).format(f.sparkName()).save(path);
    }
}
