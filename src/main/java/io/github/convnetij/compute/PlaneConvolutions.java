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
		final float[][] factors = factorsFor(weight, method);
		final Plan plan = new Plan(input.shape(), weight, bias, padBefore, padAfter, boundary, value,
			resolve(input.shape(), weight, padBefore, padAfter, method, factors), factors, outShape);
		execute(plan, input, output, ops);
	}

	/**
	 * A correlation answered once: shapes and pads checked, the method resolved (AUTO decided by
	 * the cost model, a rank-1 kernel factored once), for inputs {@code [N, 1, S...]} of the planned
	 * spatial extents and any {@code N} (the method depends on the spatial sizes only). Run it with
	 * {@link PlaneConvolutions#correlate(Plan, Tensor, Tensor)} as often as needed: one plane of a
	 * stack at a time, say, without asking the separability and cost questions again.
	 * <pre>{@code
	 * Plan p = PlaneConvolutions.plan(new int[] {1, 1, h, w}, w3x3, 0f, new int[] {1, 1},
	 *     new int[] {1, 1}, Boundary.REFLECT, 0f, ConvMethod.AUTO);
	 * for (Tensor plane : planes)
	 *     PlaneConvolutions.correlate(p, plane, Tensor.zeros(p.outputShape(1)));
	 * }</pre>
	 */
	public static final class Plan {

		private final int[] inShape, outShape, padBefore, padAfter;
		private final Tensor weight;
		private final float bias, value;
		private final Boundary boundary;
		private final ConvMethod method;
		private final float[][] factors;

		private Plan(final int[] inShape, final Tensor weight, final float bias, final int[] padBefore,
			final int[] padAfter, final Boundary boundary, final float value, final ConvMethod method,
			final float[][] factors, final int[] outShape)
		{
			this.inShape = inShape.clone();
			this.weight = weight;
			this.bias = bias;
			this.padBefore = padBefore.clone();
			this.padAfter = padAfter.clone();
			this.boundary = boundary;
			this.value = value;
			this.method = method;
			this.factors = factors;
			this.outShape = outShape;
		}

		/** The method that runs: never AUTO. */
		public ConvMethod method() {
			return method;
		}

		/** The output shape {@code [n, 1, O...]} for an input of {@code n} planes. */
		public int[] outputShape(final int n) {
			final int[] o = outShape.clone();
			o[0] = n;
			return o;
		}
	}

	/**
	 * The plan of a correlation of inputs of shape {@code inputShape} ({@code [N, 1, S...]}; any
	 * {@code N} may run it) with {@code weight}: preconditions as {@link #correlate(Tensor, Tensor,
	 * float, int[], int[], Boundary, float, ConvMethod)}.
	 *
	 * @throws IllegalArgumentException if a precondition does not hold, or {@code method} is
	 *           SEPARABLE and the kernel is not rank 1, or FFT and the kernel is too large for it
	 */
	public static Plan plan(final int[] inputShape, final Tensor weight, final float bias,
		final int[] padBefore, final int[] padAfter, final Boundary boundary, final float value,
		final ConvMethod method)
	{
		if (boundary == null) throw new IllegalArgumentException("boundary mode is null");
		if (inputShape == null) throw new IllegalArgumentException("input and weight are required");
		final int[] outShape = outputShape(inputShape, weight, padBefore, padAfter);
		if (boundary != Boundary.ZERO && boundary != Boundary.CONSTANT) {
			for (int i = 2; i < inputShape.length; i++)
				if (inputShape[i] < 1) throw new IllegalArgumentException("boundary mode " + boundary
					.key() + " needs a non-empty input, got shape " + Arrays.toString(inputShape));
		}
		final float[][] factors = factorsFor(weight, method);
		return new Plan(inputShape, weight, bias, padBefore, padAfter, boundary, value, resolve(
			inputShape, weight, padBefore, padAfter, method, factors), factors, outShape);
	}

	/**
	 * Runs {@code plan} on {@code input} ({@code [N, 1, S...]} with the planned {@code S}) into
	 * {@code output} ({@link Plan#outputShape}{@code (N)}), every element of which is overwritten;
	 * bitwise the result of {@link #correlate(Tensor, Tensor, float, int[], int[], Boundary, float,
	 * ConvMethod, Tensor)} with the plan's arguments.
	 *
	 * @throws IllegalArgumentException if the shapes do not match the plan, or the output shares
	 *           storage with the input or the weight
	 */
	public static void correlate(final Plan plan, final Tensor input, final Tensor output) {
		if (plan == null || input == null || output == null) throw new IllegalArgumentException(
			"plan, input and output are required");
		final int[] in = input.shape();
		boolean match = in.length == plan.inShape.length && in[1] == 1;
		for (int i = 2; match && i < in.length; i++)
			match = in[i] == plan.inShape[i];
		if (!match) throw new IllegalArgumentException("input shape " + Arrays.toString(in) +
			" does not match the plan's " + Arrays.toString(plan.inShape) + " (any N)");
		if (!Arrays.equals(plan.outputShape(in[0]), output.shape())) throw new IllegalArgumentException(
			"output shape " + Arrays.toString(output.shape()) + " does not match " + Arrays.toString(plan
				.outputShape(in[0])));
		if (output.data() == input.data() || output.data() == plan.weight.data())
			throw new IllegalArgumentException(
				"output must not share storage with the input or the weight");
		if (output.numel() == 0) return;
		execute(plan, input, output, RowOps.get());
	}

	private static void execute(final Plan plan, final Tensor input, final Tensor output,
		final RowOps ops)
	{
		final PlaneProblem p = problem(input, plan.weight, plan.bias, plan.padBefore, plan.boundary,
			plan.value, output);
		switch (plan.method) {
			case DIRECT:
				new DirectPlane(p, ops).run();
				break;
			case SEPARABLE:
				new SeparablePlane(p, plan.factors, ops).run();
				break;
			case FFT:
				new FftPlane(p).run();
				break;
			default:
				throw new AssertionError(plan.method);
		}
	}

	/** The rank-1 factors of {@code weight} when {@code method} may need them (else null). */
	private static float[][] factorsFor(final Tensor weight, final ConvMethod method) {
		if (method != ConvMethod.SEPARABLE && method != ConvMethod.AUTO) return null;
		final int[] k = spatial3(weight.shape());
		return SeparablePlane.factors(weight.data(), k[0], k[1], k[2]);
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
		outputShape(inputShape, weight, padBefore, padAfter); // the weight's shape checked first
		return resolve(inputShape, weight, padBefore, padAfter, method, factorsFor(weight, method));
	}

	/** As the public method, with the kernel's rank-1 factors (null if not rank 1) given. */
	private static ConvMethod resolve(final int[] inputShape, final Tensor weight,
		final int[] padBefore, final int[] padAfter, final ConvMethod method, final float[][] factors)
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
				if (factors == null) throw new IllegalArgumentException("the " + sizeString(weight
					.shape()) + " kernel is not separable (not rank 1): use method direct, fft or auto");
				return method;
			case AUTO:
				return CostModel.choose(k, o, factors != null);
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
