package io.fisherselect.job.api;

/**
 * A value a param refuses, with a message that names the param the way the caller knows it: the
 * param's name for the Java API ({@code invalid k 0: …}), the option for the command line
 * ({@code invalid --k 0: …}).
 */
public final class InvalidParamException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Where the message names the param. */
    static final String NAME = "\u0000";

    private final String param;
    private final String template;

    InvalidParamException(String param, String template) {
        super(template.replace(NAME, param));
        this.param = param;
        this.template = template;
    }

    /** The param's name. */
    public String param() {
        return param;
    }

    /** The message with the param called {@code name} (e.g. its command-line option). */
    public String messageFor(String name) {
        return template.replace(NAME, name);
    }
}
