package io.fisherselect.math.method;

import io.fisherselect.math.plan.SelectionParams;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.GreedyDriver;

/**
 * {@code logdet-mi} (LogDetMI of SIMILAR / PRISM, submodlib's
 * {@code LogDeterminantMutualInformationFunction}): greedy maximisation of
 * <pre>
 *   I(A; Q) = f(A) + f(Q) − f(A ∪ Q),   f(X) = log det(K^η_X + λI)
 *           = log det(S_A + λI) − log det(S_A + λI − η² S_{A,Q} (S_Q + λI)⁻¹ S_{Q,A})
 * </pre>
 * where K^η is the kernel S of {@link Kernel} on pool ∪ Q with the pool–query block multiplied by
 * the query magnification η, and λ is added to the whole diagonal (pool and query items). This is
 * paper eq. (151) (a JEPIG approximation, §7.3, App. D.1) with the λ regularisation of
 * submodlib. The gain at a pick is the increase of I(A; Q); the incremental form is derived in
 * {@link LogDetInformationObjective}.
 *
 * <p>For |η| ≤ 1 the scaled kernel is positive semi-definite; larger η can make it indefinite,
 * and the selection then stops with an {@link ArithmeticException}.
 */
public final class LogDetMutualInformation {
    private LogDetMutualInformation() {
    }

    /**
     * @param query the query set Q as gradient embeddings (r = 1; built like the pool, e.g. with
     *              hard pseudo-labels), non-empty
     * @param eta   query magnification η (submodlib {@code magnificationEta}, default 1)
     */
    public static GreedyDriver driver(SelectionParams p, Kernel kernel, CandidateBlock query, double eta, int d, int c) {
        LogDetReferenceSet ref = LogDetReferenceSet.of(kernel, p.lambda(), d, c, null, 0.0, query, eta);
        return new LogDetInformationDriver(kernel, p.lambda(), d, c, ref, true);
    }
}
