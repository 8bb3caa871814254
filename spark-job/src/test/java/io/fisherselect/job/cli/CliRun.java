package io.fisherselect.job.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the command line with its error stream captured. */
record CliRun(int exitCode, String err) {

    static CliRun of(String... args) {
        StringWriter err = new StringWriter();
        int code;
        try (PrintWriter w = new PrintWriter(err, true)) {
            code = FisherSelectCli.execute(w, args);
        }
        return new CliRun(code, err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exitCode + ", stderr: " + err;
    }
}
