package io.github.convnetij.ops;

import java.util.List;

import io.github.convnetij.compute.Boundary;
import io.github.convnetij.compute.ConvMethod;
import io.github.convnetij.compute.PlaneConvolutions;
import io.github.convnetij.compute.Tensor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Convolution and correlation of images of any real pixel type, output 32-bit float.
 * <p>
 * A kernel of {@code k} dimensions filters the first {@code k} axes of the image (X; X, Y; or X,
 * Y, Z) and is applied independently to every position of the further axes (channels, time...).
 * {@code correlate} uses the weights as they are; {@code convolve} flips the kernel in every axis.
 * Alignment of even-sized kernels, boundaries and output sizes are exactly those of
 * scipy.ndimage's {@code correlate} / {@code convolve} ({@code origin=0}): for a kernel extent
 * {@code k}, correlation reads {@code k/2} pixels before and {@code k-1-k/2} after each output
 * pixel; convolution {@code (k-1)/2} before and {@code k/2} after.
 * <p>
 * Both run the compute core's single-channel path ({@link PlaneConvolutions}) with a
 * {@link ConvMethod}: {@code DIRECT}, {@code SEPARABLE} (rank-1 kernels), {@code FFT} (large
 * kernels), or {@code AUTO} (the default: chosen from the sizes and the kernel's rank alone, see
 * {@link #chosenMethod}). The boundary is applied while reading, so no padded copy of the image is
 * made. Results are bitwise the same for any thread count, with or without the Vector API.
 * <pre>{@code
 * Img<FloatType> edges = ConvolutionOps.correlate(img, Kernels.get("sobel-x"), Boundary.REFLECT, 0,
 *     OutputSize.SAME, false);
 * Img<FloatType> blur = ConvolutionOps.convolve(img, Kernels.get("gaussian(8)"), Boundary.NEAREST, 0,
 *     OutputSize.SAME, false, ConvMethod.FFT);
 * }</pre>
 * Threads: set by the caller with {@code Parallelization.runWithNumThreads(n, () -> ...)}.
 */
public final class ConvolutionOps {

	private ConvolutionOps() {}

	/**
	 * Correlation of {@code image} with {@code kernel}.
	 *
	 * @param value the constant outside the image for {@link Boundary#CONSTANT} (ignored otherwise)
	 * @param normalize divide the kernel by its sum when that sum is not 0 (as ImageJ's Convolver)
	 * @throws IllegalArgumentException if the kernel has more dimensions than the image, or with
	 *           {@code VALID} is larger than the image on some axis
	 */
	public static <T extends RealType<T>> Img<FloatType> correlate(
		final RandomAccessibleInterval<T> image, final Kernel kernel, final Boundary boundary,
		final double value, final OutputSize size, final boolean normalize)
	{
		return filter(image, kernel, boundary, value, size, normalize, false, ConvMethod.AUTO);
	}

	/** Convolution: as {@link #correlate} with the kernel flipped in every axis. */
	public static <T extends RealType<T>> Img<FloatType> convolve(
		final RandomAccessibleInterval<T> image, final Kernel kernel, final Boundary boundary,
		final double value, final OutputSize size, final boolean normalize)
	{
		return filter(image, kernel, boundary, value, size, normalize, true, ConvMethod.AUTO);
	}

	/**
	 * Correlation computed with {@code method} (AUTO: chosen from the sizes, see
	 * {@link #chosenMethod}).
	 *
	 * @throws IllegalArgumentException as {@link #correlate(RandomAccessibleInterval, Kernel,
	 *           Boundary, double, OutputSize, boolean)}, or if {@code method} is SEPARABLE and the
	 *           kernel is not rank 1, or FFT and the kernel is too large for it
	 */
	public static <T extends RealType<T>> Img<FloatType> correlate(
		final RandomAccessibleInterval<T> image, final Kernel kernel, final Boundary boundary,
		final double value, final OutputSize size, final boolean normalize, final ConvMethod method)
	{
		return filter(image, kernel, boundary, value, size, normalize, false, method);
	}

	/** Convolution computed with {@code method}: as {@link #correlate} with the kernel flipped. */
	public static <T extends RealType<T>> Img<FloatType> convolve(
		final RandomAccessibleInterval<T> image, final Kernel kernel, final Boundary boundary,
		final double value, final OutputSize size, final boolean normalize, final ConvMethod method)
	{
		return filter(image, kernel, boundary, value, size, normalize, true, method);
	}

	/**
	 * The method that {@code method} stands for when filtering an image of dimensions
	 * {@code dims} (X first) with {@code kernel} at output size {@code size}: {@code method}
	 * itself, or for AUTO the one the cost model picks (from the sizes and whether the kernel is
	 * rank 1; the same for correlation and convolution, and for any boundary and thread count).
	 * The kernel is taken as given: pass the normalized kernel if the filter normalizes (scaling
	 * can only matter for a kernel at the edge of the rank-1 tolerance).
	 *
	 * @throws IllegalArgumentException as the filter methods would
	 */
	public static ConvMethod chosenMethod(final long[] dims, final Kernel kernel,
		final OutputSize size, final ConvMethod method)
	{
		final Plan p = plan(dims, kernel, size, false);
		return PlaneConvolutions.resolve(p.inShape, p.weight, p.before, p.after, method);
	}

	/** Correlation with zero boundary, same size, no normalisation. */
	public static <T extends RealType<T>> Img<FloatType> correlate(
		final RandomAccessibleInterval<T> image, final Kernel kernel)
	{
		return correlate(image, kernel, Boundary.ZERO, 0, OutputSize.SAME, false);
	}

	/** Convolution with zero boundary, same size, no normalisation. */
	public static <T extends RealType<T>> Img<FloatType> convolve(
		final RandomAccessibleInterval<T> image, final Kernel kernel)
	{
		return convolve(image, kernel, Boundary.ZERO, 0, OutputSize.SAME, false);
	}

	private static <T extends RealType<T>> Img<FloatType> filter(
		final RandomAccessibleInterval<T> image, Kernel kernel, final Boundary boundary,
		final double value, final OutputSize size, final boolean normalize, final boolean flip,
		final ConvMethod method)
	{
		if (image == null || kernel == null || boundary == null || size == null || method == null)
			throw new NullPointerException("image, kernel, boundary, size and method are required");
		final long[] dims = ImageTensors.dims(image);
		if (boundary == Boundary.CONSTANT && !Double.isFinite(value))
			throw new IllegalArgumentException("boundary value must be a finite number, got " + value);
		if (normalize) {
			final double s = kernel.sum();
			if (s != 0) kernel = kernel.scaled(s);
		}
		if (flip) kernel = kernel.flipped();
		final Plan p = plan(dims, kernel, size, flip);
		final List<Object> planes = kernel.numDimensions() == 2 ? ImageTensors.planes(image) : null;
		// (not FFT: it pairs tiles across planes, so plane by plane would round differently)
		if (planes != null && planes.size() > 1 && PlaneConvolutions.resolve(p.inShape, p.weight,
			p.before, p.after, method) != ConvMethod.FFT) return filterPlanes(planes, p, boundary, value,
				method);
		final Tensor in = ImageTensors.toTensor(image, kernel.numDimensions());
		final Tensor out = PlaneConvolutions.correlate(in, p.weight, 0f, p.before, p.after, boundary,
			(float) value, method);
		return ImageTensors.toImg(out, p.outDims);
	}

	/**
	 * A 2D kernel over a stack held one array per plane (an ImageJ stack): each plane filtered
	 * straight into its own new output array, so neither the input nor the result is copied as a
	 * whole; bitwise the values of one batched call (for the direct and separable methods).
	 */
	private static Img<FloatType> filterPlanes(final List<Object> planes, final Plan p,
		final Boundary boundary, final double value, final ConvMethod method)
	{
		final int h = p.inShape[2], w = p.inShape[3];
		final ConvMethod m = PlaneConvolutions.resolve(new int[] { 1, 1, h, w }, p.weight, p.before,
			p.after, method);
		return ImageTensors.perPlane(planes, h, w, p.outDims, (in, out) -> PlaneConvolutions.correlate(
			in, p.weight, 0f, p.before, p.after, boundary, (float) value, m, out));
	}

	/** Shapes and pads of one filtering, tensor order (outermost first). */
	private static final class Plan {

		int[] inShape, before, after;
		long[] outDims;
		Tensor weight;
	}

	private static Plan plan(final long[] dims, final Kernel kernel, final OutputSize size,
		final boolean flip)
	{
		final int k = kernel.numDimensions();
		if (k > dims.length) throw new IllegalArgumentException("a " + k + "D kernel (" + kernel
			.sizeString() + ") needs an image of at least " + k + " dimensions; this image has " +
			dims.length);
		for (final long d : dims)
			if (d < 1) throw new IllegalArgumentException("the image is empty");
		final Plan p = new Plan();
		p.before = new int[k];
		p.after = new int[k];
		final int[] kspatial = new int[k];
		p.outDims = dims.clone();
		for (int d = 0; d < k; d++) {
			final int kd = kernel.dimension(d), t = k - 1 - d;
			kspatial[t] = kd;
			switch (size) {
				case SAME:
					p.before[t] = flip ? (kd - 1) / 2 : kd / 2;
					p.after[t] = kd - 1 - p.before[t];
					break;
				case FULL:
					p.before[t] = p.after[t] = kd - 1;
					p.outDims[d] = dims[d] + kd - 1;
					break;
				case VALID:
					if (kd > dims[d]) throw new IllegalArgumentException("output size 'valid' needs a kernel " +
						"no larger than the image, but the kernel is " + kernel.sizeString() +
						" and the image is " + dimString(dims) + " (axis " + "XYZ".charAt(d) + ": " + kd +
						" > " + dims[d] + "); use 'same' or 'full'");
					p.outDims[d] = dims[d] - kd + 1;
					break;
				default:
					throw new AssertionError(size);
			}
		}
		final long total = net.imglib2.util.Intervals.numElements(dims);
		if (total > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("image of " + total +
			" pixels is larger than 2^31 pixels, the most one image can hold here");
		p.inShape = ImageTensors.tensorShape(dims, k);
		final int[] wshape = new int[k + 2];
		wshape[0] = wshape[1] = 1;
		System.arraycopy(kspatial, 0, wshape, 2, k);
		p.weight = Tensor.of(kernel.weights(), wshape);
		return p;
	}

	static String dimString(final long[] dims) {
		final StringBuilder sb = new StringBuilder();
		for (int i = 0; i < dims.length; i++)
			sb.append(i == 0 ? "" : "x").append(dims[i]);
		return sb.toString();
	}
}
