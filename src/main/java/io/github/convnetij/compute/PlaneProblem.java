package io.github.convnetij.compute;

import java.util.Arrays;

/**
 * A single-channel correlation, normalized to 3 spatial axes (D, H, W; leading extents 1 for 1-d
 * and 2-d): input {@code [planes, D, H, W]}, kernel {@code [KD, KH, KW]}, output
 * {@code [planes, OD, OH, OW]}, output pixel {@code o} reading padded input positions
 * {@code o + k} for kernel offsets {@code k}, where padded position {@code p} on an axis is input
 * index {@code p - padBefore} mapped into the input by the boundary mode (or the constant).
 * <p>
 * Instead of copying the input into a padded array, the paths ask for source rows by padded
 * coordinates ({@link #rowOffset}) and build small padded strips only for the output columns
 * whose taps leave the input ({@link #strip}); the {@link #interiorStart()} ..
 * {@link #interiorEnd()} columns read the input directly.
 */
final class PlaneProblem {

	final float[] in, weights, out;
	final int planes, d, h, w, kd, kh, kw, od, oh, ow, padZ, padY, padX;
	final float bias, value;
	final Boundary boundary;
	/** Padded coordinate to input index, or -1 for the constant. */
	final int[] mapZ, mapY, mapX;

	/**
	 * @param inShape {@code [planes, D, H, W]}; {@code kShape} {@code [KD, KH, KW]};
	 *          {@code outShape} {@code [planes, OD, OH, OW]} with {@code O = I + padBefore +
	 *          padAfter - K + 1 >= 1} on every axis; {@code pad} the pads before (D, H, W)
	 */
	PlaneProblem(final float[] in, final int[] inShape, final float[] weights, final int[] kShape,
		final float bias, final float[] out, final int[] outShape, final int[] pad,
		final Boundary boundary, final float value)
	{
		this.in = in;
		this.weights = weights;
		this.out = out;
		planes = inShape[0];
		d = inShape[1];
		h = inShape[2];
		w = inShape[3];
		kd = kShape[0];
		kh = kShape[1];
		kw = kShape[2];
		od = outShape[1];
		oh = outShape[2];
		ow = outShape[3];
		padZ = pad[0];
		padY = pad[1];
		padX = pad[2];
		this.bias = bias;
		this.boundary = boundary;
		this.value = boundary == Boundary.ZERO ? 0f : value;
		mapZ = map(od + kd - 1, padZ, d, boundary);
		mapY = map(oh + kh - 1, padY, h, boundary);
		mapX = map(ow + kw - 1, padX, w, boundary);
	}

	private static int[] map(final int n, final int pad, final int extent, final Boundary b) {
		final int[] m = new int[n];
		for (int p = 0; p < n; p++)
			m[p] = extent == 0 ? -1 : b.map((long) p - pad, extent);
		return m;
	}

	/**
	 * Offset in {@link #in} of column 0 of the source row at padded coordinates {@code (pz, py)} of
	 * {@code plane}, or -1 if that row is the constant.
	 */
	int rowOffset(final int plane, final int pz, final int py) {
		final int z = mapZ[pz], y = mapY[py];
		if (z < 0 || y < 0) return -1;
		return ((plane * d + z) * h + y) * w;
	}

	/** Offset in {@link #out} of output row {@code (plane, z, y)}. */
	int outOffset(final int plane, final int z, final int y) {
		return ((plane * od + z) * oh + y) * ow;
	}

	/** First output column whose taps all fall inside the input row. */
	int interiorStart() {
		return Math.min(Math.max(padX, 0), ow);
	}

	/** End (exclusive) of the output columns whose taps all fall inside the input row. */
	int interiorEnd() {
		final long e = (long) w - kw + 1 + padX;
		return (int) Math.max(interiorStart(), Math.min(e, ow));
	}

	/**
	 * Fills {@code dst[0 .. len)} with padded columns {@code p0 .. p0 + len} of the source row at
	 * {@code rowOffset} (-1: the constant row).
	 */
	void strip(final int rowOffset, final int p0, final int len, final float[] dst) {
		if (rowOffset < 0) {
			Arrays.fill(dst, 0, len, value);
			return;
		}
		// the part inside the input is a plain copy
		final int a = Math.max(0, Math.min(len, padX - p0));
		final int b = Math.max(a, Math.min(len, padX + w - p0));
		for (int q = 0; q < a; q++) {
			final int x = mapX[p0 + q];
			dst[q] = x < 0 ? value : in[rowOffset + x];
		}
		System.arraycopy(in, rowOffset + p0 + a - padX, dst, a, b - a);
		for (int q = b; q < len; q++) {
			final int x = mapX[p0 + q];
			dst[q] = x < 0 ? value : in[rowOffset + x];
		}
	}

	/** Number of multiply-adds per output pixel. */
	long taps() {
		return (long) kd * kh * kw;
	}
}
