package io.github.convnetij.ops.augment;

import io.github.convnetij.compute.Tensor;
import io.github.convnetij.ops.ImageTensors;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/**
 * Augmentation of images of any real pixel type: {@code count} seeded replicates of an image,
 * output 32-bit float.
 * <pre>{@code
 * Augmentation a = Augmentation.none().rotationRange(15).zoomRange(0.1).horizontalFlip(true);
 * AugmentedImage r = AugmentOps.augment(img, -1, a, 8, 42L, true, true);   // X, Y, 9
 * r.label(3, 0);   // e.g. "rot=-7.2 zoom=(0.95,1.08) flipH"
 * }</pre>
 * Plane {@code q} of replicate {@code i} ({@code 0 .. count-1}, not counting the original) is
 * transformed by {@code augmentation.sample(Seeds.derive(Seeds.derive(seed, i), q), width, height)};
 * with one transform for the whole image every plane takes that of plane 0. So a single plane gets
 * the same replicates in both modes, the same seed, options and image size give bitwise the same
 * replicates for any thread count, and including the original or not does not change the augmented
 * replicates.
 */
public final class AugmentOps {

	private AugmentOps() {}

	/**
	 * Augments {@code image}.
	 *
	 * @param image X, Y, then any further axes (channels, slices, frames...)
	 * @param channelAxis the axis whose positions share one transform (colour channels), or -1
	 * @param count number of augmented replicates, at least 1
	 * @param includeOriginal put the unchanged image first
	 * @param perPlane true: every plane (position of the axes other than X, Y and the channel axis)
	 *          gets its own transform; false: one transform per replicate for the whole image
	 * @throws IllegalArgumentException for an image of fewer than 2 axes or an empty one, a channel
	 *           axis that is not -1 or in [2, n), {@code count} below 1, or a result of more than
	 *           2^31 values
	 */
	public static <T extends RealType<T>> AugmentedImage augment(final RandomAccessibleInterval<T> image,
		final int channelAxis, final Augmentation augmentation, final int count, final long seed,
		final boolean includeOriginal, final boolean perPlane)
	{
		if (image == null || augmentation == null) throw new IllegalArgumentException(
			"image and augmentation are required");
		final int n = image.numDimensions();
		if (n < 2) throw new IllegalArgumentException("image: augmentation needs an image with X and " +
			"Y, got " + n + " dimension" + (n == 1 ? "" : "s"));
		if (channelAxis != -1 && (channelAxis < 2 || channelAxis >= n)) throw new IllegalArgumentException(
			"channel axis " + channelAxis + " is not -1 (none) or one of the image's axes 2.." + (n - 1));
		if (count < 1) throw new IllegalArgumentException("count: " + count +
			" is not allowed: expected a whole number of replicates >= 1");
		final long[] dims = Intervals.dimensionsAsLongArray(image);
		for (final long d : dims)
			if (d < 1) throw new IllegalArgumentException("image: the image is empty");
		final int w = (int) Math.min(Integer.MAX_VALUE, dims[0]), h = (int) Math.min(Integer.MAX_VALUE,
			dims[1]);
		final long c = channelAxis < 0 ? 1 : dims[channelAxis];
		final long total = Intervals.numElements(dims);
		final long q = total / ((long) w * h * c);
		final int r = count + (includeOriginal ? 1 : 0);
		if ((double) total * r > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("count: " +
			count + " replicates of " + total + " pixels make " + total * r +
			" values, more than 2^31, the most one result can hold here; use a smaller count or " +
			"fewer slices");
		final Tensor in = ImageTensors.values(channelAxis < 0 || channelAxis == 2 ? image : Views
			.moveAxis(image, channelAxis, 2)).reshape((int) q, (int) c, h, w);
		final Tensor out = Tensor.zeros(r * (int) q, (int) c, h, w);
		final Transform[] transforms = new Transform[r * (int) q];
		final int[] sources = new int[transforms.length];
		final long[] groups = new long[transforms.length];
		for (int i = 0; i < r; i++) {
			final int rep = i - (includeOriginal ? 1 : 0);
			final long key = Seeds.derive(seed, rep);
			final Transform whole = rep < 0 || perPlane ? null : augmentation.sample(Seeds.derive(key, 0),
				w, h);
			for (int p = 0; p < q; p++) {
				final int m = i * (int) q + p;
				sources[m] = p;
				groups[m] = perPlane ? 0 : p;
				transforms[m] = rep < 0 ? null : perPlane ? augmentation.sample(Seeds.derive(key, p), w, h)
					: whole;
			}
		}
		Augmenter.of(augmentation).apply(in, sources, transforms, groups, out);
		final long[] outDims = new long[n + 1];
		outDims[0] = w;
		outDims[1] = h;
		if (channelAxis < 0 || channelAxis == 2) System.arraycopy(dims, 2, outDims, 2, n - 2);
		else {
			outDims[2] = c;
			for (int d = 2, k = 3; d < n; d++)
				if (d != channelAxis) outDims[k++] = dims[d];
		}
		outDims[n] = r;
		final ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(out.data(), outDims);
		final RandomAccessibleInterval<FloatType> result = channelAxis < 0 || channelAxis == 2 ? img
			: Views.moveAxis(img, 2, channelAxis);
		return new AugmentedImage(result, out.reshape(r, (int) q, (int) c, h, w), transforms, r, (int) q,
			includeOriginal);
	}

	/**
	 * The same with one transform per plane, no original, no channel axis: {@code count} replicates
	 * along a new last axis.
	 */
	public static <T extends RealType<T>> AugmentedImage augment(final RandomAccessibleInterval<T> image,
		final Augmentation augmentation, final int count, final long seed)
	{
		return augment(image, -1, augmentation, count, seed, false, true);
	}
}
