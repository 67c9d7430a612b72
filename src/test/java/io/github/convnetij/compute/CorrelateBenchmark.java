package io.github.convnetij.compute;

import java.util.Arrays;
import java.util.Random;

import net.imglib2.parallel.Parallelization;

/**
 * Manual timing of a 3x3 "same" correlation of a 4096 x 4096 single-channel image (not a unit
 * test; run its {@code main} with the test classpath). Arguments: thread counts (default 1 2).
 * Warms up before timing and prints the median of the timed runs.
 */
public final class CorrelateBenchmark {

	private CorrelateBenchmark() {}

	public static void main(final String[] args) {
		final int size = 4096;
		final Random rnd = new Random(1);
		final Tensor in = TestData.random(rnd, 1, 1, size, size);
		final Tensor w = TestData.random(rnd, 1, 1, 3, 3);
		final ConvGeometry g = ConvGeometry.of(2).pad(new int[] { 1, 1 }, new int[] { 1, 1 });
		final Tensor out = Tensor.zeros(1, 1, size, size);
		final int[] threads = args.length == 0 ? new int[] { 1, 2 } : Arrays.stream(args).mapToInt(
			Integer::parseInt).toArray();
		for (final int t : threads) {
			final double[] ms = new double[15];
			for (int warm = 0; warm < 15; warm++)
				Parallelization.runWithNumThreads(t, () -> Convolutions.correlate(in, w, null, g, out));
			for (int i = 0; i < ms.length; i++) {
				final long start = System.nanoTime();
				Parallelization.runWithNumThreads(t, () -> Convolutions.correlate(in, w, null, g, out));
				ms[i] = (System.nanoTime() - start) / 1e6;
			}
			Arrays.sort(ms);
			System.out.printf("3x3 correlate %dx%d, %d thread(s): median %.1f ms, min %.1f ms%n", size,
				size, t, ms[ms.length / 2], ms[0]);
		}
	}
}
