package io.fisherselect.math.select;

import io.fisherselect.math.linalg.DenseKernels;

/**
 * Scratch for the block methods of the greedy objectives: up to {@link #SIZE} consecutive rows of
 * a {@link CandidateBlock} in the lane layout of {@link DenseKernels} (φ as d lanes, the factor A
 * as C·r lanes), plus the rows' state lanes. One tile is allocated per block pass and reused for
 * every group of rows, so a pass allocates O(tile), not O(n), beyond its output.
 *
 * <p>The tile size changes only how many candidates share a pass over the broadcast matrices,
 * never a candidate's numbers (see {@link DenseKernels}).
 */
public final class CandidateTile {
    /** rows per tile: the lanes of one tile (≈ (d + 3·C·r + …)·SIZE doubles) stay in L2 */
    public static final int SIZE = 128;

    /** rows per pass of {@link #gather} and {@link #scatter}: one cache line of doubles */
    private static final int BLOCK = 8;

    public final int capacity;
    public final int d;
    public final int cr;
    /** φ lanes (d) of the loaded rows: the tile's own, or the block's kept lanes (read only) */
    public double[][] phi;
    /** factor lanes (C·r, row-major C×r per candidate) of the loaded rows, as {@link #phi} */
    public double[][] factor;
    /** the tile's own lanes, allocated when rows are first copied */
    private double[][] ownPhi;
    private double[][] ownFactor;
    /** t doubles */
    public final double[] tmp;
    public int from;
    public int t;

    public CandidateTile(CandidateBlock block, int rows) {
        this.capacity = Math.max(1, Math.min(SIZE, rows));
        this.d = block.d;
        this.cr = block.c * block.r;
        this.tmp = new double[capacity];
    }

    /**
     * Loads rows [from, from + t) of the block (t ≤ capacity): the block's kept lanes when it has
     * them ({@link CandidateBlock#withLanes}) and the rows start one of its tiles, else a copy of
     * the rows. The lanes read the same either way.
     */
    public void load(CandidateBlock block, int from, int t) {
        this.from = from;
        this.t = t;
        if (block.phiLanes != null && from % SIZE == 0 && from < block.n && t <= Math.min(SIZE, block.n - from)) {
            phi = block.phiLanes[from / SIZE];
            factor = block.factorLanes[from / SIZE];
            return;
        }
        if (ownPhi == null) {
            ownPhi = DenseKernels.lanes(d, capacity);
            ownFactor = DenseKernels.lanes(cr, capacity);
        }
        phi = ownPhi;
        factor = ownFactor;
        DenseKernels.toLanes(block.phi, from * d, d, t, phi, 0);
        DenseKernels.toLanes(block.factor, from * cr, cr, t, factor, 0);
    }

    /**
     * P = VᵢᵀW (r×m per candidate, at lanes {@code pOff} of p) for the loaded rows, W in the
     * projection layout of {@link io.fisherselect.math.fisher.KroneckerOps} (d × C·m): the dense
     * product z = φᵀW̃ for the tile, then the O(C·r·m) tail — the operations of
     * {@code KroneckerOps.project} for each lane. z holds C·m lanes.
     */
    public void project(int c, int r, double[] wt, int m, double[][] z, double[][] p, int pOff) {
        int cm = c * m;
        DenseKernels.zero(z, 0, cm, t);
        DenseKernels.multiplyAdd(wt, 0, cm, d, cm, phi, 0, t, z, 0);
        io.fisherselect.math.fisher.KroneckerOps.projectTailLanes(factor, 0, c, r, z, 0, m, p, pOff, t);
    }

    /** Lanes of {@code width} state values at {@code offset} of each row (row stride {@code stride}). */
    public static void gather(double[] state, int from, int t, int stride, int offset, int width, double[][] lanes, int lanesOff) {
        // a blocked transpose: BLOCK rows at a time fill one cache line of each lane array, whose
        // rows stay in L1, instead of touching every lane array for every row
        int i = 0;
        for (; i + BLOCK <= t; i += BLOCK) {
            int s = (from + i) * stride + offset;
            for (int j = 0; j < width; j++) {
                double[] lane = lanes[lanesOff + j];
                int e = s + j;
                for (int b = 0; b < BLOCK; b++, e += stride) {
                    lane[i + b] = state[e];
                }
            }
        }
        for (; i < t; i++) {
            int s = (from + i) * stride + offset;
            for (int j = 0; j < width; j++) {
                lanes[lanesOff + j][i] = state[s + j];
            }
        }
    }

    /**
     * The lower triangles (with the diagonal) of the n×n matrices at {@code offset} of each row's
     * state, into lanes {@code i·n + j} (j ≤ i) of {@code lanes}; the other lanes are untouched.
     */
    public static void gatherLower(double[] state, int from, int t, int stride, int offset, int n, double[][] lanes) {
        for (int l = 0; l < t; l++) {
            int s = (from + l) * stride + offset;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    lanes[i * n + j][l] = state[s + i * n + j];
                }
            }
        }
    }

    /**
     * Writes the state lanes back: rows with {@code skip[row]} get their {@code prev} values,
     * the others the lanes (skip may be null).
     */
    public static void scatter(double[][] lanes, int lanesOff, int width, int from, int t, int stride, int offset,
                        boolean[] skip, double[] prev, double[] next) {
        for (int i = 0; i < t; i += BLOCK) {
            int rows = Math.min(BLOCK, t - i);
            if (rows == BLOCK && none(skip, from + i, BLOCK)) {
                // the blocked transpose of gather
                int s = (from + i) * stride + offset;
                for (int j = 0; j < width; j++) {
                    double[] lane = lanes[lanesOff + j];
                    int e = s + j;
                    for (int b = 0; b < BLOCK; b++, e += stride) {
                        next[e] = lane[i + b];
                    }
                }
                continue;
            }
            for (int b = i; b < i + rows; b++) {
                int row = from + b;
                int s = row * stride + offset;
                if (skip != null && skip[row]) {
                    if (prev != next) {
                        System.arraycopy(prev, s, next, s, width);
                    }
                    continue;
                }
                for (int j = 0; j < width; j++) {
                    next[s + j] = lanes[lanesOff + j][b];
                }
            }
        }
    }

    /** Whether none of rows [from, from + count) is marked in {@code skip} (null: none is). */
    private static boolean none(boolean[] skip, int from, int count) {
        if (skip == null) {
            return true;
        }
        for (int row = from; row < from + count; row++) {
            if (skip[row]) {
                return false;
            }
        }
        return true;
    }
}
