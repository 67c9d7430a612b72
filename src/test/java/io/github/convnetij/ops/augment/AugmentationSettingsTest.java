package io.github.convnetij.ops.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Boundary;
import io.github.convnetij.compute.Interpolation;

/**
 * {@link Augmentation}'s settings: every setter reaches its getter, the describe/map forms, the
 * text forms, each range refused at its edge, and shifts of whole and fractional pixel ranges.
 */
class AugmentationSettingsTest {

	private static Augmentation full() {
		return Augmentation.none().rotationRange(15).widthShiftRange(0.1).heightShiftRange(3)
			.shearRange(5.5).zoomRange(0.8, 1.25).horizontalFlip(true).verticalFlip(true).fillMode(
				Boundary.CONSTANT).cval(7).interpolation(Interpolation.BICUBIC).brightnessRange(0.5, 1.5)
			.noise(2);
	}

	@Test
	void settersReachTheirGetters() {
		final Augmentation a = full();
		assertEquals(15, a.rotationRange());
		assertEquals(0.1, a.widthShiftRange());
		assertEquals(3, a.heightShiftRange());
		assertEquals(5.5, a.shearRange());
		assertArrayEquals(new double[] { 0.8, 1.25 }, a.zoomRange());
		assertTrue(a.horizontalFlip() && a.verticalFlip());
		assertEquals(Boundary.CONSTANT, a.fillMode());
		assertEquals(7, a.cval());
		assertEquals(Interpolation.BICUBIC, a.interpolation());
		assertArrayEquals(new double[] { 0.5, 1.5 }, a.brightnessRange());
		assertEquals(2, a.noise());
		assertEquals("rotation_range=15 width_shift_range=0.1 height_shift_range=3 shear_range=5.5 " +
			"zoom_range=0.8,1.25 horizontal_flip=true vertical_flip=true fill_mode=constant cval=7 " +
			"interpolation=bicubic brightness_range=0.5,1.5 noise=2", a.describe());
		// off options are not described; a range off at one end only is described
		final String off = Augmentation.none().describe();
		for (final String key : new String[] { "rotation", "shift", "shear", "zoom", "flip", "cval",
			"brightness", "noise" })
			assertFalse(off.contains(key), off);
		assertFalse(Augmentation.none().horizontalFlip() || Augmentation.none().verticalFlip());
		assertTrue(Augmentation.none().zoomRange(1, 2).describe().contains("zoom_range=1,2"));
		assertTrue(Augmentation.none().brightnessRange(1, 2).describe().contains(
			"brightness_range=1,2"));
		// cval only with the constant fill
		assertFalse(full().fillMode(Boundary.REFLECT).describe().contains("cval"));
		// every single option makes it no identity
		assertTrue(Augmentation.none().isIdentity());
		for (final Augmentation one : List.of(Augmentation.none().rotationRange(1), Augmentation.none()
			.widthShiftRange(1), Augmentation.none().heightShiftRange(1), Augmentation.none()
				.shearRange(1), Augmentation.none().zoomRange(0.1), Augmentation.none().zoomRange(1, 2),
			Augmentation.none().zoomRange(0.5, 1), Augmentation.none().horizontalFlip(true), Augmentation
				.none().verticalFlip(true), Augmentation.none().brightnessRange(0.5, 1), Augmentation
					.none().brightnessRange(1, 2), Augmentation.none().noise(1)))
			assertFalse(one.isIdentity(), one.describe());
	}

	@Test
	void mapFormRoundTripsAndRefusesWrongTypes() {
		final Augmentation a = full();
		final Map<String, Object> m = a.toMap();
		assertEquals(12, m.size());
		assertEquals(List.of(0.8, 1.25), m.get("zoom_range"));
		assertEquals("constant", m.get("fill_mode"));
		final Augmentation b = Augmentation.fromMap(m);
		assertEquals(a.describe(), b.describe());
		assertEquals(m, b.toMap());
		assertEquals(Augmentation.none().describe(), Augmentation.fromMap(Map.of()).describe());
		final Map<String, Object> noFlips = new HashMap<>(m);
		noFlips.put("horizontal_flip", false);
		noFlips.put("vertical_flip", false);
		final Augmentation c = Augmentation.fromMap(noFlips);
		assertFalse(c.horizontalFlip() || c.verticalFlip());
		final String[] keys = { "rotation_range", "horizontal_flip", "zoom_range", "zoom_range",
			"zoom_range", "brightness_range", "noise" };
		final Object[] bad = { "15", "yes", List.of(1), List.of("a", 1), List.of(1, "b"), 0.5, true };
		for (int i = 0; i < keys.length; i++) {
			final Map<String, Object> w = new HashMap<>(m);
			w.put(keys[i], bad[i]);
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> Augmentation.fromMap(w), keys[i] + " = " + bad[i]);
			assertTrue(e.getMessage().startsWith(keys[i]), e.getMessage());
		}
	}

	@Test
	void rangesAreRefusedAtTheirEdges() {
		final Augmentation n = Augmentation.none();
		// shifts, shear and noise: >= 0 and finite; shear below 90
		for (final double v : new double[] { -1e-9, Double.NaN, Double.POSITIVE_INFINITY }) {
			assertThrows(IllegalArgumentException.class, () -> n.widthShiftRange(v));
			assertThrows(IllegalArgumentException.class, () -> n.heightShiftRange(v));
			assertThrows(IllegalArgumentException.class, () -> n.shearRange(v));
			assertThrows(IllegalArgumentException.class, () -> n.noise(v));
		}
		assertEquals(0, n.noise(0).noise());
		assertEquals(89.9, n.shearRange(89.9).shearRange());
		assertThrows(IllegalArgumentException.class, () -> n.shearRange(90));
		// zoom: a fraction 0 <= z < 1, or 0 < min <= max finite
		assertArrayEquals(new double[] { 1, 1 }, n.zoomRange(0).zoomRange());
		assertThrows(IllegalArgumentException.class, () -> n.zoomRange(1));
		assertThrows(IllegalArgumentException.class, () -> n.zoomRange(-0.1));
		assertArrayEquals(new double[] { 2, 2 }, n.zoomRange(2, 2).zoomRange());
		assertThrows(IllegalArgumentException.class, () -> n.zoomRange(0, 1));
		assertThrows(IllegalArgumentException.class, () -> n.zoomRange(1.1, 1));
		assertThrows(IllegalArgumentException.class, () -> n.zoomRange(1, Double.POSITIVE_INFINITY));
		// brightness: 0 <= min <= max finite
		assertArrayEquals(new double[] { 0, 0 }, n.brightnessRange(0, 0).brightnessRange());
		assertThrows(IllegalArgumentException.class, () -> n.brightnessRange(-0.1, 1));
		assertThrows(IllegalArgumentException.class, () -> n.brightnessRange(1.1, 1));
		assertThrows(IllegalArgumentException.class, () -> n.brightnessRange(1,
			Double.POSITIVE_INFINITY));
		assertThrows(IllegalArgumentException.class, () -> n.fillMode((Boundary) null));
		assertThrows(IllegalArgumentException.class, () -> n.interpolation((Interpolation) null));
		// numbers in messages: whole numbers below 10^15 without a decimal point
		assertEquals("999999999999999", Augmentation.number(999999999999999.0));
		assertEquals("1.0E15", Augmentation.number(1e15));
		assertEquals("-3", Augmentation.number(-3));
		assertEquals("0.25", Augmentation.number(0.25));
	}

	@Test
	void textForms() {
		final Augmentation n = Augmentation.none();
		assertArrayEquals(new double[] { 0.8, 1.2 }, n.zoomRange(" 0.2 ").zoomRange(), 1e-15);
		assertArrayEquals(new double[] { 0.8, 1.5 }, n.zoomRange("0.8; 1.5").zoomRange());
		for (final String bad : new String[] { null, " ", "0.1,0.2,0.3", "abc", "0.5,x" }) {
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> n
				.zoomRange(bad), String.valueOf(bad));
			assertTrue(e.getMessage().startsWith("zoom_range: "), e.getMessage());
		}
		assertArrayEquals(new double[] { 1, 1 }, n.brightnessRange(0.5, 2).brightnessRange((String) null)
			.brightnessRange());
		assertArrayEquals(new double[] { 1, 1 }, n.brightnessRange(" ").brightnessRange());
		assertArrayEquals(new double[] { 0.5, 1.5 }, n.brightnessRange("0.5 1.5").brightnessRange());
		assertThrows(IllegalArgumentException.class, () -> n.brightnessRange("0.5"));
		assertEquals(Boundary.REFLECT, n.fillMode("Reflect").fillMode());
		assertEquals(Interpolation.BICUBIC, n.interpolation("bicubic").interpolation());
		assertThrows(IllegalArgumentException.class, () -> n.fillMode("periodic"));
		assertThrows(IllegalArgumentException.class, () -> n.interpolation("lanczos"));
	}

	@Test
	void shiftsOfWholeAndFractionalPixelRanges() {
		// a whole number of pixels, 1: shifts are -1, 0 or 1, each drawn
		final Augmentation one = Augmentation.none().widthShiftRange(1);
		final int[] seen = new int[3];
		for (long key = 0; key < 300; key++) {
			final double s = one.sample(key, 100, 50).shiftX();
			assertTrue(s == -1 || s == 0 || s == 1, "shift " + s);
			seen[(int) s + 1]++;
		}
		assertTrue(seen[0] > 50 && seen[1] > 50 && seen[2] > 50, java.util.Arrays.toString(seen));
		// 2.5 pixels: uniform in [-2.5, 2.5], not only whole pixels
		final Augmentation frac = Augmentation.none().heightShiftRange(2.5);
		double min = 0, max = 0;
		int whole = 0;
		for (long key = 0; key < 300; key++) {
			final double s = frac.sample(key, 100, 50).shiftY();
			assertTrue(s >= -2.5 && s <= 2.5, "shift " + s);
			min = Math.min(min, s);
			max = Math.max(max, s);
			if (s == Math.rint(s)) whole++;
		}
		assertTrue(min < -2 && max > 2 && whole < 10, min + " " + max + " " + whole);
		// a fraction of the size: 0.1 of 50 rows is up to 5 pixels
		final Augmentation part = Augmentation.none().heightShiftRange(0.1);
		double top = 0;
		for (long key = 0; key < 300; key++)
			top = Math.max(top, Math.abs(part.sample(key, 100, 50).shiftY()));
		assertTrue(top > 4.5 && top <= 5, "largest shift " + top);
	}
}
