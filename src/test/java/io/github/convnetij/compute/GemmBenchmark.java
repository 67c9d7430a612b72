package io.github.convnetij.compute;

import java.util.Arrays;
import java.util.Random;

import net.imglib2.parallel.Parallelization;

/**
 * Manual timing of SGEMM (not a unit test; run its {@code main} with the test classpath and
 * {@code --add-modules jdk.incubator.vector}). Arguments: size (default 1024), then thread counts
 * (default 1). Times the Vector API kernel (when present) and the plain-Java one, each after a
 * warm-up, and prints GFLOP/s of the median and best run.
 */
public final class GemmBenchmark {

	private GemmBenchmark() {}

	public static void main(final String[] args) {
		final int n = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
		final int[] threads = args.length > 1 ? Arrays.stream(args).skip(1).mapToInt(Integer::parseInt)
			.toArray() : new int[] { 1 };
		final Random rnd = new Random(1);
		final float[] a = new float[n * n], b = new float[n * n], c = new float[n * n];
		for (int i = 0; i < a.length; i++) {
			a[i] = rnd.nextFloat() - 0.5f;
			b[i] = rnd.nextFloat() - 0.5f;
		}
		final GemmKernel vector = GemmKernels.vector();
		for (final GemmKernel kernel : vector == null ? new GemmKernel[] { GemmKernels.scalar() } :
			new GemmKernel[] { vector, GemmKernels.scalar() })
		{
			for (final int t : threads) {
				final int runs = kernel == vector ? 15 : 5;
				final double[] ms = new double[runs];
				for (int i = -runs; i < runs; i++) {
					final long start = System.nanoTime();
					Parallelization.runWithNumThreads(t, () -> Gemm.sgemm(kernel, true, false, false, n, n, n, 1f,
						a, 0, n, b, 0, n, 0f, c, 0, n));
					if (i >= 0) ms[i] = (System.nanoTime() - start) / 1e6;
				}
				Arrays.sort(ms);
				final double flop = 2.0 * n * n * n;
				System.out.printf("sgemm %d^3 %s, %d thread(s): median %.1f ms = %.1f GFLOP/s, best %.1f GFLOP/s%n",
					n, kernel.name(), t, ms[runs / 2], flop / ms[runs / 2] / 1e6, flop / ms[0] / 1e6);
			}
		}
	}
}
