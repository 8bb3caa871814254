package io.fisherselect.job.cli;

import io.fisherselect.job.api.FisherStage;
import io.fisherselect.job.api.InvalidParamException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command-line options of an API stage's params, generated from the params: one option per
 * param, named {@code --kebab-case} of the param's name ({@code probTolerance} →
 * {@code --prob-tolerance}), of the param's type, with the param's default and doc as its
 * default and help. After parsing, each value goes through the stage's own setter
 * ({@code setProbTolerance}), so the command line validates exactly as the Java API does; a
 * refused value is reported with the option's name.
 */
final class ParamOptions {
    private final Supplier<? extends FisherStage<?>> stage;
    private final Set<String> required;
    private final Set<String> excluded;

    /**
     * @param stage    makes a stage with the defaults
     * @param required params that the command line requires (no default there)
     * @param excluded params that are no option of the command
     */
    ParamOptions(Supplier<? extends FisherStage<?>> stage, Set<String> required, Set<String> excluded) {
        this.stage = stage;
        this.required = required;
        this.excluded = excluded;
    }

    /** {@code --kebab-case} of the param's name. */
    static String optionName(Param<?> p) {
        return "--" + p.name().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    /** The Java type of the param's values (that of its setter's argument). */
    static Class<?> valueType(Param<?> p) {
        if (p instanceof IntParam) {
            return int.class;
        }
        if (p instanceof DoubleParam) {
            return double.class;
        }
        if (p instanceof LongParam) {
            return long.class;
        }
        if (p instanceof BooleanParam) {
            return boolean.class;
        }
        return String.class;
    }

    /** Whether the command has an option for the param. */
    boolean isOption(Param<?> p) {
        return !excluded.contains(p.name());
    }

    /** Whether the command line requires the option (it then has no default). */
    boolean isRequired(Param<?> p) {
        return required.contains(p.name());
    }

    /** Adds the options to a command. */
    void addTo(CommandSpec spec) {
        FisherStage<?> s = stage.get();
        for (Param<?> p : s.params()) {
            if (!isOption(p)) {
                continue;
            }
            Class<?> type = valueType(p);
            boolean flag = type == boolean.class;
            OptionSpec.Builder o = OptionSpec.builder(optionName(p)).type(type).paramLabel(flag ? "" : "<"
                    + p.name() + ">").arity(flag ? "0" : "1");
            if (isRequired(p)) {
                o.required(true).description(p.doc());
            } else {
                o.defaultValue(String.valueOf(s.getDefault(p).get()))
                        .description(p.doc() + (flag ? "" : " (default: ${DEFAULT-VALUE})"));
            }
            spec.addOption(o.build());
        }
    }

    /**
     * Sets every option's value (given, from {@code --config}, or the default) through the stage's
     * setter.
     *
     * @throws IllegalArgumentException naming the option, the value and the rule when a value is refused
     */
    <T extends FisherStage<T>> T applyTo(CommandSpec spec, T target) {
        for (Param<?> p : target.params()) {
            if (!isOption(p)) {
                continue;
            }
            OptionSpec o = spec.findOption(optionName(p));
            Object value = o.getValue();
            if (value == null) {
                continue;
            }
            try {
                setter(target, p).invoke(target, value);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof InvalidParamException ip) {
                    throw new IllegalArgumentException(ip.messageFor(optionName(p)), ip);
                }
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(cause);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return target;
    }

    /** The stage's setter of the param: {@code set} + its capitalised name, of the param's value type. */
    static Method setter(FisherStage<?> stage, Param<?> p) {
        String name = "set" + Character.toUpperCase(p.name().charAt(0)) + p.name().substring(1);
        try {
            return stage.getClass().getMethod(name, valueType(p));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(stage.getClass().getSimpleName() + " has no setter " + name + "("
                    + valueType(p).getSimpleName() + ") for its param " + p.name(), e);
        }
    }
}
