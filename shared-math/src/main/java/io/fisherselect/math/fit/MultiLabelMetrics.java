package io.fisherselect.math.fit;

import java.io.Serializable;

/**
 * Test metrics of a multi-label classifier (C independent per-label probabilities p_c), summed item
 * by item so that partial sums of a distributed set can be merged:
 * <ul>
 *   <li>{@link #labelAccuracy()}: the share of (item, label) pairs predicted right at threshold ½,
 *       [p_c &gt; ½] = y_c — the mean per-label accuracy, 1 − Hamming loss;</li>
 *   <li>{@link #logLoss()}: the mean binary cross-entropy −[y log p + (1 − y) log(1 − p)] over
 *       (item, label) pairs, probabilities clipped to [10⁻¹⁵, 1 − 10⁻¹⁵] — the per-label average of
 *       the negative log-likelihood the fit minimises;</li>
 *   <li>{@link #microF1()}: micro-averaged F1 at threshold ½, 2TP / (2TP + FP + FN) over all
 *       (item, label) pairs — unlike the label accuracy it is not dominated by the many easy
 *       negatives of rare labels (1 when there is nothing to find and nothing was predicted).</li>
 * </ul>
 */
public final class MultiLabelMetrics implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final double CLIP = 1e-15;

    private long items;
    private long pairs;
    private long correct;
    private double logLossSum;
    private long truePositives;
    private long falsePositives;
    private long falseNegatives;

    /** Adds one item: its predicted per-label probabilities and its 0/1 labels. */
    public MultiLabelMetrics add(double[] probs, int[] labels) {
        if (probs.length != labels.length) {
            throw new IllegalArgumentException(probs.length + " probabilities for " + labels.length + " labels");
        }
        items++;
        for (int c = 0; c < probs.length; c++) {
            boolean predicted = probs[c] > 0.5;
            boolean on = labels[c] == 1;
            pairs++;
            correct += predicted == on ? 1 : 0;
            truePositives += predicted && on ? 1 : 0;
            falsePositives += predicted && !on ? 1 : 0;
            falseNegatives += !predicted && on ? 1 : 0;
            double p = Math.min(Math.max(probs[c], CLIP), 1 - CLIP);
            logLossSum -= on ? Math.log(p) : Math.log(1 - p);
        }
        return this;
    }

    /** {@code this += other}: the sums of two item sets. */
    public MultiLabelMetrics merge(MultiLabelMetrics o) {
        items += o.items;
        pairs += o.pairs;
        correct += o.correct;
        logLossSum += o.logLossSum;
        truePositives += o.truePositives;
        falsePositives += o.falsePositives;
        falseNegatives += o.falseNegatives;
        return this;
    }

    public long items() {
        return items;
    }

    /** 1 − Hamming loss; NaN for no items. */
    public double labelAccuracy() {
        return pairs == 0 ? Double.NaN : (double) correct / pairs;
    }

    /** Mean binary log-loss per (item, label); NaN for no items. */
    public double logLoss() {
        return pairs == 0 ? Double.NaN : logLossSum / pairs;
    }

    /** Micro-averaged F1 at ½; NaN for no items. */
    public double microF1() {
        if (pairs == 0) {
            return Double.NaN;
        }
        long denominator = 2 * truePositives + falsePositives + falseNegatives;
        return denominator == 0 ? 1.0 : 2.0 * truePositives / denominator;
    }
}
