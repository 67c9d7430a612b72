package io.github.convnetij.compute;

import java.util.function.IntConsumer;

/**
 * The per-task kernel of {@link Pooling}: computes blocks of output rows of one {@code (n, c)}
 * plane. Shapes are held as 3-d (D, H, W); 1-d and 2-d problems have leading extents 1.
 * The in-bounds part of each window is precomputed per axis ({@code lo[o]}, {@code hi[o]}), so the
 * inner loops have no bounds tests. The 2x2 stride-2 case without padding (the CNN's pooling) has
 * a streaming path for its full windows: {@link RowOps#maxPool2x2} (Vector API or plain Java) for
 * max pooling without indices, and unrolled loops for max with indices and for average; they give
 * the same values (and indices) as the general loops.
 */
final class PoolKernel {

	/** Rough number of visited input elements per task. */
	private static final long TASK_WORK = 1 << 16;

	private final float[] in, out;
	private final int[] argmax;
	private final boolean max;
	private final int h, w, od, oh, ow;
	private final int[] dLo, dHi, hLo, hHi, wLo, wHi;
	private final int planeIn, rowsPerTask, blocksPerPlane;
	/** Output columns {@code [fullLo, fullHi)} have windows entirely inside the input row. */
	private final int fullLo, fullHi, kw, sw;
	/** Output columns with a full 2x2 stride-2 window (0 if the geometry is not that). */
	private final int fastCols;
	private final RowOps ops;

	/**
	 * {@code inShape = [N, C, D, H, W]}, {@code outShape = [N, C, OD, OH, OW]}, geometry arrays with 3
	 * entries; {@code max} selects max (else average) pooling; {@code argmax} may be null.
	 */
	PoolKernel(final boolean max, final float[] in, final int[] inShape, final float[] out,
		final int[] outShape, final int[] argmax, final int[] window, final int[] stride,
		final int[] padBefore)
	{
		this(max, in, inShape, out, outShape, argmax, window, stride, padBefore, RowOps.get());
	}

	/** As the other constructor, with the given inner-loop implementation (for tests). */
	PoolKernel(final boolean max, final float[] in, final int[] inShape, final float[] out,
		final int[] outShape, final int[] argmax, final int[] window, final int[] stride,
		final int[] padBefore, final RowOps ops)
	{
		this.ops = ops;
		this.max = max;
		this.in = in;
		this.out = out;
		this.argmax = argmax;
		h = inShape[3];
		w = inShape[4];
		od = outShape[2];
		oh = outShape[3];
		ow = outShape[4];
		planeIn = inShape[2] * h * w;
		dLo = new int[od];
		dHi = new int[od];
		ranges(inShape[2], window[0], stride[0], padBefore[0], dLo, dHi);
		hLo = new int[oh];
		hHi = new int[oh];
		ranges(h, window[1], stride[1], padBefore[1], hLo, hHi);
		wLo = new int[ow];
		wHi = new int[ow];
		ranges(w, window[2], stride[2], padBefore[2], wLo, wHi);
		final int rows = od * oh;
		final long costPerRow = (long) Math.max(1, ow) * window[0] * window[1] * window[2];
		rowsPerTask = Tasks.rowsPerTask(rows, costPerRow, TASK_WORK);
		blocksPerPlane = Tasks.blocks(rows, rowsPerTask);
		final boolean twoByTwo = window[0] == 1 && window[1] == 2 && window[2] == 2 && stride[1] == 2 &&
			stride[2] == 2 && padBefore[1] == 0 && padBefore[2] == 0;
		fastCols = twoByTwo ? Math.min(ow, w / 2) : 0;
		kw = window[2];
		sw = stride[2];
		int lo = 0;
		while (lo < ow && wHi[lo] - wLo[lo] < kw)
			lo++;
		int hi = lo;
		while (hi < ow && wHi[hi] - wLo[hi] == kw)
			hi++;
		fullLo = lo;
		fullHi = hi;
	}

	/** In-bounds input range {@code [lo[o], hi[o])} of each output position on one axis. */
	private static void ranges(final int n, final int window, final int stride, final int pad,
		final int[] lo, final int[] hi)
	{
		for (int o = 0; o < lo.length; o++) {
			final long start = (long) o * stride - pad;
			lo[o] = (int) Math.max(0, start);
			hi[o] = (int) Math.min(n, start + window);
		}
	}

	/** Number of tasks for {@code numPlanes = N * C} planes. */
	int numTasks(final int numPlanes) {
		return numPlanes * blocksPerPlane;
	}

	/** A worker for the task driver (this kernel needs no scratch). */
	IntConsumer worker() {
		return this::computeTask;
	}

	private void computeTask(final int task) {
		final int plane = task / blocksPerPlane;
		final int block = task % blocksPerPlane;
		final int rowStart = block * rowsPerTask;
		final int rowEnd = Math.min(od * oh, rowStart + rowsPerTask);
		final int inBase = plane * planeIn;
		for (int r = rowStart; r < rowEnd;) {
			final int oz = r / oh;
			final int oy = r % oh;
			final int outRow = (plane * od * oh + r) * ow;
			if (fastCols > 0 && argmax == null && max && fast(oz, oy)) {
				// a run of output rows of this slice with full 2x2 windows: one call
				int run = 1;
				while (r + run < rowEnd && oy + run < oh && fast(oz, oy + run))
					run++;
				final int r0 = inBase + (dLo[oz] * h + hLo[oy]) * w;
				ops.maxPool2x2(in, r0, w, out, outRow, ow, run, fastCols);
				if (fastCols < ow) for (int j = 0; j < run; j++)
					maxRow(inBase, oz, oy + j, outRow + j * ow, fastCols);
				r += run;
				continue;
			}
			int from = 0;
			if (fastCols > 0 && fast(oz, oy)) {
				final int r0 = inBase + (dLo[oz] * h + hLo[oy]) * w;
				if (!max) avg2x2(r0, r0 + w, outRow);
				else max2x2(r0, r0 + w, r0 - inBase, outRow);
				from = fastCols;
			}
			if (from < ow) {
				if (max) maxRow(inBase, oz, oy, outRow, from);
				else avgRow(inBase, oz, oy, outRow, from);
			}
			r++;
		}
	}

	/** Whether output row {@code (oz, oy)} has full 2x2 windows (in the 2x2 stride-2 case). */
	private boolean fast(final int oz, final int oy) {
		return hHi[oy] - hLo[oy] == 2 && dHi[oz] - dLo[oz] == 1;
	}

	/**
	 * Max of each window, scanning in row-major order; as PyTorch's CPU kernel, an element replaces
	 * the current maximum if it is greater or NaN, so the first of equal maxima wins and a NaN
	 * propagates (the index is that of the last NaN).
	 */
	private void maxRow(final int inBase, final int oz, final int oy, final int outRow,
		final int from)
	{
		final int z0 = dLo[oz], z1 = dHi[oz], y0 = hLo[oy], y1 = hHi[oy];
		if (argmax == null) {
			// values only: the same maxima without the unpredictable branch (JavaRowOps.max2); the
			// columns whose windows lie inside the row tap by tap, in the scan's order (z, y, x)
			final int a = Math.max(from, fullLo), b = fullHi;
			if (a < b && kw == 3 && sw == 2 && z1 - z0 == 1 && y1 > y0) {
				// windows 3 wide at stride 2 (ResNet's stem), one slice: vectorized, in the scan's order
				ops.maxRows3Stride2(in, inBase + (z0 * h + y0) * w + wLo[a], w, y1 - y0, out, outRow + a, b -
					a);
			}
			else if (a < b) {
				java.util.Arrays.fill(out, outRow + a, outRow + b, Float.NEGATIVE_INFINITY);
				for (int z = z0; z < z1; z++)
					for (int y = y0; y < y1; y++) {
						final int row = inBase + (z * h + y) * w + wLo[a];
						for (int kx = 0; kx < kw; kx++) {
							final int base = row + kx - a * sw;
							for (int ox = a; ox < b; ox++)
								out[outRow + ox] = JavaRowOps.max2(out[outRow + ox], in[base + ox * sw]);
						}
					}
			}
			for (int ox = from; ox < ow; ox++) {
				if (ox == a && a < b) ox = b;
				if (ox >= ow) break;
				final int x0 = wLo[ox], x1 = wHi[ox];
				float best = Float.NEGATIVE_INFINITY;
				for (int z = z0; z < z1; z++)
					for (int y = y0; y < y1; y++) {
						final int row = inBase + (z * h + y) * w;
						for (int x = x0; x < x1; x++)
							best = JavaRowOps.max2(best, in[row + x]);
					}
				out[outRow + ox] = best;
			}
			return;
		}
		for (int ox = from; ox < ow; ox++) {
			final int x0 = wLo[ox], x1 = wHi[ox];
			float best = Float.NEGATIVE_INFINITY;
			int bestIndex = (z0 * h + y0) * w + x0;
			for (int z = z0; z < z1; z++) {
				for (int y = y0; y < y1; y++) {
					final int row = (z * h + y) * w;
					for (int x = x0; x < x1; x++) {
						final float v = in[inBase + row + x];
						if (v > best || v != v) {
							best = v;
							bestIndex = row + x;
						}
					}
				}
			}
			out[outRow + ox] = best;
			if (argmax != null) argmax[outRow + ox] = bestIndex;
		}
	}

	/** Mean of the in-bounds elements of each window, summed in double in row-major order. */
	private void avgRow(final int inBase, final int oz, final int oy, final int outRow,
		final int from)
	{
		final int z0 = dLo[oz], z1 = dHi[oz], y0 = hLo[oy], y1 = hHi[oy];
		for (int ox = from; ox < ow; ox++) {
			final int x0 = wLo[ox], x1 = wHi[ox];
			double sum = 0;
			for (int z = z0; z < z1; z++) {
				for (int y = y0; y < y1; y++) {
					final int row = inBase + (z * h + y) * w;
					for (int x = x0; x < x1; x++)
						sum += in[row + x];
				}
			}
			final int count = (z1 - z0) * (y1 - y0) * (x1 - x0);
			out[outRow + ox] = (float) (sum / count);
		}
	}

	/**
	 * Full 2x2 windows of rows {@code r0, r1} with indices: the row-major scan of
	 * {@link #maxRow}, unrolled. {@code local0} is {@code r0}'s offset within its plane.
	 */
	private void max2x2(final int r0, final int r1, final int local0, final int outRow) {
		final int[] idx = argmax;
		final float[] x = in;
		for (int ox = 0; ox < fastCols; ox++) {
			final int i = 2 * ox;
			final float a = x[r0 + i], b = x[r0 + i + 1], c = x[r1 + i], d = x[r1 + i + 1];
			final float v = JavaRowOps.max2(JavaRowOps.max2(a, b), JavaRowOps.max2(c, d));
			final int k;
			if (v != v) k = c != c || d != d ? (d != d ? 3 : 2) : (b != b ? 1 : 0); // the last NaN
			else {
				// the winner is the first element with v's bits (an earlier equal one would have won):
				// found with integer arithmetic, as random data would defeat branch prediction
				final int bv = Float.floatToRawIntBits(v);
				final int da = Float.floatToRawIntBits(a) ^ bv, db = Float.floatToRawIntBits(b) ^ bv,
					dc = Float.floatToRawIntBits(c) ^ bv;
				final int na = (da | -da) >>> 31, nb = (db | -db) >>> 31, nc = (dc | -dc) >>> 31;
				k = na * (1 + nb * (1 + nc));
			}
			out[outRow + ox] = v;
			idx[outRow + ox] = local0 + i + (k & 1) + (k >> 1) * w;
		}
	}

	/** Full 2x2 windows of rows {@code r0, r1}: the mean summed in double in row-major order. */
	private void avg2x2(final int r0, final int r1, final int outRow) {
		for (int ox = 0; ox < fastCols; ox++) {
			final int i = 2 * ox;
			final double sum = 0.0 + in[r0 + i] + in[r0 + i + 1] + in[r1 + i] + in[r1 + i + 1];
			out[outRow + ox] = (float) (sum / 4);
		}
	}
}
