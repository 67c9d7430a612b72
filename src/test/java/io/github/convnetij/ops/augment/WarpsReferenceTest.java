package io.github.convnetij.ops.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Boundary;
import io.github.convnetij.compute.Interpolation;
import io.github.convnetij.compute.Tensor;
import io.github.convnetij.compute.Warps;
import net.imglib2.parallel.Parallelization;

/**
 * The compute core's {@link Warps} against a plain reference written for clarity (every tap through
 * {@link Boundary#map}, no fast paths), on random inputs of odd sizes, single- and multithreaded.
 */
class WarpsReferenceTest {

	/** The value of the extended input at integer (x, y): the boundary's index map or the fill. */
	private static double at(final float[] in, final int plane, final int w, final int h,
		final long x, final long y, final Boundary b, final float value)
	{
		final int ix = b.map(x, w), iy = b.map(y, h);
		if (ix < 0 || iy < 0) return b == Boundary.ZERO ? 0 : value;
		return in[plane + iy * w + ix];
	}

	private static double cubic(final double d) {
		final double a = -0.5, t = Math.abs(d);
		if (t <= 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
		if (t < 2) return ((a * t - 5 * a) * t + 8 * a) * t - 4 * a;
		return 0;
	}

	static float[] reference(final Tensor input, final int[] sources, final double[][] maps,
		final Interpolation ip, final Boundary b, final float value, final int oh, final int ow)
	{
		final int c = input.size(1), h = input.size(2), w = input.size(3);
		final float[] in = input.data();
		final float[] out = new float[maps.length * c * oh * ow];
		for (int m = 0; m < maps.length; m++)
			for (int ch = 0; ch < c; ch++) {
				final int plane = ((sources == null ? m : sources[m]) * c + ch) * h * w;
				for (int y = 0; y < oh; y++)
					for (int x = 0; x < ow; x++) {
						final double[] mp = maps[m];
						final double xs = mp[0] * x + mp[1] * y + mp[2], ys = mp[3] * x + mp[4] * y + mp[5];
						double v = 0;
						switch (ip) {
							case NEAREST:
								v = at(in, plane, w, h, (long) Math.floor(xs + 0.5), (long) Math.floor(ys + 0.5), b,
									value);
								break;
							case BILINEAR: {
								final long x0 = (long) Math.floor(xs), y0 = (long) Math.floor(ys);
								final double tx = xs - x0, ty = ys - y0;
								v = (1 - tx) * (1 - ty) * at(in, plane, w, h, x0, y0, b, value) + tx * (1 - ty) * at(in,
									plane, w, h, x0 + 1, y0, b, value) + (1 - tx) * ty * at(in, plane, w, h, x0, y0 + 1,
										b, value) + tx * ty * at(in, plane, w, h, x0 + 1, y0 + 1, b, value);
								break;
							}
							case BICUBIC: {
								final long x0 = (long) Math.floor(xs), y0 = (long) Math.floor(ys);
								for (int j = -1; j <= 2; j++)
									for (int i = -1; i <= 2; i++)
										v += cubic(xs - (x0 + i)) * cubic(ys - (y0 + j)) * at(in, plane, w, h, x0 + i, y0 +
											j, b, value);
								break;
							}
							default:
								throw new AssertionError(ip);
						}
						out[((m * c + ch) * oh + y) * ow + x] = (float) v;
					}
			}
		return out;
	}

	@Test
	void matchesTheReferenceOnRandomInputs() {
		final Random r = new Random(5);
		for (int trial = 0; trial < 12; trial++) {
			final int n = 1 + r.nextInt(3), c = 1 + r.nextInt(3), h = 1 + 2 * r.nextInt(9), w = 1 + 2 * r
				.nextInt(11);
			final Tensor in = Tensor.zeros(n, c, h, w);
			for (int i = 0; i < in.numel(); i++)
				in.data()[i] = (float) r.nextGaussian();
			final int m = 1 + r.nextInt(4);
			final int[] sources = new int[m];
			final double[][] maps = new double[m][];
			for (int k = 0; k < m; k++) {
				sources[k] = r.nextInt(n);
				final Transform t = Transform.identity().withRotation(r.nextDouble() * 360 - 180)
					.withShear(r.nextDouble() * 60 - 30).withZoom(0.5 + r.nextDouble(), 0.5 + r.nextDouble())
					.withShift(r.nextGaussian() * w, r.nextGaussian() * h).withFlips(r.nextBoolean(), r
						.nextBoolean());
				maps[k] = t.inverseMap(w, h);
			}
			for (final Interpolation ip : Interpolation.values())
				for (final Boundary b : Boundary.values()) {
					final float[] expected = reference(in, sources, maps, ip, b, 2.5f, h, w);
					for (final int threads : new int[] { 1, 3 }) {
						final Tensor out = Tensor.zeros(m, c, h, w);
						Parallelization.runWithNumThreads(threads, () -> Warps.affine(in, sources, maps, ip, b,
							2.5f, out));
						for (int i = 0; i < expected.length; i++)
							assertEquals(expected[i], out.data()[i], 2e-5 * (1 + Math.abs(expected[i])), ip + " " +
								b + " trial " + trial + " element " + i);
					}
				}
		}
	}

	@Test
	void bitwiseTheSameForAnyThreadCount() {
		final Random r = new Random(8);
		final int n = 7, c = 2, h = 61, w = 45;
		final Tensor in = Tensor.zeros(n, c, h, w);
		for (int i = 0; i < in.numel(); i++)
			in.data()[i] = r.nextFloat();
		final double[][] maps = new double[n][];
		for (int k = 0; k < n; k++)
			maps[k] = Transform.identity().withRotation(r.nextDouble() * 40).withZoom(0.9, 1.1)
				.inverseMap(w, h);
		maps[3] = null; // copied
		for (final Interpolation ip : Interpolation.values()) {
			final float[] one = Parallelization.runWithNumThreads(1, () -> Warps.affine(in, maps, ip,
				Boundary.REFLECT, 0f)).data();
			for (final int threads : new int[] { 2, 3, 8 })
				assertArrayEquals(one, Parallelization.runWithNumThreads(threads, () -> Warps.affine(in,
					maps, ip, Boundary.REFLECT, 0f)).data());
			for (int i = 0; i < c * h * w; i++)
				assertEquals(in.data()[3 * c * h * w + i], one[3 * c * h * w + i], 0f);
		}
	}

	@Test
	void outputOfAnotherSize() {
		// a 2x upsampling by a map with step 0.5
		final Tensor in = Tensor.of(new float[] { 0, 10, 20 }, 1, 1, 1, 3);
		final Tensor out = Tensor.zeros(1, 1, 1, 5);
		Warps.affine(in, null, new double[][] { { 0.5, 0, 0, 0, 1, 0 } }, Interpolation.BILINEAR,
			Boundary.NEAREST, 0f, out);
		assertArrayEquals(new float[] { 0, 5, 10, 15, 20 }, out.data(), 0f);
	}

	@Test
	void badArguments() {
		final Tensor in = Tensor.zeros(2, 1, 3, 3);
		final double[] id = { 1, 0, 0, 0, 1, 0 };
		assertTrue(assertThrows(IllegalArgumentException.class, () -> Warps.affine(in, new double[][] {
			id }, Interpolation.NEAREST, Boundary.ZERO, 0f)).getMessage().contains("expected 2 maps"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> Warps.affine(in, new double[][] {
			id, { 1, 0, 0, 0, Double.NaN, 0 } }, Interpolation.NEAREST, Boundary.ZERO, 0f)).getMessage()
				.contains("not finite"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> Warps.affine(Tensor.zeros(3, 3),
			new double[][] { id }, Interpolation.NEAREST, Boundary.ZERO, 0f)).getMessage().contains(
				"[N, C, H, W]"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> Warps.affine(in, new int[] { 0,
			2 }, new double[][] { id, id }, Interpolation.NEAREST, Boundary.ZERO, 0f, Tensor.zeros(2, 1,
				3, 3))).getMessage().contains("source index 2"));
	}
}
