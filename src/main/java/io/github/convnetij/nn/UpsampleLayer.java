package io.github.convnetij.nn;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.convnetij.compute.Tensor;

/**
 * Nearest-neighbour upsampling by integer factors per spatial axis: {@code out[c, i] = in[c,
 * floor(i / scale)]}: {@code upsample(2)} or {@code upsample(2x3)}; ONNX Resize (mode nearest,
 * scales as a constant, coordinate mode asymmetric with nearest_mode floor, or half_pixel /
 * pytorch_half_pixel with round_prefer_floor / round_prefer_ceil, which all give the same
 * picture for integer scales) and Upsample (nearest).
 */
final class UpsampleLayer extends Layer {

	private final int[] scaleArg;
	private int[] scale;

	UpsampleLayer(final int[] scale) {
		this.scaleArg = Layers.checkPositive(scale, "upsample scale");
	}

	static final LayerKind<UpsampleLayer> KIND = new LayerKind<>("upsample", UpsampleLayer.class, 1,
		EnumSet.of(LayerKind.Capability.KEEPS_UNITS), "Resize", "Upsample")
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
			out.input(""); // roi
			out.constant(out.name() + ".scales", s, s.length);
			out.attribute("coordinate_transformation_mode", "asymmetric");
			out.attribute("mode", "nearest");
			out.attribute("nearest_mode", "floor");
		}

		@Override
		public void fromOnnx(final OnnxImport in) {
			final String x = in.data(0);
			final int[] s = in.shape(x);
			final int r = s.length - 1;
			if (r < 1 || r > 3) throw new IllegalArgumentException("needs an input [N, C, S...] with 1 to " +
				"3 spatial axes, got per-sample shape " + Arrays.toString(s));
			final String mode = in.stringAttribute("mode", "nearest");
			if (!mode.equals("nearest")) throw new IllegalArgumentException("mode '" + mode +
				"' is not supported (only nearest)");
			final boolean resize = in.opType().equals("Resize");
			if (resize) {
				final String coord = in.stringAttribute("coordinate_transformation_mode", "half_pixel");
				final String nearest = in.stringAttribute("nearest_mode", "round_prefer_floor");
				final boolean asymmetricFloor = coord.equals("asymmetric") && nearest.equals("floor");
				final boolean halfPixelRound = (coord.equals("half_pixel") || coord.equals(
					"pytorch_half_pixel")) && nearest.startsWith("round_prefer_");
				if (!asymmetricFloor && !halfPixelRound) throw new IllegalArgumentException(
					"coordinate_transformation_mode '" + coord + "' with nearest_mode '" + nearest +
						"' is not supported (asymmetric with floor, or half_pixel with round_prefer_floor/ceil)");
			}
			float[] scales = null;
			if (!resize && in.opset() < 9) throw new IllegalArgumentException(
				"Upsample before opset 9 (scales as an attribute) is not supported");
			final int scalesInput = resize ? (in.opset() >= 11 ? 2 : 1) : 1;
			if (in.hasInput(scalesInput)) scales = in.constantFloats(scalesInput, "the scales");
			if ((scales == null || scales.length == 0) && resize && in.opset() >= 11 && in.hasInput(3)) {
				final long[] sizes = in.constantLongs(3, "the sizes");
				if (sizes.length != r + 2) throw new IllegalArgumentException("sizes " + Arrays.toString(
					sizes) + " need " + (r + 2) + " values");
				scales = new float[r + 2];
				scales[0] = 1;
				if (sizes[1] != s[0]) throw new IllegalArgumentException("sizes " + Arrays.toString(sizes) +
					" change the channel count " + s[0] + ", which is not supported");
				scales[1] = 1;
				for (int i = 0; i < r; i++) {
					if (sizes[i + 2] < s[i + 1] || sizes[i + 2] % s[i + 1] != 0) throw new IllegalArgumentException(
						"sizes " + Arrays.toString(sizes) + " are not supported: only integer multiples of the " +
							"input's extents " + Arrays.toString(Arrays.copyOfRange(s, 1, s.length)));
					scales[i + 2] = sizes[i + 2] / s[i + 1];
				}
			}
			if (scales == null) throw new IllegalArgumentException("needs constant scales (or sizes)");
			if (scales.length != r + 2) throw new IllegalArgumentException("scales " + Arrays.toString(
				scales) + " need " + (r + 2) + " values");
			if (scales[0] != 1 || scales[1] != 1) throw new IllegalArgumentException("scales " + Arrays
				.toString(scales) + " change the batch or channel axis, which is not supported");
			final int[] k = new int[r];
			for (int i = 0; i < r; i++) {
				final float v = scales[i + 2];
				if (!(v >= 1 && v <= 1 << 16 && v == Math.rint(v))) throw new IllegalArgumentException(
					"scales " + Arrays.toString(scales) + " are not supported: only integer factors >= 1");
				k[i] = (int) v;
			}
			in.add(new UpsampleLayer(k), x);
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
