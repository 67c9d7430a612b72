package io.github.convnetij.nn;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.convnetij.compute.Resize;
import io.github.convnetij.compute.Tensor;

/**
 * Resizes the spatial axes (1 to 3) by nearest, linear (bilinear, trilinear) or cubic
 * interpolation, by scales or to fixed sizes, with ONNX Resize's coordinate conventions (see
 * {@link Resize}): {@code resize(2, mode=linear)}, {@code resize(1.5x0.5, mode=cubic)},
 * {@code resize(size=32x48, mode=linear, coord=align_corners)}; keys {@code mode} (nearest,
 * linear, cubic; nearest by default), {@code coord} (half_pixel by default, pytorch_half_pixel,
 * align_corners, asymmetric, tf_half_pixel_for_nn), {@code nearest} (round_prefer_floor by default,
 * round_prefer_ceil, floor, ceil), {@code a} (cubic_coeff_a, -0.75), {@code exclude=true}
 * (exclude_outside). With scales, each output extent is {@code floor(in * scale)}. ONNX Resize
 * (opsets 10 to 17; tf_crop_and_resize refused) and Upsample import here; nearest upsampling by
 * integer factors becomes the simpler {@code upsample} kind.
 */
final class ResizeLayer extends Layer {

	private final float[] scales;
	private final int[] sizes;
	private final Resize.Mode mode;
	private final Resize.Coordinates coords;
	private final Resize.Rounding rounding;
	private final float cubicA;
	private final boolean excludeOutside;
	private Resize.Taps[] taps;

	/**
	 * @param scales per spatial axis (one value for all), or null with sizes
	 * @param sizes output extents per spatial axis (one value for all), or null with scales
	 */
	ResizeLayer(final float[] scales, final int[] sizes, final Resize.Mode mode,
		final Resize.Coordinates coords, final Resize.Rounding rounding, final float cubicA,
		final boolean excludeOutside)
	{
		if ((scales == null) == (sizes == null)) throw new IllegalArgumentException(
			"resize needs either scales or sizes, e.g. resize(2) or resize(size=32x32)");
		if (scales != null) {
			if (scales.length < 1 || scales.length > 3) throw new IllegalArgumentException(
				"resize needs 1 to 3 scales, got " + Arrays.toString(scales));
			for (final float s : scales)
				if (!(s > 0 && s <= 1 << 16)) throw new IllegalArgumentException("resize scales must be " +
					"above 0 and at most 65536, got " + Arrays.toString(scales));
		}
		if (sizes != null) {
			if (sizes.length < 1 || sizes.length > 3) throw new IllegalArgumentException(
				"resize needs 1 to 3 sizes, got " + Arrays.toString(sizes));
			for (final int s : sizes)
				if (s < 1) throw new IllegalArgumentException("resize sizes must be >= 1, got " + Arrays
					.toString(sizes));
		}
		if (!Float.isFinite(cubicA)) throw new IllegalArgumentException(
			"resize cubic coefficient must be a number, got " + cubicA);
		this.scales = scales == null ? null : scales.clone();
		this.sizes = sizes == null ? null : sizes.clone();
		this.mode = mode;
		this.coords = coords;
		this.rounding = rounding;
		this.cubicA = cubicA;
		this.excludeOutside = excludeOutside;
	}

	private static final float DEFAULT_A = -0.75f;

	static final LayerKind<ResizeLayer> KIND = new LayerKind<>("resize", ResizeLayer.class, 1,
		EnumSet.of(LayerKind.Capability.KEEPS_UNITS), "Resize")
	{

		@Override
		protected ResizeLayer create(final Attributes a) {
			final String m = a.string("mode"), c = a.string("coordinates"), n = a.string("nearest_mode");
			return new ResizeLayer(a.floats("scales"), a.has("sizes") ? a.ints("sizes", null)
				: null, m == null ? Resize.Mode.NEAREST : Resize.Mode.parse(m), c == null
					? Resize.Coordinates.HALF_PIXEL : Resize.Coordinates.parse(c), n == null
						? Resize.Rounding.ROUND_PREFER_FLOOR : Resize.Rounding.parse(n), a.floatValue("cubic_a",
							DEFAULT_A), a.bool("exclude_outside", false));
		}

		@Override
		ResizeLayer parse(final Architectures.Args args) {
			args.maxPositional(1, "resize(2, mode=linear)");
			final String s = args.raw(0, "scale"), z = args.raw(-1, "size");
			if ((s == null) == (z == null)) throw new IllegalArgumentException(
				"resize needs the scales or size=, not both, e.g. resize(2, mode=linear) or " +
					"resize(size=32x32)");
			final String m = args.string("mode"), c = args.string("coord"), n = args.string("nearest");
			return new ResizeLayer(s == null ? null : positives(s), z == null ? null : args.spatialValue(
				z, "size"), m == null ? Resize.Mode.NEAREST : Resize.Mode.parse(m.toLowerCase(
					Locale.ROOT)), c == null ? Resize.Coordinates.HALF_PIXEL : Resize.Coordinates.parse(c
						.toLowerCase(Locale.ROOT)), n == null ? Resize.Rounding.ROUND_PREFER_FLOOR
							: Resize.Rounding.parse(n.toLowerCase(Locale.ROOT)), args.number(-1, "a", DEFAULT_A),
				args.bool("exclude", false));
		}

		@Override
		void format(final ResizeLayer l, final List<String> args) {
			if (l.scales != null) args.add(joined(l.scales));
			else args.add("size=" + Architectures.spatial(l.sizes));
			if (l.mode != Resize.Mode.NEAREST) args.add("mode=" + l.mode.key());
			if (l.coords != Resize.Coordinates.HALF_PIXEL) args.add("coord=" + l.coords.key());
			if (l.mode == Resize.Mode.NEAREST && l.rounding != Resize.Rounding.ROUND_PREFER_FLOOR) args
				.add("nearest=" + l.rounding.key());
			if (l.mode == Resize.Mode.CUBIC && l.cubicA != DEFAULT_A) args.add("a=" + l.cubicA);
			if (l.mode == Resize.Mode.CUBIC && l.excludeOutside) args.add("exclude=true");
		}

		@Override
		protected void toOnnx(final ResizeLayer l, final OnnxExport out) {
			final int r = l.taps.length;
			final float[] s = new float[r + 2];
			s[0] = s[1] = 1;
			for (int i = 0; i < r; i++) {
				if (l.scales != null) s[i + 2] = l.scales[l.scales.length == 1 ? 0 : i];
				else {
					// sizes need the batch size, which is symbolic: the smallest float scale that gives
					// the size (the coordinates then use it instead of size / in, within 1e-7)
					final int in = l.taps[i].in, o = l.taps[i].out;
					float f = (float) ((double) o / in);
					while (Math.floor((double) f * in) < o)
						f = Math.nextUp(f);
					s[i + 2] = f;
				}
			}
			out.input(""); // roi
			out.constant(out.name() + ".scales", s, s.length);
			out.attribute("coordinate_transformation_mode", l.coords.key());
			out.attribute("mode", l.mode.key());
			if (l.mode == Resize.Mode.NEAREST) out.attribute("nearest_mode", l.rounding.key());
			if (l.mode == Resize.Mode.CUBIC) {
				out.attribute("cubic_coeff_a", l.cubicA);
				if (l.excludeOutside) out.attribute("exclude_outside", 1L);
			}
		}

		@Override
		public void fromOnnx(final OnnxImport in) {
			importNode(in);
		}
	};

	/**
	 * Reads ONNX Resize (opsets 10 to 17) or Upsample (opsets 7 to 9): integer nearest
	 * upsampling that does not depend on the coordinate mode becomes an {@code upsample} layer,
	 * anything else a {@code resize} layer.
	 */
	static void importNode(final LayerKind.OnnxImport in) {
		final String x = in.data(0);
		final int[] s = in.shape(x);
		final int r = s.length - 1;
		if (r < 1 || r > 3) throw new IllegalArgumentException("needs an input [N, C, S...] with 1 to " +
			"3 spatial axes, got per-sample shape " + Arrays.toString(s));
		final boolean resize = in.opType().equals("Resize");
		final boolean modern = resize && in.opset() >= 11;
		final Resize.Mode mode = Resize.Mode.parse(in.stringAttribute("mode", "nearest"));
		final String coord = modern ? in.stringAttribute("coordinate_transformation_mode", "half_pixel")
			: "asymmetric";
		if (coord.equals("tf_crop_and_resize")) throw new IllegalArgumentException(
			"coordinate_transformation_mode 'tf_crop_and_resize' is not supported");
		final Resize.Coordinates coords = Resize.Coordinates.parse(coord);
		final Resize.Rounding rounding = Resize.Rounding.parse(modern ? in.stringAttribute(
			"nearest_mode", "round_prefer_floor") : "floor");
		final float a = modern ? in.floatAttribute("cubic_coeff_a", DEFAULT_A) : DEFAULT_A;
		final boolean exclude = modern && in.intAttribute("exclude_outside", 0) != 0;
		if (!resize && mode == Resize.Mode.CUBIC) throw new IllegalArgumentException(
			"Upsample mode 'cubic' is not an ONNX mode (nearest, linear)");
		float[] scales = null;
		long[] sizes = null;
		if (!resize && in.opset() < 9) {
			final float[] f = in.floatsAttribute("scales");
			if (f == null) throw new IllegalArgumentException("the scales attribute is missing");
			scales = f;
		}
		else {
			final int scalesInput = modern ? 2 : 1;
			if (in.hasInput(scalesInput)) scales = in.constantFloats(scalesInput, "the scales");
			if (scales != null && scales.length == 0) scales = null;
			if (modern && in.hasInput(3)) {
				if (scales != null) throw new IllegalArgumentException("gives both scales and sizes");
				sizes = in.constantLongs(3, "the sizes");
			}
		}
		if (scales == null && sizes == null) throw new IllegalArgumentException(
			"needs constant scales (or sizes)");
		final int n = scales != null ? scales.length : sizes.length;
		if (n != r + 2) throw new IllegalArgumentException((scales != null ? "scales " + Arrays
			.toString(scales) : "sizes " + Arrays.toString(sizes)) + " need " + (r + 2) + " values");
		if (scales != null && (scales[0] != 1 || scales[1] != 1) || sizes != null && sizes[1] != s[0])
			throw new IllegalArgumentException((scales != null ? "scales " + Arrays.toString(scales)
				: "sizes " + Arrays.toString(sizes)) + " change the batch or channel axis, which is " +
				"not supported");
		// sizes[0] is the batch size the model was exported with (or -1 for a symbolic one): the
		// batch axis is never resized here
		final float[] sp = new float[r];
		final int[] sz = new int[r];
		boolean integral = true;
		for (int i = 0; i < r; i++) {
			if (scales != null) {
				final float v = scales[i + 2];
				if (!(v > 0 && v <= 1 << 16)) throw new IllegalArgumentException("scales " + Arrays
					.toString(scales) + " must be above 0 and at most 65536");
				sp[i] = v;
				integral &= v >= 1 && v == Math.rint(v);
			}
			else {
				final long v = sizes[i + 2];
				if (v < 1 || v > Budgets.MAX_ARRAY) throw new IllegalArgumentException("sizes " + Arrays
					.toString(sizes) + " must be between 1 and 2^31 - 9");
				sz[i] = (int) v;
				integral &= v % s[i + 1] == 0;
			}
		}
		final boolean sameAsUpsample = mode == Resize.Mode.NEAREST && integral && (coords ==
			Resize.Coordinates.ASYMMETRIC && rounding == Resize.Rounding.FLOOR || (coords ==
				Resize.Coordinates.HALF_PIXEL || coords == Resize.Coordinates.PYTORCH_HALF_PIXEL) && (rounding ==
					Resize.Rounding.ROUND_PREFER_FLOOR || rounding == Resize.Rounding.ROUND_PREFER_CEIL));
		if (sameAsUpsample) {
			final int[] k = new int[r];
			for (int i = 0; i < r; i++)
				k[i] = scales != null ? (int) sp[i] : sz[i] / s[i + 1];
			in.add(new UpsampleLayer(k), x);
		}
		else in.add(new ResizeLayer(scales != null ? sp : null, scales != null ? null : sz, mode,
			coords, rounding, a, exclude), x);
	}

	/** Positive numbers joined by x, e.g. {@code 1.5x2}. */
	static float[] positives(final String v) {
		final String[] parts = v.split("\\s*x\\s*", -1);
		if (parts.length > 3) throw new IllegalArgumentException("scale '" + v +
			"' has more than 3 values");
		final float[] r = new float[parts.length];
		for (int i = 0; i < parts.length; i++) {
			try {
				r[i] = Float.parseFloat(parts[i].trim());
			}
			catch (final NumberFormatException e) {
				throw new IllegalArgumentException("scale '" + v + "' must be positive numbers joined by x, " +
					"e.g. 2 or 1.5x2", e);
			}
			if (!(r[i] > 0 && Float.isFinite(r[i]))) throw new IllegalArgumentException("scale '" + v +
				"' must be positive numbers joined by x, e.g. 2 or 1.5x2");
		}
		return r;
	}

	/** {@code 2}, {@code 1.5x2}: integers without a decimal point. */
	static String joined(final float[] v) {
		boolean same = true;
		for (final float f : v)
			same &= f == v[0];
		final StringBuilder sb = new StringBuilder();
		for (int i = 0; i < (same ? 1 : v.length); i++) {
			if (i > 0) sb.append('x');
			final float f = v[i];
			sb.append(f == Math.rint(f) && Math.abs(f) < 1 << 24 ? String.valueOf((int) f) : String
				.valueOf(f));
		}
		return sb.toString();
	}

	@Override
	public LayerKind<?> kind() {
		return KIND;
	}

	@Override
	public Map<String, Object> attributes() {
		final Map<String, Object> a = new LinkedHashMap<>();
		if (scales != null) a.put("scales", scales.clone());
		else a.put("sizes", sizes.clone());
		a.put("mode", mode.key());
		a.put("coordinates", coords.key());
		a.put("nearest_mode", rounding.key());
		a.put("cubic_a", cubicA);
		a.put("exclude_outside", excludeOutside);
		return a;
	}

	@Override
	int[] build(final int[][] inputShapes) {
		final int[] in = inputShapes[0];
		if (in.length < 2 || in.length > 4) throw new IllegalArgumentException(
			"resize needs an input [C, S...] with 1 to 3 spatial axes, got " + Arrays.toString(in));
		final int r = in.length - 1;
		final int given = scales != null ? scales.length : sizes.length;
		if (given != 1 && given != r) throw new IllegalArgumentException("resize " + (scales != null
			? "scales " + Arrays.toString(scales) : "sizes " + Arrays.toString(sizes)) + " need 1 or " +
			r + " values for the input " + Arrays.toString(in));
		taps = new Resize.Taps[r];
		final int[] out = in.clone();
		long total = in[0];
		for (int i = 0; i < r; i++) {
			final int n = in[i + 1];
			final long o;
			final double length, scale;
			if (scales != null) {
				scale = scales[given == 1 ? 0 : i];
				length = scale * n;
				o = (long) Math.floor(length);
			}
			else {
				o = sizes[given == 1 ? 0 : i];
				length = o;
				scale = (double) o / n;
			}
			if (o < 1) throw new IllegalArgumentException("resize by " + Arrays.toString(scales) + " of " +
				Arrays.toString(in) + " leaves no sample on axis " + (i + 1));
			total *= o;
			if (o > Budgets.MAX_ARRAY || total > Budgets.MAX_ARRAY) throw new IllegalArgumentException(
				"resize of " + Arrays.toString(in) + " gives more values than an array holds");
			out[i + 1] = (int) o;
			taps[i] = Resize.taps(n, (int) o, length, scale, mode, coords, rounding, cubicA,
				excludeOutside);
		}
		return out;
	}

	@Override
	public Tensor forward(final Tensor[] inputs, final boolean training) {
		final Tensor x = checkInput(inputs, 0);
		final int[] o = outputShape();
		final int[] s = new int[o.length + 1];
		s[0] = x.size(0);
		System.arraycopy(o, 0, s, 1, o.length);
		final Tensor y = output(s);
		Resize.apply(x.data(), x.shape(), taps, y.data());
		return y;
	}

	@Override
	public Tensor[] backward(final Tensor gradOutput, final boolean inputGradients) {
		if (!inputGradients) return new Tensor[] { null };
		final int[] in = inputShape(0);
		final int[] s = new int[in.length + 1];
		s[0] = gradOutput.size(0);
		System.arraycopy(in, 0, s, 1, in.length);
		final float[] g = Resize.backward(gradOutput.data(), s, taps);
		final Tensor dx = gradient(s);
		System.arraycopy(g, 0, dx.data(), 0, g.length);
		return new Tensor[] { dx };
	}
}
