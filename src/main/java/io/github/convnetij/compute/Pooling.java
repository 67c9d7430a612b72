package io.github.convnetij.compute;

import java.util.Arrays;

/**
 * Max and average pooling of {@code [N, C, S...]} tensors over 1-3 trailing spatial axes.
 * <p>
 * Max pooling can also return, per output element, the index of the winning input element as a
 * flat index within its {@code (n, c)} spatial block ({@code d * H * W + h * W + w}), the first
 * maximum in row-major window order, as PyTorch's {@code return_indices}; NaN wins (propagates) as
 * in PyTorch (an element replaces the running maximum if it is greater or NaN, so with several NaNs
 * in a window the index is that of the last). Average pooling divides by the number of in-bounds
 * elements of each window (PyTorch's {@code count_include_pad=False}). Padded cells never win and
 * are never counted. Bitwise identical for any thread count.
 * <pre>{@code
 * int[] argmax = new int[outNumel];
 * Tensor out = Pooling.max(in, PoolGeometry.of(2, 2), argmax);
 * Pooling.max(in, PoolGeometry.of(2, 2), null, out);   // again, into the same output
 * }</pre>
 * The variants with an {@code output} tensor write every element of it and allocate nothing: a
 * caller that pools many inputs of one shape (a training loop, a benchmark) reuses one buffer
 * instead of having the JVM zero a new array per call.
 */
public final class Pooling {

	private Pooling() {}

	/**
	 * Max pooling; {@code argmax} may be null, else its length is the output's element count and
	 * it receives the flat index of each winner within its {@code (n, c)} spatial block.
	 * Preconditions: {@code input} has rank {@code g.rank() + 2}, every spatial extent at least 1.
	 *
	 * @throws IllegalArgumentException on a rank mismatch, a window that does not fit, or an
	 *           {@code argmax} array of the wrong length
	 */
	public static Tensor max(final Tensor input, final PoolGeometry g, final int[] argmax) {
		return pool(true, input, g, argmax);
	}

	/**
	 * Max pooling into {@code output}, whose shape must be {@link #outputShape} and which must not
	 * share storage with {@code input}; every element is overwritten. Otherwise as
	 * {@link #max(Tensor, PoolGeometry, int[])}.
	 *
	 * @throws IllegalArgumentException as the other variant, or if {@code output} is null, has
	 *           another shape or is {@code input}'s storage
	 */
	public static void max(final Tensor input, final PoolGeometry g, final int[] argmax,
		final Tensor output)
	{
		pool(true, input, g, argmax, checkedOutput(input, g, output), RowOps.get());
	}

	/**
	 * Average pooling into {@code output}: as {@link #max(Tensor, PoolGeometry, int[], Tensor)}
	 * with {@link #avg(Tensor, PoolGeometry)}'s values.
	 */
	public static void avg(final Tensor input, final PoolGeometry g, final Tensor output) {
		pool(false, input, g, null, checkedOutput(input, g, output), RowOps.get());
	}

	private static Tensor checkedOutput(final Tensor input, final PoolGeometry g,
		final Tensor output)
	{
		if (input == null) throw new IllegalArgumentException("input tensor is null");
		if (output == null) throw new IllegalArgumentException("output tensor is null");
		final int[] shape = outputShape(input.shape(), g);
		if (!Arrays.equals(shape, output.shape())) throw new IllegalArgumentException("output shape " +
			Arrays.toString(output.shape()) + " does not match the pooled shape " + Arrays.toString(
				shape) + " of input " + Arrays.toString(input.shape()));
		if (output.data() == input.data()) throw new IllegalArgumentException(
			"output must not share storage with the input");
		return output;
	}

	/**
	 * Average pooling over the in-bounds elements of each window. Preconditions as
	 * {@link #max}.
	 *
	 * @throws IllegalArgumentException on a rank mismatch or a window that does not fit
	 */
	public static Tensor avg(final Tensor input, final PoolGeometry g) {
		return pool(false, input, g, null);
	}

	/**
	 * Output shape {@code [N, C, O...]} for this input shape, with {@code O} from
	 * {@link PoolGeometry#outputShape}.
	 *
	 * @throws IllegalArgumentException if the input shape does not have rank {@code g.rank() + 2} or
	 *           a window does not fit
	 */
	public static int[] outputShape(final int[] inputShape, final PoolGeometry g) {
		if (g == null) throw new IllegalArgumentException("pool geometry is null");
		if (inputShape == null) throw new IllegalArgumentException("input shape is null");
		final int r = g.rank();
		if (inputShape.length != r + 2) throw new IllegalArgumentException("input shape " + Arrays
			.toString(inputShape) + ": " + r + "-d pooling needs an input of rank " + (r + 2) +
			" [N, C, " + (r == 1 ? "W" : r == 2 ? "H, W" : "D, H, W") + "]");
		Tensor.count(inputShape);
		final int[] spatial;
		try {
			spatial = g.outputShape(Arrays.copyOfRange(inputShape, 2, r + 2));
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException("input shape " + Arrays.toString(inputShape) + ": " + e
				.getMessage(), e);
		}
		final int[] out = new int[r + 2];
		out[0] = inputShape[0];
		out[1] = inputShape[1];
		System.arraycopy(spatial, 0, out, 2, r);
		return out;
	}

	private static Tensor pool(final boolean max, final Tensor input, final PoolGeometry g,
		final int[] argmax)
	{
		return pool(max, input, g, argmax, RowOps.get());
	}

	/** Pooling with the given inner-loop implementation (tests run both). */
	static Tensor pool(final boolean max, final Tensor input, final PoolGeometry g,
		final int[] argmax, final RowOps ops)
	{
		if (input == null) throw new IllegalArgumentException("input tensor is null");
		final Tensor output = Tensor.zeros(outputShape(input.shape(), g));
		pool(max, input, g, argmax, output, ops);
		return output;
	}

	/** Pooling into {@code output}, whose shape has been checked. */
	private static void pool(final boolean max, final Tensor input, final PoolGeometry g,
		final int[] argmax, final Tensor output, final RowOps ops)
	{
		final int[] inShape = input.shape();
		final int[] outShape = output.shape();
		if (argmax != null && argmax.length != output.numel()) throw new IllegalArgumentException(
			"argmax has length " + argmax.length + " but the output " + Arrays.toString(outShape) +
				" has " + output.numel() + " elements");
		if (output.numel() == 0) return;
		final int r = g.rank();
		final PoolKernel kernel = new PoolKernel(max, input.data(), Convolutions.to3d(inShape, r, 1),
			output.data(), Convolutions.to3d(outShape, r, 1), argmax, Convolutions.spatial3d(g.window(),
				1), Convolutions.spatial3d(g.stride(), 1), Convolutions.spatial3d(g.padBefore(), 0), ops);
		Tasks.run(kernel.numTasks(outShape[0] * outShape[1]), kernel::worker);
	}
}
