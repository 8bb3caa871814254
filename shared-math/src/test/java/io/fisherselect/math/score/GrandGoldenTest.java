package io.fisherselect.math.score;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.CandidateBlockBuilder;
import io.fisherselect.math.select.TopK;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The golden "grand" selection (shared/golden, copied to test resources). */
class GrandGoldenTest {

    @Test
    void top8GrandMatchesTheGoldenSelection() throws IOException {
        String pool = resource("/golden/pool.jsonl");
        @SuppressWarnings("unchecked")
        Map<String, Object> expected = (Map<String, Object>) ((Map<String, Object>) Json.parse(resource("/golden/expected.json"))).get("grand");
        CandidateBlockBuilder builder = null;
        for (String line : pool.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> row = (Map<String, Object>) Json.parse(line);
            double[] probs = numbers(row.get("probs"));
            if (builder == null) {
                builder = new CandidateBlockBuilder(new FactorSpec(FactorSpec.Kind.LABEL_GRADIENT,
                        FactorSpec.Likelihood.SOFTMAX, 0, 1.0, false), probs.length);
            }
            builder.add((String) row.get("id"), numbers(row.get("embedding")), probs,
                    ((Double) row.get("label")).intValue());
        }
        CandidateBlock block = builder.build(0);
        assertEquals(400, block.n);
        int k = ((Double) expected.get("k")).intValue();
        List<TopK.Scored> top = TopK.ofBlock(block, LabelScores.grand(), k);
        @SuppressWarnings("unchecked")
        List<Object> ids = (List<Object>) expected.get("ids");
        double[] gains = numbers(expected.get("gains"));
        assertEquals(ids.size(), top.size());
        for (int i = 0; i < k; i++) {
            assertEquals(ids.get(i), top.get(i).id(), "rank " + (i + 1));
            assertEquals(gains[i], top.get(i).score(), 1e-9 * Math.abs(gains[i]), "rank " + (i + 1));
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = GrandGoldenTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static double[] numbers(Object o) {
        @SuppressWarnings("unchecked")
        List<Object> l = (List<Object>) o;
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Double) l.get(i);
        }
        return out;
    }

    /** A tiny JSON reader: objects, arrays, strings (simple escapes), numbers, literals. */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        static Object parse(String text) {
            Json j = new Json(text);
            Object v = j.value();
            j.ws();
            if (j.i != text.length()) {
                throw new IllegalArgumentException("trailing text at " + j.i);
            }
            return v;
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private void expect(char c) {
            ws();
            if (s.charAt(i) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + i);
            }
            i++;
        }

        private Object value() {
            ws();
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> m = new LinkedHashMap<>();
                i++;
                ws();
                if (s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                do {
                    ws();
                    String key = string();
                    expect(':');
                    m.put(key, value());
                    ws();
                } while (s.charAt(i++) == ',');
                if (s.charAt(i - 1) != '}') {
                    throw new IllegalArgumentException("expected '}' at " + (i - 1));
                }
                return m;
            }
            if (c == '[') {
                List<Object> l = new ArrayList<>();
                i++;
                ws();
                if (s.charAt(i) == ']') {
                    i++;
                    return l;
                }
                do {
                    l.add(value());
                    ws();
                } while (s.charAt(i++) == ',');
                if (s.charAt(i - 1) != ']') {
                    throw new IllegalArgumentException("expected ']' at " + (i - 1));
                }
                return l;
            }
            if (c == '"') {
                return string();
            }
            for (String lit : new String[] {"true", "false", "null"}) {
                if (s.startsWith(lit, i)) {
                    i += lit.length();
                    return lit.equals("null") ? null : Boolean.valueOf(lit);
                }
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            return Double.parseDouble(s.substring(start, i));
        }

        private String string() {
            if (s.charAt(i) != '"') {
                throw new IllegalArgumentException("expected a string at " + i);
            }
            StringBuilder b = new StringBuilder();
            i++;
            while (s.charAt(i) != '"') {
                char c = s.charAt(i++);
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> b.append('\n');
                        case 't' -> b.append('\t');
                        case 'u' -> {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> b.append(e);
                    }
                } else {
                    b.append(c);
                }
            }
            i++;
            return b.toString();
        }
    }
}
