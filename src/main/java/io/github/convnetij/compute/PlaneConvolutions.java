package io.github.convnetij.compute;

import java.util.Arrays;

/**
 * Single-channel correlation of a batch of 1-, 2- or 3-d planes with one kernel, with a boundary
 * mode and a choice of method ({@link ConvMethod}): the image filters' path. Input
 * {@code [N, 1, S...]}, weight {@code [1, 1, K...]}, output {@code [N, 1, O...]} with
 * {@code O = S + padBefore + padAfter - K + 1} on each axis:
 * <pre>
 * out[n, 0, o] = bias + sum_k w[k] * in'[n, 0, o + k - padBefore]
 * </pre>
 * where {@code in'} is the input extended by the boundary mode (the constant {@code value} for
 * {@link Boundary#CONSTANT}, 0 for {@link Boundary#ZERO}). The input is never copied into a padded
 * array: rows outside it are mapped by the boundary mode and the border columns are built in small
 * strips, so memory beyond the output is a few rows (or FFT tiles) per thread.
 * <p>
 * Every method gives a result that is bitwise the same for any number of threads, and the same
 * with or without the Vector API ({@link #vectorized()}); {@link ConvMethod#AUTO} picks the method
 * from the sizes and the rank of the kernel only ({@link #resolve}).
 * <pre>{@code
 * Tensor out = PlaneConvolutions.correlate(img, w, 0f, new int[] {1, 1}, new int[] {1, 1},
 *     Boundary.REFLECT, 0f, ConvMethod.AUTO);          // img [1, 1, H, W], w [1, 1, 3, 3]
 * }</pre>
 * Threads: set by the caller with {@code Parallelization.runWithNumThreads(n, () -> ...)}.
 */
public final class PlaneConvolutions {

	private PlaneConvolutions() {}

	/** Whether {@code g} has stride 1 and dilation 1 on every axis (the cases this class handles). */
	static boolean unitStride(final ConvGeometry g) {
		for (final int v : g.stride())
			if (v != 1) return false;
		for (final int v : g.dilation())
			if (v != 1) return false;
		return true;
	}

	/** Whether the Vector API implementation of the inner loops is in use in this JVM. */
	public static boolean vectorized() {
		return RowOps.get().vectorized();
	}

	/**
	 * Correlation into a new tensor. Preconditions: {@code input} is {@code [N, 1, S...]} and
	 * {@code weight} {@code [1, 1, K...]} with the same number (1-3) of spatial axes, pads
	 * {@code >= 0} with one entry per spatial axis, every output extent at least 1, and for modes
	 * other than ZERO and CONSTANT every input extent at least 1.
	 *
	 * @throws IllegalArgumentException if a precondition does not hold, or {@code method} is
	 *           SEPARABLE and the kernel is not rank 1
	 */
	public static Tensor correlate(final Tensor input, final Tensor weight, final float bias,
		final int[] padBefore, final int[] padAfter, final Boundary boundary, final float value,
		final ConvMethod method)
	{
		final Tensor out = Tensor.zeros(outputShape(input, weight, padBefore, padAfter));
		correlate(input, weight, bias, padBefore, padAfter, boundary, value, method, out);
		return out;
	}

	/**
	 * Correlation into {@code output}, whose shape must be {@link #outputShape}; every element is
	 * overwritten. {@code output} must not share storage with the input or the weight.
	 * Preconditions as {@link #correlate(Tensor, Tensor, float, int[], int[], Boundary, float,
	 * ConvMethod)}.
	 */
	public static void correlate(final Tensor input, final Tensor weight, final float bias,
		final int[] padBefore, final int[] padAfter, final Boundary boundary, final float value,
		final ConvMethod method, final Tensor output)
	{
		correlate(input, weight, bias, padBefore, padAfter, boundary, value, method, output, RowOps
			.get());
	}

	/** As the public method, with the given inner-loop implementation (for tests). */
	static void correlate(final Tensor input, final Tensor weight, final float bias,
		final int[] padBefore, final int[] padAfter, final Boundary boundary, final float value,
		final ConvMethod method, final Tensor output, final RowOps ops)
	{
		if (boundary == null) throw new IllegalArgumentException("boundary mode is null");
		if (output == null) throw new IllegalArgumentException("output tensor is null");
		final int[] outShape = outputShape(input, weight, padBefore, padAfter);
		if (!Arrays.equals(outShape, output.shape())) throw new IllegalArgumentException(
			"output shape " + Arrays.toString(output.shape()) + " does not match " + Arrays.toString(
				outShape));
		if (output.data() == input.data() || output.data() == weight.data())
			throw new IllegalArgumentException(
				"output must not share storage with the input or the weight");
		if (boundary != Boundary.ZERO && boundary != Boundary.CONSTANT) {
			for (int i = 2; i < input.rank(); i++)
				if (input.size(i) < 1) throw new IllegalArgumentException("boundary mode " + boundary
					.key() + " needs a non-empty input, got shape " + Arrays.toString(input.shape()));
		}
		if (output.numel() == 0) return;
		final ConvMethod m = resolve(input.shape(), weight, padBefore, padAfter, method);
		final PlaneProblem p = problem(input, weight, bias, padBefore, boundary, value, output);
		switch (m) {
			case DIRECT:
				new DirectPlane(p, ops).run();
				break;
			case SEPARABLE:
				new SeparablePlane(p, SeparablePlane.factors(p.weights, p.kd, p.kh, p.kw), ops).run();
				break;
			case FFT:
				new FftPlane(p).run();
				break;
			default:
				throw new AssertionError(m);
		}
	}

	/**
	 * The method {@code method} stands for on this problem: {@code method} itself unless it is
	 * AUTO, which becomes the method with the lowest estimated cost for these sizes (the estimate
	 * depends on the shapes and on whether the kernel is rank 1, nothing else).
	 *
	 * @throws IllegalArgumentException on invalid shapes, or SEPARABLE with a kernel that is not
	 *           rank 1
	 */
	public static ConvMethod resolve(final int[] inputShape, final Tensor weight,
		final int[] padBefore, final int[] padAfter, final ConvMethod method)
	{
		if (method == null) throw new IllegalArgumentException("convolution method is null");
		final int[] out = outputShape(inputShape, weight, padBefore, padAfter);
		final int[] k = spatial3(weight.shape());
		final int[] o = spatial3(out);
		switch (method) {
			case DIRECT:
				return method;
			case FFT:
				FftPlane.plan(k, o); // throws if too large
				return method;
			case SEPARABLE:
				if (!isSeparable(weight)) throw new IllegalArgumentException("the " + sizeString(weight
					.shape()) + " kernel is not separable (not rank 1): use method direct, fft or auto");
				return method;
			case AUTO:
				return CostModel.choose(k, o, isSeparable(weight));
			default:
				throw new AssertionError(method);
		}
	}

	/** Whether the kernel {@code [1, 1, K...]} is rank 1 (up to a few float roundings). */
	public static boolean isSeparable(final Tensor weight) {
		final int[] k = spatial3(weight.shape());
		return SeparablePlane.factors(weight.data(), k[0], k[1], k[2]) != null;
	}

	/**
	 * {@code [N, 1, O...]} for this input and weight.
	 *
	 * @throws IllegalArgumentException on invalid shapes or pads, naming them
	 */
	public static int[] outputShape(final Tensor input, final Tensor weight, final int[] padBefore,
		final int[] padAfter)
	{
		if (input == null || weight == null) throw new IllegalArgumentException(
			"input and weight are required");
		return outputShape(input.shape(), weight, padBefore, padAfter);
	}

	private static int[] outputShape(final int[] in, final Tensor weight, final int[] padBefore,
		final int[] padAfter)
	{
		if (weight == null) throw new IllegalArgumentException("weight is required");
		final int[] w = weight.shape();
		final int r = w.length - 2;
		final String which = "input shape " + Arrays.toString(in) + ", weight shape " + Arrays.toString(
			w);
		if (r < 1 || r > 3 || w[0] != 1 || w[1] != 1) throw new IllegalArgumentException(which +
			": the weight must be [1, 1, K...] with 1-3 spatial axes");
		if (in.length != r + 2 || in[1] != 1) throw new IllegalArgumentException(which +
			": the input must be [N, 1, S...] with " + r + " spatial axes");
		if (padBefore == null || padAfter == null || padBefore.length != r || padAfter.length != r)
			throw new IllegalArgumentException(which + ": pads must have " + r + " entries each, got " +
				Arrays.toString(padBefore) + " and " + Arrays.toString(padAfter));
		final int[] out = in.clone();
		for (int i = 0; i < r; i++) {
			if (padBefore[i] < 0 || padAfter[i] < 0) throw new IllegalArgumentException(which +
				": pads must be >= 0, got " + Arrays.toString(padBefore) + " and " + Arrays.toString(
					padAfter));
			if (w[2 + i] < 1) throw new IllegalArgumentException(which + ": empty kernel");
			final long o = (long) in[2 + i] + padBefore[i] + padAfter[i] - w[2 + i] + 1;
			if (o < 1 || o > Integer.MAX_VALUE) throw new IllegalArgumentException(which + ": pads " +
				Arrays.toString(padBefore) + "/" + Arrays.toString(padAfter) + " give output extent " + o +
				" on spatial axis " + i);
			out[2 + i] = (int) o;
		}
		Tensor.count(out);
		return out;
	}

	private static PlaneProblem problem(final Tensor input, final Tensor weight, final float bias,
		final int[] padBefore, final Boundary boundary, final float value, final Tensor output)
	{
		final int[] in = input.shape(), out = output.shape();
		final int[] s = spatial3(in), o = spatial3(out), k = spatial3(weight.shape());
		final int[] pad = new int[3];
		System.arraycopy(padBefore, 0, pad, 3 - padBefore.length, padBefore.length);
		return new PlaneProblem(input.data(), new int[] { in[0], s[0], s[1], s[2] }, weight.data(), k,
			bias, output.data(), new int[] { out[0], o[0], o[1], o[2] }, pad, boundary, value);
	}

	/** The spatial extents of {@code [A, B, S...]} as 3 values, leading ones 1. */
	static int[] spatial3(final int[] shape) {
		final int[] s = { 1, 1, 1 };
		final int r = shape.length - 2;
		System.arraycopy(shape, 2, s, 3 - r, r);
		return s;
	}

	private static String sizeString(final int[] shape) {
		final StringBuilder sb = new StringBuilder();
		for (int i = shape.length - 1; i >= 2; i--)
			sb.append(i == shape.length - 1 ? "" : "x").append(shape[i]);
		return sb.toString();
	}
}
