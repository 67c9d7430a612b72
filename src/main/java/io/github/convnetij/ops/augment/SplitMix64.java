package io.github.convnetij.ops.augment;

/**
 * The SplitMix64 generator: a 64-bit counter stepped by {@link Seeds#GOLDEN_GAMMA} and mixed by
 * {@link Seeds#mix64}. Written out here (rather than {@link java.util.SplittableRandom}, whose
 * Gaussian changed in Java 17) so that every value is fixed by its seed on every Java version. Not
 * thread-safe: one generator per task.
 */
final class SplitMix64 {

	private long state;

	SplitMix64(final long seed) {
		state = seed;
	}

	long nextLong() {
		state += Seeds.GOLDEN_GAMMA;
		return Seeds.mix64(state);
	}

	/** Uniform in [0, 1), 53 random bits. */
	double nextDouble() {
		return (nextLong() >>> 11) * 0x1.0p-53;
	}

	/**
	 * Fills {@code out[from, to)} with standard normal values: Marsaglia's polar method with
	 * {@link StrictMath#log}, so results are the same on every machine.
	 */
	void gaussians(final float[] out, final int from, final int to, final double sigma) {
		int i = from;
		while (i < to) {
			double u, v, s;
			do {
				u = 2 * nextDouble() - 1;
				v = 2 * nextDouble() - 1;
				s = u * u + v * v;
			}
			while (s >= 1 || s == 0);
			final double f = sigma * Math.sqrt(-2 * StrictMath.log(s) / s);
			out[i++] += (float) (u * f);
			if (i < to) out[i++] += (float) (v * f);
		}
	}
}
