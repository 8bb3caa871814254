package io.fisherselect.job.io;

import io.fisherselect.math.ClosestName;
import java.util.Locale;

/** The storage formats read and written; chosen by {@code --format} or by the path's suffix. */
public enum InputFormat {
    PARQUET("parquet"), JSON("json"), ORC("orc"), CSV("csv");

    private final String sparkName;

    InputFormat(String sparkName) {
        this.sparkName = sparkName;
    }

    /** The name of the Spark data source. */
    public String sparkName() {
        return sparkName;
    }

    /**
     * The explicit format if given, else the path's suffix ({@code .jsonl}/{@code .json} → JSON
     * Lines, {@code .orc}, {@code .csv}), else Parquet (Spark's own default, and what a directory
     * of part files usually is).
     */
    public static InputFormat resolve(String explicit, String path) {
        if (explicit != null && !explicit.isBlank()) {
            String e = explicit.trim().toLowerCase(Locale.ROOT);
            return switch (e) {
                case "parquet" -> PARQUET;
                case "json", "jsonl", "ndjson" -> JSON;
                case "orc" -> ORC;
                case "csv" -> CSV;
                default -> throw new IllegalArgumentException("unknown --format '" + explicit + "'"
                        + ClosestName.hint(e, java.util.List.of("parquet", "jsonl", "json", "orc"))
                        + "; valid formats: parquet, jsonl, orc");
            };
        }
        String p = path.toLowerCase(Locale.ROOT);
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.endsWith(".jsonl") || p.endsWith(".json") || p.endsWith(".ndjson")) {
            return JSON;
        }
        if (p.endsWith(".orc")) {
            return ORC;
        }
        return PARQUET;
    }
}
