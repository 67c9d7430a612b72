package io.github.convnetij.nn;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.github.convnetij.compute.ConvGeometry;
import io.github.convnetij.compute.ConvolutionGradients;
import io.github.convnetij.compute.Convolutions;
import io.github.convnetij.compute.GroupedConvolutions;
import io.github.convnetij.compute.Tensor;

/**
 * Transposed convolution (ONNX ConvTranspose, PyTorch ConvTranspose2d/1d/3d): each input value
 * spreads its kernel over the output,
 * <pre>
 * out[n, co, i * stride + k * dilation - padBefore] += in[n, ci, i] * w[ci, co, k]   (+ bias[co])
 * </pre>
 * with output extent {@code (in - 1) * stride - padBefore - padAfter + dilation * (k - 1) + 1 +
 * outputPadding}. It is the input gradient of the correlation with the same weight (read as
 * {@code [Cout, Cin, K...]} of that correlation), so it runs on {@link ConvolutionGradients#input};
 * its own gradients are a correlation ({@link Convolutions#correlate}) and a weight gradient.
 * With {@code groups} g, input channel group i (of C_in / g) writes only output channel group i
 * (of C_out / g) and the weight is {@code [C_in, C_out / g, K...]} (ONNX's and PyTorch's layout),
 * running on {@link GroupedConvolutions}.
 * {@code convtranspose(filters, kernel[, stride], pads=b1xb2xa1xa2, outpad=, dilation=, groups=,
 * bias=)}.
 */
final class ConvTransposeLayer extends Layer {

	private final int outChannels;
	private final int[] kernelArg, strideArg, dilationArg, padsArg, outPadArg;
	private final boolean hasBias;
	private final int groups;
	private int[] kernel, stride, dilation, padBefore, padAfter, outPad;
	private ConvGeometry geometry;
	private Parameter weight, bias;
	private Tensor lastInput;

	/**
	 * @param pads pads before for each spatial axis then after (null: none)
	 * @param outPad extra extent at the end of each spatial axis (null: none)
	 */
	ConvTransposeLayer(final int outChannels, final int[] kernel, final int[] stride,
		final int[] pads, final int[] outPad, final int[] dilation, final boolean bias)
	{
		this(outChannels, kernel, stride, pads, outPad, dilation, 1, bias);
	}

	/** @param groups channel groups (1: every input channel reaches every output channel) */
	ConvTransposeLayer(final int outChannels, final int[] kernel, final int[] stride,
		final int[] pads, final int[] outPad, final int[] dilation, final int groups,
		final boolean bias)
	{
		if (groups < 1) throw new IllegalArgumentException("convtranspose groups must be >= 1, got " +
			groups);
		if (outChannels % groups != 0) throw new IllegalArgumentException("convtranspose " +
			outChannels + " output channels cannot be split into " + groups + " groups");
		this.groups = groups;
		if (outChannels < 1) throw new IllegalArgumentException(
			"convtranspose needs >= 1 output channel, got " + outChannels);
		this.outChannels = outChannels;
		this.kernelArg = Layers.checkPositive(kernel, "kernel size");
		this.strideArg = Layers.checkPositive(stride, "stride");
		this.dilationArg = Layers.checkPositive(dilation, "dilation");
		this.padsArg = pads == null ? null : pads.clone();
		this.outPadArg = outPad == null ? null : outPad.clone();
		if (padsArg != null) for (final int p : padsArg)
			if (p < 0) throw new IllegalArgumentException("convtranspose pads must be >= 0, got " + Arrays
				.toString(pads));
		if (outPadArg != null) for (final int p : outPadArg)
			if (p < 0) throw new IllegalArgumentException("convtranspose outpad must be >= 0, got " + Arrays
				.toString(outPad));
		this.hasBias = bias;
	}

	static final LayerKind<ConvTransposeLayer> KIND = new LayerKind<>("convtranspose",
		ConvTransposeLayer.class, 1, EnumSet.noneOf(LayerKind.Capability.class), "ConvTranspose")
	{

		@Override
		protected ConvTransposeLayer create(final Attributes a) {
			return new ConvTransposeLayer(a.requireInt("out_channels"), a.ints("kernel", null), a.ints(
				"stride", new int[] { 1 }), a.has("pads") ? a.ints("pads", null) : null, a.has("output_padding") ? a.ints(
					"output_padding", null) : null, a.ints(
					"dilation", new int[] { 1 }), a.has("groups") ? a.requireInt("groups") : 1, a.bool("bias",
						true));
		}

		@Override
		ConvTransposeLayer parse(final Architectures.Args args) {
			args.maxPositional(3, "convtranspose(filters, kernel[, stride])");
			final int filters = args.count(0, "filters", "the number of filters");
			final int[] kernel = args.spatial(1, "kernel", null, "the kernel size");
			final int[] stride = args.spatial(2, "stride", new int[] { 1 }, "the stride");
			final String p = args.raw(-1, "pads"), o = args.raw(-1, "outpad");
			return new ConvTransposeLayer(filters, kernel, stride, p == null ? null : TransposeLayer
				.naturals(p, "pads"), o == null ? null : TransposeLayer.naturals(o, "outpad"), args.spatial(-1,
					"dilation", new int[] { 1 }, "the dilation"), groupsArg(args), args.bool("bias", true));
		}

		@Override
		void format(final ConvTransposeLayer l, final List<String> args) {
			args.add(String.valueOf(l.outChannels));
			args.add(Architectures.spatial(l.kernel != null ? l.kernel : l.kernelArg));
			final int[] s = l.stride != null ? l.stride : l.strideArg;
			if (!Architectures.allOnes(s)) args.add("stride=" + Architectures.spatial(s));
			final int[] p = l.padBefore != null ? Pads.concat(l.padBefore, l.padAfter) : l.padsArg;
			if (p != null && Arrays.stream(p).anyMatch(v -> v != 0)) args.add("pads=" + TransposeLayer
				.joined(p));
			final int[] o = l.outPad != null ? l.outPad : l.outPadArg;
			if (o != null && Arrays.stream(o).anyMatch(v -> v != 0)) args.add("outpad=" + TransposeLayer
				.joined(o));
			final int[] d = l.dilation != null ? l.dilation : l.dilationArg;
			if (!Architectures.allOnes(d)) args.add("dilation=" + Architectures.spatial(d));
			if (l.groups != 1) args.add("groups=" + l.groups);
			if (!l.hasBias) args.add("bias=false");
		}

		@Override
		protected void toOnnx(final ConvTransposeLayer l, final OnnxExport out) {
			out.input(l.weight.name());
			if (l.bias != null) out.input(l.bias.name());
			out.attribute("dilations", l.dilation);
			out.attribute("group", (long) l.groups);
			out.attribute("kernel_shape", l.kernel);
			out.attribute("output_padding", l.outPad);
			out.attribute("pads", Pads.concat(l.padBefore, l.padAfter));
			out.attribute("strides", l.stride);
		}

		@Override
		public void fromOnnx(final OnnxImport in) {
			final String x = in.data(0);
			final int[] ws = in.constantShape(1, "the weight");
			if (ws == null) throw new IllegalArgumentException("the weight (input 1) is missing");
			final boolean bias = in.constantShape(2, "the bias") != null;
			final long group = in.intAttribute("group", 1);
			if (group < 1 || group > in.shape(x)[0] || in.shape(x)[0] % group != 0)
				throw new IllegalArgumentException("group=" + group + " does not divide the " + in.shape(
					x)[0] + " input channels");
			final int[] sp = Pads.spatial(in.shape(x));
			final int r = sp.length;
			if (ws.length != r + 2) throw new IllegalArgumentException("weight '" + in.inputName(1) +
				"' has shape " + Arrays.toString(ws) + ", expected [in, out, kernel...] for " + r +
				" spatial axes");
			if (ws[0] != in.shape(x)[0]) throw new IllegalArgumentException("weight '" + in.inputName(1) +
				"' has shape " + Arrays.toString(ws) + " for " + in.shape(x)[0] + " input channels");
			final int[] kernel = Arrays.copyOfRange(ws, 2, ws.length);
			final int[] k = in.intsAttribute("kernel_shape", kernel);
			if (!Arrays.equals(k, kernel)) throw new IllegalArgumentException("kernel_shape " + Arrays
				.toString(k) + " does not match the weight shape " + Arrays.toString(ws));
			final String autoPad = in.stringAttribute("auto_pad", "NOTSET");
			if (!List.of("NOTSET", "VALID", "SAME_UPPER", "SAME_LOWER").contains(autoPad))
				throw new IllegalArgumentException("auto_pad " + autoPad + " is not supported (NOTSET, " +
					"VALID, SAME_UPPER, SAME_LOWER)");
			final int[] stride = in.intsAttribute("strides", Pads.filled(r, 1));
			final int[] dilation = in.intsAttribute("dilations", Pads.filled(r, 1));
			int[] outPad = in.intsAttribute("output_padding", null);
			int[] pads = autoPad.equals("NOTSET") ? in.intsAttribute("pads", null) : null;
			int[] outShape = in.intsAttribute("output_shape", null);
			for (final int[] v : new int[][] { stride, dilation })
				if (v.length != r) throw new IllegalArgumentException("strides " + Arrays.toString(stride) +
					" and dilations " + Arrays.toString(dilation) + " need " + r + " values");
			if (outPad != null && outPad.length != r) throw new IllegalArgumentException(
				"output_padding " + Arrays.toString(outPad) + " needs " + r + " values");
			if (outShape != null && outShape.length == r + 2) outShape = Arrays.copyOfRange(outShape, 2,
				r + 2);
			if (outShape != null && outShape.length != r) throw new IllegalArgumentException(
				"output_shape " + Arrays.toString(outShape) + " needs " + r + " values");
			if (outShape == null && autoPad.startsWith("SAME")) {
				outShape = new int[r];
				for (int i = 0; i < r; i++) {
					final long o = (long) sp[i] * stride[i];
					if (o > Integer.MAX_VALUE) throw new IllegalArgumentException("auto_pad " + autoPad +
						" gives an output extent " + o);
					outShape[i] = (int) o;
				}
			}
			if (outShape != null) {
				// ONNX: total padding = stride (in - 1) + output_padding + (k - 1) dilation + 1 - output
				// shape, split between the ends (the extra cell at the end unless SAME_LOWER); a
				// negative total is more output at the end (output padding)
				pads = new int[2 * r];
				final int[] extra = outPad == null ? new int[r] : outPad.clone();
				for (int i = 0; i < r; i++) {
					final long total = (long) stride[i] * (sp[i] - 1) + extra[i] + (long) (kernel[i] - 1) *
						dilation[i] + 1 - outShape[i];
					if (total >= 0) {
						if (total > Integer.MAX_VALUE) throw new IllegalArgumentException("output_shape " + Arrays
							.toString(outShape) + " is too small for this input");
						final int half = (int) (total / 2), rest = (int) (total - half);
						pads[i] = autoPad.equals("SAME_LOWER") ? rest : half;
						pads[r + i] = autoPad.equals("SAME_LOWER") ? half : rest;
					}
					else {
						if (-total > 1 << 16) throw new IllegalArgumentException("output_shape " + Arrays.toString(
							outShape) + " is too large for this input");
						extra[i] += (int) -total;
					}
				}
				outPad = extra;
			}
			if (pads != null && pads.length != 2 * r) throw new IllegalArgumentException("pads " + Arrays
				.toString(pads) + " need " + 2 * r + " values");
			if ((long) ws[1] * group > Integer.MAX_VALUE) throw new IllegalArgumentException("weight '" +
				in.inputName(1) + "' has shape " + Arrays.toString(ws) + ": " + ws[1] + " x group " + group +
				" output channels are too many");
			final String name = in.add(new ConvTransposeLayer((int) (ws[1] * group), kernel, stride, pads,
				outPad, dilation, (int) group, bias), x);
			in.weight(name, "weight", 1);
			if (bias) in.weight(name, "bias", 2);
		}
	};

	@Override
	public LayerKind<?> kind() {
		return KIND;
	}

	@Override
	public Map<String, Object> attributes() {
		final Map<String, Object> a = new LinkedHashMap<>();
		a.put("out_channels", outChannels);
		a.put("kernel", (kernel != null ? kernel : kernelArg).clone());
		a.put("stride", (stride != null ? stride : strideArg).clone());
		a.put("dilation", (dilation != null ? dilation : dilationArg).clone());
		final int[] p = padBefore != null ? Pads.concat(padBefore, padAfter) : padsArg;
		if (p != null) a.put("pads", p.clone());
		final int[] o = outPad != null ? outPad : outPadArg;
		if (o != null) a.put("output_padding", o.clone());
		if (groups != 1) a.put("groups", groups);
		a.put("bias", hasBias);
		return a;
	}

	@Override
	int[] build(final int[][] inputShapes) {
		final int[] in = inputShapes[0];
		if (in.length < 2 || in.length > 4) throw new IllegalArgumentException(
			"convtranspose needs an input [C, S...] with 1 to 3 spatial axes, got " + Arrays.toString(in));
		final int r = in.length - 1;
		if (in[0] % groups != 0) throw new IllegalArgumentException("convtranspose " + in[0] +
			" input channels cannot be split into " + groups + " groups");
		kernel = Layers.expand(kernelArg, r, "kernel size");
		stride = Layers.expand(strideArg, r, "stride");
		dilation = Layers.expand(dilationArg, r, "dilation");
		if (padsArg != null && padsArg.length != 2 * r) throw new IllegalArgumentException(
			"convtranspose pads " + Arrays.toString(padsArg) + " need " + 2 * r + " values");
		padBefore = padsArg == null ? new int[r] : Arrays.copyOfRange(padsArg, 0, r);
		padAfter = padsArg == null ? new int[r] : Arrays.copyOfRange(padsArg, r, 2 * r);
		outPad = outPadArg == null ? new int[r] : Layers.expand(outPadArg, r, "outpad");
		final int[] out = new int[r + 1];
		out[0] = outChannels;
		long total = outChannels;
		for (int i = 0; i < r; i++) {
			if (outPad[i] >= Math.max(stride[i], dilation[i])) throw new IllegalArgumentException(
				"convtranspose outpad " + Arrays.toString(outPad) + " must be below the stride or the " +
					"dilation on each axis");
			final long o = (long) (in[i + 1] - 1) * stride[i] - padBefore[i] - padAfter[i] + (long) dilation[i] *
				(kernel[i] - 1) + 1 + outPad[i];
			total *= Math.max(o, 0);
			if (o < 1 || o > Integer.MAX_VALUE || total > Integer.MAX_VALUE) throw new IllegalArgumentException(
				"convtranspose of " + Arrays.toString(in) + " gives an output extent " + o + " on axis " + i);
			out[i + 1] = (int) o;
		}
		geometry = ConvGeometry.of(r).stride(stride).dilation(dilation).pad(padBefore, padAfter);
		final int[] w = new int[r + 2];
		w[0] = in[0];
		w[1] = outChannels / groups;
		System.arraycopy(kernel, 0, w, 2, r);
		weight = addParameter("weight", Tensor.zeros(w));
		if (hasBias) bias = addParameter("bias", Tensor.zeros(outChannels));
		return out;
	}

	@Override
	void initialize(final Random rnd, final boolean heInit) {
		final int[] w = weight.value().shape();
		int k = 1;
		for (int i = 2; i < w.length; i++)
			k *= w[i];
		Initializers.fill(weight.value(), rnd, w[0] * k, w[1] * k, heInit);
		if (bias != null) Arrays.fill(bias.value().data(), 0f);
	}

	@Override
	public Tensor forward(final Tensor[] inputs, final boolean training) {
		final Tensor x = checkInput(inputs, 0);
		final int[] o = outputShape();
		final int[] s = new int[o.length + 1];
		s[0] = x.size(0);
		System.arraycopy(o, 0, s, 1, o.length);
		final Tensor y = output(s);
		GroupedConvolutions.inputGradient(x, weight.value(), geometry, groups, y);
		if (bias != null) {
			final float[] b = bias.value().data(), yd = y.data();
			final int plane = y.numel() / Math.max(1, s[0] * s[1]);
			for (int n = 0; n < s[0]; n++)
				for (int c = 0; c < s[1]; c++) {
					final int base = (n * s[1] + c) * plane;
					for (int i = 0; i < plane; i++)
						yd[base + i] += b[c];
				}
		}
		lastInput = training ? x : null;
		return y;
	}

	@Override
	public Tensor[] backward(final Tensor gradOutput, final boolean inputGradients) {
		final Tensor x = requireForward(lastInput);
		GroupedConvolutions.weightGradient(gradOutput, x, geometry, groups, weight.grad(), null);
		if (bias != null) {
			final float[] gb = bias.grad().data(), g = gradOutput.data();
			final int n = gradOutput.size(0), c = gradOutput.size(1), plane = gradOutput.numel() / Math
				.max(1, n * c);
			Arrays.fill(gb, 0f);
			for (int i = 0; i < n; i++)
				for (int ch = 0; ch < c; ch++) {
					double sum = 0;
					for (int p = 0; p < plane; p++)
						sum += g[(i * c + ch) * plane + p];
					gb[ch] += (float) sum;
				}
		}
		Tensor dx = null;
		if (inputGradients) {
			dx = gradient(x.shape());
			GroupedConvolutions.correlate(gradOutput, weight.value(), null, geometry, groups, dx);
		}
		return new Tensor[] { dx };
	}

	/** {@code groups=} of an architecture string (1 when absent). */
	private static int groupsArg(final Architectures.Args args) {
		final String g = args.raw(-1, "groups");
		if (g == null) return 1;
		try {
			final int v = Integer.parseInt(g.trim());
			if (v >= 1) return v;
		}
		catch (final NumberFormatException e) {
			// below
		}
		throw new IllegalArgumentException("groups must be an integer >= 1, got '" + g + "'");
	}
}
