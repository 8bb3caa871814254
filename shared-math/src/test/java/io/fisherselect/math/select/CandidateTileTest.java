package io.fisherselect.math.select;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The state transposes of a tile ({@link CandidateTile#gather}, {@link CandidateTile#scatter},
 * blocked by rows) against the element-by-element definitions, for tiles whose length is and is
 * not a multiple of the block, offsets and strides, skipped rows anywhere, and prev = next.
 */
class CandidateTileTest {

    @Test
    void gatherAndScatterAreTheElementwiseTransposes() {
        Random rnd = new Random(3);
        for (int seed = 0; seed < 200; seed++) {
            int t = rnd.nextInt(40);
            int from = rnd.nextInt(20);
            int width = 1 + rnd.nextInt(9);
            int offset = rnd.nextInt(3);
            int stride = offset + width + rnd.nextInt(3);
            int rows = from + t + rnd.nextInt(3);
            double[] state = new double[rows * stride];
            for (int i = 0; i < state.length; i++) {
                state[i] = rnd.nextGaussian();
            }
            int lanesOff = rnd.nextInt(2);
            double[][] lanes = new double[lanesOff + width][t + 1];
            CandidateTile.gather(state, from, t, stride, offset, width, lanes, lanesOff);
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < width; j++) {
                    assertEquals(state[(from + i) * stride + offset + j], lanes[lanesOff + j][i], 0.0,
                            "gather seed " + seed);
                }
            }
            for (double[] lane : lanes) {
                for (int i = 0; i < lane.length; i++) {
                    lane[i] = rnd.nextGaussian();
                }
            }
            boolean[] skip = null;
            if (seed % 3 != 0) {
                skip = new boolean[rows];
                for (int i = 0; i < rows; i++) {
                    skip[i] = rnd.nextInt(seed % 3 == 1 ? 4 : 30) == 0;
                }
            }
            double[] prev = state.clone();
            double[] next = seed % 2 == 0 ? state : new double[state.length];
            double[] before = next.clone();
            CandidateTile.scatter(lanes, lanesOff, width, from, t, stride, offset, skip, prev, next);
            for (int row = 0; row < rows; row++) {
                for (int e = 0; e < stride; e++) {
                    int i = row - from;
                    int j = e - offset;
                    double expected;
                    if (i < 0 || i >= t || j < 0 || j >= width) {
                        expected = before[row * stride + e];
                    } else if (skip != null && skip[row]) {
                        expected = prev[row * stride + e];
                    } else {
                        expected = lanes[lanesOff + j][i];
                    }
                    assertEquals(expected, next[row * stride + e], 0.0,
                            "scatter seed " + seed + " row " + row + " element " + e);
                }
            }
        }
    }
}
