package io.fisherselect.job.io;

/**
 * The input sets of the data contract (README "A real selection"), and {@code evaluate}'s labeled
 * dataset and test set; error messages name them.
 */
public enum DataSet {
    POOL("pool"), LABELED("labeled"), EVAL("eval"), QUERY("query"), PRIVATE("private"), DATA("data"), TEST("test");

    private final String label;

    DataSet(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
