package io.github.convnetij.nn;

import java.util.EnumSet;

/** {@code 1 / (1 + exp(-x))}, element-wise: {@code sigmoid}; ONNX Sigmoid. */
final class SigmoidLayer extends ElementwiseLayer {

	static final LayerKind<SigmoidLayer> KIND = new LayerKind<>("sigmoid", SigmoidLayer.class, 1,
		EnumSet.of(LayerKind.Capability.SHAPE_PRESERVING), "Sigmoid")
	{

		@Override
		protected SigmoidLayer create(final Attributes a) {
			return new SigmoidLayer();
		}

		@Override
		SigmoidLayer parse(final Architectures.Args args) {
			args.maxPositional(0, type());
			return new SigmoidLayer();
		}

		@Override
		protected void toOnnx(final SigmoidLayer l, final OnnxExport out) {}

		@Override
		public void fromOnnx(final OnnxImport in) {
			in.add(new SigmoidLayer(), in.data(0));
		}
	};

	@Override
	public LayerKind<?> kind() {
		return KIND;
	}

	@Override
	float apply(final float x) {
		return (float) (1 / (1 + Math.exp(-(double) x)));
	}

	@Override
	float derivative(final float x) {
		final double s = 1 / (1 + Math.exp(-(double) x));
		return (float) (s * (1 - s));
	}
}
