package io.github.convnetij.nn;

import java.util.EnumSet;
import java.util.Arrays;

import io.github.convnetij.compute.Tensor;

/**
 * Softmax over the features of {@code [F]} inputs. As the last layer, {@link
 * Network#computeGradients} skips it and applies the fused, stable softmax cross-entropy of
 * {@link Losses} to its input.
 */
final class SoftmaxLayer extends Layer {

	private Tensor lastOutput;

	/** {@code softmax}; ONNX Softmax (axis 1 of {@code [N, F]}). */
	static final LayerKind<SoftmaxLayer> KIND = new LayerKind<>("softmax", SoftmaxLayer.class, 1,
		EnumSet.of(LayerKind.Capability.SHAPE_PRESERVING, LayerKind.Capability.NORMALISES_LOGITS),
		"Softmax")
	{

		@Override
		protected SoftmaxLayer create(final Attributes a) {
			return new SoftmaxLayer();
		}

		@Override
		SoftmaxLayer parse(final Architectures.Args args) {
			args.maxPositional(0, type());
			return new SoftmaxLayer();
		}

		@Override
		protected void toOnnx(final SoftmaxLayer l, final OnnxExport out) {
			out.attribute("axis", 1L);
		}

		@Override
		public void fromOnnx(final OnnxImport in) {
			final String x = in.data(0);
			final int[] s = in.shape(x);
			final long given = in.intAttribute("axis", in.opset() >= 13 ? -1 : 1);
			final long axis = given < 0 ? given + s.length + 1 : given;
			if (s.length != 1 || axis != 1) throw new IllegalArgumentException("only a softmax over " +
				"the features of [N, F] is supported, not over axis " + given + " of per-sample shape " +
				Arrays.toString(s));
			in.add(new SoftmaxLayer(), x);
		}
	};

	@Override
	public LayerKind<?> kind() {
		return KIND;
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
