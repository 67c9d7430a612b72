package io.github.convnetij.nn;

import java.util.EnumSet;
import java.util.List;

/**
 * {@code min(max(x, min), max)}, element-wise: {@code clip(min=0, max=6)} (either bound may be left
 * out: unbounded); ONNX Clip (bounds as inputs from opset 11, attributes before).
 */
final class ClipLayer extends ElementwiseLayer {

	static final LayerKind<ClipLayer> KIND = new LayerKind<>("clip", ClipLayer.class, 1, EnumSet.of(
		LayerKind.Capability.SHAPE_PRESERVING), "Clip")
	{

		@Override
		protected ClipLayer create(final Attributes a) {
			return new ClipLayer(a.floatValue("min", Float.NEGATIVE_INFINITY), a.floatValue("max",
				Float.POSITIVE_INFINITY));
		}

		@Override
		ClipLayer parse(final Architectures.Args args) {
			args.maxPositional(0, "clip(min=0, max=6)");
			return new ClipLayer(args.number(-1, "min", Float.NEGATIVE_INFINITY), args.number(-1, "max",
				Float.POSITIVE_INFINITY));
		}

		@Override
		void format(final ClipLayer l, final List<String> args) {
			if (l.min != Float.NEGATIVE_INFINITY) args.add("min=" + l.min);
			if (l.max != Float.POSITIVE_INFINITY) args.add("max=" + l.max);
		}

		@Override
		protected void toOnnx(final ClipLayer l, final OnnxExport out) {
			if (l.min != Float.NEGATIVE_INFINITY) out.constant(out.name() + ".min", new float[] { l.min });
			else if (l.max != Float.POSITIVE_INFINITY) out.input(""); // omitted min
			if (l.max != Float.POSITIVE_INFINITY) out.constant(out.name() + ".max", new float[] { l.max });
		}

		@Override
		public void fromOnnx(final OnnxImport in) {
			final String x = in.data(0);
			float min = Float.NEGATIVE_INFINITY, max = Float.POSITIVE_INFINITY;
			if (in.opset() < 11) {
				min = in.floatAttribute("min", min);
				max = in.floatAttribute("max", max);
			}
			else {
				final float[] lo = in.constantFloats(1, "min"), hi = in.constantFloats(2, "max");
				if (lo != null) min = scalar(lo, "min");
				if (hi != null) max = scalar(hi, "max");
			}
			in.add(new ClipLayer(min, max), x);
		}

		private float scalar(final float[] v, final String what) {
			if (v.length != 1) throw new IllegalArgumentException(what + " must be a scalar, got " +
				v.length + " values");
			return v[0];
		}
	};

	private final float min, max;

	ClipLayer(final float min, final float max) {
		if (Float.isNaN(min) || Float.isNaN(max) || min > max) throw new IllegalArgumentException(
			"clip needs min <= max, got " + min + " and " + max);
		this.min = min;
		this.max = max;
	}

	@Override
	public java.util.Map<String, Object> attributes() {
		final java.util.Map<String, Object> a = new java.util.LinkedHashMap<>();
		if (min != Float.NEGATIVE_INFINITY) a.put("min", min);
		if (max != Float.POSITIVE_INFINITY) a.put("max", max);
		return a;
	}

	@Override
	public LayerKind<?> kind() {
		return KIND;
	}

	@Override
	float apply(final float x) {
		return Math.min(Math.max(x, min), max);
	}

	@Override
	float derivative(final float x) {
		return x > min && x < max ? 1f : 0f;
	}
}
