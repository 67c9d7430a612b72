package io.github.convnetij.nn;

import java.util.EnumSet;
import io.github.convnetij.compute.Tensor;

/** {@code [C, S...]} to {@code [C * S...]}: a reshape sharing the data. */
final class FlattenLayer extends Layer {

	private int[] lastInputShape;

	/** {@code flatten}; ONNX Flatten (axis 1) (and Reshape to {@code [N, -1]}: see {@link ReshapeLayer}). */
	static final LayerKind<FlattenLayer> KIND = new LayerKind<>("flatten", FlattenLayer.class, 1,
		EnumSet.of(LayerKind.Capability.KEEPS_UNITS, LayerKind.Capability.ALIASES_INPUT), "Flatten")
	{

		@Override
		protected FlattenLayer create(final Attributes a) {
			return new FlattenLayer();
		}

		@Override
		FlattenLayer parse(final Architectures.Args args) {
			args.maxPositional(0, type());
			return new FlattenLayer();
		}

		@Override
		protected void toOnnx(final FlattenLayer l, final OnnxExport out) {
			out.attribute("axis", 1L);
		}

		@Override
		public void fromOnnx(final OnnxImport in) {
			final String x = in.data(0);
			final int[] s = in.shape(x);
			final long given = in.intAttribute("axis", 1);
			final long axis = given < 0 ? given + s.length + 1 : given;
			if (axis != 1) throw new IllegalArgumentException("axis " + given +
				" is not supported: only axis 1 (keep the batch axis, flatten the rest)");
			in.add(new FlattenLayer(), x);
		}
	};

	@Override
	public LayerKind<?> kind() {
		return KIND;
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
