package io.fisherselect.job.select;

import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.select.MultiRoundGreedy;
import java.util.Locale;

/**
 * The mode a selection runs, and why: {@code --mode auto} resolved once the candidates are counted,
 * or the mode as given. The rule of {@code auto} follows the cost model of docs/math.md §7.8: the
 * exact greedy costs N·k candidate updates (N candidates, k picks), the multi-round greedy about
 * N·P/(ρ−1) + k·P, spread over parts that run in parallel tasks with no Spark job per pick. For a
 * greedy method that {@link MultiRoundGreedy#supports} it, {@code auto} is {@code multiround} when
 * the batch is large (k ≥ {@link Rule#minK}), the candidates do not fit one part (N &gt; P, else
 * multiround would be the exact greedy anyway) and the exact greedy would take unreasonably long
 * (N·k &gt; {@link Rule#maxExactUpdates}); otherwise, and whenever the run asks for something only
 * the exact greedy does (class caps, pending items entered as picks, a checkpoint), {@code exact}.
 * Top-k methods, badge and cluster-margin select as they do in {@code exact}.
 *
 * @param mode   the mode that runs (never {@code AUTO})
 * @param reason why, for the log and report.json
 */
public record ModeChoice(ScaleOptions.Mode mode, String reason) {

    /**
     * The thresholds of {@code auto}.
     *
     * @param minK            the smallest batch for which multiround is considered
     * @param maxExactUpdates the most candidate updates N·k the exact greedy is left to do
     */
    public record Rule(int minK, long maxExactUpdates) {
        /**
         * k ≥ 1,000 and N·k &gt; 5·10⁹ candidate updates: about 1.5 hours of the exact eig-logdet
         * greedy at d = 64, C = 10 on two cores (≈ 1.06 s per pick per million candidates,
         * docs/benchmarks.md; an update is O(d·C·r) flops, docs/math.md §3.4).
         */
        public static final Rule DEFAULT = new Rule(1_000, 5_000_000_000L);
    }

    /**
     * The mode for a run.
     *
     * @param scale      the scale options as given (their mode may be {@code AUTO})
     * @param method     the selection's method
     * @param k          the batch size
     * @param candidates N, the candidates after the pending and excluded items
     * @param refusal    why this run cannot use {@code multiround} (null: it can;
     *                   {@link SelectConfig#multiRoundRefusal})
     * @param rule       the thresholds
     */
    static ModeChoice choose(ScaleOptions scale, AcquisitionMethod method, int k, long candidates, String refusal,
                             Rule rule) {
        if (scale.mode() != ScaleOptions.Mode.AUTO) {
            return new ModeChoice(scale.mode(), "--mode " + scale.mode().cliName());
        }
        if (!MultiRoundGreedy.supports(method)) {
            return new ModeChoice(ScaleOptions.Mode.EXACT, "auto: " + method.cliName()
                    + " selects as with --mode exact (multiround runs the greedy methods only)");
        }
        if (refusal != null) {
            return new ModeChoice(ScaleOptions.Mode.EXACT, "auto: exact, since multiround cannot run with " + refusal);
        }
        MultiRoundGreedy.Settings s = scale.multiRound(k);
        long p = s.partitionSize();
        double exact = (double) candidates * k;
        double multiRound = (double) candidates * p / (s.shrink() - 1) + (double) k * p;
        boolean large = k >= rule.minK();
        boolean split = candidates > p;
        boolean slow = exact > rule.maxExactUpdates();
        boolean multi = large && split && slow;
        return new ModeChoice(multi ? ScaleOptions.Mode.MULTIROUND : ScaleOptions.Mode.EXACT, String.format(Locale.ROOT,
                "auto: %s, since k = %d %s %d, N = %d %s P = %d and N·k = %.3g %s %.3g candidate updates of the exact"
                        + " greedy (multiround ≈ N·P/(ρ−1) + k·P = %.3g)",
                multi ? "multiround" : "exact", k, large ? "≥" : "<", rule.minK(), candidates, split ? ">" : "≤", p,
                exact, slow ? ">" : "≤", (double) rule.maxExactUpdates(), multiRound));
    }
}
