package io.fisherselect.job.select;

import io.fisherselect.job.io.SetSource;

/**
 * The run-level things of one {@code select} or {@code score}: where the sets are, how to read
 * them, where the outputs go and on which Spark. Everything that shapes the result is a param of
 * the API's stages instead ({@link io.fisherselect.job.api.FisherStage}).
 *
 * @param pool       the candidates (a path or URI, or a DataFrame)
 * @param labeled    labeled set (builds H), or null
 * @param eval       eval set of EPIG (default: the pool), or null
 * @param query      query set of LogDetMI/CMI, or null
 * @param privateSet private set of LogDetCMI, or null
 * @param format     input format of the paths, or null to infer it from each path
 * @param out        output directory, or null to write nothing (the Java API)
 * @param overwrite  replace an existing output directory
 * @param checkpoint directory of the greedy's saved progress: a killed run restarted with the same
 *                   params and inputs resumes from it; or null
 * @param master     Spark master of the command line (null: spark-submit's, else local[*])
 */
public record RunOptions(SetSource pool, SetSource labeled, SetSource eval, SetSource query, SetSource privateSet,
                         String format, String out, boolean overwrite, String checkpoint, String master) {

    public RunOptions {
        if (pool == null) {
            throw new IllegalArgumentException("--pool is required");
        }
        if (out != null && out.isBlank()) {
            throw new IllegalArgumentException("--out must not be blank");
        }
        if (checkpoint != null && checkpoint.isBlank()) {
            checkpoint = null;
        }
    }

    /** The sets as given, nothing written (the Java API). */
    public static RunOptions ofSets(SetSource pool, SetSource labeled, SetSource eval, SetSource query,
                                    SetSource privateSet) {
        return new RunOptions(pool, labeled, eval, query, privateSet, null, null, false, null, null);
    }

    /** A pool and an optional labeled set by path, written to {@code out}. */
    public static RunOptions ofPaths(String pool, String labeled, String out) {
        return new RunOptions(SetSource.ofPath(pool), SetSource.ofPath(labeled), null, null, null, null, out, false,
                null, null);
    }

    /** With the eval, query and private sets by path (null: none). */
    public RunOptions withReferenceSets(String evalPath, String queryPath, String privatePath) {
        return new RunOptions(pool, labeled, SetSource.ofPath(evalPath), SetSource.ofPath(queryPath),
                SetSource.ofPath(privatePath), format, out, overwrite, checkpoint, master);
    }

    /** Written to {@code dir} (null: nothing written). */
    public RunOptions withOut(String dir, boolean replace) {
        return new RunOptions(pool, labeled, eval, query, privateSet, format, dir, replace, checkpoint, master);
    }

    /** With a checkpoint directory (null: none). */
    public RunOptions withCheckpoint(String dir) {
        return new RunOptions(pool, labeled, eval, query, privateSet, format, out, overwrite, dir, master);
    }

    /** For messages and reports: a path, {@code <DataFrame>}, or null for an absent set. */
    public static String describe(SetSource s) {
        return s == null ? null : s.describe();
    }
}
