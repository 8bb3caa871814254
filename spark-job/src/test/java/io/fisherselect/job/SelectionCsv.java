package io.fisherselect.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.math.select.TopK;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Parses and checks a written {@code selection.csv}. */
public final class SelectionCsv {
    /** One line: rank, id, gain. */
    public record Line(int rank, String id, double gain) {
    }

    private SelectionCsv() {
    }

    public static String text(Path outDir) throws IOException {
        return Files.readString(outDir.resolve("selection.csv"), StandardCharsets.UTF_8);
    }

    /** The lines after the {@code rank,id,gain} header (ids in these tests need no quoting). */
    public static List<Line> parse(String text) {
        String[] lines = text.split("\n", -1);
        assertEquals("rank,id,gain", lines[0], "selection.csv header");
        assertEquals("", lines[lines.length - 1], "selection.csv ends with a newline");
        List<Line> out = new ArrayList<>();
        for (int i = 1; i < lines.length - 1; i++) {
            String[] f = lines[i].split(",", -1);
            assertEquals(3, f.length, "line " + (i + 1) + ": " + lines[i]);
            out.add(new Line(Integer.parseInt(f[0]), f[1], Double.parseDouble(f[2])));
        }
        return out;
    }

    /** rank 1..k in order, ids distinct and from the pool. */
    public static void checkShape(List<Line> lines, int k, Collection<String> poolIds) {
        assertEquals(k, lines.size(), "selection size");
        Set<String> pool = new HashSet<>(poolIds);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            assertEquals(i + 1, l.rank(), "rank of line " + (i + 1));
            assertTrue(pool.contains(l.id()), "selected id '" + l.id() + "' is not in the pool");
            assertTrue(seen.add(l.id()), "id '" + l.id() + "' selected twice");
            assertTrue(Double.isFinite(l.gain()), "gain of '" + l.id() + "' is " + l.gain());
        }
    }

    /** Same ids in the same order, gains equal to {@code relTol} relative. */
    public static void assertMatches(List<TopK.Scored> expected, List<Line> actual, double relTol, String what) {
        List<String> eIds = expected.stream().map(TopK.Scored::id).toList();
        List<String> aIds = actual.stream().map(Line::id).toList();
        assertEquals(eIds, aIds, what + ": ids in pick order");
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.get(i).score();
            double a = actual.get(i).gain();
            assertTrue(close(e, a, relTol), what + ": gain of pick " + (i + 1) + " ('" + eIds.get(i) + "'): expected "
                    + e + ", got " + a);
        }
    }

    public static boolean close(double expected, double actual, double relTol) {
        if (expected == actual) {
            return true;
        }
        return Math.abs(expected - actual) <= relTol * Math.max(Math.abs(expected), Math.abs(actual));
    }
}
