package io.github.convnetij.compute;

import java.util.Arrays;

/**
 * Grouped correlation (and depthwise, where each group has one input channel), as PyTorch's and
 * ONNX's {@code groups}/{@code group}: the input channels and the output channels are split into
 * {@code groups} equal parts, and output part {@code g} is the correlation of input part {@code g}
 * with its filters. Input {@code [N, Cin, S...]}, weight {@code [Cout, Cin / groups, K...]}, output
 * {@code [N, Cout, O...]}:
 * <pre>
 * out[n, co, o] = bias[co] + sum_{j, k} w[co, j, k] * in[n, g * Cin/groups + j, o * stride + k * dilation - padBefore]
 * with g = co / (Cout / groups)
 * </pre>
 * Each group runs as one plain {@link Convolutions#correlate} on copies of its channels (and
 * {@link ConvolutionGradients} for the gradients), so the results are those of that kernel; one
 * group is exactly {@link Convolutions}.
 */
public final class GroupedConvolutions {

	private GroupedConvolutions() {}

	/**
	 * Shape of the output: {@code [N, Cout, O...]}.
	 *
	 * @throws IllegalArgumentException if the channels do not divide into the groups or the shapes do
	 *           not fit, naming them
	 */
	public static int[] outputShape(final int[] inputShape, final int[] weightShape,
		final ConvGeometry geometry, final int groups)
	{
		check(inputShape, weightShape, groups);
		final int[] groupIn = inputShape.clone();
		groupIn[1] = inputShape[1] / groups;
		return Convolutions.outputShape(groupIn, weightShape, geometry).clone();
	}

	private static void check(final int[] in, final int[] w, final int groups) {
		if (groups < 1) throw new IllegalArgumentException("groups must be >= 1, got " + groups);
		if (in == null || w == null || in.length < 3 || w.length < 3) throw new IllegalArgumentException(
			"input " + Arrays.toString(in) + " and weight " + Arrays.toString(w) +
				" need shapes [N, Cin, S...] and [Cout, Cin / groups, K...]");
		if (in[1] % groups != 0 || w[0] % groups != 0) throw new IllegalArgumentException("input " +
			"channels " + in[1] + " and output channels " + w[0] + " must both divide into " + groups +
			" groups");
		if (w[1] * groups != in[1]) throw new IllegalArgumentException("weight " + Arrays.toString(w) +
			" has " + w[1] + " input channels per group, but the input's " + in[1] + " channels in " +
			groups + " groups give " + in[1] / groups);
	}

	/**
	 * Grouped correlation into {@code output} (shape {@link #outputShape}; every element
	 * overwritten). {@code bias} may be null or has length Cout.
	 *
	 * @throws IllegalArgumentException on shape mismatches, naming the shapes
	 */
	public static void correlate(final Tensor input, final Tensor weight, final float[] bias,
		final ConvGeometry geometry, final int groups, final Tensor output)
	{
		if (groups == 1) {
			Convolutions.correlate(input, weight, bias, geometry, output);
			return;
		}
		final int[] inShape = input.shape(), wShape = weight.shape();
		final int[] outShape = outputShape(inShape, wShape, geometry, groups);
		if (!Arrays.equals(outShape, output.shape())) throw new IllegalArgumentException("output shape " +
			Arrays.toString(output.shape()) + " does not match " + Arrays.toString(outShape));
		if (bias != null && bias.length != wShape[0]) throw new IllegalArgumentException("bias has " +
			bias.length + " values, expected " + wShape[0]);
		final int cinG = inShape[1] / groups, coutG = wShape[0] / groups;
		final int wPer = weight.numel() / wShape[0];
		for (int g = 0; g < groups; g++) {
			final Tensor x = channels(input, g * cinG, cinG);
			final int[] wg = wShape.clone();
			wg[0] = coutG;
			final Tensor w = Tensor.of(Arrays.copyOfRange(weight.data(), g * coutG * wPer, (g + 1) * coutG *
				wPer), wg);
			final float[] b = bias == null ? null : Arrays.copyOfRange(bias, g * coutG, (g + 1) * coutG);
			final int[] og = outShape.clone();
			og[1] = coutG;
			final Tensor y = Tensor.zeros(og);
			Convolutions.correlate(x, w, b, geometry, y);
			putChannels(y, output, g * coutG);
		}
	}

	/** {@link #correlate(Tensor, Tensor, float[], ConvGeometry, int, Tensor)} into a new tensor. */
	public static Tensor correlate(final Tensor input, final Tensor weight, final float[] bias,
		final ConvGeometry geometry, final int groups)
	{
		final Tensor out = Tensor.zeros(outputShape(input.shape(), weight.shape(), geometry, groups));
		correlate(input, weight, bias, geometry, groups, out);
		return out;
	}

	/** d(loss)/d(input) into {@code gradInput} (the forward input's shape; overwritten). */
	public static void inputGradient(final Tensor gradOutput, final Tensor weight,
		final ConvGeometry geometry, final int groups, final Tensor gradInput)
	{
		if (groups == 1) {
			ConvolutionGradients.input(gradOutput, weight, geometry, gradInput);
			return;
		}
		final int[] inShape = gradInput.shape(), wShape = weight.shape();
		check(inShape, wShape, groups);
		final int cinG = inShape[1] / groups, coutG = wShape[0] / groups;
		final int wPer = weight.numel() / wShape[0];
		for (int g = 0; g < groups; g++) {
			final int[] wg = wShape.clone();
			wg[0] = coutG;
			final Tensor w = Tensor.of(Arrays.copyOfRange(weight.data(), g * coutG * wPer, (g + 1) * coutG *
				wPer), wg);
			final int[] ig = inShape.clone();
			ig[1] = cinG;
			final Tensor dx = Tensor.zeros(ig);
			ConvolutionGradients.input(channels(gradOutput, g * coutG, coutG), w, geometry, dx);
			putChannels(dx, gradInput, g * cinG);
		}
	}

	/**
	 * Sets {@code gradWeight} to d(loss)/d(weight) and, if not null, {@code gradBias} to
	 * d(loss)/d(bias).
	 */
	public static void weightGradient(final Tensor input, final Tensor gradOutput,
		final ConvGeometry geometry, final int groups, final Tensor gradWeight, final float[] gradBias)
	{
		if (groups == 1) {
			ConvolutionGradients.weight(input, gradOutput, geometry, gradWeight, gradBias);
			return;
		}
		final int[] inShape = input.shape(), wShape = gradWeight.shape();
		check(inShape, wShape, groups);
		final int cinG = inShape[1] / groups, coutG = wShape[0] / groups;
		final int wPer = gradWeight.numel() / wShape[0];
		for (int g = 0; g < groups; g++) {
			final int[] wg = wShape.clone();
			wg[0] = coutG;
			final Tensor dw = Tensor.zeros(wg);
			final float[] db = gradBias == null ? null : new float[coutG];
			ConvolutionGradients.weight(channels(input, g * cinG, cinG), channels(gradOutput, g * coutG,
				coutG), geometry, dw, db);
			System.arraycopy(dw.data(), 0, gradWeight.data(), g * coutG * wPer, coutG * wPer);
			if (db != null) System.arraycopy(db, 0, gradBias, g * coutG, coutG);
		}
	}

	/** Channels {@code [from, from + count)} of {@code [N, C, S...]}, copied. */
	static Tensor channels(final Tensor t, final int from, final int count) {
		final int[] s = t.shape().clone();
		final int c = s[1], n = s[0];
		final int plane = n == 0 || c == 0 ? 0 : t.numel() / (n * c);
		s[1] = count;
		final Tensor out = Tensor.zeros(s);
		for (int i = 0; i < n; i++)
			System.arraycopy(t.data(), (i * c + from) * plane, out.data(), i * count * plane, count *
				plane);
		return out;
	}

	/** Writes {@code part} ({@code [N, k, S...]}) into channels {@code [from, from + k)} of {@code t}. */
	static void putChannels(final Tensor part, final Tensor t, final int from) {
		final int n = t.size(0), c = t.size(1), k = part.size(1);
		final int plane = part.numel() / Math.max(1, n * k);
		for (int i = 0; i < n; i++)
			System.arraycopy(part.data(), i * k * plane, t.data(), (i * c + from) * plane, k * plane);
	}
}
