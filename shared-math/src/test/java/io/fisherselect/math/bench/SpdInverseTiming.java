package io.fisherselect.math.bench;

import io.fisherselect.math.linalg.PreviousKernels;
import io.fisherselect.math.linalg.SpdOps;
import io.fisherselect.math.testing.MatrixAsserts;
import java.util.Arrays;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;

/**
 * A hand-run timing harness (not a test): the driver's D×D inverse of a symmetric
 * positive-definite matrix, {@code SpdOps.inverseFromCholesky} (rows in tiles) against the
 * column-by-column version it replaced ({@code PreviousKernels.inverseFromCholesky}), and EJML's
 * Cholesky that comes before it ({@code SpdOps.cholesky}). Run after {@code mvn -o -q test-compile}:
 *
 * <pre>
 *   java --add-modules=jdk.incubator.vector -Xmx4g -cp shared-math/target/classes:shared-math/target/test-classes:\
 *     ~/.m2/repository/org/ejml/ejml-core/0.46.1/ejml-core-0.46.1.jar:~/.m2/repository/org/ejml/ejml-ddense/0.46.1/ejml-ddense-0.46.1.jar \
 *     io.fisherselect.math.bench.SpdInverseTiming [new] [D ...]
 * </pre>
 *
 * With {@code new} the previous version is not run (its time is left blank). D defaults to 1280 2560 5120 (d = 128, 256, 512 with C = 10). The matrix is a random symmetric
 * one with diagonal D (diagonally dominant, so positive definite, and built in O(D²)). One
 * thread; thread CPU time; the new routine best of 2, the previous one (minutes at D = 5120) run
 * once. Each line also says whether the two inverses are the same bits.
 */
public final class SpdInverseTiming {
    private SpdInverseTiming() {
    }

    public static void main(String[] args) {
        boolean newOnly = args.length > 0 && args[0].equals("new");
        String[] given = newOnly ? Arrays.copyOfRange(args, 1, args.length) : args;
        int[] sizes = given.length == 0 ? new int[] {1280, 2560, 5120}
                : Arrays.stream(given).mapToInt(Integer::parseInt).toArray();
        // warm up the JIT on both routines
        DMatrixRMaj small = SpdOps.cholesky(diagonallyDominant(new Random(0), 300), "A");
        for (int i = 0; i < 5; i++) {
            SpdOps.inverseFromCholesky(small);
            PreviousKernels.inverseFromCholesky(small);
        }
        System.out.println("D, cholesky (s), inverseFromCholesky rows in tiles (s), column by column (s), speed-up, same bits");
        for (int n : sizes) {
            DMatrixRMaj a = diagonallyDominant(new Random(n), n);
            DMatrixRMaj[] l = new DMatrixRMaj[1];
            double chol = KernelTiming.best(1, () -> l[0] = SpdOps.cholesky(a, "A"));
            DMatrixRMaj[] fresh = new DMatrixRMaj[1];
            double now = KernelTiming.best(2, () -> fresh[0] = SpdOps.inverseFromCholesky(l[0]));
            if (newOnly) {
                System.out.printf("%d, %.2f, %.2f, , , %n", n, chol, now);
                continue;
            }
            DMatrixRMaj[] before = new DMatrixRMaj[1];
            long t0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            before[0] = PreviousKernels.inverseFromCholesky(l[0]);
            double previous = (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - t0) / 1e9;
            boolean same = Arrays.equals(MatrixAsserts.bits(before[0]), MatrixAsserts.bits(fresh[0]));
            System.out.printf("%d, %.2f, %.2f, %.2f, %.1f, %s%n", n, chol, now, previous, previous / now, same);
        }
    }

    static DMatrixRMaj diagonallyDominant(Random rnd, int n) {
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            a.set(i, i, n);
            for (int j = 0; j < i; j++) {
                double v = 2 * rnd.nextDouble() - 1;
                a.set(i, j, v);
                a.set(j, i, v);
            }
        }
        return a;
    }
}
