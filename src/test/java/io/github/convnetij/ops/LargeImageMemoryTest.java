package io.github.convnetij.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.github.convnetij.compute.Boundary;
import io.github.convnetij.compute.ConvMethod;
import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Opt-in (slow, needs ~5 GB of RAM): a 16384 x 16384 float image (1 GiB) convolves with
 * {@code -Xmx4g} with every method and a non-zero boundary (no padded copy of the image is made),
 * and a 512 x 512 x 500 stack with 3-d kernels. Runs in a child JVM with {@code -Xmx4g}, since
 * surefire's own JVM is capped lower. Enable with
 * <pre>
 * mvn test -Dtest=LargeImageMemoryTest -Dconvnetij.bigtests=true
 * </pre>
 * (surefire passes {@code -D} options given to Maven as system properties of the test JVM).
 */
@EnabledIfSystemProperty(named = "convnetij.bigtests", matches = "true")
class LargeImageMemoryTest {

	@Test
	void hugeImageAndStackConvolveInFourGigabytes() throws Exception {
		final List<String> cmd = new ArrayList<>();
		cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		cmd.add("-Xmx4g");
		if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
			cmd.add("--add-modules");
			cmd.add("jdk.incubator.vector");
		}
		cmd.add("-cp");
		cmd.add(System.getProperty("java.class.path"));
		cmd.add(Child.class.getName());
		final File log = Files.createTempFile("large-image", ".log").toFile();
		final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
		final boolean done = p.waitFor(30, TimeUnit.MINUTES);
		final String out = new String(Files.readAllBytes(log.toPath()), StandardCharsets.UTF_8);
		if (!done) p.destroyForcibly();
		assertTrue(done, "timed out:\n" + out);
		assertEquals(0, p.exitValue(), out);
		assertTrue(out.contains("all ok"), out);
		System.out.println(out);
		log.delete();
	}

	/** The child: builds the images, filters them, checks sample pixels against a direct sum. */
	public static final class Child {

		public static void main(final String[] args) {
			final int n = 16384;
			final ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(n, n);
			final float[] px = img.update(null).getCurrentStorageArray();
			final Random rnd = new Random(1);
			for (int i = 0; i < px.length; i++)
				px[i] = (i * 31 + (i >>> 14) * 7) % 255 / 255f;
			final Object[][] cases = { { ConvMethod.DIRECT, Boundary.REFLECT, 3 }, { ConvMethod.SEPARABLE,
				Boundary.NEAREST, 5 }, { ConvMethod.FFT, Boundary.WRAP, 31 }, { ConvMethod.AUTO,
					Boundary.ZERO, 15 } };
			for (final Object[] c : cases) {
				final ConvMethod m = (ConvMethod) c[0];
				final Boundary b = (Boundary) c[1];
				final int k = (Integer) c[2];
				final float[] w = new float[k * k];
				for (int y = 0; y < k; y++)
					for (int x = 0; x < k; x++)
						w[y * k + x] = m == ConvMethod.SEPARABLE ? (1 + y) * (2 + x % 3) / 64f : rnd.nextFloat() /
							(k * k);
				final Kernel kernel = Kernel.of(w, k, k);
				final long t0 = System.nanoTime();
				Img<FloatType> out = ConvolutionOps.correlate(img, kernel, b, 0, OutputSize.SAME, false, m);
				final long ms = (System.nanoTime() - t0) / 1000000;
				check(img, out, kernel, b, rnd, m.key() + " " + b.key() + " " + k + "x" + k);
				System.out.println(n + "x" + n + " " + k + "x" + k + " " + m.key() + " (" + ConvolutionOps
					.chosenMethod(new long[] { n, n }, kernel, OutputSize.SAME, m).key() + ") " + b.key() +
					": " + ms + " ms, heap used " + used() + " MB");
				out = null;
			}
			// 3-d stack
			final ArrayImg<FloatType, FloatArray> stack = ArrayImgs.floats(512, 512, 500);
			final float[] sp = stack.update(null).getCurrentStorageArray();
			for (int i = 0; i < sp.length; i++)
				sp[i] = (i % 1021) / 1021f;
			for (final int k : new int[] { 3, 9 }) {
				final float[] w = new float[k * k * k];
				for (int i = 0; i < w.length; i++)
					w[i] = rnd.nextFloat() / w.length;
				final Kernel kernel = Kernel.of(w, k, k, k);
				final long t0 = System.nanoTime();
				final Img<FloatType> out = ConvolutionOps.correlate(stack, kernel, Boundary.MIRROR, 0,
					OutputSize.SAME, false);
				final long ms = (System.nanoTime() - t0) / 1000000;
				check(stack, out, kernel, Boundary.MIRROR, rnd, "stack " + k + "^3");
				System.out.println("512x512x500 " + k + "x" + k + "x" + k + " auto (" + ConvolutionOps
					.chosenMethod(new long[] { 512, 512, 500 }, kernel, OutputSize.SAME, ConvMethod.AUTO)
					.key() + ") mirror: " + ms + " ms, heap used " + used() + " MB");
			}
			System.out.println("all ok");
		}

		private static long used() {
			final Runtime r = Runtime.getRuntime();
			return (r.totalMemory() - r.freeMemory()) >> 20;
		}

		/** 200 random pixels (and the corners) against the direct sum through the boundary. */
		private static void check(final Img<FloatType> img, final Img<FloatType> out,
			final Kernel kernel, final Boundary b, final Random rnd, final String what)
		{
			final int nd = img.numDimensions();
			final long[] dims = new long[nd];
			img.dimensions(dims);
			final float[] w = kernel.weights();
			final RandomAccess<FloatType> in = img.randomAccess(), o = out.randomAccess();
			double sumW = 0;
			for (final float v : w)
				sumW += Math.abs(v);
			final long[] pos = new long[nd], src = new long[nd];
			for (int s = 0; s < 204; s++) {
				for (int d = 0; d < nd; d++)
					pos[d] = s < 4 ? ((s >> Math.min(d, 1)) & 1) * (dims[d] - 1) : (long) (rnd.nextDouble() *
						dims[d]);
				double sum = 0;
				final int kx = kernel.dimension(0), ky = kernel.dimension(1), kz = kernel.dimension(2);
				for (int z = 0; z < kz; z++)
					for (int y = 0; y < ky; y++)
						for (int x = 0; x < kx; x++) {
							final int[] j = { x, y, z };
							for (int d = 0; d < nd; d++) {
								final int k = kernel.dimension(d);
								final long p = pos[d] + j[d] - k / 2;
								final int m = b.map(p, (int) dims[d]);
								src[d] = m;
							}
							boolean outside = false;
							for (int d = 0; d < nd; d++)
								if (src[d] < 0) outside = true;
							if (outside) continue;
							in.setPosition(src);
							sum += w[(z * ky + y) * kx + x] * (double) in.get().get();
						}
				o.setPosition(pos);
				final double got = o.get().get();
				if (Math.abs(got - sum) > 1e-4 * sumW + 1e-6) throw new AssertionError(what + " at " +
					java.util.Arrays.toString(pos) + ": expected " + sum + " got " + got);
			}
		}
	}
}
