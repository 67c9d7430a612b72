package io.github.convnetij.ops;

import io.github.convnetij.compute.Boundary;
import io.github.convnetij.compute.ConvMethod;
import io.github.convnetij.compute.PlaneConvolutions;
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
 * kernels), or {@code AUTO} (the default: chosen from the sizes and the kernel's rank alone). Each
 * filtering is first answered as a {@link ConvolutionPlan} ({@link #plan}: output dimensions, shift,
 * method, kernel as applied), which callers may read and the op executes. The boundary is applied
 * while reading, so no padded copy of the image is made. Results are bitwise the same for any
 * thread count, with or without the Vector API.
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
	 * The plan of a filtering of an image of dimensions {@code dims} (X first): output dimensions,
	 * shift per axis, the method that runs (AUTO decided by the cost model from the sizes and the
	 * kernel's rank: the same for correlation and convolution, any boundary and thread count), the
	 * kernel as applied. {@link ConvolutionPlan#execute} filters an image of those dimensions; the
	 * filter methods of this class are {@code plan(...).execute(image)}.
	 *
	 * @param normalize divide the kernel by its sum when that sum is not 0
	 * @param flip true for convolution (kernel flipped), false for correlation
	 * @throws ConvolutionPlan.Invalid naming the parameter at fault, as the filter methods would
	 *           throw it
	 */
	public static ConvolutionPlan plan(final long[] dims, final Kernel kernel,
		final Boundary boundary, final double value, final OutputSize size, final boolean normalize,
		final ConvMethod method, final boolean flip)
	{
		return new ConvolutionPlan(dims, kernel, boundary, value, size, normalize, method, flip);
	}

	/**
	 * The method that {@code method} stands for when filtering an image of dimensions
	 * {@code dims} (X first) with {@code kernel} (taken as given) at output size {@code size}:
	 * {@link ConvolutionPlan#method()} of that plan.
	 *
	 * @throws IllegalArgumentException as the filter methods would
	 */
	public static ConvMethod chosenMethod(final long[] dims, final Kernel kernel,
		final OutputSize size, final ConvMethod method)
	{
		return plan(dims, kernel, Boundary.ZERO, 0, size, false, method, false).method();
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
		final RandomAccessibleInterval<T> image, final Kernel kernel, final Boundary boundary,
		final double value, final OutputSize size, final boolean normalize, final boolean flip,
		final ConvMethod method)
	{
		if (image == null) throw new NullPointerException(
			"image, kernel, boundary, size and method are required");
		return plan(ImageTensors.dims(image), kernel, boundary, value, size, normalize, method, flip)
			.execute(image);
	}

	static String dimString(final long[] dims) {
		final StringBuilder sb = new StringBuilder();
		for (int i = 0; i < dims.length; i++)
			sb.append(i == 0 ? "" : "x").append(dims[i]);
		return sb.toString();
	}
}
