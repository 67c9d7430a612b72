package io.github.convnetij.ops;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Max and average pooling of images of any real pixel type, output 32-bit float.
 * <p>
 * {@code window} and {@code stride} give one size per pooled axis, X first; a single value applies
 * to X and Y (X only for a 1D image); axes beyond those given are not pooled (each position of
 * channels, slices, time is pooled on its own). Partial windows at the end of an axis are dropped
 * ({@code ceil = false}, floor) or kept ({@code ceil = true}, reduced over the pixels they cover).
 * <pre>{@code
 * Img<FloatType> half = PoolingOps.pool(img, PoolOp.MAX, new int[] {2}, null, false); // 2x2, stride 2
 * }</pre>
 */
public final class PoolingOps {

	private PoolingOps() {}

	/**
	 * @param window pool size per axis (X first); one value means X and Y
	 * @param stride per axis, or null for stride = window
	 * @throws IllegalArgumentException for sizes or strides below 1, more sizes than the image has
	 *           axes (at most 3), or a window larger than the image with floor
	 */
	public static <T extends RealType<T>> Img<FloatType> pool(final RandomAccessibleInterval<T> image,
		final PoolOp op, final int[] window, final int[] stride, final boolean ceil)
	{
		throw new UnsupportedOperationException("not yet");
	}
}
