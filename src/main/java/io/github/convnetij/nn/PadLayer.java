package io.github.convnetij.nn;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.convnetij.compute.Tensor;

/**
 * Pads each per-sample axis (channels included) with a constant: {@code pad(0x1x1x0x1x1)} gives the
 * pads before each axis, then those after (ONNX order), {@code value=} the constant (0 by default);
 * ONNX Pad in {@code constant} mode with no pads on the batch axis and none negative.
 */
final class PadLayer extends Layer {

	/** Before for each per-sample axis, then after. */
	private final int[] pads;
	private final float value;

	PadLayer(final int[] pads, final float value) {
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
			return new PadLayer(a.ints("pads", null), a.floatValue("value", 0f));
		}

		@Override
		PadLayer parse(final Architectures.Args args) {
			args.maxPositional(1, "pad(0x1x1x0x1x1, value=0)");
			final String v = args.raw(0, "pads");
			if (v == null) throw new IllegalArgumentException("pad needs the pads before each per-sample " +
				"axis, then after, e.g. pad(0x1x1x0x1x1)");
			return new PadLayer(TransposeLayer.naturals(v, "pads"), args.number(-1, "value", 0f));
		}

		@Override
		void format(final PadLayer l, final List<String> args) {
			args.add(TransposeLayer.joined(l.pads));
			if (l.value != 0f) args.add("value=" + l.value);
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
		}

		@Override
		public void fromOnnx(final OnnxImport in) {
			final String x = in.data(0);
			final int r = in.shape(x).length + 1;
			final String mode = in.stringAttribute("mode", "constant");
			if (!mode.equals("constant")) throw new IllegalArgumentException("mode '" + mode +
				"' is not supported (only constant)");
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
				if (in.hasInput(2)) {
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
			else in.add(new PadLayer(ours, value), x);
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
		copy(dx.data(), gradOutput.data(), gradOutput.size(0), false);
		return new Tensor[] { dx };
	}
}
