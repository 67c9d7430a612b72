package io.github.convnetij.nn;

import java.util.Arrays;

import io.github.convnetij.compute.Tensor;

/**
 * Softmax over the features of {@code [F]} inputs. As the last layer, {@link
 * Network#computeGradients} skips it and applies the fused, stable softmax cross-entropy of
 * {@link Losses} to its input.
 */
final class SoftmaxLayer extends Layer {

	private Tensor lastOutput;

	@Override
	public String type() {
		return "softmax";
	}

	@Override
	int[] build(final int[][] inputShapes) {
		if (inputShapes[0].length != 1) throw new IllegalArgumentException(
			"softmax needs a flat input [F], got " + Arrays.toString(inputShapes[0]) +
				": put flatten before it");
		return inputShapes[0];
	}

	@Override
	public Tensor forward(final Tensor[] inputs, final boolean training) {
		final Tensor y = Losses.softmax(checkInput(inputs, 0));
		lastOutput = training ? y : null;
		return y;
	}

	@Override
	public Tensor[] backward(final Tensor gradOutput, final boolean inputGradients) {
		final Tensor y = requireForward(lastOutput);
		if (!inputGradients) return new Tensor[] { null };
		final int n = y.size(0), k = y.size(1);
		final Tensor dx = Tensor.zeros(n, k);
		final float[] yd = y.data(), g = gradOutput.data(), d = dx.data();
		for (int s = 0; s < n; s++) {
			double dot = 0;
			for (int j = 0; j < k; j++)
				dot += (double) g[s * k + j] * yd[s * k + j];
			for (int j = 0; j < k; j++)
				d[s * k + j] = (float) (yd[s * k + j] * (g[s * k + j] - dot));
		}
		return new Tensor[] { dx };
	}
}
