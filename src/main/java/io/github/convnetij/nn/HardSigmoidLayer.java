package io.github.convnetij.nn;

import java.util.EnumSet;
import java.util.List;

/**
 * {@code max(0, min(1, alpha x + beta))}, element-wise: {@code hardsigmoid(alpha=0.2, beta=0.5)}
 * (ONNX's defaults; PyTorch's {@code Hardsigmoid} is alpha 1/6); ONNX HardSigmoid.
 */
final class HardSigmoidLayer extends ElementwiseLayer {

	static final LayerKind<HardSigmoidLayer> KIND = new LayerKind<>("hardsigmoid",
		HardSigmoidLayer.class, 1, EnumSet.of(LayerKind.Capability.SHAPE_PRESERVING), "HardSigmoid")
	{

		@Override
		protected HardSigmoidLayer create(final Attributes a) {
			return new HardSigmoidLayer(a.floatValue("alpha", 0.2f), a.floatValue("beta", 0.5f));
		}

		@Override
		HardSigmoidLayer parse(final Architectures.Args args) {
			args.maxPositional(0, "hardsigmoid(alpha=0.2, beta=0.5)");
			return new HardSigmoidLayer(args.number(-1, "alpha", 0.2f), args.number(-1, "beta", 0.5f));
		}

		@Override
		void format(final HardSigmoidLayer l, final List<String> args) {
			if (l.alpha != 0.2f) args.add("alpha=" + l.alpha);
			if (l.beta != 0.5f) args.add("beta=" + l.beta);
		}

		@Override
		protected void toOnnx(final HardSigmoidLayer l, final OnnxExport out) {
			out.attribute("alpha", l.alpha);
			out.attribute("beta", l.beta);
		}

		@Override
		public void fromOnnx(final OnnxImport in) {
			in.add(new HardSigmoidLayer(in.floatAttribute("alpha", 0.2f), in.floatAttribute("beta",
				0.5f)), in.data(0));
		}
	};

	private final float alpha, beta;

	HardSigmoidLayer(final float alpha, final float beta) {
		if (!Float.isFinite(alpha) || !Float.isFinite(beta)) throw new IllegalArgumentException(
			"hardsigmoid alpha and beta must be finite numbers, got " + alpha + " and " + beta);
		this.alpha = alpha;
		this.beta = beta;
	}

	@Override
	public java.util.Map<String, Object> attributes() {
		final java.util.Map<String, Object> a = new java.util.LinkedHashMap<>();
		a.put("alpha", alpha);
		a.put("beta", beta);
		return a;
	}

	@Override
	public LayerKind<?> kind() {
		return KIND;
	}

	@Override
	float apply(final float x) {
		return Math.max(0f, Math.min(1f, alpha * x + beta));
	}

	@Override
	float derivative(final float x) {
		final float v = alpha * x + beta;
		return v > 0f && v < 1f ? alpha : 0f;
	}
}
