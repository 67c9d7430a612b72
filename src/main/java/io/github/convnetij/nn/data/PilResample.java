package io.github.convnetij.nn.data;

/**
 * Antialiased bilinear resampling as the Python Imaging Library (Pillow) resizes images with
 * {@code Image.resize(size, BILINEAR)} — what torchvision's {@code Resize} does to PIL images, and
 * so what the ImageNet classifiers of torchvision were trained and evaluated with. Written here
 * from the published behaviour (facts, no code taken):
 * <ul>
 * <li>separable: rows first (every input row the second pass needs), then columns; an axis whose
 * size does not change is not resampled;</li>
 * <li>per axis, with {@code scale = in / out} and {@code f = max(scale, 1)}: output pixel
 * {@code i} is centred at {@code c = (i + 0.5) * scale} of the input; the triangle filter
 * {@code max(0, 1 - |t|)}, stretched by {@code f} when downscaling (so its support is {@code f}
 * input pixels on either side: the antialiasing), is sampled at the input pixel centres
 * {@code j + 0.5} from {@code j = (int) (c - f + 0.5)} (at least 0) to
 * {@code (int) (c + f + 0.5)} (at most {@code in}), exclusive, as {@code max(0, 1 - |j - c +
 * 0.5| / f)}, and the weights are divided by their sum (in double arithmetic);</li>
 * <li>8-bit images: the weights become fixed-point integers with 22 fractional bits
 * ({@code (int) (w * 2^22 + 0.5)}, {@code - 0.5} for negative weights); each output sample is
 * {@code sum(v * w) + 2^21} shifted right by 22 and clamped to 0..255 — so the samples are
 * rounded to 8 bits after the first pass and after the second;</li>
 * <li>other images (16-bit, 32-bit): the same weights in double arithmetic, without rounding.</li>
 * </ul>
 * <pre>{@code
 * float[] out = new float[256 * 341];
 * PilResample.resize(samples, 0, 512, 384, out, 0, 341, 256, true); // an 8-bit plane, 512x384
 * }</pre>
 */
public final class PilResample {

	/** Fractional bits of the 8-bit fixed-point weights. */
	static final int PRECISION_BITS = 32 - 8 - 2;

	private PilResample() {}

	/**
	 * The weights of one axis resampled from {@code in} to {@code out} samples: for output sample
	 * {@code i}, {@code first[i]} is the first input sample read and {@code weights[i]} the
	 * normalised weights of {@code first[i]}, {@code first[i] + 1}, ...
	 *
	 * @param first per output sample, its first input sample
	 * @param weights per output sample, its weights (summing to 1)
	 */
	public record Axis(int[] first, double[][] weights) {

		/**
		 * The weights of PIL's antialiased bilinear filter.
		 *
		 * @throws IllegalArgumentException for sizes below 1
		 */
		public static Axis of(final int in, final int out) {
			if (in < 1 || out < 1) throw new IllegalArgumentException("resample from " + in + " to " +
				out + " samples: expected sizes >= 1");
			final double scale = (double) in / out;
			final double filterScale = Math.max(scale, 1.0);
			final double support = 1.0 * filterScale; // the triangle's support is 1
			final int[] first = new int[out];
			final double[][] weights = new double[out][];
			for (int i = 0; i < out; i++) {
				final double centre = (i + 0.5) * scale;
				final int lo = Math.max(0, (int) (centre - support + 0.5));
				final int hi = Math.min(in, (int) (centre + support + 0.5));
				final double[] w = new double[Math.max(0, hi - lo)];
				double sum = 0;
				for (int j = 0; j < w.length; j++) {
					w[j] = triangle((j + lo - centre + 0.5) / filterScale);
					sum += w[j];
				}
				if (sum != 0) for (int j = 0; j < w.length; j++)
					w[j] /= sum;
				first[i] = lo;
				weights[i] = w;
			}
			return new Axis(first, weights);
		}

		/** The weights as fixed-point integers of {@link PilResample#PRECISION_BITS} bits. */
		int[][] fixedPoint() {
			final int[][] k = new int[weights.length][];
			final double one = 1 << PRECISION_BITS;
			for (int i = 0; i < weights.length; i++) {
				k[i] = new int[weights[i].length];
				for (int j = 0; j < k[i].length; j++) {
					final double w = weights[i][j];
					k[i][j] = (int) (w < 0 ? w * one - 0.5 : w * one + 0.5);
				}
			}
			return k;
		}
	}

	/** The bilinear (triangle) filter. */
	static double triangle(final double t) {
		final double a = Math.abs(t);
		return a < 1 ? 1 - a : 0;
	}

	/**
	 * Resamples one plane of {@code sw x sh} samples at {@code src[srcOffset ...]} (rows of
	 * {@code sw}) to {@code dw x dh} at {@code dst[dstOffset ...]}.
	 *
	 * @param eightBit whether the samples are 8-bit values 0..255 (rounded as PIL rounds them),
	 *          else any floats (16-bit and 32-bit images)
	 * @throws IllegalArgumentException for sizes below 1
	 */
	public static void resize(final float[] src, final int srcOffset, final int sw, final int sh,
		final float[] dst, final int dstOffset, final int dw, final int dh, final boolean eightBit)
	{
		resize(src, srcOffset, sw, sh, dst, dstOffset, dw, dh, eightBit, Axis.of(sw, dw), Axis.of(sh,
			dh));
	}

	/**
	 * {@link #resize(float[], int, int, int, float[], int, int, int, boolean)} with the axes'
	 * weights computed once for several planes ({@code xs = Axis.of(sw, dw)},
	 * {@code ys = Axis.of(sh, dh)}).
	 */
	public static void resize(final float[] src, final int srcOffset, final int sw, final int sh,
		final float[] dst, final int dstOffset, final int dw, final int dh, final boolean eightBit,
		final Axis xs, final Axis ys)
	{
		final boolean horizontal = sw != dw, vertical = sh != dh;
		// rows the vertical pass reads
		final int rowFirst = vertical ? ys.first()[0] : 0;
		final int rowEnd = vertical ? ys.first()[dh - 1] + ys.weights()[dh - 1].length : sh;
		final int rows = rowEnd - rowFirst;
		if (eightBit) {
			// the rows as 8-bit integers, resampled along x (or as they are)
			final int[] mid = new int[rows * dw];
			final int[] row = new int[sw];
			final int[][] kx = horizontal ? xs.fixedPoint() : null;
			for (int y = 0; y < rows; y++) {
				final int in = srcOffset + (y + rowFirst) * sw;
				if (!horizontal) {
					for (int x = 0; x < sw; x++)
						mid[y * dw + x] = (int) src[in + x];
					continue;
				}
				for (int x = 0; x < sw; x++)
					row[x] = (int) src[in + x];
				for (int x = 0; x < dw; x++) {
					final int lo = xs.first()[x];
					final int[] k = kx[x];
					int acc = 1 << PRECISION_BITS - 1;
					for (int j = 0; j < k.length; j++)
						acc += row[lo + j] * k[j];
					mid[y * dw + x] = clip8(acc);
				}
			}
			if (!vertical) {
				for (int i = 0; i < dw * dh; i++)
					dst[dstOffset + i] = mid[i];
				return;
			}
			final int[][] ky = ys.fixedPoint();
			final int[] acc = new int[dw];
			for (int y = 0; y < dh; y++) {
				final int lo = ys.first()[y] - rowFirst;
				final int[] k = ky[y];
				java.util.Arrays.fill(acc, 1 << PRECISION_BITS - 1);
				for (int j = 0; j < k.length; j++) {
					final int kj = k[j], base = (lo + j) * dw;
					for (int x = 0; x < dw; x++)
						acc[x] += mid[base + x] * kj;
				}
				for (int x = 0; x < dw; x++)
					dst[dstOffset + y * dw + x] = clip8(acc[x]);
			}
			return;
		}
		final float[] mid;
		final int midOffset;
		if (horizontal) {
			mid = new float[rows * dw];
			midOffset = 0;
			for (int y = 0; y < rows; y++) {
				final int in = srcOffset + (y + rowFirst) * sw;
				for (int x = 0; x < dw; x++) {
					final int lo = xs.first()[x];
					final double[] wx = xs.weights()[x];
					double acc = 0;
					for (int j = 0; j < wx.length; j++)
						acc += src[in + lo + j] * wx[j];
					mid[y * dw + x] = (float) acc;
				}
			}
		}
		else {
			mid = src;
			midOffset = srcOffset + rowFirst * sw;
		}
		if (!vertical) {
			System.arraycopy(mid, midOffset, dst, dstOffset, dw * dh);
			return;
		}
		final double[] acc = new double[dw];
		for (int y = 0; y < dh; y++) {
			final int lo = ys.first()[y] - rowFirst;
			final double[] wy = ys.weights()[y];
			java.util.Arrays.fill(acc, 0);
			for (int j = 0; j < wy.length; j++) {
				final double wj = wy[j];
				final int base = midOffset + (lo + j) * dw;
				for (int x = 0; x < dw; x++)
					acc[x] += mid[base + x] * wj;
			}
			for (int x = 0; x < dw; x++)
				dst[dstOffset + y * dw + x] = (float) acc[x];
		}
	}

	/** A fixed-point sum as an 8-bit sample: shifted right by the precision, clamped to 0..255. */
	static int clip8(final int acc) {
		if (acc <= 0) return 0;
		final int v = acc >> PRECISION_BITS;
		return v > 255 ? 255 : v;
	}
}
