package io.github.convnetij.compute;

/**
 * Direct N-d correlation (and convolution, via {@link #flip}) of batched multi-channel tensors:
 * the one kernel used by the image operations and by the CNN's convolution layer.
 * <p>
 * Input {@code [N, Cin, S...]}, weight {@code [Cout, Cin, K...]}, output {@code [N, Cout, O...]},
 * with 1, 2 or 3 spatial axes {@code S} (W; H, W; D, H, W). Correlation, as PyTorch and ONNX:
 * <pre>
 * out[n, co, o] = bias[co] + sum_{ci, k} w[co, ci, k] * in[n, ci, o * stride + k * dilation - padBefore]
 * </pre>
 * with zeros outside the input. Other boundary modes: pad first with {@link Padding#pad}.
 * Multithreaded through ImgLib2's {@code Parallelization}; results are bitwise identical for any
 * thread count.
 * <pre>{@code
 * Tensor out = Parallelization.runWithNumThreads(2,
 *     () -> Convolutions.correlate(in, w, null, ConvGeometry.of(2).pad(new int[] {1, 1}, new int[] {1, 1})));
 * }</pre>
 */
public final class Convolutions {

	private Convolutions() {}

	/**
	 * Correlation into a new tensor. {@code bias} may be null (no bias) or has length Cout.
	 *
	 * @throws IllegalArgumentException on rank, channel or shape mismatches, naming the shapes
	 */
	public static Tensor correlate(final Tensor input, final Tensor weight, final float[] bias,
		final ConvGeometry geometry)
	{
		throw new UnsupportedOperationException("not yet");
	}

	/** Correlation into {@code output}, whose shape must be {@link #outputShape}. */
	public static void correlate(final Tensor input, final Tensor weight, final float[] bias,
		final ConvGeometry geometry, final Tensor output)
	{
		throw new UnsupportedOperationException("not yet");
	}

	/** Shape of the output of {@link #correlate} for these operands. */
	public static int[] outputShape(final int[] inputShape, final int[] weightShape,
		final ConvGeometry geometry)
	{
		throw new UnsupportedOperationException("not yet");
	}

	/** A copy of {@code weight} [Cout, Cin, K...] with every spatial axis reversed. */
	public static Tensor flip(final Tensor weight) {
		throw new UnsupportedOperationException("not yet");
	}
}
