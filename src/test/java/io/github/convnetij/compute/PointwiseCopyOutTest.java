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
}
