package io.github.convnetij.compute;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Pads the trailing (spatial) axes of a tensor with a {@link Boundary} mode.
 * <pre>{@code
 * Tensor p = Padding.pad(t, new int[] {1, 1}, new int[] {1, 1}, Boundary.REFLECT, 0f); // [.., H+2, W+2]
 * }</pre>
 */
public final class Padding {

	/** Rough number of output elements per task. */
	private static final long TASK_WORK = 1 << 16;

	private Padding() {}

	/**
	 * Pads the last {@code before.length} axes of {@code t}: {@code before[i]} and {@code after[i]}
	 * elements on axis {@code rank - before.length + i}; {@code value} is used by ZERO (as 0) and
	 * CONSTANT. Pads may exceed the axis length (the boundary pattern repeats).
	 * <p>
	 * Preconditions: {@code before.length == after.length}, between 1 and {@code t.rank()}; pads
	 * {@code >= 0}; a padded axis of length 0 can only be padded with ZERO or CONSTANT. Returns a new
	 * tensor (also when all pads are 0).
	 *
	 * @throws IllegalArgumentException if a precondition does not hold, naming the values
	 */
	public static Tensor pad(final Tensor t, final int[] before, final int[] after,
		final Boundary mode, final float value)
	{
		if (t == null) throw new IllegalArgumentException("tensor is null");
		if (mode == null) throw new IllegalArgumentException("boundary mode is null");
		if (before == null || after == null || before.length != after.length)
			throw new IllegalArgumentException("pads before " + Arrays.toString(before) + " and after " +
				Arrays.toString(after) + " must have the same length");
		final int[] shape = t.shape();
		final int m = before.length;
		if (m < 1 || m > shape.length) throw new IllegalArgumentException("cannot pad " + m +
			" axes of a tensor of shape " + Arrays.toString(shape));
		final boolean constant = mode == Boundary.ZERO || mode == Boundary.CONSTANT;
		final float fill = mode == Boundary.ZERO ? 0f : value;
		final int lead = shape.length - m;
		final int[] outShape = shape.clone();
		final int[][] maps = new int[m][];
		for (int i = 0; i < m; i++) {
			final int n = shape[lead + i];
			if (before[i] < 0 || after[i] < 0) throw new IllegalArgumentException("pads must be >= 0, got " +
				before[i] + " and " + after[i] + " on axis " + (lead + i));
			final long extent = (long) n + before[i] + after[i];
			if (extent > Integer.MAX_VALUE) throw new IllegalArgumentException("padded extent " + extent +
				" on axis " + (lead + i) + " is too large");
			if (n == 0 && extent > 0 && !constant) throw new IllegalArgumentException("cannot pad axis " +
				(lead + i) + " of length 0 in shape " + Arrays.toString(shape) + " with mode " + mode
					.key() + " (only zero or constant)");
			outShape[lead + i] = (int) extent;
			maps[i] = new int[(int) extent];
			for (int o = 0; o < extent; o++)
				maps[i][o] = n == 0 ? -1 : mode.map((long) o - before[i], n);
		}
		final Tensor out = Tensor.zeros(outShape);
		if (out.numel() == 0) return out;

		final int wIn = shape[shape.length - 1];
		final int wOut = outShape[shape.length - 1];
		final int rows = out.numel() / wOut;
		final int rowsPerTask = Tasks.rowsPerTask(rows, wOut, TASK_WORK);
		final float[] src = t.data();
		final float[] dst = out.data();
		final int[] inShape = shape;
		final IntConsumer task = block -> {
			final int end = Math.min(rows, (block + 1) * rowsPerTask);
			for (int r = block * rowsPerTask; r < end; r++)
				padRow(src, inShape, dst, outShape, maps, lead, r, fill, wIn, wOut, before[m - 1]);
		};
		Tasks.run(Tasks.blocks(rows, rowsPerTask), () -> task);
		return out;
	}

	/** Fills output row {@code r} (all axes but the last fixed). */
	private static void padRow(final float[] src, final int[] inShape, final float[] dst,
		final int[] outShape, final int[][] maps, final int lead, final int r, final float fill,
		final int wIn, final int wOut, final int padLeft)
	{
		final int m = maps.length;
		final int dstRow = r * wOut;
		// decompose r into output indices of axes 0 .. rank-2, innermost first; build input row
		int rest = r;
		int srcRow = 0;
		int stride = wIn;
		for (int a = inShape.length - 2; a >= 0; a--) {
			final int o = rest % outShape[a];
			rest /= outShape[a];
			final int i;
			if (a >= lead) {
				i = maps[a - lead][o];
				if (i < 0) {
					Arrays.fill(dst, dstRow, dstRow + wOut, fill);
					return;
				}
			}
			else i = o;
			srcRow += i * stride;
			stride *= inShape[a];
		}
		final int[] map = maps[m - 1];
		final int mid0 = Math.min(padLeft, wOut);
		final int mid1 = Math.min(wOut, padLeft + wIn);
		for (int x = 0; x < mid0; x++) {
			final int i = map[x];
			dst[dstRow + x] = i < 0 ? fill : src[srcRow + i];
		}
		System.arraycopy(src, srcRow, dst, dstRow + mid0, mid1 - mid0);
		for (int x = mid1; x < wOut; x++) {
			final int i = map[x];
			dst[dstRow + x] = i < 0 ? fill : src[srcRow + i];
		}
	}
}
