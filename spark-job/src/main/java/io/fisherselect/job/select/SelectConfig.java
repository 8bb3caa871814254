package io.fisherselect.job.select;

import io.fisherselect.job.api.FisherSelector;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.plan.SelectionParams;
import org.apache.spark.ml.param.ParamMap;

/**
 * One {@code select} run: the run-level options (sets, output, checkpoint, master) and the
 * selection's params, which are the API's {@link FisherSelector} — the one place every selection
 * option is declared. The command line and the Java API both build one and hand it to
 * {@link SelectionJob#run}.
 *
 * @param run    where the sets are and where the outputs go
 * @param params the selection's params (a copy: later changes to the caller's selector do not leak in)
 */
public record SelectConfig(RunOptions run, FisherSelector params) {

    /**
     * @throws IllegalArgumentException for a combination of params that does not apply, or a set
     *                                  the method needs and was not given
     */
    public SelectConfig {
        if (run == null || params == null) {
            throw new IllegalArgumentException("run options and params are required");
        }
        params = params.copy(ParamMap.empty());
        SelectionParams p = params.selectionParams();
        ScaleOptions scale = params.scaleOptions();
        AcquisitionMethod m = p.method();
        if (m.needsQuerySet() && run.query() == null) {
            throw new IllegalArgumentException(m.cliName() + " needs a query set (--query)");
        }
        if (m.needsPrivateSet() && run.privateSet() == null) {
            throw new IllegalArgumentException(m.cliName() + " needs a private set (--private)");
        }
        if (params.getFitLastLayer() && run.labeled() == null) {
            throw new IllegalArgumentException("--fit-last-layer fits the last layer on the labeled set; give one"
                    + " with --labeled (with a label column)");
        }
        checkNightlyBatch(run, params, p, scale);
    }

    /**
     * Combinations of the pending and excluded sets and the class caps that this run cannot
     * honour, refused up front (docs/operations.md "The nightly loop").
     */
    private static void checkNightlyBatch(RunOptions run, FisherSelector params, SelectionParams p,
                                          ScaleOptions scale) {
        boolean caps = params.hasClassCaps();
        if (run.checkpoint() != null && (caps || run.pending() != null || run.exclude() != null)) {
            throw new IllegalArgumentException("--checkpoint cannot be combined with --pending, --exclude,"
                    + " --max-per-class or --balance (a saved pick does not record its class, and the pending and excluded"
                    + " sets are not part of the checkpoint's fingerprint)");
        }
        AcquisitionMethod m = p.method();
        boolean kmeansParallel = m == AcquisitionMethod.BADGE && scale.init() == ScaleOptions.Init.KMEANS_PARALLEL;
        if (caps) {
            if (p.likelihood() != FactorSpec.Likelihood.SOFTMAX) {
                throw new IllegalArgumentException("--max-per-class / --balance cap the predicted class argmax π of a"
                        + " single-label classification; with --likelihood " + params.getLikelihood()
                        + " the items have no single predicted class");
            }
            if (m.kind() == AcquisitionMethod.Kind.CLUSTERED) {
                throw new IllegalArgumentException("--max-per-class / --balance do not apply to " + m.cliName()
                        + ": its round robin over clusters takes no class caps");
            }
            // auto then runs the exact greedy (ModeChoice)
            boolean exact = scale.mode() == ScaleOptions.Mode.EXACT || scale.mode() == ScaleOptions.Mode.AUTO;
            if (m.kind() != AcquisitionMethod.Kind.TOP_K && (!exact || kmeansParallel)) {
                throw new IllegalArgumentException("--max-per-class / --balance need --mode exact or auto"
                        + (kmeansParallel ? " and --init kmeans-pp" : "") + " (got --mode " + scale.mode().cliName()
                        + (kmeansParallel ? ", --init kmeans-parallel" : "") + ")");
            }
        }
        if (run.pending() != null && m.conditionsOnPendingByPicks()
                && (scale.mode() == ScaleOptions.Mode.PARTITIONED || scale.mode() == ScaleOptions.Mode.MULTIROUND
                    || kmeansParallel)) {
            throw new IllegalArgumentException("--pending with " + m.cliName() + " needs --mode exact, auto or prefilter"
                    + " (and --init kmeans-pp for badge): the pending items enter its greedy as picks");
        }
    }

    /**
     * Why this run cannot use {@code --mode multiround}, or null when it can: what {@code --mode
     * auto} needs to know before it picks multiround ({@link ModeChoice}). Class caps and pending
     * items entered as picks are refused with an explicit {@code --mode multiround}
     * ({@link #checkNightlyBatch}); a checkpoint is only saved by the exact greedy, so a run that
     * asks for one gets it.
     */
    String multiRoundRefusal() {
        AcquisitionMethod m = params.selectionParams().method();
        if (params.hasClassCaps()) {
            return "--max-per-class / --balance";
        }
        if (run.pending() != null && m.conditionsOnPendingByPicks()) {
            return "--pending with " + m.cliName() + " (the pending items enter its greedy as picks)";
        }
        if (run.checkpoint() != null) {
            return "--checkpoint (only the exact greedy saves its progress)";
        }
        return null;
    }

    /** A pool and an optional labeled set by path, written to {@code out}. */
    public static SelectConfig of(String pool, String labeled, FisherSelector params, String out) {
        return new SelectConfig(RunOptions.ofPaths(pool, labeled, out), params);
    }

    /** The same params with other run options. */
    public SelectConfig withRun(RunOptions r) {
        return new SelectConfig(r, params);
    }

    /** The engine's typed parameters. */
    public SelectionParams selectionParams() {
        return params.selectionParams();
    }

    /** The greedy mode, BADGE's seeding and the large-D approximations. */
    public ScaleOptions scale() {
        return params.scaleOptions();
    }
}
