package io.github.convnetij.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.convnetij.nn.onnx.Json;

/**
 * Preprocessing, PIL's resampling and torchvision's resize-and-crop on small cases worked by
 * hand: every bit depth, channel conversion, offsets into shared arrays, one axis resampled
 * without the other, PIL's weights and fixed-point rounding, padded and shifted crops.
 */
class PreprocessingMutationGapsTest {

	private static DecodedImage gray8(final int w, final int h, final int... v) {
		final byte[] b = new byte[v.length];
		for (int i = 0; i < v.length; i++)
			b[i] = (byte) v[i];
		return new DecodedImage(w, h, v.length / (w * h), 8, b);
	}

	private static float[] run(final Preprocessing p, final DecodedImage img) {
		// two guard values before and after: apply writes exactly imageSize() values at the offset
		final float[] dst = new float[p.imageSize() + 4];
		java.util.Arrays.fill(dst, -7f);
		p.apply(img, "'x.png'", dst, 2);
		assertEquals(-7f, dst[0]);
		assertEquals(-7f, dst[1]);
		assertEquals(-7f, dst[dst.length - 2]);
		assertEquals(-7f, dst[dst.length - 1]);
		return java.util.Arrays.copyOfRange(dst, 2, dst.length - 2);
	}

	/** Bit depths: 8-bit / 255 (200 is the byte -56), 16-bit / 65535 (65535 is the short -1), 32-bit as is. */
	@Test
	void samplesAreScaledByBitDepth() {
		final Preprocessing p = new Preprocessing(1, 1, 2, "none", "none");
		assertArrayEquals(new float[] { 200 / 255f, 51 / 255f }, run(p, gray8(2, 1, 200, 51)), 0f);
		assertArrayEquals(new float[] { 1f, 0.5f }, run(p, new DecodedImage(2, 1, 1, 16, new short[] {
			-1, (short) 32768 })), 1e-5f);
		assertArrayEquals(new float[] { -3.5f, 1e6f }, run(p, new DecodedImage(2, 1, 1, 32, new float[] {
			-3.5f, 1e6f })), 0f);
		assertEquals(255f, Preprocessing.divisor(8));
		assertEquals(65535f, Preprocessing.divisor(16));
		assertEquals(1f, Preprocessing.divisor(32));
		assertEquals(6, new Preprocessing(3, 1, 2, "none", "none").imageSize());
	}

	/** Gray replicated into R, G, B; RGB to gray as the plain mean (30, 60, 90 -> 60). */
	@Test
	void channelsAreConverted() {
		final Preprocessing rgb = new Preprocessing(3, 1, 2, "none", "auto");
		assertArrayEquals(new float[] { 51 / 255f, 102 / 255f, 51 / 255f, 102 / 255f, 51 / 255f,
			102 / 255f }, run(rgb, gray8(2, 1, 51, 102)), 1e-7f);
		final Preprocessing gray = new Preprocessing(1, 1, 2, "none", "auto");
		// planes R = (30, 0), G = (60, 255), B = (90, 0)
		assertArrayEquals(new float[] { 60 / 255f, 85 / 255f }, run(gray, new DecodedImage(2, 1, 3, 8,
			new byte[] { 30, 0, 60, (byte) 255, 90, 0 })), 1e-7f);
		// converted and resized: (60, 85) / 255 from 2 to 4 columns: 60, 66.25, 78.75, 85
		final Preprocessing both = new Preprocessing(1, 1, 4, "bilinear", "auto");
		assertArrayEquals(new float[] { 60 / 255f, 66.25f / 255, 78.75f / 255, 85 / 255f }, run(both,
			new DecodedImage(2, 1, 3, 8, new byte[] { 30, 0, 60, (byte) 255, 90, 0 })), 1e-6f);
	}

	/**
	 * Resizing (pixel centres aligned, edges clamped): 2 -> 4 columns gives a, (3a + b) / 4,
	 * (a + 3b) / 4, b; 2x2 -> 3x3 reads rows and columns 0, 0.5, 1.
	 */
	@Test
	void imagesOfAnotherSizeAreResized() {
		final Preprocessing p = new Preprocessing(1, 3, 3, "bilinear", "none");
		assertArrayEquals(new float[] { 0, 5, 10, 10, 15, 20, 20, 25, 30 }, scale(run(p, gray8(2, 2, 0,
			10, 20, 30)), 255), 1e-4f);
		// RGB to RGB, resized plane by plane
		final Preprocessing q = new Preprocessing(3, 1, 4, "bilinear", "none");
		assertArrayEquals(new float[] { 0, 25, 75, 100, 200, 175, 125, 100, 4, 4, 4, 4 }, scale(run(q,
			new DecodedImage(2, 1, 3, 8, new byte[] { 0, 100, (byte) 200, 100, 4, 4 })), 255), 1e-4f);
		// RGB 2x2 -> 3x3: every plane at its own place (R as the gray case above, G 50, B 100)
		final Preprocessing r3 = new Preprocessing(3, 3, 3, "bilinear", "none");
		final float[] want = new float[27];
		final float[] red = { 0, 5, 10, 10, 15, 20, 20, 25, 30 };
		for (int i = 0; i < 9; i++) {
			want[i] = red[i];
			want[9 + i] = 50;
			want[18 + i] = 100;
		}
		assertArrayEquals(want, scale(run(r3, new DecodedImage(2, 2, 3, 8, new byte[] { 0, 10, 20, 30,
			50, 50, 50, 50, 100, 100, 100, 100 })), 255), 1e-4f);
	}

	private static float[] scale(final float[] v, final float s) {
		final float[] o = new float[v.length];
		for (int i = 0; i < v.length; i++)
			o[i] = v[i] * s;
		return o;
	}

	/** Plain bilinear interpolation at offsets: up, down, by 3/2, and along both axes. */
	@Test
	void bilinearResizeByHand() {
		final float[] dst = new float[6];
		Preprocessing.resizeBilinear(new float[] { 9, 0, 100 }, 1, 2, 1, dst, 1, 4, 1);
		assertArrayEquals(new float[] { 0, 0, 25, 75, 100, 0 }, dst, 1e-5f);
		// 4 -> 2: centres at 0.5 and 2.5
		Preprocessing.resizeBilinear(new float[] { 0, 100, 200, 300 }, 0, 4, 1, dst, 0, 2, 1);
		assertArrayEquals(new float[] { 50, 250 }, java.util.Arrays.copyOf(dst, 2), 1e-4f);
		// 3 -> 2: centres at 0.25 and 1.75
		Preprocessing.resizeBilinear(new float[] { 0, 100, 200 }, 0, 3, 1, dst, 0, 2, 1);
		assertArrayEquals(new float[] { 25, 175 }, java.util.Arrays.copyOf(dst, 2), 1e-4f);
		// a column 3 -> 2: rows at 0.25 and 1.75 (the second between rows 1 and 2)
		final float[] c2 = new float[2];
		Preprocessing.resizeBilinear(new float[] { 0, 100, 200 }, 0, 1, 3, c2, 0, 1, 2);
		assertArrayEquals(new float[] { 25, 175 }, c2, 1e-4f);
		// a column 2 -> 4 (rows: as the columns above)
		final float[] col = new float[4];
		Preprocessing.resizeBilinear(new float[] { 0, 100 }, 0, 1, 2, col, 0, 1, 4);
		assertArrayEquals(new float[] { 0, 25, 75, 100 }, col, 1e-5f);
	}

	@Test
	void refusalsAndJson() {
		final Preprocessing strict = new Preprocessing(3, 4, 5, "none", "none");
		assertEquals("'a.png' is gray but the images are RGB (3 channels): use convert=auto to convert " +
			"it, or convert the images first", strict.refusal(new DecodedImage.Info(5, 4, 1, 8), "'a.png'"));
		assertEquals("'a.png' is RGB but the images are gray (1 channel): use convert=auto to convert " +
			"it, or convert the images first", new Preprocessing(1, 4, 5, "none", "none").refusal(
				new DecodedImage.Info(5, 4, 3, 8), "'a.png'"));
		assertEquals("'a.png' is 5x3 but the images are 5x4: use resize=bilinear (or image_size) to " +
			"resize it, or resize the images first", strict.refusal(new DecodedImage.Info(5, 3, 3, 8),
				"'a.png'"));
		assertEquals("'a.png' is 4x4 but the images are 5x4: use resize=bilinear (or image_size) to " +
			"resize it, or resize the images first", strict.refusal(new DecodedImage.Info(4, 4, 3, 8),
				"'a.png'"));
		assertNull(strict.refusal(new DecodedImage.Info(5, 4, 3, 16), "x"));
		assertNull(new Preprocessing(3, 4, 5, "bilinear", "auto").refusal(new DecodedImage.Info(7, 2, 1,
			8), "x"));
		assertEquals("'x.png' is gray but the images are RGB (3 channels): use convert=auto to convert " +
			"it, or convert the images first", assertThrows(IllegalArgumentException.class, () -> strict
				.apply(gray8(5, 4, new int[20]), "'x.png'", new float[60], 0)).getMessage());
		assertEquals("preprocessing channels 2 is not allowed: expected 1 or 3", assertThrows(
			IllegalArgumentException.class, () -> new Preprocessing(2, 4, 4, "none", "none"))
			.getMessage());
		assertEquals("preprocessing size 4x0 is not allowed: expected sizes >= 1", assertThrows(
			IllegalArgumentException.class, () -> new Preprocessing(1, 0, 4, "none", "none"))
			.getMessage());
		assertEquals("preprocessing size 0x4 is not allowed: expected sizes >= 1", assertThrows(
			IllegalArgumentException.class, () -> new Preprocessing(1, 4, 0, "none", "none"))
			.getMessage());
		// JSON: missing modes are none, the resize mode is read in any case
		assertEquals(new Preprocessing(1, 2, 3, "none", "none"), Preprocessing.fromJson(
			"{\"channels\": 1, \"height\": 2, \"width\": 3}"));
		assertEquals(new Preprocessing(3, 2, 3, "bilinear", "auto"), Preprocessing.fromJson(
			"{\"channels\": 3, \"height\": 2, \"width\": 3, \"resize\": \"BILINEAR\", \"convert\": \"auto\"}"));
		final Map<String, Object> m = Json.object(Json.parse(new Preprocessing(1, 2, 3, "bilinear",
			"auto").toJson()), "x");
		assertEquals("gray", m.get("channel_order"));
		assertEquals("RGB", Json.object(Json.parse(new Preprocessing(3, 2, 3, "none", "none").toJson()),
			"x").get("channel_order"));
		assertEquals("none", m.get("crop"));
		assertEquals(1 / 65535.0, Json.number(Json.object(m.get("bit_depth_scale"), "s").get("16"), "s"),
			1e-18);
	}

	/** PIL's weights: 4 -> 2 (3/7, 3/7, 1/7 and mirrored), 2 -> 4 (plain bilinear), fixed point. */
	@Test
	void pilWeightsByHand() {
		final PilResample.Axis down = PilResample.Axis.of(4, 2);
		assertArrayEquals(new int[] { 0, 1 }, down.first());
		assertArrayEquals(new double[] { 3 / 7.0, 3 / 7.0, 1 / 7.0 }, down.weights()[0], 1e-15);
		assertArrayEquals(new double[] { 1 / 7.0, 3 / 7.0, 3 / 7.0 }, down.weights()[1], 1e-15);
		// 3/7 * 2^22 = 1797558.86, 1/7 * 2^22 = 599186.29, rounded half up
		assertArrayEquals(new int[] { 1797559, 1797559, 599186 }, down.fixedPoint()[0]);
		final PilResample.Axis up = PilResample.Axis.of(2, 4);
		assertArrayEquals(new int[] { 0, 0, 0, 1 }, up.first());
		assertArrayEquals(new double[] { 1 }, up.weights()[0], 0);
		assertArrayEquals(new double[] { 0.75, 0.25 }, up.weights()[1], 1e-15);
		assertArrayEquals(new double[] { 0.25, 0.75 }, up.weights()[2], 1e-15);
		assertArrayEquals(new double[] { 1 }, up.weights()[3], 0);
		// 6 -> 2: scale 3, output 1 centred at 4.5 reads inputs 2..5 (j from (int) 2 to 6)
		final PilResample.Axis third = PilResample.Axis.of(6, 2);
		assertArrayEquals(new int[] { 0, 2 }, third.first());
		// triangle((j + 0.5 - 4.5) / 3) for j = 2..5: 1/3, 2/3, 1, 2/3, normalised by 8/3
		assertArrayEquals(new double[] { 0.125, 0.25, 0.375, 0.25 }, third.weights()[1], 1e-15);
		// output 0 centred at 1.5 reads 0..4: 2/3, 1, 2/3, 1/3, 0
		assertArrayEquals(new double[] { 0.25, 0.375, 0.25, 0.125, 0 }, third.weights()[0], 1e-15);
		// negative weights: minus a half, then truncated: -0.3 * 2^22 = -1258291.2 -> -1258291.7 -> -1258291
		assertArrayEquals(new int[] { -1258291, 5452595 }, new PilResample.Axis(new int[] { 0 },
			new double[][] { { -0.3, 1.3 } }).fixedPoint()[0]); // 1.3 * 2^22 = 5452595.2
		assertEquals(0, PilResample.clip8(-5));
		assertEquals(0, PilResample.clip8((1 << 22) - 1));
		assertEquals(1, PilResample.clip8(1 << 22));
		assertEquals(255, PilResample.clip8(255 << 22));
		assertEquals(255, PilResample.clip8(300 << 22));
		assertEquals(0.5, PilResample.triangle(-0.5));
		assertEquals(0, PilResample.triangle(1.5));
		assertEquals("resample from 0 to 2 samples: expected sizes >= 1", assertThrows(
			IllegalArgumentException.class, () -> PilResample.Axis.of(0, 2)).getMessage());
		assertEquals("resample from 2 to 0 samples: expected sizes >= 1", assertThrows(
			IllegalArgumentException.class, () -> PilResample.Axis.of(2, 0)).getMessage());
	}

	/**
	 * One axis resampled, the other kept, at offsets, in float and in 8 bits. Rows (0, 100, 200,
	 * 255) and (10, 20, 30, 40) from 4 to 2: 500/7, 1465/7 and 120/7, 230/7; in 8 bits 71, 209 and
	 * 17 (73999502 >> 22), 33 (139910002 >> 22).
	 */
	@Test
	void oneAxisAtATimeAtOffsets() {
		final float[] rows = { -1, -1, -1, 0, 100, 200, 255, 10, 20, 30, 40 };
		final float[] out = new float[6];
		PilResample.resize(rows, 3, 4, 2, out, 1, 2, 2, false);
		assertArrayEquals(new float[] { 0, 500 / 7f, 1465 / 7f, 120 / 7f, 230 / 7f, 0 }, out, 1e-4f);
		PilResample.resize(rows, 3, 4, 2, out, 1, 2, 2, true);
		assertArrayEquals(new float[] { 0, 71, 209, 17, 33, 0 }, out, 0f);
		// the same values as columns: 2 columns of 4 rows
		final float[] cols = { -1, 0, 10, 100, 20, 200, 30, 255, 40 };
		final float[] o2 = new float[5];
		PilResample.resize(cols, 1, 2, 4, o2, 1, 2, 2, false);
		assertArrayEquals(new float[] { 0, 500 / 7f, 120 / 7f, 1465 / 7f, 230 / 7f }, o2, 1e-4f);
		PilResample.resize(cols, 1, 2, 4, o2, 1, 2, 2, true);
		assertArrayEquals(new float[] { 0, 71, 17, 209, 33 }, o2, 0f);
		// nothing resampled: copied as is (8-bit samples stay whole numbers)
		final float[] same = new float[5];
		PilResample.resize(cols, 1, 2, 2, same, 1, 2, 2, true);
		assertArrayEquals(new float[] { 0, 0, 10, 100, 20 }, same, 0f);
		PilResample.resize(cols, 1, 2, 2, same, 1, 2, 2, false);
		assertArrayEquals(new float[] { 0, 0, 10, 100, 20 }, same, 0f);
		// 8 bits, both axes: 2 rows (0, 100, 200, 255), (255 x 4) -> (71, 209), (255, 255) -> the
		// column (71 + 255) / 2 = 163, (209 + 255) / 2 = 232, rounded down after adding 2^21
		final float[] two = new float[2];
		PilResample.resize(new float[] { 0, 100, 200, 255, 255, 255, 255, 255 }, 0, 4, 2, two, 0, 2, 1,
			true);
		assertArrayEquals(new float[] { 163, 232 }, two, 0f);
		// 6 -> 2 rows of one column, upscaled columns 1 -> 2 (the same value)
		final float[] o3 = new float[4];
		PilResample.resize(new float[] { 0, 6, 12, 18, 24, 30 }, 0, 1, 6, o3, 0, 2, 2, false);
		// the weights of Axis.of(6, 2) above: 6*.375 + 12*.25 + 18*.125 = 7.5 and
		// 12*.125 + 18*.25 + 24*.375 + 30*.25 = 22.5
		assertArrayEquals(new float[] { 7.5f, 7.5f, 22.5f, 22.5f }, o3, 1e-4f);
	}

	/**
	 * torchvision's Resize then CenterCrop: no resize when the shorter side already has the size,
	 * the crop offset rounded, zero padding around a smaller image, every channel at its plane.
	 */
	@Test
	void resizeAndCropByHand() {
		// 2 channels of 2x6, size 2 (no resize), crop 1x3: top round(0.5) = 0, left round(1.5) = 2
		final float[] img = new float[24];
		for (int i = 0; i < 24; i++)
			img[i] = i;
		assertArrayEquals(new float[] { 2, 3, 4, 14, 15, 16 }, new ResizeCrop(2, true, 1, 3).apply(img,
			2, 2, 6, false), 0f);
		// crop 4x2: rows -1..2 (zero, 0, 1, zero), columns round(2) = 2, 3
		assertArrayEquals(new float[] { 0, 0, 2, 3, 8, 9, 0, 0, 0, 0, 14, 15, 20, 21, 0, 0 },
			new ResizeCrop(2, false, 4, 2).apply(img, 2, 2, 6, false), 0f);
		// crop 2x8: columns -1..6 (zero, 0..5, zero)
		assertArrayEquals(new float[] { 0, 0, 1, 2, 3, 4, 5, 0, 0, 6, 7, 8, 9, 10, 11, 0 },
			new ResizeCrop(2, true, 2, 8).apply(img, 1, 2, 6, false), 0f);
		// size 1: 2x4 -> 1x2, plain bilinear (rows averaged, columns at 0.5 and 2.5) or PIL's
		final float[] two = { 0, 100, 200, 300, 100, 200, 300, 400, 1, 1, 1, 1, 3, 3, 3, 3 };
		assertArrayEquals(new float[] { 100, 300, 2, 2 }, new ResizeCrop(1, false, 1, 2).apply(two, 2, 2,
			4, false), 1e-4f);
		// PIL: rows (0,100,200,300) -> 500/7, 1600/7 and (100,...,400) -> 1200/7, 2300/7 (weights
		// 3/7, 3/7, 1/7 and mirrored), then the two rows averaged: 850/7, 1950/7
		assertArrayEquals(new float[] { 850 / 7f, 1950 / 7f, 2, 2 }, new ResizeCrop(1, true, 1, 2).apply(
			two, 2, 2, 4, false), 1e-3f);
		// 2 channels of 4x4 (10 and 20) to 2x2, each channel at its own plane
		final float[] flat = new float[32];
		java.util.Arrays.fill(flat, 0, 16, 10);
		java.util.Arrays.fill(flat, 16, 32, 20);
		for (final boolean antialias : new boolean[] { true, false })
			assertArrayEquals(new float[] { 10, 10, 10, 10, 20, 20, 20, 20 }, new ResizeCrop(2, antialias,
				2, 2).apply(flat, 2, 4, 4, false), 1e-4f);
		final float[] eight = { 0, 100, 200, 255, 255, 255, 255, 255 };
		assertArrayEquals(new float[] { 163, 232 }, new ResizeCrop(1, true, 1, 2).apply(eight, 1, 2, 4,
			true), 0f);
		assertEquals("resize_size 0 is not allowed: expected a whole number >= 1", assertThrows(
			IllegalArgumentException.class, () -> new ResizeCrop(0, true, 2, 2)).getMessage());
		assertEquals("crop 3x0 is not allowed: expected sizes >= 1", assertThrows(
			IllegalArgumentException.class, () -> new ResizeCrop(4, true, 0, 3)).getMessage());
		assertEquals("crop 0x3 is not allowed: expected sizes >= 1", assertThrows(
			IllegalArgumentException.class, () -> new ResizeCrop(4, true, 3, 0)).getMessage());
		assertEquals(0, ResizeCrop.cropStart(5, 5));
		final Map<String, Object> m = Json.object(Json.parse(new ResizeCrop(256, false, 224, 200).toJson(
			3, new double[] { 0.5, 0.25, 0.125 }, new double[] { 2, 4, 8 })), "x");
		assertEquals(256L, Json.integer(m.get("resize_size"), "r"));
		assertEquals(false, m.get("antialias"));
		assertEquals("center", m.get("crop"));
		assertEquals(224L, Json.integer(m.get("height"), "h"));
		assertEquals(200L, Json.integer(m.get("width"), "w"));
		assertEquals("bilinear", m.get("resize"));
		assertEquals("auto", m.get("convert"));
		final List<Object> mean = Json.array(m.get("mean"), "m"), std = Json.array(m.get("std"), "s");
		assertEquals(0.125, Json.number(mean.get(2), "m"));
		assertEquals(8.0, Json.number(std.get(2), "s"));
	}
}
