package io.github.convnetij.nn;

import io.github.convnetij.compute.Tensor;

/**
 * Base of the element-wise activations whose kind is a one-file descriptor (sigmoid, tanh, clip,
 * hardsigmoid, hardswish): {@code y = f(x)} element by element, any shape; the backward pass
 * multiplies by {@code f'(x)}.
 */
abstract class ElementwiseLayer extends Layer {

	private Tensor lastInput;

	/** {@code f(x)}. */
	abstract float apply(float x);

	/** {@code f'(x)}. */
	abstract float derivative(float x);

	@Override
	final int[] build(final int[][] inputShapes) {
		return inputShapes[0];
	}

	@Override
	public final Tensor forward(final Tensor[] inputs, final boolean training) {
		final Tensor x = checkInput(inputs, 0);
		final Tensor y = output(x.shape());
		final float[] xd = x.data(), yd = y.data();
		Parallel.elements(xd.length, (from, to) -> {
			for (int i = from; i < to; i++)
				yd[i] = apply(xd[i]);
		});
		lastInput = training ? x : null;
		return y;
	}

	@Override
	public final Tensor[] backward(final Tensor gradOutput, final boolean inputGradients) {
		final Tensor x = requireForward(lastInput);
		if (!inputGradients) return new Tensor[] { null };
		final Tensor dx = gradient(x.shape());
		final float[] xd = x.data(), g = gradOutput.data(), d = dx.data();
		Parallel.elements(xd.length, (from, to) -> {
			for (int i = from; i < to; i++)
				d[i] = g[i] * derivative(xd[i]);
		});
		return new Tensor[] { dx };
	}
}
