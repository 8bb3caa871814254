package io.fisherselect.job.score;

import io.fisherselect.job.io.JobInputs;
import io.fisherselect.job.select.RunOptions;

import io.fisherselect.job.api.FisherScorerParams;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.ClosestName;
import io.fisherselect.math.plan.SelectionParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.param.ParamMap;

/**
 * One {@code score} (or {@code compare}) run: the run-level options, the methods whose per-item
 * scores are written (in column order) and their shared params, which are the API's
 * {@link FisherScorerParams} — declared there once (its {@code method} and {@code outputCol} are the
 * API's single column; a run names its columns by {@code methods}).
 *
 * @param run     where the sets are (pool, labeled, eval) and where the outputs go
 * @param methods the methods, in output column order (each has a per-item score)
 * @param params  the shared params (a copy)
 */
public record ScoreConfig(RunOptions run, List<AcquisitionMethod> methods, FisherScorerParams params) {

    public ScoreConfig {
        if (run == null || params == null) {
            throw new IllegalArgumentException("run options and params are required");
        }
        if (run.out() == null) {
            throw new IllegalArgumentException("--out is required");
        }
        if (methods == null || methods.isEmpty()) {
            throw new IllegalArgumentException("--methods needs at least one method; valid methods for score: "
                    + validNames());
        }
        methods = List.copyOf(methods);
        params = params.copy(ParamMap.empty());
        for (AcquisitionMethod m : methods) {
            if (!hasItemScore(m)) {
                throw noItemScore(m);
            }
            if (methods.indexOf(m) != methods.lastIndexOf(m)) {
                throw new IllegalArgumentException("--methods lists " + m.cliName() + " more than once");
            }
        }
        for (AcquisitionMethod m : methods) {
            params.selectionParams(m);
        }
    }

    /** A run of {@code methods} on a pool and an optional labeled set by path, with default params. */
    public static ScoreConfig of(String pool, String labeled, List<AcquisitionMethod> methods, String out) {
        return new ScoreConfig(RunOptions.ofPaths(pool, labeled, out), methods, new FisherScorerParams());
    }

    /** The same methods with other params. */
    public ScoreConfig withParams(FisherScorerParams p) {
        return new ScoreConfig(run, methods, p);
    }

    /** The same methods and params with other run options. */
    public ScoreConfig withRun(RunOptions r) {
        return new ScoreConfig(r, methods, params);
    }

    /** The selection parameters {@code m} is scored with (k = 1: the score does not depend on k). */
    public SelectionParams params(AcquisitionMethod m) {
        return params.selectionParams(m);
    }

    /** Where the sets are, for {@link JobInputs}. */
    public JobInputs.Sources sources() {
        return new JobInputs.Sources(run.pool(), run.labeled(), run.eval(), null, null, run.format(),
                params.columnNames(), params.getPartitions(), params.getProbTolerance(), params.getRenormalize());
    }

    /** Whether {@code m} has a per-item score: a top-k method, or a greedy log-det's single-item gain. */
    public static boolean hasItemScore(AcquisitionMethod m) {
        return m.hasItemScore();
    }

    private static IllegalArgumentException noItemScore(AcquisitionMethod m) {
        return new IllegalArgumentException(m.cliName() + " has no per-item score (it is a "
                + m.kind().name().toLowerCase(Locale.ROOT) + " batch method: its gains depend on the whole batch"
                + (m.needsQuerySet() ? " and a query set" : "") + "); valid methods for score: " + validNames());
    }

    /** The methods {@code score} accepts, comma separated. */
    public static String validNames() {
        return String.join(", ", Arrays.stream(AcquisitionMethod.values()).filter(ScoreConfig::hasItemScore)
                .map(AcquisitionMethod::cliName).toList());
    }

    /**
     * Parses {@code --methods} (comma-separated names), with an error naming the valid ones for an
     * unknown name or a method without a per-item score.
     */
    public static List<AcquisitionMethod> parseMethods(List<String> names) {
        List<AcquisitionMethod> out = new ArrayList<>();
        for (String raw : names) {
            for (String name : raw.split(",")) {
                if (name.isBlank()) {
                    continue;
                }
                AcquisitionMethod m;
                try {
                    m = AcquisitionMethod.fromCliName(name);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown method '" + name.trim() + "'"
                            + ClosestName.hint(name, List.of(validNames().split(", ")))
                            + "; valid methods for score: " + validNames());
                }
                if (!hasItemScore(m)) {
                    throw noItemScore(m);
                }
                out.add(m);
            }
        }
        return out;
    }
}
