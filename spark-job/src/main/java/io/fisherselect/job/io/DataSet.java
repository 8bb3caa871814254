package io.fisherselect.job.io;

/** The input sets of the data contract (DESIGN.md "Data contract"); error messages name them. */
public enum DataSet {
    POOL("pool"), LABELED("labeled"), EVAL("eval"), QUERY("query"), PRIVATE("private");

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
