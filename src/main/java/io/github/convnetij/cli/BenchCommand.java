package io.github.convnetij.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import ij.ImagePlus;
import ij.ImageStack;
import io.github.convnetij.command.ImagePlusImgs;
import io.github.convnetij.compute.Boundary;
import io.github.convnetij.compute.ConvMethod;
import io.github.convnetij.compute.Gemm;
import io.github.convnetij.compute.PlaneConvolutions;
import io.github.convnetij.compute.PoolGeometry;
import io.github.convnetij.compute.Pooling;
import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.Optimizer;
import io.github.convnetij.nn.Optimizers;
import io.github.convnetij.ops.ConvolutionOps;
import io.github.convnetij.ops.ConvolutionPlan;
import io.github.convnetij.ops.Kernel;
import io.github.convnetij.ops.OutputSize;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.parallel.Parallelization;
import net.imglib2.type.numeric.real.FloatType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bench}: times the core operations in-process on generated data and prints one JSON record
 * per line with {@code op}, {@code size}, {@code kernel}, {@code threads}, {@code method} (the
 * path that ran: {@code direct}, {@code separable} or {@code fft}, after resolving {@code auto}),
 * {@code requested} (the {@code --method} asked for), {@code vector} (whether the Vector API inner
 * loops ran: the JVM has {@code jdk.incubator.vector} and {@code -Dconvnetij.vector=false} is not
 * set), {@code median_ms}, {@code min_ms}, {@code max_ms} and {@code mpix_s}. The inputs match
 * {@code shared/bench/peer_conv.py} and {@code peer_maxpool.py}: a 4096x4096 float32 image with
 * uniform [0,1) values, zero border, random non-separable 3x3, 15x15 (/225), 31x31 (/961) kernels
 * and a sampled sigma=1 5x5 Gaussian; max pooling 2x2/2 on [1,1,4096,4096] and [64,32,64,64].
 * A {@code stream} record (kernel {@code copy}: the image copied into the output with
 * {@code System.arraycopy}, rows split over the threads) gives the memory floor of any filter with
 * one input and one output of that size on this machine.
 * <pre>{@code
 * java -jar target/convnet-ij-cli.jar bench --threads 1,2 --reps 5
 * java -jar target/convnet-ij-cli.jar bench --kernels 31x31 --method direct,fft,auto --no-pool
 * }</pre>
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
	description = "Time the core operations on generated data; print one JSON record per line.")
public final class BenchCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	/** The kernels {@code --kernels} accepts. */
	private static final List<String> BENCH_KERNELS = List.of("3x3", "5x5gauss", "15x15", "31x31");

	@Option(names = "--threads", split = ",", defaultValue = "1,2",
		description = "Thread counts to time, comma-separated (default: ${DEFAULT-VALUE}).")
	int[] threads;

	@Option(names = "--reps", defaultValue = "5",
		description = "Timed repetitions after warm-up (default: ${DEFAULT-VALUE}).")
	int reps;

	@Option(names = "--warmup", defaultValue = "2",
		description = "Untimed warm-up runs per case, at least; warm-up also goes on until " +
			"--warmup-ms have passed, so that the JIT has compiled the kernels (default: " +
			"${DEFAULT-VALUE}).")
	int warmup;

	@Option(names = "--warmup-ms", defaultValue = "1500",
		description = "Minimum warm-up time per case in ms, at most 50 runs (default: " +
			"${DEFAULT-VALUE}). Vector API code runs ~100x slower until C2 has compiled it.")
	long warmupMs;

	@Option(names = "--size", defaultValue = "4096",
		description = "Image width and height (default: ${DEFAULT-VALUE}).")
	int size;

	@Option(names = "--kernels", split = ",", defaultValue = "3x3,5x5gauss,15x15,31x31",
		description = "Kernels to time: 3x3, 5x5gauss, 15x15, 31x31 (default: all).")
	List<String> kernels;

	@Option(names = "--method", split = ",", defaultValue = "auto",
		description = "Convolution methods to time: auto, direct, separable, fft, comma-separated " +
			"(default: ${DEFAULT-VALUE}); separable is skipped for kernels that are not rank 1.")
	List<String> methods;

	@Option(names = "--output", split = ",", defaultValue = "new,reused",
		description = "Outputs to time: new (allocated per call, as the image operations do), " +
			"reused (one output written again per call), comma-separated (default: ${DEFAULT-VALUE}).")
	List<String> outputs;

	@Option(names = "--no-floor", description = "Skip the memory-floor (stream) records.")
	boolean noFloor;

	@Option(names = "--no-imageplus", description = "Skip the ImageJ-image records (op " +
		"imageplus: a 3x3 correlation of an ImageJ image, from ImagePlus to ImagePlus, as the Fiji " +
		"command runs it; a size x size image and a stack of 64 planes of size/4).")
	boolean noImagePlus;

	@Option(names = "--no-pool", description = "Skip the pooling records.")
	boolean noPool;

	@Option(names = "--no-conv", description = "Skip the convolution records.")
	boolean noConv;

	@Option(names = "--cnn", description = "Also time the reference CNN of shared/bench " +
		"(conv 32, conv 64, dense 128, dense 10 on 28x28 inputs): training steps (batch 64, Adam " +
		"1e-3) and inference (batch 256) on generated data, in images/s.")
	boolean cnn;

	/** Most timed (and warm-up) repetitions. */
	static final int MAX_REPS = 10000;
	/** Longest warm-up per record: ten minutes. */
	static final long MAX_WARMUP_MS = 600000;

	@Override
	public Integer call() {
		final PrintWriter out = spec.commandLine().getOut();
		if (reps < 1 || reps > MAX_REPS) throw new IllegalArgumentException("--reps: " + reps +
			" is not allowed: expected a whole number >= 1 and at most " + MAX_REPS);
		if (warmup < 0 || warmup > MAX_REPS) throw new IllegalArgumentException("--warmup: " + warmup +
			" is not allowed: expected a whole number from 0 to " + MAX_REPS);
		if (warmupMs < 0 || warmupMs > MAX_WARMUP_MS) throw new IllegalArgumentException(
			"--warmup-ms: " + warmupMs + " is not allowed: expected a whole number of milliseconds " +
				"from 0 to " + MAX_WARMUP_MS);
		if (size < 1 || size > 16384) throw new IllegalArgumentException("--size: " + size +
			" is not allowed: expected a whole number from 1 to 16384");
		if (threads == null || threads.length == 0) throw new IllegalArgumentException("--threads: no " +
			"thread count given: expected whole numbers from 1 to " + Cli.MAX_THREADS + " separated by " +
			"commas, such as 1,2");
		for (final int t : threads)
			Cli.checkThreads(t);
		if (!noConv && (kernels == null || kernels.isEmpty())) throw new IllegalArgumentException(
			"--kernels: no kernel given: expected one or more of " + String.join(", ", BENCH_KERNELS) +
				" separated by commas (or --no-conv)");
		if (methods == null || methods.isEmpty()) throw new IllegalArgumentException("--method: no " +
			"method given: expected auto, direct, separable or fft, separated by commas");
		if (outputs == null || outputs.isEmpty()) throw new IllegalArgumentException("--output: no " +
			"output kind given: expected new, reused or new,reused");
		for (final String name : kernels)
			if (!BENCH_KERNELS.contains(name)) throw new IllegalArgumentException("--kernels: '" + name +
				"' is not one of " + String.join(", ", BENCH_KERNELS));
		for (final String o : outputs)
			if (!o.equals("new") && !o.equals("reused")) throw new IllegalArgumentException(
				"--output: '" + o + "' is not one of new, reused");
		final Random rnd = new Random(0);
		final float[] px = new float[size * size];
		for (int i = 0; i < px.length; i++)
			px[i] = rnd.nextFloat();
		final ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(px, size, size);
		final List<ConvMethod> convMethods = new ArrayList<>();
		for (final String m : methods)
			try {
				convMethods.add(ConvMethod.parse(m));
			}
			catch (final IllegalArgumentException e) {
				throw new IllegalArgumentException("--method: " + e.getMessage(), e);
			}
		final boolean vector = PlaneConvolutions.vectorized();
		boolean fresh = false, reused = false;
		for (final String o : outputs) {
			if (o.equals("new")) fresh = true;
			else if (o.equals("reused")) reused = true;
			else throw new IllegalArgumentException("--output: '" + o + "' is not one of new, reused");
		}
		if (!noConv) for (final String name : kernels) {
			final Kernel k = benchKernel(name, rnd);
			for (final ConvMethod m : convMethods) {
				// the op's plan: the method that runs, and the core's plan for the reused-output records
				final ConvolutionPlan plan;
				try {
					plan = ConvolutionOps.plan(new long[] { size, size }, k, Boundary.ZERO, 0, OutputSize.SAME,
						false, m, false);
				}
				catch (final ConvolutionPlan.Invalid e) {
					if (m == ConvMethod.SEPARABLE && e.parameter() == ConvolutionPlan.Parameter.METHOD)
						continue; // not a rank-1 kernel
					throw e;
				}
				final ConvMethod ran = plan.method();
				final Tensor in = Tensor.of(px, 1, 1, size, size);
				for (final int t : threads) {
					if (fresh) {
						final double[] ms0 = time(t, () -> ConvolutionOps.correlate(img, k, Boundary.ZERO, 0,
							OutputSize.SAME, false, m));
						out.println(record("correlate", size + "x" + size, name, t, ran.key(), m.key(), vector,
							"new", ms0, (double) size * size));
						out.flush();
					}
					if (reused) {
						final Tensor result = Tensor.zeros(1, 1, size, size);
						final double[] ms0 = time(t, () -> {
							PlaneConvolutions.correlate(plan.corePlan(), in, result);
							return result;
						});
						out.println(record("correlate", size + "x" + size, name, t, ran.key(), m.key(), vector,
							"reused", ms0, (double) size * size));
						out.flush();
					}
				}
			}
		}
		if (!noImagePlus) for (final int[] shape : new int[][] { { size, size, 1 }, { Math.max(1,
			size / 4), Math.max(1, size / 4), 64 } })
		{
			// the Fiji path: ImageJ image in, ImageJ image out, as the Correlate Image command runs it
			final ImageStack stack = new ImageStack(shape[0], shape[1]);
			for (int z = 0; z < shape[2]; z++) {
				final float[] plane = new float[shape[0] * shape[1]];
				for (int i = 0; i < plane.length; i++)
					plane[i] = rnd.nextFloat();
				stack.addSlice(null, plane);
			}
			final ImagePlus imp = new ImagePlus("bench", stack);
			final Kernel k = benchKernel("3x3", new Random(0));
			final String name = shape[0] + "x" + shape[1] + (shape[2] > 1 ? "x" + shape[2] : "");
			final String ran = ConvolutionOps.plan(net.imglib2.util.Intervals.dimensionsAsLongArray(
				ImagePlusImgs.wrap(imp)), k, Boundary.ZERO, 0, OutputSize.SAME, false, ConvMethod.AUTO,
				false).method().key();
			for (final int t : threads) {
				final double[] ms = time(t, () -> ImagePlusImgs.toImagePlus(ConvolutionOps.correlate(
					ImagePlusImgs.real(ImagePlusImgs.wrap(imp)), k, Boundary.ZERO, 0, OutputSize.SAME, false),
					false, "bench", null, null));
				out.println(record("imageplus", name, "3x3", t, ran, "auto", vector, "new", ms,
					(double) shape[0] * shape[1] * shape[2]));
				out.flush();
			}
		}
		if (!noPool) {
			final Tensor image = Tensor.of(px, 1, 1, size, size);
			final Tensor batch = Tensor.zeros(64, 32, 64, 64);
			final float[] b = batch.data();
			for (int i = 0; i < b.length; i++)
				b[i] = rnd.nextFloat();
			final PoolGeometry g = PoolGeometry.of(2, 2);
			for (final Tensor x : Arrays.asList(image, batch))
				for (final int t : threads) {
					if (fresh) {
						final double[] ms = time(t, () -> Pooling.max(x, g, null));
						out.println(record("maxpool", shapeString(x.shape()), "2x2", t, "direct", "direct",
							vector, "new", ms, x.numel()));
						out.flush();
					}
					if (reused) {
						final Tensor result = Tensor.zeros(Pooling.outputShape(x.shape(), g));
						final double[] ms = time(t, () -> {
							Pooling.max(x, g, null, result);
							return result;
						});
						out.println(record("maxpool", shapeString(x.shape()), "2x2", t, "direct", "direct",
							vector, "reused", ms, x.numel()));
						out.flush();
					}
				}
		}
		// last: the JVM has grown its heap by now (first-touch page faults would inflate "new")
		if (!noFloor) for (final int t : threads) {
			if (fresh) {
				final double[] ms = time(t, () -> copied(px, new float[px.length]));
				out.println(record("stream", size + "x" + size, "copy", t, "direct", "direct", false, "new",
					ms, (double) size * size));
			}
			if (reused) {
				final float[] result = new float[px.length];
				final double[] ms = time(t, () -> copied(px, result));
				out.println(record("stream", size + "x" + size, "copy", t, "direct", "direct", false,
					"reused", ms, (double) size * size));
			}
			out.flush();
		}
		if (cnn) for (final int t : threads)
			benchCnn(out, t, vector);
		return 0;
	}

	/** One training record and one inference record of the reference CNN. */
	private void benchCnn(final PrintWriter out, final int nThreads, final boolean vector) {
		final int[] input = { 1, 28, 28 };
		final Network net = Architectures.parse(Architectures.defaultFor(input, 10), input, 10);
		net.initialize(0);
		final Optimizer opt = Optimizers.adam(1e-3).build(net.parameters());
		final Random rnd = new Random(0);
		final int batch = 64, batches = 16, stepsPerRep = 20;
		final Tensor[] xs = new Tensor[batches];
		final int[][] ys = new int[batches][batch];
		for (int b = 0; b < batches; b++) {
			xs[b] = Tensor.zeros(batch, 1, 28, 28);
			for (int i = 0; i < xs[b].numel(); i++)
				xs[b].data()[i] = rnd.nextFloat();
			for (int i = 0; i < batch; i++)
				ys[b][i] = rnd.nextInt(10);
		}
		final int[] step = { 0 };
		final double[] train = time(nThreads, () -> {
			for (int i = 0; i < stepsPerRep; i++) {
				final int b = step[0]++ % batches;
				net.computeGradients(xs[b], ys[b]);
				opt.step();
			}
			return null;
		});
		out.println(cnnRecord("cnn-train", batch + "x1x28x28", nThreads, vector, train, stepsPerRep *
			batch));
		final Tensor test = Tensor.zeros(256, 1, 28, 28);
		for (int i = 0; i < test.numel(); i++)
			test.data()[i] = rnd.nextFloat();
		final double[] infer = time(nThreads, () -> net.forward(test, false));
		out.println(cnnRecord("cnn-infer", "256x1x28x28", nThreads, vector, infer, 256));
		out.flush();
	}

	private static String cnnRecord(final String op, final String size, final int threads,
		final boolean vector, final double[] sortedMs, final int images)
	{
		final double median = sortedMs[sortedMs.length / 2];
		return String.format(Locale.ROOT,
			"{\"op\": \"%s\", \"size\": \"%s\", \"kernel\": \"reference-cnn\", \"threads\": %d, " +
				"\"method\": \"%s\", \"vector\": %b, \"median_ms\": %.3f, \"min_ms\": %.3f, " +
				"\"max_ms\": %.3f, \"images_per_s\": %.1f}", op, size, threads, Gemm.kernelName(), vector,
			median, sortedMs[0], sortedMs[sortedMs.length - 1], images / (median / 1e3));
	}

	private static Kernel benchKernel(final String name, final Random rnd) {
		switch (name) {
			case "3x3":
				return randomKernel(3, rnd, 1f);
			case "15x15":
				return randomKernel(15, rnd, 1f / 225);
			case "31x31":
				return randomKernel(31, rnd, 1f / 961);
			case "5x5gauss": {
				final float[] g = new float[25];
				double s = 0;
				for (int y = 0; y < 5; y++)
					for (int x = 0; x < 5; x++)
						s += g[y * 5 + x] = (float) Math.exp(-((x - 2) * (x - 2) + (y - 2) * (y - 2)) / 2.0);
				for (int i = 0; i < 25; i++)
					g[i] /= s;
				return Kernel.of(g, 5, 5);
			}
			default:
				throw new IllegalArgumentException("--kernels: '" + name + "' is not one of " + String
					.join(", ", BENCH_KERNELS));
		}
	}

	private static Kernel randomKernel(final int k, final Random rnd, final float scale) {
		final float[] w = new float[k * k];
		for (int i = 0; i < w.length; i++)
			w[i] = rnd.nextFloat() * scale;
		return Kernel.of(w, k, k);
	}

	private double[] time(final int nThreads, final Supplier<?> op) {
		return Parallelization.runWithNumThreads(nThreads, () -> {
			final long end = System.nanoTime() + warmupMs * 1000000L;
			for (int i = 0; i < warmup || i < 50 && System.nanoTime() < end; i++)
				op.get();
			final double[] ms = new double[reps];
			for (int i = 0; i < reps; i++) {
				final long t0 = System.nanoTime();
				op.get();
				ms[i] = (System.nanoTime() - t0) / 1e6;
			}
			Arrays.sort(ms);
			return ms;
		});
	}

	private static String shapeString(final int[] shape) {
		final List<String> s = new ArrayList<>();
		for (final int d : shape)
			s.add(Integer.toString(d));
		return String.join("x", s);
	}

	private static String record(final String op, final String size, final String kernel,
		final int threads, final String method, final String requested, final boolean vector,
		final String output, final double[] sortedMs, final double elements)
	{
		final double median = sortedMs[sortedMs.length / 2];
		return String.format(Locale.ROOT,
			"{\"op\": \"%s\", \"size\": \"%s\", \"kernel\": \"%s\", \"threads\": %d, \"method\": \"%s\", " +
				"\"requested\": \"%s\", \"vector\": %b, \"output\": \"%s\", \"median_ms\": %.3f, " +
				"\"min_ms\": %.3f, \"max_ms\": %.3f, \"mpix_s\": %.1f}", op, size, kernel, threads, method,
			requested, vector, output, median, sortedMs[0], sortedMs[sortedMs.length - 1], elements / 1e6 /
				(median / 1e3));
	}

	/**
	 * {@code in} copied into {@code out}, rows split over the current threads: one read and one
	 * write stream, the least any filter with an output of that size moves.
	 */
	private float[] copied(final float[] in, final float[] out) {
		final int rows = size, chunk = Math.max(1, rows / 64);
		final List<int[]> ranges = new ArrayList<>();
		for (int r = 0; r < rows; r += chunk)
			ranges.add(new int[] { r * size, Math.min(rows, r + chunk) * size });
		Parallelization.getTaskExecutor().forEach(ranges, r -> System.arraycopy(in, r[0], out, r[0], r[1] -
			r[0]));
		return out;
	}
}
