package io.github.convnetij.ops;

import java.util.Arrays;

/**
 * A filter kernel of 1, 2 or 3 dimensions, stored as correlation weights in ImgLib2 axis order:
 * {@code dims = {width}}, {@code {width, height}} or {@code {width, height, depth}}, X fastest in
 * {@code weights} (so row {@code y} of a 2D kernel is {@code weights[y * width .. y * width + width)}),
 * the same layout as the text form written rows top to bottom.
 * <pre>{@code
 * Kernel k = Kernel.of(new float[] {-1, 0, 1, -2, 0, 2, -1, 0, 1}, 3, 3); // sobel-x
 * double s = k.sum();                                                     // 0
 * }</pre>
 * Immutable: weights are copied in and out.
 */
public final class Kernel {

	private final float[] weights;
	private final int[] dims;

	private Kernel(final float[] weights, final int[] dims) {
		this.weights = weights;
		this.dims = dims;
	}

	/**
	 * A kernel with the given weights (X fastest) and dimensions (X first).
	 *
	 * @throws IllegalArgumentException if there are not 1-3 dimensions, a dimension is below 1, the
	 *           weight count does not match, or a weight is NaN or infinite
	 */
	public static Kernel of(final float[] weights, final int... dims) {
		if (dims.length < 1 || dims.length > 3) throw new IllegalArgumentException(
			"a kernel has 1, 2 or 3 dimensions, got " + dims.length);
		long n = 1;
		for (final int d : dims) {
			if (d < 1) throw new IllegalArgumentException("kernel dimensions must be >= 1, got " + Arrays
				.toString(dims));
			n *= d;
		}
		if (n != weights.length) throw new IllegalArgumentException("kernel of size " + sizeString(
			dims) + " needs " + n + " weights, got " + weights.length);
		for (int i = 0; i < weights.length; i++)
			if (!Float.isFinite(weights[i])) throw new IllegalArgumentException("kernel weight " + i +
				" is " + weights[i] + ": weights must be finite numbers");
		return new Kernel(weights.clone(), dims.clone());
	}

	/** Number of dimensions (1-3). */
	public int numDimensions() {
		return dims.length;
	}

	/** Extent along ImgLib2 axis {@code d} (0 = X); 1 for {@code d >= numDimensions()}. */
	public int dimension(final int d) {
		return d < dims.length ? dims[d] : 1;
	}

	/** A copy of the dimensions, X first. */
	public int[] dims() {
		return dims.clone();
	}

	/** A copy of the weights, X fastest. */
	public float[] weights() {
		return weights.clone();
	}

	/** Sum of the weights, in double precision. */
	public double sum() {
		double s = 0;
		for (final float w : weights)
			s += w;
		return s;
	}

	/** The kernel reversed along every axis (correlation weights of the convolution by this kernel). */
	public Kernel flipped() {
		final float[] f = new float[weights.length];
		for (int i = 0; i < f.length; i++)
			f[i] = weights[weights.length - 1 - i];
		return new Kernel(f, dims.clone());
	}

	/** This kernel's weights divided by {@code s}. */
	public Kernel scaled(final double s) {
		final float[] f = new float[weights.length];
		for (int i = 0; i < f.length; i++)
			f[i] = (float) (weights[i] / s);
		return new Kernel(f, dims.clone());
	}

	/** e.g. {@code 3x3} or {@code 5x5x3} (width x height x depth). */
	public String sizeString() {
		return sizeString(dims);
	}

	private static String sizeString(final int[] dims) {
		final StringBuilder sb = new StringBuilder();
		for (int i = 0; i < dims.length; i++)
			sb.append(i == 0 ? "" : "x").append(dims[i]);
		return sb.toString();
	}

	/** The text form: rows top to bottom separated by newlines, values by spaces, planes by {@code |}. */
	public String toText() {
		final StringBuilder sb = new StringBuilder();
		final int w = dimension(0), h = dimension(1), z = dimension(2);
		for (int p = 0; p < z; p++) {
			if (p > 0) sb.append("|\n");
			for (int y = 0; y < h; y++) {
				for (int x = 0; x < w; x++) {
					if (x > 0) sb.append(' ');
					sb.append(format(weights[(p * h + y) * w + x]));
				}
				sb.append('\n');
			}
		}
		return sb.toString();
	}

	private static String format(final float v) {
		if (v == Math.rint(v) && Math.abs(v) < 1e7) return Integer.toString((int) v);
		return Float.toString(v);
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof Kernel && Arrays.equals(dims, ((Kernel) o).dims) && Arrays.equals(weights,
			((Kernel) o).weights);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(dims) + Arrays.hashCode(weights);
	}

	@Override
	public String toString() {
		return "Kernel " + sizeString() + "\n" + toText();
	}
}
