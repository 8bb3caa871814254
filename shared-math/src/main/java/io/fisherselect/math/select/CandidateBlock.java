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
    /**
     * φ of each tile of {@link CandidateTile#SIZE} rows in lane layout ({@code phiLanes[tile][j][i]}
     * = φ_{tile·SIZE+i}[j]), or null: see {@link #withLanes}. Not serialised: a Spark partition's
     * block transposes its rows per tile instead.
     */
    final transient double[][][] phiLanes;
    /** the factors of each tile in lane layout (C·r lanes), with {@link #phiLanes} */
    final transient double[][][] factorLanes;

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
        this.phiLanes = null;
        this.factorLanes = null;
        if (phi.length != n * d) {
            throw new IllegalArgumentException("phi has " + phi.length + " values, expected " + n * d);
        }
        if (factor.length != n * c * r) {
            throw new IllegalArgumentException("factor has " + factor.length + " values, expected " + n * c * r);
        }
    }

    private CandidateBlock(CandidateBlock b, double[][][] phiLanes, double[][][] factorLanes) {
        this.ids = b.ids;
        this.probs = b.probs;
        this.labels = b.labels;
        this.n = b.n;
        this.d = b.d;
        this.c = b.c;
        this.r = b.r;
        this.phi = b.phi;
        this.factor = b.factor;
        this.phiLanes = phiLanes;
        this.factorLanes = factorLanes;
    }

    /**
     * This block (sharing its arrays) with φ and the factors also kept in the lane layout of
     * {@link CandidateTile}, one copy per tile of {@link CandidateTile#SIZE} rows, so that a greedy
     * step held in memory ({@link BlockStates}) does not transpose every candidate's rows again at
     * every pick: {@link CandidateTile#load} then hands out the kept lanes. A copy is bit for bit
     * the rows, so every number computed from it is the same. Costs (d + C·r) doubles per row.
     */
    public CandidateBlock withLanes() {
        if (phiLanes != null) {
            return this;
        }
        int tiles = (n + CandidateTile.SIZE - 1) / CandidateTile.SIZE;
        double[][][] p = new double[tiles][][];
        double[][][] f = new double[tiles][][];
        int cr = c * r;
        for (int k = 0; k < tiles; k++) {
            int from = k * CandidateTile.SIZE;
            int t = Math.min(CandidateTile.SIZE, n - from);
            p[k] = io.fisherselect.math.linalg.DenseKernels.lanes(d, t);
            f[k] = io.fisherselect.math.linalg.DenseKernels.lanes(cr, t);
            io.fisherselect.math.linalg.DenseKernels.toLanes(phi, from * d, d, t, p[k], 0);
            io.fisherselect.math.linalg.DenseKernels.toLanes(factor, from * cr, cr, t, f[k], 0);
        }
        return new CandidateBlock(this, p, f);
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

    /** The rows whose ids are in {@code keep}, in this block's row order. */
    public CandidateBlock subset(java.util.Set<String> keep) {
        int m = 0;
        for (String id : ids) {
            if (keep.contains(id)) {
                m++;
            }
        }
        int[] rows = new int[m];
        int j = 0;
        for (int i = 0; i < n; i++) {
            if (keep.contains(ids[i])) {
                rows[j++] = i;
            }
        }
        return rows(rows);
    }

    /** The given rows, in the given order. */
    public CandidateBlock rows(int[] rows) {
        int m = rows.length;
        String[] outIds = new String[m];
        double[] outPhi = new double[m * d];
        double[] outFactor = new double[m * c * r];
        double[] outProbs = probs == null ? null : new double[m * c];
        int[] outLabels = labels == null ? null : new int[m];
        for (int j = 0; j < m; j++) {
            int i = rows[j];
            outIds[j] = ids[i];
            System.arraycopy(phi, i * d, outPhi, j * d, d);
            System.arraycopy(factor, i * c * r, outFactor, j * c * r, c * r);
            if (outProbs != null) {
                System.arraycopy(probs, i * c, outProbs, j * c, c);
            }
            if (outLabels != null) {
                outLabels[j] = labels[i];
            }
        }
        return new CandidateBlock(outIds, d, c, r, outPhi, outFactor, outProbs, outLabels);
    }

    /** The blocks' rows one after the other (all blocks have the same d, C and r). */
    public static CandidateBlock concat(java.util.List<CandidateBlock> blocks) {
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("no blocks to concatenate");
        }
        CandidateBlock first = blocks.get(0);
        int total = 0;
        boolean hasProbs = true;
        boolean hasLabels = true;
        for (CandidateBlock b : blocks) {
            if (b.d != first.d || b.c != first.c || b.r != first.r) {
                throw new IllegalArgumentException("blocks of different shapes");
            }
            total += b.n;
            hasProbs &= b.probs != null || b.n == 0;
            hasLabels &= b.labels != null || b.n == 0;
        }
        String[] outIds = new String[total];
        double[] outPhi = new double[total * first.d];
        double[] outFactor = new double[total * first.c * first.r];
        double[] outProbs = hasProbs ? new double[total * first.c] : null;
        int[] outLabels = hasLabels ? new int[total] : null;
        int o = 0;
        for (CandidateBlock b : blocks) {
            System.arraycopy(b.ids, 0, outIds, o, b.n);
            System.arraycopy(b.phi, 0, outPhi, o * b.d, b.n * b.d);
            System.arraycopy(b.factor, 0, outFactor, o * b.c * b.r, b.n * b.c * b.r);
            if (outProbs != null && b.n > 0) {
                System.arraycopy(b.probs, 0, outProbs, o * b.c, b.n * b.c);
            }
            if (outLabels != null && b.n > 0) {
                System.arraycopy(b.labels, 0, outLabels, o, b.n);
            }
            o += b.n;
        }
        return new CandidateBlock(outIds, first.d, first.c, first.r, outPhi, outFactor, outProbs, outLabels);
    }

    /**
     * The blocks' rows, in order, dealt into {@code parts} consecutive blocks of sizes differing by at
     * most one (fewer when there are fewer rows): a re-partitioning, which changes no pick (the
     * bit-determinism contract, docs/math.md §4).
     */
    public static java.util.List<CandidateBlock> parts(java.util.List<CandidateBlock> blocks, int parts) {
        if (blocks.isEmpty()) {
            return java.util.List.of();
        }
        CandidateBlock all = concat(blocks);
        int m = Math.max(1, Math.min(parts, all.n));
        java.util.List<CandidateBlock> out = new java.util.ArrayList<>(m);
        int from = 0;
        for (int p = 0; p < m; p++) {
            int to = (int) ((long) all.n * (p + 1) / m);
            int[] rows = new int[to - from];
            for (int j = 0; j < rows.length; j++) {
                rows[j] = from + j;
            }
            out.add(all.rows(rows));
            from = to;
        }
        return out;
    }
}
