package io.fisherselect.job;

import io.fisherselect.job.io.DataSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The five input sets of the data contract as small JSON Lines files (pool 40 rows, labeled 12,
 * eval 15, query 8 and private 6 with labels; d = 3, C = 3), each row an editable ordered map of
 * its fields, so that a test can break exactly one thing in one set.
 */
public final class InputSets {
    public static final int D = 3;
    public static final int C = 3;

    /** A JSON value written as is (e.g. {@code "abc"} with its quotes, or {@code null}). */
    public record Raw(String json) {
    }

    public final Map<DataSet, TestSet> sets = new EnumMap<>(DataSet.class);

    public InputSets() {
        sets.put(DataSet.POOL, TestSet.classification(5, "p", 40, D, C, true));
        sets.put(DataSet.LABELED, TestSet.classification(6, "l", 12, D, C, true));
        sets.put(DataSet.EVAL, TestSet.classification(7, "e", 15, D, C, false));
        sets.put(DataSet.QUERY, TestSet.classification(8, "q", 8, D, C, true));
        sets.put(DataSet.PRIVATE, TestSet.classification(9, "s", 6, D, C, true));
    }

    public TestSet get(DataSet set) {
        return sets.get(set);
    }

    /** The id of row {@code i} of {@code set}. */
    public String id(DataSet set, int i) {
        return sets.get(set).rows.get(i).id();
    }

    /** The smaller (string order) of the ids of rows {@code i} and {@code j}: what a message names. */
    public String smallerId(DataSet set, int i, int j) {
        String a = id(set, i);
        String b = id(set, j);
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** The rows of {@code set} as editable field maps: id, embedding, probs, label (when present). */
    public List<Map<String, Object>> rows(DataSet set) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TestSet.Row0 r : sets.get(set).rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("embedding", r.embedding().clone());
            if (r.probs() != null) {
                m.put("probs", r.probs().clone());
            }
            if (r.label() != null) {
                m.put("label", r.label());
            }
            out.add(m);
        }
        return out;
    }

    /** Writes {@code dir/name.jsonl} with the rows of {@code set} after {@code edit}. */
    public String write(Path dir, DataSet set, UnaryOperator<List<Map<String, Object>>> edit) throws IOException {
        return writeLines(dir, set.label(), lines(edit.apply(rows(set))));
    }

    /** Writes every set unedited; returns the paths by set. */
    public Map<DataSet, String> writeAll(Path dir) throws IOException {
        Map<DataSet, String> paths = new EnumMap<>(DataSet.class);
        for (DataSet s : sets.keySet()) {
            paths.put(s, write(dir, s, r -> r));
        }
        return paths;
    }

    public static List<String> lines(List<Map<String, Object>> rows) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            out.add(json(r));
        }
        return out;
    }

    public static String writeLines(Path dir, String name, List<String> lines) throws IOException {
        Path p = dir.resolve(name + ".jsonl");
        Files.writeString(p, lines.isEmpty() ? "" : String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return p.toString();
    }

    /** One JSON object; doubles in Java's form (NaN, Infinity and -Infinity, which Spark's JSON reader accepts). */
    public static String json(Map<String, Object> row) {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, Object> e : row.entrySet()) {
            if (b.length() > 1) {
                b.append(", ");
            }
            b.append('"').append(e.getKey()).append("\": ").append(value(e.getValue()));
        }
        return b.append('}').toString();
    }

    private static String value(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Raw r) {
            return r.json();
        }
        if (v instanceof String s) {
            return '"' + s + '"';
        }
        if (v instanceof double[] a) {
            return TestSet.array(a);
        }
        if (v instanceof Object[] a) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < a.length; i++) {
                b.append(i == 0 ? "" : ", ").append(value(a[i]));
            }
            return b.append(']').toString();
        }
        return String.valueOf(v);
    }
}
