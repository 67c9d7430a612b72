package io.github.convnetij.compute;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Resampling of {@code [N, C, H, W]} tensors through 2D affine maps, one map per sample, the same for
 * all channels of the sample: the core of data augmentation, used on whole images and on training
 * batches.
 * <p>
 * A map is six numbers {@code {a, b, c, d, e, f}} taking an output pixel {@code (x, y)} to the input
 * position it reads (the inverse of the transform as seen on the image):
 * <pre>
 * x_in = a * x + b * y + c
 * y_in = d * x + e * y + f
 * </pre>
 * Pixel {@code i} is centred on coordinate {@code i}, X along W, Y along H. Values are read with an
 * {@link Interpolation}; taps outside the input come from the {@link Boundary}: {@code ZERO}
 * (0), {@code CONSTANT} ({@code value}), {@code NEAREST}, {@code REFLECT}, {@code MIRROR},
 * {@code WRAP}, each mapping an integer pixel index as {@link Boundary#map} does. Interpolation
 * runs across the border over these extended values (for {@code CONSTANT}, a position half a pixel
 * outside blends the edge pixel with {@code value}), as OpenCV's {@code warpAffine}, ImgLib2's
 * extended views with an interpolator, and scipy's {@code grid-constant} / {@code grid-wrap} modes.
 * Taps of weight 0 are not read, so a position on a pixel centre gives exactly that pixel's value
 * even beside NaN or infinite values (or a NaN fill).
 * <p>
 * Work is split into tasks of whole rows of one sample chosen from the shapes alone; each output
 * value is computed from its own coordinates, so results are bitwise identical for any number of
 * threads.
 * <pre>{@code
 * double[] shiftRight2 = {1, 0, -2, 0, 1, 0};               // out(x, y) = in(x - 2, y)
 * Tensor out = Warps.affine(batch, new double[][] {shiftRight2, ...}, Interpolation.BILINEAR,
 *     Boundary.REFLECT, 0f);
 * }</pre>
 */
public final class Warps {

	/** Coordinates are clamped to +-COORD_LIMIT so that index arithmetic cannot overflow. */
	private static final double COORD_LIMIT = 1e15;

	/** Rough work units per task: output pixels times taps. */
	private static final long TASK_WORK = 1 << 16;

	private Warps() {}

	/**
	 * Resamples every sample {@code n} of {@code input} ({@code [N, C, H, W]}) through
	 * {@code maps[n]}; the output has the input's shape. A null map copies the sample unchanged.
	 *
	 * @throws IllegalArgumentException if the input is not of rank 4, has an empty spatial axis, or
	 *           {@code maps} does not hold {@code N} maps of 6 finite numbers
	 */
	public static Tensor affine(final Tensor input, final double[][] maps,
		final Interpolation interpolation, final Boundary boundary, final float value)
	{
		if (input == null) throw new IllegalArgumentException("input tensor is null");
		final Tensor output = Tensor.zeros(input.shape());
		affine(input, null, maps, interpolation, boundary, value, output);
		return output;
	}

	/**
	 * Resamples into {@code output} ({@code [M, C, H', W']}): output sample {@code m} reads input
	 * sample {@code sources[m]} ({@code m} itself when {@code sources} is null) through
	 * {@code maps[m]}. A null map copies the source sample unchanged, which needs
	 * {@code H' = H, W' = W}. Every element of {@code output} is written.
	 *
	 * @param sources null, or {@code M} indices into the input's samples
	 * @throws IllegalArgumentException on mismatched ranks, channel counts or array lengths, an index
	 *           out of range, an empty spatial axis, or a map that is not 6 finite numbers
	 */
	public static void affine(final Tensor input, final int[] sources, final double[][] maps,
		final Interpolation interpolation, final Boundary boundary, final float value,
		final Tensor output)
	{
		if (input == null || output == null) throw new IllegalArgumentException(
			"input and output tensors are required");
		if (interpolation == null || boundary == null) throw new IllegalArgumentException(
			"interpolation and boundary are required");
		final int[] is = input.shape(), os = output.shape();
		if (is.length != 4 || os.length != 4) throw new IllegalArgumentException(
			"affine warp needs [N, C, H, W] tensors, got input " + Arrays.toString(is) + " and output " +
				Arrays.toString(os));
		if (is[1] != os[1]) throw new IllegalArgumentException("input " + Arrays.toString(is) +
			" and output " + Arrays.toString(os) + " differ in their channel count");
		if (is[2] < 1 || is[3] < 1) throw new IllegalArgumentException("input " + Arrays.toString(is) +
			" has an empty spatial axis");
		final int m = os[0];
		if (maps == null || maps.length != m) throw new IllegalArgumentException("expected " + m +
			" maps (one per output sample), got " + (maps == null ? "none" : maps.length));
		if (sources != null && sources.length != m) throw new IllegalArgumentException("expected " +
			m + " source indices (one per output sample), got " + sources.length);
		if (sources == null && is[0] != m) throw new IllegalArgumentException("input " + Arrays
			.toString(is) + " and output " + Arrays.toString(os) +
			" differ in their sample count and no source indices are given");
		for (int i = 0; i < m; i++) {
			final int src = sources == null ? i : sources[i];
			if (src < 0 || src >= is[0]) throw new IllegalArgumentException("source index " + src +
				" of output sample " + i + " is outside the input's " + is[0] + " samples");
			final double[] map = maps[i];
			if (map == null) {
				if (is[2] != os[2] || is[3] != os[3]) throw new IllegalArgumentException("output sample " +
					i + " has no map (copy), but the output's H, W " + os[2] + ", " + os[3] +
					" differ from the input's " + is[2] + ", " + is[3]);
				continue;
			}
			if (map.length != 6) throw new IllegalArgumentException("map " + i + " has " + map.length +
				" numbers, expected 6 {a, b, c, d, e, f}");
			for (final double v : map)
				if (!Double.isFinite(v)) throw new IllegalArgumentException("map " + i + " " + Arrays
					.toString(map) + " is not finite");
		}
		final int oh = os[2];
		final long taps = interpolation == Interpolation.NEAREST ? 1 : interpolation ==
			Interpolation.BILINEAR ? 4 : 16;
		final int rowsPerTask = Tasks.rowsPerTask(oh, (long) os[3] * is[1] * (taps + 2), TASK_WORK);
		final int blocks = Tasks.blocks(oh, rowsPerTask);
		final float fill = boundary == Boundary.ZERO ? 0f : value;
		Tasks.run(m * blocks, () -> new Worker(input, sources, maps, interpolation, boundary, fill,
			output, rowsPerTask, blocks));
	}

	/** Computes the rows of one task: a block of rows of one output sample, all channels. */
	private static final class Worker implements IntConsumer {

		private final float[] in, out;
		private final int[] sources;
		private final double[][] maps;
		private final Interpolation interpolation;
		private final Boundary boundary;
		private final float fill;
		private final int channels, ih, iw, oh, ow, rowsPerTask, blocks;

		Worker(final Tensor input, final int[] sources, final double[][] maps,
			final Interpolation interpolation, final Boundary boundary, final float fill,
			final Tensor output, final int rowsPerTask, final int blocks)
		{
			this.in = input.data();
			this.out = output.data();
			this.sources = sources;
			this.maps = maps;
			this.interpolation = interpolation;
			this.boundary = boundary;
			this.fill = fill;
			this.channels = input.size(1);
			this.ih = input.size(2);
			this.iw = input.size(3);
			this.oh = output.size(2);
			this.ow = output.size(3);
			this.rowsPerTask = rowsPerTask;
			this.blocks = blocks;
		}

		@Override
		public void accept(final int task) {
			final int m = task / blocks;
			final int y0 = task % blocks * rowsPerTask, y1 = Math.min(oh, y0 + rowsPerTask);
			final int src = sources == null ? m : sources[m];
			final int inBase = src * channels * ih * iw, outBase = m * channels * oh * ow;
			final double[] map = maps[m];
			if (map == null) {
				for (int c = 0; c < channels; c++)
					System.arraycopy(in, inBase + c * ih * iw + y0 * iw, out, outBase + c * oh * ow + y0 * ow,
						(y1 - y0) * ow);
				return;
			}
			for (int y = y0; y < y1; y++) {
				switch (interpolation) {
					case NEAREST:
						nearestRow(map, y, inBase, outBase);
						break;
					case BILINEAR:
						bilinearRow(map, y, inBase, outBase);
						break;
					case BICUBIC:
						bicubicRow(map, y, inBase, outBase);
						break;
					default:
						throw new AssertionError(interpolation);
				}
			}
		}

		private static double clamp(final double v) {
			return v < -COORD_LIMIT ? -COORD_LIMIT : v > COORD_LIMIT ? COORD_LIMIT : v;
		}

		private float read(final int plane, final int ix, final int iy) {
			return ix < 0 || iy < 0 ? fill : in[plane + iy * iw + ix];
		}

		/** {@code w} times the value at (ix, iy), or 0 for a zero weight (a NaN fill is not read). */
		private double term(final double w, final int plane, final int ix, final int iy) {
			return w == 0 ? 0 : w * read(plane, ix, iy);
		}

		private void nearestRow(final double[] map, final int y, final int inBase, final int outBase) {
			final double bx = map[1] * y + map[2], by = map[4] * y + map[5];
			final int inPlane = ih * iw, outPlane = oh * ow, row = outBase + y * ow;
			for (int x = 0; x < ow; x++) {
				final double xs = clamp(map[0] * x + bx), ys = clamp(map[3] * x + by);
				final long lx = (long) Math.floor(xs + 0.5), ly = (long) Math.floor(ys + 0.5);
				final int ix, iy;
				if (lx >= 0 && lx < iw && ly >= 0 && ly < ih) {
					ix = (int) lx;
					iy = (int) ly;
				}
				else {
					ix = boundary.map(lx, iw);
					iy = boundary.map(ly, ih);
				}
				for (int c = 0, p = inBase, o = row + x; c < channels; c++, p += inPlane, o += outPlane)
					out[o] = read(p, ix, iy);
			}
		}

		private void bilinearRow(final double[] map, final int y, final int inBase, final int outBase) {
			final double bx = map[1] * y + map[2], by = map[4] * y + map[5];
			final int inPlane = ih * iw, outPlane = oh * ow, row = outBase + y * ow;
			for (int x = 0; x < ow; x++) {
				final double xs = clamp(map[0] * x + bx), ys = clamp(map[3] * x + by);
				final double fx0 = Math.floor(xs), fy0 = Math.floor(ys);
				final double tx = xs - fx0, ty = ys - fy0;
				final double w00 = (1 - tx) * (1 - ty), w01 = tx * (1 - ty), w10 = (1 - tx) * ty,
					w11 = tx * ty;
				final long lx = (long) fx0, ly = (long) fy0;
				if (lx >= 0 && lx < iw - 1 && ly >= 0 && ly < ih - 1 && tx != 0 && ty != 0) {
					final int off = (int) ly * iw + (int) lx;
					for (int c = 0, p = inBase + off, o = row + x; c < channels; c++, p += inPlane,
						o += outPlane)
						out[o] = (float) (w00 * in[p] + w01 * in[p + 1] + w10 * in[p + iw] + w11 * in[p + iw +
							1]);
				}
				else {
					final int x0 = boundary.map(lx, iw), x1 = boundary.map(lx + 1, iw);
					final int y0 = boundary.map(ly, ih), y1 = boundary.map(ly + 1, ih);
					for (int c = 0, p = inBase, o = row + x; c < channels; c++, p += inPlane, o += outPlane)
						out[o] = (float) (term(w00, p, x0, y0) + term(w01, p, x1, y0) + term(w10, p, x0, y1) +
							term(w11, p, x1, y1));
				}
			}
		}

		private void bicubicRow(final double[] map, final int y, final int inBase, final int outBase) {
			final double bx = map[1] * y + map[2], by = map[4] * y + map[5];
			final int inPlane = ih * iw, outPlane = oh * ow, row = outBase + y * ow;
			final double[] wx = new double[4], wy = new double[4];
			final int[] ixs = new int[4], iys = new int[4];
			for (int x = 0; x < ow; x++) {
				final double xs = clamp(map[0] * x + bx), ys = clamp(map[3] * x + by);
				final double fx0 = Math.floor(xs), fy0 = Math.floor(ys);
				cubicWeights(xs - fx0, wx);
				cubicWeights(ys - fy0, wy);
				final long lx = (long) fx0, ly = (long) fy0;
				if (lx >= 1 && lx < iw - 2 && ly >= 1 && ly < ih - 2 && xs != fx0 && ys != fy0) {
					final int off = ((int) ly - 1) * iw + (int) lx - 1;
					for (int c = 0, p = inBase + off, o = row + x; c < channels; c++, p += inPlane,
						o += outPlane)
					{
						double sum = 0;
						for (int j = 0, q = p; j < 4; j++, q += iw)
							sum += wy[j] * (wx[0] * in[q] + wx[1] * in[q + 1] + wx[2] * in[q + 2] + wx[3] * in[q +
								3]);
						out[o] = (float) sum;
					}
					continue;
				}
				for (int k = 0; k < 4; k++) {
					ixs[k] = boundary.map(lx - 1 + k, iw);
					iys[k] = boundary.map(ly - 1 + k, ih);
				}
				for (int c = 0, p = inBase, o = row + x; c < channels; c++, p += inPlane, o += outPlane) {
					double sum = 0;
					for (int j = 0; j < 4; j++) {
						if (wy[j] == 0) continue;
						double r = 0;
						for (int i = 0; i < 4; i++)
							if (wx[i] != 0) r += wx[i] * read(p, ixs[i], iys[j]);
						sum += wy[j] * r;
					}
					out[o] = (float) sum;
				}
			}
		}

		/** Keys' cubic convolution weights, a = -0.5, for taps at -1, 0, 1, 2 from fraction t. */
		private static void cubicWeights(final double t, final double[] w) {
			w[0] = ((-0.5 * t + 1.0) * t - 0.5) * t;
			w[1] = (1.5 * t - 2.5) * t * t + 1.0;
			w[2] = ((-1.5 * t + 2.0) * t + 0.5) * t;
			w[3] = (0.5 * t - 0.5) * t * t;
		}
	}
}
