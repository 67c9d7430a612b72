package io.github.convnetij.nn;

import io.github.convnetij.compute.Tensor;

/** {@code [C, S...]} to {@code [C * S...]}: a reshape sharing the data. */
final class FlattenLayer extends Layer {

	private int[] lastInputShape;

	@Override
	public String type() {
		return "flatten";
	}

	@Override
	int[] build(final int[][] inputShapes) {
		long n = 1;
		for (final int s : inputShapes[0])
			n *= s;
		return new int[] { (int) n };
	}

	@Override
	public Tensor forward(final Tensor[] inputs, final boolean training) {
		final Tensor x = checkInput(inputs, 0);
		lastInputShape = training ? x.shape() : null;
		return x.reshape(x.size(0), outputShape()[0]);
	}

	@Override
	public Tensor[] backward(final Tensor gradOutput, final boolean inputGradients) {
		final int[] s = requireForward(lastInputShape);
		return new Tensor[] { inputGradients ? gradOutput.reshape(s) : null };
	}
}
