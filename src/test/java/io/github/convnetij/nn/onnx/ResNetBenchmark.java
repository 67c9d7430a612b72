package io.github.convnetij.nn.onnx;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Network;
import net.imglib2.parallel.Parallelization;

/**
 * Manual timing of an imported ONNX classifier, as {@code ../shared/bench/peer_resnet50.py} times
 * PyTorch (not a unit test): load time, then batch 1 and batch 8 at 3x224x224, median/min/max of 5
 * runs after 2 warm-ups, and the heap in use at the end. Run its {@code main} with the test class path and
 * {@code --add-modules jdk.incubator.vector}, on the file that script exports:
 * <pre>{@code
 * mvn -q dependency:build-classpath -Dmdep.outputFile=cp.txt &&
 * java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes:$(cat cp.txt) \
 *     io.github.convnetij.nn.onnx.ResNetBenchmark target/peer-bench/resnet50_random.onnx 2
 * }</pre>
 */
public final class ResNetBenchmark {

	private ResNetBenchmark() {}

	public static void main(final String[] args) throws Exception {
		final Path file = Path.of(args[0]);
		final int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
		final long t0 = System.nanoTime();
		final Network net = OnnxNetworks.toNetwork(Onnx.read(file), null);
		System.out.printf(Locale.ROOT, "load %s: %.0f ms%n", file.getFileName(), (System.nanoTime() -
			t0) / 1e6);
		final Random r = new Random(0);
		Parallelization.runWithNumThreads(threads, () -> {
			for (final int batch : new int[] { 1, 8 }) {
				final float[] x = new float[batch * 3 * 224 * 224];
				for (int i = 0; i < x.length; i++)
					x[i] = r.nextFloat();
				final Tensor in = Tensor.of(x, batch, 3, 224, 224);
				for (int i = 0; i < 2; i++)
					net.predict(in);
				final double[] ms = new double[5];
				for (int i = 0; i < ms.length; i++) {
					final long s = System.nanoTime();
					net.predict(in);
					ms[i] = (System.nanoTime() - s) / 1e6;
				}
				Arrays.sort(ms);
				System.out.printf(Locale.ROOT,
					"ours resnet bs=%d threads=%d: median %.1f ms [%.1f-%.1f]  %.1f img/s%n", batch, threads,
					ms[2], ms[0], ms[4], batch / ms[2] * 1e3);
			}
		});
		final Runtime rt = Runtime.getRuntime();
		System.out.printf(Locale.ROOT, "heap in use at the end: %d MB (max %d MB)%n", (rt.totalMemory() -
			rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
	}
}
