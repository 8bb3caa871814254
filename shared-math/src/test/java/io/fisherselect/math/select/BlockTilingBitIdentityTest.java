package io.fisherselect.math.select;

import io.fisherselect.math.inverse.PriorInverse;
import io.fisherselect.math.inverse.WoodburyInverse;
import io.fisherselect.math.method.BaitObjective;
import io.fisherselect.math.method.EpigLogDetObjective;
import io.fisherselect.math.method.LogDetDriver;
import io.fisherselect.math.method.LogDetObjective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.testing.RandomProblems;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * The block methods of the objectives (tiles of rows, dense products over lanes) against the
 * single-row methods, bit for bit, on blocks larger than a tile and split at arbitrary rows: a
 * candidate's state must not depend on its block, its row or its tile, which is what lets the
 * distributed selector (one block per partition) pick exactly what the in-memory one picks.
 */
class BlockTilingBitIdentityTest {

    /** An objective under test and a factory of random step messages for it. */
    private record Subject(String name, GreedyObjective objective, java.util.function.Function<Random, StepMessage> messages) {
    }

    private static DMatrixRMaj randomSpdInverse(Random rnd, int n) {
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        for (int i = 0; i < a.data.length; i++) {
            a.data[i] = rnd.nextGaussian();
        }
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransB(a, a, m);
        CommonOps_DDRM.scale(1.0 / n, m);
        for (int i = 0; i < n; i++) {
            m.add(i, i, 0.5);
        }
        DMatrixRMaj inv = m.copy();
        CommonOps_DDRM.invert(inv);
        // exactly symmetric, as the driver's inverses are
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double v = 0.5 * (inv.get(i, j) + inv.get(j, i));
                inv.set(i, j, v);
                inv.set(j, i, v);
            }
        }
        return inv;
    }

    private static double[] gaussian(Random rnd, int len) {
        double[] a = new double[len];
        for (int i = 0; i < len; i++) {
            a[i] = rnd.nextGaussian();
        }
        return a;
    }

    private static PriorInverse prior(Random rnd, boolean dense, int d, int c) {
        return dense ? PriorInverse.dense(randomSpdInverse(rnd, c * d), d, c)
                : PriorInverse.isotropic(0.3 + rnd.nextDouble(), d, c);
    }

    private static List<Subject> subjects(Random rnd, int d, int c, int r) {
        List<Subject> out = new ArrayList<>();
        boolean dense = rnd.nextBoolean();
        out.add(new Subject("eig-logdet " + (dense ? "dense" : "isotropic"),
                new LogDetObjective(prior(rnd, dense, d, c), c, r, 0.5, 0.0),
                g -> new StepMessage(new double[][] {gaussian(g, d * c * r)}, new int[] {r}, new double[0])));
        out.add(new Subject("epig-logdet",
                new EpigLogDetObjective(prior(rnd, rnd.nextBoolean(), d, c), prior(rnd, true, d, c), c, r),
                g -> new StepMessage(new double[][] {gaussian(g, d * c * r), gaussian(g, d * c * r)}, new int[] {r, r},
                        new double[0])));
        out.add(new Subject("bait",
                new BaitObjective(prior(rnd, true, d, c), prior(rnd, rnd.nextBoolean(), d, c), c, r, 0.1 + rnd.nextDouble()),
                g -> {
                    double[] extra = new double[1 + r * r];
                    extra[0] = g.nextBoolean() ? -1.0 : 1.0;
                    for (int i = 0; i < r; i++) {
                        for (int j = 0; j <= i; j++) {
                            double v = g.nextGaussian();
                            extra[1 + i * r + j] = v;
                            extra[1 + j * r + i] = v;
                        }
                    }
                    return new StepMessage(new double[][] {gaussian(g, d * c * r), gaussian(g, d * c * r)},
                            new int[] {r, r}, extra);
                }));
        return out;
    }

    private static CandidateBlock slice(CandidateBlock b, int from, int to) {
        int cr = b.c * b.r;
        return new CandidateBlock(Arrays.copyOfRange(b.ids, from, to), b.d, b.c, b.r,
                Arrays.copyOfRange(b.phi, from * b.d, to * b.d), Arrays.copyOfRange(b.factor, from * cr, to * cr));
    }

    /** 0, a few random cut points, n. */
    private static int[] cuts(Random rnd, int n) {
        TreeSet<Integer> s = new TreeSet<>();
        s.add(0);
        s.add(n);
        int k = 1 + rnd.nextInt(5);
        for (int i = 0; i < k; i++) {
            s.add(rnd.nextInt(n + 1));
        }
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void assertBitsEqual(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(actual[i])) {
                throw new AssertionError(what + ": value " + i + " differs: " + expected[i] + " vs " + actual[i]);
            }
        }
    }

    @Test
    void blockMethodsGiveTheBitsOfTheSingleRowMethodsWhateverTheSplit() {
        Random rnd = new Random(2024);
        for (int seed = 0; seed < 30; seed++) {
            // the last seeds: embeddings longer than a k panel of the lane kernel (64; 256 before
            // it), so the projections and the monomial products run over several panels and
            // vector blocks
            int d = seed < 24 ? 1 + rnd.nextInt(9) : seed < 27 ? 257 + rnd.nextInt(64) : 60 + rnd.nextInt(80);
            int c = 2 + rnd.nextInt(4);
            int r = 1 + rnd.nextInt(c);
            int n = pickSize(rnd);
            FactorSpec spec = new FactorSpec(FactorSpec.Kind.FISHER, FactorSpec.Likelihood.SOFTMAX, r, 1.0, false);
            CandidateBlock block = RandomProblems.classification(500 + seed, "p", n, d, c).block(spec);
            int[] cut = cuts(rnd, n);
            for (Subject s : subjects(rnd, d, c, r)) {
                GreedyObjective o = s.objective();
                int w = o.stateWidth();
                String what = s.name() + ", seed " + seed + ", n=" + n + ", d=" + d + ", C=" + c + ", r=" + r
                        + ", cuts " + Arrays.toString(cut);

                // initial states: single rows, the whole block, and split blocks
                double[] rows = new double[n * w];
                double[] scratch = new double[o.scratchSize()];
                for (int i = 0; i < n; i++) {
                    o.initialize(block, i, rows, scratch);
                }
                double[] whole = BlockState.initial(block, o).values;
                assertBitsEqual(rows, whole, what + ", initial, one block");
                double[] split = new double[n * w];
                for (int p = 0; p + 1 < cut.length; p++) {
                    double[] part = BlockState.initial(slice(block, cut[p], cut[p + 1]), o).values;
                    System.arraycopy(part, 0, split, cut[p] * w, part.length);
                }
                assertBitsEqual(rows, split, what + ", initial, split blocks");
                double[] initialGains = new double[n];
                double[] ranged0 = new double[n * w];
                for (int p = 0; p + 1 < cut.length; p++) {
                    double[] part = new double[cut[p + 1] - cut[p]];
                    o.initializeRows(block, cut[p], cut[p + 1], ranged0, part);
                    System.arraycopy(part, 0, initialGains, cut[p], part.length);
                }
                assertBitsEqual(rows, ranged0, what + ", initial, row ranges");
                double[] initialRowGains = new double[n];
                for (int i = 0; i < n; i++) {
                    initialRowGains[i] = o.gain(block, i, rows, scratch);
                }
                assertBitsEqual(initialRowGains, initialGains, what + ", initial gains");

                // gains of every row, also of states that are not positive semi-definite (NaN)
                double[] noisy = whole.clone();
                for (int i = 0; i < noisy.length; i++) {
                    noisy[i] += (rnd.nextInt(20) == 0 ? 3.0 : 0.01) * rnd.nextGaussian();
                }
                double[] gainsRows = new double[n];
                for (int i = 0; i < n; i++) {
                    gainsRows[i] = o.gain(block, i, noisy, scratch);
                }
                double[] gainsBlock = new double[n];
                for (int p = 0; p + 1 < cut.length; p++) {
                    double[] part = new double[cut[p + 1] - cut[p]];
                    o.gains(block, cut[p], cut[p + 1], null, noisy, part);
                    System.arraycopy(part, 0, gainsBlock, cut[p], part.length);
                }
                assertBitsEqual(gainsRows, gainsBlock, what + ", gains");

                // a few steps from random states with random messages and picked rows
                double[] prev = whole.clone();
                for (int i = 0; i < prev.length; i++) {
                    prev[i] += 0.1 * rnd.nextGaussian();
                }
                for (int step = 0; step < 3; step++) {
                    StepMessage msg = s.messages().apply(rnd);
                    boolean[] skip = new boolean[n];
                    for (int i = 0; i < n; i++) {
                        skip[i] = rnd.nextInt(10) == 0;
                    }
                    double[] prevCopy = prev.clone();
                    double[] expected = prev.clone();
                    for (int i = 0; i < n; i++) {
                        if (!skip[i]) {
                            o.update(block, i, expected, msg, scratch);
                        }
                    }
                    double[] expectedGains = new double[n];
                    for (int i = 0; i < n; i++) {
                        expectedGains[i] = skip[i] ? 0.0 : o.gain(block, i, expected, scratch);
                    }
                    double[] next = new double[n * w];
                    double[] stepGains = new double[n];
                    o.updateRows(block, 0, n, skip, prev, next, msg, stepGains);
                    assertBitsEqual(expected, next, what + ", step " + step + ", one block");
                    for (int i = 0; i < n; i++) {
                        if (skip[i]) {
                            stepGains[i] = 0.0;
                        }
                    }
                    assertBitsEqual(expectedGains, stepGains, what + ", step " + step + ", gains");
                    assertBitsEqual(prevCopy, prev, what + ", step " + step + ": the previous state is untouched");

                    double[] splitNext = new double[n * w];
                    for (int p = 0; p + 1 < cut.length; p++) {
                        int from = cut[p];
                        int to = cut[p + 1];
                        CandidateBlock b = slice(block, from, to);
                        double[] pv = Arrays.copyOfRange(prev, from * w, to * w);
                        double[] nx = new double[pv.length];
                        o.updateRows(b, 0, to - from, Arrays.copyOfRange(skip, from, to), pv, nx, msg, null);
                        System.arraycopy(nx, 0, splitNext, from * w, nx.length);
                    }
                    assertBitsEqual(expected, splitNext, what + ", step " + step + ", split blocks");

                    // sub-ranges of one block, and in place
                    double[] ranged = new double[n * w];
                    for (int p = 0; p + 1 < cut.length; p++) {
                        o.updateRows(block, cut[p], cut[p + 1], skip, prev, ranged, msg, new double[cut[p + 1] - cut[p]]);
                    }
                    assertBitsEqual(expected, ranged, what + ", step " + step + ", row ranges");
                    double[] inPlace = prev.clone();
                    o.updateRows(block, 0, n, skip, inPlace, inPlace, msg, null);
                    assertBitsEqual(expected, inPlace, what + ", step " + step + ", in place");
                    prev = expected;
                }
            }
        }
    }

    private static int pickSize(Random rnd) {
        int[] sizes = {1, 2, 5, CandidateTile.SIZE - 1, CandidateTile.SIZE, CandidateTile.SIZE + 1,
                2 * CandidateTile.SIZE + 7, 3 * CandidateTile.SIZE + 64};
        return rnd.nextBoolean() ? sizes[rnd.nextInt(sizes.length)] : 1 + rnd.nextInt(4 * CandidateTile.SIZE);
    }

    @Test
    void priorQuadraticFormsOfABlockAreTheSingleRowBits() {
        Random rnd = new Random(77);
        for (int seed = 0; seed < 30; seed++) {
            int d = 1 + rnd.nextInt(12);
            int c = 1 + rnd.nextInt(5);
            int r = 1 + rnd.nextInt(c);
            int n = pickSize(rnd);
            FactorSpec spec = new FactorSpec(FactorSpec.Kind.FISHER, FactorSpec.Likelihood.SOFTMAX, r, 1.0, false);
            CandidateBlock block = RandomProblems.classification(900 + seed, "p", n, d, c).block(spec);
            PriorInverse prior = prior(rnd, seed % 3 != 0, d, c);
            double[] scratch = new double[prior.scratchSize()];
            int stride = r * r + 3;
            double[] expected = new double[5 + n * stride];
            for (int i = 0; i < n; i++) {
                prior.quadraticForm(block, i, expected, 5 + i * stride, scratch);
            }
            double[] actual = new double[5 + n * stride];
            prior.quadraticForms(block, 0, n, actual, 5, stride);
            assertBitsEqual(expected, actual, "seed " + seed);
        }
    }

    /** A wrapper that hides the block methods: the objective as the single-row defaults run it. */
    private record RowByRow(GreedyObjective inner) implements GreedyObjective {
        @Override
        public int stateWidth() {
            return inner.stateWidth();
        }

        @Override
        public int scratchSize() {
            return inner.scratchSize();
        }

        @Override
        public void initialize(CandidateBlock block, int row, double[] state, double[] scratch) {
            inner.initialize(block, row, state, scratch);
        }

        @Override
        public double gain(CandidateBlock block, int row, double[] state, double[] scratch) {
            return inner.gain(block, row, state, scratch);
        }

        @Override
        public void update(CandidateBlock block, int row, double[] state, StepMessage message, double[] scratch) {
            inner.update(block, row, state, message, scratch);
        }
    }

    /** A driver whose objective is replaced (same matrices, same messages). */
    private record WithObjective(GreedyDriver inner, GreedyObjective objective) implements GreedyDriver {
        @Override
        public StepMessage afterPick(Pick pick) {
            return inner.afterPick(pick);
        }

        @Override
        public int forwardPicks(int k) {
            return inner.forwardPicks(k);
        }

        @Override
        public List<Pick> finish(List<Pick> picks, int k) {
            return inner.finish(picks, k);
        }
    }

    @Test
    void greedyPicksAndGainsAreIdenticalOnOneBlockSeveralBlocksAndRowByRow() {
        Random rnd = new Random(5);
        for (int seed = 0; seed < 6; seed++) {
            int d = 2 + rnd.nextInt(6);
            int c = 2 + rnd.nextInt(4);
            int n = CandidateTile.SIZE + 1 + rnd.nextInt(3 * CandidateTile.SIZE);
            int k = 4 + rnd.nextInt(5);
            FactorSpec spec = FactorSpec.fisher();
            RandomProblems pool = RandomProblems.classification(700 + seed, "p", n, d, c);
            DMatrixRMaj hInv = randomSpdInverse(rnd, c * d);
            java.util.function.Supplier<GreedyDriver> driver = () -> new LogDetDriver(
                    new WoodburyInverse(hInv.copy(), d, c), PriorInverse.dense(hInv, d, c), c, 0.5, 0.0);

            List<Pick> one = GreedySelector.select(pool.blocks(spec, 1), driver.get(), k);
            GreedyDriver plain = driver.get();
            List<Pick> rowByRow = GreedySelector.select(pool.blocks(spec, 1),
                    new WithObjective(plain, new RowByRow(plain.objective())), k);
            assertPicksIdentical(one, rowByRow, "seed " + seed + ", row by row");
            for (int parts : new int[] {2, 3, 5}) {
                assertPicksIdentical(one, GreedySelector.select(pool.blocks(spec, parts), driver.get(), k),
                        "seed " + seed + ", " + parts + " blocks");
            }
        }
    }

    private static void assertPicksIdentical(List<Pick> a, List<Pick> b, String what) {
        assertEquals(a.size(), b.size(), what);
        for (int t = 0; t < a.size(); t++) {
            assertEquals(a.get(t).id, b.get(t).id, what + ", pick " + t);
            assertEquals(a.get(t).gain, b.get(t).gain, 0.0, what + ", gain of pick " + t);
            assertArrayEquals(a.get(t).state, b.get(t).state, 0.0, what + ", state of pick " + t);
        }
    }

    @Test
    void nextLeavesTheOldStateUntouchedAndSharesFlagsOnlyWhenThePickIsElsewhere() {
        Random rnd = new Random(9);
        int d = 4;
        int c = 3;
        int n = 2 * CandidateTile.SIZE + 3;
        CandidateBlock block = RandomProblems.classification(31, "p", n, d, c).block(FactorSpec.fisher());
        GreedyObjective o = new LogDetObjective(prior(rnd, true, d, c), c, c, 0.5, 0.0);
        BlockState s0 = BlockState.initial(block, o);
        double[] values0 = s0.values.clone();
        StepMessage msg = new StepMessage(new double[][] {gaussian(rnd, d * c * c)}, new int[] {c}, new double[0]);

        BlockState s1 = s0.next(block, o, "elsewhere", msg);
        assertArrayEquals(values0, s0.values, 0.0, "old values untouched");
        assertNotSame(s0.values, s1.values);
        assertSame(s0.picked, s1.picked, "no pick in this block: flags shared");

        String id = block.ids[CandidateTile.SIZE + 5];
        BlockState s2 = s1.next(block, o, id, msg);
        assertNotSame(s1.picked, s2.picked);
        assertFalse(s1.picked[CandidateTile.SIZE + 5], "old flags untouched");
        assertTrue(s2.picked[CandidateTile.SIZE + 5]);
        int w = o.stateWidth();
        double[] row1 = Arrays.copyOfRange(s1.values, (CandidateTile.SIZE + 5) * w, (CandidateTile.SIZE + 6) * w);
        double[] row2 = Arrays.copyOfRange(s2.values, (CandidateTile.SIZE + 5) * w, (CandidateTile.SIZE + 6) * w);
        assertArrayEquals(row1, row2, 0.0, "the picked row keeps its state");
        assertFalse(Arrays.equals(Arrays.copyOfRange(s1.values, 0, w), Arrays.copyOfRange(s2.values, 0, w)),
                "other rows are updated");
    }

    /**
     * How {@link BlockStates} steps a block — its lanes kept ({@link CandidateBlock#withLanes}) and
     * each step written into the arrays of the state before (filled with NaN here, so a row the
     * step does not write shows) — against {@link BlockState#next} on the plain block, bit for bit,
     * for every objective, block sizes around the tile size and picks inside and outside the block.
     */
    @Test
    void steppingWithKeptLanesIntoSpareArraysGivesTheBitsOfNext() {
        Random rnd = new Random(1301);
        for (int seed = 0; seed < 24; seed++) {
            // small d: the lanes only move numbers; the kernels' panels are covered above
            int d = 1 + rnd.nextInt(9);
            int c = 2 + rnd.nextInt(4);
            int r = 1 + rnd.nextInt(c);
            int n = pickSize(rnd);
            FactorSpec spec = new FactorSpec(FactorSpec.Kind.FISHER, FactorSpec.Likelihood.SOFTMAX, r, 1.0, false);
            CandidateBlock block = RandomProblems.classification(1300 + seed, "p", n, d, c).block(spec);
            CandidateBlock kept = block.withLanes();
            for (Subject s : subjects(rnd, d, c, r)) {
                GreedyObjective o = s.objective();
                String what = s.name() + ", seed " + seed + ", n=" + n + ", d=" + d + ", C=" + c + ", r=" + r;
                BlockState plain = BlockState.initial(block, o);
                BlockState laned = BlockState.initial(kept, o);
                assertBitsEqual(plain.values, laned.values, what + ", initial");
                BlockState spare = null;
                for (int step = 0; step < 5; step++) {
                    StepMessage msg = s.messages().apply(rnd);
                    String pickedId = rnd.nextInt(3) == 0 ? "elsewhere" : block.ids[rnd.nextInt(n)];
                    BlockState expected = plain.next(block, o, pickedId, msg);
                    BlockState actual;
                    if (spare == null) {
                        actual = laned.next(kept, o, pickedId, msg);
                    } else {
                        Arrays.fill(spare.values, Double.NaN);
                        actual = laned.next(kept, o, pickedId, msg, spare);
                        assertSame(spare.values, actual.values, what + ", step " + step + ": written into the spare");
                    }
                    assertBitsEqual(expected.values, actual.values, what + ", step " + step + ", states");
                    assertArrayEquals(expected.picked, actual.picked, what + ", step " + step + ", picked");
                    double[] expectedGains = new double[n];
                    double[] actualGains = new double[n];
                    for (int i = 0; i < n; i++) {
                        if (!expected.picked[i]) {
                            expectedGains[i] = expected.pick(block, o, i, null).gain;
                            actualGains[i] = actual.pick(kept, o, i, null).gain;
                        }
                    }
                    assertBitsEqual(expectedGains, actualGains, what + ", step " + step + ", gains");
                    spare = laned;
                    laned = actual;
                    plain = expected;
                }
            }
        }
    }

    /** The greedy's states as before double buffering and kept lanes: {@link BlockState#next} on the plain blocks. */
    private static final class NextStore implements GreedyLoop.StateStore {
        private final List<CandidateBlock> blocks;
        private final List<BlockState> states = new ArrayList<>();
        private GreedyObjective objective;

        NextStore(List<CandidateBlock> blocks) {
            this.blocks = blocks;
        }

        @Override
        public List<Pick> start(GreedyObjective o, int forward, List<String> savedIds, List<StepMessage> replayed,
                                ClassQuota caps, boolean[] full) {
            objective = o;
            List<Pick> out = new ArrayList<>();
            for (CandidateBlock b : blocks) {
                BlockState s = BlockState.initial(b, o);
                states.add(s);
                out.add(s.best(b, o));
            }
            return out;
        }

        @Override
        public List<Pick> step(int t, String pickedId, StepMessage message, boolean[] full) {
            List<Pick> out = new ArrayList<>();
            for (int i = 0; i < blocks.size(); i++) {
                states.set(i, states.get(i).next(blocks.get(i), objective, pickedId, message));
                out.add(states.get(i).best(blocks.get(i), objective));
            }
            return out;
        }

        @Override
        public void close() {
            states.clear();
        }
    }

    @Test
    void inMemoryGreedyPicksWhatSteppingWithNextPicks() {
        Random rnd = new Random(88);
        for (int seed = 0; seed < 8; seed++) {
            int d = 2 + rnd.nextInt(6);
            int c = 2 + rnd.nextInt(4);
            int n = 1 + rnd.nextInt(4 * CandidateTile.SIZE);
            int k = Math.min(n, 3 + rnd.nextInt(12));
            int parts = 1 + rnd.nextInt(3);
            RandomProblems pool = RandomProblems.classification(1400 + seed, "p", n, d, c);
            DMatrixRMaj hInv = randomSpdInverse(rnd, c * d);
            java.util.function.Supplier<GreedyDriver> driver = () -> new LogDetDriver(
                    new WoodburyInverse(hInv.copy(), d, c), PriorInverse.dense(hInv, d, c), c, 0.5, 0.0);
            List<CandidateBlock> blocks = pool.blocks(FactorSpec.fisher(), parts);
            List<Pick> expected = GreedyLoop.run(new NextStore(blocks), driver.get(), k, List.of(), List.of());
            for (int threads : new int[] {1, 2}) {
                assertPicksIdentical(expected, GreedyLoop.run(new BlockStates(blocks, null, threads), driver.get(), k,
                        List.of(), List.of()), "seed " + seed + ", " + parts + " blocks, " + threads + " threads");
            }
        }
    }
}
