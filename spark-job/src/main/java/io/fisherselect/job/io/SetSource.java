package io.fisherselect.job.io;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Where an input set comes from: a path or URI read through a Spark data source (the command
 * line), or a {@code Dataset<Row>} an application already holds (the Java API, {@code evaluate}).
 * Both pass the same schema checks and row validation.
 */
public record SetSource(String path, Dataset<Row> frame) {

    public SetSource {
        if ((path == null) == (frame == null)) {
            throw new IllegalArgumentException("a set source is either a path or a DataFrame");
        }
    }

    /** The path as a source, or null for a null path (an absent optional set). */
    public static SetSource ofPath(String path) {
        return path == null ? null : new SetSource(path, null);
    }

    /** The DataFrame as a source, or null for null. */
    public static SetSource ofFrame(Dataset<Row> frame) {
        return frame == null ? null : new SetSource(null, frame);
    }

    /** For messages and reports. */
    public String describe() {
        return path != null ? path : "<DataFrame>";
    }

    @Override
    public String toString() {
        return describe();
    }
}
