package io.fisherselect.math.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.math.score.ItemScore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** TopK.ofBlock / TopK.merge against a full sort by (score desc, id asc), with many ties. */
class TopKTest {
    private static final int SEEDS = 50;

    /** score descending (numerically equal scores, 0.0 and -0.0 included, tie), then id ascending */
    private static final Comparator<TopK.Scored> FULL_ORDER = (a, b) -> a.score() == b.score()
            ? a.id().compareTo(b.id())
            : (a.score() > b.score() ? -1 : 1);

    /** A block whose items carry nothing but ids (d = C = r = 1); scores come from a map. */
    private static CandidateBlock block(List<String> ids) {
        int n = ids.size();
        return new CandidateBlock(ids.toArray(new String[0]), 1, 1, 1, new double[n], new double[n]);
    }

    private static ItemScore lookup(Map<String, Double> scores) {
        return (b, row, scratch) -> scores.get(b.ids[row]);
    }

    private static List<TopK.Scored> fullSort(Map<String, Double> scores, int k) {
        List<TopK.Scored> all = new ArrayList<>();
        scores.forEach((id, s) -> all.add(new TopK.Scored(id, s)));
        all.sort(FULL_ORDER);
        return all.subList(0, Math.min(k, all.size()));
    }

    /** Random ids of varying length (so String order is not numeric order) and tied scores. */
    private static Map<String, Double> randomScores(Random rnd, int n) {
        Map<String, Double> scores = new HashMap<>();
        int levels = 1 + rnd.nextInt(6);
        while (scores.size() < n) {
            String id = "i" + rnd.nextInt(10 * n + 10);
            double s = switch (rnd.nextInt(3)) {
                case 0 -> rnd.nextInt(levels); // heavy ties
                case 1 -> -rnd.nextInt(levels) * 0.5; // includes -0.0, which ties with 0.0
                default -> rnd.nextGaussian();
            };
            scores.put(id, s);
        }
        return scores;
    }

    @Test
    void ofBlockEqualsFullSort() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Random rnd = new Random(seed);
            int n = 1 + rnd.nextInt(60);
            Map<String, Double> scores = randomScores(rnd, n);
            List<String> ids = new ArrayList<>(scores.keySet());
            Collections.shuffle(ids, rnd);
            CandidateBlock b = block(ids);
            for (int k : new int[] {1, 2, 1 + rnd.nextInt(n), n, n + 3}) {
                assertEquals(fullSort(scores, k), TopK.ofBlock(b, lookup(scores), k), "seed " + seed + " k " + k);
            }
        }
    }

    @Test
    void mergeAcrossBlocksEqualsFullSort() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Random rnd = new Random(seed + 500);
            int n = 1 + rnd.nextInt(60);
            Map<String, Double> scores = randomScores(rnd, n);
            List<String> ids = new ArrayList<>(scores.keySet());
            Collections.shuffle(ids, rnd);
            int parts = 1 + rnd.nextInt(6);
            List<List<String>> split = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                split.add(new ArrayList<>());
            }
            for (String id : ids) {
                split.get(rnd.nextInt(parts)).add(id); // uneven, possibly empty blocks
            }
            for (int k : new int[] {1, 1 + rnd.nextInt(n), n, n + 2}) {
                List<List<TopK.Scored>> partial = new ArrayList<>();
                for (List<String> part : split) {
                    List<TopK.Scored> top = TopK.ofBlock(block(part), lookup(scores), k);
                    assertTrue(top.size() <= k);
                    partial.add(top);
                }
                assertEquals(fullSort(scores, k), TopK.merge(partial, k), "seed " + seed + " k " + k + " parts " + parts);
            }
        }
    }

    @Test
    void tiesGoToTheSmallerId() {
        Map<String, Double> scores = Map.of("b", 1.0, "a", 1.0, "c", 1.0, "a2", 2.0, "z", 0.0);
        CandidateBlock b = block(List.of("c", "b", "z", "a2", "a"));
        assertEquals(List.of(new TopK.Scored("a2", 2.0), new TopK.Scored("a", 1.0), new TopK.Scored("b", 1.0)),
                TopK.ofBlock(b, lookup(scores), 3));
        List<TopK.Scored> left = TopK.ofBlock(block(List.of("c", "z")), lookup(scores), 2);
        List<TopK.Scored> right = TopK.ofBlock(block(List.of("b", "a2", "a")), lookup(scores), 2);
        assertEquals(List.of(new TopK.Scored("a2", 2.0), new TopK.Scored("a", 1.0)),
                TopK.merge(List.of(left, right), 2));
    }

    @Test
    void nanScoreIsAnError() {
        CandidateBlock b = block(List.of("x", "y"));
        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> TopK.ofBlock(b, (blk, row, s) -> row == 1 ? Double.NaN : 1.0, 1));
        assertTrue(e.getMessage().contains("'y'"), e.getMessage());
    }
}
