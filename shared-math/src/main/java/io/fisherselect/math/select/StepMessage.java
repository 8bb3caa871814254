package io.fisherselect.math.select;

import java.io.Serializable;

/**
 * What the driver broadcasts after a pick: a few D×m matrices in the projection layout of
 * {@link io.fisherselect.math.fisher.KroneckerOps}, plus small dense extras an objective may need.
 */
public final class StepMessage implements Serializable {
    private static final long serialVersionUID = 1L;

    /** matrices in projection layout (d × C·m) */
    public final double[][] projections;
    /** the column count m of each projection */
    public final int[] columns;
    /** objective-specific small values (may be empty) */
    public final double[] extra;

    public StepMessage(double[][] projections, int[] columns, double[] extra) {
        this.projections = projections;
        this.columns = columns;
        this.extra = extra;
    }
}
