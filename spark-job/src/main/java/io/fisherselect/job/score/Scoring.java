package io.fisherselect.job.score;

import java.util.List;
import java.util.Map;

/**
 * The result of one {@code score} run: what was scored and the facts the report needs.
 *
 * @param columns the score columns in output order, each with its method's facts
 * @param sizes   pool, labeled, eval (when read), d, C
 * @param timings seconds per stage
 */
public record Scoring(ScoreConfig config, List<ScoredMethod> columns, Map<String, Long> sizes,
                      Map<String, Double> timings) {

    /**
     * @param name   the method's name (= the column's name)
     * @param kind   "score" (a top-k method's score) or "first-gain" (a greedy method's single-item gain)
     * @param factor the factor the item's block carries (FISHER, PSEUDO_LABEL_GRADIENT)
     * @param r      columns of that factor
     */
    public record ScoredMethod(String name, String kind, String factor, int r) {
    }
}
