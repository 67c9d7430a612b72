package io.github.convnetij.nn;

import java.util.Arrays;
import java.util.EnumSet;

import io.github.convnetij.compute.Tensor;

/**
 * {@code log(softmax(x))} over the last axis (the features of {@code [F]} inputs, or each row of
 * {@code [..., F]}), computed stably as {@code x - max - log(sum(exp(x - max)))}:
 * {@code logsoftmax}; ONNX LogSoftmax over the last axis.
 */
final class LogSoftmaxLayer extends Layer {

	private Tensor lastOutput;

	static final LayerKind<LogSoftmaxLayer> KIND = new LayerKind<>("logsoftmax",
		LogSoftmaxLayer.class, 1, EnumSet.of(LayerKind.Capability.SHAPE_PRESERVING), "LogSoftmax")
	{

		@Override
		protected LogSoftmaxLayer create(final Attributes a) {
			return new LogSoftmaxLayer();
		}

		@Override
		LogSoftmaxLayer parse(final Architectures.Args args) {
			args.maxPositional(0, type());
			return new LogSoftmaxLayer();
		}

		@Override
		protected void toOnnx(final LogSoftmaxLayer l, final OnnxExport out) {
			out.attribute("axis", 1L);
		}

		@Override
		public void fromOnnx(final OnnxImport in) {
			final String x = in.data(0);
			final int[] s = in.shape(x);
			if (!SoftmaxLayer.lastAxis(in, s)) throw new IllegalArgumentException("only a log-softmax " +
				"over the last axis is supported, not over axis " + in.intAttribute("axis", in.opset() >= 13 ?
					-1 : 1) + " of per-sample shape " + Arrays.toString(s));
			in.add(new LogSoftmaxLayer(), x);
		}
	};

	@Override
	public LayerKind<?> kind() {
		return KIND;
	}

	@Override
	int[] build(final int[][] inputShapes) {
		if (inputShapes[0].length < 1) throw new IllegalArgumentException(
			"logsoftmax needs an input [F] or [..., F], got " + Arrays.toString(inputShapes[0]));
		return inputShapes[0];
	}

	@Override
	public Tensor forward(final Tensor[] inputs, final boolean training) {
		final Tensor x = checkInput(inputs, 0);
		final int k = x.size(x.rank() - 1), n = k == 0 ? 0 : x.numel() / k;
		final Tensor y = output(x.shape());
		final float[] xd = x.data(), yd = y.data();
		for (int s = 0; s < n; s++) {
			float max = Float.NEGATIVE_INFINITY;
			for (int j = 0; j < k; j++)
				max = Math.max(max, xd[s * k + j]);
			double sum = 0;
			for (int j = 0; j < k; j++)
				sum += Math.exp(xd[s * k + j] - max);
			final double log = max + Math.log(sum);
			for (int j = 0; j < k; j++)
				yd[s * k + j] = (float) (xd[s * k + j] - log);
		}
		lastOutput = training ? y : null;
		return y;
	}

	@Override
	public Tensor[] backward(final Tensor gradOutput, final boolean inputGradients) {
		final Tensor y = requireForward(lastOutput);
		if (!inputGradients) return new Tensor[] { null };
		final int k = y.size(y.rank() - 1), n = k == 0 ? 0 : y.numel() / k;
		final Tensor dx = gradient(y.shape());
		final float[] yd = y.data(), g = gradOutput.data(), d = dx.data();
		for (int s = 0; s < n; s++) {
			double sum = 0;
			for (int j = 0; j < k; j++)
				sum += g[s * k + j];
			for (int j = 0; j < k; j++)
				d[s * k + j] = (float) (g[s * k + j] - Math.exp(yd[s * k + j]) * sum);
		}
		return new Tensor[] { dx };
	}
}
