package io.fisherselect.math.linalg;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The numerical safeguards of one selection on the driver: the options ({@link #refactorEvery})
 * and what happened (jitter added to a matrix that was not numerically positive definite, the
 * drift of the Woodbury-updated inverses measured at each re-factorisation). One instance per
 * selection, filled while the driver runs; the report reads it at the end. Not thread-safe (the
 * driver is single-threaded).
 */
public final class Numerics implements Serializable {
    private static final long serialVersionUID = 1L;

    /** default picks between re-factorisations of a Woodbury-updated inverse */
    public static final int DEFAULT_REFACTOR_EVERY = 50;

    /**
     * Jitter added to a matrix's diagonal so that its Cholesky factorisation succeeds.
     *
     * @param matrix   which matrix (e.g. "H = λI + Σ F_labeled")
     * @param jitter   δ added to every diagonal entry
     * @param relative δ divided by the matrix's largest |diagonal| entry
     */
    public record Jitter(String matrix, double jitter, double relative) implements Serializable {
    }

    private final int refactorEvery;
    private final List<Jitter> jitters = new ArrayList<>();
    private int refactorizations;
    private double maxDrift;
    private double lastDrift;

    /** @param refactorEvery picks between re-factorisations (≥ 1), or 0 to never re-factorise */
    public Numerics(int refactorEvery) {
        if (refactorEvery < 0) {
            throw new IllegalArgumentException("refactor-every must be ≥ 0 (0: never), got " + refactorEvery);
        }
        this.refactorEvery = refactorEvery;
    }

    public static Numerics defaults() {
        return new Numerics(DEFAULT_REFACTOR_EVERY);
    }

    public int refactorEvery() {
        return refactorEvery;
    }

    public void recordJitter(String matrix, double jitter, double scale) {
        jitters.add(new Jitter(matrix, jitter, jitter / scale));
    }

    /**
     * One re-factorisation: {@code drift} = max |M⁻¹_updated − M⁻¹_fresh| / max |M⁻¹_fresh|
     * over the entries.
     */
    public void recordDrift(double drift) {
        refactorizations++;
        lastDrift = drift;
        if (drift > maxDrift || Double.isNaN(drift)) {
            maxDrift = drift;
        }
    }

    public List<Jitter> jitters() {
        return Collections.unmodifiableList(jitters);
    }

    public int refactorizations() {
        return refactorizations;
    }

    /** the largest relative drift seen (0 before the first re-factorisation) */
    public double maxDrift() {
        return maxDrift;
    }

    public double lastDrift() {
        return lastDrift;
    }
}
