package io.github.convnetij.nn;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import io.github.convnetij.compute.ConvGeometry;
import io.github.convnetij.compute.ConvolutionGradients;
import io.github.convnetij.compute.Convolutions;
import io.github.convnetij.compute.GroupedConvolutions;
import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.LayerKind.Capability;

/**
 * Convolution (correlation) layer on {@link Convolutions#correlate}, the kernel of the Convolve
 * command; gradients from {@link ConvolutionGradients}. With {@code groups > 1} (grouped and
 * depthwise convolution) through {@link GroupedConvolutions}.
 */
final class ConvLayer extends Layer {

	private final int outChannels;
	private final int[] kernelArg, strideArg, dilationArg;
	private final Pads pads;
	private final boolean hasBias;
	private final int groups;
	private int[] kernel, stride, dilation, padBefore, padAfter;
	private ConvGeometry geometry;
	private Parameter weight, bias;
	private Tensor lastInput;
	/**
	 * The weight packed for inference (one group only), made on the first inference pass after
	 * the weight's {@link Parameter#version()} moved on; dropped by training passes.
	 */
	private Convolutions.PackedWeight packed;
	private long packedVersion;

	ConvLayer(final int outChannels, final int[] kernel, final int[] stride, final Pads pads,
		final int[] dilation, final boolean bias)
	{
		this(outChannels, kernel, stride, pads, dilation, bias, 1);
	}

	ConvLayer(final int outChannels, final int[] kernel, final int[] stride, final Pads pads,
		final int[] dilation, final boolean bias, final int groups)
	{
		if (groups < 1) throw new IllegalArgumentException("conv groups must be >= 1, got " + groups);
		if (outChannels % groups != 0) throw new IllegalArgumentException("conv " + outChannels +
			" output channels do not divide into " + groups + " groups");
		this.groups = groups;
		if (outChannels < 1) throw new IllegalArgumentException("conv needs >= 1 output channel, got " +
			outChannels);
		if (pads == null) throw new IllegalArgumentException("conv padding is null");
		this.outChannels = outChannels;
		this.kernelArg = Layers.checkPositive(kernel, "kernel size");
		this.strideArg = Layers.checkPositive(stride, "stride");
		this.dilationArg = Layers.checkPositive(dilation, "dilation");
		this.pads = pads;
		this.hasBias = bias;
	}

	/** {@code conv(filters, kernel[, stride], pad=, pads=, dilation=, bias=, groups=)}; ONNX Conv. */
	static final LayerKind<ConvLayer> KIND = new LayerKind<>("conv", ConvLayer.class, 1, EnumSet
		.of(Capability.RELU_EPILOGUE, Capability.RESIDUAL_EPILOGUE), "Conv")
	{

		@Override
		protected ConvLayer create(final Attributes a) {
			return new ConvLayer(a.requireInt("out_channels"), a.ints("kernel", null), a.ints("stride",
				new int[] { 1 }), a.pads(), a.ints("dilation", new int[] { 1 }), a.bool("bias", true), a.ints(
					"groups", new int[] { 1 })[0]);
		}

		@Override
		ConvLayer parse(final Architectures.Args args) {
			args.maxPositional(3, "conv(filters, kernel[, stride])");
			final int filters = args.count(0, "filters", "the number of filters");
			final int[] kernel = args.spatial(1, "kernel", null, "the kernel size");
			final int[] stride = args.spatial(2, "stride", new int[] { 1 }, "the stride");
			return new ConvLayer(filters, kernel, stride, args.pads(), args.spatial(-1, "dilation",
				new int[] { 1 }, "the dilation"), args.bool("bias", true), groups(args.raw(-1, "groups")));
		}

		@Override
		void format(final ConvLayer l, final List<String> args) {
			args.add(String.valueOf(l.outChannels));
			args.add(Architectures.spatial(l.kernel()));
			if (!Architectures.allOnes(l.stride())) args.add("stride=" + Architectures.spatial(l
				.stride()));
			Architectures.padArgs(l.pads, l.padBefore, l.padAfter, args);
			if (!Architectures.allOnes(l.dilation())) args.add("dilation=" + Architectures.spatial(l
				.dilation()));
			if (!l.hasBias) args.add("bias=false");
			if (l.groups != 1) args.add("groups=" + l.groups);
		}

		@Override
		protected void toOnnx(final ConvLayer l, final OnnxExport out) {
			out.input(l.weight.name());
			if (l.bias != null) out.input(l.bias.name());
			out.attribute("dilations", l.dilation);
			out.attribute("group", (long) l.groups);
			out.attribute("kernel_shape", l.kernel);
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
			final int cin = in.shape(x)[0];
			if (group < 1 || group > cin || cin % group != 0 || ws[0] % group != 0 || (long) ws[1] *
				group != cin) throw new IllegalArgumentException("group=" + group + " does not fit " + cin +
					" input channels and the weight shape " + Arrays.toString(ws) +
					" (expected [Cout, Cin / group, kernel...] with Cout a multiple of group)");
			final int[] sp = Pads.spatial(in.shape(x));
			final int r = sp.length;
			if (ws.length != r + 2) throw new IllegalArgumentException("weight '" + in.inputName(1) +
				"' has shape " + Arrays.toString(ws) + ", expected " + (r + 2) + " dimensions [out, in, " +
				"kernel...] for " + r + " spatial axes");
			final int[] kernel = Arrays.copyOfRange(ws, 2, ws.length);
			final int[] k = in.intsAttribute("kernel_shape", kernel);
			if (!Arrays.equals(k, kernel)) throw new IllegalArgumentException("kernel_shape " + Arrays
				.toString(k) + " does not match the weight shape " + Arrays.toString(ws));
			final int[] stride = in.intsAttribute("strides", Pads.filled(r, 1));
			final int[] dilation = in.intsAttribute("dilations", Pads.filled(r, 1));
			final String name = in.add(new ConvLayer(ws[0], kernel, stride, in.pads(sp, kernel, stride,
				dilation), dilation, bias, (int) group), x);
			in.weight(name, "weight", 1);
			if (bias) in.weight(name, "bias", 2);
		}
	};

	private static int groups(final String v) {
		if (v == null) return 1;
		if (!v.matches("[0-9]{1,9}") || Integer.parseInt(v) < 1) throw new IllegalArgumentException(
			"conv groups must be a positive integer, got '" + v + "'");
		return Integer.parseInt(v);
	}

	@Override
	public LayerKind<?> kind() {
		return KIND;
	}

	private int[] kernel() {
		return kernel != null ? kernel : kernelArg;
	}

	private int[] stride() {
		return stride != null ? stride : strideArg;
	}

	private int[] dilation() {
		return dilation != null ? dilation : dilationArg;
	}

	@Override
	public Map<String, Object> attributes() {
		final Map<String, Object> a = new LinkedHashMap<>();
		a.put("out_channels", outChannels);
		a.put("kernel", (kernel != null ? kernel : kernelArg).clone());
		a.put("stride", (stride != null ? stride : strideArg).clone());
		a.put("dilation", (dilation != null ? dilation : dilationArg).clone());
		a.put("padding", pads.mode().name().toLowerCase(java.util.Locale.ROOT));
		if (padBefore != null) {
			a.put("pads_before", padBefore.clone());
			a.put("pads_after", padAfter.clone());
		}
		else if (pads.mode() == Pads.Mode.EXPLICIT) {
			a.put("pads_before", pads.before());
			a.put("pads_after", pads.after());
		}
		a.put("bias", hasBias);
		if (groups != 1) a.put("groups", groups);
		return a;
	}

	@Override
	int[] build(final int[][] inputShapes) {
		final int[] in = inputShapes[0];
		if (in.length < 2) throw new IllegalArgumentException("conv needs an input [C, H, W] (channels" +
			" and 1 to 3 spatial axes), got " + Arrays.toString(in));
		final int r = in.length - 1;
		kernel = Layers.expand(kernelArg, r, "kernel size");
		stride = Layers.expand(strideArg, r, "stride");
		dilation = Layers.expand(dilationArg, r, "dilation");
		final int[] spatial = Arrays.copyOfRange(in, 1, in.length);
		final int[][] p = pads.resolve(spatial, kernel, stride, dilation);
		padBefore = p[0];
		padAfter = p[1];
		geometry = ConvGeometry.of(r).stride(stride).dilation(dilation).pad(padBefore, padAfter);
		if (in[0] % groups != 0) throw new IllegalArgumentException("conv: " + in[0] +
			" input channels do not divide into " + groups + " groups");
		final int[] wShape = weightShape(in[0] / groups);
		final int[] inShape = new int[in.length + 1];
		inShape[0] = 1;
		System.arraycopy(in, 0, inShape, 1, in.length);
		final int[] out = GroupedConvolutions.outputShape(inShape, wShape, geometry, groups);
		weight = addParameter("weight", Tensor.zeros(wShape));
		if (hasBias) bias = addParameter("bias", Tensor.zeros(outChannels));
		return Arrays.copyOfRange(out, 1, out.length);
	}

	private int[] weightShape(final int cin) {
		final int[] w = new int[kernel.length + 2];
		w[0] = outChannels;
		w[1] = cin;
		System.arraycopy(kernel, 0, w, 2, kernel.length);
		return w;
	}

	@Override
	void initialize(final Random rnd, final boolean heInit) {
		final int[] w = weight.value().shape();
		int k = 1;
		for (int i = 2; i < w.length; i++)
			k *= w[i];
		Initializers.fill(weight.value(), rnd, w[1] * k, w[0] * k, heInit);
		if (bias != null) Arrays.fill(bias.value().data(), 0f);
	}

	@Override
	public Tensor forward(final Tensor[] inputs, final boolean training) {
		return run(inputs, training, false);
	}

	@Override
	Tensor forwardRelu(final Tensor[] inputs) {
		return run(inputs, false, null, true);
	}

	@Override
	Tensor forwardResidual(final Tensor[] inputs, final Tensor addend, final boolean relu) {
		return run(inputs, false, addend, relu);
	}

	private Tensor run(final Tensor[] inputs, final boolean training, final boolean relu) {
		return run(inputs, training, null, relu);
	}

	private Tensor run(final Tensor[] inputs, final boolean training, final Tensor addend,
		final boolean relu)
	{
		final Tensor x = checkInput(inputs, 0);
		final Tensor y = output(GroupedConvolutions.outputShape(x.shape(), weight.value().shape(),
			geometry, groups));
		final float[] b = bias == null ? null : bias.value().data();
		if (groups == 1) {
			Convolutions.correlate(x, weight.value(), training ? null : packedWeight(), b, geometry, addend,
				relu, y);
			if (training) packed = null;
		}
		else {
			GroupedConvolutions.correlate(x, weight.value(), b, geometry, groups, y);
			if (relu || addend != null) {
				final float[] yd = y.data(), ad = addend == null ? null : addend.data();
				Parallel.elements(yd.length, (from, to) -> {
					if (ad != null) for (int i = from; i < to; i++)
						yd[i] += ad[i];
					if (relu) for (int i = from; i < to; i++)
						yd[i] = Math.max(yd[i], 0f);
				});
			}
		}
		lastInput = training ? x : null;
		return y;
	}

	private Convolutions.PackedWeight packedWeight() {
		final long v = weight.version();
		if (packed == null || packedVersion != v) {
			packed = Convolutions.pack(weight.value());
			packedVersion = v;
		}
		return packed;
	}

	@Override
	public Tensor[] backward(final Tensor gradOutput, final boolean inputGradients) {
		final Tensor x = requireForward(lastInput);
		GroupedConvolutions.weightGradient(x, gradOutput, geometry, groups, weight.grad(), bias == null ?
			null : bias.grad().data());
		Tensor dx = null;
		if (inputGradients) {
			dx = gradient(x.shape());
			GroupedConvolutions.inputGradient(gradOutput, weight.value(), geometry, groups, dx);
		}
		return new Tensor[] { dx };
	}
}
