package io.fisherselect.math.select;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.fisher.FisherSum;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * The published BAIT selection on the golden instance (src/test/resources/golden, copied from
 * the project's golden set: 400 pool items, 30 labeled, d = 6, C = 4, k = 8, λ = 1).
 */
class BaitGoldenTest {

    @Test
    void reproducesTheGoldenSelection() throws IOException {
        CandidateBlock pool = load("/golden/pool.jsonl");
        CandidateBlock labeled = load("/golden/labeled.jsonl");
        Map<?, ?> bait = (Map<?, ?>) ((Map<?, ?>) Json.parse(read("/golden/expected.json"))).get("bait");
        int k = ((Number) bait.get("k")).intValue();
        double lambda = ((Number) bait.get("lambda")).doubleValue();
        List<String> expected = new ArrayList<>();
        for (Object id : (List<?>) bait.get("ids")) {
            expected.add((String) id);
        }

        DMatrixRMaj labeledSum = FisherSum.of(labeled);
        DMatrixRMaj fisher = FisherSum.of(pool);
        CommonOps_DDRM.addEquals(fisher, labeledSum);
        CommonOps_DDRM.scale(1.0 / (pool.n + labeled.n), fisher);
        DMatrixRMaj labeledMean = labeledSum.copy();
        CommonOps_DDRM.scale(1.0 / labeled.n, labeledMean);
        SelectionParams p = SelectionParams.of(AcquisitionMethod.EIG_LOGDET, k).withLambda(lambda);

        for (int parts : new int[] {1, 4}) {
            List<CandidateBlock> blocks = parts == 1 ? List.of(pool) : split(pool, parts);
            BaitDriver driver = BaitDriver.create(p, labeledMean, labeled.n, fisher, pool.d, pool.c, pool.r);
            List<Pick> picks = GreedySelector.select(blocks, driver, k);
            assertEquals(expected, picks.stream().map(x -> x.id).toList(), parts + " block(s)");
        }
    }

    private static List<CandidateBlock> split(CandidateBlock b, int parts) {
        List<CandidateBlock> out = new ArrayList<>();
        for (int part = 0; part < parts; part++) {
            List<Integer> rows = new ArrayList<>();
            for (int i = part; i < b.n; i += parts) {
                rows.add(i);
            }
            String[] ids = new String[rows.size()];
            double[] phi = new double[rows.size() * b.d];
            double[] factor = new double[rows.size() * b.c * b.r];
            for (int j = 0; j < rows.size(); j++) {
                int i = rows.get(j);
                ids[j] = b.ids[i];
                System.arraycopy(b.phi, b.phiOffset(i), phi, j * b.d, b.d);
                System.arraycopy(b.factor, b.factorOffset(i), factor, j * b.c * b.r, b.c * b.r);
            }
            out.add(new CandidateBlock(ids, b.d, b.c, b.r, phi, factor));
        }
        return out;
    }

    private static CandidateBlock load(String resource) throws IOException {
        CandidateBlockBuilder builder = null;
        int d = 0;
        for (String line : read(resource).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Map<?, ?> row = (Map<?, ?>) Json.parse(line);
            double[] emb = doubles((List<?>) row.get("embedding"));
            double[] probs = doubles((List<?>) row.get("probs"));
            if (builder == null) {
                builder = new CandidateBlockBuilder(FactorSpec.fisher(), probs.length);
                d = emb.length;
            }
            Object label = row.get("label");
            builder.add((String) row.get("id"), emb, probs, label == null ? -1 : ((Number) label).intValue());
        }
        return builder.build(d);
    }

    private static double[] doubles(List<?> values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) values.get(i)).doubleValue();
        }
        return out;
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = BaitGoldenTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A tiny JSON reader (objects, arrays, strings, numbers, true/false/null): enough for the golden files. */
    static final class Json {
        private final String s;
        private int pos;

        private Json(String s) {
            this.s = s;
        }

        static Object parse(String text) {
            Json j = new Json(text);
            Object v = j.value();
            j.skipSpace();
            if (j.pos != text.length()) {
                throw j.error("trailing characters");
            }
            return v;
        }

        private Object value() {
            skipSpace();
            if (pos >= s.length()) {
                throw error("unexpected end");
            }
            char ch = s.charAt(pos);
            switch (ch) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default:
                    return number();
            }
        }

        private Map<String, Object> object() {
            Map<String, Object> m = new LinkedHashMap<>();
            pos++;
            skipSpace();
            if (peek() == '}') {
                pos++;
                return m;
            }
            while (true) {
                skipSpace();
                String key = string();
                skipSpace();
                expect(':');
                m.put(key, value());
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else {
                    expect('}');
                    return m;
                }
            }
        }

        private List<Object> array() {
            List<Object> list = new ArrayList<>();
            pos++;
            skipSpace();
            if (peek() == ']') {
                pos++;
                return list;
            }
            while (true) {
                list.add(value());
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else {
                    expect(']');
                    return list;
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char ch = s.charAt(pos++);
                if (ch == '"') {
                    return b.toString();
                }
                if (ch != '\\') {
                    b.append(ch);
                    continue;
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> b.append(e);
                }
            }
        }

        private Object number() {
            int start = pos;
            while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            if (start == pos) {
                throw error("unexpected character");
            }
            String t = s.substring(start, pos);
            if (t.matches("-?\\d+")) {
                return Long.parseLong(t);
            }
            return Double.parseDouble(t);
        }

        private Object literal(String word, Object v) {
            if (!s.startsWith(word, pos)) {
                throw error("expected " + word);
            }
            pos += word.length();
            return v;
        }

        private void expect(char ch) {
            if (peek() != ch) {
                throw error("expected '" + ch + "'");
            }
            pos++;
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("JSON: " + what + " at " + pos);
        }
    }
}
