package io.fisherselect.math.select;

import static io.fisherselect.math.select.LogDetTestSupport.params;
import static io.fisherselect.math.select.LogDetTestSupport.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The golden {@code logdet} selection (golden/README.md): pool.jsonl (400 items, d = 6, C = 4),
 * k = 8, λ = 1, dot kernel, hard pseudo-labels; ids and gains of expected.json "logdet".
 */
class LogDetSimilarityGoldenTest {

    @Test
    @SuppressWarnings("unchecked")
    void matchesGoldenSelection() throws IOException {
        CandidateBlockBuilder builder = new CandidateBlockBuilder(spec(), 4);
        int d = -1;
        for (String line : read("golden/pool.jsonl").split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> row = (Map<String, Object>) MiniJson.parse(line);
            double[] phi = numbers(row.get("embedding"));
            double[] probs = numbers(row.get("probs"));
            d = phi.length;
            builder.add((String) row.get("id"), phi, probs, ((Double) row.get("label")).intValue());
        }
        assertEquals(400, builder.size());
        assertEquals(6, d);
        Map<String, Object> expected = (Map<String, Object>) ((Map<String, Object>) MiniJson.parse(read("golden/expected.json")))
                .get("logdet");
        assertNotNull(expected);
        int k = ((Double) expected.get("k")).intValue();
        double lambda = (Double) expected.get("lambda");
        List<Object> ids = (List<Object>) expected.get("ids");
        double[] gains = numbers(expected.get("gains"));

        List<Pick> picks = GreedySelector.select(List.of(builder.build(d)),
                LogDetSimilarity.driver(params(k, lambda), Kernel.DOT, d, 4), k);
        assertEquals(ids, picks.stream().map(p -> (Object) p.id).toList());
        for (int t = 0; t < k; t++) {
            double diff = Math.abs(picks.get(t).gain - gains[t]);
            assertTrue(diff <= 1e-9 * Math.abs(gains[t]), "gain " + t + ": " + picks.get(t).gain + " vs " + gains[t]);
        }
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = LogDetSimilarityGoldenTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @SuppressWarnings("unchecked")
    private static double[] numbers(Object array) {
        List<Object> list = (List<Object>) array;
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Double) list.get(i);
        }
        return out;
    }

    /** A tiny JSON reader (objects, arrays, strings with simple escapes, numbers, literals). */
    static final class MiniJson {
        private final String s;
        private int pos;

        private MiniJson(String s) {
            this.s = s;
        }

        static Object parse(String text) {
            MiniJson p = new MiniJson(text);
            Object v = p.value();
            p.skip();
            if (p.pos != p.s.length()) {
                throw new IllegalArgumentException("trailing text at " + p.pos);
            }
            return v;
        }

        private void skip() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private void expect(char ch) {
            skip();
            if (pos >= s.length() || s.charAt(pos) != ch) {
                throw new IllegalArgumentException("expected '" + ch + "' at " + pos);
            }
            pos++;
        }

        private Object value() {
            skip();
            char ch = s.charAt(pos);
            if (ch == '{') {
                Map<String, Object> map = new LinkedHashMap<>();
                pos++;
                skip();
                if (s.charAt(pos) == '}') {
                    pos++;
                    return map;
                }
                while (true) {
                    String key = string();
                    expect(':');
                    map.put(key, value());
                    skip();
                    if (s.charAt(pos++) == '}') {
                        return map;
                    }
                }
            }
            if (ch == '[') {
                List<Object> list = new ArrayList<>();
                pos++;
                skip();
                if (s.charAt(pos) == ']') {
                    pos++;
                    return list;
                }
                while (true) {
                    list.add(value());
                    skip();
                    if (s.charAt(pos++) == ']') {
                        return list;
                    }
                }
            }
            if (ch == '"') {
                return string();
            }
            for (String lit : new String[] {"null", "true", "false"}) {
                if (s.startsWith(lit, pos)) {
                    pos += lit.length();
                    return lit.equals("null") ? null : Boolean.valueOf(lit);
                }
            }
            int start = pos;
            while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            return Double.parseDouble(s.substring(start, pos));
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (s.charAt(pos) != '"') {
                char ch = s.charAt(pos++);
                if (ch == '\\') {
                    char e = s.charAt(pos++);
                    b.append(switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        default -> e;
                    });
                } else {
                    b.append(ch);
                }
            }
            pos++;
            return b.toString();
        }
    }
}
