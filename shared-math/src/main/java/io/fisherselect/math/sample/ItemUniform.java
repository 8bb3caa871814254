package io.fisherselect.math.sample;

import java.nio.charset.StandardCharsets;

/**
 * Seeded per-item randomness that depends only on (seed, stream, id): never on partitioning,
 * row order or which executor sees the item. That is what makes every sampled method
 * ({@code random}, {@code power}/{@code softmax}/{@code softrank}, {@code badge}) pick the same
 * items in local mode and on a cluster with any number of partitions (docs/operations.md, determinism).
 *
 * <p>u(seed, stream, id) = a SplitMix64-style 64-bit mix (Steele, Lea &amp; Flood 2014; the
 * "variant 13" finaliser of Stafford) of the seed, the stream number and a 64-bit hash of the
 * id's UTF-8 bytes, mapped to the open interval (0, 1) with 52 random bits:
 * u = (⌊z / 2¹²⌋ + ½)·2⁻⁵², exactly representable, in [2⁻⁵³, 1 − 2⁻⁵³]. So u is never 0 or 1, and
 * log u and the Gumbel −log(−log u) are finite. (With 53 bits the + ½ would round the largest
 * value up to exactly 1.)
 *
 * <p>Streams separate the uses of one seed: each method draws from its own stream (and BADGE
 * from one stream per greedy step), so they are independent of each other.
 */
public final class ItemUniform {
    private ItemUniform() {
    }

    /** the golden-ratio increment of SplitMix64 */
    private static final long GAMMA = 0x9E3779B97F4A7C15L;

    /** stream of {@code random} (a uniform random k-subset) */
    public static final long STREAM_RANDOM = 0x52414E444F4D0000L;
    /** stream of the Gumbel perturbations of stochastic batch acquisition */
    public static final long STREAM_STOCHASTIC = 0x53544F4348000000L;
    /** base stream of BADGE's D² sampling; step t uses {@code STREAM_BADGE + t} */
    public static final long STREAM_BADGE = 0x4241444745000000L;

    /** The SplitMix64 finaliser: a bijective 64-bit mix with full avalanche. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * A 64-bit hash of the id's UTF-8 bytes: 8-byte little-endian words, each folded in through
     * {@link #mix64}, the length folded in last (so "a" and "a\0" differ). Integer ids are hashed
     * as their decimal string, which is how they appear in a {@code CandidateBlock}.
     */
    public static long hashId(String id) {
        byte[] b = id.getBytes(StandardCharsets.UTF_8);
        long h = 0x6A09E667F3BCC908L;
        int i = 0;
        while (i < b.length) {
            long w = 0;
            for (int k = 0; k < 8 && i < b.length; k++, i++) {
                w |= (b[i] & 0xFFL) << (8 * k);
            }
            h = mix64(h ^ w) + GAMMA;
        }
        return mix64(h ^ b.length);
    }

    /** u(seed, stream, id) ∈ (0, 1). */
    public static double uniform(long seed, long stream, String id) {
        return uniform(seed, stream, hashId(id));
    }

    /** u(seed, stream, ·) for an id already hashed with {@link #hashId}. */
    public static double uniform(long seed, long stream, long idHash) {
        long z = mix64(seed + GAMMA);
        z = mix64(z ^ (stream * GAMMA + 0x3C6EF372FE94F82BL));
        z = mix64(z ^ idHash);
        return ((z >>> 12) + 0.5) * 0x1.0p-52;
    }

    /** A standard Gumbel variate −log(−log u) from u ∈ (0, 1). */
    public static double gumbel(double u) {
        return -Math.log(-Math.log(u));
    }
}
