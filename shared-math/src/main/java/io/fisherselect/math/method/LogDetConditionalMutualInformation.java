package io.fisherselect.math.method;

import io.fisherselect.math.plan.SelectionParams;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.GreedyDriver;

/**
 * {@code logdet-cmi} (LogDetCMI of SIMILAR / PRISM, submodlib's
 * {@code LogDeterminantConditionalMutualInformationFunction}): greedy maximisation of
 * <pre>
 *   I(A; Q | P) = f(A ∪ P) + f(Q ∪ P) − f(A ∪ Q ∪ P) − f(P),   f(X) = log det(K_X + λI)
 *               = log det(I − K̂_P⁻¹ K_{P,Q} K̂_Q⁻¹ K_{Q,P}) − log det(I − K̂_{AP}⁻¹ K_{AP,Q} K̂_Q⁻¹ K_{Q,AP})
 * </pre>
 * (K̂ = K + λI on the diagonal blocks), where K is the kernel S of {@link Kernel} on
 * pool ∪ Q ∪ P with the pool–query block multiplied by η (query magnification), the pool–private
 * block by ν (privacy hardness), the query–private block unscaled, and λ added to the whole
 * diagonal. submodlib builds it as MutualInformation(ConditionalGain(LogDeterminant, P), Q); this is
 * paper eq. (156) (conditional JEPIG, App. D.1) with that λ regularisation. The gain at a pick is
 * the increase of I(A; Q | P); the incremental form is derived in
 * {@link LogDetInformationObjective}.
 *
 * <p>The scaled kernel can be indefinite (|η| > 1, |ν| > 1, or η ≠ ν with a small λ); the selection
 * then stops with an {@link ArithmeticException}.
 */
public final class LogDetConditionalMutualInformation {
    private LogDetConditionalMutualInformation() {
    }

    /**
     * @param query      the query set Q (gradient embeddings, r = 1), non-empty
     * @param privateSet the private set P (gradient embeddings, r = 1), non-empty
     * @param eta        query magnification η (submodlib {@code magnificationEta}, default 1)
     * @param nu         privacy hardness ν (submodlib {@code privacyHardness}, default 1)
     */
    public static GreedyDriver driver(SelectionParams p, Kernel kernel, CandidateBlock query, CandidateBlock privateSet,
                                      double eta, double nu, int d, int c) {
        if (privateSet == null) {
            throw new IllegalArgumentException("the private set is empty");
        }
        LogDetReferenceSet ref = LogDetReferenceSet.of(kernel, p.lambda(), d, c, privateSet, nu, query, eta);
        return new LogDetInformationDriver(kernel, p.lambda(), d, c, ref, true);
    }
}
