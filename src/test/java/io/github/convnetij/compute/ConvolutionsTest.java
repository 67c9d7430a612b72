package io.github.convnetij.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import net.imglib2.parallel.Parallelization;

import org.junit.jupiter.api.Test;

class ConvolutionsTest {

	/** Compares {@link Convolutions#correlate} with {@link Reference#correlate} on random data. */
	private static void check(final long seed, final int[] inShape, final int[] wShape,
		final boolean withBias, final int[] stride, final int[] dilation, final int[] pb,
		final int[] pa)
	{
		final Random rnd = new Random(seed);
		final Tensor in = TestData.random(rnd, inShape);
		final Tensor w = TestData.random(rnd, wShape);
		float[] bias = null;
		if (withBias) {
			bias = new float[wShape[0]];
			for (int i = 0; i < bias.length; i++)
				bias[i] = rnd.nextFloat() * 2 - 1;
		}
		final ConvGeometry g = ConvGeometry.of(stride.length).stride(stride).dilation(dilation).pad(pb,
			pa);
		final Tensor expected = Reference.correlate(in, w, bias, stride, dilation, pb, pa);
		final Tensor actual = Convolutions.correlate(in, w, bias, g);
		final int perOut = w.numel() / wShape[0];
		double sumW = 0;
		for (int co = 0; co < wShape[0]; co++) {
			double s = 0;
			for (int i = 0; i < perOut; i++)
				s += Math.abs(w.data()[co * perOut + i]);
			sumW = Math.max(sumW, s);
		}
		final double tol = 1e-5 * (sumW * TestData.maxAbs(in.data()) + 1) + 1e-7;
		final String what = "in " + Arrays.toString(inShape) + " w " + Arrays.toString(wShape) +
			" stride " + Arrays.toString(stride) + " dilation " + Arrays.toString(dilation) + " pads " +
			Arrays.toString(pb) + "/" + Arrays.toString(pa);
		TestData.assertClose(expected, actual, tol, what);
		assertArrayEquals(Convolutions.outputShape(inShape, wShape, g), actual.shape(), what);
	}

	private static int[] a(final int... v) {
		return v;
	}

	/** {@code n} values uniform in [-0.5, 0.5). */
	private static float[] randomBias(final Random rnd, final int n) {
		final float[] bias = new float[n];
		for (int i = 0; i < n; i++)
			bias[i] = rnd.nextFloat() - 0.5f;
		return bias;
	}

	/** 2D geometry for a square kernel of size {@code k}: stride {@code s}, {@code k / 2} padding each side. */
	private static ConvGeometry halfPadded(final int k, final int s) {
		final int p = k / 2;
		return ConvGeometry.of(2).stride(a(s, s)).pad(a(p, p), a(p, p));
	}

	@Test
	void designWorkedExampleConvolutionSame() {
		final float[] img = { 5, 8, 3, 4, 6, 2, 3, 7, 3, 2, 1, 1, 9, 5, 1, 0, 0, 9, 5, 3, 0, 4, 8, 3, 4,
			2, 7, 2, 1, 9, 0, 6, 9, 7, 9, 8, 0, 4, 2, 4, 5, 2, 1, 8, 4, 1, 0, 9, 1, 8, 5, 4, 9, 2, 3, 8,
			3, 7, 1, 2, 3, 4, 4, 6 };
		final Tensor in = Tensor.of(img, 1, 1, 8, 8);
		final Tensor k = Tensor.of(new float[] { 2, 1, 0, 1, 1, -1, 0, -1, -2 }, 1, 1, 3, 3);
		final Tensor out = Convolutions.correlate(in, Convolutions.flip(k), null, ConvGeometry.of(2)
			.pad(a(1, 1), a(1, 1)));
		assertArrayEquals(a(1, 1, 8, 8), out.shape());
		assertArrayEquals(new float[] { 20, 10, 2, 26, 23, 6, 9, 4 }, Arrays.copyOfRange(out.data(), 0,
			8));
		assertArrayEquals(new float[] { 9, -5, -25, -10, -12, -15, -1, -12 }, Arrays.copyOfRange(out
			.data(), 56, 64));
		// correlation without the flip differs (the kernel is not symmetric)
		final Tensor corr = Convolutions.correlate(in, k, null, ConvGeometry.of(2).pad(a(1, 1), a(1,
			1)));
		assertFalse(Arrays.equals(out.data(), corr.data()));
	}

	@Test
	void flipReversesEverySpatialAxis() {
		final Tensor w = Tensor.of(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }, 2, 1, 2, 3);
		final Tensor f = Convolutions.flip(w);
		assertArrayEquals(a(2, 1, 2, 3), f.shape());
		assertArrayEquals(new float[] { 6, 5, 4, 3, 2, 1, 12, 11, 10, 9, 8, 7 }, f.data());
		assertArrayEquals(w.data(), Convolutions.flip(f).data());
		assertArrayEquals(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }, w.data(),
			"flip must not modify its argument");
		// 1-d: 3 channels of a [1, 3, 2] weight
		assertArrayEquals(new float[] { 2, 1, 4, 3, 6, 5 }, Convolutions.flip(Tensor.of(new float[] {
			1, 2, 3, 4, 5, 6 }, 1, 3, 2)).data());
		assertThrows(IllegalArgumentException.class, () -> Convolutions.flip(Tensor.zeros(3, 3)));
	}

	@Test
	void oneDimensional() {
		check(1, a(2, 3, 37), a(4, 3, 5), true, a(1), a(1), a(2), a(2));
		check(2, a(1, 1, 100), a(1, 1, 3), false, a(1), a(1), a(0), a(0));
		check(3, a(3, 2, 41), a(2, 2, 4), true, a(3), a(2), a(1), a(4));
	}

	@Test
	void twoDimensionalSingleChannel() {
		check(10, a(1, 1, 23, 41), a(1, 1, 3, 3), false, a(1, 1), a(1, 1), a(1, 1), a(1, 1));
		check(11, a(1, 1, 17, 9), a(1, 1, 5, 4), true, a(1, 1), a(1, 1), a(2, 1), a(2, 2));
		check(12, a(1, 1, 31, 67), a(1, 1, 2, 7), false, a(1, 1), a(1, 1), a(0, 0), a(0, 0));
	}

	@Test
	void twoDimensionalMultiChannelBatch() {
		check(20, a(3, 5, 13, 19), a(7, 5, 3, 3), true, a(1, 1), a(1, 1), a(1, 1), a(1, 1));
		check(21, a(2, 3, 11, 33), a(4, 3, 3, 5), true, a(1, 1), a(1, 1), a(0, 2), a(2, 3));
	}

	@Test
	void strideDilationAsymmetricPads() {
		check(30, a(2, 3, 21, 35), a(4, 3, 3, 3), true, a(2, 3), a(1, 1), a(1, 0), a(0, 2));
		check(31, a(1, 2, 25, 40), a(3, 2, 3, 3), false, a(1, 1), a(2, 3), a(2, 3), a(2, 3));
		check(32, a(2, 2, 19, 44), a(2, 2, 4, 2), true, a(3, 2), a(2, 2), a(3, 0), a(1, 4));
		check(33, a(1, 1, 9, 50), a(1, 1, 3, 3), false, a(1, 1), a(1, 1), a(0, 0), a(2, 2));
	}

	@Test
	void threeDimensional() {
		check(40, a(2, 2, 7, 9, 11), a(3, 2, 3, 3, 3), true, a(1, 1, 1), a(1, 1, 1), a(1, 1, 1), a(1,
			1, 1));
		check(41, a(1, 3, 8, 6, 21), a(2, 3, 2, 3, 4), true, a(2, 1, 2), a(1, 2, 1), a(0, 2, 1), a(1,
			0, 3));
	}

	@Test
	void kernelLargerThanInputWithPadding() {
		check(50, a(1, 2, 3, 4), a(2, 2, 7, 9), true, a(1, 1), a(1, 1), a(3, 4), a(3, 4));
		check(51, a(2, 1, 5), a(1, 1, 11), false, a(1), a(1), a(6), a(6));
		check(52, a(1, 1, 2, 3, 2), a(1, 1, 5, 5, 5), true, a(1, 1, 1), a(1, 1, 1), a(2, 2, 2), a(2,
			2, 2));
		// wide input with a kernel wider than the input in x
		check(53, a(1, 1, 4, 40), a(1, 1, 3, 45), false, a(1, 1), a(1, 1), a(1, 22), a(1, 22));
	}

	@Test
	void onePixelInputs() {
		check(60, a(1, 1, 1, 1), a(1, 1, 1, 1), true, a(1, 1), a(1, 1), a(0, 0), a(0, 0));
		check(61, a(2, 3, 1, 1), a(4, 3, 3, 3), true, a(1, 1), a(1, 1), a(1, 1), a(1, 1));
		check(62, a(1, 1, 1), a(1, 1, 3), false, a(2), a(1), a(2), a(2));
		check(63, a(1, 1, 1, 1, 1), a(1, 1, 1, 1, 1), false, a(1, 1, 1), a(1, 1, 1), a(0, 0, 0), a(0,
			0, 0));
	}

	@Test
	void cnnSizedCase() {
		check(70, a(4, 32, 14, 14), a(64, 32, 3, 3), true, a(1, 1), a(1, 1), a(1, 1), a(1, 1));
	}

	@Test
	void outputShapeFollowsTheFormula() {
		final ConvGeometry g = ConvGeometry.of(2).stride(2, 1).dilation(1, 3).pad(a(1, 0), a(2, 1));
		// H: (10 + 3 - 1*(3-1) - 1)/2 + 1 = 6; W: (20 + 1 - 3*(3-1) - 1)/1 + 1 = 15
		assertArrayEquals(a(2, 8, 6, 15), Convolutions.outputShape(a(2, 4, 10, 20), a(8, 4, 3, 3), g));
	}

	@Test
	void mismatchesAreReportedWithTheShapes() {
		final ConvGeometry g2 = ConvGeometry.of(2);
		final Tensor in = Tensor.zeros(1, 3, 8, 8);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Convolutions
			.correlate(in, Tensor.zeros(2, 4, 3, 3), null, g2));
		assertTrue(e.getMessage().contains("[1, 3, 8, 8]") && e.getMessage().contains("[2, 4, 3, 3]"),
			e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Convolutions.correlate(in, Tensor.zeros(
			2, 3, 3), null, g2));
		assertTrue(e.getMessage().contains("[2, 3, 3]"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Convolutions.correlate(in, Tensor.zeros(
			2, 3, 9, 3), null, g2));
		assertTrue(e.getMessage().contains("[2, 3, 9, 3]"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Convolutions.correlate(in, Tensor.zeros(
			2, 3, 3, 3), new float[3], g2));
		assertTrue(e.getMessage().contains("bias"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Convolutions.correlate(in, Tensor.zeros(
			2, 3, 3, 3), null, g2, Tensor.zeros(1, 2, 8, 8)));
		assertTrue(e.getMessage().contains("[1, 2, 6, 6]"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Convolutions.correlate(in, Tensor.zeros(
			3, 3, 1, 1), null, g2, in));
		assertTrue(e.getMessage().contains("storage"), e.getMessage());
	}

	@Test
	void correlateIntoOutputOverwrites() {
		final Random rnd = new Random(80);
		final Tensor in = TestData.random(rnd, 1, 2, 9, 30);
		final Tensor w = TestData.random(rnd, 3, 2, 3, 3);
		final ConvGeometry g = ConvGeometry.of(2).pad(a(1, 1), a(1, 1));
		final Tensor expected = Convolutions.correlate(in, w, null, g);
		final Tensor out = Tensor.zeros(expected.shape());
		Arrays.fill(out.data(), 42f);
		Convolutions.correlate(in, w, null, g, out);
		assertArrayEquals(expected.data(), out.data());
	}

	@Test
	void resultsDoNotDependOnTheThreadCount() {
		final Random rnd = new Random(90);
		final Tensor[][] cases = { { TestData.random(rnd, 1, 1, 301, 257), TestData.random(rnd, 1, 1, 3,
			3) }, { TestData.random(rnd, 3, 4, 29, 31), TestData.random(rnd, 5, 4, 3, 3) }, { TestData
				.random(rnd, 2, 2, 9, 11, 13), TestData.random(rnd, 3, 2, 3, 3, 3) } };
		for (final Tensor[] c : cases) {
			final int r = c[0].rank() - 2;
			final int[] one = new int[r];
			Arrays.fill(one, 1);
			final ConvGeometry g = ConvGeometry.of(r).pad(one, one);
			final float[] bias = new float[c[1].size(0)];
			Arrays.fill(bias, 0.25f);
			final float[] single = Parallelization.runWithNumThreads(1, () -> Convolutions.correlate(c[0],
				c[1], bias, g)).data();
			for (final int threads : a(2, 3, 4)) {
				final float[] multi = Parallelization.runWithNumThreads(threads, () -> Convolutions
					.correlate(c[0], c[1], bias, g)).data();
				assertArrayEquals(single, multi, threads + " threads on " + c[0]);
			}
		}
	}
	/**
	 * A packed weight, the ReLU epilogue and the channel split of batch 1 (fewer (sample, block)
	 * tasks than threads want) give the values of a sample computed inside a batch of 9 (no split,
	 * weight packed per call), bitwise, for any thread count; and these are the reference
	 * correlation's within rounding.
	 */
	@Test
	void packedWeightReluAndBatchOneSplitGiveThePlainValuesBitwise() {
		final Random rnd = new Random(91);
		// {Cin, H, W, Cout, K, stride}: stride 1 (implicit GEMM), stride 2 (im2col), 1x1, one channel
		final int[][] cases = { { 16, 9, 11, 40, 3, 1 }, { 12, 15, 13, 33, 3, 2 }, { 7, 6, 5, 70, 1, 1 }, {
			9, 10, 8, 21, 1, 2 }, { 1, 9, 9, 1, 3, 1 }, { 3, 40, 38, 17, 7, 2 } };
		for (final int[] c : cases) {
			final Tensor batch = TestData.random(rnd, 9, c[0], c[1], c[2]);
			final Tensor w = TestData.random(rnd, c[3], c[0], c[4], c[4]);
			final float[] bias = randomBias(rnd, c[3]);
			final int p = c[4] / 2;
			final ConvGeometry g = halfPadded(c[4], c[5]);
			final String what = Arrays.toString(c);
			final Tensor all = Parallelization.runWithNumThreads(1, () -> Convolutions.correlate(batch, w,
				bias, g));
			final int sampleIn = batch.numel() / 9, sampleOut = all.numel() / 9;
			final Tensor one = Tensor.of(Arrays.copyOf(batch.data(), sampleIn), 1, c[0], c[1], c[2]);
			final float[] plain = Arrays.copyOf(all.data(), sampleOut);
			TestData.assertClose(Reference.correlate(one, w, bias, a(c[5], c[5]), a(1, 1), a(p, p), a(p,
				p)), Tensor.of(plain, Convolutions.outputShape(one.shape(), w.shape(), g)), 1e-4, what);
			final float[] relu = plain.clone();
			boolean zero = false, positive = false;
			for (int i = 0; i < relu.length; i++) {
				relu[i] = Math.max(relu[i], 0f);
				zero |= relu[i] == 0;
				positive |= relu[i] > 0;
			}
			assertTrue(zero && positive, what);
			final Convolutions.PackedWeight packed = Convolutions.pack(w);
			for (final int threads : a(1, 2, 3)) {
				for (final boolean withRelu : new boolean[] { false, true }) {
					final Tensor y = Tensor.zeros(Convolutions.outputShape(one.shape(), w.shape(), g));
					Arrays.fill(y.data(), 42f);
					Parallelization.runWithNumThreads(threads, () -> {
						Convolutions.correlate(one, w, packed, bias, g, withRelu, y);
						return null;
					});
					assertArrayEquals(withRelu ? relu : plain, y.data(), what + " relu " + withRelu + ", " +
						threads + " threads");
				}
			}
		}
		final Tensor w = TestData.random(rnd, 2, 2, 3, 3);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> Convolutions.correlate(TestData.random(rnd, 1, 2, 5, 5), w.copy(), Convolutions.pack(w),
				null, ConvGeometry.of(2), false, Tensor.zeros(1, 2, 3, 3)));
		assertTrue(e.getMessage().contains("another tensor"), e.getMessage());
	}

	/**
	 * The implicit GEMM of a convolution, which works in blocks of taps (more than one block here:
	 * up to 40 x 3 x 3 = 360 taps) and reads strided inputs from their phases, sums each output tap
	 * after tap in increasing order from the bias, as {@link Gemm} does on the explicit column
	 * matrix: the values must be equal bitwise, for batch 1 (output channels split over tasks) and
	 * larger batches (from 8 samples of several position blocks, a task per sample), 1 and 2 threads, with padding, dilation, strides 2 and 3 (a 1x1 stride-2
	 * convolution reads one phase only; ResNet's 7x7 stem) and 3D cases.
	 */
	@Test
	void convolutionIsTheColumnMatrixProductBitwise() {
		final Random rnd = new Random(12);
		// {N, Cin, D, H, W, Cout, K, dilation, pad, stride}; D = 0: 2D
		final int[][] cases = { { 1, 40, 0, 14, 14, 24, 3, 1, 1, 1 }, { 3, 33, 0, 9, 11, 17, 3, 1, 1, 1 }, {
			1, 20, 0, 12, 10, 9, 3, 2, 2, 1 }, { 2, 6, 5, 6, 7, 10, 3, 1, 1, 1 }, { 1, 300, 0, 5, 5, 8, 1, 1,
				0, 1 }, { 1, 40, 0, 15, 14, 24, 3, 1, 1, 2 }, { 2, 24, 0, 14, 13, 40, 1, 1, 0, 2 }, { 1, 3, 0, 40,
					38, 16, 7, 1, 3, 2 }, { 1, 7, 0, 17, 19, 9, 3, 2, 2, 3 }, { 1, 5, 0, 9, 10, 6, 2, 1, 0, 3 }, { 2,
						6, 7, 6, 7, 10, 3, 1, 1, 2 }, { 8, 3, 0, 48, 48, 40, 3, 1, 1, 1 }, { 9, 2, 0, 95, 90, 40,
							3, 1, 1, 2 } };
		for (final int[] c : cases) {
			final boolean is3d = c[2] > 0;
			final int n = c[0], cin = c[1], cout = c[5], k = c[6], dil = c[7], pad = c[8], st = c[9];
			final int[] in = is3d ? a(n, cin, c[2], c[3], c[4]) : a(n, cin, c[3], c[4]);
			final int[] wShape = is3d ? a(cout, cin, k, k, k) : a(cout, cin, k, k);
			final Tensor x = TestData.random(rnd, in);
			final Tensor w = TestData.random(rnd, wShape);
			final float[] bias = randomBias(rnd, cout);
			final int r = is3d ? 3 : 2;
			final int[] p = new int[r], d = new int[r], str = new int[r];
			Arrays.fill(p, pad);
			Arrays.fill(d, dil);
			Arrays.fill(str, st);
			final ConvGeometry g = ConvGeometry.of(r).stride(str).dilation(d).pad(p, p);
			final int[] outShape = Convolutions.outputShape(in, wShape, g);
			final int od = is3d ? outShape[2] : 1, oh = outShape[r], ow = outShape[r + 1];
			final int id = is3d ? c[2] : 1, ih = c[3], iw = c[4], kd = is3d ? k : 1;
			final int taps = cin * kd * k * k, positions = od * oh * ow;
			// the column matrix (taps x positions) of each sample, zeros where a tap reads padding
			final float[] want = new float[n * cout * positions];
			for (int s = 0; s < n; s++) {
				final float[] col = new float[taps * positions];
				for (int ci = 0, t = 0; ci < cin; ci++)
					for (int kz = 0; kz < kd; kz++)
						for (int ky = 0; ky < k; ky++)
							for (int kx = 0; kx < k; kx++, t++)
								for (int oz = 0; oz < od; oz++)
									for (int oy = 0; oy < oh; oy++)
										for (int ox = 0; ox < ow; ox++) {
											final int z = is3d ? oz * st + kz * dil - pad : 0, y = oy * st + ky * dil - pad,
													xx = ox * st + kx * dil - pad;
											if (z < 0 || z >= id || y < 0 || y >= ih || xx < 0 || xx >= iw) continue;
											col[t * positions + (oz * oh + oy) * ow + ox] = x.data()[(((s * cin + ci) * id + z) *
												ih + y) * iw + xx];
										}
				for (int co = 0; co < cout; co++)
					Arrays.fill(want, (s * cout + co) * positions, (s * cout + co + 1) * positions, bias[co]);
				Gemm.sgemm(false, false, cout, positions, taps, 1f, w.data(), 0, taps, col, 0, positions, 1f,
					want, s * cout * positions, positions);
			}
			for (final int threads : a(1, 2)) {
				final Tensor y = Tensor.zeros(outShape);
				Arrays.fill(y.data(), Float.NaN);
				Parallelization.runWithNumThreads(threads, () -> {
					Convolutions.correlate(x, w, Convolutions.pack(w), bias, g, false, y);
					return null;
				});
				for (int i = 0; i < want.length; i++)
					if (Float.floatToIntBits(want[i]) != Float.floatToIntBits(y.data()[i]))
						throw new AssertionError(Arrays.toString(c) + ", " + threads + " threads: element " + i +
							" is " + y.data()[i] + ", the column matrix product gives " + want[i]);
			}
		}
	}

	/**
	 * An addend (a residual connection) added as the output is written, then the ReLU: bitwise the
	 * correlation, then the separate addition in either order, then {@code Math.max(x, 0f)}; for
	 * 3x3, 1x1 (read in place, with a tail), strided and one-channel convolutions, batch 1 (split
	 * channels) and 3, 1 and 2 threads. A wrong shape or the output's storage is refused.
	 */
	@Test
	void anAddendIsTheSeparateSumBitwise() {
		final Random rnd = new Random(13);
		// {N, Cin, H, W, Cout, K, stride}
		final int[][] cases = { { 1, 16, 14, 14, 24, 3, 1 }, { 3, 20, 7, 7, 40, 1, 1 }, { 1, 12, 15, 13,
			16, 3, 2 }, { 2, 1, 9, 9, 1, 3, 1 } };
		for (final int[] c : cases) {
			final Tensor x = TestData.random(rnd, c[0], c[1], c[2], c[3]);
			final Tensor w = TestData.random(rnd, c[4], c[1], c[5], c[5]);
			final float[] bias = randomBias(rnd, c[4]);
			final ConvGeometry g = halfPadded(c[5], c[6]);
			final Tensor plain = Convolutions.correlate(x, w, bias, g);
			final Tensor addend = TestData.random(rnd, plain.shape());
			for (final boolean relu : new boolean[] { false, true })
				for (final int threads : a(1, 2)) {
					final Tensor y = Tensor.zeros(plain.shape());
					Arrays.fill(y.data(), Float.NaN);
					Parallelization.runWithNumThreads(threads, () -> {
						Convolutions.correlate(x, w, Convolutions.pack(w), bias, g, addend, relu, y);
						return null;
					});
					boolean zero = false;
					for (int i = 0; i < y.data().length; i++) {
						final float sum = plain.data()[i] + addend.data()[i];
						assertEquals(Float.floatToIntBits(sum), Float.floatToIntBits(addend.data()[i] + plain
							.data()[i]));
						final float want = relu ? Math.max(sum, 0f) : sum;
						zero |= want == 0;
						if (Float.floatToIntBits(want) != Float.floatToIntBits(y.data()[i])) throw new AssertionError(
							Arrays.toString(c) + " relu " + relu + ", " + threads + " threads: element " + i + " is " + y
								.data()[i] + ", the separate sum gives " + want);
					}
					assertTrue(!relu || zero, "the ReLU cut something");
				}
		}
		final Tensor x = TestData.random(rnd, 1, 2, 5, 5), w = TestData.random(rnd, 3, 2, 3, 3);
		final Tensor out = Tensor.zeros(1, 3, 3, 3);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> Convolutions.correlate(x, w, null,
			null, ConvGeometry.of(2), Tensor.zeros(1, 3, 3, 4), false, out)).getMessage().contains(
				"addend shape [1, 3, 3, 4]"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> Convolutions.correlate(x, w, null,
			null, ConvGeometry.of(2), out, false, out)).getMessage().contains("storage"));
	}
}
