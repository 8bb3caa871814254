package io.fisherselect.math.plan;

/**
 * A parameter value for which the method's objective is not defined on these inputs (e.g.
 * {@code logdet-mi} with η > 1, which can make the scaled kernel indefinite). The message names
 * the parameter, its value and the range that works; the command line reports it as a usage
 * error (exit 2), not as a crash.
 */
public final class UnsuitableParameterException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UnsuitableParameterException(String message) {
        super(message);
    }
}
