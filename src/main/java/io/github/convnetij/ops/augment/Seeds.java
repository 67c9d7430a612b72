package io.github.convnetij.ops.augment;

/**
 * Derives independent random keys from a seed and an index, so that the randomness of each
 * replicate depends on the seed and the replicate's index only, never on the thread count or on the
 * order in which replicates are computed.
 * <p>
 * The mixing function is SplitMix64's finaliser (Steele, Lea and Flood, "Fast splittable
 * pseudorandom number generators", OOPSLA 2014), a bijection of 64-bit words whose output bits each
 * depend on every input bit. Keys are stable: the same seed and index give the same key in every
 * version of Java and on every machine.
 * <pre>{@code
 * long replicate = Seeds.derive(seed, 7);          // replicate 7
 * long slice = Seeds.derive(replicate, 2);         // its third slice
 * }</pre>
 */
public final class Seeds {

	/** 2^64 divided by the golden ratio, odd: SplitMix64's increment. */
	static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

	private Seeds() {}

	/**
	 * The key of item {@code index} of {@code seed}: {@code mix64(mix64(seed) + (index + 1) *
	 * GOLDEN_GAMMA)}. Different indices of one seed always give different keys.
	 */
	public static long derive(final long seed, final long index) {
		return mix64(mix64(seed) + (index + 1) * GOLDEN_GAMMA);
	}

	/** SplitMix64's finaliser (Stafford's variant 13): a bijection with good avalanche. */
	public static long mix64(final long x) {
		long z = x;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}
}
