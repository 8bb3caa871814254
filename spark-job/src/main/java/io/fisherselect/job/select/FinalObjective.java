package io.fisherselect.job.select;

/**
 * The method's objective of the returned batch (docs/math.md §3), or why report.json leaves it out.
 *
 * @param value the objective, or null when it is left out
 * @param how   how it was obtained (the sum of the gains, or the closed form over the batch), or why
 *              it is left out
 */
public record FinalObjective(Double value, String how) {
}
