package io.github.convnetij.compute;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowOps} on the incubating Vector API. Loaded only through {@link RowOps#get()} when the
 * JVM has resolved {@code jdk.incubator.vector}; never referenced directly elsewhere.
 * <p>
 * Correlation keeps the partial sums of a block of output columns (four vectors) of one or two
 * output rows in registers across all taps, so each output element is written once; two output
 * rows share every load of a source row. Results are bitwise those of {@link JavaRowOps}: the same
 * fused multiply-adds in the same order (the scalar column tail uses {@link Math#fma}).
 */
final class VectorRowOps implements RowOps {

	private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
	private static final int V = S.length();

	/** Half-width int species: the even lanes of a float vector, narrowed. */
	private static final VectorSpecies<Integer> HALF = IntVector.SPECIES_PREFERRED.withShape(
		jdk.incubator.vector.VectorShape.forBitSize(Math.max(64, S.vectorBitSize() / 2)));

	/** From this kernel width on, rows are accumulated in the output row by row of taps. */
	static final int LONG_ROW = 8;

	public VectorRowOps() {}

	@Override
	public boolean vectorized() {
		return V >= 4;
	}

	@Override
	public void correlate(final int rows, final float[][] src, final int[] base, final int kd,
		final int kh, final int kw, final float[] w, final float bias, final float[] out,
		final int outBase, final int outStride, final int n, final Scratch scratch)
	{
		if (n <= 0 || rows <= 0) return;
		final int slab = kh + rows - 1;
		int j = 0;
		if (kd == 1 && kh == 3 && kw == 3) {
			for (; j < rows; j++)
				row3x3(src[j], base[j], src[j + 1], base[j + 1], src[j + 2], base[j + 2], w, bias, out,
					outBase + j * outStride, n);
			return;
		}
		if (kw >= LONG_ROW) {
			accumulate(rows, src, base, kd, kh, kw, w, bias, out, outBase, outStride, n);
			return;
		}
		if (kd == 1) for (; j + 2 <= rows; j += 2)
			rows2(j, src, base, kh, kw, w, bias, out, outBase + j * outStride, outBase + (j + 1) *
				outStride, n, scratch);
		for (; j < rows; j++)
			row1(j, slab, src, base, kd, kh, kw, w, bias, out, outBase + j * outStride, 0, n, scratch);
	}

	/** One output row of a 3x3 kernel, the nine weights held in registers. */
	private static void row3x3(final float[] s0, final int b0, final float[] s1, final int b1,
		final float[] s2, final int b2, final float[] w, final float bias, final float[] out,
		final int o, final int n)
	{
		if (n < V) {
			// a few columns (the borders): scalars, without setting up the vectors
			for (int x = 0; x < n; x++) {
				float a = Math.fma(s0[b0 + x], w[0], bias);
				a = Math.fma(s0[b0 + x + 1], w[1], a);
				a = Math.fma(s0[b0 + x + 2], w[2], a);
				a = Math.fma(s1[b1 + x], w[3], a);
				a = Math.fma(s1[b1 + x + 1], w[4], a);
				a = Math.fma(s1[b1 + x + 2], w[5], a);
				a = Math.fma(s2[b2 + x], w[6], a);
				a = Math.fma(s2[b2 + x + 1], w[7], a);
				a = Math.fma(s2[b2 + x + 2], w[8], a);
				out[o + x] = a;
			}
			return;
		}
		final FloatVector w0 = FloatVector.broadcast(S, w[0]), w1 = FloatVector.broadcast(S, w[1]),
			w2 = FloatVector.broadcast(S, w[2]), w3 = FloatVector.broadcast(S, w[3]), w4 = FloatVector
				.broadcast(S, w[4]), w5 = FloatVector.broadcast(S, w[5]), w6 = FloatVector.broadcast(S,
					w[6]), w7 = FloatVector.broadcast(S, w[7]), w8 = FloatVector.broadcast(S, w[8]);
		final FloatVector vb = FloatVector.broadcast(S, bias);
		int x = 0;
		for (;;) {
			for (; x + V <= n; x += V) {
				FloatVector a = FloatVector.fromArray(S, s0, b0 + x).fma(w0, vb);
				a = FloatVector.fromArray(S, s0, b0 + x + 1).fma(w1, a);
				a = FloatVector.fromArray(S, s0, b0 + x + 2).fma(w2, a);
				a = FloatVector.fromArray(S, s1, b1 + x).fma(w3, a);
				a = FloatVector.fromArray(S, s1, b1 + x + 1).fma(w4, a);
				a = FloatVector.fromArray(S, s1, b1 + x + 2).fma(w5, a);
				a = FloatVector.fromArray(S, s2, b2 + x).fma(w6, a);
				a = FloatVector.fromArray(S, s2, b2 + x + 1).fma(w7, a);
				a = FloatVector.fromArray(S, s2, b2 + x + 2).fma(w8, a);
				a.intoArray(out, o + x);
			}
			if (x >= n) break;
			// once more for the last columns, as one vector ending at n: the columns it recomputes
			// get the same values again (the output is never one of the source rows)
			x = n - V;
		}
	}

	/**
	 * Output row {@code j} alone: four vectors of columns at a time, then one, then scalars. The
	 * taps are flattened into one loop over tables (source array, offset, weight): C2 keeps vector
	 * accumulators in registers across a single loop but boxes them across nested loops.
	 */
	private static void row1(final int j, final int slab, final float[][] src, final int[] base,
		final int kd, final int kh, final int kw, final float[] w, final float bias, final float[] out,
		final int o, final int x0, final int n, final Scratch sc)
	{
		final int taps = kd * kh * kw;
		final float[][] arr = sc.arrays(taps);
		final int[] off = sc.offsets(taps);
		final float[] wt = sc.weights(taps);
		int t = 0;
		for (int kz = 0; kz < kd; kz++)
			for (int ky = 0; ky < kh; ky++) {
				final int i = kz * slab + j + ky;
				for (int kx = 0; kx < kw; kx++, t++) {
					arr[t] = src[i];
					off[t] = base[i] + kx;
					wt[t] = w[(kz * kh + ky) * kw + kx];
				}
			}
		final FloatVector vb = FloatVector.broadcast(S, bias);
		int x = x0;
		for (; x + 4 * V <= n; x += 4 * V) {
			FloatVector a0 = vb, a1 = vb, a2 = vb, a3 = vb;
			for (int k = 0; k < taps; k++) {
				final float[] s = arr[k];
				final int b = off[k] + x;
				final FloatVector wv = FloatVector.broadcast(S, wt[k]);
				a0 = FloatVector.fromArray(S, s, b).fma(wv, a0);
				a1 = FloatVector.fromArray(S, s, b + V).fma(wv, a1);
				a2 = FloatVector.fromArray(S, s, b + 2 * V).fma(wv, a2);
				a3 = FloatVector.fromArray(S, s, b + 3 * V).fma(wv, a3);
			}
			a0.intoArray(out, o + x);
			a1.intoArray(out, o + x + V);
			a2.intoArray(out, o + x + 2 * V);
			a3.intoArray(out, o + x + 3 * V);
		}
		for (; x + V <= n; x += V) {
			FloatVector a0 = vb;
			for (int k = 0; k < taps; k++)
				a0 = FloatVector.fromArray(S, arr[k], off[k] + x).fma(FloatVector.broadcast(S, wt[k]), a0);
			a0.intoArray(out, o + x);
		}
		for (; x < n; x++) {
			float a = bias;
			for (int k = 0; k < taps; k++)
				a = Math.fma(arr[k][off[k] + x], wt[k], a);
			out[o + x] = a;
		}
	}

	/**
	 * Output rows {@code j} and {@code j + 1} of a 2-d kernel ({@code kd == 1}) together: source row
	 * {@code j + r} is tap row r of the first and r - 1 of the second, so each load feeds two fused
	 * multiply-adds. Three flat loops, in tap order for both rows: source row j (first row only),
	 * rows j+1 .. j+kh-1 (both), row j+kh (second only).
	 */
	private static void rows2(final int j, final float[][] src, final int[] base, final int kh,
		final int kw, final float[] w, final float bias, final float[] out, final int o0,
		final int o1, final int n, final Scratch sc)
	{
		final int both = (kh - 1) * kw;
		final float[][] arr = sc.arrays(both);
		final int[] off = sc.offsets(both);
		final float[] wa = sc.weights(both), wc = sc.weights2(both);
		for (int r = 1, t = 0; r < kh; r++)
			for (int kx = 0; kx < kw; kx++, t++) {
				arr[t] = src[j + r];
				off[t] = base[j + r] + kx;
				wa[t] = w[r * kw + kx];
				wc[t] = w[(r - 1) * kw + kx];
			}
		final float[] first = src[j], last = src[j + kh];
		final int bFirst = base[j], bLast = base[j + kh], wLast = (kh - 1) * kw;
		final FloatVector vb = FloatVector.broadcast(S, bias);
		int x = 0;
		for (; x + 4 * V <= n; x += 4 * V) {
			FloatVector a0 = vb, a1 = vb, a2 = vb, a3 = vb;
			FloatVector c0 = vb, c1 = vb, c2 = vb, c3 = vb;
			for (int kx = 0; kx < kw; kx++) {
				final FloatVector wv = FloatVector.broadcast(S, w[kx]);
				final int b = bFirst + kx + x;
				a0 = FloatVector.fromArray(S, first, b).fma(wv, a0);
				a1 = FloatVector.fromArray(S, first, b + V).fma(wv, a1);
				a2 = FloatVector.fromArray(S, first, b + 2 * V).fma(wv, a2);
				a3 = FloatVector.fromArray(S, first, b + 3 * V).fma(wv, a3);
			}
			for (int k = 0; k < both; k++) {
				final float[] s = arr[k];
				final int b = off[k] + x;
				final FloatVector va = FloatVector.broadcast(S, wa[k]);
				final FloatVector vc = FloatVector.broadcast(S, wc[k]);
				final FloatVector v0 = FloatVector.fromArray(S, s, b);
				final FloatVector v1 = FloatVector.fromArray(S, s, b + V);
				final FloatVector v2 = FloatVector.fromArray(S, s, b + 2 * V);
				final FloatVector v3 = FloatVector.fromArray(S, s, b + 3 * V);
				a0 = v0.fma(va, a0);
				a1 = v1.fma(va, a1);
				a2 = v2.fma(va, a2);
				a3 = v3.fma(va, a3);
				c0 = v0.fma(vc, c0);
				c1 = v1.fma(vc, c1);
				c2 = v2.fma(vc, c2);
				c3 = v3.fma(vc, c3);
			}
			for (int kx = 0; kx < kw; kx++) {
				final FloatVector wv = FloatVector.broadcast(S, w[wLast + kx]);
				final int b = bLast + kx + x;
				c0 = FloatVector.fromArray(S, last, b).fma(wv, c0);
				c1 = FloatVector.fromArray(S, last, b + V).fma(wv, c1);
				c2 = FloatVector.fromArray(S, last, b + 2 * V).fma(wv, c2);
				c3 = FloatVector.fromArray(S, last, b + 3 * V).fma(wv, c3);
			}
			a0.intoArray(out, o0 + x);
			a1.intoArray(out, o0 + x + V);
			a2.intoArray(out, o0 + x + 2 * V);
			a3.intoArray(out, o0 + x + 3 * V);
			c0.intoArray(out, o1 + x);
			c1.intoArray(out, o1 + x + V);
			c2.intoArray(out, o1 + x + 2 * V);
			c3.intoArray(out, o1 + x + 3 * V);
		}
		if (x < n) {
			// the remaining columns row by row (the same sums; only the grouping differs)
			row1(j, kh + 1, src, base, 1, kh, kw, w, bias, out, o0, x, n, sc);
			row1(j + 1, kh + 1, src, base, 1, kh, kw, w, bias, out, o1, x, n, sc);
		}
	}

	/**
	 * Wide kernels: the output rows themselves are the accumulators. They start at the bias; each
	 * source row then adds its {@code kw} taps to every output row that uses it, four (or two, or
	 * one) output rows at a time sharing the loads, the partial sums of a block of columns kept in
	 * registers across the taps of that row. The order of the fused multiply-adds per element is
	 * still kz, ky, kx.
	 */
	private static void accumulate(final int rows, final float[][] src, final int[] base,
		final int kd, final int kh, final int kw, final float[] w, final float bias, final float[] out,
		final int outBase, final int outStride, final int n)
	{
		for (int j = 0; j < rows; j++)
			java.util.Arrays.fill(out, outBase + j * outStride, outBase + j * outStride + n, bias);
		final int slab = kh + rows - 1;
		for (int kz = 0; kz < kd; kz++)
			for (int r = 0; r < slab; r++) {
				final int i = kz * slab + r;
				final float[] s = src[i];
				final int b = base[i];
				final int j1 = Math.min(rows - 1, r);
				int j = Math.max(0, r - kh + 1);
				// output row j uses this source row as tap row ky = r - j: weights from (kz*kh + r-j)*kw
				for (; j + 4 <= j1 + 1; j += 4)
					taps4(s, b, w, (kz * kh + r - j) * kw, kw, out, outBase + j * outStride, outStride, n);
				for (; j + 2 <= j1 + 1; j += 2)
					taps2(s, b, w, (kz * kh + r - j) * kw, kw, out, outBase + j * outStride, outStride, n);
				for (; j <= j1; j++)
					taps1(s, b, w, (kz * kh + r - j) * kw, kw, out, outBase + j * outStride, n);
			}
	}

	/**
	 * Adds the taps of source row {@code s} to output rows {@code o, o + os, o + 2os, o + 3os}, whose
	 * weights are the kernel rows at {@code w0, w0 - kw, w0 - 2kw, w0 - 3kw}.
	 */
	private static void taps4(final float[] s, final int b, final float[] w, final int w0,
		final int kw, final float[] out, final int o, final int os, final int n)
	{
		final int o1 = o + os, o2 = o1 + os, o3 = o2 + os;
		final int w1 = w0 - kw, w2 = w1 - kw, w3 = w2 - kw;
		int x = 0;
		for (; x + 4 * V <= n; x += 4 * V) {
			FloatVector a0 = FloatVector.fromArray(S, out, o + x), a1 = FloatVector.fromArray(S, out, o +
				x + V), a2 = FloatVector.fromArray(S, out, o + x + 2 * V), a3 = FloatVector.fromArray(S, out,
					o + x + 3 * V);
			FloatVector c0 = FloatVector.fromArray(S, out, o1 + x), c1 = FloatVector.fromArray(S, out, o1 +
				x + V), c2 = FloatVector.fromArray(S, out, o1 + x + 2 * V), c3 = FloatVector.fromArray(S,
					out, o1 + x + 3 * V);
			FloatVector e0 = FloatVector.fromArray(S, out, o2 + x), e1 = FloatVector.fromArray(S, out, o2 +
				x + V), e2 = FloatVector.fromArray(S, out, o2 + x + 2 * V), e3 = FloatVector.fromArray(S,
					out, o2 + x + 3 * V);
			FloatVector g0 = FloatVector.fromArray(S, out, o3 + x), g1 = FloatVector.fromArray(S, out, o3 +
				x + V), g2 = FloatVector.fromArray(S, out, o3 + x + 2 * V), g3 = FloatVector.fromArray(S,
					out, o3 + x + 3 * V);
			final int bx = b + x;
			for (int kx = 0; kx < kw; kx++) {
				final FloatVector v0 = FloatVector.fromArray(S, s, bx + kx);
				final FloatVector v1 = FloatVector.fromArray(S, s, bx + kx + V);
				final FloatVector v2 = FloatVector.fromArray(S, s, bx + kx + 2 * V);
				final FloatVector v3 = FloatVector.fromArray(S, s, bx + kx + 3 * V);
				final FloatVector wa = FloatVector.broadcast(S, w[w0 + kx]);
				a0 = v0.fma(wa, a0);
				a1 = v1.fma(wa, a1);
				a2 = v2.fma(wa, a2);
				a3 = v3.fma(wa, a3);
				final FloatVector wc = FloatVector.broadcast(S, w[w1 + kx]);
				c0 = v0.fma(wc, c0);
				c1 = v1.fma(wc, c1);
				c2 = v2.fma(wc, c2);
				c3 = v3.fma(wc, c3);
				final FloatVector we = FloatVector.broadcast(S, w[w2 + kx]);
				e0 = v0.fma(we, e0);
				e1 = v1.fma(we, e1);
				e2 = v2.fma(we, e2);
				e3 = v3.fma(we, e3);
				final FloatVector wg = FloatVector.broadcast(S, w[w3 + kx]);
				g0 = v0.fma(wg, g0);
				g1 = v1.fma(wg, g1);
				g2 = v2.fma(wg, g2);
				g3 = v3.fma(wg, g3);
			}
			a0.intoArray(out, o + x);
			a1.intoArray(out, o + x + V);
			a2.intoArray(out, o + x + 2 * V);
			a3.intoArray(out, o + x + 3 * V);
			c0.intoArray(out, o1 + x);
			c1.intoArray(out, o1 + x + V);
			c2.intoArray(out, o1 + x + 2 * V);
			c3.intoArray(out, o1 + x + 3 * V);
			e0.intoArray(out, o2 + x);
			e1.intoArray(out, o2 + x + V);
			e2.intoArray(out, o2 + x + 2 * V);
			e3.intoArray(out, o2 + x + 3 * V);
			g0.intoArray(out, o3 + x);
			g1.intoArray(out, o3 + x + V);
			g2.intoArray(out, o3 + x + 2 * V);
			g3.intoArray(out, o3 + x + 3 * V);
		}
		if (x < n) {
			tail(s, b, w, w0, kw, out, o, x, n);
			tail(s, b, w, w1, kw, out, o1, x, n);
			tail(s, b, w, w2, kw, out, o2, x, n);
			tail(s, b, w, w3, kw, out, o3, x, n);
		}
	}

	/** As {@link #taps4} for two output rows, four vectors of columns at a time. */
	private static void taps2(final float[] s, final int b, final float[] w, final int w0,
		final int kw, final float[] out, final int o, final int os, final int n)
	{
		final int o1 = o + os, w1 = w0 - kw;
		int x = 0;
		for (; x + 4 * V <= n; x += 4 * V) {
			FloatVector a0 = FloatVector.fromArray(S, out, o + x), a1 = FloatVector.fromArray(S, out, o +
				x + V), a2 = FloatVector.fromArray(S, out, o + x + 2 * V), a3 = FloatVector.fromArray(S, out,
					o + x + 3 * V);
			FloatVector c0 = FloatVector.fromArray(S, out, o1 + x), c1 = FloatVector.fromArray(S, out, o1 +
				x + V), c2 = FloatVector.fromArray(S, out, o1 + x + 2 * V), c3 = FloatVector.fromArray(S,
					out, o1 + x + 3 * V);
			final int bx = b + x;
			for (int kx = 0; kx < kw; kx++) {
				final FloatVector v0 = FloatVector.fromArray(S, s, bx + kx);
				final FloatVector v1 = FloatVector.fromArray(S, s, bx + kx + V);
				final FloatVector v2 = FloatVector.fromArray(S, s, bx + kx + 2 * V);
				final FloatVector v3 = FloatVector.fromArray(S, s, bx + kx + 3 * V);
				final FloatVector wa = FloatVector.broadcast(S, w[w0 + kx]);
				final FloatVector wc = FloatVector.broadcast(S, w[w1 + kx]);
				a0 = v0.fma(wa, a0);
				a1 = v1.fma(wa, a1);
				a2 = v2.fma(wa, a2);
				a3 = v3.fma(wa, a3);
				c0 = v0.fma(wc, c0);
				c1 = v1.fma(wc, c1);
				c2 = v2.fma(wc, c2);
				c3 = v3.fma(wc, c3);
			}
			a0.intoArray(out, o + x);
			a1.intoArray(out, o + x + V);
			a2.intoArray(out, o + x + 2 * V);
			a3.intoArray(out, o + x + 3 * V);
			c0.intoArray(out, o1 + x);
			c1.intoArray(out, o1 + x + V);
			c2.intoArray(out, o1 + x + 2 * V);
			c3.intoArray(out, o1 + x + 3 * V);
		}
		if (x < n) {
			tail(s, b, w, w0, kw, out, o, x, n);
			tail(s, b, w, w1, kw, out, o1, x, n);
		}
	}

	/** As {@link #taps4} for one output row. */
	private static void taps1(final float[] s, final int b, final float[] w, final int w0,
		final int kw, final float[] out, final int o, final int n)
	{
		int x = 0;
		for (; x + 4 * V <= n; x += 4 * V) {
			FloatVector a0 = FloatVector.fromArray(S, out, o + x), a1 = FloatVector.fromArray(S, out, o +
				x + V), a2 = FloatVector.fromArray(S, out, o + x + 2 * V), a3 = FloatVector.fromArray(S, out,
					o + x + 3 * V);
			final int bx = b + x;
			for (int kx = 0; kx < kw; kx++) {
				final FloatVector wa = FloatVector.broadcast(S, w[w0 + kx]);
				a0 = FloatVector.fromArray(S, s, bx + kx).fma(wa, a0);
				a1 = FloatVector.fromArray(S, s, bx + kx + V).fma(wa, a1);
				a2 = FloatVector.fromArray(S, s, bx + kx + 2 * V).fma(wa, a2);
				a3 = FloatVector.fromArray(S, s, bx + kx + 3 * V).fma(wa, a3);
			}
			a0.intoArray(out, o + x);
			a1.intoArray(out, o + x + V);
			a2.intoArray(out, o + x + 2 * V);
			a3.intoArray(out, o + x + 3 * V);
		}
		if (x < n) tail(s, b, w, w0, kw, out, o, x, n);
	}

	/** Columns {@code [x0, n)} of one output row: single vectors, then scalars. */
	private static void tail(final float[] s, final int b, final float[] w, final int w0,
		final int kw, final float[] out, final int o, final int x0, final int n)
	{
		int x = x0;
		for (; x + V <= n; x += V) {
			FloatVector a0 = FloatVector.fromArray(S, out, o + x);
			final int bx = b + x;
			for (int kx = 0; kx < kw; kx++)
				a0 = FloatVector.fromArray(S, s, bx + kx).fma(FloatVector.broadcast(S, w[w0 + kx]), a0);
			a0.intoArray(out, o + x);
		}
		for (; x < n; x++) {
			float a = out[o + x];
			for (int kx = 0; kx < kw; kx++)
				a = Math.fma(s[b + x + kx], w[w0 + kx], a);
			out[o + x] = a;
		}
	}

	@Override
	public void maxPool2x2(final float[] in, final int r0, final int w, final float[] out,
		final int o, final int outStride, final int rows, final int n)
	{
		final int half = V / 2;
		for (int j = 0; j < rows; j++) {
			final int t = r0 + 2 * j * w, b = t + w, oj = o + j * outStride;
			int x = 0;
			// lane 2i of the vector loaded one element further is the pair partner of lane 2i, so
			// the pair maxima land in the even lanes without a shuffle; that load reads one element
			// past the block's pairs (an odd lane, dropped), which must exist in the array
			final int end = b + 2 * n < in.length ? n : n - 1;
			for (; x + half <= end; x += half) {
				final int i = 2 * x;
				final FloatVector m = max(max(FloatVector.fromArray(S, in, t + i), FloatVector.fromArray(S,
					in, t + i + 1)), max(FloatVector.fromArray(S, in, b + i), FloatVector.fromArray(S, in, b +
						i + 1)));
				// the even lanes hold the window maxima: keep the low 32 bits of each 64-bit pair
				m.reinterpretAsLongs().convertShape(VectorOperators.L2I, HALF, 0).reinterpretAsFloats()
					.intoArray(out, oj + x);
			}
			for (; x < n; x++) {
				final int i = 2 * x;
				out[oj + x] = JavaRowOps.max(JavaRowOps.max(in[t + i], in[t + i + 1]), JavaRowOps.max(in[b +
					i], in[b + i + 1]));
			}
		}
	}

	@Override
	public void maxRows3Stride2(final float[] in, final int t, final int w, final int rows,
		final float[] out, final int o, final int n)
	{
		final int half = V / 2;
		final int last = t + (rows - 1) * w;
		int x = 0;
		// lane 2i of the loads at i, i + 1 and i + 2 holds the three taps of output x + i (as in
		// maxPool2x2): the rows are combined at full width, in order, and the even lanes narrowed
		// once (arithmetic on the narrow vectors would bring a second float shape into this code,
		// which made C2 give up intrinsics in the GEMM kernels); the last load reads one element
		// past the taps, which must be in the array
		for (; x + half <= n && last + 2 * x + V + 2 <= in.length; x += half) {
			int i = t + 2 * x;
			FloatVector m = max(max(FloatVector.fromArray(S, in, i), FloatVector.fromArray(S, in, i + 1)),
				FloatVector.fromArray(S, in, i + 2));
			for (int j = 1; j < rows; j++) {
				i += w;
				m = max(m, max(max(FloatVector.fromArray(S, in, i), FloatVector.fromArray(S, in, i + 1)),
					FloatVector.fromArray(S, in, i + 2)));
			}
			m.reinterpretAsLongs().convertShape(VectorOperators.L2I, HALF, 0).reinterpretAsFloats()
				.intoArray(out, o + x);
		}
		for (; x < n; x++) {
			float best = Float.NEGATIVE_INFINITY;
			for (int j = 0; j < rows; j++) {
				final int i = t + j * w + 2 * x;
				best = JavaRowOps.max(JavaRowOps.max(JavaRowOps.max(best, in[i]), in[i + 1]), in[i + 2]);
			}
			out[o + x] = best;
		}
	}

	@Override
	public void addTo(final float[] src, final int from, final float[] addend, final float[] dst,
		final int to, final int n, final boolean relu)
	{
		final FloatVector zero = FloatVector.zero(S);
		int i = 0;
		for (; i + V <= n; i += V) {
			final FloatVector x = FloatVector.fromArray(S, src, from + i).add(FloatVector.fromArray(S,
				addend, to + i));
			// as relu: x <= 0 gives +0, NaN fails the compare and is kept
			(relu ? x.blend(zero, x.compare(VectorOperators.LE, 0f)) : x).intoArray(dst, to + i);
		}
		for (; i < n; i++) {
			final float x = src[from + i] + addend[to + i];
			dst[to + i] = relu ? Math.max(x, 0f) : x;
		}
	}

	@Override
	public void relu(final float[] src, final int from, final float[] dst, final int to,
		final int n)
	{
		// x <= 0 (negatives, -0 and +0) gives +0; NaN fails the compare and is kept, as Math.max
		final FloatVector zero = FloatVector.zero(S);
		int i = 0;
		for (; i + V <= n; i += V) {
			final FloatVector x = FloatVector.fromArray(S, src, from + i);
			x.blend(zero, x.compare(VectorOperators.LE, 0f)).intoArray(dst, to + i);
		}
		for (; i < n; i++)
			dst[to + i] = Math.max(src[from + i], 0f);
	}

	@Override
	public void minMax(final float[] a, final int from, final int to, final float[] mm) {
		FloatVector min0 = FloatVector.broadcast(S, mm[0]), min1 = min0;
		FloatVector max0 = FloatVector.broadcast(S, mm[1]), max1 = max0;
		int i = from;
		for (; i + 2 * V <= to; i += 2 * V) {
			// a NaN lane fails both compares and is skipped
			final FloatVector v0 = FloatVector.fromArray(S, a, i), v1 = FloatVector.fromArray(S, a, i +
				V);
			min0 = min0.blend(v0, v0.compare(VectorOperators.LT, min0));
			max0 = max0.blend(v0, v0.compare(VectorOperators.GT, max0));
			min1 = min1.blend(v1, v1.compare(VectorOperators.LT, min1));
			max1 = max1.blend(v1, v1.compare(VectorOperators.GT, max1));
		}
		// the accumulators hold no NaN, so lane-wise min and max are safe here (an array of vectors
		// would make C2 box them inside the loop)
		mm[0] = min0.min(min1).reduceLanes(VectorOperators.MIN);
		mm[1] = max0.max(max1).reduceLanes(VectorOperators.MAX);
		JavaRowOps.INSTANCE.minMax(a, i, to, mm); // the last columns
	}

	/** Lane-wise {@link JavaRowOps#max}: {@code v} replaces {@code best} where greater or NaN. */
	private static FloatVector max(final FloatVector best, final FloatVector v) {
		final VectorMask<Float> take = v.compare(VectorOperators.GT, best).or(v.compare(
			VectorOperators.NE, v));
		return best.blend(v, take);
	}
}
