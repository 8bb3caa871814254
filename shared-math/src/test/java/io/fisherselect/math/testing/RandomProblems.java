package io.fisherselect.math.testing;

import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.CandidateBlockBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small random classification problems for checking structured code against dense formulas. */
public final class RandomProblems {
    public final int n;
    public final int d;
    public final int c;
    public final String[] ids;
    public final double[][] phi;
    public final double[][] probs;
    public final int[] labels;

    private RandomProblems(int n, int d, int c, String[] ids, double[][] phi, double[][] probs, int[] labels) {
        this.n = n;
        this.d = d;
        this.c = c;
        this.ids = ids;
        this.phi = phi;
        this.probs = probs;
        this.labels = labels;
    }

    /**
     * n items with Gaussian embeddings and softmax probabilities of Gaussian logits (scaled so
     * some items are confident and some are not); ids "{prefix}{index}" zero-padded.
     */
    public static RandomProblems classification(long seed, String prefix, int n, int d, int c) {
        Random rnd = new Random(seed);
        String[] ids = new String[n];
        double[][] phi = new double[n][d];
        double[][] probs = new double[n][c];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = String.format("%s%05d", prefix, i);
            for (int k = 0; k < d; k++) {
                phi[i][k] = rnd.nextGaussian();
            }
            double temp = 0.3 + 2.5 * rnd.nextDouble();
            double max = Double.NEGATIVE_INFINITY;
            double[] logits = new double[c];
            for (int j = 0; j < c; j++) {
                logits[j] = temp * rnd.nextGaussian();
                max = Math.max(max, logits[j]);
            }
            double z = 0;
            for (int j = 0; j < c; j++) {
                probs[i][j] = Math.exp(logits[j] - max);
                z += probs[i][j];
            }
            for (int j = 0; j < c; j++) {
                probs[i][j] /= z;
            }
            labels[i] = rnd.nextInt(c);
        }
        return new RandomProblems(n, d, c, ids, phi, probs, labels);
    }

    /**
     * n items with Gaussian embeddings and C independent sigmoid probabilities of Gaussian logits
     * (a multi-label pool: rows do not sum to one); labels are unused (0).
     */
    public static RandomProblems multiLabel(long seed, String prefix, int n, int d, int c) {
        Random rnd = new Random(seed);
        String[] ids = new String[n];
        double[][] phi = new double[n][d];
        double[][] probs = new double[n][c];
        for (int i = 0; i < n; i++) {
            ids[i] = String.format("%s%05d", prefix, i);
            for (int k = 0; k < d; k++) {
                phi[i][k] = rnd.nextGaussian();
            }
            double temp = 0.3 + 2.5 * rnd.nextDouble();
            for (int j = 0; j < c; j++) {
                probs[i][j] = 1.0 / (1.0 + Math.exp(-temp * rnd.nextGaussian()));
            }
        }
        return new RandomProblems(n, d, c, ids, phi, probs, new int[n]);
    }

    /** The items whose indices are given, in that order (same ids). */
    public RandomProblems rows(List<Integer> idx) {
        int m = idx.size();
        String[] outIds = new String[m];
        double[][] outPhi = new double[m][];
        double[][] outProbs = new double[m][];
        int[] outLabels = new int[m];
        for (int j = 0; j < m; j++) {
            int i = idx.get(j);
            outIds[j] = ids[i];
            outPhi[j] = phi[i];
            outProbs[j] = probs[i];
            outLabels[j] = labels[i];
        }
        return new RandomProblems(m, d, c, outIds, outPhi, outProbs, outLabels);
    }

    /** The index of item {@code id}. */
    public int indexOf(String id) {
        return java.util.Arrays.asList(ids).indexOf(id);
    }

    /** All items in one block. */
    public CandidateBlock block(FactorSpec spec) {
        return blocks(spec, 1).get(0);
    }

    /** The items dealt round-robin into {@code parts} blocks (a stand-in for Spark partitions). */
    public List<CandidateBlock> blocks(FactorSpec spec, int parts) {
        List<CandidateBlockBuilder> builders = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            builders.add(new CandidateBlockBuilder(spec, c));
        }
        for (int i = 0; i < n; i++) {
            builders.get(i % parts).add(ids[i], phi[i], probs[i], labels[i]);
        }
        List<CandidateBlock> out = new ArrayList<>();
        for (CandidateBlockBuilder b : builders) {
            out.add(b.build(d));
        }
        return out;
    }
}
