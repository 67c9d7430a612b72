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

	public PoolGeometry stride(final int... s) {
		return new PoolGeometry(window, s, padBefore, padAfter, ceil);
	}

	public PoolGeometry pad(final int[] before, final int[] after) {
		return new PoolGeometry(window, stride, before, after, ceil);
	}

	public PoolGeometry ceil(final boolean c) {
		return new PoolGeometry(window, stride, padBefore, padAfter, c);
	}

	public int rank() {
		return window.length;
	}

	public int[] window() {
		return window.clone();
	}

	public int[] stride() {
		return stride.clone();
	}

	public int[] padBefore() {
		return padBefore.clone();
	}

	public int[] padAfter() {
		return padAfter.clone();
	}

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
		throw new UnsupportedOperationException("not yet");
	}
}
