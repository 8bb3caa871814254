package io.fisherselect.math.testing;

import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.CandidateBlockBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The golden instance (src/test/resources/golden, a copy of shared/golden: 400 pool items,
 * 30 labeled, d = 6, C = 4) read through {@link TinyJson}: the rows of golden/pool.jsonl and
 * golden/labeled.jsonl, candidate blocks built from them, and the selections of
 * golden/expected.json.
 */
public final class GoldenInstance {
    public static final String POOL = "golden/pool.jsonl";
    public static final String LABELED = "golden/labeled.jsonl";
    public static final String EXPECTED = "golden/expected.json";

    private GoldenInstance() {
    }

    /** One row of the data contract (label −1 when it is null or absent). */
    public record Row(String id, double[] embedding, double[] probs, int label) {
    }

    /**
     * One method's entry of expected.json: k (an integer in the file), λ, the selected ids in
     * pick order and their gains (null where the file has none, e.g. bait).
     */
    public record Expected(String method, int k, double lambda, List<String> ids, double[] gains) {
    }

    /** The rows of golden/pool.jsonl, in file order. */
    public static List<Row> pool() {
        return rows(POOL);
    }

    /** The rows of golden/labeled.jsonl, in file order. */
    public static List<Row> labeled() {
        return rows(LABELED);
    }

    /** The rows of a JSON Lines classpath resource, in file order. */
    public static List<Row> rows(String resource) {
        List<Row> out = new ArrayList<>();
        for (Object line : TinyJson.parseLines(TinyJson.resource(resource))) {
            Map<String, Object> o = TinyJson.object(line);
            Object label = o.get("label");
            out.add(new Row((String) o.get("id"), TinyJson.doubles(o.get("embedding")),
                    TinyJson.doubles(o.get("probs")), label == null ? -1 : (int) (double) (Double) label));
        }
        return out;
    }

    /** All rows in one block, with the factors {@code spec} asks for (C = the length of the first row's probs). */
    public static CandidateBlock block(List<Row> rows, FactorSpec spec) {
        return blocks(rows, spec, 1).get(0);
    }

    /**
     * The rows dealt round-robin into {@code parts} blocks (row i into block i mod parts, in
     * order): a stand-in for Spark partitions.
     */
    public static List<CandidateBlock> blocks(List<Row> rows, FactorSpec spec, int parts) {
        int c = rows.get(0).probs().length;
        int d = rows.get(0).embedding().length;
        List<CandidateBlockBuilder> builders = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            builders.add(new CandidateBlockBuilder(spec, c));
        }
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            builders.get(i % parts).add(r.id(), r.embedding(), r.probs(), r.label());
        }
        List<CandidateBlock> out = new ArrayList<>();
        for (CandidateBlockBuilder b : builders) {
            out.add(b.build(d));
        }
        return out;
    }

    /** The whole of expected.json: method name → entry, in file order. */
    public static Map<String, Object> expectedJson() {
        return TinyJson.object(TinyJson.parse(TinyJson.resource(EXPECTED)));
    }

    /** The entry of expected.json for {@code method}; fails if there is none or k is not an integer. */
    public static Expected expected(String method) {
        Object entry = expectedJson().get(method);
        if (entry == null) {
            throw new IllegalArgumentException(EXPECTED + " has no entry '" + method + "'");
        }
        Map<String, Object> e = TinyJson.object(entry);
        double k = (Double) e.get("k");
        if (k != Math.rint(k)) {
            throw new IllegalArgumentException(EXPECTED + " '" + method + "': k = " + k + " is not an integer");
        }
        List<String> ids = new ArrayList<>();
        for (Object id : TinyJson.array(e.get("ids"))) {
            ids.add((String) id);
        }
        Object gains = e.get("gains");
        return new Expected((String) e.get("method"), (int) k, (Double) e.get("lambda"), List.copyOf(ids),
                gains == null ? null : TinyJson.doubles(gains));
    }
}
