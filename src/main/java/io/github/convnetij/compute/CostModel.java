package io.github.convnetij.compute;

/**
 * The estimate behind {@link ConvMethod#AUTO}: single-thread time of each method from the sizes
 * alone (kernel and output extents, whether the kernel is rank 1). Never measures at run time and
 * never looks at the thread count or at which inner-loop implementation is present, so the same
 * problem always gets the same method (and so the same bits) in Fiji, in macros and on the command
 * line. The coefficients were fitted to single-thread timings of each path (Vector API
 * implementation, JDK 17, AVX-512 development machine; see {@code bench/README.md}).
 */
final class CostModel {

	private CostModel() {}

	/** Direct: ns per output pixel, and per pixel and tap. */
	static final double DIRECT_PIXEL = 0.5, DIRECT_TAP = 0.035;
	/** Direct: ns per output row and per source row read for it (row set-up, border strips). */
	static final double DIRECT_ROW = 40, DIRECT_ROW_TAP = 2;
	/** Separable: ns per output pixel, and per pixel and 1-d tap. */
	static final double SEPARABLE_PIXEL = 0.7, SEPARABLE_TAP = 0.06;
	/** FFT: ns per unit of {@link FftPlane.Plan#cost}, and per output pixel. */
	static final double FFT_UNIT = 0.45, FFT_PIXEL = 1.0;

	static double direct(final int[] k, final int[] o) {
		final double pixels = (double) o[0] * o[1] * o[2], rows = (double) o[0] * o[1];
		final double taps = (double) k[0] * k[1] * k[2];
		return pixels * (DIRECT_PIXEL + DIRECT_TAP * taps) + rows * (DIRECT_ROW + DIRECT_ROW_TAP * k[0] *
			k[1]);
	}

	static double separable(final int[] k, final int[] o) {
		final double pixels = (double) o[0] * o[1] * o[2];
		return pixels * (SEPARABLE_PIXEL + SEPARABLE_TAP * (k[0] + k[1] + k[2])) + (double) o[0] *
			o[1] * DIRECT_ROW * 2;
	}

	static double fft(final int[] k, final int[] o) {
		final double pixels = (double) o[0] * o[1] * o[2];
		try {
			return FftPlane.plan(k, o).cost * FFT_UNIT + pixels * FFT_PIXEL;
		}
		catch (final IllegalArgumentException e) {
			return Double.POSITIVE_INFINITY;
		}
	}

	/** The cheapest method for kernel extents {@code k} and output extents {@code o} (D, H, W). */
	static ConvMethod choose(final int[] k, final int[] o, final boolean separable) {
		final double d = direct(k, o);
		final double s = separable ? separable(k, o) : Double.POSITIVE_INFINITY;
		final double f = fft(k, o);
		if (s <= d && s <= f) return ConvMethod.SEPARABLE;
		return f < d ? ConvMethod.FFT : ConvMethod.DIRECT;
	}
}
