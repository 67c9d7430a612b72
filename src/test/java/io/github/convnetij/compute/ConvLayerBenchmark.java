package io.github.convnetij.compute;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import net.imglib2.parallel.Parallelization;

/**
 * Manual timing (not a unit test) of where ResNet-50's inference time goes, below the network:
 * first the GEMM micro-kernel alone ({@link GemmKernels#BEST}, one thread, its packed panels in
 * the L1 cache, {@code k = 256}: the most it does per core on this machine), then each of
 * ResNet-50's 53 convolutions (torchvision's shapes at 3x224x224, with their ReLU) through
 * {@link Convolutions#correlate(Tensor, Tensor, Convolutions.PackedWeight, float[], ConvGeometry, boolean, Tensor)}
 * on its own, four weights taken in turn so that they are not all in the caches, the median of
 * 21 runs after 0.6 s of warm-up; the whole list twice, the first pass warming the JIT, the second
 * printed. Run its {@code main} with the test class path:
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     io.github.convnetij.compute.ConvLayerBenchmark [threads=2] [batch=1]
 * }</pre>
 */
public final class ConvLayerBenchmark {

	private ConvLayerBenchmark() {}

	/** ResNet-50's convolutions in order: {Cin, input size, Cout, kernel size, stride}. */
	static List<int[]> resnet50() {
		final List<int[]> l = new ArrayList<>();
		l.add(new int[] { 3, 224, 64, 7, 2 });
		// stages: width, input size, stride of the first block, blocks
		final int[][] stages = { { 64, 56, 1, 3 }, { 128, 56, 2, 4 }, { 256, 28, 2, 6 }, { 512, 14, 2, 3 } };
		int cin = 64;
		for (final int[] st : stages) {
			final int width = st[0];
			for (int b = 0; b < st[3]; b++) {
				final int stride = b == 0 ? st[2] : 1, size = b == 0 ? st[1] : st[1] / st[2];
				l.add(new int[] { cin, size, width, 1, 1 });
				l.add(new int[] { width, size, width, 3, stride });
				l.add(new int[] { width, size / stride, 4 * width, 1, 1 });
				if (b == 0) l.add(new int[] { cin, size, 4 * width, 1, stride }); // the shortcut's projection
				cin = 4 * width;
			}
		}
		return l;
	}

	public static void main(final String[] args) {
		final int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
		final int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1;
		kernelAlone();
		for (int pass = 0; pass < 2; pass++)
			layers(threads, batch, pass == 1);
	}

	private static void kernelAlone() {
		final GemmKernel kernel = GemmKernels.BEST;
		final int k = 256, mr = kernel.mr(), nr = kernel.nr();
		final float[] a = new float[4 * mr * k], b = new float[nr * k], c = new float[mr * nr];
		final Random r = new Random(1);
		for (int i = 0; i < a.length; i++)
			a[i] = r.nextFloat() * 1e-3f;
		for (int i = 0; i < b.length; i++)
			b[i] = r.nextFloat() * 1e-3f;
		double best = 0;
		for (int rep = 0; rep < 30; rep++) {
			final int calls = 2000;
			final long t0 = System.nanoTime();
			for (int i = 0; i < calls; i++)
				kernel.block(k, a, (i & 3) * mr * k, b, 0, c, 0, nr, true);
			best = Math.max(best, 2.0 * k * mr * nr * calls / (System.nanoTime() - t0));
		}
		System.out.printf(Locale.ROOT, "micro-kernel %s (%dx%d) alone, 1 thread, panels in L1: %.1f GFLOP/s%n",
			kernel.name(), mr, nr, best);
	}

	private static void layers(final int threads, final int batch, final boolean print) {
		double total = 0, flops = 0;
		int index = 0;
		for (final int[] s : resnet50()) {
			final int cin = s[0], size = s[1], cout = s[2], k = s[3], stride = s[4], pad = k / 2;
			final Random r = new Random(index);
			final Tensor x = Tensor.zeros(batch, cin, size, size);
			for (int i = 0; i < x.data().length; i++)
				x.data()[i] = r.nextFloat();
			final Tensor[] w = new Tensor[4];
			final Convolutions.PackedWeight[] packed = new Convolutions.PackedWeight[w.length];
			for (int q = 0; q < w.length; q++) {
				w[q] = Tensor.zeros(cout, cin, k, k);
				for (int i = 0; i < w[q].data().length; i++)
					w[q].data()[i] = r.nextFloat() - 0.5f;
				packed[q] = Convolutions.pack(w[q]);
			}
			final float[] bias = new float[cout];
			final ConvGeometry g = ConvGeometry.of(2).stride(stride, stride).pad(new int[] { pad, pad },
				new int[] { pad, pad });
			final Tensor out = Tensor.zeros(Convolutions.outputShape(x.shape(), w[0].shape(), g));
			final int os = out.shape()[2];
			final double flop = 2.0 * batch * cout * cin * k * k * os * os;
			final double[] ms = new double[21];
			Parallelization.runWithNumThreads(threads, () -> {
				final long end = System.nanoTime() + 600_000_000L;
				for (int q = 0; System.nanoTime() < end; q++)
					Convolutions.correlate(x, w[q % w.length], packed[q % w.length], bias, g, true, out);
				for (int i = 0; i < ms.length; i++) {
					final long t0 = System.nanoTime();
					Convolutions.correlate(x, w[i % w.length], packed[i % w.length], bias, g, true, out);
					ms[i] = (System.nanoTime() - t0) / 1e6;
				}
			});
			Arrays.sort(ms);
			final double median = ms[ms.length / 2];
			total += median;
			flops += flop;
			if (print) System.out.printf(Locale.ROOT, "%2d %4d -> %4d %dx%d stride %d on %3dx%-3d %7.3f ms %5.0f GFLOP/s%n",
				index, cin, cout, k, k, stride, size, size, median, flop / median / 1e6);
			index++;
		}
		if (print) System.out.printf(Locale.ROOT,
			"%d threads, batch %d: sum of the medians %.1f ms for %.2f GFLOP: %.0f GFLOP/s%n", threads, batch, total,
			flops / 1e9, flops / total / 1e6);
	}
}
