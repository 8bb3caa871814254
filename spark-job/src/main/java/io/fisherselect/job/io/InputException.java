package io.fisherselect.job.io;

/**
 * Bad input, found before any expensive stage. The message names the set, the column, an example
 * row id and what is wrong, so that a user can fix the data without reading a stack trace. It is
 * always one line.
 */
public final class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(oneLine(message));
    }

    /** "{set}: column '{column}', row id '{id}': {problem}" (column and row id when known). */
    public static InputException at(DataSet set, String column, String rowId, String problem) {
        StringBuilder s = new StringBuilder(set.label());
        if (column != null) {
            s.append(": column '").append(column).append('\'');
        }
        if (rowId != null) {
            s.append(column != null ? ", " : ": ").append("row id '").append(rowId).append('\'');
        }
        s.append(": ").append(problem);
        return new InputException(s.toString());
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
