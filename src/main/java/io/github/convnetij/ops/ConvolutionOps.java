package io.github.convnetij.ops;

import io.github.convnetij.compute.Boundary;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.img.Img;

/**
 * Convolution and correlation of images of any real pixel type, output 32-bit float.
 * <p>
 * A kernel of {@code k} dimensions filters the first {@code k} axes of the image (X; X, Y; or X,
 * Y, Z) and is applied independently to every position of the further axes (channels, time...).
 * {@code correlate} uses the weights as they are; {@code convolve} flips the kernel in every axis.
 * Alignment of even-sized kernels, boundaries and output sizes are exactly those of
 * scipy.ndimage's {@code correlate} / {@code convolve} ({@code origin=0}).
 * <pre>{@code
 * Img<FloatType> edges = ConvolutionOps.correlate(img, Kernels.get("sobel-x"), Boundary.REFLECT, 0,
 *     OutputSize.SAME, false);
 * }</pre>
 */
public final class ConvolutionOps {

	private ConvolutionOps() {}

	/**
	 * Correlation of {@code image} with {@code kernel}.
	 *
	 * @param value the constant outside the image for {@link Boundary#CONSTANT} (ignored otherwise)
	 * @param normalize divide the result by the kernel's sum when that sum is not 0
	 * @throws IllegalArgumentException if the kernel has more dimensions than the image, or with
	 *           {@code VALID} is larger than the image on some axis
	 */
	public static <T extends RealType<T>> Img<FloatType> correlate(
		final RandomAccessibleInterval<T> image, final Kernel kernel, final Boundary boundary,
		final double value, final OutputSize size, final boolean normalize)
	{
		throw new UnsupportedOperationException("not yet");
	}

	/** Convolution: as {@link #correlate} with the kernel flipped in every axis. */
	public static <T extends RealType<T>> Img<FloatType> convolve(
		final RandomAccessibleInterval<T> image, final Kernel kernel, final Boundary boundary,
		final double value, final OutputSize size, final boolean normalize)
	{
		throw new UnsupportedOperationException("not yet");
	}
}
