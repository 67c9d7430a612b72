package io.github.convnetij.compute;

/**
 * Geometry of an N-d convolution over the spatial axes (outermost first: D, H, W): stride,
 * dilation, and explicit zero padding before and after on each axis.
 * <p>
 * For an input extent {@code n}, kernel extent {@code k}: the output extent is
 * {@code (n + padBefore + padAfter - dilation * (k - 1) - 1) / stride + 1} (floor division).
 * PyTorch/ONNX {@code SAME_UPPER} for an odd or even kernel is {@code padBefore = (k-1)/2},
 * {@code padAfter = k-1-padBefore}; scipy.ndimage's {@code correlate} alignment is
 * {@code padBefore = k/2}, {@code padAfter = k-1-k/2}.
 * <pre>{@code
 * ConvGeometry g = ConvGeometry.of(2).pad(new int[] {1, 1}, new int[] {1, 1});  // 3x3, "same"
 * Tensor out = Convolutions.correlate(input, weight, bias, g);
 * }</pre>
 * Instances are immutable; the "with" methods return copies.
 */
public final class ConvGeometry {

	private final int[] stride, dilation, padBefore, padAfter;

	private ConvGeometry(final int[] stride, final int[] dilation, final int[] padBefore,
		final int[] padAfter)
	{
		final int r = stride.length;
		if (dilation.length != r || padBefore.length != r || padAfter.length != r)
			throw new IllegalArgumentException("stride, dilation and pads must have " + r +
				" entries each (one per spatial axis)");
		for (int i = 0; i < r; i++) {
			if (stride[i] < 1) throw new IllegalArgumentException("stride must be >= 1, got " +
				stride[i]);
			if (dilation[i] < 1) throw new IllegalArgumentException("dilation must be >= 1, got " +
				dilation[i]);
			if (padBefore[i] < 0 || padAfter[i] < 0) throw new IllegalArgumentException(
				"padding must be >= 0, got " + padBefore[i] + " and " + padAfter[i]);
		}
		this.stride = stride.clone();
		this.dilation = dilation.clone();
		this.padBefore = padBefore.clone();
		this.padAfter = padAfter.clone();
	}

	/** Stride 1, dilation 1, no padding, over {@code spatialRank} (1, 2 or 3) axes. */
	public static ConvGeometry of(final int spatialRank) {
		if (spatialRank < 1 || spatialRank > 3) throw new IllegalArgumentException(
			"spatial rank must be 1, 2 or 3, got " + spatialRank);
		final int[] ones = new int[spatialRank];
		java.util.Arrays.fill(ones, 1);
		return new ConvGeometry(ones, ones, new int[spatialRank], new int[spatialRank]);
	}

	public ConvGeometry stride(final int... s) {
		return new ConvGeometry(s, dilation, padBefore, padAfter);
	}

	public ConvGeometry dilation(final int... d) {
		return new ConvGeometry(stride, d, padBefore, padAfter);
	}

	public ConvGeometry pad(final int[] before, final int[] after) {
		return new ConvGeometry(stride, dilation, before, after);
	}

	public int rank() {
		return stride.length;
	}

	public int[] stride() {
		return stride.clone();
	}

	public int[] dilation() {
		return dilation.clone();
	}

	public int[] padBefore() {
		return padBefore.clone();
	}

	public int[] padAfter() {
		return padAfter.clone();
	}

	/**
	 * Output extents for the given input and kernel extents (spatial axes only).
	 *
	 * @throws IllegalArgumentException if an output extent would be below 1
	 */
	public int[] outputShape(final int[] inSpatial, final int[] kernelSpatial) {
		final int r = rank();
		if (inSpatial.length != r || kernelSpatial.length != r) throw new IllegalArgumentException(
			"expected " + r + " spatial extents");
		final int[] out = new int[r];
		for (int i = 0; i < r; i++) {
			final long span = (long) dilation[i] * (kernelSpatial[i] - 1) + 1;
			final long avail = (long) inSpatial[i] + padBefore[i] + padAfter[i];
			if (kernelSpatial[i] < 1 || avail < span) throw new IllegalArgumentException(
				"kernel extent " + kernelSpatial[i] + " (dilated " + span + ") does not fit input extent " +
					inSpatial[i] + " padded by " + padBefore[i] + "+" + padAfter[i] + " on spatial axis " + i);
			out[i] = (int) (checkedExtent((avail - span) / stride[i] + 1, i));
		}
		return out;
	}

	/** An output extent, refused when it exceeds what an array axis can hold. */
	static long checkedExtent(final long extent, final int axis) {
		if (extent > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("output extent " +
			extent + " on spatial axis " + axis + " is more than an array can hold (2^31 - 9): " +
			"the padding is too large");
		return extent;
	}
}
