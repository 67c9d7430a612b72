package io.github.convnetij.ops;

import io.github.convnetij.compute.Boundary;
import io.github.convnetij.compute.ConvGeometry;
import io.github.convnetij.compute.Convolutions;
import io.github.convnetij.compute.Padding;
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
 * pixel; convolution {@code (k-1)/2} before and {@code k/2} after. Both run the compute core's
 * {@link Convolutions#correlate} kernel, the one the CNN layers use.
 * <pre>{@code
 * Img<FloatType> edges = ConvolutionOps.correlate(img, Kernels.get("sobel-x"), Boundary.REFLECT, 0,
 *     OutputSize.SAME, false);
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
		return filter(image, kernel, boundary, value, size, normalize, false);
	}

	/** Convolution: as {@link #correlate} with the kernel flipped in every axis. */
	public static <T extends RealType<T>> Img<FloatType> convolve(
		final RandomAccessibleInterval<T> image, final Kernel kernel, final Boundary boundary,
		final double value, final OutputSize size, final boolean normalize)
	{
		return filter(image, kernel, boundary, value, size, normalize, true);
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
		final double value, final OutputSize size, final boolean normalize, final boolean flip)
	{
		if (image == null || kernel == null || boundary == null || size == null)
			throw new NullPointerException("image, kernel, boundary and size are required");
		final long[] dims = ImageTensors.dims(image);
		final int k = kernel.numDimensions();
		if (k > dims.length) throw new IllegalArgumentException("a " + k + "D kernel (" + kernel
			.sizeString() + ") needs an image of at least " + k + " dimensions; this image has " +
			dims.length);
		if (boundary == Boundary.CONSTANT && !Double.isFinite(value))
			throw new IllegalArgumentException("boundary value must be a finite number, got " + value);
		for (final long d : dims)
			if (d < 1) throw new IllegalArgumentException("the image is empty");
		if (normalize) {
			final double s = kernel.sum();
			if (s != 0) kernel = kernel.scaled(s);
		}
		if (flip) kernel = kernel.flipped();

		// padding per spatial axis, tensor order (outermost first)
		final int[] before = new int[k], after = new int[k], kspatial = new int[k];
		final long[] outDims = dims.clone();
		for (int d = 0; d < k; d++) {
			final int kd = kernel.dimension(d), t = k - 1 - d;
			kspatial[t] = kd;
			switch (size) {
				case SAME:
					before[t] = flip ? (kd - 1) / 2 : kd / 2;
					after[t] = kd - 1 - before[t];
					break;
				case FULL:
					before[t] = after[t] = kd - 1;
					outDims[d] = dims[d] + kd - 1;
					break;
				case VALID:
					if (kd > dims[d]) throw new IllegalArgumentException("output size 'valid' needs a kernel " +
						"no larger than the image, but the kernel is " + kernel.sizeString() +
						" and the image is " + dimString(dims) + " (axis " + "XYZ".charAt(d) + ": " + kd +
						" > " + dims[d] + "); use 'same' or 'full'");
					outDims[d] = dims[d] - kd + 1;
					break;
				default:
					throw new AssertionError(size);
			}
		}
		Tensor in = ImageTensors.toTensor(image, k);
		ConvGeometry g = ConvGeometry.of(k);
		final boolean zeros = boundary == Boundary.ZERO || boundary == Boundary.CONSTANT &&
			value == 0;
		if (zeros) g = g.pad(before, after);
		else in = Padding.pad(in, before, after, boundary, (float) value);
		final int[] wshape = new int[k + 2];
		wshape[0] = wshape[1] = 1;
		System.arraycopy(kspatial, 0, wshape, 2, k);
		final Tensor w = Tensor.of(kernel.weights(), wshape);
		final Tensor out = Convolutions.correlate(in, w, null, g);
		return ImageTensors.toImg(out, outDims);
	}

	static String dimString(final long[] dims) {
		final StringBuilder sb = new StringBuilder();
		for (int i = 0; i < dims.length; i++)
			sb.append(i == 0 ? "" : "x").append(dims[i]);
		return sb.toString();
	}
}
