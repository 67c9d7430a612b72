package io.github.convnetij.ops.augment;

import io.github.convnetij.compute.Tensor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;

/**
 * The result of {@link AugmentOps#augment}: the replicates as one float image, and the transform of
 * every replicate and plane for labels.
 * <p>
 * The image has the input's axes (X, Y, then the others in the input's order) plus a last axis of
 * {@link #replicates()} entries: the original first when it was included, then the augmented
 * replicates. A <i>plane</i> is one position of the input's axes other than X, Y and the channel
 * axis, numbered in ImgLib2's flat order ({@code 0 .. planes()-1}); all channels of a plane share
 * a transform.
 */
public final class AugmentedImage {

	private final RandomAccessibleInterval<FloatType> image;
	private final Tensor tensor;
	private final Transform[] transforms;
	private final int replicates, planes;
	private final boolean original;

	AugmentedImage(final RandomAccessibleInterval<FloatType> image, final Tensor tensor,
		final Transform[] transforms, final int replicates, final int planes, final boolean original)
	{
		this.image = image;
		this.tensor = tensor;
		this.transforms = transforms;
		this.replicates = replicates;
		this.planes = planes;
		this.original = original;
	}

	/** The image: the input's axes plus the replicate axis last. */
	public RandomAccessibleInterval<FloatType> image() {
		return image;
	}

	/**
	 * The same values as a tensor {@code [replicates, planes, channels, H, W]} (sharing storage with
	 * {@link #image()} when the channel axis was 2 or absent).
	 */
	public Tensor tensor() {
		return tensor;
	}

	/** Number of replicates, the original included. */
	public int replicates() {
		return replicates;
	}

	/** Number of planes per replicate (positions of the non-spatial, non-channel axes). */
	public int planes() {
		return planes;
	}

	/** True if replicate {@code r} is the unchanged original. */
	public boolean isOriginal(final int r) {
		return original && r == 0;
	}

	/** The transform of plane {@code q} of replicate {@code r}; null for the original. */
	public Transform transform(final int r, final int q) {
		if (r < 0 || r >= replicates || q < 0 || q >= planes) throw new IndexOutOfBoundsException(
			"replicate " + r + " of " + replicates + ", plane " + q + " of " + planes);
		return transforms[r * planes + q];
	}

	/** {@code original} or the transform's {@link Transform#label()}. */
	public String label(final int r, final int q) {
		final Transform t = transform(r, q);
		return t == null ? "original" : t.label();
	}
}
