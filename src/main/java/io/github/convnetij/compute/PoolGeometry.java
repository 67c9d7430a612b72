package io.github.convnetij.compute;

/**
 * Geometry of N-d pooling over the spatial axes (outermost first): window, stride, zero-free
 * padding before/after (padded cells never win a max and are not counted by an average), and
 * whether partial windows at the end are kept ({@code ceil}, as PyTorch's {@code ceil_mode}: a
 * window is kept if it starts inside the input or the leading padding) or dropped (floor).
 * <pre>{@code
 * PoolGeometry g = PoolGeometry.of(2, 2);              // 2x2 window, stride 2, floor
 * PoolGeometry h = PoolGeometry.of(3, 3).stride(2, 2).ceil(true);
 * }</pre>
 */
public final class PoolGeometry {

	private final int[] window, stride, padBefore, padAfter;
	private final boolean ceil;

	private PoolGeometry(final int[] window, final int[] stride, final int[] padBefore,
		final int[] padAfter, final boolean ceil)
	{
		final int r = window.length;
		if (r < 1 || r > 3) throw new IllegalArgumentException(
			"pooling needs 1, 2 or 3 window sizes, got " + r);
		if (stride.length != r || padBefore.length != r || padAfter.length != r)
			throw new IllegalArgumentException("window, stride and pads must have " + r +
				" entries each (one per spatial axis)");
		for (int i = 0; i < r; i++) {
			if (window[i] < 1) throw new IllegalArgumentException("pool size must be >= 1, got " +
				window[i]);
			if (stride[i] < 1) throw new IllegalArgumentException("stride must be >= 1, got " +
				stride[i]);
			if (padBefore[i] < 0 || padAfter[i] < 0) throw new IllegalArgumentException(
				"padding must be >= 0");
			if (padBefore[i] >= window[i] || padAfter[i] >= window[i])
				throw new IllegalArgumentException("padding " + Math.max(padBefore[i], padAfter[i]) +
					" must be smaller than the window " + window[i]);
		}
		this.window = window.clone();
		this.stride = stride.clone();
		this.padBefore = padBefore.clone();
		this.padAfter = padAfter.clone();
		this.ceil = ceil;
	}

	/** Window as given, stride = window, no padding, floor. */
	public static PoolGeometry of(final int... window) {
		return new PoolGeometry(window, window, new int[window.length], new int[window.length],
			false);
	}

	/** A copy with this stride per axis (each >= 1, one per spatial axis). */
	public PoolGeometry stride(final int... s) {
		return new PoolGeometry(window, s, padBefore, padAfter, ceil);
	}

	/** A copy with this padding before and after per axis (each >= 0 and smaller than the window). */
	public PoolGeometry pad(final int[] before, final int[] after) {
		return new PoolGeometry(window, stride, before, after, ceil);
	}

	/** A copy keeping ({@code true}) or dropping ({@code false}) partial windows at the end. */
	public PoolGeometry ceil(final boolean c) {
		return new PoolGeometry(window, stride, padBefore, padAfter, c);
	}

	/** Number of spatial axes (1, 2 or 3). */
	public int rank() {
		return window.length;
	}

	/** A copy of the window extents, outermost axis first. */
	public int[] window() {
		return window.clone();
	}

	/** A copy of the strides. */
	public int[] stride() {
		return stride.clone();
	}

	/** A copy of the padding before each axis. */
	public int[] padBefore() {
		return padBefore.clone();
	}

	/** A copy of the padding after each axis. */
	public int[] padAfter() {
		return padAfter.clone();
	}

	/** Whether partial windows at the end are kept (PyTorch's {@code ceil_mode}). */
	public boolean ceil() {
		return ceil;
	}

	/**
	 * Output extents for the given input extents.
	 *
	 * @throws IllegalArgumentException if an output extent would be below 1 (window larger than the
	 *           padded input with floor), naming the axis and sizes
	 */
	public int[] outputShape(final int[] inSpatial) {
		final int r = rank();
		if (inSpatial == null || inSpatial.length != r) throw new IllegalArgumentException("expected " +
			r + " spatial extents, got " + (inSpatial == null ? "none" : java.util.Arrays.toString(
				inSpatial)));
		final int[] out = new int[r];
		for (int i = 0; i < r; i++) {
			final long n = inSpatial[i];
			if (n < 1) throw new IllegalArgumentException("input extent " + n + " on spatial axis " + i +
				": pooling needs at least 1 element");
			final long span = n + padBefore[i] + padAfter[i] - window[i];
			long o;
			if (span < 0) {
				if (!ceil) throw new IllegalArgumentException("pool window " + window[i] +
					" does not fit input extent " + n + " padded by " + padBefore[i] + "+" + padAfter[i] +
					" on spatial axis " + i + " (use ceil mode for a partial window)");
				o = 1; // one partial window
			}
			else if (ceil) {
				o = (span + stride[i] - 1) / stride[i] + 1;
				// as PyTorch: the last window must start inside the input or the leading padding
				if ((o - 1) * stride[i] >= n + padBefore[i]) o--;
			}
			else o = span / stride[i] + 1;
			if (o < 1) throw new IllegalArgumentException("pooling output extent " + o +
				" on spatial axis " + i + " for input extent " + n + ", window " + window[i] +
				", stride " + stride[i]);
			out[i] = (int) ConvGeometry.checkedExtent(o, i);
		}
		return out;
	}
}
