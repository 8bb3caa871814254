package io.fisherselect.job.stage;

import io.fisherselect.job.io.Item;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.CandidateBlockBuilder;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * Maps each partition of a validated set to one {@link CandidateBlock}: embeddings, factors and
 * probabilities in structure-of-arrays form, the unit every selector stage works on.
 */
public final class CandidateBlocks {
    private CandidateBlocks() {
    }

    /**
     * @param c           classes C (or outputs for regression)
     * @param rawD        the embedding length as read (before the optional bias column)
     */
    public static JavaRDD<CandidateBlock> of(JavaRDD<Item> items, FactorSpec spec, int c, int rawD) {
        return items.mapPartitions(it -> {
            FaultInjection.maybeFail();
            CandidateBlockBuilder b = new CandidateBlockBuilder(spec, c);
            while (it.hasNext()) {
                Item item = it.next();
                b.add(item.id(), item.embedding(), normalized(item.probs(), spec.likelihood()), item.label());
            }
            return List.of(b.build(rawD)).iterator();
        });
    }

    /**
     * Probabilities divided by their sum: the validator has checked the sum is within tolerance
     * (or the user asked to renormalize), and the Fisher factor's identity AAᵀ = diag π − ππᵀ
     * needs Σπ = 1 exactly.
     */
    public static double[] normalized(double[] p, FactorSpec.Likelihood likelihood) {
        // multi-label probabilities are per label: they need not, and must not, sum to one
        return likelihood == FactorSpec.Likelihood.BERNOULLI ? p : normalized(p);
    }

    /** As {@link #normalized(double[], FactorSpec.Likelihood)} for a softmax. */
    public static double[] normalized(double[] p) {
        if (p == null) {
            return null;
        }
        double s = 0;
        for (double x : p) {
            s += x;
        }
        if (s == 1.0) {
            return p;
        }
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = p[i] / s;
        }
        return out;
    }
}
