package io.fisherselect.job.cli;

import io.fisherselect.math.ClosestName;
import io.fisherselect.job.io.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: {@code select}, {@code score}, {@code compare}, {@code evaluate}, {@code generate},
 * {@code demo} and {@code bench}. Every command runs on the
 * Spark of {@code spark-submit} when launched by it, else on an embedded {@code local[*]} Spark.
 * Exit codes: 0 success, 2 bad input or usage (a one-line message, nothing written), 1 failure.
 */
@Command(name = "fisherselect", mixinStandardHelpOptions = true, version = "FisherSelect 0.1.0",
        description = "Pick the most informative items of a large pool with Fisher-information acquisition functions.",
        subcommands = {SelectCommand.class, ScoreCommand.class, CompareCommand.class, EvaluateCommand.class,
            GenerateCommand.class, DemoCommand.class, BenchCommand.class})
public final class FisherSelectCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a command is required: select, score, compare, evaluate, generate, demo, bench");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (tests call this instead of main). */
    public static int execute(String... args) {
        return execute((java.io.PrintWriter) null, args);
    }

    /**
     * The command line with every command and option: the run-level options are annotated on the
     * commands, the options of the API's params are generated from the params ({@link ParamOptions}).
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new FisherSelectCli());
        SelectCommand.PARAMS.addTo(cli.getSubcommands().get("select").getCommandSpec());
        ScoreCommand.PARAMS.addTo(cli.getSubcommands().get("score").getCommandSpec());
        ScoreCommand.PARAMS.addTo(cli.getSubcommands().get("compare").getCommandSpec());
        return cli;
    }

    /**
     * Runs the command line with its error messages and usage help written to {@code err}
     * (null: {@code System.err}) and returns the exit code.
     */
    public static int execute(java.io.PrintWriter err, String... args) {
        CommandLine cli = commandLine();
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
            String unknown = unknownConfigKey(cli, config, args);
            if (unknown != null) {
                cli.getErr().println("error: " + unknown);
                return 2;
            }
            cli.setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(config));
        }
        // usage errors (unknown option, missing or malformed value): one line, with the closest
        // valid name, instead of the whole usage help
        cli.setParameterExceptionHandler((e, arguments) -> {
            CommandLine commandLine = e.getCommandLine();
            StringBuilder msg = new StringBuilder("error: ").append(usageMessage(e));
            msg.append("; see '").append(commandLine.getCommandSpec().qualifiedName()).append(" --help'");
            commandLine.getErr().println(msg);
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Throwable input = inputCause(e);
            if (input != null) {
                commandLine.getErr().println("error: " + oneLine(input.getMessage()));
                return 2;
            }
            if (e instanceof IllegalArgumentException) {
                commandLine.getErr().println("error: " + oneLine(e.getMessage()));
                return 2;
            }
            commandLine.getErr().println("failed: " + e);
            e.printStackTrace(commandLine.getErr());
            return 1;
        });
        return cli.execute(args);
    }

    /**
     * A key of the {@code --config} file that is no option of the command being run (a typo
     * there would otherwise be ignored silently), as a message with the closest option; or null.
     */
    static String unknownConfigKey(CommandLine cli, java.io.File config, String[] args) {
        CommandLine command = args.length == 0 ? null : cli.getSubcommands().get(args[0]);
        if (command == null) {
            return null; // picocli reports the missing or unknown command
        }
        java.util.Properties p = new java.util.Properties();
        try (java.io.Reader r = java.nio.file.Files.newBufferedReader(config.toPath())) {
            p.load(r);
        } catch (java.io.IOException e) {
            return "--config file '" + config + "' cannot be read: " + e.getMessage();
        }
        java.util.List<String> keys = new java.util.ArrayList<>();
        for (String name : command.getCommandSpec().optionsMap().keySet()) {
            if (name.startsWith("--")) {
                keys.add(name.substring(2));
            }
        }
        for (String key : new java.util.TreeSet<>(p.stringPropertyNames())) {
            if (!keys.contains(key)) {
                String closest = ClosestName.of(key, keys);
                return "--config file '" + config + "': unknown key '" + key + "'"
                        + (closest == null ? "" : " (did you mean '" + closest + "'?)") + "; keys are the options of '"
                        + command.getCommandSpec().qualifiedName() + "' without the dashes";
            }
        }
        return null;
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

    /**
     * An unknown option or command with the closest valid name ("unknown option '--lamda' (did
     * you mean --lambda?)"); picocli's own message for other usage errors.
     */
    static String usageMessage(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            CommandLine.Model.CommandSpec spec = e.getCommandLine().getCommandSpec();
            if (first.startsWith("-")) {
                String name = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
                String closest = ClosestName.of(name, spec.optionsMap().keySet());
                return "unknown option '" + name + "'" + (closest == null ? "" : " (did you mean " + closest + "?)");
            }
            if (!spec.subcommands().isEmpty()) {
                String closest = ClosestName.of(first, spec.subcommands().keySet());
                return "unknown command '" + first + "'" + (closest == null ? "" : " (did you mean " + closest + "?)")
                        + "; commands: " + String.join(", ", spec.subcommands().keySet());
            }
        }
        return oneLine(e.getMessage());
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    /**
     * The {@link InputException} (or the unsuitable parameter value) behind a failure, also when
     * Spark wrapped it in a task failure.
     */
    static Throwable inputCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InputException || t instanceof io.fisherselect.math.plan.UnsuitableParameterException) {
                return t;
            }
        }
        return null;
    }
}
