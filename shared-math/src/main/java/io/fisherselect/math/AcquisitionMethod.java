package io.fisherselect.math;

import io.fisherselect.math.fisher.FactorSpec;
import java.util.Arrays;
import java.util.Locale;

/**
 * The table of acquisition functions (DESIGN.md "Methods"; docs/math.md has each one against
 * the paper's equations). The command line, the Spark stages and the in-memory selectors all
 * dispatch on this enum.
 */
public enum AcquisitionMethod {
    /** E_y‖∇ℓ‖² = (1 − ‖π‖²)‖φ‖², the EIG's diagonal bound, eq. (78) */
    EGL("egl", Kind.TOP_K, FactorSpec.Kind.FISHER, false),
    /** ½ tr(Fᵢ H⁻¹), the EIG's trace bound, eq. (52) */
    EIG_TRACE("eig-trace", Kind.TOP_K, FactorSpec.Kind.FISHER, true),
    /** greedy ½ log det(Σ_B Fᵢ H⁻¹ + I), eq. (51) */
    EIG_LOGDET("eig-logdet", Kind.GREEDY, FactorSpec.Kind.FISHER, true);

    /** How a batch is formed. */
    public enum Kind {
        /** one pass, independent per-item scores */
        TOP_K,
        /** greedy batch maximisation with incremental states */
        GREEDY,
        /** randomised batch construction */
        SAMPLED
    }

    private final String cliName;
    private final Kind kind;
    private final FactorSpec.Kind factorKind;
    private final boolean usesLabeledSet;

    AcquisitionMethod(String cliName, Kind kind, FactorSpec.Kind factorKind, boolean usesLabeledSet) {
        this.cliName = cliName;
        this.kind = kind;
        this.factorKind = factorKind;
        this.usesLabeledSet = usesLabeledSet;
    }

    public String cliName() {
        return cliName;
    }

    public Kind kind() {
        return kind;
    }

    public FactorSpec.Kind factorKind() {
        return factorKind;
    }

    /** whether the labeled set enters the objective (through H = λI + Σ_labeled Fⱼ) */
    public boolean usesLabeledSet() {
        return usesLabeledSet;
    }

    /** The method with this command-line name, or an error that lists the valid names. */
    public static AcquisitionMethod fromCliName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (AcquisitionMethod m : values()) {
            if (m.cliName.equals(n)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown method '" + name + "'; valid methods: " + names());
    }

    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(AcquisitionMethod::cliName).toList());
    }
}
