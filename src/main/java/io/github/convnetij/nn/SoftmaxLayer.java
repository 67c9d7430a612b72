package io.github.convnetij.nn;

import java.util.EnumSet;
import java.util.Arrays;

import io.github.convnetij.compute.Tensor;

/**
 * Softmax over the last axis: the features of {@code [F]} inputs (or each row of {@code [..., F]}).
 * As the last layer on {@code [F]}, {@link Network#computeGradients} skips it and applies the fused,
 * stable softmax cross-entropy of {@link Losses} to its input.
 */
final class SoftmaxLayer extends Layer {

	private Tensor lastOutput;

	/** {@code softmax}; ONNX Softmax over the last axis. */
	static final LayerKind<SoftmaxLayer> KIND = new LayerKind<>("softmax", SoftmaxLayer.class, 1,
		EnumSet.of(LayerKind.Capability.SHAPE_PRESERVING, LayerKind.Capability.NORMALISES_LOGITS),
		"Softmax")
	{

		@Override
		protected boolean has(final SoftmaxLayer l, final LayerKind.Capability c) {
			if (c == LayerKind.Capability.NORMALISES_LOGITS && l.isBuilt() && l.inputShape(0).length != 1)
				return false; // rows of a [..., F] sample are no class scores
			return super.has(l, c);
		}

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
			if (!lastAxis(in, s)) throw new IllegalArgumentException("only a softmax over the last " +
				"axis is supported, not over axis " + in.intAttribute("axis", in.opset() >= 13 ? -1 : 1) +
				" of per-sample shape " + Arrays.toString(s));
			in.add(new SoftmaxLayer(), x);
		}
	};

	@Override
	public LayerKind<?> kind() {
		return KIND;
	}

	/**
	 * Whether an ONNX Softmax or LogSoftmax node of per-sample shape {@code s} acts on the last axis:
	 * from opset 13 its {@code axis} (default -1); before, the input is coerced to 2-d at
	 * {@code axis} (default 1), which is the last axis when axis is the last one or the sample flat.
	 */
	static boolean lastAxis(final LayerKind.OnnxImport in, final int[] s) {
		final long given = in.intAttribute("axis", in.opset() >= 13 ? -1 : 1);
		final int rank = s.length + 1;
		final long axis = given < 0 ? given + rank : given;
		return axis == rank - 1 && axis >= 1;
	}

	@Override
	int[] build(final int[][] inputShapes) {
		if (inputShapes[0].length < 1) throw new IllegalArgumentException(
			"softmax needs an input [F] or [..., F], got " + Arrays.toString(inputShapes[0]));
		return inputShapes[0];
	}

	/** The input as rows of its last axis. */
	static Tensor rows(final Tensor x) {
		final int k = x.size(x.rank() - 1);
		return x.reshape(k == 0 ? 0 : x.numel() / k, k);
	}

	@Override
	public Tensor forward(final Tensor[] inputs, final boolean training) {
		final Tensor x = checkInput(inputs, 0);
		final Tensor y = x.rank() == 2 ? Losses.softmax(x) : Losses.softmax(rows(x)).reshape(x.shape());
		lastOutput = training ? y : null;
		return y;
	}

	@Override
	public Tensor[] backward(final Tensor gradOutput, final boolean inputGradients) {
		final Tensor y = requireForward(lastOutput);
		if (!inputGradients) return new Tensor[] { null };
		final int k = y.size(y.rank() - 1), n = k == 0 ? 0 : y.numel() / k;
		final Tensor dx = Tensor.zeros(y.shape());
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
