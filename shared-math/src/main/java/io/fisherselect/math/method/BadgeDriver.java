package io.fisherselect.math.method;

import io.fisherselect.math.plan.SelectionParams;
import io.fisherselect.math.select.GreedyDriver;
import io.fisherselect.math.select.GreedyObjective;
import io.fisherselect.math.select.Pick;
import io.fisherselect.math.select.StepMessage;

import io.fisherselect.math.fisher.GradientDistance;
import java.util.ArrayList;
import java.util.List;

/**
 * Driver side of BADGE's k-means++ seeding ({@link BadgeObjective}). After each pick it
 * broadcasts the new center (its q and φ, ‖g‖² and the step number) in {@link StepMessage#extra}:
 * {@code [step, ‖g‖², q (C values), φ (d values)]}, no projections. It keeps no state of its own
 * (the step is read from the pick's state row), so re-running a step gives the same message.
 *
 * <p>Reported gains ({@link #finish}): a pick's comparison key is a random Gumbel key, meaningless
 * to users, so the batch is returned with {@code gain} = D² of the item at the time of its pick,
 * i.e. its squared distance to the nearest earlier center — ‖g‖² for the first center, which is
 * its distance to the origin. This uses the state row the {@link Pick} already carries; no pass
 * over the data.
 */
public final class BadgeDriver implements GreedyDriver {
    /** layout of the message's extra values */
    static final int STEP = 0;
    static final int NORM = 1;
    static final int Q = 2;

    private final BadgeObjective objective;
    private final int d;
    private final int c;

    public BadgeDriver(long seed, int d, int c) {
        this.objective = new BadgeObjective(seed, d, c);
        this.d = d;
        this.c = c;
    }

    /**
     * BADGE for embeddings of length d (after the optional bias column) and C classes, seeded with
     * {@code p.seed()}. The candidate blocks must be built with
     * {@code FactorSpec.Kind.PSEUDO_LABEL_GRADIENT}.
     */
    public static BadgeDriver create(SelectionParams p, int d, int c) {
        return new BadgeDriver(p.seed(), d, c);
    }

    @Override
    public GreedyObjective objective() {
        return objective;
    }

    @Override
    public StepMessage afterPick(Pick pick) {
        if (pick.factor.length != c || pick.phi.length != d) {
            throw new IllegalArgumentException("pick '" + pick.id + "' has a factor of " + pick.factor.length
                    + " and an embedding of " + pick.phi.length + " values, expected " + c + " and " + d);
        }
        double[] extra = new double[Q + c + d];
        extra[STEP] = pick.state[1];
        extra[NORM] = GradientDistance.squaredNorm(pick.factor, 0, c, pick.phi, 0, d);
        System.arraycopy(pick.factor, 0, extra, Q, c);
        System.arraycopy(pick.phi, 0, extra, Q + c, d);
        return new StepMessage(new double[0][], new int[0], extra);
    }

    /** The forward picks with {@code gain} = D² at the time of the pick (‖g‖² for the first). */
    @Override
    public List<Pick> finish(List<Pick> forward, int k) {
        List<Pick> out = new ArrayList<>(forward.size());
        for (Pick p : forward) {
            out.add(new Pick(p.id, p.state[0], p.phi, p.factor, p.state));
        }
        return out;
    }
}
