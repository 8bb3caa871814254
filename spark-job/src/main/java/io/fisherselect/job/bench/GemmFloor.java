package io.fisherselect.job.bench;

import dev.ludovic.netlib.blas.BLAS;
import io.fisherselect.math.AcquisitionMethod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The floor of a selection stage: the multiply-adds the stage's dense products perform, run as
 * BLAS GEMMs (Spark's dev.ludovic.netlib; native OpenBLAS when the system has it) on the same
 * shapes, timed in this JVM, in the same run as the stage. Only the products whose cost grows
 * with the pool are counted (the driver's D×D work, reading and the O(C·r²) per-candidate tails
 * are not), so a stage can never beat its floor, and stage/floor says how far the kernels are
 * from the machine's BLAS.
 *
 * <p>The products, with M = d(d+1)/2 monomials, P = C(C+1)/2 class pairs, N pool items, n_L
 * labeled items, r factor columns:
 * <ul>
 *   <li>a Fisher sum over n rows (aggregate): (M × n)·(n × P) ({@code FisherSum});
 *   <li>initial states with a dense prior (first pick): (N × M)·(M × P) per dense prior
 *       ({@code PriorInverse.quadraticForms}): eig-logdet one when there is a labeled set,
 *       bait M₀⁻¹ F M₀⁻¹ always and M₀⁻¹ too with a labeled set;
 *   <li>a pick's projections: (N × d)·(d × C·r) per projected matrix ({@code CandidateTile.project}):
 *       eig-logdet one per pick, bait two per forward pick (2k forward picks).
 * </ul>
 * Methods and modes outside this list get no floor.
 */
public final class GemmFloor {
    /** a sampled GEMM has at most this many rows and inner length (scaled linearly beyond) */
    private static final int SAMPLE = 4096;

    /** {@code count} products (rows × inner)·(inner × cols). */
    public record Gemm(long rows, long inner, long cols, long count) {
        double multiplyAdds() {
            return (double) rows * inner * cols * count;
        }
    }

    /** Floors of the aggregate and select stages in seconds (NaN: no floor for this run). */
    public record Stages(double aggregate, double select) {
    }

    private final BLAS blas = BLAS.getInstance();
    private final Map<List<Long>, Double> secondsPerMultiplyAdd = new HashMap<>();
    /** GEMMs run side by side: the stage's parallelism (Spark's cores) */
    private final int parallelism;

    /** A floor for stages that run on {@code parallelism} cores. */
    public GemmFloor(int parallelism) {
        this.parallelism = Math.max(1, parallelism);
    }

    /** GEMMs side by side. */
    public int parallelism() {
        return parallelism;
    }

    /** The BLAS implementation the floors are measured with. */
    public String blasName() {
        return blas.getClass().getSimpleName();
    }

    /** The aggregate stage's products. */
    public static List<Gemm> aggregate(AcquisitionMethod method, long n, long nLabeled, int d, int c) {
        if (method != AcquisitionMethod.EIG_LOGDET && method != AcquisitionMethod.BAIT) {
            return null;
        }
        long monomials = (long) d * (d + 1) / 2;
        long pairs = (long) c * (c + 1) / 2;
        List<Gemm> g = new ArrayList<>();
        if (nLabeled > 0) {
            g.add(new Gemm(monomials, nLabeled, pairs, 1));
        }
        if (method == AcquisitionMethod.BAIT) {
            g.add(new Gemm(monomials, n, pairs, 1));
        }
        return g;
    }

    /** The select stage's products (exact greedy). */
    public static List<Gemm> select(AcquisitionMethod method, long n, long nLabeled, int d, int c, int r, int k) {
        long monomials = (long) d * (d + 1) / 2;
        long pairs = (long) c * (c + 1) / 2;
        List<Gemm> g = new ArrayList<>();
        if (method == AcquisitionMethod.EIG_LOGDET) {
            if (nLabeled > 0) {
                g.add(new Gemm(n, monomials, pairs, 1));
            }
            g.add(new Gemm(n, d, (long) c * r, k));
        } else if (method == AcquisitionMethod.BAIT) {
            g.add(new Gemm(n, monomials, pairs, nLabeled > 0 ? 2 : 1));
            g.add(new Gemm(n, d, (long) c * r, 2L * 2 * k));
        } else {
            return null;
        }
        return g;
    }

    /** Seconds the products take as BLAS GEMMs here and now (NaN for null). */
    public double seconds(List<Gemm> products) {
        if (products == null) {
            return Double.NaN;
        }
        double s = 0;
        for (Gemm g : products) {
            s += g.multiplyAdds() * secondsPerMultiplyAdd(g);
        }
        return s;
    }

    /**
     * Best of three of {@link #parallelism} GEMMs at once, one per thread, each on a sample of the
     * shape (rows and inner length cut to {@link #SAMPLE}, the columns as they are), per
     * multiply-add; measured once per shape. Independent GEMMs side by side are how the stage
     * runs (one Spark task per core), and they avoid OpenBLAS's own threads (submit/bench.sh sets
     * OPENBLAS_NUM_THREADS=1), whose spinning collapses when other processes share the cores.
     */
    private double secondsPerMultiplyAdd(Gemm g) {
        int m = (int) Math.min(g.rows(), SAMPLE);
        int kk = (int) Math.min(g.inner(), SAMPLE);
        int n = (int) g.cols();
        return secondsPerMultiplyAdd.computeIfAbsent(List.of((long) m, (long) kk, (long) n), key -> {
            Random rnd = new Random(1);
            double[] a = new double[m * kk];
            double[] b = new double[kk * n];
            for (int i = 0; i < a.length; i++) {
                a[i] = rnd.nextGaussian();
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = rnd.nextGaussian();
            }
            double[][] out = new double[parallelism][m * n];
            double best = Double.MAX_VALUE;
            for (int rep = 0; rep < 4; rep++) {
                long t0 = System.nanoTime();
                // row-major (m × kk)·(kk × n) is column-major (n × kk)·(kk × m)
                java.util.stream.IntStream.range(0, parallelism).parallel().forEach(
                        p -> blas.dgemm("N", "N", n, m, kk, 1.0, b, n, a, kk, 0.0, out[p], n));
                double s = (System.nanoTime() - t0) / 1e9;
                if (rep > 0) {
                    best = Math.min(best, s);
                }
            }
            return best / ((double) parallelism * m * kk * n);
        });
    }
}
