package io.fisherselect.job.cli;

import io.fisherselect.job.io.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: {@code select}, {@code score}, {@code compare}, {@code evaluate}, {@code generate} and
 * {@code demo}. Every command runs on the
 * Spark of {@code spark-submit} when launched by it, else on an embedded {@code local[*]} Spark.
 * Exit codes: 0 success, 2 bad input or usage (a one-line message, nothing written), 1 failure.
 */
@Command(name = "fisherselect", mixinStandardHelpOptions = true, version = "FisherSelect 0.1.0",
        description = "Pick the most informative items of a large pool with Fisher-information acquisition functions.",
        subcommands = {SelectCommand.class, ScoreCommand.class, CompareCommand.class, EvaluateCommand.class,
            GenerateCommand.class, DemoCommand.class})
public final class FisherSelectCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: select, score, compare, evaluate, generate, demo");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (tests call this instead of main). */
    public static int execute(String... args) {
        return execute((java.io.PrintWriter) null, args);
    }

    /**
     * Runs the command line with its error messages and usage help written to {@code err}
     * (null: {@code System.err}) and returns the exit code.
     */
    public static int execute(java.io.PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new FisherSelectCli());
        if (err != null) {
            cli.setErr(err);
        }
        java.io.File config = configFile(args);
        if (config != null) {
            if (!config.isFile()) {
                cli.getErr().println("error: --config file '" + config + "' does not exist");
                return 2;
            }
            // keys are option names without the leading dashes (k=100, method=eig-logdet);
            // flags on the command line override them
            cli.setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(config));
        }
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

    /** The value of {@code --config FILE} / {@code --config=FILE}, or null. */
    static java.io.File configFile(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return new java.io.File(args[i + 1]);
            }
            if (args[i].startsWith("--config=")) {
                return new java.io.File(args[i].substring("--config=".length()));
            }
        }
        return null;
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
