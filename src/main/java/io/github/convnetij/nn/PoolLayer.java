package io.github.convnetij.nn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.github.convnetij.compute.PoolGeometry;
import io.github.convnetij.compute.Pooling;
import io.github.convnetij.compute.PoolingGradients;
import io.github.convnetij.compute.Tensor;

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

	/** Whether this is max (not average) pooling. */
	boolean isMax() {
		return max;
	}

	@Override
	public String type() {
		return max ? "maxpool" : "avgpool";
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
		if (max) {
			final int n = (int) count(Pooling.outputShape(x.shape(), geometry));
			final int[] argmax = !training ? null : lastArgmax != null && lastArgmax.length == n ?
				lastArgmax : new int[n];
			final Tensor y = Pooling.max(x, geometry, argmax);
			lastArgmax = argmax;
			lastInputShape = training ? x.shape() : null;
			return y;
		}
		lastInputShape = training ? x.shape() : null;
		return Pooling.avg(x, geometry);
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
