package io.github.convnetij.nn;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.github.convnetij.compute.PoolGeometry;
import io.github.convnetij.compute.Pooling;
import io.github.convnetij.compute.PoolingGradients;
import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.LayerKind.Capability;

/** Max or average pooling on {@link Pooling}; max keeps the argmax for its backward pass. */
final class PoolLayer extends Layer {

	private final boolean max;
	private final int[] windowArg, strideArg;
	private final Pads pads;
	private final boolean ceil;
	private int[] window, stride, padBefore, padAfter;
	private PoolGeometry geometry;
	private int[] lastArgmax;
	private int[] lastInputShape;

	PoolLayer(final boolean max, final int[] window, final int[] stride, final Pads pads,
		final boolean ceil)
	{
		if (pads == null) throw new IllegalArgumentException("pool padding is null");
		this.max = max;
		this.windowArg = Layers.checkPositive(window, "pool window");
		this.strideArg = Layers.checkPositive(stride, "pool stride");
		this.pads = pads;
		this.ceil = ceil;
	}

	/**
	 * {@code maxpool(window[, stride], pad=, pads=, ceil=)}; ONNX MaxPool (and GlobalMaxPool on
	 * import, as one window over the whole input).
	 */
	static final LayerKind<PoolLayer> MAX = new Kind(true);
	/** {@code avgpool(window[, stride], pad=, pads=, ceil=)}; ONNX AveragePool (count_include_pad=0). */
	static final LayerKind<PoolLayer> AVG = new Kind(false);

	private static final class Kind extends LayerKind<PoolLayer> {

		private final boolean max;

		Kind(final boolean max) {
			super(max ? "maxpool" : "avgpool", PoolLayer.class, 1, max ? EnumSet.of(Capability.KEEPS_UNITS,
				Capability.MAX_POOLING) : EnumSet.of(Capability.KEEPS_UNITS), max ? new String[] { "MaxPool",
				"GlobalMaxPool" } : new String[] { "AveragePool" });
			this.max = max;
		}

		@Override
		protected PoolLayer create(final Attributes a) {
			final int[] window = a.ints("window", null);
			return new PoolLayer(max, window, a.ints("stride", window), a.pads(), a.bool("ceil", false));
		}

		@Override
		PoolLayer parse(final Architectures.Args args) {
			args.maxPositional(2, type() + "(window[, stride])");
			final int[] window = args.spatial(0, "window", null, "the window size");
			final int[] stride = args.spatial(1, "stride", window, "the stride");
			final Pads pads = args.pads();
			final boolean ceil = args.bool("ceil", false);
			return new PoolLayer(max, window, stride, pads, ceil);
		}

		@Override
		void format(final PoolLayer l, final List<String> args) {
			final int[] window = l.window != null ? l.window : l.windowArg;
			final int[] stride = l.stride != null ? l.stride : l.strideArg;
			args.add(Architectures.spatial(window));
			if (!Arrays.equals(window, stride)) args.add("stride=" + Architectures.spatial(stride));
			Architectures.padArgs(l.pads, l.padBefore, l.padAfter, args);
			if (l.ceil) args.add("ceil=true");
		}

		@Override
		protected void toOnnx(final PoolLayer l, final OnnxExport out) {
			out.attribute("ceil_mode", l.ceil ? 1L : 0L);
			if (!max) out.attribute("count_include_pad", 0L);
			out.attribute("kernel_shape", l.window);
			out.attribute("pads", Pads.concat(l.padBefore, l.padAfter));
			out.attribute("strides", l.stride);
		}

		@Override
		public void fromOnnx(final OnnxImport in) {
			final String x = in.data(0);
			final int[] sp = Pads.spatial(in.shape(x));
			if (in.opType().equals("GlobalMaxPool")) { // one window over all spatial positions
				in.add(new PoolLayer(true, sp, sp, Pads.valid(), false), x);
				return;
			}
			final int r = sp.length;
			final int[] window = in.intsAttribute("kernel_shape", null);
			if (window == null) throw new IllegalArgumentException("kernel_shape is missing");
			final int[] stride = in.intsAttribute("strides", Pads.filled(r, 1));
			final int[] dilation = in.intsAttribute("dilations", Pads.filled(r, 1));
			for (final int d : dilation)
				if (d != 1) throw new IllegalArgumentException("dilations " + Arrays.toString(dilation) +
					" are not supported (only 1)");
			final Pads pads = in.pads(sp, window, stride, dilation);
			final boolean ceil = in.intAttribute("ceil_mode", 0) != 0;
			if (!max && in.intAttribute("count_include_pad", 0) != 0) {
				final boolean padded = pads.mode() == Pads.Mode.SAME || pads.mode() == Pads.Mode.EXPLICIT &&
					(Arrays.stream(pads.before()).anyMatch(v -> v > 0) || Arrays.stream(pads.after()).anyMatch(
						v -> v > 0));
				if (padded || ceil) throw new IllegalArgumentException("count_include_pad=1 with padding " +
					"is not supported (the average is over the cells inside the image only)");
			}
			in.add(new PoolLayer(max, window, stride, pads, ceil), x);
		}
	}

	@Override
	public LayerKind<?> kind() {
		return max ? MAX : AVG;
	}

	@Override
	public Map<String, Object> attributes() {
		final Map<String, Object> a = new LinkedHashMap<>();
		a.put("window", (window != null ? window : windowArg).clone());
		a.put("stride", (stride != null ? stride : strideArg).clone());
		a.put("padding", pads.mode().name().toLowerCase(Locale.ROOT));
		if (padBefore != null) {
			a.put("pads_before", padBefore.clone());
			a.put("pads_after", padAfter.clone());
		}
		else if (pads.mode() == Pads.Mode.EXPLICIT) {
			a.put("pads_before", pads.before());
			a.put("pads_after", pads.after());
		}
		a.put("ceil", ceil);
		return a;
	}

	@Override
	int[] build(final int[][] inputShapes) {
		final int[] in = inputShapes[0];
		if (in.length < 2) throw new IllegalArgumentException(type() + " needs an input [C, H, W]" +
			" (channels and 1 to 3 spatial axes), got " + Arrays.toString(in));
		final int r = in.length - 1;
		window = Layers.expand(windowArg, r, "pool window");
		stride = Layers.expand(strideArg, r, "pool stride");
		final int[] ones = new int[r];
		Arrays.fill(ones, 1);
		final int[][] p = pads.resolve(Arrays.copyOfRange(in, 1, in.length), window, stride, ones);
		padBefore = p[0];
		padAfter = p[1];
		geometry = PoolGeometry.of(window).stride(stride).pad(padBefore, padAfter).ceil(ceil);
		final int[] inShape = new int[in.length + 1];
		inShape[0] = 1;
		System.arraycopy(in, 0, inShape, 1, in.length);
		final int[] out = Pooling.outputShape(inShape, geometry);
		return Arrays.copyOfRange(out, 1, out.length);
	}

	@Override
	public Tensor forward(final Tensor[] inputs, final boolean training) {
		final Tensor x = checkInput(inputs, 0);
		// the output array from the executor's pool in inference passes (see Layer#output)
		final Tensor y = output(Pooling.outputShape(x.shape(), geometry));
		if (max) {
			final int n = (int) count(y.shape());
			final int[] argmax = !training ? null : lastArgmax != null && lastArgmax.length == n ?
				lastArgmax : new int[n];
			Pooling.max(x, geometry, argmax, y);
			lastArgmax = argmax;
		}
		else Pooling.avg(x, geometry, y);
		lastInputShape = training ? x.shape() : null;
		return y;
	}

	@Override
	public Tensor[] backward(final Tensor gradOutput, final boolean inputGradients) {
		final int[] inShape = requireForward(lastInputShape);
		if (!inputGradients) return new Tensor[] { null };
		final Tensor dx = gradient(inShape);
		if (max) PoolingGradients.max(gradOutput, lastArgmax, dx);
		else PoolingGradients.avg(gradOutput, geometry, dx);
		return new Tensor[] { dx };
	}

	private static long count(final int[] shape) {
		long n = 1;
		for (final int s : shape)
			n *= s;
		return n;
	}
}
