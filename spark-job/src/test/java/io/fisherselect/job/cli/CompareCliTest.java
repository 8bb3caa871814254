package io.fisherselect.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fisherselect.job.LocalSpark;
import io.fisherselect.job.TestSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare}: the Spearman matrix against ranks computed here from the written scores
 * (average ranks for ties), ρ = 1 where two scores are monotone in each other (egl and eig-trace
 * without a labeled set: eig-trace = egl / 2λ), and the report files.
 */
class CompareCliTest {

    @TempDir
    Path tmp;

    @Test
    void spearmanMatrixOfTheMethodsScores() throws Exception {
        TestSet pool = TestSet.classification(21, "p", 120, 4, 3, false);
        String poolPath = pool.writeJsonl(tmp, "pool");
        Path out = tmp.resolve("cmp");
        List<String> methods = List.of("entropy", "margin", "egl", "eig-trace", "eig-logdet");
        CliRun run = CliRun.of("compare", "--pool", poolPath, "--methods", String.join(",", methods), "--out",
                out.toString(), "--master", "local[2]");
        assertEquals(0, run.exitCode(), run.toString());

        List<String> lines = Files.readAllLines(out.resolve("correlations.csv"));
        assertEquals("method," + String.join(",", methods), lines.get(0));
        assertEquals(methods.size() + 1, lines.size());
        double[][] rho = new double[methods.size()][];
        for (int i = 0; i < methods.size(); i++) {
            String[] f = lines.get(i + 1).split(",");
            assertEquals(methods.get(i), f[0]);
            rho[i] = Arrays.stream(f).skip(1).mapToDouble(Double::parseDouble).toArray();
        }

        List<Row> rows = LocalSpark.session().read().parquet(out.resolve("scores").toString()).collectAsList();
        double[][] values = new double[methods.size()][rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            for (int m = 0; m < methods.size(); m++) {
                values[m][r] = rows.get(r).getDouble(rows.get(r).fieldIndex(methods.get(m)));
            }
        }
        for (int i = 0; i < methods.size(); i++) {
            assertEquals(1.0, rho[i][i], 1e-12);
            for (int j = 0; j < methods.size(); j++) {
                assertEquals(rho[i][j], rho[j][i], 1e-12);
                assertEquals(spearman(values[i], values[j]), rho[i][j], 1e-9,
                        methods.get(i) + " vs " + methods.get(j));
            }
        }
        assertEquals(1.0, rho[2][3], 1e-12, "eig-trace = egl / 2λ without a labeled set");
        assertTrue(rho[0][1] > 0.5, "entropy and margin agree broadly: " + rho[0][1]);

        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals("compare", report.path("command").asText());
        assertEquals(methods.size(), report.path("spearman").size());
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("Spearman"));
    }

    /** Pearson correlation of the average ranks. */
    static double spearman(double[] a, double[] b) {
        return pearson(ranks(a), ranks(b));
    }

    static double[] ranks(double[] v) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (x, y) -> Double.compare(v[x], v[y]));
        double[] r = new double[v.length];
        int i = 0;
        while (i < v.length) {
            int j = i;
            while (j + 1 < v.length && v[idx[j + 1]] == v[idx[i]]) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[idx[k]] = avg;
            }
            i = j + 1;
        }
        return r;
    }

    static double pearson(double[] a, double[] b) {
        double ma = Arrays.stream(a).average().orElse(0);
        double mb = Arrays.stream(b).average().orElse(0);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
