package io.fisherselect.job;

import io.fisherselect.job.io.SetSource;
import io.fisherselect.math.select.ClassQuota;

/**
 * What tonight's batch must respect besides the method: items still at the annotators, items to
 * leave out, and caps per predicted class (docs/operations.md "The nightly loop").
 *
 * @param pending     items still being labeled (a set of the data contract, labels not needed): never
 *                    picked, and every batch-aware method conditions on them as if they were labeled;
 *                    or null
 * @param exclude     items to drop without conditioning (only the id column is read), or null
 * @param maxPerClass at most this many picks per predicted class argmax π (0: no cap)
 * @param balance     caps derived from k (uniform or proportional to the pool's predicted classes), or null
 */
public record BatchConstraints(SetSource pending, SetSource exclude, int maxPerClass, ClassQuota.Balance balance) {

    public BatchConstraints {
        if (maxPerClass < 0) {
            throw new IllegalArgumentException("--max-per-class must be ≥ 1 (0: no cap), got " + maxPerClass);
        }
    }

    /** Nothing pending or excluded, no caps. */
    public static BatchConstraints none() {
        return new BatchConstraints(null, null, 0, null);
    }

    public boolean hasQuota() {
        return maxPerClass > 0 || balance != null;
    }

    public boolean isNone() {
        return pending == null && exclude == null && !hasQuota();
    }
}
