package io.github.convnetij.compute;

/**
 * The output columns each kernel tap reads inside the input, computed once per convolution so the
 * inner loops need no bounds checks: for tap {@code k} the input column is
 * {@code ox * stride + off[k]} with {@code off[k] = k * dilation - padBefore}, valid for
 * {@code x0[k] <= ox < x1[k]}.
 */
final class TapRanges {

	private TapRanges() {}

	/**
	 * Fills {@code off}, {@code x0} and {@code x1} (each of length kernel width) for an input row of
	 * {@code width} and an output row of {@code outWidth}.
	 */
	static void fill(final int dilation, final int padBefore, final int stride, final int width,
		final int outWidth, final int[] off, final int[] x0, final int[] x1)
	{
		for (int k = 0; k < off.length; k++) {
			final long o = (long) k * dilation - padBefore;
			final long lo = o >= 0 ? 0 : (-o + stride - 1) / stride;
			final long hi = width - 1 - o < 0 ? 0 : (width - 1 - o) / stride + 1;
			x0[k] = (int) Math.min(lo, outWidth);
			x1[k] = (int) Math.max(x0[k], Math.min(hi, outWidth));
			off[k] = (int) o; // only used where the range is non-empty, so it fits
		}
	}
}
