package io.fisherselect.job;

import io.fisherselect.job.select.ScaleOptions;

import io.fisherselect.job.api.FisherSelector;
import io.fisherselect.math.plan.SelectionParams;
import java.util.Locale;

/** The API's selector with the params of an engine-level {@link SelectionParams} (what the in-memory references run). */
public final class Selectors {
    private Selectors() {
    }

    public static FisherSelector of(SelectionParams p) {
        return new FisherSelector().setMethod(p.method().cliName()).setK(p.k()).setLambda(p.lambda())
                .setSeed(p.seed()).setLikelihood(p.likelihood().name()).setNoise(p.noiseVariance())
                .setFisherRank(p.fisherRank()).setBias(p.bias()).setKernel(p.kernel().name()).setEta(p.eta())
                .setNu(p.nu()).setSampling(p.sampling() == null ? "none" : p.sampling().cliName())
                .setBeta(p.beta());
    }

    /** With the scale options too. */
    public static FisherSelector of(SelectionParams p, ScaleOptions s) {
        FisherSelector f = of(p).setMode(s.mode().cliName()).setPartitionK(s.partitionK())
                .setCandidates(s.candidates()).setInit(s.init().cliName()).setKmeansRounds(s.kmeansRounds())
                .setOversampling(s.oversampling()).setEvalSample(s.evalSample()).setFisher(s.fisher().cliName())
                .setSketch(s.sketch());
        return s.prefilterScore() == null ? f : f.setPrefilterScore(s.prefilterScore().cliName().toLowerCase(Locale.ROOT));
    }
}
