package io.github.convnetij.nn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import io.github.convnetij.compute.Gemm;
import io.github.convnetij.compute.Tensor;

/**
 * Fully connected layer {@code y = x W^T + b}, weight {@code [units, in]} as PyTorch's Linear and
 * ONNX Gemm with {@code transB = 1}; all three products on {@link Gemm}.
 */
final class DenseLayer extends Layer {

	private final int units;
	private final boolean hasBias;
	private int in;
	private Parameter weight, bias;
	private Tensor lastInput;

	DenseLayer(final int units, final boolean bias) {
		if (units < 1) throw new IllegalArgumentException("dense needs >= 1 unit, got " + units);
		this.units = units;
		this.hasBias = bias;
	}

	@Override
	public String type() {
		return "dense";
	}

	@Override
	public Map<String, Object> attributes() {
		final Map<String, Object> a = new LinkedHashMap<>();
		a.put("units", units);
		a.put("bias", hasBias);
		return a;
	}

	@Override
	int[] build(final int[][] inputShapes) {
		final int[] s = inputShapes[0];
		if (s.length != 1) throw new IllegalArgumentException("dense needs a flat input [F], got " +
			Arrays.toString(s) + ": put flatten (or globalavgpool, flatten) before it");
		in = s[0];
		weight = addParameter("weight", Tensor.zeros(units, in));
		if (hasBias) bias = addParameter("bias", Tensor.zeros(units));
		return new int[] { units };
	}

	@Override
	void initialize(final Random rnd, final boolean heInit) {
		Initializers.fill(weight.value(), rnd, in, units, heInit);
		if (bias != null) Arrays.fill(bias.value().data(), 0f);
	}

	@Override
	public Tensor forward(final Tensor[] inputs, final boolean training) {
		final Tensor x = checkInput(inputs, 0);
		final int n = x.size(0);
		final Tensor y = output(new int[] { n, units });
		final float[] yd = y.data();
		if (bias != null) {
			final float[] b = bias.value().data();
			// beta = 1 adds the bias rows written here (a reused array holds stale values elsewhere)
			for (int s = 0; s < n; s++)
				System.arraycopy(b, 0, yd, s * units, units);
		}
		Gemm.sgemm(false, true, n, units, in, 1f, x.data(), 0, in, weight.value().data(), 0, in,
			bias == null ? 0f : 1f, yd, 0, units);
		lastInput = training ? x : null;
		return y;
	}

	@Override
	public Tensor[] backward(final Tensor gradOutput, final boolean inputGradients) {
		final Tensor x = requireForward(lastInput);
		final int n = x.size(0);
		final float[] dy = gradOutput.data();
		// dW = dY^T X
		Gemm.sgemm(true, false, units, in, n, 1f, dy, 0, units, x.data(), 0, in, 0f, weight.grad()
			.data(), 0, in);
		if (bias != null) {
			final float[] db = bias.grad().data();
			Parallel.run(units, u -> {
				double sum = 0;
				for (int s = 0; s < n; s++)
					sum += dy[s * units + u];
				db[u] = (float) sum;
			});
		}
		if (!inputGradients) return new Tensor[] { null };
		final Tensor dx = gradient(new int[] { n, in });
		Gemm.sgemm(false, false, n, in, units, 1f, dy, 0, units, weight.value().data(), 0, in, 0f, dx
			.data(), 0, in);
		return new Tensor[] { dx };
	}
}
