package io.github.convnetij.nn;

import java.util.Random;

import io.github.convnetij.compute.Tensor;

/** Weight initialisation from a seeded generator (He and Glorot uniform). */
final class Initializers {

	private Initializers() {}

	/**
	 * Fills {@code t} uniformly in {@code [-b, b]}: He {@code b = sqrt(6 / fanIn)} (for layers
	 * followed by a ReLU) or Glorot {@code b = sqrt(6 / (fanIn + fanOut))}; values drawn in order
	 * from {@code rnd}, so a seed fixes them bitwise.
	 */
	static void fill(final Tensor t, final Random rnd, final int fanIn, final int fanOut,
		final boolean he)
	{
		final double bound = he ? Math.sqrt(6.0 / Math.max(1, fanIn)) : Math.sqrt(6.0 / Math.max(1,
			fanIn + fanOut));
		final float[] d = t.data();
		for (int i = 0; i < d.length; i++)
			d[i] = (float) ((2 * rnd.nextDouble() - 1) * bound);
	}
}
