package io.fisherselect.math.bench;

import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.fisher.KroneckerOps;
import io.fisherselect.math.linalg.DenseKernels;
import io.fisherselect.math.select.BlockState;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.CandidateBlockBuilder;
import io.fisherselect.math.select.GreedyObjective;
import io.fisherselect.math.method.LogDetObjective;
import io.fisherselect.math.inverse.PriorInverse;
import io.fisherselect.math.select.StepMessage;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * A hand-run timing harness (not a test, no JMH): the candidate-side kernels of the greedy
 * selectors on this machine. Run after {@code mvn -o -q test-compile}:
 *
 * <pre>
 *   java --add-modules=jdk.incubator.vector -cp shared-math/target/classes:shared-math/target/test-classes:\
 *     ~/.m2/repository/org/ejml/ejml-core/0.46.1/ejml-core-0.46.1.jar:~/.m2/repository/org/ejml/ejml-ddense/0.46.1/ejml-ddense-0.46.1.jar:\
 *     ~/.m2/repository/dev/ludovic/netlib/blas/3.0.4/blas-3.0.4.jar \
 *     io.fisherselect.math.bench.KernelTiming [rows]
 * </pre>
 *
 * Part 1 compares matrix-product kernels on the shapes of the selectors (GFMA/s, best of 3):
 * DenseKernels.multiplyAdd (lanes), the row-at-a-time loop of KroneckerOps.contractEmbedding, EJML
 * and netlib (dev.ludovic.netlib, Spark's BLAS; used when on the class path). Part 2 times the
 * block passes of eig-logdet (d = 64, C = r = 10, dense H⁻¹): initial states and one update,
 * single-row methods vs block methods, per million rows on one thread. All times are thread CPU
 * time, best of a few runs. {@code KernelTiming select N blocks k} runs a whole eig-logdet selection
 * without Spark instead (see {@link #selection}); {@code KernelTiming shapes d rows} times the hot
 * products at embedding length d against the previous kernel and netlib (see {@link #shapes}; run
 * it with {@code OPENBLAS_NUM_THREADS=1} and add
 * {@code ~/.m2/repository/net/sourceforge/f2j/arpack_combined_all/0.1/arpack_combined_all-0.1.jar}
 * to the class path, which netlib's loader needs).
 */
public final class KernelTiming {
    private KernelTiming() {
    }

    interface Run {
        void run();
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /**
     * Best of {@code reps} runs after one warm-up, in seconds of this thread's CPU time (the
     * machine may be shared; CPU time does not count the time other processes hold the cores).
     */
    static double best(int reps, Run r) {
        r.run();
        double best = Double.MAX_VALUE;
        for (int i = 0; i < reps; i++) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            r.run();
            best = Math.min(best, (THREADS.getCurrentThreadCpuTime() - t0) / 1e9);
        }
        return best;
    }

    static MethodHandle netlibDgemm() {
        try {
            Class<?> cls = Class.forName("dev.ludovic.netlib.blas.BLAS");
            Object blas = cls.getMethod("getInstance").invoke(null);
            System.out.println("netlib: " + blas.getClass().getName());
            MethodHandle h = MethodHandles.publicLookup().findVirtual(cls, "dgemm", MethodType.methodType(void.class,
                    String.class, String.class, int.class, int.class, int.class, double.class, double[].class, int.class,
                    double[].class, int.class, double.class, double[].class, int.class));
            return h.bindTo(blas);
        } catch (ReflectiveOperationException | LinkageError e) {
            System.out.println("netlib not on the class path: " + e);
            return null;
        }
    }

    public static void main(String[] args) throws Throwable {
        if (args.length > 0 && args[0].equals("shapes")) {
            shapes(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            return;
        }
        if (args.length > 0 && args[0].equals("select")) {
            selection(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            return;
        }
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Random rnd = new Random(1);
        MethodHandle dgemm = netlibDgemm();

        System.out.println("== kernels: C (rows×n) = X (rows×k) · W (k×n), tiles of " + 128 + " rows");
        int[][] shapes = {{64, 100}, {64, 200}, {2080, 55}};
        for (int[] sh : shapes) {
            int k = sh[0];
            int n = sh[1];
            int t = 128;
            int tiles = Math.max(1, (int) (4e8 / ((double) t * k * n)));
            double flops = (double) tiles * t * k * n;
            double[] w = gaussian(rnd, k * n);
            double[] xRows = gaussian(rnd, t * k);
            double[][] xLanes = new double[k][t];
            DenseKernels.toLanes(xRows, 0, k, t, xLanes, 0);
            double[][] out = new double[n][t];
            double[] cRows = new double[t * n];
            double[] z = new double[n];
            report(k, n, "lanes (DenseKernels)", flops, best(3, () -> {
                for (int it = 0; it < tiles; it++) {
                    DenseKernels.zero(out, 0, n, t);
                    DenseKernels.multiplyAdd(w, 0, n, k, n, xLanes, 0, t, out, 0);
                }
            }));
            report(k, n, "row loop (contractEmbedding)", flops, best(3, () -> {
                for (int it = 0; it < tiles; it++) {
                    for (int i = 0; i < t; i++) {
                        KroneckerOps.contractEmbedding(xRows, i * k, k, w, n, z, 0);
                    }
                }
            }));
            report(k, n, "triple loop (reference)", flops / 4, best(1, () -> {
                for (int it = 0; it < Math.max(1, tiles / 4); it++) {
                    DenseKernels.zero(out, 0, n, t);
                    DenseKernels.multiplyAddReference(w, 0, n, k, n, xLanes, 0, t, out, 0);
                }
            }) * (tiles >= 4 ? 1 : 4.0 / tiles));
            DMatrixRMaj xm = DMatrixRMaj.wrap(t, k, xRows);
            DMatrixRMaj wm = DMatrixRMaj.wrap(k, n, w);
            DMatrixRMaj cm = DMatrixRMaj.wrap(t, n, cRows);
            report(k, n, "EJML CommonOps_DDRM.mult", flops, best(3, () -> {
                for (int it = 0; it < tiles; it++) {
                    CommonOps_DDRM.mult(xm, wm, cm);
                }
            }));
            if (dgemm != null) {
                report(k, n, "netlib dgemm", flops, best(3, () -> {
                    for (int it = 0; it < tiles; it++) {
                        try {
                            // row-major C = X W is column-major Cᵀ = Wᵀ Xᵀ
                            dgemm.invokeExact("N", "N", n, t, k, 1.0, w, n, xRows, k, 0.0, cRows, n);
                        } catch (Throwable e) {
                            throw new RuntimeException(e);
                        }
                    }
                }));
            }
        }

        System.out.println("== eig-logdet block passes, d = 64, C = r = 10, dense H⁻¹, " + rows + " rows, one thread");
        int d = 64;
        int c = 10;
        CandidateBlock block = randomBlock(rnd, rows, d, c);
        DMatrixRMaj hInv = randomSpdInverse(rnd, c * d);
        PriorInverse prior = PriorInverse.dense(hInv, d, c);
        LogDetObjective objective = new LogDetObjective(prior, c, c, 0.5, 0.0);
        GreedyObjective rowByRow = rowByRow(objective);
        double[] layout = KroneckerOps.projectionLayout(hInv, d, c);
        int sample = Math.min(rows, 5_000);
        double[] zz = new double[c * c * d];
        double[] q = new double[c * c];
        double old = best(1, () -> {
            for (int i = 0; i < sample; i++) {
                KroneckerOps.embeddingQuadraticForm(block.phi, i * d, d, c, layout, zz, 0, q, 0);
            }
        });
        System.out.printf("initial, previous O(D²) contraction (embeddingQuadraticForm)  %8.2f s per 1M rows%n", old / sample * 1e6);
        CandidateBlock small = slice(block, sample);
        double single = best(1, () -> BlockState.initial(small, rowByRow));
        System.out.printf("initial + gains, single-row methods (packed quadratic form)   %8.2f s per 1M rows%n", single / sample * 1e6);
        BlockState[] state = new BlockState[1];
        double blockInit = best(1, () -> state[0] = BlockState.initial(block, objective));
        System.out.printf("initial + gains, block methods (lanes)                          %8.2f s per 1M rows%n", blockInit / rows * 1e6);

        StepMessage msg = new StepMessage(new double[][] {scaled(gaussian(rnd, d * c * c), 0.01)}, new int[] {c}, new double[0]);
        double next1 = best(3, () -> state[0].next(block, rowByRow, "none", msg));
        System.out.printf("update + gains, single-row methods                              %8.2f s per 1M rows%n", next1 / rows * 1e6);
        double next2 = best(3, () -> state[0].next(block, objective, "none", msg));
        System.out.printf("update + gains, block methods (lanes)                           %8.2f s per 1M rows%n", next2 / rows * 1e6);
        double gains = best(3, () -> state[0].best(block, objective));
        System.out.printf("best (scan of the stored gains)                                 %8.2f s per 1M rows%n", gains / rows * 1e6);
    }

    /**
     * {@code shapes d rows}: the three hot products of the selectors at embedding length d, C = 10,
     * on one thread, the previous kernels (plain lanes; 4 columns × 2 vectors) vs the current one vs
     * netlib dgemm on the same shapes (all in
     * billions of multiply-adds per second): the per-pick projection (tiles of 128 rows × d) ·
     * (d × C·m), m = 10 (eig-logdet) and 20 (BAIT); the initial states (monomial panels of 256 ×
     * 128 rows) · (256 × 55); one panel of the pool Fisher sum, (56 lanes × 256) · (256 × 512); and
     * the whole pool Fisher sum over {@code rows} rows (FisherSum.of, Ψᵀ W with Ψ the rows'
     * d(d+1)/2 monomials and W their 55 weights, forming Ψ included).
     */
    static void shapes(int d, int rows) throws Throwable {
        Random rnd = new Random(3);
        MethodHandle dgemm = netlibDgemm();
        System.out.println("lane kernel: " + DenseKernels.productName());
        // {lanes, k, n}: the last is one panel of the pool Fisher sum (56 padded class pairs as
        // lanes, 256 rows, 512 monomials), the kernel alone without forming the monomials
        int[][] products = {{128, d, 100}, {128, d, 200}, {128, 256, 55}, {56, 256, 512}};
        for (int[] sh : products) {
            int t = sh[0];
            int k = sh[1];
            int n = sh[2];
            int tiles = Math.max(1, (int) (2e9 / ((double) t * k * n)));
            double flops = (double) tiles * t * k * n;
            double[] w = gaussian(rnd, k * n);
            double[] xRows = gaussian(rnd, t * k);
            double[][] xLanes = new double[k][t];
            DenseKernels.toLanes(xRows, 0, k, t, xLanes, 0);
            double[][] out = new double[n][t];
            double[] cRows = new double[t * n];
            report(k, n, "previous lane kernel", flops, best(3, () -> {
                for (int it = 0; it < tiles; it++) {
                    DenseKernels.zero(out, 0, n, t);
                    io.fisherselect.math.linalg.PreviousKernels.multiplyAdd(w, 0, n, k, n, xLanes, 0, t, out, 0);
                }
            }));
            report(k, n, "previous vector kernel (4×2)", flops, best(3, () -> {
                for (int it = 0; it < tiles; it++) {
                    DenseKernels.zero(out, 0, n, t);
                    io.fisherselect.math.linalg.PreviousKernels.vectorMultiplyAdd(w, 0, n, k, n, xLanes, 0, t, out, 0);
                }
            }));
            report(k, n, "DenseKernels.multiplyAdd", flops, best(3, () -> {
                for (int it = 0; it < tiles; it++) {
                    DenseKernels.zero(out, 0, n, t);
                    DenseKernels.multiplyAdd(w, 0, n, k, n, xLanes, 0, t, out, 0);
                }
            }));
            if (dgemm != null) {
                report(k, n, "netlib dgemm", flops, best(3, () -> {
                    for (int it = 0; it < tiles; it++) {
                        try {
                            dgemm.invokeExact("N", "N", n, t, k, 1.0, w, n, xRows, k, 0.0, cRows, n);
                        } catch (Throwable e) {
                            throw new RuntimeException(e);
                        }
                    }
                }));
            }
        }
        int c = 10;
        CandidateBlock block = randomBlock(rnd, rows, d, c);
        int monomials = d * (d + 1) / 2;
        double flops = (double) rows * monomials * 55;
        report(monomials, 55, "pool Fisher, previous", flops, best(1, () -> io.fisherselect.math.linalg.PreviousKernels.fisherSum(block)));
        report(monomials, 55, "pool Fisher, FisherSum.of", flops, best(1, () -> io.fisherselect.math.fisher.FisherSum.of(block)));
        if (dgemm != null) {
            // the same product with the monomials formed once: (monomials × rows) · (rows × 55)
            double[] psi = new double[monomials * rows];
            double[] wRows = gaussian(rnd, rows * 55);
            double[] r = new double[monomials * 55];
            report(monomials, 55, "pool Fisher, netlib dgemm", flops, best(1, () -> {
                try {
                    dgemm.invokeExact("N", "N", 55, monomials, rows, 1.0, wRows, 55, psi, rows, 0.0, r, 55);
                } catch (Throwable e) {
                    throw new RuntimeException(e);
                }
            }));
        }
    }

    static void report(int k, int n, String name, double flops, double seconds) {
        System.out.printf("k=%4d n=%4d  %-30s %7.2f GFMA/s%n", k, n, name, flops / seconds / 1e9);
    }

    public static double[] gaussian(Random rnd, int len) {
        double[] a = new double[len];
        for (int i = 0; i < len; i++) {
            a[i] = rnd.nextGaussian();
        }
        return a;
    }

    static double[] scaled(double[] a, double s) {
        for (int i = 0; i < a.length; i++) {
            a[i] *= s;
        }
        return a;
    }

    public static CandidateBlock randomBlock(Random rnd, int n, int d, int c) {
        CandidateBlockBuilder b = new CandidateBlockBuilder(FactorSpec.fisher(), c);
        for (int i = 0; i < n; i++) {
            // the builder keeps the arrays it is given
            double[] phi = new double[d];
            double[] probs = new double[c];
            for (int k = 0; k < d; k++) {
                phi[k] = rnd.nextGaussian();
            }
            double z = 0;
            for (int j = 0; j < c; j++) {
                probs[j] = Math.exp(2 * rnd.nextGaussian());
                z += probs[j];
            }
            for (int j = 0; j < c; j++) {
                probs[j] /= z;
            }
            b.add(String.format("p%09d", i), phi, probs, 0);
        }
        return b.build(d);
    }

    static CandidateBlock slice(CandidateBlock b, int n) {
        int cr = b.c * b.r;
        return new CandidateBlock(java.util.Arrays.copyOf(b.ids, n), b.d, b.c, b.r,
                java.util.Arrays.copyOf(b.phi, n * b.d), java.util.Arrays.copyOf(b.factor, n * cr));
    }

    static DMatrixRMaj randomSpdInverse(Random rnd, int n) {
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        for (int i = 0; i < a.data.length; i++) {
            a.data[i] = rnd.nextGaussian();
        }
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransB(a, a, m);
        for (int i = 0; i < n; i++) {
            m.add(i, i, n);
        }
        CommonOps_DDRM.invert(m);
        return m;
    }

    /** The objective without its block methods (the defaults call the single-row methods). */
    static GreedyObjective rowByRow(GreedyObjective o) {
        return new GreedyObjective() {
            @Override
            public int stateWidth() {
                return o.stateWidth();
            }

            @Override
            public int scratchSize() {
                return o.scratchSize();
            }

            @Override
            public void initialize(CandidateBlock block, int row, double[] state, double[] scratch) {
                o.initialize(block, row, state, scratch);
            }

            @Override
            public double gain(CandidateBlock block, int row, double[] state, double[] scratch) {
                return o.gain(block, row, state, scratch);
            }

            @Override
            public void update(CandidateBlock block, int row, double[] state, StepMessage message, double[] scratch) {
                o.update(block, row, state, message, scratch);
            }
        };
    }

    /**
     * {@code select N blocks k}: eig-logdet greedy (d = 64, C = 10, H = I + Σ of 1000 labeled
     * Fisher matrices) over N random candidates in {@code blocks} blocks, one thread per block
     * (like one Spark task per partition), without Spark: wall and process CPU seconds per pick.
     */
    static void selection(int n, int parts, int k) throws Exception {
        int d = 64;
        int c = 10;
        Random rnd = new Random(7);
        java.util.List<CandidateBlock> blocks = new java.util.ArrayList<>();
        for (int p = 0; p < parts; p++) {
            blocks.add(randomBlock(rnd, n / parts + (p < n % parts ? 1 : 0), d, c));
        }
        DMatrixRMaj h = new DMatrixRMaj(c * d, c * d);
        for (int i = 0; i < c * d; i++) {
            h.set(i, i, 1.0);
        }
        CandidateBlock labeled = randomBlock(rnd, 1000, d, c);
        for (int i = 0; i < labeled.n; i++) {
            KroneckerOps.addFisher(h, 1.0, labeled.phi, labeled.phiOffset(i), d, labeled.factor,
                    labeled.factorOffset(i), c, c);
        }
        DMatrixRMaj hInv = io.fisherselect.math.linalg.SpdOps.invert(h, "H");
        io.fisherselect.math.select.GreedyDriver driver = new io.fisherselect.math.method.LogDetDriver(
                new io.fisherselect.math.inverse.WoodburyInverse(hInv.copy(), d, c), PriorInverse.dense(hInv, d, c), c, 0.5, 0.0);
        GreedyObjective objective = driver.objective();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(parts);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        BlockState[] states = new BlockState[parts];
        long w0 = System.nanoTime();
        long c0 = os.getProcessCpuTime();
        run(pool, parts, p -> states[p] = BlockState.initial(blocks.get(p), objective));
        for (int t = 0; t < k; t++) {
            io.fisherselect.math.select.Pick best = null;
            for (int p = 0; p < parts; p++) {
                best = io.fisherselect.math.select.Pick.best(best, states[p].best(blocks.get(p), objective));
            }
            if (t + 1 < k) {
                StepMessage msg = driver.afterPick(best);
                String id = best.id;
                run(pool, parts, p -> states[p] = states[p].next(blocks.get(p), objective, id, msg));
            }
            long w1 = System.nanoTime();
            long c1 = os.getProcessCpuTime();
            System.out.printf("pick %d/%d: %s gain %.6g (%.2f s, cpu %.2f s)%n", t + 1, k, best.id, best.gain,
                    (w1 - w0) / 1e9, (c1 - c0) / 1e9);
            w0 = w1;
            c0 = c1;
        }
        pool.shutdown();
    }

    interface PartTask {
        void run(int part);
    }

    static void run(java.util.concurrent.ExecutorService pool, int parts, PartTask task) throws Exception {
        java.util.List<java.util.concurrent.Future<?>> fs = new java.util.ArrayList<>();
        for (int p = 0; p < parts; p++) {
            int q = p;
            fs.add(pool.submit(() -> task.run(q)));
        }
        for (java.util.concurrent.Future<?> f : fs) {
            f.get();
        }
    }
}
