package io.fisherselect.math.select;

import java.io.Serializable;

/**
 * A block of candidates in structure-of-arrays form: the unit both selectors work on. The
 * in-memory selector holds one or more blocks; the distributed selector holds one block per Spark
 * partition. The block is immutable; the per-candidate greedy state lives in a separate
 * {@code double[]} so that a pick copies only the small state, never the embeddings.
 *
 * <p>Item i has embedding φᵢ = {@code phi[i·d .. i·d+d)} and Fisher (or gradient) factor
 * Aᵢ = {@code factor[i·C·r .. (i+1)·C·r)}, row-major C×r, with Vᵢ = Aᵢ ⊗ φᵢ.
 */
public final class CandidateBlock implements Serializable {
    private static final long serialVersionUID = 1L;

    public final String[] ids;
    public final int n;
    public final int d;
    public final int c;
    public final int r;
    public final double[] phi;
    public final double[] factor;
    /** class probabilities πᵢ (n·C), or null for regression */
    public final double[] probs;
    /** labels (true class index), or null when the set has none */
    public final int[] labels;

    public CandidateBlock(String[] ids, int d, int c, int r, double[] phi, double[] factor) {
        this(ids, d, c, r, phi, factor, null, null);
    }

    public CandidateBlock(String[] ids, int d, int c, int r, double[] phi, double[] factor,
                          double[] probs, int[] labels) {
        this.ids = ids;
        this.probs = probs;
        this.labels = labels;
        this.n = ids.length;
        this.d = d;
        this.c = c;
        this.r = r;
        this.phi = phi;
        this.factor = factor;
        if (phi.length != n * d) {
            throw new IllegalArgumentException("phi has " + phi.length + " values, expected " + n * d);
        }
        if (factor.length != n * c * r) {
            throw new IllegalArgumentException("factor has " + factor.length + " values, expected " + n * c * r);
        }
    }

    public int phiOffset(int row) {
        return row * d;
    }

    public int factorOffset(int row) {
        return row * c * r;
    }

    /** A copy of row {@code row}'s embedding. */
    public double[] phiOf(int row) {
        return java.util.Arrays.copyOfRange(phi, row * d, row * d + d);
    }

    /** A copy of row {@code row}'s factor Aᵢ. */
    public double[] factorOf(int row) {
        return java.util.Arrays.copyOfRange(factor, row * c * r, (row + 1) * c * r);
    }
}
