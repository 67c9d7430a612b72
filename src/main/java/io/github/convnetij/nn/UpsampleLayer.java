package io.github.convnetij.nn;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.convnetij.compute.Tensor;

/**
 * Nearest-neighbour upsampling by integer factors per spatial axis: {@code out[c, i] = in[c,
 * floor(i / scale)]}: {@code upsample(2)} or {@code upsample(2x3)}; written as ONNX Resize (mode
 * nearest, asymmetric, floor). ONNX Resize and Upsample nodes that give this picture (nearest
 * with integer scales and coordinate mode asymmetric with nearest_mode floor, or half_pixel /
 * pytorch_half_pixel with round_prefer_floor / round_prefer_ceil) import as this kind, others as
 * {@link ResizeLayer} (see {@link ResizeLayer#importNode}).
 */
final class UpsampleLayer extends Layer {

	private final int[] scaleArg;
	private int[] scale;

	UpsampleLayer(final int[] scale) {
		this.scaleArg = Layers.checkPositive(scale, "upsample scale");
	}

	static final LayerKind<UpsampleLayer> KIND = new LayerKind<>("upsample", UpsampleLayer.class, 1,
		EnumSet.of(LayerKind.Capability.KEEPS_UNITS), "Upsample")
	{

		@Override
		protected UpsampleLayer create(final Attributes a) {
			return new UpsampleLayer(a.ints("scale", null));
		}

		@Override
		UpsampleLayer parse(final Architectures.Args args) {
			args.maxPositional(1, "upsample(2)");
			return new UpsampleLayer(args.spatial(0, "scale", null, "the scale"));
		}

		@Override
		void format(final UpsampleLayer l, final List<String> args) {
			args.add(Architectures.spatial(l.scale != null ? l.scale : l.scaleArg));
		}

		@Override
		protected void toOnnx(final UpsampleLayer l, final OnnxExport out) {
			final float[] s = new float[l.scale.length + 2];
			s[0] = s[1] = 1;
			for (int i = 0; i < l.scale.length; i++)
				s[i + 2] = l.scale[i];
			out.opType("Resize"); // Upsample is deprecated since opset 10
			out.input(""); // roi
			out.constant(out.name() + ".scales", s, s.length);
			out.attribute("coordinate_transformation_mode", "asymmetric");
			out.attribute("mode", "nearest");
			out.attribute("nearest_mode", "floor");
		}

		@Override
		public void fromOnnx(final OnnxImport in) {
			ResizeLayer.importNode(in);
		}
	};

	@Override
	public LayerKind<?> kind() {
		return KIND;
	}

	@Override
	public Map<String, Object> attributes() {
		final Map<String, Object> a = new LinkedHashMap<>();
		a.put("scale", (scale != null ? scale : scaleArg).clone());
		return a;
	}

	@Override
	int[] build(final int[][] inputShapes) {
		final int[] in = inputShapes[0];
		if (in.length < 2 || in.length > 4) throw new IllegalArgumentException(
			"upsample needs an input [C, S...] with 1 to 3 spatial axes, got " + Arrays.toString(in));
		final int r = in.length - 1;
		scale = Layers.expand(scaleArg, r, "upsample scale");
		final int[] out = in.clone();
		long total = in[0];
		for (int i = 0; i < r; i++) {
			final long o = (long) in[i + 1] * scale[i];
			total *= o;
			if (o > Integer.MAX_VALUE || total > Integer.MAX_VALUE) throw new IllegalArgumentException(
				"upsample by " + Arrays.toString(scale) + " of " + Arrays.toString(in) +
					" gives more values than an array holds");
			out[i + 1] = (int) o;
		}
		return out;
	}

	/** As 3-d extents (leading 1s). */
	private static int[] as3(final int[] spatial) {
		final int[] e = { 1, 1, 1 };
		System.arraycopy(spatial, 0, e, 3 - spatial.length, spatial.length);
		return e;
	}

	/** Visits every output element with its input element: forward copies, backward sums. */
	private void map(final float[] small, final float[] big, final int planes, final boolean forward) {
		final int[] in = as3(Arrays.copyOfRange(inputShape(0), 1, inputShape(0).length));
		final int[] out = as3(Arrays.copyOfRange(outputShape(), 1, outputShape().length));
		final int[] k = as3(scale);
		final int inPlane = in[0] * in[1] * in[2], outPlane = out[0] * out[1] * out[2];
		if (!forward) Arrays.fill(small, 0, planes * inPlane, 0f);
		for (int p = 0; p < planes; p++)
			for (int z = 0; z < out[0]; z++)
				for (int y = 0; y < out[1]; y++) {
					final int srcRow = p * inPlane + (z / k[0] * in[1] + y / k[1]) * in[2];
					final int dstRow = p * outPlane + (z * out[1] + y) * out[2];
					for (int xx = 0; xx < out[2]; xx++)
						if (forward) big[dstRow + xx] = small[srcRow + xx / k[2]];
						else small[srcRow + xx / k[2]] += big[dstRow + xx];
				}
	}

	@Override
	public Tensor forward(final Tensor[] inputs, final boolean training) {
		final Tensor x = checkInput(inputs, 0);
		final int[] o = outputShape();
		final int[] s = new int[o.length + 1];
		s[0] = x.size(0);
		System.arraycopy(o, 0, s, 1, o.length);
		final Tensor y = output(s);
		map(x.data(), y.data(), x.size(0) * o[0], true);
		return y;
	}

	@Override
	public Tensor[] backward(final Tensor gradOutput, final boolean inputGradients) {
		if (!inputGradients) return new Tensor[] { null };
		final int[] in = inputShape(0);
		final int[] s = new int[in.length + 1];
		s[0] = gradOutput.size(0);
		System.arraycopy(in, 0, s, 1, in.length);
		final Tensor dx = gradient(s);
		map(dx.data(), gradOutput.data(), s[0] * in[0], false);
		return new Tensor[] { dx };
	}
}
