package io.fisherselect.math.select;

import io.fisherselect.math.fisher.FactorSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects items (id, raw embedding, probabilities, label) and builds a {@link CandidateBlock}
 * with the factors the {@link FactorSpec} asks for: the one place where raw rows become the
 * structured form every selector works on.
 */
public final class CandidateBlockBuilder {
    private final FactorSpec spec;
    private final int c;
    private final List<String> ids = new ArrayList<>();
    private final List<double[]> embeddings = new ArrayList<>();
    private final List<double[]> probs = new ArrayList<>();
    private final List<Integer> labels = new ArrayList<>();
    private int rawD = -1;

    /**
     * @param c number of classes C (or outputs for regression)
     */
    public CandidateBlockBuilder(FactorSpec spec, int c) {
        this.spec = spec;
        this.c = c;
    }

    /**
     * @param probs null for regression
     * @param label -1 when unknown
     */
    public CandidateBlockBuilder add(String id, double[] embedding, double[] probs, int label) {
        if (rawD < 0) {
            rawD = embedding.length;
        } else if (embedding.length != rawD) {
            throw new IllegalArgumentException("item '" + id + "': embedding has " + embedding.length
                    + " values, expected " + rawD);
        }
        ids.add(id);
        embeddings.add(embedding);
        this.probs.add(probs);
        labels.add(label);
        return this;
    }

    public int size() {
        return ids.size();
    }

    /** The block; {@code rawEmbeddingLength} is used when no item was added. */
    public CandidateBlock build(int rawEmbeddingLength) {
        int rawLen = rawD < 0 ? rawEmbeddingLength : rawD;
        int d = spec.embeddingLength(rawLen);
        int r = spec.columns(c);
        int n = ids.size();
        double[] phi = new double[n * d];
        double[] factor = new double[n * c * r];
        boolean hasProbs = n > 0 && probs.get(0) != null;
        double[] p = hasProbs ? new double[n * c] : null;
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double[] e = embeddings.get(i);
            System.arraycopy(e, 0, phi, i * d, rawLen);
            if (spec.bias()) {
                phi[i * d + rawLen] = 1.0;
            }
            double[] pi = probs.get(i);
            if (hasProbs) {
                System.arraycopy(pi, 0, p, i * c, c);
            }
            y[i] = labels.get(i);
            spec.factor(pi, y[i], c, factor, i * c * r);
        }
        return new CandidateBlock(ids.toArray(new String[0]), d, c, r, phi, factor, p, y);
    }
}
