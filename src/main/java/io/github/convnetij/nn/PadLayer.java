package io.github.convnetij.nn;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.convnetij.compute.Boundary;
import io.github.convnetij.compute.Padding;
import io.github.convnetij.compute.Tensor;

/**
 * Pads each per-sample axis (channels included): {@code pad(0x1x1x0x1x1)} gives the pads before
 * each axis, then those after (ONNX order); {@code value=} the constant (0 by default), or
 * {@code mode=mirror} (the edge value not repeated: ONNX's and PyTorch's {@code reflect}) or
 * {@code mode=nearest} (the edge value repeated: ONNX's {@code edge}, PyTorch's {@code replicate});
 * the boundary names are those of {@link Boundary}. ONNX Pad in its three modes (constant, reflect,
 * edge) with no pads on the batch axis and none negative.
 */
final class PadLayer extends Layer {

	/** Before for each per-sample axis, then after. */
	private final int[] pads;
	private final float value;
	private final Boundary mode;

	PadLayer(final int[] pads, final float value) {
		this(pads, value, Boundary.CONSTANT);
	}

	/** @param mode CONSTANT, MIRROR or NEAREST (the modes ONNX's Pad has) */
	PadLayer(final int[] pads, final float value, final Boundary mode) {
		if (mode != Boundary.CONSTANT && mode != Boundary.MIRROR && mode != Boundary.NEAREST)
			throw new IllegalArgumentException("pad mode " + mode.key() + " is not supported (constant, " +
				"mirror as ONNX's reflect, nearest as ONNX's edge)");
		if (mode != Boundary.CONSTANT && value != 0f) throw new IllegalArgumentException(
			"pad value= needs mode=constant, got mode=" + mode.key());
		this.mode = mode;
		if (pads.length == 0 || pads.length % 2 != 0) throw new IllegalArgumentException("pad needs " +
			"two values per axis (before, then after), got " + Arrays.toString(pads));
		for (final int p : pads)
			if (p < 0) throw new IllegalArgumentException("pad values must be >= 0, got " + Arrays
				.toString(pads));
		this.pads = pads.clone();
		this.value = value;
	}

	static final LayerKind<PadLayer> KIND = new LayerKind<>("pad", PadLayer.class, 1, EnumSet.noneOf(
		LayerKind.Capability.class), "Pad")
	{

		@Override
		protected PadLayer create(final Attributes a) {
			final String m = a.string("mode");
			return new PadLayer(a.ints("pads", null), a.floatValue("value", 0f), m == null
				? Boundary.CONSTANT : Boundary.parse(m));
		}

		@Override
		PadLayer parse(final Architectures.Args args) {
			args.maxPositional(1, "pad(0x1x1x0x1x1, value=0) or pad(0x1x1x0x1x1, mode=mirror)");
			final String v = args.raw(0, "pads");
			if (v == null) throw new IllegalArgumentException("pad needs the pads before each per-sample " +
				"axis, then after, e.g. pad(0x1x1x0x1x1)");
			final String m = args.string("mode");
			return new PadLayer(TransposeLayer.naturals(v, "pads"), args.number(-1, "value", 0f), m == null
				? Boundary.CONSTANT : Boundary.parse(m));
		}

		@Override
		void format(final PadLayer l, final List<String> args) {
			args.add(TransposeLayer.joined(l.pads));
			if (l.value != 0f) args.add("value=" + l.value);
			if (l.mode != Boundary.CONSTANT) args.add("mode=" + l.mode.key());
		}

		@Override
		protected void toOnnx(final PadLayer l, final OnnxExport out) {
			final int r = l.pads.length / 2;
			final long[] p = new long[2 * (r + 1)];
			for (int i = 0; i < r; i++) {
				p[i + 1] = l.pads[i];
				p[r + 2 + i] = l.pads[r + i];
			}
			out.constantLongs(out.name() + ".pads", p, p.length);
			if (l.value != 0f) out.constant(out.name() + ".value", new float[] { l.value });
			if (l.mode != Boundary.CONSTANT) out.attribute("mode", l.mode == Boundary.MIRROR ? "reflect"
				: "edge");
		}

		@Override
		public void fromOnnx(final OnnxImport in) {
			final String x = in.data(0);
			final int r = in.shape(x).length + 1;
			final String onnxMode = in.stringAttribute("mode", "constant");
			final Boundary mode;
			switch (onnxMode) {
				case "constant":
					mode = Boundary.CONSTANT;
					break;
				case "reflect":
					mode = Boundary.MIRROR;
					break;
				case "edge":
					mode = Boundary.NEAREST;
					break;
				default:
					throw new IllegalArgumentException("mode '" + onnxMode +
						"' is not supported (constant, reflect, edge)");
			}
			final long[] p;
			float value = 0f;
			if (in.opset() < 11) {
				final int[] a = in.intsAttribute("pads", null);
				if (a == null) throw new IllegalArgumentException("pads are missing");
				p = Arrays.stream(a).asLongStream().toArray();
				value = in.floatAttribute("value", 0f);
			}
			else {
				p = in.constantLongs(1, "the pads");
				if (p == null) throw new IllegalArgumentException("the pads (input 1) are missing");
				if (in.hasInput(2) && mode == Boundary.CONSTANT) {
					final float[] v = in.constantFloats(2, "the constant value");
					if (v.length != 1) throw new IllegalArgumentException("the constant value must be one " +
						"number, got " + v.length);
					value = v[0];
				}
				if (in.hasInput(3)) throw new IllegalArgumentException("axes (input 3) are not supported");
			}
			if (p.length != 2 * r) throw new IllegalArgumentException("pads " + Arrays.toString(p) +
				" need " + 2 * r + " values for " + r + " axes");
			if (p[0] != 0 || p[r] != 0) throw new IllegalArgumentException("pads " + Arrays.toString(p) +
				" pad the batch axis, which is not supported");
			final int[] ours = new int[2 * (r - 1)];
			boolean none = true;
			for (int i = 1; i < r; i++) {
				for (final long v : new long[] { p[i], p[r + i] })
					if (v < 0 || v > 1 << 20) throw new IllegalArgumentException("pads " + Arrays.toString(p) +
						": only values 0 to 2^20 are supported");
				ours[i - 1] = (int) p[i];
				ours[r - 1 + i - 1] = (int) p[r + i];
				none &= p[i] == 0 && p[r + i] == 0;
			}
			if (none) in.alias(x);
			else in.add(new PadLayer(ours, mode == Boundary.CONSTANT ? value : 0f, mode), x);
		}
	};

	@Override
	public LayerKind<?> kind() {
		return KIND;
	}

	@Override
	public Map<String, Object> attributes() {
		final Map<String, Object> a = new LinkedHashMap<>();
		a.put("pads", pads.clone());
		a.put("value", value);
		if (mode != Boundary.CONSTANT) a.put("mode", mode.key());
		return a;
	}

	@Override
	int[] build(final int[][] inputShapes) {
		final int[] in = inputShapes[0];
		final int r = pads.length / 2;
		if (in.length != r) throw new IllegalArgumentException("pad " + Arrays.toString(pads) +
			" gives " + r + " axes, the per-sample shape is " + Arrays.toString(in));
		final int[] out = new int[r];
		long total = 1;
		for (int i = 0; i < r; i++) {
			final long o = (long) in[i] + pads[i] + pads[r + i];
			total *= o;
			if (o > Integer.MAX_VALUE || total > Integer.MAX_VALUE) throw new IllegalArgumentException(
				"pad " + Arrays.toString(pads) + " of per-sample shape " + Arrays.toString(in) +
					" gives more values than an array holds");
			out[i] = (int) o;
		}
		return out;
	}

	/**
	 * Copies between the padded ({@code big}) and unpadded ({@code small}) arrays of n samples:
	 * {@code toBig} for the forward pass, else the crop of the backward pass.
	 */
	private void copy(final float[] small, final float[] big, final int n, final boolean toBig) {
		final int[] in = inputShape(0), out = outputShape();
		final int r = in.length;
		int inSize = 1, outSize = 1;
		for (int i = 0; i < r; i++) {
			inSize *= in[i];
			outSize *= out[i];
		}
		final int[] outStride = new int[r];
		for (int i = r - 1, s = 1; i >= 0; i--) {
			outStride[i] = s;
			s *= out[i];
		}
		int offset = 0;
		for (int i = 0; i < r; i++)
			offset += pads[i] * outStride[i];
		final int row = in[r - 1];
		final int[] idx = new int[r];
		for (int s = 0; s < n; s++) {
			Arrays.fill(idx, 0);
			for (int start = 0; start < inSize; start += row) {
				int o = s * outSize + offset;
				for (int i = 0; i < r - 1; i++)
					o += idx[i] * outStride[i];
				if (toBig) System.arraycopy(small, s * inSize + start, big, o, row);
				else System.arraycopy(big, o, small, s * inSize + start, row);
				for (int a = r - 2; a >= 0; a--) {
					if (++idx[a] < in[a]) break;
					idx[a] = 0;
				}
			}
		}
	}

	@Override
	public Tensor forward(final Tensor[] inputs, final boolean training) {
		final Tensor x = checkInput(inputs, 0);
		final int[] s = new int[pads.length / 2 + 1];
		s[0] = x.size(0);
		System.arraycopy(outputShape(), 0, s, 1, s.length - 1);
		final int r = pads.length / 2;
		if (mode != Boundary.CONSTANT) return Padding.pad(x, Arrays.copyOfRange(pads, 0, r), Arrays
			.copyOfRange(pads, r, 2 * r), mode, 0f);
		final Tensor y = output(s);
		Arrays.fill(y.data(), value);
		copy(x.data(), y.data(), x.size(0), true);
		return y;
	}

	@Override
	public Tensor[] backward(final Tensor gradOutput, final boolean inputGradients) {
		if (!inputGradients) return new Tensor[] { null };
		final int[] s = new int[pads.length / 2 + 1];
		s[0] = gradOutput.size(0);
		System.arraycopy(inputShape(0), 0, s, 1, s.length - 1);
		final Tensor dx = gradient(s);
		if (mode != Boundary.CONSTANT) scatter(gradOutput.data(), dx.data(), s[0]);
		else copy(dx.data(), gradOutput.data(), gradOutput.size(0), false);
		return new Tensor[] { dx };
	}

	/**
	 * The backward pass of the mirror and nearest modes: each output gradient is added to the input
	 * value it was read from.
	 */
	private void scatter(final float[] gradOut, final float[] gradIn, final int n) {
		final int[] in = inputShape(0), out = outputShape();
		final int r = in.length;
		final int[][] maps = new int[r][];
		for (int i = 0; i < r; i++) {
			maps[i] = new int[out[i]];
			for (int o = 0; o < out[i]; o++)
				maps[i][o] = mode.map((long) o - pads[i], in[i]);
		}
		int inSize = 1, outSize = 1;
		for (int i = 0; i < r; i++) {
			inSize *= in[i];
			outSize *= out[i];
		}
		Arrays.fill(gradIn, 0, n * inSize, 0f);
		final int[] idx = new int[r];
		for (int s = 0; s < n; s++) {
			Arrays.fill(idx, 0);
			for (int o = 0; o < outSize; o++) {
				int src = 0;
				for (int i = 0; i < r; i++)
					src = src * in[i] + maps[i][idx[i]];
				gradIn[s * inSize + src] += gradOut[s * outSize + o];
				for (int a = r - 1; a >= 0; a--) {
					if (++idx[a] < out[a]) break;
					idx[a] = 0;
				}
			}
		}
	}
}
