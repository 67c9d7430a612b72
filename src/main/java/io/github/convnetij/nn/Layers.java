package io.github.convnetij.nn;

import java.util.Arrays;
import java.util.Map;

/**
 * Factories of the layer types. A layer made here is unbuilt: {@link Network.Builder#add} builds
 * it for the shapes of its inputs. Spatial arguments ({@code kernel}, {@code stride},
 * {@code dilation}, {@code window}) take one value for every spatial axis or one per axis,
 * outermost first; 1, 2 and 3 spatial axes are supported.
 * <pre>{@code
 * Network net = Network.builder(1, 28, 28)
 *     .add(Layers.conv(32, new int[] {3}, new int[] {1}, Pads.same(), new int[] {1}, true))
 *     .add(Layers.relu())
 *     .add(Layers.maxPool(2))
 *     .add(Layers.flatten())
 *     .add(Layers.dense(10))
 *     .add(Layers.softmax())
 *     .build();
 * }</pre>
 * {@link #create} makes a layer from its {@link Layer#type()} and {@link Layer#attributes()}, so
 * model readers can rebuild a network that a writer described.
 */
public final class Layers {

	private Layers() {}

	/** Correlation with {@code outChannels} filters of extent {@code kernel}, stride 1, no padding, bias. */
	public static Layer conv(final int outChannels, final int kernel) {
		return conv(outChannels, new int[] { kernel }, new int[] { 1 }, Pads.valid(), new int[] { 1 },
			true);
	}

	/**
	 * Convolution layer (correlation, as PyTorch and ONNX): weight {@code [out, in, K...]}, bias
	 * {@code [out]}.
	 *
	 * @throws IllegalArgumentException if a count is below 1 or the pads are null
	 */
	public static Layer conv(final int outChannels, final int[] kernel, final int[] stride,
		final Pads pads, final int[] dilation, final boolean bias)
	{
		return new ConvLayer(outChannels, kernel, stride, pads, dilation, bias);
	}

	/** Max pooling with this window and stride = window, no padding. */
	public static Layer maxPool(final int... window) {
		return maxPool(window, window, Pads.valid(), false);
	}

	/**
	 * Max pooling; {@code ceil} keeps partial windows at the end (PyTorch's {@code ceil_mode}).
	 * Padded cells never win.
	 */
	public static Layer maxPool(final int[] window, final int[] stride, final Pads pads,
		final boolean ceil)
	{
		return new PoolLayer(true, window, stride, pads, ceil);
	}

	/** Average pooling with this window and stride = window, no padding. */
	public static Layer avgPool(final int... window) {
		return avgPool(window, window, Pads.valid(), false);
	}

	/** Average pooling over the in-bounds cells of each window ({@code count_include_pad=False}). */
	public static Layer avgPool(final int[] window, final int[] stride, final Pads pads,
		final boolean ceil)
	{
		return new PoolLayer(false, window, stride, pads, ceil);
	}

	/** Mean over all spatial positions: {@code [C, S...]} to {@code [C, 1, ...]} (as ONNX). */
	public static Layer globalAvgPool() {
		return new GlobalAvgPoolLayer();
	}

	public static Layer relu() {
		return new ActivationLayer(0f, false);
	}

	/** {@code x > 0 ? x : alpha * x}. */
	public static Layer leakyRelu(final float alpha) {
		return new ActivationLayer(alpha, true);
	}

	/** Batch normalisation over the channel axis (axis 1), epsilon 1e-5, momentum 0.1 (PyTorch). */
	public static Layer batchNorm() {
		return batchNorm(1e-5f, 0.1f);
	}

	/**
	 * Batch normalisation: training mode normalises with the batch mean and (biased) variance and
	 * updates {@code running = (1 - momentum) * running + momentum * batch} (unbiased variance), as
	 * PyTorch; inference mode uses the running statistics.
	 */
	public static Layer batchNorm(final float epsilon, final float momentum) {
		return new BatchNormLayer(epsilon, momentum);
	}

	/**
	 * Inverted dropout: in training mode each element is zeroed with probability {@code rate} and
	 * the others scaled by 1/(1-rate); the mask is a function of the network seed, the training
	 * step and the element, so runs repeat exactly. Identity in inference mode.
	 */
	public static Layer dropout(final float rate) {
		return new DropoutLayer(rate);
	}

	/** {@code [C, S...]} to {@code [C * S...]} (ONNX Flatten, axis 1). */
	public static Layer flatten() {
		return new FlattenLayer();
	}

	/** Fully connected layer with bias: weight {@code [units, in]} (PyTorch/ONNX Gemm transB layout). */
	public static Layer dense(final int units) {
		return dense(units, true);
	}

	public static Layer dense(final int units, final boolean bias) {
		return new DenseLayer(units, bias);
	}

	/** Softmax over the feature axis of {@code [F]} inputs. */
	public static Layer softmax() {
		return new SoftmaxLayer();
	}

	/** Element-wise sum of two inputs of the same shape (residual connections). */
	public static Layer add() {
		return new AddLayer();
	}

	/**
	 * A layer from its type and attributes, as {@link Layer#type()} and {@link Layer#attributes()}
	 * give them; missing attributes take the defaults of the factories above.
	 *
	 * @throws IllegalArgumentException for an unknown type, a missing required attribute or a value
	 *           of the wrong kind, naming it
	 */
	public static Layer create(final String type, final Map<String, Object> attributes) {
		final LayerKind<?> kind = LayerKinds.byType(type);
		if (kind == null) throw new IllegalArgumentException("unknown layer type '" + type +
			"'; known: " + String.join(", ", LayerKinds.types()));
		return kind.create(attributes);
	}

	/** One value for every axis, or one per axis, to {@code r} values. */
	static int[] expand(final int[] v, final int r, final String what) {
		if (v.length == r) return v.clone();
		if (v.length == 1) {
			final int[] e = new int[r];
			Arrays.fill(e, v[0]);
			return e;
		}
		throw new IllegalArgumentException(what + " " + Arrays.toString(v) + " has " + v.length +
			" values but the input has " + r + " spatial axes (give 1 or " + r + ")");
	}

	static int[] checkPositive(final int[] v, final String what) {
		if (v == null || v.length == 0 || v.length > 3) throw new IllegalArgumentException(what +
			" needs 1 to 3 values, got " + Arrays.toString(v));
		for (final int x : v)
			if (x < 1) throw new IllegalArgumentException(what + " must be >= 1, got " + Arrays.toString(
				v));
		return v.clone();
	}
}
