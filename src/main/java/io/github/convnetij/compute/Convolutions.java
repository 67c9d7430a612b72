package io.github.convnetij.compute;

import java.util.Arrays;

/**
 * Direct N-d correlation (and convolution, via {@link #flip}) of batched multi-channel tensors:
 * the one kernel used by the image operations and by the CNN's convolution layer.
 * <p>
 * Input {@code [N, Cin, S...]}, weight {@code [Cout, Cin, K...]}, output {@code [N, Cout, O...]},
 * with 1, 2 or 3 spatial axes {@code S} (W; H, W; D, H, W). Correlation, as PyTorch and ONNX:
 * <pre>
 * out[n, co, o] = bias[co] + sum_{ci, k} w[co, ci, k] * in[n, ci, o * stride + k * dilation - padBefore]
 * </pre>
 * with zeros outside the input. Other boundary modes: pad first with {@link Padding#pad}.
 * Multithreaded through ImgLib2's {@code Parallelization}; results are bitwise identical for any
 * thread count.
 * <pre>{@code
 * Tensor out = Parallelization.runWithNumThreads(2,
 *     () -> Convolutions.correlate(in, w, null, ConvGeometry.of(2).pad(new int[] {1, 1}, new int[] {1, 1})));
 * }</pre>
 */
public final class Convolutions {

	private Convolutions() {}

	/**
	 * Correlation into a new tensor. {@code bias} may be null (no bias) or has length Cout.
	 * <p>
	 * Preconditions: {@code input} has shape {@code [N, Cin, S...]} and {@code weight}
	 * {@code [Cout, Cin, K...]}, each with {@code geometry.rank()} spatial axes; the (dilated)
	 * kernel fits the padded input on every axis.
	 *
	 * @throws IllegalArgumentException on rank, channel or shape mismatches, naming the shapes
	 */
	public static Tensor correlate(final Tensor input, final Tensor weight, final float[] bias,
		final ConvGeometry geometry)
	{
		final Tensor output = Tensor.zeros(outputShape(shapeOf(input, "input"), shapeOf(weight,
			"weight"), geometry));
		correlate(input, weight, bias, geometry, output);
		return output;
	}

	/**
	 * Correlation into {@code output}, whose shape must be {@link #outputShape}. Every element of
	 * {@code output} is overwritten. Preconditions as {@link #correlate(Tensor, Tensor, float[],
	 * ConvGeometry)}; in addition {@code output} must not share storage with {@code input} or
	 * {@code weight}.
	 *
	 * @throws IllegalArgumentException on rank, channel or shape mismatches, naming the shapes, or
	 *           if {@code output} is the storage of {@code input} or {@code weight}
	 */
	public static void correlate(final Tensor input, final Tensor weight, final float[] bias,
		final ConvGeometry geometry, final Tensor output)
	{
		correlate(input, weight, null, bias, geometry, false, output);
	}

	/**
	 * A convolution weight {@code [Cout, Cin, K...]} prepared once for many calls of
	 * {@link #correlate(Tensor, Tensor, PackedWeight, float[], ConvGeometry, boolean, Tensor)}
	 * (packed for the matrix product). It copies the values it was made from: after they change,
	 * make a new one.
	 */
	public static final class PackedWeight {

		private final Tensor weight;
		private final float[] packed;

		private PackedWeight(final Tensor weight, final float[] packed) {
			this.weight = weight;
			this.packed = packed;
		}

		/** The tensor it was made from. */
		public Tensor weight() {
			return weight;
		}
	}

	/**
	 * {@code weight [Cout, Cin, K...]} prepared for repeated calls.
	 * <pre>{@code
	 * PackedWeight pw = Convolutions.pack(w);
	 * for (Tensor x : batches) Convolutions.correlate(x, w, pw, bias, g, true, out); // with ReLU
	 * }</pre>
	 *
	 * @throws IllegalArgumentException if the weight has rank below 3
	 */
	public static PackedWeight pack(final Tensor weight) {
		final int[] w = shapeOf(weight, "weight");
		if (w.length < 3) throw new IllegalArgumentException("weight shape " + Arrays.toString(w) +
			" must be [Cout, Cin, K...]");
		final int k = weight.numel() / Math.max(1, w[0]);
		return new PackedWeight(weight, w[0] == 0 ? new float[0] : ConvGemm.packWeights(GemmKernels.BEST,
			weight.data(), w[0], k));
	}

	/**
	 * {@link #correlate(Tensor, Tensor, float[], ConvGeometry, Tensor)} with the weight also given
	 * {@link #pack packed} ({@code packed} may be null: packed here), and with {@code relu} the
	 * output {@code max(correlation, 0)} ({@link Math#max}, as a ReLU layer), applied as it is
	 * written. The values are those of the unpacked call, bitwise.
	 *
	 * @throws IllegalArgumentException as the unpacked call, or if {@code packed} was made from
	 *           another tensor than {@code weight}
	 */
	public static void correlate(final Tensor input, final Tensor weight, final PackedWeight packed,
		final float[] bias, final ConvGeometry geometry, final boolean relu, final Tensor output)
	{
		correlate(input, weight, packed, bias, geometry, null, relu, output);
	}

	/**
	 * {@link #correlate(Tensor, Tensor, PackedWeight, float[], ConvGeometry, boolean, Tensor)} with
	 * {@code addend} (null: none), a tensor of the output's shape, added to the correlation before
	 * the ReLU as the output is written: a residual connection's sum, bitwise the values of the
	 * separate addition (in either order) and ReLU.
	 *
	 * @throws IllegalArgumentException as the other call, or if {@code addend} has another shape
	 *           than the output or shares its storage
	 */
	public static void correlate(final Tensor input, final Tensor weight, final PackedWeight packed,
		final float[] bias, final ConvGeometry geometry, final Tensor addend, final boolean relu,
		final Tensor output)
	{
		if (packed != null && packed.weight != weight) throw new IllegalArgumentException(
			"the packed weight was made from another tensor than the weight given");
		final int[] inShape = shapeOf(input, "input");
		final int[] wShape = shapeOf(weight, "weight");
		final int[] outShape = outputShape(inShape, wShape, geometry);
		if (output == null) throw new IllegalArgumentException("output tensor is null");
		if (!Arrays.equals(outShape, output.shape())) throw new IllegalArgumentException(
			"output shape " + Arrays.toString(output.shape()) + " does not match " + Arrays.toString(
				outShape) + ", the output of input " + Arrays.toString(inShape) + " and weight " + Arrays
					.toString(wShape));
		if (bias != null && bias.length != wShape[0]) throw new IllegalArgumentException("bias has " +
			bias.length + " values but weight shape " + Arrays.toString(wShape) + " has " + wShape[0] +
			" output channels");
		if (output.data() == input.data() || output.data() == weight.data())
			throw new IllegalArgumentException(
				"output must not share storage with the input or the weight");
		if (addend != null && !Arrays.equals(addend.shape(), outShape)) throw new IllegalArgumentException(
			"addend shape " + Arrays.toString(addend.shape()) + " does not match the output shape " + Arrays
				.toString(outShape));
		if (addend != null && addend.data() == output.data()) throw new IllegalArgumentException(
			"the addend must not share storage with the output");
		if (output.numel() == 0) return;
		if (inShape[1] > 1 || wShape[0] > 1) { // multi-channel: implicit GEMM
			ConvGemm.correlate(input, weight, packed == null ? null : packed.packed, bias, geometry, relu,
				addend == null ? null : addend.data(), output);
			return;
		}
		correlateOneChannel(input, weight, bias, geometry, output);
		final float[] o = output.data(), a = addend == null ? null : addend.data();
		if (a != null) for (int i = 0; i < o.length; i++)
			o[i] += a[i];
		if (relu) for (int i = 0; i < o.length; i++)
			o[i] = Math.max(o[i], 0f);
	}

	private static void correlateOneChannel(final Tensor input, final Tensor weight,
		final float[] bias, final ConvGeometry geometry, final Tensor output)
	{
		final int[] inShape = input.shape(), wShape = weight.shape(), outShape = output.shape();
		if (PlaneConvolutions.unitStride(geometry)) { // one channel: row kernels, borders in strips
			PlaneConvolutions.correlate(input, weight, bias == null ? 0f : bias[0], geometry.padBefore(),
				geometry.padAfter(), Boundary.ZERO, 0f, ConvMethod.DIRECT, output);
			return;
		}

		final int r = geometry.rank();
		final ConvKernel kernel = new ConvKernel(input.data(), to3d(inShape, r, 1), weight.data(),
			to3d(wShape, r, 1), bias, output.data(), to3d(outShape, r, 1), spatial3d(geometry.stride(),
				1), spatial3d(geometry.dilation(), 1), spatial3d(geometry.padBefore(), 0));
		Tasks.run(kernel.numTasks(outShape[0] * outShape[1]), kernel::worker);
	}

	/**
	 * Shape of the output of {@link #correlate} for these operands: {@code [N, Cout, O...]} with
	 * {@code O} from {@link ConvGeometry#outputShape}.
	 *
	 * @throws IllegalArgumentException on rank, channel or shape mismatches, naming the shapes
	 */
	public static int[] outputShape(final int[] inputShape, final int[] weightShape,
		final ConvGeometry geometry)
	{
		if (geometry == null) throw new IllegalArgumentException("geometry is null");
		if (inputShape == null || weightShape == null) throw new IllegalArgumentException(
			"input and weight shapes are required");
		final int r = geometry.rank();
		final String which = "input shape " + Arrays.toString(inputShape) + " and weight shape " +
			Arrays.toString(weightShape);
		if (inputShape.length != r + 2) throw new IllegalArgumentException(which + ": a " + r +
			"-d convolution needs an input of rank " + (r + 2) + " [N, Cin" + spatialNames(r) + "]");
		if (weightShape.length != r + 2) throw new IllegalArgumentException(which + ": a " + r +
			"-d convolution needs a weight of rank " + (r + 2) + " [Cout, Cin" + spatialNames(r) + "]");
		if (weightShape[1] != inputShape[1]) throw new IllegalArgumentException(which +
			": the weight has " + weightShape[1] + " input channels but the input has " + inputShape[1]);
		Tensor.count(inputShape);
		Tensor.count(weightShape);
		final int[] spatial;
		try {
			spatial = geometry.outputShape(Arrays.copyOfRange(inputShape, 2, r + 2), Arrays
				.copyOfRange(weightShape, 2, r + 2));
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException(which + ": " + e.getMessage(), e);
		}
		final int[] out = new int[r + 2];
		out[0] = inputShape[0];
		out[1] = weightShape[0];
		System.arraycopy(spatial, 0, out, 2, r);
		return out;
	}

	/**
	 * A copy of {@code weight} [Cout, Cin, K...] with every spatial axis reversed. Correlating with
	 * the flipped weight is convolution.
	 *
	 * @throws IllegalArgumentException if {@code weight} does not have rank 3, 4 or 5
	 */
	public static Tensor flip(final Tensor weight) {
		final int[] shape = shapeOf(weight, "weight");
		if (shape.length < 3 || shape.length > 5) throw new IllegalArgumentException("weight shape " +
			Arrays.toString(shape) + " must be [Cout, Cin, K...] with 1, 2 or 3 spatial axes");
		// reversing every axis of a row-major block reverses its flat order
		int block = 1;
		for (int i = 2; i < shape.length; i++)
			block *= shape[i];
		final float[] src = weight.data();
		final float[] dst = new float[src.length];
		for (int start = 0; start < src.length; start += block)
			for (int i = 0; i < block; i++)
				dst[start + i] = src[start + block - 1 - i];
		return Tensor.of(dst, shape);
	}

	private static int[] shapeOf(final Tensor t, final String name) {
		if (t == null) throw new IllegalArgumentException(name + " tensor is null");
		return t.shape();
	}

	private static String spatialNames(final int r) {
		return r == 1 ? ", W" : r == 2 ? ", H, W" : ", D, H, W";
	}

	/** [A, B, S...] with r spatial axes to [A, B, S3...] with 3, leading spatial extents {@code fill}. */
	static int[] to3d(final int[] shape, final int r, final int fill) {
		final int[] s = new int[5];
		s[0] = shape[0];
		s[1] = shape[1];
		for (int i = 0; i < 3 - r; i++)
			s[2 + i] = fill;
		System.arraycopy(shape, 2, s, 5 - r, r);
		return s;
	}

	/** r per-axis values to 3, the leading ones {@code fill}. */
	static int[] spatial3d(final int[] v, final int fill) {
		final int[] s = new int[3];
		Arrays.fill(s, fill);
		System.arraycopy(v, 0, s, 3 - v.length, v.length);
		return s;
	}
}
