package io.github.convnetij.compute;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * The per-task kernel of {@link Convolutions#correlate}: computes blocks of output rows of one
 * {@code (n, co)} output plane. Shapes are held as 3-d (D, H, W); 1-d and 2-d problems have
 * leading extents 1.
 * <p>
 * For each output row it accumulates into a temporary row {@code acc}, tap by tap, in the fixed
 * order bias, ci, kd, kh, kw, so every output element sees the same sequence of float operations
 * whichever task or thread computes it. For each tap the valid output x-range is computed once
 * ({@link #x0}, {@link #x1}); with stride 1 the needed input span is copied into a scratch row
 * {@code s} indexed like {@code acc}, so that the multiply-add loop {@code acc[x] += w * s[x]}
 * indexes both arrays alike and C2 vectorizes it (it does not vectorize
 * {@code acc[x] += w * in[x + offset]}).
 */
final class ConvKernel {

	/** Rough number of multiply-adds per task. */
	private static final long TASK_WORK = 1 << 18;

	/** Below this many columns the scalar loop is used directly (no copy). */
	private static final int MIN_COPY = 16;

	private final float[] in, w, bias, out;
	private final int cin, d, h, wd, cout, kd, kh, kw, od, oh, ow;
	private final int sd, sh, sw, dd, dh, pd, ph;
	private final int[] xOff, x0, x1;
	private final int rowsPerTask, blocksPerPlane;

	/**
	 * Shapes as 3-d: {@code inShape = [N, Cin, D, H, W]}, {@code wShape = [Cout, Cin, KD, KH, KW]},
	 * {@code outShape = [N, Cout, OD, OH, OW]}; geometry arrays have 3 entries (D, H, W).
	 */
	ConvKernel(final float[] in, final int[] inShape, final float[] w, final int[] wShape,
		final float[] bias, final float[] out, final int[] outShape, final int[] stride,
		final int[] dilation, final int[] padBefore)
	{
		this.in = in;
		this.w = w;
		this.bias = bias;
		this.out = out;
		cin = inShape[1];
		d = inShape[2];
		h = inShape[3];
		wd = inShape[4];
		cout = wShape[0];
		kd = wShape[2];
		kh = wShape[3];
		kw = wShape[4];
		od = outShape[2];
		oh = outShape[3];
		ow = outShape[4];
		sd = stride[0];
		sh = stride[1];
		sw = stride[2];
		dd = dilation[0];
		dh = dilation[1];
		pd = padBefore[0];
		ph = padBefore[1];
		xOff = new int[kw];
		x0 = new int[kw];
		x1 = new int[kw];
		TapRanges.fill(dilation[2], padBefore[2], sw, wd, ow, xOff, x0, x1);
		final int rows = od * oh;
		final long costPerRow = (long) Math.max(1, ow) * cin * kd * kh * kw;
		rowsPerTask = Tasks.rowsPerTask(rows, costPerRow, TASK_WORK);
		blocksPerPlane = Tasks.blocks(rows, rowsPerTask);
	}

	/** Number of tasks for {@code numPlanes = N * Cout} output planes. */
	int numTasks(final int numPlanes) {
		return numPlanes * blocksPerPlane;
	}

	/** A worker with its own scratch rows; not thread-safe, make one per thread. */
	IntConsumer worker() {
		final float[] acc = new float[ow];
		final float[] s = new float[ow];
		return task -> computeTask(task, acc, s);
	}

	private void computeTask(final int task, final float[] acc, final float[] s) {
		final int plane = task / blocksPerPlane;
		final int block = task % blocksPerPlane;
		final int n = plane / cout;
		final int co = plane % cout;
		final int rowStart = block * rowsPerTask;
		final int rowEnd = Math.min(od * oh, rowStart + rowsPerTask);
		final float b = bias == null ? 0f : bias[co];
		for (int r = rowStart; r < rowEnd; r++) {
			Arrays.fill(acc, b);
			final int oz = r / oh;
			final int oy = r % oh;
			for (int ci = 0; ci < cin; ci++) {
				final int inChannel = (n * cin + ci) * d;
				final int wChannel = (co * cin + ci) * kd;
				for (int kz = 0; kz < kd; kz++) {
					final long iz = (long) oz * sd + (long) kz * dd - pd;
					if (iz < 0 || iz >= d) continue;
					for (int ky = 0; ky < kh; ky++) {
						final long iy = (long) oy * sh + (long) ky * dh - ph;
						if (iy < 0 || iy >= h) continue;
						final int inRow = ((inChannel + (int) iz) * h + (int) iy) * wd;
						final int wRow = ((wChannel + kz) * kh + ky) * kw;
						row(inRow, wRow, acc, s);
					}
				}
			}
			System.arraycopy(acc, 0, out, (plane * od * oh + r) * ow, ow);
		}
	}

	/** All kw taps of one input row into {@code acc}. */
	private void row(final int inRow, final int wRow, final float[] acc, final float[] s) {
		for (int k = 0; k < kw; k++) {
			final int lo = x0[k], hi = x1[k];
			if (lo >= hi) continue;
			final float wk = w[wRow + k];
			final int base = inRow + xOff[k];
			if (sw == 1 && hi - lo >= MIN_COPY) {
				System.arraycopy(in, base + lo, s, lo, hi - lo);
				multiplyAdd(acc, s, wk, lo, hi);
			}
			else {
				final int step = sw;
				for (int x = lo; x < hi; x++)
					acc[x] += wk * in[base + x * step];
			}
		}
	}

	/** {@code acc[x] += wk * s[x]} for x in [lo, hi): both arrays indexed alike, so C2 vectorizes. */
	private static void multiplyAdd(final float[] acc, final float[] s, final float wk, final int lo,
		final int hi)
	{
		for (int x = lo; x < hi; x++)
			acc[x] += wk * s[x];
	}
}
