package io.github.convnetij.nn;

import java.util.EnumSet;

/** Hyperbolic tangent, element-wise: {@code tanh}; ONNX Tanh. */
final class TanhLayer extends ElementwiseLayer {

	static final LayerKind<TanhLayer> KIND = new LayerKind<>("tanh", TanhLayer.class, 1, EnumSet.of(
		LayerKind.Capability.SHAPE_PRESERVING), "Tanh")
	{

		@Override
		protected TanhLayer create(final Attributes a) {
			return new TanhLayer();
		}

		@Override
		TanhLayer parse(final Architectures.Args args) {
			args.maxPositional(0, type());
			return new TanhLayer();
		}

		@Override
		protected void toOnnx(final TanhLayer l, final OnnxExport out) {}

		@Override
		public void fromOnnx(final OnnxImport in) {
			in.add(new TanhLayer(), in.data(0));
		}
	};

	@Override
	public LayerKind<?> kind() {
		return KIND;
	}

	@Override
	float apply(final float x) {
		return (float) Math.tanh(x);
	}

	@Override
	float derivative(final float x) {
		final double t = Math.tanh(x);
		return (float) (1 - t * t);
	}
}
