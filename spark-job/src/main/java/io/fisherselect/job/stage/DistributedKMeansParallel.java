package io.fisherselect.job.stage;

import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.method.KMeansParallel;
import io.fisherselect.math.method.KMeansParallel.Center;
import io.fisherselect.math.select.Pick;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * BADGE with {@code --init kmeans-parallel}: k-means‖ oversampling ({@link KMeansParallel}) over
 * the distributed gradient embeddings, then weighted k-means++ over the candidates on the driver.
 * Per round: one job updates every item's D² and nearest candidate with the round's new centers
 * and returns ψ = Σ D² per partition; one job draws the next round's candidates. Rounds continue
 * past {@code rounds} (at most 20 more) while there are fewer than k candidates.
 */
public final class DistributedKMeansParallel {
    private static final Logger LOG = LogManager.getLogger(DistributedKMeansParallel.class);
    private static final int EXTRA_ROUNDS = 20;

    private DistributedKMeansParallel() {
    }

    /** One partition: its block, ‖g‖², D² and nearest candidate per row. */
    record State(CandidateBlock block, double[] norms, double[] d2, int[] nearest) implements Serializable {
        static State initial(CandidateBlock b) {
            double[] norms = new double[b.n];
            for (int i = 0; i < b.n; i++) {
                norms[i] = KMeansParallel.squaredNorm(b, i);
            }
            double[] d2 = new double[b.n];
            Arrays.fill(d2, Double.POSITIVE_INFINITY);
            int[] nearest = new int[b.n];
            Arrays.fill(nearest, -1);
            return new State(b, norms, d2, nearest);
        }

        State with(List<Center> centers, int firstIndex) {
            double[] d = d2.clone();
            int[] nn = nearest.clone();
            KMeansParallel.update(block, norms, d, nn, centers, firstIndex);
            return new State(block, norms, d, nn);
        }

        double psi() {
            double s = 0;
            for (double v : d2) {
                s += v;
            }
            return s;
        }
    }

    /**
     * @param blocks gradient-embedding blocks ({@code FactorSpec.Kind.PSEUDO_LABEL_GRADIENT})
     * @return k picks in the driver's seeding order, gain = D² (weighted run) when picked
     */
    public static List<Pick> select(JavaSparkContext sc, JavaRDD<CandidateBlock> blocks, int k, long seed,
                                    int rounds, double ell, String label) {
        long t0 = System.nanoTime();
        sc.setJobDescription(label + " k-means‖ first center");
        JavaRDD<State> state = blocks.map(State::initial).persist(StorageLevel.MEMORY_AND_DISK());
        List<Center> firsts = state.map(s -> {
            int best = -1;
            for (int i = 0; i < s.block().n; i++) {
                if (best < 0 || Pick.better(s.norms()[i], s.block().ids[i], s.norms()[best], s.block().ids[best])) {
                    best = i;
                }
            }
            return best < 0 ? null : Center.of(s.block(), best);
        }).filter(c -> c != null).collect();
        Center first = null;
        for (Center c : firsts) {
            if (first == null || Pick.better(c.norm(), c.id(), first.norm(), first.id())) {
                first = c;
            }
        }
        List<Center> candidates = new ArrayList<>();
        List<Center> fresh = List.of(first);
        int maxRounds = rounds + EXTRA_ROUNDS;
        List<Broadcast<List<Center>>> live = new ArrayList<>();
        for (int round = 0; ; round++) {
            int base = candidates.size();
            candidates.addAll(fresh);
            sc.setJobDescription(label + " k-means‖ round " + (round + 1) + ": D² to " + candidates.size()
                    + " candidates");
            Broadcast<List<Center>> msg = sc.broadcast(new ArrayList<>(fresh));
            // the cached states' lineage references every round's message: destroyed at the end
            live.add(msg);
            JavaRDD<State> next = state.map(s -> s.with(msg.value(), base)).persist(StorageLevel.MEMORY_AND_DISK());
            double psi = 0;
            for (Double p : next.map(State::psi).collect()) {
                psi += p;
            }
            state.unpersist(false);
            state = next;
            boolean enough = candidates.size() >= k;
            if ((round >= rounds && enough) || round >= maxRounds || !(psi > 0)) {
                break;
            }
            sc.setJobDescription(label + " k-means‖ round " + (round + 1) + ": sample ~" + (long) ell + " candidates");
            final double psiF = psi;
            final int r = round;
            List<Center> drawn = new ArrayList<>(state.flatMap(s -> {
                List<Center> out = new ArrayList<>();
                for (int i = 0; i < s.block().n; i++) {
                    if (KMeansParallel.sampled(seed, r, s.block().ids[i], s.d2()[i], ell, psiF)) {
                        out.add(Center.of(s.block(), i));
                    }
                }
                return out.iterator();
            }).collect());
            drawn.sort(Comparator.comparing(Center::id));
            fresh = drawn;
            LOG.info(String.format(Locale.ROOT, "%s k-means‖ round %d: ψ = %.6g, %d new candidates (%.1f s)", label,
                    round + 1, psi, drawn.size(), (System.nanoTime() - t0) / 1e9));
        }
        if (candidates.size() < k) {
            throw new IllegalStateException("badge k-means‖ found only " + candidates.size() + " distinct candidates for"
                    + " k = " + k + " (the pool has fewer distinct gradient embeddings?); use --init kmeans-pp");
        }
        int size = candidates.size();
        sc.setJobDescription(label + " k-means‖ candidate weights");
        long[] weights = state.map(s -> {
            long[] w = new long[size];
            for (int nn : s.nearest()) {
                if (nn >= 0) {
                    w[nn]++;
                }
            }
            return w;
        }).reduce((a, b) -> {
            long[] o = a.clone();
            for (int i = 0; i < o.length; i++) {
                o[i] += b[i];
            }
            return o;
        });
        state.unpersist(false);
        for (Broadcast<List<Center>> b : live) {
            b.destroy();
        }
        List<Pick> picks = new ArrayList<>();
        for (KMeansParallel.Chosen ch : KMeansParallel.weightedSeeding(candidates, weights, k, seed)) {
            Center c = candidates.get(ch.index());
            picks.add(new Pick(c.id(), ch.d2(), null, null, null));
        }
        LOG.info(String.format(Locale.ROOT, "%s k-means‖: %d candidates, weighted k-means++ for k = %d (%.1f s)",
                label, size, k, (System.nanoTime() - t0) / 1e9));
        return picks;
    }
}
