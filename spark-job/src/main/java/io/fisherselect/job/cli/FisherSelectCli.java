package io.fisherselect.job.cli;

import io.fisherselect.job.io.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: {@code select}, {@code generate} and {@code demo}. Every command runs on the
 * Spark of {@code spark-submit} when launched by it, else on an embedded {@code local[*]} Spark.
 * Exit codes: 0 success, 2 bad input or usage (a one-line message, nothing written), 1 failure.
 */
@Command(name = "fisherselect", mixinStandardHelpOptions = true, version = "FisherSelect 0.1.0",
        description = "Pick the most informative items of a large pool with Fisher-information acquisition functions.",
        subcommands = {SelectCommand.class, ScoreCommand.class, GenerateCommand.class, DemoCommand.class})
public final class FisherSelectCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: select, generate, demo");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (tests call this instead of main). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new FisherSelectCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Throwable input = inputCause(e);
            if (input != null) {
                commandLine.getErr().println("error: " + input.getMessage());
                return 2;
            }
            if (e instanceof IllegalArgumentException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return 2;
            }
            commandLine.getErr().println("failed: " + e);
            e.printStackTrace(commandLine.getErr());
            return 1;
        });
        return cli.execute(args);
    }

    /** The {@link InputException} behind a failure, also when Spark wrapped it in a task failure. */
    static Throwable inputCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InputException) {
                return t;
            }
        }
        return null;
    }
}
