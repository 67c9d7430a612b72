package io.github.convnetij.nn.onnx;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Network;
import net.imglib2.parallel.Parallelization;

/**
 * Manual timing of an imported ONNX classifier, as {@code ../shared/bench/peer_resnet50.py} times
 * PyTorch (not a unit test): load time, then batch 1 and batch 8 at 3x224x224, median/min/max of
 * {@code runs} runs (default 5) after a warm-up of at least 2 runs and 5 s, the heap in use after a GC and the largest heap in use sampled during the runs; then ONNX
 * Runtime (Java API, test scope) on the same file, inputs and thread count, with the largest
 * difference between its outputs and ours. Run its {@code main} with the test class path and
 * {@code --add-modules jdk.incubator.vector}, on the file that script exports:
 * <pre>{@code
 * mvn -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt &&
 * java -Xmx1500m --add-modules jdk.incubator.vector -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     io.github.convnetij.nn.onnx.ResNetBenchmark target/peer-bench/resnet50_random.onnx 2 [--runs 9] [--no-ort] [--profile]
 * }</pre>
 * {@code --profile} also prints the time of each node of our executor at batch 1 and 8 (sum over
 * the timed runs), the slowest first.
 */
public final class ResNetBenchmark {

	private ResNetBenchmark() {}

	public static void main(final String[] args) throws Exception {
		final Path file = Path.of(args[0]);
		final int threads = args.length > 1 && args[1].matches("[0-9]+") ? Integer.parseInt(args[1]) : 2;
		final List<String> opts = Arrays.asList(args);
		final boolean ort = !opts.contains("--no-ort"), profile = opts.contains("--profile");
		final int runs = opts.contains("--runs") ? Integer.parseInt(args[opts.indexOf("--runs") + 1]) : 5;
		final long[] t = new long[3];
		final Network net = load(file, t); // the parsed file is garbage once this returns
		System.out.printf(Locale.ROOT, "load %s: %.0f ms (reading and parsing %.0f ms, building %.0f ms)%n",
			file.getFileName(), (t[2] - t[0]) / 1e6, (t[1] - t[0]) / 1e6, (t[2] - t[1]) / 1e6);
		// the heap in use (live and not yet collected), sampled every 5 ms while ours runs
		final java.util.concurrent.atomic.AtomicLong peakUsed = new java.util.concurrent.atomic.AtomicLong();
		final Thread sampler = new Thread(() -> {
			final Runtime rt = Runtime.getRuntime();
			while (!Thread.currentThread().isInterrupted()) {
				peakUsed.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
				try {
					Thread.sleep(5);
				}
				catch (final InterruptedException e) {
					return;
				}
			}
		});
		sampler.setDaemon(true);
		sampler.start();
		final int[] batches = { 1, 8 };
		final float[][] inputs = new float[batches.length][];
		final float[][] ours = new float[batches.length][];
		final Random r = new Random(0);
		for (int b = 0; b < batches.length; b++) {
			inputs[b] = new float[batches[b] * 3 * 224 * 224];
			for (int i = 0; i < inputs[b].length; i++)
				inputs[b][i] = r.nextFloat();
		}
		Parallelization.runWithNumThreads(threads, () -> {
			for (int b = 0; b < batches.length; b++) {
				final int batch = batches[b];
				final Tensor in = Tensor.of(inputs[b], batch, 3, 224, 224);
				// warm-up: at least 2 runs and 5 s (JIT tiers; the Vector API is slow until C2 compiles it,
				// which takes longer on a loaded machine)
				final long warm = System.nanoTime();
				for (int i = 0; i < 2 || System.nanoTime() - warm < 5_000_000_000L; i++)
					net.predict(in);
				final double[] ms = new double[runs];
				for (int i = 0; i < ms.length; i++) {
					final long s = System.nanoTime();
					net.predict(in);
					ms[i] = (System.nanoTime() - s) / 1e6;
				}
				ours[b] = net.predict(in).data().clone();
				report("ours", batch, threads, ms);
				if (profile) profile(net, in, runs);
			}
		});
		sampler.interrupt();
		final Runtime rt = Runtime.getRuntime();
		System.gc();
		System.out.printf(Locale.ROOT,
			"ours heap: in use after the runs and a GC %d MB (the network and its buffers), largest " +
				"sampled in use (with garbage) %d MB, max %d MB%n", (rt.totalMemory() - rt.freeMemory()) >> 20,
			peakUsed.get() >> 20, rt.maxMemory() >> 20);
		java.lang.ref.Reference.reachabilityFence(net);
		if (ort) onnxRuntime(file, threads, batches, inputs, ours, runs);
	}

	private static Network load(final Path file, final long[] t) throws java.io.IOException {
		t[0] = System.nanoTime();
		final OnnxModel model = Onnx.read(file);
		t[1] = System.nanoTime();
		final Network net = OnnxNetworks.toNetwork(model, null);
		t[2] = System.nanoTime();
		return net;
	}

	private static void report(final String who, final int batch, final int threads, final double[] ms) {
		Arrays.sort(ms);
		final double median = ms.length % 2 == 1 ? ms[ms.length / 2] : (ms[ms.length / 2 - 1] +
			ms[ms.length / 2]) / 2;
		System.out.printf(Locale.ROOT,
			"%s resnet bs=%d threads=%d: median %.1f ms [%.1f-%.1f]  %.1f img/s%n", who, batch, threads,
			median, ms[0], ms[ms.length - 1], batch / median * 1e3);
	}

	private static void profile(final Network net, final Tensor in, final int runs) {
		final List<Network.Node> nodes = net.nodes();
		final long[] nanos = new long[nodes.size()];
		for (int i = 0; i < runs; i++)
			net.executor().forwardTimed(in, nanos);
		long total = 0;
		for (final long n : nanos)
			total += n;
		final Integer[] order = new Integer[nanos.length];
		for (int i = 0; i < order.length; i++)
			order[i] = i;
		Arrays.sort(order, (a, b) -> Long.compare(nanos[b], nanos[a]));
		System.out.printf(Locale.ROOT, "  per node, batch %d, mean of %d runs (total %.1f ms):%n", in
			.shape()[0], runs, total / 1e6 / runs);
		// also by kind and output shape, which groups ResNet's repeated blocks
		final Map<String, long[]> byKind = new java.util.TreeMap<>();
		for (int i = 0; i < nodes.size(); i++) {
			final Network.Node nd = nodes.get(i);
			final String key = nd.layer().toString() + " -> " + Arrays.toString(nd.outputShape());
			byKind.computeIfAbsent(key, k -> new long[2])[0] += nanos[i];
			byKind.get(key)[1]++;
		}
		final List<Map.Entry<String, long[]>> kinds = new ArrayList<>(byKind.entrySet());
		kinds.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
		for (final Map.Entry<String, long[]> e : kinds.subList(0, Math.min(25, kinds.size())))
			System.out.printf(Locale.ROOT, "  %7.2f ms %5.1f%%  x%d  %s%n", e.getValue()[0] / 1e6 / runs,
				100.0 * e.getValue()[0] / total, e.getValue()[1], e.getKey());
	}

	private static void onnxRuntime(final Path file, final int threads, final int[] batches,
		final float[][] inputs, final float[][] ours, final int runs) throws Exception
	{
		final OrtEnvironment env = OrtEnvironment.getEnvironment();
		try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
			so.setIntraOpNumThreads(threads);
			so.setInterOpNumThreads(1);
			final long t0 = System.nanoTime();
			try (OrtSession s = env.createSession(file.toString(), so)) {
				System.out.printf(Locale.ROOT, "onnxruntime %s load: %.0f ms%n", ai.onnxruntime.OrtEnvironment
					.getEnvironment().getVersion(), (System.nanoTime() - t0) / 1e6);
				final String name = s.getInputNames().iterator().next();
				for (int b = 0; b < batches.length; b++) {
					final int batch = batches[b];
					try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(inputs[b]), new long[] {
						batch, 3, 224, 224 }))
					{
						for (int i = 0; i < 2; i++)
							try (OrtSession.Result out = s.run(Map.of(name, x))) {}
						final double[] ms = new double[runs];
						for (int i = 0; i < ms.length; i++) {
							final long st = System.nanoTime();
							try (OrtSession.Result out = s.run(Map.of(name, x))) {}
							ms[i] = (System.nanoTime() - st) / 1e6;
						}
						report("onnxruntime", batch, threads, ms);
						try (OrtSession.Result out = s.run(Map.of(name, x))) {
							final FloatBuffer y = ((OnnxTensor) out.get(0)).getFloatBuffer();
							double diff = 0, largest = 0;
							for (int i = 0; i < ours[b].length; i++) {
								diff = Math.max(diff, Math.abs(ours[b][i] - y.get(i)));
								largest = Math.max(largest, Math.abs(y.get(i)));
							}
							System.out.printf(Locale.ROOT,
								"  ours vs onnxruntime, bs=%d: largest difference %.3g (largest |logit| %.3g)%n", batch,
								diff, largest);
						}
					}
				}
			}
		}
	}
}
