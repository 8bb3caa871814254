package io.fisherselect.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.job.LocalSpark;
import io.fisherselect.job.SelectionCsv;
import io.fisherselect.job.TestSet;
import io.fisherselect.job.stage.FaultInjection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Task failures do not change the selection: with {@link FaultInjection} failing the first
 * attempt of a task in each named job (Spark retries it: {@code local[2,4]} allows 4 attempts),
 * selection.csv is byte-identical to a failure-free run. The injected jobs cover the validation
 * pass, the labeled Fisher reduction, the candidate blocks, the greedy's pick jobs (the
 * distributed greedy calls {@link FaultInjection#maybeFail()}), the top-k pass and the sampled
 * top-k's scoring, ranking and sampling.
 */
class FaultInjectionCliTest {
    static final String MASTER = "local[2,4]";

    @TempDir
    Path tmp;
    String pool;
    String labeled;

    @BeforeAll
    static void noSharedSession() {
        LocalSpark.stop();
    }

    @BeforeEach
    void sets() throws IOException {
        pool = TestSet.classification(41, "p", 120, 4, 3, true).writeJsonl(tmp, "pool");
        labeled = TestSet.classification(42, "l", 20, 4, 3, true).writeJsonl(tmp, "labeled");
        FaultInjection.reset();
    }

    @AfterEach
    void off() {
        System.clearProperty(FaultInjection.PROPERTY);
        FaultInjection.reset();
    }

    private String select(String name, String failJobs, String... options) throws IOException {
        if (failJobs == null) {
            System.clearProperty(FaultInjection.PROPERTY);
        } else {
            System.setProperty(FaultInjection.PROPERTY, failJobs);
        }
        Path out = tmp.resolve(name);
        List<String> args = new ArrayList<>(List.of("select", "--pool", pool, "--labeled", labeled, "--partitions",
                "3", "--master", MASTER, "--out", out.toString()));
        args.addAll(List.of(options));
        CliRun r = CliRun.of(args.toArray(new String[0]));
        System.clearProperty(FaultInjection.PROPERTY);
        assertEquals(0, r.exitCode(), name + ": " + r);
        return SelectionCsv.text(out);
    }

    private static void assertInjected(String job) {
        List<String> injected = FaultInjection.injected();
        assertTrue(injected.stream().anyMatch(s -> s.startsWith(job)), "a task of '" + job + "' failed once: "
                + injected);
    }

    @Test
    void greedySelectionIsUnchangedByTaskFailures() throws IOException {
        // on the cluster: the failures are injected into the per-pick jobs
        String[] options = {"--method", "eig-logdet", "--k", "6", "--checkpoint-every", "2", "--greedy-on", "cluster"};
        String clean = select("clean", null, options);
        assertEquals(List.of(), FaultInjection.injected(), "inert unless the property is set");
        String faulty = select("faulty", "read and validate,aggregate labeled Fisher,build candidate blocks,"
                + "forward 1/,forward 2/,forward 3/,forward 5/", options);
        assertEquals(clean, faulty, "selection.csv with task failures");
        assertInjected("read and validate pool");
        assertInjected("read and validate labeled");
        assertInjected("aggregate labeled Fisher");
        assertInjected("build candidate blocks");
        for (int pick : new int[] {1, 2, 3, 5}) {
            assertTrue(FaultInjection.injected().stream().anyMatch(s -> s.contains("forward " + pick + "/")),
                    "a task of the job of pick " + pick + " failed once: " + FaultInjection.injected());
        }
    }

    @Test
    void topKAndSampledSelectionsAreUnchangedByTaskFailures() throws IOException {
        String[] topK = {"--method", "eig-trace", "--k", "8"};
        assertEquals(select("top-clean", null, topK), select("top-faulty", "top-8", topK), "top-k");
        assertInjected("eig-trace top-8");
        String[] sampled = {"--method", "eig-trace", "--k", "8", "--sampling", "softrank", "--seed", "4"};
        assertEquals(select("sampled-clean", null, sampled), select("sampled-faulty", "sampling of 8", sampled),
                "softrank sampling");
        assertInjected("eig-trace softrank sampling of 8");
    }
}
