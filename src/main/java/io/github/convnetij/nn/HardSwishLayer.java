package io.github.convnetij.nn;

import java.util.EnumSet;

/** {@code x * max(0, min(1, x / 6 + 1/2))}, element-wise: {@code hardswish}; ONNX HardSwish. */
final class HardSwishLayer extends ElementwiseLayer {

	static final LayerKind<HardSwishLayer> KIND = new LayerKind<>("hardswish", HardSwishLayer.class,
		1, EnumSet.of(LayerKind.Capability.SHAPE_PRESERVING), "HardSwish")
	{

		@Override
		protected HardSwishLayer create(final Attributes a) {
			return new HardSwishLayer();
		}

		@Override
		HardSwishLayer parse(final Architectures.Args args) {
			args.maxPositional(0, type());
			return new HardSwishLayer();
		}

		@Override
		protected void toOnnx(final HardSwishLayer l, final OnnxExport out) {}

		@Override
		public void fromOnnx(final OnnxImport in) {
			in.add(new HardSwishLayer(), in.data(0));
		}
	};

	@Override
	public LayerKind<?> kind() {
		return KIND;
	}

	@Override
	float apply(final float x) {
		return x * Math.max(0f, Math.min(1f, x / 6f + 0.5f));
	}

	/** As PyTorch's hardswish backward: the middle piece's slope on the closed interval [-3, 3]. */
	@Override
	float derivative(final float x) {
		return x < -3f ? 0f : x > 3f ? 1f : x / 3f + 0.5f;
	}
}
