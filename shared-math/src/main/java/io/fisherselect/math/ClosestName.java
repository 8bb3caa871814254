package io.fisherselect.math;

import java.util.Collection;
import java.util.Locale;

/** "did you mean …?" for a mistyped name among the valid ones (Levenshtein distance). */
public final class ClosestName {
    private ClosestName() {
    }

    /**
     * The valid name closest to {@code given}, or null when none is close (distance more than
     * max(2, a third of the name's length)); ties go to the earlier name of {@code valid}.
     */
    public static String of(String given, Collection<String> valid) {
        String g = given == null ? "" : given.trim().toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String v : valid) {
            int d = distance(g, v.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = v;
            }
        }
        return best != null && bestDistance <= Math.max(2, g.length() / 3) ? best : null;
    }

    /** " (did you mean 'x'?)" or "" when no valid name is close. */
    public static String hint(String given, Collection<String> valid) {
        String c = of(given, valid);
        return c == null ? "" : " (did you mean '" + c + "'?)";
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
