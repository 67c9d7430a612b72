package io.github.convnetij.compute;

/**
 * Max and average pooling of {@code [N, C, S...]} tensors over 1-3 trailing spatial axes.
 * <p>
 * Max pooling can also return, per output element, the index of the winning input element as a
 * flat index within its {@code (n, c)} spatial block ({@code d * H * W + h * W + w}), the first
 * maximum in row-major window order, as PyTorch's {@code return_indices}; NaN wins (propagates) as
 * in PyTorch. Average pooling divides by the number of in-bounds elements of each window.
 * Bitwise identical for any thread count.
 * <pre>{@code
 * int[] argmax = new int[outNumel];
 * Tensor out = Pooling.max(in, PoolGeometry.of(2, 2), argmax);
 * }</pre>
 */
public final class Pooling {

	private Pooling() {}

	/** Max pooling; {@code argmax} may be null, else its length is the output's element count. */
	public static Tensor max(final Tensor input, final PoolGeometry g, final int[] argmax) {
		throw new UnsupportedOperationException("not yet");
	}

	/** Average pooling. */
	public static Tensor avg(final Tensor input, final PoolGeometry g) {
		throw new UnsupportedOperationException("not yet");
	}

	/** Output shape {@code [N, C, O...]} for this input shape. */
	public static int[] outputShape(final int[] inputShape, final PoolGeometry g) {
		throw new UnsupportedOperationException("not yet");
	}
}
