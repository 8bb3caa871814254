package io.fisherselect.math.score;

import io.fisherselect.math.sample.ItemUniform;

/**
 * {@code random}: the score of item i is u(seed, {@link ItemUniform#STREAM_RANDOM}, idᵢ), so the
 * top-k is a uniform random k-subset (i.i.d. continuous keys: every k-subset is equally likely)
 * that depends only on the seed and the ids, never on partitioning or row order.
 */
public final class RandomScore {
    private RandomScore() {
    }

    public static ItemScore uniform(long seed) {
        return (b, row, scratch) -> ItemUniform.uniform(seed, ItemUniform.STREAM_RANDOM, b.ids[row]);
    }
}
