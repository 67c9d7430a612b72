package io.github.convnetij.nn;

import java.util.Arrays;
import java.util.Random;

import net.imglib2.parallel.Parallelization;

import io.github.convnetij.compute.Gemm;
import io.github.convnetij.compute.Tensor;

/**
 * Manual timing of the reference CNN (benchmarks README: conv 32, conv 64, dense 128, dense 10)
 * on random 28x28 data: training images/s (batch 64, Adam) and inference images/s (batch 256).
 * Not a unit test; run its {@code main} with the test classpath and
 * {@code --add-modules jdk.incubator.vector}. Arguments: thread counts (default 1), then
 * {@code layers} to print a per-layer breakdown.
 */
public final class TrainBenchmark {

	private TrainBenchmark() {}

	public static void main(final String[] args) {
		final boolean layers = Arrays.asList(args).contains("layers");
		final int[] threads = Arrays.stream(args).filter(a -> a.matches("[0-9]+")).mapToInt(
			Integer::parseInt).toArray();
		System.out.println("GEMM kernel: " + Gemm.kernelName());
		for (final int t : threads.length == 0 ? new int[] { 1 } : threads)
			Parallelization.runWithNumThreads(t, () -> run(t, layers));
	}

	private static void run(final int threads, final boolean layers) {
		final Network net = Architectures.parse(Architectures.defaultFor(new int[] { 1, 28, 28 }, 10),
			new int[] { 1, 28, 28 }, 10);
		net.initialize(0);
		final Optimizer opt = Optimizers.adam(1e-3).build(net.parameters());
		final Random rnd = new Random(0);
		final int batch = 64, batches = 20;
		final Tensor[] xs = new Tensor[batches];
		final int[][] ys = new int[batches][batch];
		for (int b = 0; b < batches; b++) {
			xs[b] = Tensor.zeros(batch, 1, 28, 28);
			for (int i = 0; i < xs[b].numel(); i++)
				xs[b].data()[i] = rnd.nextFloat();
			for (int i = 0; i < batch; i++)
				ys[b][i] = rnd.nextInt(10);
		}
		for (int i = 0; i < 150; i++) { // warm-up
			net.computeGradients(xs[i % batches], ys[i % batches]);
			opt.step();
		}
		final double[] rates = new double[5];
		for (int r = 0; r < rates.length; r++) {
			final int steps = 60;
			final long start = System.nanoTime();
			for (int i = 0; i < steps; i++) {
				net.computeGradients(xs[i % batches], ys[i % batches]);
				opt.step();
			}
			rates[r] = steps * batch / ((System.nanoTime() - start) / 1e9);
		}
		Arrays.sort(rates);
		final Tensor test = Tensor.zeros(256, 1, 28, 28);
		for (int i = 0; i < test.numel(); i++)
			test.data()[i] = rnd.nextFloat();
		for (int i = 0; i < 20; i++)
			net.forward(test, false);
		final double[] inf = new double[5];
		for (int r = 0; r < inf.length; r++) {
			final long start = System.nanoTime();
			for (int i = 0; i < 10; i++)
				net.forward(test, false);
			inf[r] = 10 * 256 / ((System.nanoTime() - start) / 1e9);
		}
		Arrays.sort(inf);
		System.out.printf("reference CNN, %d thread(s): training batch 64: median %.0f img/s [%.0f-%.0f];" +
			" inference batch 256: median %.0f img/s [%.0f-%.0f]; heap used %d MB%n", threads, rates[2],
			rates[0], rates[4], inf[2], inf[0], inf[4], (Runtime.getRuntime().totalMemory() - Runtime
				.getRuntime().freeMemory()) >> 20);
		if (layers) breakdown(net, xs[0], ys[0]);
	}

	/** Mean milliseconds per layer, forward (training) and backward, over a few batches. */
	private static void breakdown(final Network net, final Tensor x, final int[] y) {
		final int reps = 30;
		final int n = net.nodes().size();
		final double[] fwd = new double[n], bwd = new double[n];
		for (int r = 0; r < reps; r++) {
			final Tensor[] outs = new Tensor[n];
			Tensor cur = x;
			for (int i = 0; i < n; i++) {
				final long s = System.nanoTime();
				cur = net.nodes().get(i).layer().forward(cur, true);
				fwd[i] += (System.nanoTime() - s) / 1e6;
				outs[i] = cur;
			}
			Tensor g = Tensor.zeros(cur.shape());
			Losses.softmaxCrossEntropy(outs[n - 2], y, g);
			for (int i = n - 2; i >= 0; i--) {
				final long s = System.nanoTime();
				g = net.nodes().get(i).layer().backward(g, i > 0)[0];
				bwd[i] += (System.nanoTime() - s) / 1e6;
			}
		}
		for (int i = 0; i < n; i++)
			System.out.printf("  %-10s forward %6.2f ms  backward %6.2f ms%n", net.nodes().get(i).name(),
				fwd[i] / reps, bwd[i] / reps);
	}
}
