package io.github.convnetij.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Mutation-testing gaps of the single-channel plane kernels ({@link DirectPlane},
 * {@link SeparablePlane}): images tall enough for several row bands per plane, two planes, an
 * all-zero separable kernel and the rank-1 tolerance relative to the largest weight. Expected
 * values come from a plain zero-padded loop written here.
 */
class PlaneMutationGapsTest {

	/** Zero-padded "same" correlation of every plane of x [n, 1, h, w] with a 3 x 3 kernel. */
	private static double[] reference(final float[] x, final int n, final int h, final int w,
		final float[] k, final float bias)
	{
		final double[] y = new double[n * h * w];
		for (int p = 0; p < n; p++)
			for (int i = 0; i < h; i++)
				for (int j = 0; j < w; j++) {
					double s = bias;
					for (int a = 0; a < 3; a++)
						for (int b = 0; b < 3; b++) {
							final int yi = i + a - 1, xj = j + b - 1;
							if (yi >= 0 && yi < h && xj >= 0 && xj < w) s += (double) k[a * 3 + b] * x[(p * h +
								yi) * w + xj];
						}
					y[(p * h + i) * w + j] = s;
				}
		return y;
	}

	@Test
	void tallImagesOverSeveralRowBands() {
		final int n = 2, h = 3000, w = 300;
		final Random rnd = new Random(21);
		final float[] x = new float[n * h * w];
		for (int i = 0; i < x.length; i++)
			x[i] = rnd.nextInt(17) - 8;
		final float[] general = { 1, -2, 0.5f, 3, 0.25f, -1, 2, 1, -0.5f };
		final float[] rank1 = { 1, 2, -1, 2, 4, -2, 3, 6, -3 }; // (1, 2, 3) x (1, 2, -1)
		final int[] pad = { 1, 1 };
		for (final ConvMethod m : new ConvMethod[] { ConvMethod.DIRECT, ConvMethod.SEPARABLE }) {
			final float[] k = m == ConvMethod.DIRECT ? general : rank1;
			for (final RowOps ops : PlaneConvolutionsTest.implementations()) {
				final Tensor out = Tensor.zeros(n, 1, h, w);
				java.util.Arrays.fill(out.data(), Float.NaN);
				PlaneConvolutions.correlate(Tensor.of(x, n, 1, h, w), Tensor.of(k.clone(), 1, 1, 3, 3),
					0.75f, pad, pad, Boundary.ZERO, 0f, m, out, ops);
				final double[] ref = reference(x, n, h, w, k, 0.75f);
				for (int i = 0; i < ref.length; i++)
					if (ref[i] != out.data()[i]) assertEquals(ref[i], out.data()[i], 1e-3, m + " element " +
						i + " (plane " + i / (h * w) + ", row " + i / w % h + ", column " + i % w + ")");
			}
		}
	}

	@Test
	void allZeroSeparableKernelGivesTheBias() {
		final Random rnd = new Random(2);
		final float[] x = new float[40 * 50];
		for (int i = 0; i < x.length; i++)
			x[i] = rnd.nextFloat();
		for (final RowOps ops : PlaneConvolutionsTest.implementations()) {
			final Tensor out = Tensor.zeros(1, 1, 40, 50);
			PlaneConvolutions.correlate(Tensor.of(x, 1, 1, 40, 50), Tensor.zeros(1, 1, 5, 3), 0.5f,
				new int[] { 2, 1 }, new int[] { 2, 1 }, Boundary.REFLECT, 0f, ConvMethod.SEPARABLE, out, ops);
			for (final float v : out.data())
				assertEquals(0.5f, v);
		}
		final float[][] f = SeparablePlane.factors(new float[6], 1, 2, 3);
		assertNotNull(f);
		for (final float v : f[2])
			assertEquals(0f, v);
	}

	@Test
	void rankOneToleranceScalesWithTheLargestWeight() {
		// 1024 * (1, 2, 1) x (1, 2, 1): largest weight 4096, tolerance 2^-21 * 4096 = 2^-9
		final float[] w = new float[9];
		final float[] u = { 1, 2, 1 };
		for (int y = 0; y < 3; y++)
			for (int x = 0; x < 3; x++)
				w[y * 3 + x] = 1024 * u[y] * u[x];
		w[0] += 0x1p-10f; // within the tolerance
		assertNotNull(SeparablePlane.factors(w, 1, 3, 3));
		w[0] += 0x1p-8f; // beyond it
		assertNull(SeparablePlane.factors(w, 1, 3, 3));
	}
}
