package io.github.convnetij.compute;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * Resizing of the trailing (spatial) axes of a tensor by nearest, linear or cubic interpolation,
 * with the coordinate conventions of ONNX's Resize (and so of PyTorch's {@code F.interpolate}
 * exports). Each axis is resampled on its own (the interpolations are separable): output index
 * {@code j} of an axis reads input indices {@link Taps#index} with weights {@link Taps#weight}.
 * <pre>{@code
 * Resize.Taps w = Resize.taps(8, 16, 16, 2, Resize.Mode.LINEAR, Resize.Coordinates.HALF_PIXEL,
 *     Resize.Rounding.ROUND_PREFER_FLOOR, -0.75, false);
 * Tensor y = Resize.apply(x, new Resize.Taps[] { h, w }); // x [N, C, 8, 8] -> [N, C, 16, 16]
 * }</pre>
 * The source coordinate of output index {@code j} on an axis of input length {@code in}, resized
 * length {@code len} (the output extent, or {@code scale * in} where a scale was given, as ONNX's
 * reference computes it) and scale {@code s}:
 * <ul>
 * <li>{@code HALF_PIXEL}: {@code (j + 0.5) / s - 0.5};</li>
 * <li>{@code PYTORCH_HALF_PIXEL}: the same, but {@code -0.5} when {@code len == 1};</li>
 * <li>{@code ALIGN_CORNERS}: {@code j * (in - 1) / (len - 1)}, 0 when {@code len == 1};</li>
 * <li>{@code ASYMMETRIC}: {@code j / s};</li>
 * <li>{@code TF_HALF_PIXEL_FOR_NN}: {@code (j + 0.5) / s}.</li>
 * </ul>
 * Nearest takes {@code floor(x)} or {@code floor(x) + 1} by its {@link Rounding} (an integral
 * {@code x} is itself); linear interpolates between {@code floor(x)} and {@code floor(x) + 1};
 * cubic uses the 4 points around {@code x} with Keys' kernel of parameter {@code a} (ONNX's
 * {@code cubic_coeff_a}, -0.75 by default; {@code excludeOutside} zeroes the weights of points
 * outside the input and renormalises). Indices outside the input are clamped to its edge.
 */
public final class Resize {

	/** Rough number of output elements per task. */
	private static final long TASK_WORK = 1 << 15;

	private Resize() {}

	/** Interpolation between input samples. */
	public enum Mode {
		NEAREST, LINEAR, CUBIC;

		/** ONNX's name ({@code nearest}, {@code linear}, {@code cubic}). */
		public String key() {
			return name().toLowerCase(Locale.ROOT);
		}

		/** @throws IllegalArgumentException naming the value and the accepted ones */
		public static Mode parse(final String s) {
			for (final Mode m : values())
				if (m.key().equals(s)) return m;
			throw new IllegalArgumentException("resize mode '" + s +
				"' is not supported (nearest, linear, cubic)");
		}
	}

	/** How an output index maps to a coordinate in the input (ONNX's names). */
	public enum Coordinates {
		HALF_PIXEL, PYTORCH_HALF_PIXEL, ALIGN_CORNERS, ASYMMETRIC, TF_HALF_PIXEL_FOR_NN;

		public String key() {
			return name().toLowerCase(Locale.ROOT);
		}

		/** @throws IllegalArgumentException naming the value and the accepted ones */
		public static Coordinates parse(final String s) {
			for (final Coordinates m : values())
				if (m.key().equals(s)) return m;
			throw new IllegalArgumentException("coordinate_transformation_mode '" + s +
				"' is not supported (half_pixel, pytorch_half_pixel, align_corners, asymmetric, " +
				"tf_half_pixel_for_nn)");
		}
	}

	/** Which neighbour nearest interpolation takes (ONNX's {@code nearest_mode}). */
	public enum Rounding {
		ROUND_PREFER_FLOOR, ROUND_PREFER_CEIL, FLOOR, CEIL;

		public String key() {
			return name().toLowerCase(Locale.ROOT);
		}

		/** @throws IllegalArgumentException naming the value and the accepted ones */
		public static Rounding parse(final String s) {
			for (final Rounding m : values())
				if (m.key().equals(s)) return m;
			throw new IllegalArgumentException("nearest_mode '" + s +
				"' is not supported (round_prefer_floor, round_prefer_ceil, floor, ceil)");
		}
	}

	/**
	 * What output index {@code j} of one axis reads: {@code out[j] = sum_t weight[j * width + t] *
	 * in[index[j * width + t]]}.
	 */
	public static final class Taps {
		/** Input and output lengths of the axis, and the taps per output index. */
		public final int in, out, width;
		public final int[] index;
		public final float[] weight;

		Taps(final int in, final int out, final int width) {
			this.in = in;
			this.out = out;
			this.width = width;
			this.index = new int[out * width];
			this.weight = new float[out * width];
		}
	}

	/**
	 * The source coordinate of output index {@code j} (see the class documentation).
	 *
	 * @param length the resized length as ONNX's reference uses it ({@code scale * in} when a scale
	 *          was given, else the output extent)
	 */
	public static double sourceCoordinate(final int j, final int in, final double length,
		final double scale, final Coordinates c)
	{
		switch (c) {
			case HALF_PIXEL:
				return (j + 0.5) / scale - 0.5;
			case PYTORCH_HALF_PIXEL:
				return length == 1 ? -0.5 : (j + 0.5) / scale - 0.5;
			case ALIGN_CORNERS:
				return length == 1 ? 0 : j * (in - 1.0) / (length - 1);
			case ASYMMETRIC:
				return j / scale;
			case TF_HALF_PIXEL_FOR_NN:
				return (j + 0.5) / scale;
			default:
				throw new AssertionError(c);
		}
	}

	/**
	 * The taps of one axis from {@code in} to {@code out} samples.
	 *
	 * @param length the resized length for the coordinate formulas ({@code scale * in} where a scale
	 *          was given, else {@code out})
	 * @param scale the scale ({@code out / in} where sizes were given)
	 * @throws IllegalArgumentException when {@code in} or {@code out} is below 1 or the scale is not
	 *           a positive finite number
	 */
	public static Taps taps(final int in, final int out, final double length, final double scale,
		final Mode mode, final Coordinates coords, final Rounding rounding, final double cubicA,
		final boolean excludeOutside)
	{
		if (in < 1 || out < 1) throw new IllegalArgumentException("resize from " + in + " to " + out +
			" samples: both must be >= 1");
		if (!(scale > 0 && Double.isFinite(scale))) throw new IllegalArgumentException("resize scale " +
			scale + " must be a positive number");
		final int width = mode == Mode.NEAREST ? 1 : mode == Mode.LINEAR ? 2 : 4;
		if ((long) out * width > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(
			"resize to " + out + " samples is too large");
		HeapBudget.require((long) out * width * 8, "the interpolation table of a resize to " + out +
			" samples");
		final Taps t = new Taps(in, out, width);
		final double[] w = new double[4];
		for (int j = 0; j < out; j++) {
			final double x = sourceCoordinate(j, in, length, scale, coords);
			final double f = Math.floor(x);
			final double r = x - f;
			final int o = j * width;
			switch (mode) {
				case NEAREST: {
					final long i;
					if (r == 0) i = (long) f;
					else switch (rounding) {
						case ROUND_PREFER_FLOOR:
							i = (long) f + (r <= 0.5 ? 0 : 1);
							break;
						case ROUND_PREFER_CEIL:
							i = (long) f + (r < 0.5 ? 0 : 1);
							break;
						case FLOOR:
							i = (long) f;
							break;
						default:
							i = (long) f + 1;
					}
					t.index[o] = clamp(i, in);
					t.weight[o] = 1;
					break;
				}
				case LINEAR:
					t.index[o] = clamp((long) f, in);
					t.index[o + 1] = clamp((long) f + 1, in);
					t.weight[o] = (float) (1 - r);
					t.weight[o + 1] = (float) r;
					break;
				default: {
					// points f-1, f, f+1, f+2 at distances r+1, r, 1-r, 2-r
					w[0] = keys(r + 1, cubicA);
					w[1] = keys(r, cubicA);
					w[2] = keys(1 - r, cubicA);
					w[3] = keys(2 - r, cubicA);
					double sum = 0;
					for (int k = 0; k < 4; k++) {
						final long i = (long) f - 1 + k;
						if (excludeOutside && (i < 0 || i >= in)) w[k] = 0;
						sum += w[k];
					}
					for (int k = 0; k < 4; k++) {
						t.index[o + k] = clamp((long) f - 1 + k, in);
						t.weight[o + k] = (float) (excludeOutside ? w[k] / sum : w[k]);
					}
				}
			}
		}
		return t;
	}

	/** Keys' cubic convolution kernel at distance {@code d >= 0}. */
	static double keys(final double d, final double a) {
		if (d <= 1) return ((a + 2) * d - (a + 3)) * d * d + 1;
		if (d < 2) return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a;
		return 0;
	}

	private static int clamp(final long i, final int n) {
		return (int) Math.max(0, Math.min(n - 1, i));
	}

	/**
	 * The output shape: {@code shape} with its last {@code axes.length} extents replaced by the
	 * axes' output lengths.
	 *
	 * @throws IllegalArgumentException when the input lengths do not match or the output holds
	 *           more values than an array
	 */
	public static int[] outputShape(final int[] shape, final Taps[] axes) {
		final int lead = shape.length - axes.length;
		if (lead < 0) throw new IllegalArgumentException("cannot resize " + axes.length +
			" axes of shape " + Arrays.toString(shape));
		final int[] out = shape.clone();
		long n = 1;
		for (int i = 0; i < shape.length; i++) {
			if (i >= lead) {
				if (shape[i] != axes[i - lead].in) throw new IllegalArgumentException("axis " + i + " of " +
					Arrays.toString(shape) + " has length " + shape[i] + ", the resize expects " + axes[i -
						lead].in);
				out[i] = axes[i - lead].out;
			}
			n = HeapBudget.times(n, out[i]);
		}
		if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("resizing " + Arrays.toString(
			shape) + " to " + Arrays.toString(out) + " gives more values than an array holds");
		return out;
	}

	/**
	 * Resizes the last {@code axes.length} axes of {@code x} (one {@link Taps} per axis, in order).
	 * Returns a new tensor.
	 */
	public static Tensor apply(final Tensor x, final Taps[] axes) {
		final int[] shape = x.shape();
		final int[] outShape = outputShape(shape, axes);
		final Tensor out = Tensor.zeros(outShape);
		apply(x.data(), shape, axes, out.data());
		return out;
	}

	/**
	 * {@link #apply(Tensor, Taps[])} into {@code dst} (of the output shape's size): from the last
	 * axis to the first, through temporary arrays.
	 */
	public static void apply(final float[] src, final int[] shape, final Taps[] axes,
		final float[] dst)
	{
		final int lead = shape.length - axes.length;
		outputShape(shape, axes); // checks the lengths
		final int[] cur = shape.clone();
		float[] a = src;
		for (int k = axes.length - 1; k >= 0; k--) {
			final Taps t = axes[k];
			final int axis = lead + k;
			long outer = 1, inner = 1;
			for (int i = 0; i < axis; i++)
				outer *= cur[i];
			for (int i = axis + 1; i < cur.length; i++)
				inner *= cur[i];
			final boolean last = k == 0;
			final float[] b = last ? dst : new float[(int) (outer * t.out * inner)];
			if (t.in == t.out && identity(t)) System.arraycopy(a, 0, b, 0, (int) (outer * t.out * inner));
			else forwardAxis(a, b, (int) outer, (int) inner, t);
			cur[axis] = t.out;
			a = b;
		}
		if (axes.length == 0) System.arraycopy(src, 0, dst, 0, src.length);
	}

	/** Whether the taps copy the axis as it is. */
	private static boolean identity(final Taps t) {
		for (int j = 0; j < t.out; j++)
			for (int k = 0; k < t.width; k++) {
				final float w = t.weight[j * t.width + k];
				if (w != 0 && (w != 1 || t.index[j * t.width + k] != j)) return false;
			}
		return true;
	}

	private static void forwardAxis(final float[] a, final float[] b, final int outer,
		final int inner, final Taps t)
	{
		final int rowsPerTask = Tasks.rowsPerTask(outer, (long) t.out * inner * t.width, TASK_WORK);
		final IntConsumer task = block -> {
			final int end = Math.min(outer, (block + 1) * rowsPerTask);
			for (int o = block * rowsPerTask; o < end; o++) {
				final int srcBase = o * t.in * inner, dstBase = o * t.out * inner;
				if (inner == 1) {
					for (int j = 0; j < t.out; j++) {
						float s = 0;
						for (int k = 0; k < t.width; k++)
							s += t.weight[j * t.width + k] * a[srcBase + t.index[j * t.width + k]];
						b[dstBase + j] = s;
					}
				}
				else {
					for (int j = 0; j < t.out; j++) {
						final int d = dstBase + j * inner;
						Arrays.fill(b, d, d + inner, 0f);
						for (int k = 0; k < t.width; k++) {
							final float w = t.weight[j * t.width + k];
							if (w == 0) continue;
							final int s = srcBase + t.index[j * t.width + k] * inner;
							for (int i = 0; i < inner; i++)
								b[d + i] += w * a[s + i];
						}
					}
				}
			}
		};
		Tasks.run(Tasks.blocks(outer, rowsPerTask), () -> task);
	}

	/**
	 * The gradient of {@link #apply}: {@code gradOut} of the output shape to the input's shape
	 * {@code shape} (each output value's gradient goes back to the values it read, by their
	 * weights). Returns a new array.
	 */
	public static float[] backward(final float[] gradOut, final int[] shape, final Taps[] axes) {
		final int lead = shape.length - axes.length;
		final int[] cur = outputShape(shape, axes);
		float[] g = gradOut;
		for (int k = 0; k < axes.length; k++) {
			final Taps t = axes[k];
			final int axis = lead + k;
			long outer = 1, inner = 1;
			for (int i = 0; i < axis; i++)
				outer *= cur[i];
			for (int i = axis + 1; i < cur.length; i++)
				inner *= cur[i];
			final float[] b = new float[(int) (outer * t.in * inner)];
			final float[] a = g;
			final int in = (int) inner, out = (int) outer;
			final int rowsPerTask = Tasks.rowsPerTask(out, (long) t.out * in * t.width, TASK_WORK);
			final IntConsumer task = block -> {
				final int end = Math.min(out, (block + 1) * rowsPerTask);
				for (int o = block * rowsPerTask; o < end; o++) {
					final int srcBase = o * t.out * in, dstBase = o * t.in * in;
					for (int j = 0; j < t.out; j++)
						for (int kk = 0; kk < t.width; kk++) {
							final float w = t.weight[j * t.width + kk];
							if (w == 0) continue;
							final int d = dstBase + t.index[j * t.width + kk] * in, s = srcBase + j * in;
							for (int i = 0; i < in; i++)
								b[d + i] += w * a[s + i];
						}
				}
			};
			Tasks.run(Tasks.blocks(out, rowsPerTask), () -> task);
			cur[axis] = t.in;
			g = b;
		}
		if (axes.length == 0) return gradOut.clone();
		return g;
	}
}
