package io.github.convnetij.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import net.imglib2.parallel.Parallelization;

import org.junit.jupiter.api.Test;

/**
 * The im2col + GEMM convolution (forward and both gradients) against plain double-precision
 * loops, on both GEMM kernels, for 1-, 2- and 3-d problems with stride, dilation and asymmetric
 * padding; results must not depend on the thread count.
 */
class ConvolutionGradientsTest {

	/** One problem: input [N, Cin, S...], weight [Cout, Cin, K...] and geometry. */
	private static void check(final long seed, final int[] inShape, final int[] wShape,
		final int[] stride, final int[] dilation, final int[] pb, final int[] pa)
	{
		final Random rnd = new Random(seed);
		final Tensor x = TestData.random(rnd, inShape);
		final Tensor w = TestData.random(rnd, wShape);
		final float[] bias = TestData.random(rnd, wShape[0]).data();
		final ConvGeometry g = ConvGeometry.of(stride.length).stride(stride).dilation(dilation).pad(pb,
			pa);
		final int[] outShape = Convolutions.outputShape(inShape, wShape, g);
		final Tensor dy = TestData.random(rnd, outShape);
		final String what = "in " + Arrays.toString(inShape) + " w " + Arrays.toString(wShape) +
			" stride " + Arrays.toString(stride) + " dilation " + Arrays.toString(dilation) + " pads " +
			Arrays.toString(pb) + "/" + Arrays.toString(pa);

		// references in double: out = correlate; dx[i] = sum dy * w over the taps reading i; dw likewise
		final int[] i5 = Reference.as5d(inShape), w5 = Reference.as5d(wShape), o5 = Reference.as5d(
			outShape);
		final int[] s3 = Reference.as3d(stride, 1), d3 = Reference.as3d(dilation, 1), p3 = Reference
			.as3d(pb, 0);
		final double[] out = new double[dy.numel()], dx = new double[x.numel()], dw = new double[w
			.numel()], db = new double[wShape[0]];
		for (int n = 0; n < i5[0]; n++)
			for (int co = 0; co < w5[0]; co++)
				for (int oz = 0; oz < o5[2]; oz++)
					for (int oy = 0; oy < o5[3]; oy++)
						for (int ox = 0; ox < o5[4]; ox++) {
							final int o = Reference.index5(o5, n, co, oz, oy, ox);
							double sum = bias[co];
							db[co] += dy.data()[o];
							for (int ci = 0; ci < w5[1]; ci++)
								for (int kz = 0; kz < w5[2]; kz++)
									for (int ky = 0; ky < w5[3]; ky++)
										for (int kx = 0; kx < w5[4]; kx++) {
											final int iz = oz * s3[0] + kz * d3[0] - p3[0];
											final int iy = oy * s3[1] + ky * d3[1] - p3[1];
											final int ix = ox * s3[2] + kx * d3[2] - p3[2];
											if (iz < 0 || iy < 0 || ix < 0 || iz >= i5[2] || iy >= i5[3] || ix >= i5[4])
												continue;
											final int ii = Reference.index5(i5, n, ci, iz, iy, ix);
											final int wi = Reference.index5(w5, co, ci, kz, ky, kx);
											sum += (double) w.data()[wi] * x.data()[ii];
											dx[ii] += (double) w.data()[wi] * dy.data()[o];
											dw[wi] += (double) x.data()[ii] * dy.data()[o];
										}
							out[o] = sum;
						}

		for (final GemmKernel kernel : GemmTest.kernels()) {
			final String wk = what + " (" + kernel.name() + ")";
			final Tensor y = Tensor.zeros(outShape);
			final Tensor gx1 = Parallelization.runWithNumThreads(1, () -> {
				ConvGemm.of(kernel, inShape, wShape, g).forward(x.data(), w.data(), bias, y.data());
				return ConvolutionGradients.input(kernel, dy, w, inShape, g);
			});
			final Tensor gw1 = Tensor.zeros(wShape);
			final float[] gb1 = new float[wShape[0]];
			Parallelization.runWithNumThreads(1, () -> ConvolutionGradients.weight(kernel, x, dy, g, gw1,
				gb1));
			assertClose(out, y.data(), wk + ": forward");
			assertClose(dx, gx1.data(), wk + ": input gradient");
			assertClose(dw, gw1.data(), wk + ": weight gradient");
			assertClose(db, gb1, wk + ": bias gradient");
			// other thread counts: bitwise the same
			for (final int threads : new int[] { 2, 3 }) {
				final Tensor y2 = Tensor.zeros(outShape);
				final Tensor gw2 = Tensor.zeros(wShape);
				final float[] gb2 = new float[wShape[0]];
				final Tensor gx2 = Parallelization.runWithNumThreads(threads, () -> {
					ConvGemm.of(kernel, inShape, wShape, g).forward(x.data(), w.data(), bias, y2.data());
					ConvolutionGradients.weight(kernel, x, dy, g, gw2, gb2);
					return ConvolutionGradients.input(kernel, dy, w, inShape, g);
				});
				assertArrayEquals(y.data(), y2.data(), wk + ": forward, " + threads + " threads");
				assertArrayEquals(gx1.data(), gx2.data(), wk + ": dx, " + threads + " threads");
				assertArrayEquals(gw1.data(), gw2.data(), wk + ": dw, " + threads + " threads");
				assertArrayEquals(gb1, gb2, wk + ": db, " + threads + " threads");
			}
		}
	}

	private static void assertClose(final double[] expected, final float[] actual, final String what) {
		assertEquals(expected.length, actual.length, what + ": length");
		double max = 0;
		for (final double e : expected)
			max = Math.max(max, Math.abs(e));
		for (int i = 0; i < expected.length; i++)
			assertEquals(expected[i], actual[i], 1e-5 * (max + 1), what + ": element " + i);
	}

	@Test
	void twoD() {
		check(1, new int[] { 2, 3, 7, 9 }, new int[] { 4, 3, 3, 3 }, new int[] { 1, 1 }, new int[] { 1,
			1 }, new int[] { 1, 1 }, new int[] { 1, 1 });
		check(2, new int[] { 3, 2, 8, 8 }, new int[] { 5, 2, 2, 2 }, new int[] { 1, 1 }, new int[] { 1,
			1 }, new int[] { 0, 0 }, new int[] { 1, 1 }); // even kernel, SAME_UPPER
		check(3, new int[] { 2, 3, 11, 10 }, new int[] { 9, 3, 3, 2 }, new int[] { 2, 3 }, new int[] {
			1, 1 }, new int[] { 1, 0 }, new int[] { 2, 1 });
		check(4, new int[] { 1, 4, 12, 13 }, new int[] { 3, 4, 3, 3 }, new int[] { 1, 2 }, new int[] {
			2, 3 }, new int[] { 2, 3 }, new int[] { 2, 0 });
		check(5, new int[] { 2, 1, 9, 9 }, new int[] { 33, 1, 5, 5 }, new int[] { 2, 2 }, new int[] {
			1, 1 }, new int[] { 2, 2 }, new int[] { 2, 2 });
		check(6, new int[] { 3, 17, 6, 5 }, new int[] { 1, 17, 1, 1 }, new int[] { 1, 1 }, new int[] {
			1, 1 }, new int[] { 0, 0 }, new int[] { 0, 0 });
	}

	@Test
	void largeSpatialSplitsIntoBlocks() {
		// more output positions than one block holds: several tasks per sample
		check(7, new int[] { 1, 2, 70, 90 }, new int[] { 3, 2, 3, 3 }, new int[] { 1, 1 }, new int[] {
			1, 1 }, new int[] { 1, 1 }, new int[] { 1, 1 });
	}

	@Test
	void oneAndThreeD() {
		check(8, new int[] { 2, 3, 20 }, new int[] { 4, 3, 5 }, new int[] { 2 }, new int[] { 2 },
			new int[] { 3 }, new int[] { 1 });
		check(9, new int[] { 2, 2, 5, 6, 7 }, new int[] { 3, 2, 3, 2, 3 }, new int[] { 1, 2, 1 },
			new int[] { 1, 1, 2 }, new int[] { 1, 0, 2 }, new int[] { 1, 1, 0 });
	}

	@Test
	void shapeMismatchIsReported() {
		final Tensor w = Tensor.zeros(4, 3, 3, 3);
		final ConvGeometry g = ConvGeometry.of(2);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> ConvolutionGradients.input(Tensor.zeros(2, 4, 5, 5), w, new int[] { 2, 3, 8, 8 }, g));
		assertTrue(e.getMessage().contains("[2, 4, 5, 5]") && e.getMessage().contains("[2, 4, 6, 6]"), e
			.getMessage());
	}
}
