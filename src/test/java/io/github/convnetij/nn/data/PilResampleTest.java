package io.github.convnetij.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * PIL's antialiased bilinear resampling and torchvision's resize and centre-crop geometry, on
 * cases worked by hand (the comparison with torchvision itself is PreprocessingFixturesTest).
 */
class PilResampleTest {

	/**
	 * 4 -> 2 samples: scale 2, the triangle stretched to a support of 2. Output 0 is centred at
	 * 1.0 and reads inputs 0..2 with triangle((j + 0.5 - 1) / 2) = 0.75, 0.75, 0.25 (sum 1.75):
	 * (3 * 0 + 3 * 100 + 200) / 7 = 71.43; output 1, centred at 3.0, reads 1..3 with 0.25, 0.75,
	 * 0.75: (100 + 3 * 200 + 3 * 255) / 7 = 209.29.
	 */
	@Test
	void downscaleWidensTheFilter() {
		final float[] src = { 0, 100, 200, 255 };
		final float[] f = new float[2], b = new float[2];
		PilResample.resize(src, 0, 4, 1, f, 0, 2, 1, false);
		assertArrayEquals(new float[] { 500 / 7f, 1465 / 7f }, f, 1e-4f);
		PilResample.resize(src, 0, 4, 1, b, 0, 2, 1, true);
		assertArrayEquals(new float[] { 71, 209 }, b, 0f); // rounded to 8 bits
		// the same along a column
		final float[] col = new float[2];
		PilResample.resize(src, 0, 1, 4, col, 0, 1, 2, true);
		assertArrayEquals(new float[] { 71, 209 }, col, 0f);
	}

	/**
	 * 2 -> 4 samples: scale 0.5, support 1 (plain bilinear with centres aligned): 0, 0.75 a +
	 * 0.25 b, 0.25 a + 0.75 b, b; with a = 0, b = 100: 0, 25, 75, 100; with b = 101 the 8-bit path
	 * rounds 25.25 to 25 and 75.75 to 76.
	 */
	@Test
	void upscaleIsBilinear() {
		final float[] out = new float[4];
		PilResample.resize(new float[] { 0, 100 }, 0, 2, 1, out, 0, 4, 1, false);
		assertArrayEquals(new float[] { 0, 25, 75, 100 }, out, 1e-5f);
		PilResample.resize(new float[] { 0, 101 }, 0, 2, 1, out, 0, 4, 1, true);
		assertArrayEquals(new float[] { 0, 25, 76, 101 }, out, 0f);
	}

	/**
	 * 2x2 -> 1x1: rows first, each rounded to 8 bits, then the column. Rows (0 + 1) / 2 = 0.5 ->
	 * 1 (PIL adds half before shifting) and (1 + 2) / 2 = 1.5 -> 2; then (1 + 2) / 2 = 1.5 -> 2.
	 * Without the rounding between passes the mean of 0, 1, 1, 2 is 1.0 -> 1.
	 */
	@Test
	void eightBitSamplesAreRoundedBetweenThePasses() {
		final float[] out = new float[1];
		PilResample.resize(new float[] { 0, 1, 1, 2 }, 0, 2, 2, out, 0, 1, 1, true);
		assertEquals(2f, out[0]);
		PilResample.resize(new float[] { 0, 1, 1, 2 }, 0, 2, 2, out, 0, 1, 1, false);
		assertEquals(1f, out[0], 1e-6f);
	}

	/**
	 * torchvision's Resize(size) and CenterCrop: the longer side truncated, crop offsets rounded
	 * half to even, padding when the crop is larger.
	 */
	@Test
	void resizeAndCropGeometry() {
		assertArrayEquals(new int[] { 256, 341 }, ResizeCrop.resized(375, 500, 256)); // 341.33
		assertArrayEquals(new int[] { 341, 256 }, ResizeCrop.resized(500, 375, 256));
		assertArrayEquals(new int[] { 256, 256 }, ResizeCrop.resized(40, 40, 256));
		assertArrayEquals(new int[] { 298, 256 }, ResizeCrop.resized(300, 257, 256)); // 298.83
		assertEquals(58, ResizeCrop.cropStart(341, 224)); // 58.5 -> 58
		assertEquals(16, ResizeCrop.cropStart(257, 224)); // 16.5 -> 16
		assertEquals(18, ResizeCrop.cropStart(259, 224)); // 17.5 -> 18
		assertEquals(-12, ResizeCrop.cropStart(200, 224));
		assertEquals(-1, ResizeCrop.cropStart(1, 4)); // 3 // 2 = 1 on the left, 2 on the right
		// a 1x1 image of value 9, resized to 1 (no change) and cropped to 1x4: 0 9 0 0
		final float[] x = new ResizeCrop(1, true, 1, 4).apply(new float[] { 9 }, 1, 1, 1, true);
		assertArrayEquals(new float[] { 0, 9, 0, 0 }, x, 0f);
	}
}
