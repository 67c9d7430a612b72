package io.github.convnetij.compute;

/**
 * Plain-Java {@link RowOps}, written for C2's auto-vectorizer. C2 (JDK 17-25) turns a loop into
 * SIMD code only if every array in it is indexed at the same position ({@code acc[x]},
 * {@code t0[x]}, {@code t1[x]} ...): it leaves {@code acc[x] += w * in[x + offset]} scalar, and
 * also a loop that reads one array at several offsets ({@code t[x]}, {@code t[x + 1]}). So each
 * source row is first copied {@code kw} times, shifted by each tap offset, into separate scratch
 * rows, which every output row that uses that source row then reads; the taps are applied in
 * groups of up to four per pass: {@code acc[x] = fma(t3[x], w3, ... fma(t0[x], w0, acc[x]))}
 * (with nine arrays in one loop C2 gives up and leaves it scalar).
 */
final class JavaRowOps implements RowOps {

	static final JavaRowOps INSTANCE = new JavaRowOps();

	private JavaRowOps() {}

	@Override
	public boolean vectorized() {
		return false;
	}

	@Override
	public void correlate(final int rows, final float[][] src, final int[] base, final int kd,
		final int kh, final int kw, final float[] w, final float bias, final float[] out,
		final int outBase, final int outStride, final int n, final Scratch scratch)
	{
		if (n <= 0 || rows <= 0) return;
		final float[][] acc = scratch.acc(rows, n);
		final float[][] t = scratch.shifted(kw, n);
		for (int j = 0; j < rows; j++)
			java.util.Arrays.fill(acc[j], 0, n, bias);
		final int slab = kh + rows - 1;
		for (int kz = 0; kz < kd; kz++) {
			for (int r = 0; r < slab; r++) {
				final int i = kz * slab + r;
				for (int kx = 0; kx < kw; kx++)
					System.arraycopy(src[i], base[i] + kx, t[kx], 0, n);
				// output row j uses this source row as its tap row ky = r - j
				final int j0 = Math.max(0, r - kh + 1), j1 = Math.min(rows - 1, r);
				for (int j = j0; j <= j1; j++)
					taps(acc[j], t, w, (kz * kh + r - j) * kw, kw, n);
			}
		}
		for (int j = 0; j < rows; j++)
			System.arraycopy(acc[j], 0, out, outBase + j * outStride, n);
	}

	/** {@code acc[x] = fma(t[k][x], w[wo + k], acc[x])} for k = 0 .. kw-1 in order. */
	private static void taps(final float[] acc, final float[][] t, final float[] w, final int wo,
		final int kw, final int n)
	{
		int k = 0;
		for (; k + 4 <= kw; k += 4)
			taps4(acc, t[k], t[k + 1], t[k + 2], t[k + 3], w[wo + k], w[wo + k + 1], w[wo + k + 2],
				w[wo + k + 3], n);
		switch (kw - k) {
			case 3:
				taps3(acc, t[k], t[k + 1], t[k + 2], w[wo + k], w[wo + k + 1], w[wo + k + 2], n);
				break;
			case 2:
				taps2(acc, t[k], t[k + 1], w[wo + k], w[wo + k + 1], n);
				break;
			case 1:
				taps1(acc, t[k], w[wo + k], n);
				break;
			default:
		}
	}

	private static void taps4(final float[] acc, final float[] t0, final float[] t1,
		final float[] t2, final float[] t3, final float w0, final float w1, final float w2,
		final float w3, final int n)
	{
		for (int x = 0; x < n; x++)
			acc[x] = Math.fma(t3[x], w3, Math.fma(t2[x], w2, Math.fma(t1[x], w1, Math.fma(t0[x], w0,
				acc[x]))));
	}

	private static void taps3(final float[] acc, final float[] t0, final float[] t1,
		final float[] t2, final float w0, final float w1, final float w2, final int n)
	{
		for (int x = 0; x < n; x++)
			acc[x] = Math.fma(t2[x], w2, Math.fma(t1[x], w1, Math.fma(t0[x], w0, acc[x])));
	}

	private static void taps2(final float[] acc, final float[] t0, final float[] t1,
		final float w0, final float w1, final int n)
	{
		for (int x = 0; x < n; x++)
			acc[x] = Math.fma(t1[x], w1, Math.fma(t0[x], w0, acc[x]));
	}

	private static void taps1(final float[] acc, final float[] t0, final float w0, final int n) {
		for (int x = 0; x < n; x++)
			acc[x] = Math.fma(t0[x], w0, acc[x]);
	}

	@Override
	public void maxPool2x2(final float[] in, final int r0, final int w, final float[] out,
		final int o, final int outStride, final int rows, final int n)
	{
		for (int j = 0; j < rows; j++) {
			final int t = r0 + 2 * j * w, b = t + w, oj = o + j * outStride;
			for (int x = 0; x < n; x++) {
				final int i = 2 * x;
				out[oj + x] = max2(max2(in[t + i], in[t + i + 1]), max2(in[b + i], in[b + i + 1]));
			}
		}
	}

	@Override
	public void maxRows3Stride2(final float[] in, final int t, final int w, final int rows,
		final float[] out, final int o, final int n)
	{
		for (int x = 0; x < n; x++) {
			float best = Float.NEGATIVE_INFINITY;
			for (int j = 0; j < rows; j++) {
				final int i = t + j * w + 2 * x;
				best = max(max(max(best, in[i]), in[i + 1]), in[i + 2]);
			}
			out[o + x] = best;
		}
	}

	@Override
	public void addTo(final float[] src, final int from, final float[] addend, final float[] dst,
		final int to, final int n, final boolean relu)
	{
		final int shift = from - to;
		if (relu) for (int i = to; i < to + n; i++)
			dst[i] = Math.max(src[i + shift] + addend[i], 0f);
		else for (int i = to; i < to + n; i++)
			dst[i] = src[i + shift] + addend[i];
	}

	@Override
	public void relu(final float[] src, final int from, final float[] dst, final int to,
		final int n)
	{
		// copied first, then rectified in place: a loop that reads and writes the same index is
		// auto-vectorized, one between two offsets of arrays that might be the same is not
		System.arraycopy(src, from, dst, to, n);
		for (int i = to; i < to + n; i++)
			dst[i] = Math.max(dst[i], 0f);
	}

	@Override
	public void minMax(final float[] a, final int from, final int to, final float[] mm) {
		// eight independent chains in two arrays (one chain is bound by the latency of the compare,
		// and C2 keeps small arrays of this shape in registers); NaN fails both compares and is skipped
		final float[] min = new float[8], max = new float[8];
		java.util.Arrays.fill(min, mm[0]);
		java.util.Arrays.fill(max, mm[1]);
		int i = from;
		for (; i + 8 <= to; i += 8)
			for (int j = 0; j < 8; j++) {
				final float v = a[i + j];
				min[j] = v < min[j] ? v : min[j];
				max[j] = v > max[j] ? v : max[j];
			}
		float lo = mm[0], hi = mm[1];
		for (int j = 0; j < 8; j++) {
			lo = Math.min(lo, min[j]);
			hi = Math.max(hi, max[j]);
		}
		for (; i < to; i++) {
			final float v = a[i];
			if (v < lo) lo = v;
			if (v > hi) hi = v;
		}
		mm[0] = lo;
		mm[1] = hi;
	}

	/**
	 * {@link #max} without its unpredictable branch: {@code a} if equal (so of -0 and +0 the first),
	 * else {@link Math#max} (NaN if either is NaN). The same value as {@code max(a, b)}; only a NaN
	 * payload may differ.
	 */
	static float max2(final float a, final float b) {
		return a == b ? a : Math.max(a, b);
	}

	/**
	 * The running maximum {@code best} replaced by {@code v} if {@code v} is greater or NaN. Applied
	 * to pairs first and then to the pair maxima, it gives the same result as the row-major scan:
	 * the first of equal maxima, NaN propagating.
	 */
	static float max(final float best, final float v) {
		return v > best || v != v ? v : best;
	}
}
