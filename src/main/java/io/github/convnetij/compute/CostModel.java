package io.github.convnetij.compute;

/**
 * The estimate behind {@link ConvMethod#AUTO}: the single-thread time of each method from the sizes
 * alone (kernel and output extents, and whether the kernel is rank 1). It never measures at run
 * time, and never looks at the thread count or at which inner-loop implementation is present, so
 * a given problem always gets the same method, and so the same bits, in Fiji, in macros and on
 * the command line.
 * <p>
 * The coefficients (ns per output pixel) were fitted to single-thread CPU times of each path with
 * the Vector API inner loops (JDK 17, 2.6 GHz AVX-512 Xeon development VM, images 128^2 to 4096^2
 * and stacks up to 64 x 256 x 256, kernels 3 to 63 wide): direct within about 15%, separable
 * within about 25%, FFT within about 15% of the measured times, which puts the crossovers where
 * they are measured: e.g. 2-d random kernels go to the FFT from about 35 x 35 on a 4096^2 image,
 * 3-d ones from about 13^3; rank-1 kernels go separable from 5 x 5.
 */
final class CostModel {

	private CostModel() {}

	/** Direct, 3x3 (taps kept in registers, memory bound): ns per output pixel. */
	static final double DIRECT_3X3 = 0.8;
	/** Direct, kernels narrower than 8 (flattened tap tables): 2-d and 3-d, base and per tap. */
	static final double DIRECT_NARROW_2D = 0.6, DIRECT_NARROW_2D_TAP = 0.022;
	static final double DIRECT_NARROW_3D = 1.0, DIRECT_NARROW_3D_TAP = 0.05;
	/** Direct, kernels 8 wide or more (rows accumulated in place): 2-d and 3-d. */
	static final double DIRECT_WIDE_2D = 2.0, DIRECT_WIDE_2D_TAP = 0.0125;
	static final double DIRECT_WIDE_3D = 8.0, DIRECT_WIDE_3D_TAP = 0.018;
	/** Separable: base and per 1-d tap, 2-d and 3-d kernels. */
	static final double SEPARABLE_2D = 0.7, SEPARABLE_2D_TAP = 0.035;
	static final double SEPARABLE_3D = 1.8, SEPARABLE_3D_TAP = 0.06;
	/** FFT: ns per unit of {@link FftPlane.Plan#cost}. */
	static final double FFT_UNIT = 0.64;

	/** Estimated ns, kernel extents {@code k} and output extents {@code o} (D, H, W). */
	static double direct(final int[] k, final int[] o) {
		final double pixels = (double) o[0] * o[1] * o[2];
		final double taps = (double) k[0] * k[1] * k[2];
		final boolean twoD = k[0] == 1;
		final double perPixel;
		if (twoD && k[1] == 3 && k[2] == 3) perPixel = DIRECT_3X3;
		else if (k[2] >= VECTOR_WIDE) perPixel = twoD ? DIRECT_WIDE_2D + DIRECT_WIDE_2D_TAP * taps
			: DIRECT_WIDE_3D + DIRECT_WIDE_3D_TAP * taps;
		else perPixel = twoD ? DIRECT_NARROW_2D + DIRECT_NARROW_2D_TAP * taps : DIRECT_NARROW_3D +
			DIRECT_NARROW_3D_TAP * taps;
		return pixels * perPixel;
	}

	/** Kernel width from which the direct path accumulates rows in place (its cost changes). */
	private static final int VECTOR_WIDE = 8;

	static double separable(final int[] k, final int[] o) {
		final double pixels = (double) o[0] * o[1] * o[2];
		return pixels * (k[0] == 1 ? SEPARABLE_2D + SEPARABLE_2D_TAP * (k[1] + k[2]) : SEPARABLE_3D +
			SEPARABLE_3D_TAP * (k[0] + k[1] + k[2]));
	}

	static double fft(final int[] k, final int[] o) {
		try {
			return FftPlane.plan(k, o).cost * FFT_UNIT;
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
