package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.github.convnetij.compute.Tensor;

import net.imglib2.parallel.Parallelization;

import org.junit.jupiter.api.Test;

/**
 * The resize kind against a plain reference written here the way ONNX's reference describes
 * Resize: per axis, recursively, the source coordinate from the coordinate mode, then the 2 (linear)
 * or 4 (cubic) nearest points of the input padded at both ends with its edge values (ties to the
 * lower index), with coefficients of the fractional part. Also gradients by finite differences,
 * one thread against several, and the refusals of the architecture string.
 */
class ResizeKindTest {

	/** ONNX's source coordinate of output index x. */
	private static double original(final double x, final int in, final double outLen,
		final double scale, final String coord)
	{
		switch (coord) {
			case "align_corners":
				return outLen == 1 ? 0 : x * (in - 1) / (outLen - 1);
			case "asymmetric":
				return x / scale;
			case "pytorch_half_pixel":
				return outLen == 1 ? -0.5 : (x + 0.5) / scale - 0.5;
			case "tf_half_pixel_for_nn":
				return (x + 0.5) / scale;
			default:
				return (x + 0.5) / scale - 0.5;
		}
	}

	private static double[] coeffs(final double ratio, final String mode, final String nearest,
		final double a)
	{
		switch (mode) {
			case "nearest":
				if (ratio == (long) ratio) return new double[] { 0, 1 };
				switch (nearest) {
					case "round_prefer_ceil":
						return new double[] { ratio < 0.5 ? 1 : 0, ratio >= 0.5 ? 1 : 0 };
					case "floor":
						return new double[] { 1, 0 };
					case "ceil":
						return new double[] { 0, 1 };
					default:
						return new double[] { ratio <= 0.5 ? 1 : 0, ratio > 0.5 ? 1 : 0 };
				}
			case "linear":
				return new double[] { 1 - ratio, ratio };
			default: {
				final double r = ratio;
				return new double[] { ((a * (r + 1) - 5 * a) * (r + 1) + 8 * a) * (r + 1) - 4 * a, ((a + 2) *
					r - (a + 3)) * r * r + 1, ((a + 2) * (1 - r) - (a + 3)) * (1 - r) * (1 - r) + 1, ((a * ((1 -
						r) + 1) - 5 * a) * ((1 - r) + 1) + 8 * a) * ((1 - r) + 1) - 4 * a };
			}
		}
	}

	/** One axis: value at output index x of the 1-d data. */
	private static double interpolate1d(final double[] data, final double scale, final double outLen,
		final int x, final String mode, final String coord, final String nearest, final double a,
		final boolean exclude)
	{
		final int in = data.length;
		final double xo = original(x, in, outLen, scale, coord);
		final double f = Math.floor(xo);
		final double ratio = xo == f ? 1 : xo - f; // in (0, 1]: the pixel left of x is preferred
		final double[] c = coeffs(ratio, mode, nearest, a);
		final int n = c.length;
		final int pad = (n + 1) / 2;
		final double[] padded = new double[in + 2 * pad];
		for (int i = 0; i < padded.length; i++)
			padded[i] = data[Math.max(0, Math.min(in - 1, i - pad))];
		final double xp = xo + pad;
		// the n indices of padded nearest to xp, ties to the lower index, in increasing order
		final List<Integer> idx = new ArrayList<>();
		final int from = (int) Math.max(0, Math.floor(xp) - n), to = (int) Math.min(padded.length - 1,
			Math.floor(xp) + n + 1); // the others are farther
		for (int i = from; i <= to; i++)
			idx.add(i);
		idx.sort((p, q) -> {
			final int d = Double.compare(Math.abs(xp - p), Math.abs(xp - q));
			return d != 0 ? d : Integer.compare(p, q);
		});
		final List<Integer> near = new ArrayList<>(idx.subList(0, n));
		near.sort(null);
		double[] cc = c;
		if (exclude) {
			cc = c.clone();
			double s = 0;
			for (int k = 0; k < n; k++) {
				final int orig = near.get(k) - pad;
				if (orig < 0 || orig >= in) cc[k] = 0;
				s += cc[k];
			}
			for (int k = 0; k < n; k++)
				cc[k] /= s;
		}
		double v = 0;
		for (int k = 0; k < n; k++)
			v += cc[k] * padded[near.get(k)];
		return v;
	}

	/** The reference on one sample [C, S...]: axes one after the other from the first. */
	static double[] reference(final float[] x, final int[] shape, final double[] scales,
		final double[] outLens, final int[] outSizes, final String mode, final String coord,
		final String nearest, final double a, final boolean exclude)
	{
		double[] cur = new double[x.length];
		for (int i = 0; i < x.length; i++)
			cur[i] = x[i];
		int[] s = shape.clone();
		for (int axis = 1; axis < shape.length; axis++) {
			int outer = 1, inner = 1;
			for (int i = 0; i < axis; i++)
				outer *= s[i];
			for (int i = axis + 1; i < s.length; i++)
				inner *= s[i];
			final int in = s[axis], out = outSizes[axis - 1];
			final double[] next = new double[outer * out * inner];
			final double[] line = new double[in];
			for (int o = 0; o < outer; o++)
				for (int i = 0; i < inner; i++) {
					for (int k = 0; k < in; k++)
						line[k] = cur[(o * in + k) * inner + i];
					for (int j = 0; j < out; j++)
						next[(o * out + j) * inner + i] = interpolate1d(line, scales[axis - 1], outLens[axis - 1], j,
							mode, coord, nearest, a, exclude);
				}
			s[axis] = out;
			cur = next;
		}
		return cur;
	}

	private static Layer built(final Map<String, Object> attrs, final int... in) {
		final Layer l = Layers.create("resize", attrs);
		l.bind("resize", new int[][] { in });
		return l;
	}

	private static void compare(final Map<String, Object> attrs, final int[] in, final Random rnd) {
		final Layer l = built(attrs, in);
		final int r = in.length - 1;
		final float[] sc = (float[]) attrs.get("scales");
		final int[] sz = (int[]) attrs.get("sizes");
		final double[] scales = new double[r], lens = new double[r];
		final int[] outs = new int[r];
		for (int i = 0; i < r; i++) {
			if (sc != null) {
				final double s = sc[sc.length == 1 ? 0 : i];
				scales[i] = s;
				lens[i] = s * in[i + 1];
				outs[i] = (int) Math.floor(lens[i]);
			}
			else {
				outs[i] = sz[sz.length == 1 ? 0 : i];
				lens[i] = outs[i];
				scales[i] = (double) outs[i] / in[i + 1];
			}
		}
		final int[] expectedShape = new int[in.length];
		expectedShape[0] = in[0];
		System.arraycopy(outs, 0, expectedShape, 1, r);
		assertArrayEquals(expectedShape, l.outputShape(), attrs.toString());
		final int[] batch = new int[in.length + 1];
		batch[0] = 2;
		System.arraycopy(in, 0, batch, 1, in.length);
		final Tensor x = GradientCheck.random(rnd, batch);
		final Tensor y = l.forward(new Tensor[] { x }, false);
		final int perIn = x.numel() / 2, perOut = y.numel() / 2;
		final String mode = (String) attrs.getOrDefault("mode", "nearest");
		for (int n = 0; n < 2; n++) {
			final double[] e = reference(Arrays.copyOfRange(x.data(), n * perIn, (n + 1) * perIn), in,
				scales, lens, outs, mode, (String) attrs.getOrDefault("coordinates", "half_pixel"),
				(String) attrs.getOrDefault("nearest_mode", "round_prefer_floor"), ((Number) attrs
					.getOrDefault("cubic_a", -0.75f)).doubleValue(), (Boolean) attrs.getOrDefault(
						"exclude_outside", false));
			assertEquals(perOut, e.length);
			for (int i = 0; i < perOut; i++)
				assertEquals(e[i], y.data()[n * perOut + i], 1e-5 + 1e-4 * Math.abs(e[i]), attrs + " sample " +
					n + " element " + i);
		}
		// one thread gives the same values
		final Layer l1 = built(attrs, in);
		final Tensor y1 = Parallelization.runWithNumThreads(1, () -> l1.forward(new Tensor[] { x },
			false));
		assertArrayEquals(y.data(), y1.data(), attrs.toString());
	}

	private static Map<String, Object> attrs(final Object... kv) {
		final Map<String, Object> m = new HashMap<>();
		for (int i = 0; i < kv.length; i += 2)
			m.put((String) kv[i], kv[i + 1]);
		return m;
	}

	@Test
	void everyModeAndCoordinateModeMatchesTheReference() {
		final Random rnd = new Random(3);
		final String[] coords = { "half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric",
			"tf_half_pixel_for_nn" };
		final String[] nearest = { "round_prefer_floor", "round_prefer_ceil", "floor", "ceil" };
		final float[][] scales = { { 2f }, { 0.5f, 1.7f }, { 3f, 0.6f }, { 1.25f, 1f } };
		final int[][] sizes = { { 9, 4 }, { 1, 7 }, { 3 } };
		for (final String c : coords) {
			for (final float[] s : scales) {
				compare(attrs("scales", s, "mode", "linear", "coordinates", c), new int[] { 2, 5, 7 }, rnd);
				compare(attrs("scales", s, "mode", "cubic", "coordinates", c), new int[] { 2, 5, 7 }, rnd);
				compare(attrs("scales", s, "mode", "cubic", "coordinates", c, "cubic_a", -0.5f,
					"exclude_outside", true), new int[] { 1, 6, 4 }, rnd);
				for (final String n : nearest)
					compare(attrs("scales", s, "mode", "nearest", "coordinates", c, "nearest_mode", n),
						new int[] { 2, 5, 7 }, rnd);
			}
			for (final int[] z : sizes) {
				compare(attrs("sizes", z, "mode", "linear", "coordinates", c), new int[] { 2, 5, 6 }, rnd);
				compare(attrs("sizes", z, "mode", "cubic", "coordinates", c), new int[] { 1, 5, 6 }, rnd);
				compare(attrs("sizes", z, "mode", "nearest", "coordinates", c, "nearest_mode", "ceil"),
					new int[] { 2, 5, 6 }, rnd);
			}
		}
		// 1-d and 3-d
		compare(attrs("scales", new float[] { 2.5f }, "mode", "linear"), new int[] { 3, 7 }, rnd);
		compare(attrs("scales", new float[] { 2f, 0.5f, 1.5f }, "mode", "linear", "coordinates",
			"align_corners"), new int[] { 2, 3, 4, 5 }, rnd);
		compare(attrs("sizes", new int[] { 5, 2, 9 }, "mode", "cubic"), new int[] { 1, 3, 4, 5 }, rnd);
		// large enough to be split into several tasks
		compare(attrs("scales", new float[] { 2f }, "mode", "linear", "coordinates",
			"pytorch_half_pixel"), new int[] { 8, 40, 33 }, rnd);
	}

	@Test
	void gradientsByFiniteDifferences() {
		final Random rnd = new Random(4);
		final Tensor x = GradientCheck.random(rnd, 2, 2, 4, 5);
		LayerGradientTest.check("resize linear", Layers.create("resize", attrs("scales", new float[] {
			1.5f, 2f }, "mode", "linear", "coordinates", "pytorch_half_pixel")), x, 1, 1e-2f);
		LayerGradientTest.check("resize cubic", Layers.create("resize", attrs("sizes", new int[] { 3,
			7 }, "mode", "cubic", "coordinates", "align_corners")), x, 2, 1e-2f);
		LayerGradientTest.check("resize nearest", Layers.create("resize", attrs("scales", new float[] {
			0.75f }, "mode", "nearest")), x, 3, 1e-2f);
		LayerGradientTest.check("resize 1-d", Layers.create("resize", attrs("scales", new float[] {
			1.6f }, "mode", "linear")), GradientCheck.random(rnd, 2, 3, 5), 4, 1e-2f);
	}

	@Test
	void architectureStringsAndRefusals() {
		final Network net = Architectures.parse("resize(1.5x2,mode=linear,coord=align_corners), " +
			"resize(size=4,mode=cubic,a=-0.5,exclude=true), resize(0.5,nearest=ceil)", new int[] { 2, 4,
				6 }, 0);
		assertEquals("resize(1.5x2,mode=linear,coord=align_corners), resize(size=4,mode=cubic,a=-0.5," +
			"exclude=true), resize(0.5,nearest=ceil)", net.architecture());
		assertArrayEquals(new int[] { 2, 2, 2 }, net.outputShape());
		for (final String bad : new String[] { "resize", "resize(0)", "resize(2,size=3)",
			"resize(2,mode=area)", "resize(2,coord=tf_crop_and_resize)", "resize(-1)", "resize(nan)",
			"resize(2x2x2x2)", "resize(size=0)", "resize(0.01)" })
		{
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> Architectures.parse(bad, new int[] { 2, 4, 6 }, 0), bad);
			assertTrue(e.getMessage().length() > 10, bad + ": " + e.getMessage());
		}
		// sizes claiming more values than an array holds are refused before anything is allocated
		final IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
			() -> Architectures.parse("resize(size=65536x65536)", new int[] { 3, 4, 4 }, 0));
		assertTrue(big.getMessage().contains("more values than an array holds") || big.getMessage()
			.contains("2^31"), big.getMessage());
		// one axis of 2^31 - 9 samples: its table would not fit in the test heap
		assertThrows(IllegalArgumentException.class, () -> Architectures.parse("resize(size=" +
			(Integer.MAX_VALUE - 8) + ")", new int[] { 1, 1 }, 0));
		final IllegalArgumentException far = assertThrows(IllegalArgumentException.class,
			() -> Architectures.parse("resize(65536)", new int[] { 3, 40000, 40000 }, 0));
		assertTrue(far.getMessage().contains("more values than an array holds") || far.getMessage()
			.contains("2^31"), far.getMessage());
	}
}
