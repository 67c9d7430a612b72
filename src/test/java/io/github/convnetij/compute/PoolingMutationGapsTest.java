package io.github.convnetij.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Pooling gradients over several (n, c) planes in 1-3 dimensions, with padding on every axis,
 * written into gradients pre-filled with garbage, against a plain loop over the windows written
 * here; and the one-line refusals of bad operands.
 */
class PoolingMutationGapsTest {

	private static int[] a(final int... v) {
		return v;
	}

	/**
	 * dx of max (first greatest in row-major window order) or average (over in-bounds cells)
	 * pooling with window k, stride s, padding before p, on [N, C, S...] inputs of distinct values.
	 */
	private static double[] reference(final boolean max, final Tensor x, final int[] outShape,
		final int[] k, final int[] s, final int[] p, final Tensor dy, final int[] argmaxOut)
	{
		final int r = k.length;
		final int[] is = { 1, 1, 1 }, os = { 1, 1, 1 }, k3 = { 1, 1, 1 }, s3 = { 1, 1, 1 }, p3 = { 0,
			0, 0 };
		for (int i = 0; i < r; i++) {
			is[3 - r + i] = x.shape()[2 + i];
			os[3 - r + i] = outShape[2 + i];
			k3[3 - r + i] = k[i];
			s3[3 - r + i] = s[i];
			p3[3 - r + i] = p[i];
		}
		final int planes = x.shape()[0] * x.shape()[1];
		final int planeIn = is[0] * is[1] * is[2], planeOut = os[0] * os[1] * os[2];
		final double[] dx = new double[x.numel()];
		for (int pl = 0; pl < planes; pl++)
			for (int oz = 0; oz < os[0]; oz++)
				for (int oy = 0; oy < os[1]; oy++)
					for (int ox = 0; ox < os[2]; ox++) {
						final int o = pl * planeOut + (oz * os[1] + oy) * os[2] + ox;
						int count = 0, best = -1;
						for (int kz = 0; kz < k3[0]; kz++)
							for (int ky = 0; ky < k3[1]; ky++)
								for (int kx = 0; kx < k3[2]; kx++) {
									final int z = oz * s3[0] - p3[0] + kz, y = oy * s3[1] - p3[1] + ky, xx = ox * s3[2] -
										p3[2] + kx;
									if (z < 0 || y < 0 || xx < 0 || z >= is[0] || y >= is[1] || xx >= is[2]) continue;
									final int i = (z * is[1] + y) * is[2] + xx;
									count++;
									if (best < 0 || x.data()[pl * planeIn + i] > x.data()[pl * planeIn + best]) best = i;
								}
						if (max) {
							argmaxOut[o] = best;
							dx[pl * planeIn + best] += dy.data()[o];
						}
						else for (int kz = 0; kz < k3[0]; kz++)
							for (int ky = 0; ky < k3[1]; ky++)
								for (int kx = 0; kx < k3[2]; kx++) {
									final int z = oz * s3[0] - p3[0] + kz, y = oy * s3[1] - p3[1] + ky, xx = ox * s3[2] -
										p3[2] + kx;
									if (z < 0 || y < 0 || xx < 0 || z >= is[0] || y >= is[1] || xx >= is[2]) continue;
									dx[pl * planeIn + (z * is[1] + y) * is[2] + xx] += dy.data()[o] / (double) count;
								}
					}
		return dx;
	}

	private static void check(final long seed, final int[] shape, final int[] k, final int[] s,
		final int[] pb, final int[] pa)
	{
		final Random rnd = new Random(seed);
		final Tensor x = TestData.random(rnd, shape);
		// distinct values: one winner per window
		final float[] xd = x.data();
		for (int i = 0; i < xd.length; i++)
			xd[i] = (i * 37 % xd.length) * 0.25f - 3;
		final PoolGeometry g = PoolGeometry.of(k).stride(s).pad(pb, pa);
		final int[] outShape = Pooling.outputShape(shape, g);
		final Tensor dy = TestData.random(rnd, outShape);
		final String what = Arrays.toString(shape) + " window " + Arrays.toString(k) + " stride " +
			Arrays.toString(s) + " pads " + Arrays.toString(pb) + "/" + Arrays.toString(pa);
		final int[] argmax = new int[dy.numel()], expectedArgmax = new int[dy.numel()];
		final Tensor y = Tensor.zeros(outShape);
		Arrays.fill(y.data(), 42f);
		Pooling.max(x, g, argmax, y);
		final double[] dxMax = reference(true, x, outShape, k, s, pb, dy, expectedArgmax);
		assertArrayEquals(expectedArgmax, argmax, what + ": argmax");
		for (int o = 0; o < y.numel(); o++)
			assertEquals(x.data()[o / (y.numel() / (shape[0] * shape[1])) * (x.numel() / (shape[0] *
				shape[1])) + argmax[o]], y.data()[o], what + ": max " + o);
		final Tensor dx = Tensor.zeros(shape);
		Arrays.fill(dx.data(), 42f);
		PoolingGradients.max(dy, argmax, dx);
		close(dxMax, dx.data(), what + ": max gradient");
		final Tensor dxa = Tensor.zeros(shape);
		Arrays.fill(dxa.data(), 42f);
		PoolingGradients.avg(dy, g, dxa);
		close(reference(false, x, outShape, k, s, pb, dy, null), dxa.data(), what + ": avg gradient");
		close(reference(false, x, outShape, k, s, pb, dy, null), PoolingGradients.avg(dy, shape, g)
			.data(), what + ": avg gradient, new tensor");
	}

	private static void close(final double[] expected, final float[] actual, final String what) {
		assertEquals(expected.length, actual.length, what);
		for (int i = 0; i < expected.length; i++)
			assertEquals(expected[i], actual[i], 1e-5, what + ": element " + i);
	}

	@Test
	void gradientsOverSeveralPlanesWithPaddingOnEveryAxis() {
		check(1, a(2, 3, 5, 6, 7), a(2, 3, 2), a(2, 2, 3), a(1, 1, 1), a(1, 1, 0));
		check(2, a(2, 2, 7, 9), a(3, 2), a(2, 3), a(1, 1), a(1, 1));
		check(3, a(3, 2, 11), a(4), a(3), a(2), a(2));
		check(4, a(1, 3, 4, 3, 5), a(3, 2, 3), a(1, 2, 2), a(1, 0, 1), a(1, 1, 1));
	}

	@Test
	void gradientsOfAnEmptyInputAreEmpty() {
		final Tensor dx = PoolingGradients.avg(Tensor.zeros(0, 2, 2, 2), a(0, 2, 4, 4), PoolGeometry.of(
			2, 2));
		assertEquals(0, dx.numel());
		assertEquals(0, PoolingGradients.max(Tensor.zeros(0, 2, 2, 2), new int[0], a(0, 2, 4, 4))
			.numel());
	}

	private static String refused(final org.junit.jupiter.api.function.Executable call) {
		return assertThrows(IllegalArgumentException.class, call).getMessage();
	}

	@Test
	void badOperandsAreRefusedWithOneLine() {
		final PoolGeometry g = PoolGeometry.of(2, 2);
		final Tensor dy = Tensor.zeros(1, 2, 2, 2);
		assertTrue(refused(() -> PoolingGradients.max(dy, null, a(1, 2, 4, 4))).contains(
			"argmax has no entries but the output gradient [1, 2, 2, 2] has 8"));
		assertTrue(refused(() -> PoolingGradients.max(dy, new int[7], a(1, 2, 4, 4))).contains(
			"argmax has 7 entries"));
		final String planes = "must agree on rank and on the N and C axes";
		assertTrue(refused(() -> PoolingGradients.max(dy, new int[8], a(1, 2, 4, 4, 4))).contains(
			planes));
		assertTrue(refused(() -> PoolingGradients.max(dy, new int[8], a(2, 2, 4, 4))).contains(planes));
		assertTrue(refused(() -> PoolingGradients.max(dy, new int[8], a(1, 3, 4, 4))).contains(planes));
		assertTrue(refused(() -> PoolingGradients.max(Tensor.zeros(8, 1), new int[8], a(8, 1)))
			.contains(planes));
		assertTrue(refused(() -> PoolingGradients.avg(Tensor.zeros(1, 2, 2, 3), a(1, 2, 4, 4), g))
			.contains("output gradient [1, 2, 2, 3] does not have the pooled shape [1, 2, 2, 2]"));
		// a 3-d gradient of rank 3 is accepted as [N, C, W]
		assertArrayEquals(new float[] { 0, 5, 0, 0 }, PoolingGradients.max(Tensor.of(new float[] { 5 },
			1, 1, 1), new int[] { 1 }, a(1, 1, 4)).data());
		// Pooling's own checks
		assertTrue(refused(() -> Pooling.outputShape(a(1, 1, 4, 4), null)).contains(
			"pool geometry is null"));
		assertTrue(refused(() -> Pooling.outputShape(null, g)).contains("input shape is null"));
		assertTrue(refused(() -> Pooling.outputShape(a(1, 1, 4), g)).contains(
			"2-d pooling needs an input of rank 4 [N, C, H, W]"));
		assertTrue(refused(() -> Pooling.outputShape(a(1, 1, 4, 4), PoolGeometry.of(2))).contains(
			"1-d pooling needs an input of rank 3 [N, C, W]"));
		assertTrue(refused(() -> Pooling.outputShape(a(1, 1, 4), PoolGeometry.of(2, 2, 2))).contains(
			"[N, C, D, H, W]"));
		assertTrue(refused(() -> Pooling.outputShape(a(1, 1, 1, 4), g)).startsWith(
			"input shape [1, 1, 1, 4]: "));
		assertTrue(refused(() -> Pooling.max(null, g, null, Tensor.zeros(1, 1, 2, 2))).contains(
			"input tensor is null"));
		assertTrue(refused(() -> Pooling.avg(null, g)).contains("input tensor is null"));
		assertTrue(refused(() -> Pooling.avg(Tensor.zeros(1, 1, 4, 4), g, null)).contains(
			"output tensor is null"));
		final Tensor self = Tensor.zeros(1, 1, 1, 1);
		assertTrue(refused(() -> Pooling.avg(self, PoolGeometry.of(1, 1), self)).contains(
			"must not share storage"));
		assertTrue(refused(() -> Pooling.max(Tensor.zeros(1, 1, 4, 4), g, new int[5], Tensor.zeros(1,
			1, 2, 2))).contains("argmax has length 5 but the output [1, 1, 2, 2] has 4 elements"));
		// an empty output is accepted and leaves nothing to write
		final int[] none = new int[0];
		Pooling.max(Tensor.zeros(0, 1, 4, 4), g, none, Tensor.zeros(0, 1, 2, 2));
		// avg into an output: by hand, (1 + 2 + 5 + 6) / 4 = 3.5 ...
		final Tensor in = Tensor.of(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
			16 }, 1, 1, 4, 4);
		final Tensor out = Tensor.zeros(1, 1, 2, 2);
		Arrays.fill(out.data(), 42f);
		Pooling.avg(in, g, out);
		assertArrayEquals(new float[] { 3.5f, 5.5f, 11.5f, 13.5f }, out.data());
	}
}
