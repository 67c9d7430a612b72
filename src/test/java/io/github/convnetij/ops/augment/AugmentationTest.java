package io.github.convnetij.ops.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Boundary;
import io.github.convnetij.compute.Interpolation;
import io.github.convnetij.compute.Tensor;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.parallel.Parallelization;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/** Sampling, seeded reproducibility, the image-level API and parameter errors. */
class AugmentationTest {

	static final Augmentation ALL = Augmentation.none().rotationRange(25).widthShiftRange(0.1)
		.heightShiftRange(2).shearRange(8).zoomRange(0.15).horizontalFlip(true).verticalFlip(true)
		.fillMode(Boundary.REFLECT).interpolation(Interpolation.BILINEAR).brightnessRange(0.8, 1.2)
		.noise(3);

	@Test
	void samplesStayInTheirRanges() {
		int flipsH = 0, flipsV = 0;
		boolean zoomDiffers = false;
		final int n = 4000;
		for (int i = 0; i < n; i++) {
			final Transform t = ALL.sample(Seeds.derive(1, i), 40, 30);
			assertTrue(Math.abs(t.rotation()) <= 25);
			assertTrue(Math.abs(t.shiftX()) <= 0.1 * 40);
			assertTrue(Math.abs(t.shiftY()) <= 2 && t.shiftY() == Math.rint(t.shiftY()), "whole pixels");
			assertTrue(Math.abs(t.shear()) <= 8);
			assertTrue(t.zoomX() >= 0.85 && t.zoomX() <= 1.15 && t.zoomY() >= 0.85 && t.zoomY() <= 1.15);
			zoomDiffers |= t.zoomX() != t.zoomY();
			assertTrue(t.brightness() >= 0.8 && t.brightness() <= 1.2);
			assertEquals(3, t.noise());
			if (t.flipH()) flipsH++;
			if (t.flipV()) flipsV++;
		}
		assertTrue(zoomDiffers, "x and y zoom are drawn independently");
		assertEquals(0.5, flipsH / (double) n, 0.03);
		assertEquals(0.5, flipsV / (double) n, 0.03);
		// whole-pixel shifts cover -2..2, each about 1/5 of the time
		final int[] hist = new int[5];
		for (int i = 0; i < n; i++)
			hist[(int) ALL.sample(Seeds.derive(2, i), 40, 30).shiftY() + 2]++;
		for (final int c : hist)
			assertEquals(0.2, c / (double) n, 0.03);
		// a pair min,max for the zoom
		final Transform z = Augmentation.none().zoomRange(0.5, 0.6).sample(3, 10, 10);
		assertTrue(z.zoomX() >= 0.5 && z.zoomX() <= 0.6);
	}

	/**
	 * Each continuous parameter is uniform over its range, as Keras' ImageDataGenerator draws it:
	 * mean at the centre, mean distance from the centre a quarter of the range's width, both ends
	 * reached, about half on each side. (The range checks above also accept a constant 0, which a
	 * mutation run showed.)
	 */
	@Test
	void samplesAreSpreadOverTheirRanges() {
		final int n = 4000;
		final double[][] v = new double[6][n];
		for (int i = 0; i < n; i++) {
			final Transform t = ALL.sample(Seeds.derive(5, i), 40, 30);
			v[0][i] = t.rotation(); // uniform [-25, 25]
			v[1][i] = t.shiftX(); // uniform [-4, 4] (0.1 of the width 40)
			v[2][i] = t.shear(); // uniform [-8, 8]
			v[3][i] = t.zoomX() - 1; // uniform [-0.15, 0.15]
			v[4][i] = t.zoomY() - 1;
			v[5][i] = t.brightness() - 1; // uniform [-0.2, 0.2]
		}
		final double[] half = { 25, 4, 8, 0.15, 0.15, 0.2 };
		for (int p = 0; p < v.length; p++) {
			double mean = 0, abs = 0, min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
			int positive = 0;
			for (final double x : v[p]) {
				mean += x / n;
				abs += Math.abs(x) / n;
				min = Math.min(min, x);
				max = Math.max(max, x);
				if (x > 0) positive++;
			}
			final String what = "parameter " + p;
			// standard error of the mean: half / sqrt(3 n) ~ 0.009 half; 5 of them allowed
			assertEquals(0, mean, 0.05 * half[p], what + " mean");
			assertEquals(half[p] / 2, abs, 0.05 * half[p], what + " mean distance from the centre");
			assertTrue(min < -0.95 * half[p] && max > 0.95 * half[p], what + " covers its range: " + min +
				".." + max);
			assertEquals(0.5, positive / (double) n, 0.04, what + " sign");
		}
	}

	@Test
	void optionsDoNotChangeEachOthersValues() {
		final Transform rotOnly = Augmentation.none().rotationRange(25).sample(77, 20, 20);
		final Transform all = ALL.sample(77, 20, 20);
		assertEquals(rotOnly.rotation(), all.rotation(), 0);
	}

	@Test
	void seedsDeriveDistinctKeys() {
		assertEquals(Seeds.derive(5, 3), Seeds.derive(5, 3));
		assertNotEquals(Seeds.derive(5, 3), Seeds.derive(5, 4));
		assertNotEquals(Seeds.derive(5, 3), Seeds.derive(6, 3));
		// stable across versions: the value is fixed by the documented formula
		assertEquals(Seeds.mix64(Seeds.mix64(0) + Seeds.GOLDEN_GAMMA), Seeds.derive(0, 0));
	}

	static float[] randomData(final int n, final long seed) {
		final Random r = new Random(seed);
		final float[] d = new float[n];
		for (int i = 0; i < n; i++)
			d[i] = r.nextFloat() * 255;
		return d;
	}

	@Test
	void batchesAreBitwiseReproducibleForAnyThreadCount() {
		final Tensor batch = Tensor.of(randomData(13 * 3 * 29 * 31, 4), 13, 3, 29, 31);
		final float[] before = batch.data().clone();
		for (final Interpolation ip : Interpolation.values()) {
			final Augmenter a = Augmenter.of(ALL.interpolation(ip));
			final float[] one = Parallelization.runWithNumThreads(1, () -> a.augmentBatch(batch, 11, 7))
				.data();
			for (final int threads : new int[] { 2, 3, 5, 16 })
				assertArrayEquals(one, Parallelization.runWithNumThreads(threads, () -> a.augmentBatch(batch,
					11, 7)).data(), ip + ", " + threads + " threads");
			assertArrayEquals(before, batch.data(), "the input is not modified");
			// another batch index or seed gives other values
			assertFalse(Arrays.equals(one, a.augmentBatch(batch, 11, 8).data()));
			assertFalse(Arrays.equals(one, a.augmentBatch(batch, 12, 7).data()));
			// the order in which samples are computed does not matter: sample 9 alone is the same
			final Transform[] ts = a.transforms(11, 7, 13, 31, 29);
			final Tensor nine = Tensor.of(Arrays.copyOfRange(batch.data(), 9 * 3 * 29 * 31, 10 *
				3 * 29 * 31), 1, 3, 29, 31);
			final float[] alone = a.apply(nine, new Transform[] { ts[9] }).data();
			assertArrayEquals(Arrays.copyOfRange(one, 9 * 3 * 29 * 31, 10 * 3 * 29 * 31),
				alone);
		}
	}

	@Test
	void channelsShareTheTransform() {
		// channel 1 = 2 x channel 0; nearest, no noise: the outputs keep that relation exactly
		final int h = 9, w = 12;
		final float[] d = new float[2 * h * w];
		final float[] c0 = randomData(h * w, 6);
		for (int i = 0; i < h * w; i++) {
			d[i] = c0[i];
			d[h * w + i] = 2 * c0[i];
		}
		final Augmenter a = Augmenter.of(ALL.noise(0).interpolation(Interpolation.NEAREST));
		final float[] out = a.augmentBatch(Tensor.of(d, 1, 2, h, w), 3, 0).data();
		for (int i = 0; i < h * w; i++)
			assertEquals(2 * out[i], out[h * w + i], 1e-4f * Math.abs(out[i]));
	}

	@Test
	void noiseHasTheRequestedSigma() {
		final int n = 200 * 200;
		final Augmenter a = Augmenter.of(Augmentation.none().noise(2.5));
		final float[] out = a.augmentBatch(Tensor.zeros(1, 1, 200, 200), 1, 0).data();
		double sum = 0, sq = 0;
		for (final float v : out) {
			sum += v;
			sq += v * v;
		}
		assertEquals(0, sum / n, 0.05);
		assertEquals(2.5, Math.sqrt(sq / n), 0.05);
	}

	@Test
	void imagesOfAnyTypeWithChannelsAndPlanes() {
		// 8-bit X, Y, C=2, Z=3
		final byte[] bytes = new byte[11 * 7 * 2 * 3];
		new Random(1).nextBytes(bytes);
		final ArrayImg<UnsignedByteType, ByteArray> img = ArrayImgs.unsignedBytes(bytes, 11, 7, 2, 3);
		final Augmentation a = ALL.noise(0).interpolation(Interpolation.NEAREST);
		final AugmentedImage perPlane = Parallelization.runWithNumThreads(1, () -> AugmentOps.augment(
			img, 2, a, 4, 9, true, true));
		assertArrayEquals(new long[] { 11, 7, 2, 3, 5 }, perPlane.image().dimensionsAsLongArray());
		assertEquals(5, perPlane.replicates());
		assertEquals(3, perPlane.planes());
		assertTrue(perPlane.isOriginal(0));
		assertNull(perPlane.transform(0, 1));
		assertEquals("original", perPlane.label(0, 2));
		// the original is copied exactly
		final RandomAccessibleInterval<FloatType> first = Views.hyperSlice(perPlane.image(), 4, 0);
		final Cursor<UnsignedByteType> ci = Views.flatIterable(img).cursor();
		final Cursor<FloatType> co = Views.flatIterable(first).cursor();
		while (ci.hasNext())
			assertEquals(ci.next().get(), co.next().get(), 0f);
		// per plane: planes of one replicate get their own transforms, and they are those of the
		// documented keys
		assertNotEquals(perPlane.label(1, 0), perPlane.label(1, 1));
		assertEquals(a.sample(Seeds.derive(Seeds.derive(9, 0), 2), 11, 7).label(), perPlane.label(1,
			2));
		// whole stack: one transform per replicate
		final AugmentedImage whole = AugmentOps.augment(img, 2, a, 4, 9, false, false);
		assertArrayEquals(new long[] { 11, 7, 2, 3, 4 }, whole.image().dimensionsAsLongArray());
		assertEquals(whole.label(2, 0), whole.label(2, 2));
		assertEquals(a.sample(Seeds.derive(Seeds.derive(9, 2), 0), 11, 7).label(), whole.label(2, 1));
		assertEquals(perPlane.label(3, 0), whole.label(2, 1), "whole stack = plane 0 of per plane");
		// including the original does not change the replicates; threads do not either
		final AugmentedImage noOriginal = Parallelization.runWithNumThreads(3, () -> AugmentOps.augment(
			img, 2, a, 4, 9, false, true));
		final float[] with = perPlane.tensor().data(), without = noOriginal.tensor().data();
		final int size = 11 * 7 * 2 * 3;
		assertArrayEquals(Arrays.copyOfRange(with, size, 5 * size), without);
		// a channel axis elsewhere (X, Y, Z=3, C=2) gives the same values, axes in the input's order
		final AugmentedImage moved = AugmentOps.augment(Views.moveAxis(img, 2, 3), 3, a, 4, 9, true,
			true);
		assertArrayEquals(new long[] { 11, 7, 3, 2, 5 }, moved.image().dimensionsAsLongArray());
		final Cursor<FloatType> cm = Views.flatIterable(Views.moveAxis(moved.image(), 3, 2))
			.cursor();
		final Cursor<FloatType> cp = Views.flatIterable(perPlane.image()).cursor();
		while (cp.hasNext())
			assertEquals(cp.next().get(), cm.next().get(), 0f);
	}

	@Test
	void noiseDiffersBetweenPlanesSharingATransform() {
		final ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(8, 8, 2);
		final AugmentedImage r = AugmentOps.augment(img, -1, Augmentation.none().noise(1), 1, 0, false,
			false);
		final float[] d = r.tensor().data();
		assertFalse(Arrays.equals(Arrays.copyOfRange(d, 0, 64), Arrays
			.copyOfRange(d, 64, 128)));
	}

	private static String error(final Supplier<?> s) {
		return assertThrows(IllegalArgumentException.class, s::get).getMessage();
	}

	@Test
	void badParametersGiveClearErrors() {
		final Augmentation n = Augmentation.none();
		String m = error(() -> n.rotationRange(-5));
		assertTrue(m.startsWith("rotation_range: -5 is negative") && m.contains("degrees >= 0"), m);
		m = error(() -> n.widthShiftRange(-0.1));
		assertTrue(m.startsWith("width_shift_range: -0.1 is negative"), m);
		m = error(() -> n.heightShiftRange(Double.NaN));
		assertTrue(m.startsWith("height_shift_range: NaN is not allowed"), m);
		m = error(() -> n.shearRange(-1));
		assertTrue(m.startsWith("shear_range: -1 is negative"), m);
		m = error(() -> n.shearRange(90));
		assertTrue(m.startsWith("shear_range: 90 is too large") && m.contains("below 90"), m);
		m = error(() -> n.zoomRange(1));
		assertTrue(m.startsWith("zoom_range: 1 is not a fraction below 1") && m.contains("min,max"), m);
		m = error(() -> n.zoomRange("1.5"));
		assertTrue(m.startsWith("zoom_range: 1.5 is not a fraction below 1"), m);
		m = error(() -> n.zoomRange(-0.2));
		assertTrue(m.startsWith("zoom_range: -0.2 is not allowed"), m);
		m = error(() -> n.zoomRange("1.2,0.8"));
		assertTrue(m.startsWith("zoom_range: [1.2, 0.8] is not allowed") && m.contains("0 < min <= max"),
			m);
		m = error(() -> n.zoomRange("0,1"));
		assertTrue(m.startsWith("zoom_range: [0, 1] is not allowed"), m);
		m = error(() -> n.zoomRange("big"));
		assertTrue(m.startsWith("zoom_range: 'big' in 'big' is not a number"), m);
		m = error(() -> n.zoomRange("0.1,0.2,0.3"));
		assertTrue(m.startsWith("zoom_range: '0.1,0.2,0.3' has 3 numbers"), m);
		m = error(() -> n.brightnessRange("1.2"));
		assertTrue(m.startsWith("brightness_range: '1.2' is one number") && m.contains("min,max"), m);
		m = error(() -> n.brightnessRange("1.2,0.8"));
		assertTrue(m.startsWith("brightness_range: [1.2, 0.8] is not allowed"), m);
		m = error(() -> n.noise(-1));
		assertTrue(m.startsWith("noise: -1 is negative"), m);
		m = error(() -> n.fillMode("bounce"));
		assertTrue(m.startsWith("fill_mode: unknown value 'bounce'") && m.contains(
			"constant, nearest, reflect, wrap"), m);
		m = error(() -> n.interpolation("lanczos"));
		assertTrue(m.startsWith("interpolation: unknown value 'lanczos'") && m.contains(
			"nearest, bilinear, bicubic"), m);
		final ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(4, 4);
		m = error(() -> AugmentOps.augment(img, n, 0, 1));
		assertTrue(m.startsWith("count: 0 is not allowed") && m.contains(">= 1"), m);
		// parsing accepts the documented forms
		assertArrayEquals(new double[] { 0.8, 1.2 }, n.zoomRange("0.8, 1.2").zoomRange(), 0);
		assertArrayEquals(new double[] { 0.75, 1.25 }, n.zoomRange("0.25").zoomRange(), 0);
		assertArrayEquals(new double[] { 1, 1 }, n.brightnessRange("").brightnessRange(), 0);
		assertEquals(Boundary.WRAP, n.fillMode("Wrap").fillMode());
		assertEquals(Interpolation.BICUBIC, n.interpolation(" bicubic ").interpolation());
		assertTrue(n.isIdentity());
	}

	@Test
	void describeListsTheKeys() {
		assertEquals("rotation_range=25 width_shift_range=0.1 height_shift_range=2 shear_range=8 " +
			"zoom_range=0.85,1.15 horizontal_flip=true vertical_flip=true fill_mode=reflect " +
			"interpolation=bilinear brightness_range=0.8,1.2 noise=3", ALL.describe());
		assertEquals("fill_mode=constant cval=-1 interpolation=nearest", Augmentation.none().fillMode(
			Boundary.CONSTANT).cval(-1).interpolation(Interpolation.NEAREST).describe());
	}
}
