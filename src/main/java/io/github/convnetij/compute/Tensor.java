package io.github.convnetij.compute;

import java.util.Arrays;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

/**
 * A dense float tensor: a flat {@code float[]} with a shape given outermost axis first, the last
 * axis fastest (row-major), e.g. {@code [N, C, H, W]} or {@code [N, C, D, H, W]}.
 * <p>
 * This is the layout of an ImgLib2 {@link ArrayImg} of {@link FloatType} with its dimensions
 * reversed (ImgLib2 puts X first and X is fastest), so the two wrap each other without copying:
 * <pre>{@code
 * ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(640, 480); // X, Y
 * Tensor t = Tensor.wrap(img);          // shape [480, 640], same float[]
 * Tensor batch = t.reshape(1, 1, 480, 640);
 * }</pre>
 * A tensor never copies its data behind the caller's back: {@link #reshape} and {@link #toImg} share
 * storage. The element count must fit in an int (a Java array).
 */
public final class Tensor {

	private final float[] data;
	private final int[] shape;

	private Tensor(final float[] data, final int[] shape) {
		this.data = data;
		this.shape = shape;
	}

	/**
	 * Wraps {@code data} (not copied) with the given shape.
	 *
	 * @throws IllegalArgumentException if a dimension is negative or the product of the shape is not
	 *           {@code data.length}
	 */
	public static Tensor of(final float[] data, final int... shape) {
		final long n = count(shape);
		if (n != data.length) throw new IllegalArgumentException("shape " + Arrays.toString(shape) +
			" holds " + n + " elements but the data has " + data.length);
		return new Tensor(data, shape.clone());
	}

	/** A new zero-filled tensor of the given shape. */
	public static Tensor zeros(final int... shape) {
		final long n = count(shape);
		if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("shape " + Arrays.toString(
			shape) + " holds " + n + " elements, more than a Java array can (2^31 - 9)");
		return new Tensor(HeapBudget.floats(n, "a tensor of shape " + Arrays.toString(shape)), shape
			.clone());
	}

	/** Wraps the storage of an ImgLib2 float image; the shape is the image's dimensions reversed. */
	public static Tensor wrap(final ArrayImg<FloatType, FloatArray> img) {
		final int n = img.numDimensions();
		final int[] shape = new int[n];
		for (int d = 0; d < n; d++)
			shape[n - 1 - d] = (int) img.dimension(d);
		return of(img.update(null).getCurrentStorageArray(), shape);
	}

	/** An ImgLib2 view of this tensor sharing its storage; dimensions are the shape reversed. */
	public ArrayImg<FloatType, FloatArray> toImg() {
		final long[] dims = new long[shape.length];
		for (int d = 0; d < shape.length; d++)
			dims[d] = shape[shape.length - 1 - d];
		return ArrayImgs.floats(data, dims);
	}

	/** The same data with another shape of the same element count. */
	public Tensor reshape(final int... newShape) {
		return of(data, newShape);
	}

	/** The backing array (not a copy). */
	public float[] data() {
		return data;
	}

	/** A copy of the shape, outermost axis first. */
	public int[] shape() {
		return shape.clone();
	}

	public int rank() {
		return shape.length;
	}

	/** Size of one axis; negative axes count from the end ({@code -1} is the fastest). */
	public int size(final int axis) {
		return shape[axis < 0 ? shape.length + axis : axis];
	}

	public int numel() {
		return data.length;
	}

	/** A deep copy. */
	public Tensor copy() {
		return new Tensor(data.clone(), shape.clone());
	}

	static long count(final int[] shape) {
		long n = 1;
		for (final int s : shape) {
			if (s < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays
				.toString(shape));
			n = HeapBudget.times(n, s); // saturates instead of wrapping around
		}
		return n;
	}

	@Override
	public String toString() {
		return "Tensor" + Arrays.toString(shape);
	}
}
