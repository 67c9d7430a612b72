package io.github.convnetij.nn;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.convnetij.compute.Tensor;

/** ReLU ({@code max(x, 0)}) and leaky ReLU ({@code x > 0 ? x : alpha x}), element-wise. */
final class ActivationLayer extends Layer {

	private final float alpha;
	private final boolean leaky;
	private Tensor lastInput;

	ActivationLayer(final float alpha, final boolean leaky) {
		if (!Float.isFinite(alpha)) throw new IllegalArgumentException(
			"leakyrelu alpha must be a finite number, got " + alpha);
		this.alpha = alpha;
		this.leaky = leaky;
	}

	@Override
	public String type() {
		return leaky ? "leakyrelu" : "relu";
	}

	@Override
	public Map<String, Object> attributes() {
		final Map<String, Object> a = new LinkedHashMap<>();
		if (leaky) a.put("alpha", alpha);
		return a;
	}

	@Override
	int[] build(final int[][] inputShapes) {
		return inputShapes[0];
	}

	@Override
	public Tensor forward(final Tensor[] inputs, final boolean training) {
		final Tensor x = checkInput(inputs, 0);
		final Tensor y = output(x.shape());
		final float[] xd = x.data(), yd = y.data();
		final float a = leaky ? alpha : 0f;
		Parallel.elements(xd.length, (from, to) -> {
			if (leaky) for (int i = from; i < to; i++) {
				final float v = xd[i];
				yd[i] = v > 0 ? v : a * v;
			}
			else for (int i = from; i < to; i++)
				yd[i] = Math.max(xd[i], 0f);
		});
		lastInput = training ? x : null;
		return y;
	}

	@Override
	public Tensor[] backward(final Tensor gradOutput, final boolean inputGradients) {
		final Tensor x = requireForward(lastInput);
		if (!inputGradients) return new Tensor[] { null };
		final Tensor dx = gradient(x.shape());
		final float[] xd = x.data(), g = gradOutput.data(), d = dx.data();
		final float a = leaky ? alpha : 0f;
		// branch-free (the signs of the inputs are unpredictable): mask = x > 0 ? -1 : 0 from the
		// bits, -0.0 and NaN with the sign bit set count as not positive
		Parallel.elements(xd.length, (from, to) -> {
			if (leaky) for (int i = from; i < to; i++) {
				final int b = Float.floatToRawIntBits(xd[i]);
				final int m = (~b & -b) >> 31;
				d[i] = Float.intBitsToFloat(Float.floatToRawIntBits(g[i]) & m | Float.floatToRawIntBits(a *
					g[i]) & ~m);
			}
			else for (int i = from; i < to; i++) {
				final int b = Float.floatToRawIntBits(xd[i]);
				d[i] = Float.intBitsToFloat(Float.floatToRawIntBits(g[i]) & (~b & -b) >> 31);
			}
		});
		return new Tensor[] { dx };
	}
}
