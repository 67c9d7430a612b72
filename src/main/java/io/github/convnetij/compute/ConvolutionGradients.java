package io.github.convnetij.compute;

import java.util.Arrays;

/**
 * Gradients of {@link Convolutions#correlate} for the backward pass of a convolution layer, as
 * matrix products: {@code dX = col2im(W^T dY)} and {@code dW = sum_n dY[n] col[n]^T}, on the
 * same packed GEMM kernels as the forward pass. Bitwise identical for any thread count.
 * <pre>{@code
 * Tensor y = Convolutions.correlate(x, w, b, g);
 * Tensor dx = ConvolutionGradients.input(dy, w, x.shape(), g);
 * Tensor dw = Tensor.zeros(w.shape());
 * float[] db = new float[w.size(0)];
 * ConvolutionGradients.weight(x, dy, g, dw, db);
 * }</pre>
 */
public final class ConvolutionGradients {

	private ConvolutionGradients() {}

	/**
	 * d(loss)/d(input) from d(loss)/d(output) {@code gradOutput} and the weight.
	 *
	 * @param inputShape {@code [N, Cin, S...]} of the forward input
	 * @throws IllegalArgumentException if {@code gradOutput} does not have the forward output's
	 *           shape, naming the shapes
	 */
	public static Tensor input(final Tensor gradOutput, final Tensor weight, final int[] inputShape,
		final ConvGeometry geometry)
	{
		return input(GemmKernels.BEST, gradOutput, weight, inputShape, geometry);
	}

	/**
	 * {@link #input(Tensor, Tensor, int[], ConvGeometry)} into {@code gradInput}, whose shape is the
	 * forward input's; every element is overwritten (its previous contents do not matter).
	 *
	 * @throws IllegalArgumentException if the shapes do not match, naming them
	 */
	public static void input(final Tensor gradOutput, final Tensor weight, final ConvGeometry geometry,
		final Tensor gradInput)
	{
		final int[] inShape = gradInput.shape(), wShape = weight.shape();
		checkGrad(gradOutput, inShape, wShape, geometry);
		if (gradInput.numel() == 0) return;
		ConvGemm.of(GemmKernels.BEST, inShape, wShape, geometry).inputGradient(gradOutput.data(), weight
			.data(), gradInput.data());
	}

	/**
	 * Sets {@code gradWeight} to d(loss)/d(weight) and, if not null, {@code gradBias} (length
	 * Cout) to d(loss)/d(bias), from the forward input and d(loss)/d(output).
	 *
	 * @throws IllegalArgumentException if the shapes do not match, naming them
	 */
	public static void weight(final Tensor input, final Tensor gradOutput,
		final ConvGeometry geometry, final Tensor gradWeight, final float[] gradBias)
	{
		weight(GemmKernels.BEST, input, gradOutput, geometry, gradWeight, gradBias);
	}

	static Tensor input(final GemmKernel kernel, final Tensor gradOutput, final Tensor weight,
		final int[] inputShape, final ConvGeometry geometry)
	{
		final int[] wShape = weight.shape();
		checkGrad(gradOutput, inputShape, wShape, geometry);
		final Tensor dx = Tensor.zeros(inputShape);
		if (dx.numel() == 0) return dx;
		ConvGemm.of(kernel, inputShape, wShape, geometry).inputGradient(gradOutput.data(), weight
			.data(), dx.data());
		return dx;
	}

	static void weight(final GemmKernel kernel, final Tensor input, final Tensor gradOutput,
		final ConvGeometry geometry, final Tensor gradWeight, final float[] gradBias)
	{
		final int[] inShape = input.shape(), wShape = gradWeight.shape();
		checkGrad(gradOutput, inShape, wShape, geometry);
		if (gradBias != null && gradBias.length != wShape[0]) throw new IllegalArgumentException(
			"bias gradient has " + gradBias.length + " values but the weight " + Arrays.toString(wShape) +
				" has " + wShape[0] + " output channels");
		if (gradWeight.numel() == 0) return;
		ConvGemm.of(kernel, inShape, wShape, geometry).weightGradient(input.data(), gradOutput.data(),
			gradWeight.data(), gradBias);
	}

	private static void checkGrad(final Tensor gradOutput, final int[] inShape, final int[] wShape,
		final ConvGeometry geometry)
	{
		final int[] outShape = Convolutions.outputShape(inShape, wShape, geometry);
		if (gradOutput == null || !Arrays.equals(outShape, gradOutput.shape()))
			throw new IllegalArgumentException("output gradient " + (gradOutput == null ? "null" : Arrays
				.toString(gradOutput.shape())) + " does not have the output shape " + Arrays.toString(
					outShape) + " of input " + Arrays.toString(inShape) + " and weight " + Arrays.toString(
						wShape));
	}
}
