package io.fisherselect.math.select;

import java.io.Serializable;

/**
 * The best candidate of a block at one greedy step: enough for the driver to update its
 * matrices (embedding, factor, state row) without another pass over the data.
 */
public final class Pick implements Serializable {
    private static final long serialVersionUID = 1L;

    public final String id;
    public final double gain;
    public final double[] phi;
    public final double[] factor;
    public final double[] state;
    /** the item's predicted class argmax πᵢ when the selection has a {@link ClassQuota}, else −1 */
    public final int cls;

    public Pick(String id, double gain, double[] phi, double[] factor, double[] state) {
        this(id, gain, phi, factor, state, -1);
    }

    public Pick(String id, double gain, double[] phi, double[] factor, double[] state, int cls) {
        this.id = id;
        this.gain = gain;
        this.phi = phi;
        this.factor = factor;
        this.state = state;
        this.cls = cls;
    }

    /**
     * The order every selector uses: larger gain first, ties broken by the smaller id, so the
     * selection does not depend on row order or partitioning.
     */
    public static boolean better(double gainA, String idA, double gainB, String idB) {
        if (gainA != gainB) {
            return gainA > gainB;
        }
        return idA.compareTo(idB) < 0;
    }

    /** The better of two picks (either may be null). */
    public static Pick best(Pick a, Pick b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return better(a.gain, a.id, b.gain, b.id) ? a : b;
    }
}
