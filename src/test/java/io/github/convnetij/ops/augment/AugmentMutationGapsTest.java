package io.github.convnetij.ops.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Tensor;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.view.Views;

/**
 * The augmenter's and AugmentOps' argument checks at their edges, copies of unchanged samples
 * from their sources, brightness by hand, noise keyed by group, and the replicate/plane indexing
 * of an augmented image.
 */
class AugmentMutationGapsTest {

	private static void refused(final String part, final Runnable r) {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
		assertTrue(e.getMessage().contains(part), e.getMessage());
	}

	private static final Augmenter NONE = Augmenter.of(Augmentation.none());

	@Test
	void augmenterChecks() {
		refused("augmentation is null", () -> Augmenter.of(null));
		refused("input tensor is null", () -> NONE.augmentBatch(null, 1, 0));
		refused("augmentation needs a [N, C, H, W] tensor, got [1, 2, 3]", () -> NONE.augmentBatch(Tensor
			.zeros(1, 2, 3), 1, 0));
		refused("tensor [1, 1, 0, 3] has an empty spatial axis", () -> NONE.augmentBatch(Tensor.zeros(1, 1,
			0, 3), 1, 0));
		refused("tensor [1, 1, 3, 0] has an empty spatial axis", () -> NONE.augmentBatch(Tensor.zeros(1, 1,
			3, 0), 1, 0));
		final Tensor in = Tensor.zeros(2, 1, 2, 2);
		final Transform[] two = new Transform[2];
		refused("output tensor is null", () -> NONE.apply(in, null, two, null, null));
		refused("must not share its storage with the input", () -> NONE.apply(in, null, two, null, in));
		final String shape = "must be [M, C, H, W] with C, H, W of the input [2, 1, 2, 2]";
		refused(shape, () -> NONE.apply(in, null, two, null, Tensor.zeros(2, 1, 2)));
		refused(shape, () -> NONE.apply(in, null, two, null, Tensor.zeros(2, 2, 2, 2)));
		refused(shape, () -> NONE.apply(in, null, two, null, Tensor.zeros(2, 1, 3, 2)));
		refused(shape, () -> NONE.apply(in, null, two, null, Tensor.zeros(2, 1, 2, 3)));
		refused("expected 2 transforms (one per output sample), got none", () -> NONE.apply(in, null, null,
			null, Tensor.zeros(2, 1, 2, 2)));
		refused("expected 2 transforms (one per output sample), got 1", () -> NONE.apply(in, null,
			new Transform[1], null, Tensor.zeros(2, 1, 2, 2)));
		refused("expected 2 group numbers, got 1", () -> NONE.apply(in, null, two, new long[1], Tensor
			.zeros(2, 1, 2, 2)));
	}

	@Test
	void unchangedSamplesAndBrightness() {
		final Tensor in = Tensor.of(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 2, 1, 2, 2);
		final Tensor out = Tensor.zeros(3, 1, 2, 2);
		// sample 1, sample 0 unchanged, then sample 1 twice as bright (no noise)
		NONE.apply(in, new int[] { 1, 0, 1 }, new Transform[] { null, Transform.identity(), Transform
			.identity().withIntensity(2, 0, 5) }, null, out);
		assertArrayEquals(new float[] { 5, 6, 7, 8, 1, 2, 3, 4, 10, 12, 14, 16 }, out.data());
		assertArrayEquals(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, NONE.apply(in, new Transform[2]).data());
	}

	@Test
	void noiseIsKeyedByGroup() {
		final Tensor in = Tensor.zeros(1, 1, 3, 4);
		final Transform t = Transform.identity().withIntensity(1, 1, 42);
		final Tensor out = Tensor.zeros(3, 1, 3, 4);
		NONE.apply(in, new int[] { 0, 0, 0 }, new Transform[] { t, t, t }, new long[] { 0, 1, 0 }, out);
		final float[] d = out.data();
		final float[] s0 = java.util.Arrays.copyOfRange(d, 0, 12), s1 = java.util.Arrays.copyOfRange(d, 12,
			24), s2 = java.util.Arrays.copyOfRange(d, 24, 36);
		assertArrayEquals(s0, s2); // same transform and group: the same noise
		assertFalse(java.util.Arrays.equals(s0, s1));
		for (final float v : d)
			assertNotEquals(0f, v);
		// no groups: group 0
		final Tensor none = Tensor.zeros(1, 1, 3, 4);
		NONE.apply(in, null, new Transform[] { t }, null, none);
		assertArrayEquals(s0, none.data());
		// rows differ from each other (each row its own generator)
		assertFalse(java.util.Arrays.equals(java.util.Arrays.copyOfRange(s0, 0, 4), java.util.Arrays
			.copyOfRange(s0, 4, 8)));
	}

	@Test
	void augmentOpsChecks() {
		final Augmentation a = Augmentation.none();
		final String req = "image and augmentation are required";
		refused(req, () -> AugmentOps.augment(null, a, 1, 0));
		refused(req, () -> AugmentOps.augment(ArrayImgs.floats(2, 2), null, 1, 0));
		final IllegalArgumentException one = assertThrows(IllegalArgumentException.class, () -> AugmentOps
			.augment(ArrayImgs.floats(4), a, 1, 0));
		assertTrue(one.getMessage().endsWith("augmentation needs an image with X and Y, got 1 dimension"),
			one.getMessage());
		// an axis of one pixel is not empty; channel axis 2 is the first allowed
		assertArrayEquals(new long[] { 3, 1, 1 }, AugmentOps.augment(ArrayImgs.floats(3, 1), a, 1, 0)
			.image().dimensionsAsLongArray());
		assertArrayEquals(new long[] { 2, 2, 3, 1 }, AugmentOps.augment(ArrayImgs.floats(2, 2, 3), 2, a, 1,
			0, false, true).image().dimensionsAsLongArray());
		final var img = ArrayImgs.floats(2, 2, 3, 2);
		for (final int c : new int[] { -2, 0, 1, 4 })
			refused("channel axis " + c + " is not -1 (none) or one of the image's axes 2..3", () -> AugmentOps
				.augment(img, c, a, 1, 0, false, true));
		assertEquals(2, AugmentOps.augment(img, 3, a, 1, 0, true, true).replicates());
		// X, Y, Z, C, T with the channels on axis 3: the result keeps that order, replicates last
		final var five = ArrayImgs.floats(2, 2, 3, 2, 4);
		assertArrayEquals(new long[] { 2, 2, 3, 2, 4, 1 }, AugmentOps.augment(five, 3, a, 1, 0, false,
			false).image().dimensionsAsLongArray());
		refused("image: the image is empty", () -> AugmentOps.augment(Views.interval(ArrayImgs.floats(4,
			4), new long[] { 0, 0 }, new long[] { 3, -1 }), a, 1, 0));
		refused("count: 134217728 replicates of 16 pixels make 2147483648 values", () -> AugmentOps.augment(
			ArrayImgs.floats(4, 4), a, 1 << 27, 0));
	}

	@Test
	void perPlaneNoiseIsGroupZero() {
		// per plane: each plane its own transform, noise group 0 (as the augmenter alone gives it)
		final float[] px = { 1, 2, 3, 4, 5, 6, 7, 8 };
		final Augmentation noisy = Augmentation.none().noise(1);
		assertEquals(noisy, Augmenter.of(noisy).augmentation());
		final AugmentedImage r = AugmentOps.augment(ArrayImgs.floats(px.clone(), 2, 2, 2), -1, noisy, 1, 4,
			false, true);
		for (int p = 0; p < 2; p++) {
			final Tensor alone = Tensor.zeros(1, 1, 2, 2);
			NONE.apply(Tensor.of(java.util.Arrays.copyOfRange(px, 4 * p, 4 * p + 4), 1, 1, 2, 2), null,
				new Transform[] { r.transform(0, p) }, null, alone);
			assertArrayEquals(alone.data(), java.util.Arrays.copyOfRange(r.tensor().data(), 4 * p, 4 * p +
				4), "plane " + p);
		}
	}

	@Test
	void augmentedImageIndexing() {
		final AugmentedImage r = AugmentOps.augment(ArrayImgs.floats(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 },
			2, 2, 2), -1, Augmentation.none().brightnessRange("2,2"), 2, 3, true, true);
		assertEquals(3, r.replicates());
		assertEquals(2, r.planes());
		assertTrue(r.isOriginal(0));
		assertFalse(r.isOriginal(1));
		assertEquals("original", r.label(0, 1));
		assertArrayEquals(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 2, 4, 6, 8, 10, 12, 14, 16, 2, 4, 6, 8, 10,
			12, 14, 16 }, r.tensor().data());
		assertEquals(2.0, r.transform(2, 1).brightness());
		for (final int[] bad : new int[][] { { -1, 0 }, { 3, 0 }, { 0, -1 }, { 0, 2 } }) {
			final IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> r
				.transform(bad[0], bad[1]));
			assertTrue(e.getMessage().contains("replicate " + bad[0] + " of 3, plane " + bad[1] + " of 2"), e
				.getMessage());
		}
		final AugmentedImage noOriginal = AugmentOps.augment(ArrayImgs.floats(2, 2), Augmentation.none(), 1,
			0);
		assertFalse(noOriginal.isOriginal(0));
	}
}
