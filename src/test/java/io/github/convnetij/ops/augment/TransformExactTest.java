package io.github.convnetij.ops.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Boundary;
import io.github.convnetij.compute.Interpolation;
import io.github.convnetij.compute.Tensor;

/**
 * Exact cases of the geometric transforms: nearest-neighbour rotations by multiples of 90 degrees,
 * integer shifts with every fill mode (hand-computed), flips, identities; linear and bicubic
 * interpolation of linear ramps.
 */
class TransformExactTest {

	/** Applies {@code t} to a single image {@code [h][w]} (rows) and returns the result as rows. */
	static float[][] apply(final float[][] image, final Transform t, final Interpolation ip,
		final Boundary fill, final double cval)
	{
		final int h = image.length, w = image[0].length;
		final float[] data = new float[w * h];
		for (int y = 0; y < h; y++)
			System.arraycopy(image[y], 0, data, y * w, w);
		final Augmenter a = Augmenter.of(Augmentation.none().interpolation(ip).fillMode(fill).cval(
			cval));
		final Tensor out = a.apply(Tensor.of(data, 1, 1, h, w), new Transform[] { t });
		final float[][] rows = new float[h][w];
		for (int y = 0; y < h; y++)
			System.arraycopy(out.data(), y * w, rows[y], 0, w);
		return rows;
	}

	static float[][] nearest(final float[][] image, final Transform t, final Boundary fill,
		final double cval)
	{
		return apply(image, t, Interpolation.NEAREST, fill, cval);
	}

	static float[][] random(final int h, final int w, final long seed) {
		final Random r = new Random(seed);
		final float[][] m = new float[h][w];
		for (final float[] row : m)
			for (int x = 0; x < w; x++)
				row[x] = (float) r.nextGaussian();
		return m;
	}

	static void assertRowsEqual(final float[][] expected, final float[][] actual) {
		assertEquals(expected.length, actual.length);
		for (int y = 0; y < expected.length; y++)
			assertArrayEquals(expected[y], actual[y], 0f, "row " + y);
	}

	/** Clockwise rotation by 90 degrees of a square matrix: transpose, then reverse each row. */
	static float[][] rotateClockwise(final float[][] m) {
		final int n = m.length;
		final float[][] r = new float[n][n];
		for (int y = 0; y < n; y++)
			for (int x = 0; x < n; x++)
				r[y][x] = m[n - 1 - x][y];
		return r;
	}

	static float[][] flipH(final float[][] m) {
		final float[][] r = new float[m.length][];
		for (int y = 0; y < m.length; y++) {
			r[y] = new float[m[y].length];
			for (int x = 0; x < m[y].length; x++)
				r[y][x] = m[y][m[y].length - 1 - x];
		}
		return r;
	}

	static float[][] flipV(final float[][] m) {
		final float[][] r = new float[m.length][];
		for (int y = 0; y < m.length; y++)
			r[y] = m[m.length - 1 - y].clone();
		return r;
	}

	@Test
	void rotationBy90IsTransposeAndFlip() {
		for (final int n : new int[] { 1, 2, 3, 4, 7, 10 }) {
			final float[][] img = random(n, n, n);
			final float[][] cw = rotateClockwise(img);
			// clockwise on the display (y down) = ImageJ's Image>Transform>Rotate 90 Degrees Right
			assertRowsEqual(cw, nearest(img, Transform.identity().withRotation(90), Boundary.CONSTANT,
				Double.NaN));
			assertRowsEqual(rotateClockwise(rotateClockwise(cw)), nearest(img, Transform.identity()
				.withRotation(-90), Boundary.CONSTANT, Double.NaN));
			assertRowsEqual(flipV(flipH(img)), nearest(img, Transform.identity().withRotation(180),
				Boundary.CONSTANT, Double.NaN));
			assertRowsEqual(img, nearest(img, Transform.identity().withRotation(360), Boundary.CONSTANT,
				Double.NaN));
			assertRowsEqual(cw, nearest(img, Transform.identity().withRotation(-270), Boundary.CONSTANT,
				Double.NaN));
		}
		// a hand-made case: 1 2 / 3 4 turned right is 3 1 / 4 2
		assertRowsEqual(new float[][] { { 3, 1 }, { 4, 2 } }, nearest(new float[][] { { 1, 2 }, { 3,
			4 } }, Transform.identity().withRotation(90), Boundary.ZERO, 0));
	}

	@Test
	void rotationBy90OfANonSquareImageKeepsTheCentre() {
		// 4 wide, 2 high: the centre (1.5, 0.5); a clockwise quarter turn maps input (x, y) to
		// output (1.5 - (y - 0.5), 0.5 + (x - 1.5)); only output columns 1 and 2 have a source
		final float[][] img = { { 1, 2, 3, 4 }, { 5, 6, 7, 8 } };
		final float[][] out = nearest(img, Transform.identity().withRotation(90), Boundary.CONSTANT,
			-1);
		assertRowsEqual(new float[][] { { -1, 6, 2, -1 }, { -1, 7, 3, -1 } }, out);
	}

	@Test
	void integerShiftsAreTranslations() {
		final float[][] img = random(5, 6, 1);
		for (final Boundary b : Boundary.values())
			for (final int dx : new int[] { -7, -2, 0, 1, 3 })
				for (final int dy : new int[] { -1, 0, 2, 6 }) {
					final float[][] out = nearest(img, Transform.identity().withShift(dx, dy), b, 42);
					for (int y = 0; y < 5; y++)
						for (int x = 0; x < 6; x++) {
							final int sx = b.map(x - dx, 6), sy = b.map(y - dy, 5);
							final float e = sx < 0 || sy < 0 ? b == Boundary.ZERO ? 0 : 42 : img[sy][sx];
							assertEquals(e, out[y][x], 0f, b + " shift " + dx + "," + dy + " at " + x + "," + y);
						}
					// bilinear and bicubic read whole pixels exactly too
					assertRowsEqual(out, apply(img, Transform.identity().withShift(dx, dy),
						Interpolation.BILINEAR, b, 42));
					assertRowsEqual(out, apply(img, Transform.identity().withShift(dx, dy),
						Interpolation.BICUBIC, b, 42));
				}
	}

	/** Row a b c d = 1 2 3 4 moved right by 2 and left by 3, every fill mode, by hand. */
	@Test
	void fillModesByHand() {
		final float[][] row = { { 1, 2, 3, 4 } };
		final Transform right2 = Transform.identity().withShift(2, 0);
		final Transform left3 = Transform.identity().withShift(-3, 0);
		final Object[][] cases = { //
			{ Boundary.CONSTANT, new float[] { 9, 9, 1, 2 }, new float[] { 4, 9, 9, 9 } }, //
			{ Boundary.ZERO, new float[] { 0, 0, 1, 2 }, new float[] { 4, 0, 0, 0 } }, //
			{ Boundary.NEAREST, new float[] { 1, 1, 1, 2 }, new float[] { 4, 4, 4, 4 } }, //
			// Keras' and scipy's reflect: the edge pixel repeated, b a | a b c d | d c
			{ Boundary.REFLECT, new float[] { 2, 1, 1, 2 }, new float[] { 4, 4, 3, 2 } }, //
			{ Boundary.MIRROR, new float[] { 3, 2, 1, 2 }, new float[] { 4, 3, 2, 1 } }, //
			{ Boundary.WRAP, new float[] { 3, 4, 1, 2 }, new float[] { 4, 1, 2, 3 } } };
		for (final Object[] c : cases) {
			final Boundary b = (Boundary) c[0];
			assertArrayEquals((float[]) c[1], nearest(row, right2, b, 9)[0], 0f, b + " right 2");
			assertArrayEquals((float[]) c[2], nearest(row, left3, b, 9)[0], 0f, b + " left 3");
		}
		// vertically, on a column, the same patterns
		final float[][] column = { { 1 }, { 2 }, { 3 }, { 4 } };
		final float[][] down2 = nearest(column, Transform.identity().withShift(0, 2), Boundary.REFLECT,
			0);
		assertRowsEqual(new float[][] { { 2 }, { 1 }, { 1 }, { 2 } }, down2);
		// far outside: reflect has period 2n, wrap n
		assertArrayEquals(new float[] { 1, 2, 3, 4 }, nearest(row, Transform.identity().withShift(8,
			0), Boundary.REFLECT, 0)[0], 0f);
		assertArrayEquals(new float[] { 1, 2, 3, 4 }, nearest(row, Transform.identity().withShift(-4,
			0), Boundary.WRAP, 0)[0], 0f);
	}

	/** Bilinear fill at half a pixel outside: constant blends the edge pixel with cval. */
	@Test
	void bilinearAcrossTheBorderByHand() {
		final float[][] row = { { 2, 4, 6, 8 } };
		final Transform half = Transform.identity().withShift(0.5, 0);
		// output x reads input x - 0.5
		assertArrayEquals(new float[] { 6, 3, 5, 7 }, apply(row, half, Interpolation.BILINEAR,
			Boundary.CONSTANT, 10)[0], 0f);
		assertArrayEquals(new float[] { 2, 3, 5, 7 }, apply(row, half, Interpolation.BILINEAR,
			Boundary.NEAREST, 10)[0], 0f);
		assertArrayEquals(new float[] { 5, 3, 5, 7 }, apply(row, half, Interpolation.BILINEAR,
			Boundary.WRAP, 10)[0], 0f);
	}

	@Test
	void flippingTwiceIsTheIdentity() {
		final float[][] img = random(5, 8, 2);
		final Transform h = Transform.identity().withFlips(true, false);
		final Transform v = Transform.identity().withFlips(false, true);
		for (final Interpolation ip : Interpolation.values()) {
			assertRowsEqual(flipH(img), apply(img, h, ip, Boundary.CONSTANT, Double.NaN));
			assertRowsEqual(flipV(img), apply(img, v, ip, Boundary.CONSTANT, Double.NaN));
			assertRowsEqual(img, apply(apply(img, h, ip, Boundary.CONSTANT, Double.NaN), h, ip,
				Boundary.CONSTANT, Double.NaN));
			assertRowsEqual(img, apply(apply(img, v, ip, Boundary.REFLECT, 0), v, ip, Boundary.REFLECT,
				0));
			// both flips are a half turn
			assertRowsEqual(apply(img, Transform.identity().withRotation(180), ip, Boundary.ZERO, 0),
				apply(img, Transform.identity().withFlips(true, true), ip, Boundary.ZERO, 0));
		}
	}

	/**
	 * Shear worked by hand from Keras' shear matrix ({@code [[1, -sin s], [0, cos s]]} on (row,
	 * column), i.e. {@code x_in = cos s x}, {@code y_in = -sin s x + y} about the centre): the
	 * direction of the shear (the sign of {@code d}) and its column, which the composed-map test
	 * multiplies by zero.
	 */
	@Test
	void shearMapsWorkedByHand() {
		final double c = Math.sqrt(3) / 2; // cos 30
		// pure shear of 30 degrees on 11 x 11 (centre 5, 5): x_in = c (x - 5) + 5,
		// y_in = -0.5 (x - 5) + y
		assertArrayEquals(new double[] { c, 0, 5 - 5 * c, -0.5, 1, 2.5 }, Transform.identity()
			.withShear(30).inverseMap(11, 11), 1e-12);
		// then rotated 90 degrees clockwise: S R^-1 = [[0, c], [-1, -0.5]]
		assertArrayEquals(new double[] { 0, c, 5 - 5 * c, -1, -0.5, 12.5 }, Transform.identity()
			.withShear(30).withRotation(90).inverseMap(11, 11), 1e-12);
		// the opposite shear leans the other way: y_in = 0.5 (x - 5) + y
		assertArrayEquals(new double[] { c, 0, 5 - 5 * c, 0.5, 1, -2.5 }, Transform.identity()
			.withShear(-30).inverseMap(11, 11), 1e-12);
	}

	@Test
	void neutralPartsAreTheIdentity() {
		final float[][] img = random(6, 9, 3);
		final Transform neutral = Transform.of(0, 0, 0, 0, 1, 1, false, false, 1, 0, 123);
		assertTrue(neutral.isGeometricIdentity());
		assertArrayEquals(new double[] { 1, 0, 0, 0, 1, 0 }, neutral.inverseMap(9, 6), 0);
		for (final Interpolation ip : Interpolation.values())
			for (final Boundary b : Boundary.values())
				assertRowsEqual(img, apply(img, neutral, ip, b, 7));
		// and through the sampling path: an augmentation with every range 0 changes nothing
		final Transform sampled = Augmentation.none().sample(99, 9, 6);
		assertTrue(sampled.isGeometricIdentity() && sampled.isIntensityIdentity());
		assertEquals("identity", sampled.label());
	}

	/** A zoom factor of 0.5 samples every half pixel: pixel centres land on even outputs. */
	@Test
	void zoomIsTheSamplingStep() {
		// 5 wide: centre 2; factor 0.5 reads input 2 + (x - 2) / 2; factor 2 reads 2 + 2 (x - 2)
		final float[][] row = { { 0, 10, 20, 30, 40 } };
		assertArrayEquals(new float[] { 10, 15, 20, 25, 30 }, apply(row, Transform.identity()
			.withZoom(0.5, 1), Interpolation.BILINEAR, Boundary.NEAREST, 0)[0], 0f);
		assertArrayEquals(new float[] { -1, 0, 20, 40, -1 }, apply(row, Transform.identity()
			.withZoom(2, 1), Interpolation.NEAREST, Boundary.CONSTANT, -1)[0], 0f);
	}

	/** Bilinear (and bicubic) interpolation of a linear ramp is exact wherever the taps are inside. */
	@Test
	void interpolationOfALinearRampIsExactInside() {
		final int w = 23, h = 17;
		final float[][] ramp = new float[h][w];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				ramp[y][x] = 3 * x - 2 * y + 5;
		final Transform[] ts = { Transform.identity().withRotation(23.5), Transform.identity()
			.withRotation(-41).withZoom(0.8, 1.15).withShear(7).withShift(1.3, -0.6), Transform
				.identity().withZoom(0.61, 0.93).withFlips(true, false) };
		for (final Transform t : ts) {
			final double[] m = t.inverseMap(w, h);
			for (final Interpolation ip : new Interpolation[] { Interpolation.BILINEAR,
				Interpolation.BICUBIC })
			{
				final int reach = ip == Interpolation.BILINEAR ? 0 : 1;
				final float[][] out = apply(ramp, t, ip, Boundary.CONSTANT, Double.NaN);
				int checked = 0;
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++) {
						final double xs = m[0] * x + m[1] * y + m[2], ys = m[3] * x + m[4] * y + m[5];
						if (Math.floor(xs) - reach < 0 || Math.floor(xs) + 1 + reach > w - 1 || Math.floor(ys) -
							reach < 0 || Math.floor(ys) + 1 + reach > h - 1) continue;
						assertEquals(3 * xs - 2 * ys + 5, out[y][x], 1e-4, ip + " " + t + " at " + x + "," + y);
						checked++;
					}
				assertTrue(checked > w * h / 4, "checked " + checked);
			}
		}
	}

	@Test
	void inverseMapMatchesTheDescribedComposition() {
		// p_in = c + F Z S R^-1 (p_out - c - shift), checked on a point by composing the parts
		final Transform t = Transform.identity().withRotation(30).withShear(10).withZoom(0.9, 1.2)
			.withShift(2, -3).withFlips(true, false);
		final int w = 11, h = 8;
		final double cx = 5, cy = 3.5, px = 7, py = 1;
		double x = px - cx - 2, y = py - cy + 3;
		final double r = Math.toRadians(30), s = Math.toRadians(10);
		double x2 = Math.cos(r) * x + Math.sin(r) * y, y2 = -Math.sin(r) * x + Math.cos(r) * y;
		x = Math.cos(s) * x2;
		y = -Math.sin(s) * x2 + y2;
		x2 = -0.9 * x;
		y2 = 1.2 * y;
		final double[] m = t.inverseMap(w, h);
		assertEquals(cx + x2, m[0] * px + m[1] * py + m[2], 1e-12);
		assertEquals(cy + y2, m[3] * px + m[4] * py + m[5], 1e-12);
	}

	@Test
	void labels() {
		assertEquals("rot=12.4 shift=(3,-1) shear=4.0 zoom=(0.93,1.05) flipH", Transform.identity()
			.withRotation(12.43).withShift(3, -1).withShear(4).withZoom(0.9312, 1.049).withFlips(true,
				false).label());
		assertEquals("shift=(0.5,-2.3) flipV brightness=1.12", Transform.identity().withShift(0.5,
			-2.34).withFlips(false, true).withIntensity(1.123, 3, 0).label());
		assertEquals("rot=0.0", Transform.identity().withRotation(-0.01).label());
		assertEquals("identity", Transform.identity().label());
	}
	@Test
	void labelsOfSingleParts() {
		assertEquals("shift=(0,2)", Transform.identity().withShift(0, 2).label());
		assertEquals("zoom=(1.00,0.50)", Transform.identity().withZoom(1, 0.5).label());
		assertEquals("shear=-3.0", Transform.identity().withShear(-3).label());
		assertEquals("rot=90.0", Transform.identity().withRotation(90).label());
		// whole pixels below 10^15 print as integers, larger shifts with one decimal
		assertEquals("shift=(999999999999999,0)", Transform.identity().withShift(999999999999999.0, 0)
			.label());
		assertEquals("shift=(1000000000000000.0,0)", Transform.identity().withShift(1e15, 0).label());
	}

	@Test
	void parametersOutsideTheirRangesAreRefused() {
		final double[] bad = { Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY };
		for (final double v : bad) {
			assertThrows(IllegalArgumentException.class, () -> Transform.of(v, 0, 0, 0, 1, 1, false,
				false, 1, 0, 0), "rotation " + v);
			assertThrows(IllegalArgumentException.class, () -> Transform.of(0, v, 0, 0, 1, 1, false,
				false, 1, 0, 0), "shift x " + v);
			assertThrows(IllegalArgumentException.class, () -> Transform.of(0, 0, v, 0, 1, 1, false,
				false, 1, 0, 0), "shift y " + v);
			assertThrows(IllegalArgumentException.class, () -> Transform.of(0, 0, 0, v, 1, 1, false,
				false, 1, 0, 0), "shear " + v);
			assertThrows(IllegalArgumentException.class, () -> Transform.of(0, 0, 0, 0, 1, 1, false,
				false, v, 0, 0), "brightness " + v);
			assertThrows(IllegalArgumentException.class, () -> Transform.of(0, 0, 0, 0, v, 1, false,
				false, 1, 0, 0), "zoom x " + v);
			assertThrows(IllegalArgumentException.class, () -> Transform.of(0, 0, 0, 0, 1, v, false,
				false, 1, 0, 0), "zoom y " + v);
			assertThrows(IllegalArgumentException.class, () -> Transform.of(0, 0, 0, 0, 1, 1, false,
				false, 1, v, 0), "noise " + v);
		}
		// zoom factors must be > 0 (0 refused, the smallest positive double accepted), noise >= 0
		for (final double z : new double[] { 0, -0.0, -1 }) {
			assertThrows(IllegalArgumentException.class, () -> Transform.identity().withZoom(z, 1));
			assertThrows(IllegalArgumentException.class, () -> Transform.identity().withZoom(1, z));
		}
		assertEquals(Double.MIN_VALUE, Transform.identity().withZoom(Double.MIN_VALUE, Double.MIN_VALUE)
			.zoomY());
		assertThrows(IllegalArgumentException.class, () -> Transform.identity().withIntensity(1, -1e-9,
			0));
		// shear: its cosine must be > 0; at +-90 degrees (and 270, the same angle) it is exactly 0
		for (final double sh : new double[] { 90, -90, 270, -270, 180, 135 })
			assertThrows(IllegalArgumentException.class, () -> Transform.identity().withShear(sh),
				"shear " + sh);
		assertEquals(89.9, Transform.identity().withShear(89.9).shear());
		assertEquals(360 - 45, Transform.identity().withShear(360 - 45).shear());
		assertEquals(-1234567L, Transform.identity().withIntensity(1, 0.5, -1234567L).noiseKey());
	}

	@Test
	void sineAndCosineAreExactAtMultiplesOf90Degrees() {
		final double[] deg = { 0, 90, 180, 270, -90, -180, -270, 360, 450, -360 };
		final double[] sin = { 0, 1, 0, -1, -1, 0, 1, 0, 1, 0 };
		final double[] cos = { 1, 0, -1, 0, 0, -1, 0, 1, 0, 1 };
		for (int i = 0; i < deg.length; i++) {
			assertEquals(sin[i], Math.abs(Transform.sinDeg(deg[i])) == 0 ? 0 : Transform.sinDeg(deg[i]),
				0, "sin " + deg[i]);
			assertEquals(cos[i], Math.abs(Transform.cosDeg(deg[i])) == 0 ? 0 : Transform.cosDeg(deg[i]),
				0, "cos " + deg[i]);
		}
		assertEquals(0.5, Transform.sinDeg(30), 1e-15);
		assertEquals(0.5, Transform.cosDeg(-60), 1e-15);
	}
}
