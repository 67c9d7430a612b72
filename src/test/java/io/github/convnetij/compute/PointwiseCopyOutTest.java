package io.github.convnetij.compute;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import net.imglib2.parallel.Parallelization;

/**
 * 1x1 stride-1 convolutions (the implicit GEMM's grid is then the output's own layout, copied out
 * one run per channel) over several samples and position blocks, with and without the ReLU,
 * against the plain reference loop, sample by sample.
 */
class PointwiseCopyOutTest {

	@Test
	void everySampleAndChannelMatchesThePlainLoop() {
		final Random rnd = new Random(5);
		// {N, Cin, H, W, Cout}: one block, several blocks (many channels), odd sizes
		final int[][] cases = { { 3, 5, 7, 7, 9 }, { 2, 16, 14, 14, 300 }, { 4, 3, 5, 11, 17 }, { 1, 8,
			56, 56, 24 } };
		for (final int[] c : cases) {
			final Tensor batch = TestData.random(rnd, c[0], c[1], c[2], c[3]);
			final Tensor w = TestData.random(rnd, c[4], c[1], 1, 1);
			final float[] bias = new float[c[4]];
			for (int i = 0; i < bias.length; i++)
				bias[i] = rnd.nextFloat() - 0.5f;
			final ConvGeometry g = ConvGeometry.of(2);
			final int[] outShape = Convolutions.outputShape(batch.shape(), w.shape(), g);
			final int sampleIn = c[1] * c[2] * c[3], sampleOut = c[4] * c[2] * c[3];
			for (final boolean relu : new boolean[] { false, true })
				for (final int threads : new int[] { 1, 2 }) {
					final Tensor y = Tensor.zeros(outShape);
					Arrays.fill(y.data(), 42f);
					Parallelization.runWithNumThreads(threads, () -> {
						Convolutions.correlate(batch, w, Convolutions.pack(w), bias, g, relu, y);
						return null;
					});
					for (int s = 0; s < c[0]; s++) {
						final Tensor one = Tensor.of(Arrays.copyOfRange(batch.data(), s * sampleIn, (s + 1) *
							sampleIn), 1, c[1], c[2], c[3]);
						final Tensor want = Reference.correlate(one, w, bias, new int[] { 1, 1 }, new int[] { 1,
							1 }, new int[] { 0, 0 }, new int[] { 0, 0 });
						final float[] expected = want.data().clone();
						if (relu) for (int i = 0; i < expected.length; i++)
							expected[i] = expected[i] > 0 ? expected[i] : 0f;
						final Tensor got = Tensor.of(Arrays.copyOfRange(y.data(), s * sampleOut, (s + 1) *
							sampleOut), want.shape());
						TestData.assertClose(Tensor.of(expected, want.shape()), got, 1e-4, Arrays.toString(c) +
							" sample " + s + " relu " + relu + " threads " + threads);
					}
				}
		}
	}

	/**
	 * A 1x1 convolution without padding reads its input's planes in place (through a copy of the
	 * last columns where a panel of the micro-kernel would read past a plane's end), and planes a
	 * multiple of 2 KB apart through the spaced grid: either way each output channel is the matrix
	 * product {@code W * X + bias} of {@link Gemm}, which sums in the same order with the same
	 * kernel, so the values must be equal bitwise: for batch 1 (output channels split over tasks)
	 * and larger batches, 1 and 2 threads, positions that fill the panels exactly or leave a tail.
	 */
	@Test
	void inPlaceReadsGiveTheMatrixProductBitwise() {
		final Random rnd = new Random(11);
		// {N, Cin, H, W, Cout}: tails of 17 and 4 columns, exact panels (56x56), a 32x32 plane
		// (spaced grid), more input channels than one packed block of Gemm (300 > 256)
		final int[][] cases = { { 1, 64, 7, 7, 40 }, { 3, 300, 14, 14, 24 }, { 1, 16, 56, 56, 64 }, { 2,
			8, 32, 32, 16 }, { 1, 1, 3, 5, 7 }, { 5, 12, 1, 33, 9 } };
		for (final int[] c : cases) {
			final Tensor batch = TestData.random(rnd, c[0], c[1], c[2], c[3]);
			final Tensor w = TestData.random(rnd, c[4], c[1], 1, 1);
			final float[] bias = new float[c[4]];
			for (int i = 0; i < bias.length; i++)
				bias[i] = rnd.nextFloat() - 0.5f;
			final ConvGeometry g = ConvGeometry.of(2);
			final int plane = c[2] * c[3], sampleIn = c[1] * plane, sampleOut = c[4] * plane;
			final float[] want = new float[c[0] * sampleOut];
			for (int s = 0; s < c[0]; s++) {
				for (int co = 0; co < c[4]; co++)
					Arrays.fill(want, s * sampleOut + co * plane, s * sampleOut + (co + 1) * plane, bias[co]);
				Gemm.sgemm(false, false, c[4], plane, c[1], 1f, w.data(), 0, c[1], batch.data(), s * sampleIn,
					plane, 1f, want, s * sampleOut, plane);
			}
			for (final boolean relu : new boolean[] { false, true })
				for (final int threads : new int[] { 1, 2 }) {
					final Tensor y = Tensor.zeros(Convolutions.outputShape(batch.shape(), w.shape(), g));
					Arrays.fill(y.data(), Float.NaN);
					Parallelization.runWithNumThreads(threads, () -> {
						Convolutions.correlate(batch, w, Convolutions.pack(w), bias, g, relu, y);
						return null;
					});
					for (int i = 0; i < want.length; i++) {
						final float expected = relu ? Math.max(want[i], 0f) : want[i];
						if (Float.floatToIntBits(expected) != Float.floatToIntBits(y.data()[i]))
							throw new AssertionError(Arrays.toString(c) + " relu " + relu + " threads " + threads +
								": element " + i + " is " + y.data()[i] + ", the matrix product gives " + expected);
					}
				}
		}
	}
}
