package io.fisherselect.math;

import io.fisherselect.math.fisher.FactorSpec;
import java.util.Arrays;
import java.util.Locale;

/**
 * The table of acquisition functions (docs/math.md has each one against
 * the paper's equations). The command line, the Spark stages and the in-memory selectors all
 * dispatch on this enum; {@link io.fisherselect.math.plan.MethodPlans} turns an entry into what
 * a selector runs.
 */
public enum AcquisitionMethod {
    /** a uniformly random k-subset (seeded, per-item keys) */
    RANDOM("random", Kind.TOP_K, null, Input.NONE),
    /** predictive entropy −Σ π log π */
    ENTROPY("entropy", Kind.TOP_K, null, Input.PROBS),
    /** −(π_top1 − π_top2): small margins first */
    MARGIN("margin", Kind.TOP_K, null, Input.PROBS),
    /** 1 − max π */
    LEAST_CONFIDENCE("least-confidence", Kind.TOP_K, null, Input.PROBS),
    /** E_y‖∇ℓ‖² = (1 − ‖π‖²)‖φ‖² = tr Fᵢ, the EIG's diagonal bound, eq. (78) */
    EGL("egl", Kind.TOP_K, FactorSpec.Kind.FISHER, Input.FISHER),
    /** ½ tr(Fᵢ H⁻¹), the EIG's trace bound, eq. (52) */
    EIG_TRACE("eig-trace", Kind.TOP_K, FactorSpec.Kind.FISHER, Input.FISHER_WITH_PRIOR),
    /** greedy ½ log det(Σ_B Fᵢ H⁻¹ + I), eq. (51) */
    EIG_LOGDET("eig-logdet", Kind.GREEDY, FactorSpec.Kind.FISHER, Input.FISHER_WITH_PRIOR),
    /** greedy min ½ log det(F_eval M⁻¹ + I), M = H + Σ_B Fᵢ, eq. (67) */
    EPIG_LOGDET("epig-logdet", Kind.GREEDY, FactorSpec.Kind.FISHER, Input.FISHER_WITH_PRIOR),
    /** BAIT (Ash et al. 2021): min tr(F M⁻¹), eqs. (68), (77), 2k forward + backward pruning */
    BAIT("bait", Kind.GREEDY, FactorSpec.Kind.FISHER, Input.FISHER_WITH_PRIOR),
    /** greedy log det(S_B + λI), S = ⟨gᵢ, gⱼ⟩ of pseudo-label gradients, eq. (76) */
    LOGDET("logdet", Kind.GREEDY, FactorSpec.Kind.PSEUDO_LABEL_GRADIENT, Input.PROBS),
    /** LogDetMI with a query set, eq. (151) */
    LOGDET_MI("logdet-mi", Kind.GREEDY, FactorSpec.Kind.PSEUDO_LABEL_GRADIENT, Input.PROBS),
    /** LogDetCMI with query and private sets, eq. (156) */
    LOGDET_CMI("logdet-cmi", Kind.GREEDY, FactorSpec.Kind.PSEUDO_LABEL_GRADIENT, Input.PROBS),
    /** BADGE: k-means++ seeding on pseudo-label gradient embeddings (§7.2) */
    BADGE("badge", Kind.SAMPLED, FactorSpec.Kind.PSEUDO_LABEL_GRADIENT, Input.PROBS),
    /**
     * Cluster-Margin (Citovsky et al. 2021): the k_m lowest-margin items, round robin over their
     * clusters of the pool's embeddings, smallest cluster first
     */
    CLUSTER_MARGIN("cluster-margin", Kind.CLUSTERED, null, Input.PROBS),
    /** GraNd ‖π − e_y‖·‖φ‖ with the true label, eq. (79) */
    GRAND("grand", Kind.TOP_K, null, Input.LABELS),
    /** EL2N ‖π − e_y‖ with the true label */
    EL2N("el2n", Kind.TOP_K, null, Input.LABELS);

    /** How a batch is formed. */
    public enum Kind {
        /** one pass, independent per-item scores */
        TOP_K,
        /** greedy batch maximisation with incremental states */
        GREEDY,
        /** randomised batch construction (run by the greedy loop with random keys) */
        SAMPLED,
        /** a score's shortlist spread over clusters of the pool's embeddings */
        CLUSTERED
    }

    /** What the method reads from its sets. */
    enum Input {
        /** ids only */
        NONE,
        /** class probabilities */
        PROBS,
        /** probabilities and the true label */
        LABELS,
        /** Fisher information: probabilities, or a gaussian likelihood */
        FISHER,
        /** Fisher information and the prior precision H = λI + Σ_labeled Fⱼ */
        FISHER_WITH_PRIOR
    }

    private final String cliName;
    private final Kind kind;
    private final FactorSpec.Kind factorKind;
    private final Input input;

    AcquisitionMethod(String cliName, Kind kind, FactorSpec.Kind factorKind, Input input) {
        this.cliName = cliName;
        this.kind = kind;
        this.factorKind = factorKind;
        this.input = input;
    }

    public String cliName() {
        return cliName;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * The factor the candidates carry; methods that use no factor carry the exact Fisher factor
     * (it is cheap and keeps one block layout for all).
     */
    public FactorSpec.Kind factorKind() {
        return factorKind == null ? FactorSpec.Kind.FISHER : factorKind;
    }

    /** whether the labeled set enters the objective */
    public boolean usesLabeledSet() {
        return input == Input.FISHER_WITH_PRIOR;
    }

    /** whether the method needs class probabilities (classification) */
    public boolean needsProbabilities() {
        return input == Input.PROBS || input == Input.LABELS;
    }

    /** whether the pool needs a true label per row */
    public boolean needsLabels() {
        return input == Input.LABELS;
    }

    /** whether the method is defined for a gaussian likelihood (regression) */
    public boolean supportsRegression() {
        return input == Input.FISHER || input == Input.FISHER_WITH_PRIOR || input == Input.NONE;
    }

    public boolean needsQuerySet() {
        return this == LOGDET_MI || this == LOGDET_CMI;
    }

    public boolean needsPrivateSet() {
        return this == LOGDET_CMI;
    }

    /** whether {@code --sampling} can turn its scores into a stochastic batch */
    public boolean isScore() {
        return kind == Kind.TOP_K;
    }

    /**
     * Whether the method has a per-item score: a top-k method's score, or the single-item gain
     * of a greedy log-det (the gain the greedy would give the item as its first pick: eqs. (51),
     * (67), (76) with a batch of one). BAIT's first gain depends on its pruning, and the other
     * greedy and sampled methods' gains depend on the whole batch.
     */
    public boolean hasItemScore() {
        return kind == Kind.TOP_K || this == EIG_LOGDET || this == EPIG_LOGDET || this == LOGDET;
    }

    /**
     * Whether the running sum of the picks' gains is the objective's trajectory: true for a
     * forward greedy, whose gains are the objective's increments; false for BAIT, whose surviving
     * gains are not (pruning removed picks), and for top-k and sampled methods.
     */
    public boolean gainsSumToObjective() {
        return kind == Kind.GREEDY && this != BAIT;
    }

    /**
     * The cheap score that prefilters the pool for this greedy method: eig-trace (½ tr(Fᵢ H⁻¹),
     * the trace bound of the same information gain, eq. (52)) for eig-logdet and epig-logdet; egl
     * (the expected gradient length, the diagonal bound, eq. (78)) for the others.
     */
    public AcquisitionMethod prefilterScore() {
        return this == EIG_LOGDET || this == EPIG_LOGDET ? EIG_TRACE : EGL;
    }

    /**
     * Whether the method conditions on items still at the annotators by entering them into its
     * greedy as if they had been picked (the LogDet family and BADGE, whose objective depends on
     * the batch, not on labels); the Fisher methods condition through H instead — their Fisher
     * information does not depend on the labels (paper §4) — and the other top-k methods only
     * leave them out.
     */
    public boolean conditionsOnPendingByPicks() {
        return factorKind() == FactorSpec.Kind.PSEUDO_LABEL_GRADIENT;
    }

    /**
     * The most dense D×D matrices (D = C·d) the driver holds at once for this method with a
     * labeled set, counted from its driver: eig-trace 5 (Σ_labeled F, H, its Cholesky factor L,
     * L⁻¹ and H⁻¹ while H is inverted); eig-logdet 6 (Σ_labeled F, H⁻¹ of the candidates' initial
     * states, the Woodbury-updated M⁻¹ with its copy of M₀⁻¹ and running Σ VVᵀ, and the fresh
     * inverse of a re-factorisation); epig-logdet and bait 13 (the Fisher sums, H or M₀ and their
     * inverses, F_eval or F, their products, and two Woodbury-updated inverses of three matrices
     * each for epig-logdet, one and BAIT's M₀⁻¹FM₀⁻¹ for bait). 0 for the methods that hold no
     * D×D matrix (the prediction-space scores, egl, the LogDet family, badge, cluster-margin,
     * grand, el2n).
     */
    public int driverMatrices() {
        return switch (this) {
            case EIG_TRACE -> 5;
            case EIG_LOGDET -> 6;
            case EPIG_LOGDET, BAIT -> 13;
            default -> 0;
        };
    }

    /** The method with this command-line name, or an error with the closest valid name. */
    public static AcquisitionMethod fromCliName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (AcquisitionMethod m : values()) {
            if (m.cliName.equals(n)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown method '" + name + "'" + ClosestName.hint(n, Arrays.stream(values()).map(AcquisitionMethod::cliName).toList())
                + "; valid methods: " + names());
    }

    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(AcquisitionMethod::cliName).toList());
    }

}
