package io.github.convnetij.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import io.github.convnetij.compute.Progress;
import io.github.convnetij.compute.Tensor;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/**
 * Moves images between ImgLib2 and the compute core's {@code [planes, 1, spatial...]} tensors: the
 * first {@code k} image axes are the spatial axes (X fastest), the further axes are flattened into
 * the batch axis, which is exactly ImgLib2's flat iteration order.
 */
public final class ImageTensors {

	private ImageTensors() {}

	/**
	 * The image's values in flat order (X fastest) as a 1-d tensor, to be read only: wrapped where
	 * the storage allows, else copied (see {@link #toTensor}).
	 */
	public static <T extends RealType<T>> Tensor values(final RandomAccessibleInterval<T> image) {
		final Tensor t = toTensor(image, 0);
		return t.reshape(t.numel());
	}

	/**
	 * The image as a float tensor of shape {@code [planes, 1, dims[k-1], ..., dims[0]]}, to be read
	 * only. A float {@link ArrayImg}, or a float {@link PlanarImg} of one plane (an ImageJ image),
	 * is wrapped without copying; 8-bit, 16-bit and float array or planar images (ImageJ stacks)
	 * are copied plane by plane; anything else (views, converters) pixel by pixel.
	 */
	static <T extends RealType<T>> Tensor toTensor(final RandomAccessibleInterval<T> image,
		final int k)
	{
		final long total = Intervals.numElements(image);
		if (total > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("image of " + total +
			" pixels is larger than 2^31 pixels, the most one image can hold here");
		final int[] shape = tensorShape(dims(image), k);
		final List<Object> planes = planes(image);
		if (planes != null) {
			if (planes.size() == 1 && planes.get(0) instanceof float[] && ((float[]) planes.get(0))
				.length == total) return Tensor.of((float[]) planes.get(0), shape);
			final float[] copy = new float[(int) total];
			int at = 0;
			for (final Object p : planes)
				at = append(p, copy, at);
			if (at == total) return Tensor.of(copy, shape);
		}
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

	/**
	 * The primitive arrays ({@code byte[]} of unsigned bytes, {@code short[]} of unsigned shorts,
	 * {@code float[]}) holding {@code image} in flat order, or null if it is not an array or planar
	 * image of one of those types.
	 */
	static List<Object> planes(final RandomAccessibleInterval<?> image) {
		final List<Object> arrays = new ArrayList<>();
		final Object type;
		if (image instanceof ArrayImg) {
			type = ((ArrayImg<?, ?>) image).firstElement();
			arrays.add(((ArrayImg<?, ?>) image).update(null));
		}
		else if (image instanceof PlanarImg) {
			final PlanarImg<?, ?> img = (PlanarImg<?, ?>) image;
			type = img.firstElement();
			for (int i = 0; i < img.numSlices(); i++)
				arrays.add(img.getPlane(i));
		}
		else return null;
		// exact types: a subclass could map its storage differently
		final Class<?> t = type.getClass();
		final Class<?> access = t == UnsignedByteType.class ? ByteArray.class : t ==
			UnsignedShortType.class ? ShortArray.class : t == FloatType.class ? FloatArray.class : null;
		if (access == null) return null;
		final List<Object> primitive = new ArrayList<>(arrays.size());
		for (final Object a : arrays) {
			if (a == null || a.getClass() != access) return null;
			primitive.add(((ArrayDataAccess<?>) a).getCurrentStorageArray());
		}
		return primitive;
	}

	/**
	 * A 2D operation over a stack held one array per plane: {@code op} maps each input plane
	 * ({@code [1, 1, h, w]}, read only) into a new output plane ({@code [1, 1, outDims[1],
	 * outDims[0]]}, every element written), so neither the input nor the result is copied as a
	 * whole. Progress is reported as one pass over the planes ({@link Progress#part}).
	 *
	 * @param planes the input planes as {@link #planes} gives them
	 * @param h the input's height
	 * @param w the input's width
	 * @param outDims the result's dimensions (X first)
	 */
	static Img<FloatType> perPlane(final List<Object> planes, final int h, final int w,
		final long[] outDims, final BiConsumer<Tensor, Tensor> op)
	{
		final int oh = (int) outDims[1], ow = (int) outDims[0];
		final float[] buffer = planes.get(0) instanceof float[] ? null : new float[h * w];
		final List<FloatArray> out = new ArrayList<>(planes.size());
		for (int i = 0; i < planes.size(); i++) {
			final float[] px;
			if (buffer == null) px = (float[]) planes.get(i);
			else {
				append(planes.get(i), buffer, 0);
				px = buffer;
			}
			final float[] result = new float[oh * ow];
			Progress.part(i, planes.size(), () -> {
				op.accept(Tensor.of(px, 1, 1, h, w), Tensor.of(result, 1, 1, oh, ow));
				return null;
			});
			out.add(new FloatArray(result));
		}
		final PlanarImg<FloatType, FloatArray> img = new PlanarImg<>(out, outDims, new Fraction());
		img.setLinkedType(new FloatType(img));
		return img;
	}

	/** Appends the values of {@code plane} to {@code dst} at {@code at}; the new end. */
	static int append(final Object plane, final float[] dst, final int at) {
		if (plane instanceof float[]) {
			final float[] p = (float[]) plane;
			System.arraycopy(p, 0, dst, at, Math.min(p.length, dst.length - at));
			return at + p.length;
		}
		if (plane instanceof byte[]) {
			final byte[] p = (byte[]) plane;
			for (int i = 0, n = Math.min(p.length, dst.length - at); i < n; i++)
				dst[at + i] = p[i] & 0xff;
			return at + p.length;
		}
		final short[] p = (short[]) plane;
		for (int i = 0, n = Math.min(p.length, dst.length - at); i < n; i++)
			dst[at + i] = p[i] & 0xffff;
		return at + p.length;
	}
}
