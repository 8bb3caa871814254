package io.fisherselect.math.bench;

import io.fisherselect.math.fisher.KroneckerOps;
import io.fisherselect.math.inverse.PriorInverse;
import io.fisherselect.math.inverse.WoodburyInverse;
import io.fisherselect.math.linalg.Numerics;
import io.fisherselect.math.linalg.SpdOps;
import io.fisherselect.math.method.LogDetDriver;
import io.fisherselect.math.select.BlockStates;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.ClassQuota;
import io.fisherselect.math.select.GreedyDriver;
import io.fisherselect.math.select.GreedyLoop;
import io.fisherselect.math.select.GreedyObjective;
import io.fisherselect.math.select.Pick;
import io.fisherselect.math.select.StepMessage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;

/**
 * A hand-run timing harness (not a test): one multiround part's greedy as
 * {@code MultiRoundGreedy.partGreedy} runs it — eig-logdet (d = 64, C = r = 10, D = 640, dense
 * H⁻¹ from 1,000 labeled items) over one in-memory block, {@link GreedyLoop} on
 * {@link BlockStates} in the caller's thread. Prints the thread CPU time per pick, split into the
 * candidates' step (every state updated, the block's best) and the driver's update of H⁻¹ (CPU
 * time: the machine may be shared). Run after {@code mvn -o -q test-compile} with the class path of
 * {@link KernelTiming}:
 *
 * <pre>
 *   java --add-modules=jdk.incubator.vector -cp … io.fisherselect.math.bench.PartTiming [items] [picks] [refactorEvery]
 * </pre>
 *
 * {@code refactorEvery} 0 leaves out the periodic re-factorisation of H⁻¹ (default 50 picks), to
 * time the per-pick update alone.
 */
public final class PartTiming {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private PartTiming() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int picks = args.length > 1 ? Integer.parseInt(args[1]) : 2_500;
        // picks between re-factorisations of H⁻¹ (the default; 0: never, to time the updates alone)
        int refactorEvery = args.length > 2 ? Integer.parseInt(args[2]) : Numerics.DEFAULT_REFACTOR_EVERY;
        int d = 64;
        int c = 10;
        Random rnd = new Random(7);
        CandidateBlock part = KernelTiming.randomBlock(rnd, n, d, c);
        DMatrixRMaj h = new DMatrixRMaj(c * d, c * d);
        for (int i = 0; i < c * d; i++) {
            h.set(i, i, 1.0);
        }
        CandidateBlock labeled = KernelTiming.randomBlock(rnd, 1000, d, c);
        for (int i = 0; i < labeled.n; i++) {
            KroneckerOps.addFisher(h, 1.0, labeled.phi, labeled.phiOffset(i), d, labeled.factor,
                    labeled.factorOffset(i), c, c);
        }
        DMatrixRMaj hInv = SpdOps.invert(h, "H");
        long[] driverNs = new long[1];
        long[] stepNs = new long[1];
        LogDetDriver logDet = new LogDetDriver(new WoodburyInverse(hInv.copy(), d, c, new Numerics(refactorEvery)), PriorInverse.dense(hInv, d, c),
                c, 0.5, 0.0);
        GreedyDriver driver = new GreedyDriver() {
            @Override
            public GreedyObjective objective() {
                return logDet.objective();
            }

            @Override
            public StepMessage afterPick(Pick pick) {
                long t0 = THREADS.getCurrentThreadCpuTime();
                StepMessage m = logDet.afterPick(pick);
                driverNs[0] += THREADS.getCurrentThreadCpuTime() - t0;
                return m;
            }
        };
        BlockStates states = new BlockStates(List.of(part));
        GreedyLoop.StateStore timed = new GreedyLoop.StateStore() {
            @Override
            public List<Pick> start(GreedyObjective objective, int forward, List<String> savedIds,
                                    List<StepMessage> replayed, ClassQuota caps, boolean[] full) {
                return states.start(objective, forward, savedIds, replayed, caps, full);
            }

            @Override
            public List<Pick> step(int t, String pickedId, StepMessage message, boolean[] full) {
                long t0 = THREADS.getCurrentThreadCpuTime();
                List<Pick> b = states.step(t, pickedId, message, full);
                stepNs[0] += THREADS.getCurrentThreadCpuTime() - t0;
                return b;
            }

            @Override
            public void close() {
                states.close();
            }
        };
        long c0 = THREADS.getCurrentThreadCpuTime();
        long w0 = System.nanoTime();
        List<Pick> batch = GreedyLoop.run(timed, driver, picks, List.of(), List.of());
        double cpu = (THREADS.getCurrentThreadCpuTime() - c0) / 1e6;
        double wall = (System.nanoTime() - w0) / 1e6;
        int steps = picks - 1;
        System.out.printf("part of %d items, d = %d, C = r = %d, %d picks, H⁻¹ re-factorised every %d: %.2f ms CPU per pick "
                        + "(step %.2f, driver %.2f; %.0f ms CPU in all, %.0f ms wall)%n",
                n, d, c, picks, refactorEvery, cpu / picks, stepNs[0] / 1e6 / steps, driverNs[0] / 1e6 / steps, cpu, wall);
        // a checksum of the batch, to compare runs bit for bit
        long hash = 17;
        for (Pick p : batch) {
            hash = hash * 31 + p.id.hashCode();
            hash = hash * 31 + Double.hashCode(p.gain);
        }
        System.out.printf("batch checksum %016x, last gain %.17g%n", hash, batch.get(batch.size() - 1).gain);
    }
}
