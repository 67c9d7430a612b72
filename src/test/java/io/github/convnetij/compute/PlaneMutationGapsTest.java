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

	/**
	 * Zero-padded correlation of every plane of x [n, 1, d, h, w] with a kd x kh x kw kernel and
	 * padding before pb (output the input's size), one output element at a time.
	 */
	private static double[] reference3d(final float[] x, final int n, final int d, final int h,
		final int w, final float[] k, final int kd, final int kh, final int kw, final int[] pb,
		final float bias)
	{
		final double[] y = new double[n * d * h * w];
		for (int p = 0; p < n; p++)
			for (int z = 0; z < d; z++)
				for (int i = 0; i < h; i++)
					for (int j = 0; j < w; j++) {
						double s = bias;
						for (int c = 0; c < kd; c++)
							for (int a = 0; a < kh; a++)
								for (int b = 0; b < kw; b++) {
									final int zi = z + c - pb[0], yi = i + a - pb[1], xj = j + b - pb[2];
									if (zi >= 0 && zi < d && yi >= 0 && yi < h && xj >= 0 && xj < w) s += (double) k[(c *
										kh + a) * kw + b] * x[((p * d + zi) * h + yi) * w + xj];
								}
						y[((p * d + z) * h + i) * w + j] = s;
					}
		return y;
	}

	private static void compare(final double[] ref, final float[] out, final String what, final int d,
		final int h, final int w)
	{
		for (int i = 0; i < ref.length; i++)
			if (ref[i] != out[i]) assertEquals(ref[i], out[i], 1e-3, what + " element " + i + " (plane " +
				i / (d * h * w) + ", slice " + i / (h * w) % d + ", row " + i / w % h + ", column " + i % w +
				")");
	}

	/**
	 * A kernel of 9 rows (copied source strips, column blocks of about 512) over an image 1100 wide
	 * and 600 tall: three column blocks and three row bands in each of two planes.
	 */
	@Test
	void wideImagesOverSeveralColumnBlocksAndRowBands() {
		final int n = 2, h = 600, w = 1100;
		final Random rnd = new Random(22);
		final float[] x = new float[n * h * w];
		for (int i = 0; i < x.length; i++)
			x[i] = rnd.nextInt(9) - 4;
		final float[] k = new float[27];
		for (int i = 0; i < k.length; i++)
			k[i] = (i % 7) - 3;
		final int[] pb = { 4, 1 }, pa = { 4, 1 };
		final double[] ref = reference3d(x, n, 1, h, w, k, 1, 9, 3, new int[] { 0, 4, 1 }, -0.5f);
		for (final RowOps ops : PlaneConvolutionsTest.implementations()) {
			final Tensor out = Tensor.zeros(n, 1, h, w);
			java.util.Arrays.fill(out.data(), Float.NaN);
			PlaneConvolutions.correlate(Tensor.of(x, n, 1, h, w), Tensor.of(k.clone(), 1, 1, 9, 3), -0.5f,
				pb, pa, Boundary.ZERO, 0f, ConvMethod.DIRECT, out, ops);
			compare(ref, out.data(), "direct 9x3", 1, h, w);
		}
	}

	/**
	 * A separable 3 x 3 x 3 kernel over two volumes of 26 x 180 x 600: several slabs of rows and
	 * several bands of slices per plane.
	 */
	@Test
	void separableVolumesOverSeveralSliceBandsAndRowSlabs() {
		final int n = 2, d = 26, h = 180, w = 600;
		final Random rnd = new Random(23);
		final float[] x = new float[n * d * h * w];
		for (int i = 0; i < x.length; i++)
			x[i] = rnd.nextInt(9) - 4;
		final float[] u = { 1, -2, 3 }, v = { 2, 1, -1 }, t = { 1, 3, 1 };
		final float[] k = new float[27];
		for (int c = 0; c < 3; c++)
			for (int a = 0; a < 3; a++)
				for (int b = 0; b < 3; b++)
					k[(c * 3 + a) * 3 + b] = u[c] * v[a] * t[b];
		final int[] pad = { 1, 1, 1 };
		final double[] ref = reference3d(x, n, d, h, w, k, 3, 3, 3, pad, 0.25f);
		for (final RowOps ops : PlaneConvolutionsTest.implementations()) {
			final Tensor out = Tensor.zeros(n, 1, d, h, w);
			java.util.Arrays.fill(out.data(), Float.NaN);
			PlaneConvolutions.correlate(Tensor.of(x, n, 1, d, h, w), Tensor.of(k.clone(), 1, 1, 3, 3, 3),
				0.25f, pad, pad, Boundary.ZERO, 0f, ConvMethod.SEPARABLE, out, ops);
			compare(ref, out.data(), "separable 3x3x3", d, h, w);
		}
	}

	/** A separable 3-d kernel over volumes 4200 wide: two column blocks in the z pass. */
	@Test
	void separableVolumesOverSeveralColumnBlocks() {
		final int n = 1, d = 5, h = 3, w = 4200;
		final Random rnd = new Random(24);
		final float[] x = new float[n * d * h * w];
		for (int i = 0; i < x.length; i++)
			x[i] = rnd.nextInt(9) - 4;
		final float[] u = { 2, -1, 1 }, v = { 1, 1, -2 }, t = { -1, 2, 3 };
		final float[] k = new float[27];
		for (int c = 0; c < 3; c++)
			for (int a = 0; a < 3; a++)
				for (int b = 0; b < 3; b++)
					k[(c * 3 + a) * 3 + b] = u[c] * v[a] * t[b];
		final int[] pad = { 1, 1, 1 };
		final double[] ref = reference3d(x, n, d, h, w, k, 3, 3, 3, pad, 1.5f);
		for (final RowOps ops : PlaneConvolutionsTest.implementations()) {
			final Tensor out = Tensor.zeros(n, 1, d, h, w);
			java.util.Arrays.fill(out.data(), Float.NaN);
			PlaneConvolutions.correlate(Tensor.of(x, n, 1, d, h, w), Tensor.of(k.clone(), 1, 1, 3, 3, 3),
				1.5f, pad, pad, Boundary.ZERO, 0f, ConvMethod.SEPARABLE, out, ops);
			compare(ref, out.data(), "separable 3x3x3, 4200 wide", d, h, w);
		}
	}

	@Test
	void roundUpToAMultiple() {
		assertEquals(32, DirectPlane.roundUp(17, 16));
		assertEquals(16, DirectPlane.roundUp(16, 16));
		assertEquals(0, DirectPlane.roundUp(0, 16));
		assertEquals(48, DirectPlane.roundUp(33, 16));
	}
}
