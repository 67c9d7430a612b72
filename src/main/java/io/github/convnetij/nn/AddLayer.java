package io.github.convnetij.nn;

import java.util.Arrays;

import io.github.convnetij.compute.Tensor;

/** Element-wise sum of two inputs of the same shape (residual connections). */
final class AddLayer extends Layer {

	private boolean forwarded;

	@Override
	public String type() {
		return "add";
	}

	@Override
	public int numInputs() {
		return 2;
	}

	@Override
	int[] build(final int[][] inputShapes) {
		if (!Arrays.equals(inputShapes[0], inputShapes[1])) throw new IllegalArgumentException(
			"add needs two inputs of the same shape, got " + Arrays.toString(inputShapes[0]) + " and " +
				Arrays.toString(inputShapes[1]));
		return inputShapes[0];
	}

	@Override
	public Tensor forward(final Tensor[] inputs, final boolean training) {
		final Tensor a = checkInput(inputs, 0), b = checkInput(inputs, 1);
		final Tensor y = output(a.shape());
		final float[] ad = a.data(), bd = b.data(), yd = y.data();
		Parallel.elements(yd.length, (from, to) -> {
			for (int i = from; i < to; i++)
				yd[i] = ad[i] + bd[i];
		});
		forwarded = training;
		return y;
	}

	@Override
	public Tensor[] backward(final Tensor gradOutput, final boolean inputGradients) {
		if (!forwarded) requireForward(null);
		return inputGradients ? new Tensor[] { gradOutput, gradOutput } : new Tensor[2];
	}
}
