package io.fisherselect.math.fit;

/**
 * A last layer fitted by Newton's method ({@link SoftmaxMapFit}, {@link SigmoidMapFit}).
 *
 * @param w            W, C×d
 * @param iterations   Newton steps taken (for the per-label sigmoid fit: the most any label took)
 * @param converged    ‖∇L‖ ≤ tolerance·n at the returned W
 * @param gradientNorm ‖∇L‖ at the returned W (Euclidean over all C·d weights)
 * @param objective    L(W)/n (the scale of MLlib's objective)
 */
public record MapEstimate(double[][] w, int iterations, boolean converged, double gradientNorm, double objective) {
}
