package io.fisherselect.job.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fisherselect.job.score.ScoreConfig;
import io.fisherselect.job.score.Scoring;
import io.fisherselect.job.io.OutputDirectory;
import io.fisherselect.math.AcquisitionMethod;
import java.io.IOException;
import java.util.Map;

/**
 * The {@code report.json} of a {@code score} run (the scores themselves are written by the job as
 * Parquet into {@code scores/}): resolved config, sizes, the scored methods and timings.
 */
public final class ScoreWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ScoreWriter() {
    }

    public static void writeReport(OutputDirectory out, Scoring s) throws IOException {
        out.writeText("report.json", JSON.writeValueAsString(report(s)));
    }

    public static ObjectNode report(Scoring s) {
        ObjectNode root = JSON.createObjectNode();
        root.put("tool", "fisherselect");
        root.put("command", "score");
        root.set("config", config(s.config()));
        ObjectNode sizes = root.putObject("sizes");
        for (Map.Entry<String, Long> e : s.sizes().entrySet()) {
            sizes.put(e.getKey(), e.getValue());
        }
        ArrayNode methods = root.putArray("methods");
        for (Scoring.ScoredMethod m : s.columns()) {
            ObjectNode n = methods.addObject();
            n.put("name", m.name());
            n.put("column", m.name());
            n.put("kind", m.kind());
            n.put("factor", m.factor());
            n.put("r", m.r());
        }
        ObjectNode timings = root.putObject("timings");
        for (Map.Entry<String, Double> e : s.timings().entrySet()) {
            timings.put(e.getKey(), e.getValue());
        }
        root.put("scores", "scores/");
        return root;
    }

    private static ObjectNode config(ScoreConfig c) {
        ObjectNode n = SelectionWriter.run(c.run());
        ArrayNode methods = n.putArray("methods");
        for (AcquisitionMethod m : c.methods()) {
            methods.add(m.cliName());
        }
        SelectionWriter.putParams(n, c.params().paramValues());
        return n;
    }
}
