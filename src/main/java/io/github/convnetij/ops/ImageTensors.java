package io.github.convnetij.ops;

import io.github.convnetij.compute.Tensor;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/**
 * Moves images between ImgLib2 and the compute core's {@code [planes, 1, spatial...]} tensors: the
 * first {@code k} image axes are the spatial axes (X fastest), the further axes are flattened into
 * the batch axis, which is exactly ImgLib2's flat iteration order.
 */
final class ImageTensors {

	private ImageTensors() {}

	/**
	 * The image as a float tensor of shape {@code [planes, 1, dims[k-1], ..., dims[0]]}. A zero-min
	 * float {@link ArrayImg} is wrapped without copying; anything else is converted pixel by pixel.
	 */
	static <T extends RealType<T>> Tensor toTensor(final RandomAccessibleInterval<T> image,
		final int k)
	{
		final long total = Intervals.numElements(image);
		if (total > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("image of " + total +
			" pixels is larger than 2^31 pixels, the most one image can hold here");
		final int[] shape = tensorShape(dims(image), k);
		final float[] data = floatStorage(image);
		if (data != null && data.length == total) return Tensor.of(data, shape);
		final float[] copy = new float[(int) total];
		final Cursor<T> c = Views.flatIterable(image).cursor();
		for (int i = 0; c.hasNext(); i++)
			copy[i] = c.next().getRealFloat();
		return Tensor.of(copy, shape);
	}

	/** Wraps {@code t}'s data as an image with the given dimensions (X first). */
	static Img<FloatType> toImg(final Tensor t, final long[] dims) {
		final int[] shape = new int[dims.length];
		for (int d = 0; d < dims.length; d++)
			shape[dims.length - 1 - d] = (int) dims[d];
		return t.reshape(shape).toImg();
	}

	/** {@code [planes, 1, dims[k-1], ..., dims[0]]}. */
	static int[] tensorShape(final long[] dims, final int k) {
		long planes = 1;
		for (int d = k; d < dims.length; d++)
			planes *= dims[d];
		final int[] shape = new int[k + 2];
		shape[0] = (int) planes;
		shape[1] = 1;
		for (int d = 0; d < k; d++)
			shape[k + 1 - d] = (int) dims[d];
		return shape;
	}

	static long[] dims(final RandomAccessibleInterval<?> image) {
		return Intervals.dimensionsAsLongArray(image);
	}

	@SuppressWarnings("unchecked")
	private static float[] floatStorage(final RandomAccessibleInterval<?> image) {
		if (!(image instanceof ArrayImg)) return null;
		final ArrayImg<?, ?> img = (ArrayImg<?, ?>) image;
		if (!(img.firstElement() instanceof FloatType)) return null;
		final Object access = ((ArrayImg<FloatType, ?>) img).update(null);
		return access instanceof FloatArray ? ((FloatArray) access).getCurrentStorageArray() : null;
	}
}
