package io.fisherselect.math.select;

import io.fisherselect.math.plan.MethodPlans;
import io.fisherselect.math.plan.PlanInputs;
import io.fisherselect.math.plan.SelectionParams;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.sample.ItemUniform;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Multi-round partitioned greedy (Böther et al., MLSys 2025, "On Distributed Larger-Than-Memory
 * Subset Selection With Pairwise Submodular Functions", the partition-based greedy that follows
 * their bounding step). Starting from the whole pool S₀, round r:
 * <ol>
 *   <li>deals the survivors Sᵣ into m = ⌈|Sᵣ| / P⌉ parts ({@link #parts}), item i to part
 *       ⌊u(seed, round r, id)·m⌋ ({@link #part}): a seeded random assignment that depends only on
 *       the id, so the parts are the same for any input order or partitioning;</li>
 *   <li>if m = 1 the round is the last: the greedy for k over Sᵣ, which is the exact greedy over
 *       Sᵣ;</li>
 *   <li>otherwise the round keeps T = max(k, ⌈|Sᵣ| / ρ⌉) items ({@link #target}): every part runs
 *       the greedy (the one {@link GreedyLoop} over {@link BlockStates}, the same
 *       {@link BlockState} steps as every selector) for its share of T, proportional to its size ({@link #shares}); the union
 *       of the picks is Sᵣ₊₁. When T = k and the parts still do not fit one part (k &gt; P), the
 *       union is the batch and no part ever holds it whole.</li>
 * </ol>
 * With |S₀| ≤ P it is exactly the greedy over the pool. Otherwise it is an approximation of the
 * centralised greedy: for monotone submodular objectives (eig-logdet, the LogDet family)
 * partition-based greedy with random partitions keeps a constant fraction of the centralised
 * greedy's value in expectation (Barbosa et al. 2015, "The Power of Randomization: Distributed
 * Submodular Maximization on Massive Datasets", for the two-round case); for the others (epig-logdet,
 * bait) it is a heuristic.
 *
 * <p>Inside a part, the greedy can be stochastic greedy (Mirzasoleiman et al., AAAI 2015, "Lazier
 * Than Lazy Greedy"): each step picks the best item of a random sample of the unpicked items, each
 * unpicked item in the sample independently with probability min(1, s / unpicked),
 * s = ⌈(n / share)·ln(1/ε)⌉, decided by u(seed, round and step, id) (so again by the id only).
 * The guarantee (1 − 1/e − ε in expectation for monotone submodular objectives) carries over since
 * a sample misses a given set of m unpicked items with probability (1 − s/unpicked)^m ≤ e^(−s·m/n),
 * the bound the paper's proof uses. Only the rounds of several parts sample; the last round (one
 * part) is the plain greedy, so a pool of at most P items gets exactly the greedy. Here every
 * item's state is still updated after every pick (the incremental states of
 * {@link GreedyObjective}), so the sample saves only the comparisons, not the updates: it changes
 * which items are picked, not the cost of a step.
 */
public final class MultiRoundGreedy {
    /** base stream of the part assignment; round r uses {@code STREAM_PARTS + r} */
    public static final long STREAM_PARTS = 0x4D524F554E440000L;
    /** base stream of stochastic greedy's samples; round r, step t use {@code + (r << 32) + t} */
    public static final long STREAM_SAMPLE = 0x5354474E52440000L;

    private MultiRoundGreedy() {
    }

    /**
     * The settings of a multi-round selection.
     *
     * @param partitionSize P: the most survivors one part is meant to hold (parts are random, so
     *                      a part's size is binomial around |Sᵣ|/m ≤ P)
     * @param shrink        ρ &gt; 1: each round keeps about 1/ρ of its survivors (at least k)
     * @param epsilon       stochastic greedy's ε in (0, 1), or 0 for the plain greedy in parts
     */
    public record Settings(int partitionSize, double shrink, double epsilon) implements Serializable {
        /** default ρ: a quarter of the survivors survive a round */
        public static final double DEFAULT_SHRINK = 4.0;
        /**
         * default P. A round keeps about 1/ρ of its survivors whatever P is, so a part of P items
         * runs P/ρ greedy steps over P candidates: the rounds cost ≈ N·P/(ρ−1) candidate updates
         * (and N/(ρ−1) driver steps), linear in P, against the exact greedy's N·k. At P = 10,000
         * the multi-round batches measured in docs/benchmarks.md ("Large batches") were within
         * 0.003% of the exact greedy's objective (k = 5,000 of 100,000, the last round one part) and
         * within 0.15% when k &gt; P (P = 2,500, a union of parts); k = 50,000 of a million took
         * 22 minutes for logdet.
         */
        public static final int DEFAULT_PARTITION_SIZE = 10_000;

        public Settings {
            if (partitionSize < 1) {
                throw new IllegalArgumentException("partition size must be ≥ 1, got " + partitionSize);
            }
            if (!(shrink > 1) || Double.isInfinite(shrink)) {
                throw new IllegalArgumentException("shrink must be a finite number > 1, got " + shrink);
            }
            if (!(epsilon >= 0 && epsilon < 1)) {
                throw new IllegalArgumentException("stochastic greedy epsilon must be in [0, 1) (0: plain greedy), got "
                        + epsilon);
            }
        }

        /**
         * P = {@link #DEFAULT_PARTITION_SIZE} for any k (with k &gt; P the batch is the union of the
         * last round's parts); ρ = 4; plain greedy in the parts.
         */
        public static Settings defaults() {
            return new Settings(DEFAULT_PARTITION_SIZE, DEFAULT_SHRINK, 0.0);
        }
    }

    /** What one round did: its survivors, parts and how many items it kept. */
    public record Round(int index, long survivors, int parts, long kept) implements Serializable {
    }

    /** The batch in pick order (gains as picked in the last round) and the rounds that led to it. */
    public record Result(List<Pick> picks, List<Round> rounds) {
    }

    /** The methods it runs: the greedy ones (badge samples; its large-batch form is k-means‖). */
    public static boolean supports(AcquisitionMethod m) {
        return m.kind() == AcquisitionMethod.Kind.GREEDY;
    }

    /** m = ⌈survivors / P⌉. */
    public static int parts(long survivors, int partitionSize) {
        long m = (survivors + partitionSize - 1) / partitionSize;
        if (m > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(survivors + " survivors need more than 2³¹ parts of " + partitionSize);
        }
        return (int) Math.max(1, m);
    }

    /** The part ⌊u(seed, STREAM_PARTS + round, id)·m⌋ of an item in a round of m parts. */
    public static int part(long seed, int round, String id, int parts) {
        double u = ItemUniform.uniform(seed, STREAM_PARTS + round, id);
        return Math.min(parts - 1, (int) (u * parts));
    }

    /** The items a round of several parts keeps: T = max(k, ⌈survivors / ρ⌉), at most the survivors. */
    public static long target(long survivors, int k, double shrink) {
        long t = (long) Math.ceil(survivors / shrink);
        return Math.min(survivors, Math.max(k, t));
    }

    /**
     * Each part's share of T, proportional to its size: ⌊T·nⱼ/S⌋, and one more for the parts with
     * the largest remainders T·nⱼ mod S (ties: smaller part index) until the shares sum to T.
     * Every share is at most its part's size.
     */
    public static int[] shares(long[] sizes, long target) {
        long total = 0;
        for (long n : sizes) {
            total += n;
        }
        if (target > total || target < 0) {
            throw new IllegalArgumentException("cannot keep " + target + " of " + total + " items");
        }
        int[] out = new int[sizes.length];
        long[] rem = new long[sizes.length];
        long given = 0;
        for (int j = 0; j < sizes.length; j++) {
            java.math.BigInteger prod = java.math.BigInteger.valueOf(target).multiply(java.math.BigInteger.valueOf(sizes[j]));
            java.math.BigInteger[] qr = prod.divideAndRemainder(java.math.BigInteger.valueOf(Math.max(1, total)));
            out[j] = qr[0].intValueExact();
            rem[j] = qr[1].longValue();
            given += out[j];
        }
        Integer[] order = new Integer[sizes.length];
        for (int j = 0; j < order.length; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (a, b) -> rem[a] != rem[b] ? Long.compare(rem[b], rem[a]) : Integer.compare(a, b));
        for (int i = 0; given < target; i++) {
            out[order[i]]++;
            given++;
        }
        return out;
    }

    /**
     * One part's greedy for {@code share} picks (stochastic when the settings say so), with the
     * selection's method and plan; its picks in order with their gains in the part.
     */
    public static List<Pick> partGreedy(CandidateBlock part, SelectionParams p, PlanInputs in, int share, int round,
                                        Settings s) {
        if (share == 0) {
            return List.of();
        }
        BlockStates.StepCandidates sample = null;
        if (s.epsilon() > 0) {
            double size = Math.ceil((double) part.n / share * Math.log(1.0 / s.epsilon()));
            long seed = p.seed();
            sample = (step, unpicked, id) -> ItemUniform.uniform(seed, STREAM_SAMPLE + ((long) round << 32) + step, id)
                    < size / unpicked;
        }
        return GreedyLoop.run(new BlockStates(List.of(part), sample), MethodPlans.greedy(p.withK(share), in), share,
                List.of(), List.of());
    }

    /**
     * The whole procedure on blocks held in memory (the reference the distributed form must
     * match): the batch of {@code p.k()} and the rounds.
     */
    public static Result select(List<CandidateBlock> blocks, SelectionParams p, PlanInputs in, Settings s) {
        if (!supports(p.method())) {
            throw new IllegalArgumentException("multi-round greedy runs greedy methods; " + p.method().cliName()
                    + " is a " + p.method().kind().name().toLowerCase(java.util.Locale.ROOT) + " method");
        }
        int k = p.k();
        CandidateBlock survivors = CandidateBlock.concat(blocks);
        if (survivors.n < k) {
            throw new IllegalArgumentException("k = " + k + " is larger than the pool (" + survivors.n + " items)");
        }
        List<Round> rounds = new ArrayList<>();
        for (int r = 0; ; r++) {
            int m = parts(survivors.n, s.partitionSize());
            if (m == 1) {
                rounds.add(new Round(r, survivors.n, 1, k));
                return new Result(GreedySelector.select(List.of(survivors), MethodPlans.greedy(p, in), k), rounds);
            }
            long target = target(survivors.n, k, s.shrink());
            List<CandidateBlock> parts = deal(survivors, p.seed(), r, m);
            long[] sizes = new long[m];
            for (int j = 0; j < m; j++) {
                sizes[j] = parts.get(j).n;
            }
            int[] share = shares(sizes, target);
            List<Pick> kept = new ArrayList<>();
            java.util.Set<String> keep = new java.util.HashSet<>();
            for (int j = 0; j < m; j++) {
                for (Pick pk : partGreedy(parts.get(j), p, in, share[j], r, s)) {
                    kept.add(new Pick(pk.id, pk.gain, null, null, null));
                    keep.add(pk.id);
                }
            }
            rounds.add(new Round(r, survivors.n, m, target));
            survivors = survivors.subset(keep);
            if (target == k && parts(target, s.partitionSize()) > 1) {
                // k > P: the union is the batch; no part could hold it whole.
                return new Result(kept, rounds);
            }
        }
    }

    /** The rows of a block dealt into m parts by {@link #part}, each in the block's row order. */
    public static List<CandidateBlock> deal(CandidateBlock block, long seed, int round, int m) {
        int[] counts = new int[m];
        int[] partOf = new int[block.n];
        for (int i = 0; i < block.n; i++) {
            partOf[i] = part(seed, round, block.ids[i], m);
            counts[partOf[i]]++;
        }
        int[][] rows = new int[m][];
        for (int j = 0; j < m; j++) {
            rows[j] = new int[counts[j]];
        }
        int[] fill = new int[m];
        for (int i = 0; i < block.n; i++) {
            rows[partOf[i]][fill[partOf[i]]++] = i;
        }
        List<CandidateBlock> out = new ArrayList<>(m);
        for (int j = 0; j < m; j++) {
            out.add(block.rows(rows[j]));
        }
        return out;
    }
}
