package io.fisherselect.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fisherselect.job.score.ScoreConfig;
import io.fisherselect.job.select.SelectConfig;
import io.fisherselect.job.select.Selection;
import io.fisherselect.job.select.SelectionJob;
import io.fisherselect.job.score.Scoring;
import io.fisherselect.job.api.FisherScorerParams;
import io.fisherselect.job.api.FisherSelector;
import io.fisherselect.job.api.FisherStage;
import io.fisherselect.job.evaluate.Curves;
import io.fisherselect.job.evaluate.EvaluateConfig;
import io.fisherselect.job.evaluate.EvaluateJob;
import io.fisherselect.job.report.EvaluationWriter;
import io.fisherselect.job.report.ScoreWriter;
import io.fisherselect.job.report.SelectionWriter;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.plan.PlanInputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.param.Param;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every param of the API's stages is the one definition of its option: for each param, the
 * command has an option of the same name (kebab case), default and doc; a non-default value
 * given on the command line reaches the stage, appears in report.json's config, and changes the
 * greedy checkpoint's fingerprint exactly when the param changes the selection.
 */
class EveryParamTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** what the command line requires explicitly (no default there) */
    private static final Set<String> REQUIRED = Set.of("method", "k");

    static String option(Param<?> p) {
        StringBuilder b = new StringBuilder("--");
        for (char ch : p.name().toCharArray()) {
            if (Character.isUpperCase(ch)) {
                b.append('-').append(Character.toLowerCase(ch));
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }

    /** A valid value other than the default. */
    static Object alternative(FisherStage<?> s, Param<?> p) {
        Object d = s.getDefault(p).get();
        if (p.name().equals("method")) {
            return "bait";
        }
        List<String> choices = s.choices(p);
        if (choices != null) {
            return choices.stream().filter(c -> !c.equals(d)).findFirst().orElseThrow();
        }
        if (d instanceof Integer i) {
            return i == 0 ? 2 : i + 1;
        }
        if (d instanceof Double x) {
            return x * 2 + 0.5;
        }
        if (d instanceof Long l) {
            return l + 1;
        }
        if (d instanceof Boolean b) {
            return !b;
        }
        return d + "2";
    }

    /**
     * Other params the alternative value needs to be a valid combination (set on both sides of a
     * comparison, so that only the param under test differs).
     */
    static List<String> companions(Param<?> p, Object value) {
        return switch (p.name() + "=" + value) {
            case "sampling=power" -> List.of("--method", "entropy");
            case "init=kmeans-parallel" -> List.of("--method", "badge");
            case "likelihood=gaussian" -> List.of("--method", "eig-logdet");
            // partitionSize, shrink and stochasticEpsilon need none: the default --mode auto accepts them for
            // a greedy method (they apply when it picks multiround)
            case "clustering=hac", "clusters=2", "clusterDistance=0.5" -> List.of("--method", "cluster-margin");
            case "shortlist=2" -> List.of("--method", "cluster-margin", "--k", "2");
            default -> List.of();
        };
    }

    static List<String> args(String command, List<String> extra) {
        List<String> a = new ArrayList<>(List.of(command, "--pool", "pool.parquet", "--out", "out"));
        if (command.equals("select")) {
            a.addAll(List.of("--labeled", "labeled.parquet"));
            if (!extra.contains("--method")) {
                a.addAll(List.of("--method", "eig-logdet"));
            }
            if (!extra.contains("--k")) {
                a.addAll(List.of("--k", "5"));
            }
        } else {
            a.addAll(List.of("--methods", "eig-trace,egl"));
        }
        a.addAll(extra);
        return a;
    }

    static List<String> given(Param<?> p, Object value) {
        List<String> a = new ArrayList<>(companions(p, value));
        if (value instanceof Boolean) {
            a.add(option(p));
        } else {
            a.addAll(List.of(option(p), String.valueOf(value)));
        }
        return a;
    }

    /** The command object after parsing (its options bound), as the command line builds it. */
    static Object parsed(List<String> args) {
        CommandLine cli = FisherSelectCli.commandLine();
        CommandLine.ParseResult r = cli.parseArgs(args.toArray(new String[0]));
        return r.subcommand().commandSpec().userObject();
    }

    static Map<String, String> fingerprint(SelectConfig c) {
        return SelectionJob.fingerprint(c, PlanInputs.shape(4, 3, 3), Map.of("pool", 100L), 0L);
    }

    static JsonNode selectReportConfig(SelectConfig c) {
        return SelectionWriter.report(new Selection(c, List.of(), Map.of(), Map.of("total", 0.0))).get("config");
    }

    @Test
    void everySelectorParamIsAnOptionInTheReportAndTheFingerprint() {
        FisherSelector defaults = new FisherSelector();
        CommandSpec select = FisherSelectCli.commandLine().getSubcommands().get("select").getCommandSpec();
        assertTrue(defaults.params().length >= 37, "params: " + defaults.params().length);
        for (Param<?> p : defaults.params()) {
            OptionSpec o = select.findOption(option(p));
            assertNotNull(o, "select has no option " + option(p) + " for the param " + p.name());
            assertTrue(o.description()[0].startsWith(p.doc()), option(p) + ": " + o.description()[0]);
            if (REQUIRED.contains(p.name())) {
                assertTrue(o.required(), option(p));
            } else {
                assertEquals(String.valueOf(defaults.getDefault(p).get()), o.defaultValue(), option(p));
            }

            Object value = alternative(defaults, p);
            SelectConfig base = ((SelectCommand) parsed(args("select", companions(p, value)))).config();
            SelectConfig changed = ((SelectCommand) parsed(args("select", given(p, value)))).config();
            assertEquals(value, changed.params().getOrDefault(changed.params().getParam(p.name())),
                    "the stage's value of " + p.name());

            JsonNode config = selectReportConfig(changed);
            assertTrue(config.has(p.name()), "report.json config has no " + p.name() + ": " + config);
            assertEquals(JSON.valueToTree(value), config.get(p.name()), "report.json config " + p.name());

            Map<String, String> was = fingerprint(base);
            Map<String, String> now = fingerprint(changed);
            if (changed.params().changesSelection(p)) {
                assertNotEquals(was, now, p.name() + " changes the selection but not the fingerprint");
            } else {
                assertEquals(was, now, p.name() + " does not change the selection but changes the fingerprint");
            }
        }
    }

    @Test
    void everyScorerParamIsAnOptionAndInTheReport() {
        FisherScorerParams defaults = new FisherScorerParams();
        CommandSpec score = FisherSelectCli.commandLine().getSubcommands().get("score").getCommandSpec();
        Set<String> columnsNotOptions = Set.of("method", "outputCol");
        for (Param<?> p : defaults.params()) {
            OptionSpec o = score.findOption(option(p));
            if (columnsNotOptions.contains(p.name())) {
                assertEquals(null, o, option(p) + ": score names its columns by --methods");
                continue;
            }
            assertNotNull(o, "score has no option " + option(p) + " for the param " + p.name());
            assertTrue(o.description()[0].startsWith(p.doc()), option(p));
            assertEquals(String.valueOf(defaults.getDefault(p).get()), o.defaultValue(), option(p));
            Object value = alternative(defaults, p);
            List<String> given = new ArrayList<>(given(p, value));
            given.removeAll(List.of("--method", "eig-logdet", "entropy", "badge"));
            ScoreConfig c = ((ScoreCommand) parsed(args("score", given))).config();
            assertEquals(value, c.params().getOrDefault(c.params().getParam(p.name())),
                    "the stage's value of " + p.name());
            JsonNode config = ScoreWriter.report(new Scoring(c, List.of(), Map.of(), Map.of("total", 0.0)))
                    .get("config");
            assertEquals(JSON.valueToTree(value), config.get(p.name()), "report.json config " + p.name());
        }
    }

    /**
     * {@code evaluate} takes the selector's params as options too (not {@link EvaluateConfig#NOT_OPTIONS},
     * which it sets per round or does not support); a value given reaches every round's selector and
     * report.json's config.
     */
    @Test
    void everySelectorParamButThoseEvaluateSetsIsAnEvaluateOption() {
        FisherSelector defaults = new FisherSelector();
        CommandSpec evaluate = FisherSelectCli.commandLine().getSubcommands().get("evaluate").getCommandSpec();
        int options = 0;
        for (Param<?> p : defaults.params()) {
            OptionSpec o = evaluate.findOption(option(p));
            if (EvaluateConfig.NOT_OPTIONS.contains(p.name())) {
                // evaluate's --seed is its own (the first seed of the simulation), not the param's
                assertTrue(o == null || !o.description()[0].startsWith(p.doc()), option(p) + " of evaluate");
                continue;
            }
            options++;
            assertNotNull(o, "evaluate has no option " + option(p) + " for the param " + p.name());
            assertTrue(o.description()[0].startsWith(p.doc()), option(p) + ": " + o.description()[0]);
            assertEquals(String.valueOf(defaults.getDefault(p).get()), o.defaultValue(), option(p));

            Object value = alternative(defaults, p);
            List<String> a = new ArrayList<>(List.of("evaluate", "--data", "data.jsonl", "--out", "out"));
            List<String> given = new ArrayList<>(given(p, value));
            int method = given.indexOf("--method");
            if (method >= 0) {
                given.set(method, "--methods");
            } else {
                a.addAll(List.of("--methods", "eig-logdet"));
            }
            a.addAll(given);
            EvaluateConfig c = ((EvaluateCommand) parsed(a)).config();
            for (AcquisitionMethod m : c.methods()) {
                FisherSelector round = c.round(m, 7L);
                assertEquals(value, round.getOrDefault(round.getParam(p.name())), m.cliName() + "'s " + p.name());
                assertEquals(m.cliName(), round.getMethod());
                assertEquals(7L, round.getSeed());
            }
            JsonNode config = EvaluationWriter.report(new EvaluateJob.Result(c, new Curves(), Map.of(), "split",
                    List.of(), Map.of(), List.of(), List.of())).get("config");
            assertEquals(JSON.valueToTree(value), config.get(p.name()), "report.json config " + p.name());
            assertFalse(config.has("method") || config.has("fitLastLayer"), config.toString());
        }
        assertEquals(defaults.params().length - EvaluateConfig.NOT_OPTIONS.size(), options);
        CliRun bad = CliRun.of("evaluate", "--data", "data.jsonl", "--out", "out", "--methods", "eig-logdet",
                "--sampling", "power");
        assertEquals(2, bad.exitCode(), bad.toString());
        assertTrue(bad.err().startsWith("error: ") && bad.err().contains("sampling"), bad.err());
    }

    @Test
    void aRefusedValueNamesTheOption() {
        for (String[] bad : new String[][] {{"--kmeans-rounds", "0"}, {"--prob-tolerance", "-1.0"},
                {"--classes", "1"}, {"--beta", "0.0"}}) {
            List<String> a = args("select", List.of(bad));
            CliRun run = CliRun.of(a.toArray(new String[0]));
            assertEquals(2, run.exitCode(), run.toString());
            assertTrue(run.err().startsWith("error: invalid " + bad[0] + " " + bad[1]), run.err());
            assertFalse(run.err().contains("\n") && run.err().indexOf('\n') < run.err().length() - 1, run.err());
        }
        CliRun typo = CliRun.of(args("select", List.of("--fisher", "kfca")).toArray(new String[0]));
        assertTrue(typo.err().contains("unknown --fisher 'kfca' (did you mean 'kfac'?); valid: dense, kfac"),
                typo.err());
        assertEquals("--prob-tolerance", option(new FisherSelector().probTolerance()));
        assertEquals("--fit-last-layer", option(new FisherSelector().fitLastLayer()).toLowerCase(Locale.ROOT));
    }
}
