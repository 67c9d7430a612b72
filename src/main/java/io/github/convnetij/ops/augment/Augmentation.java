package io.github.convnetij.ops.augment;

import java.util.Locale;

import io.github.convnetij.compute.Boundary;
import io.github.convnetij.compute.Interpolation;

/**
 * The ranges from which augmentations are drawn, with the names and meanings of Keras'
 * {@code ImageDataGenerator}; immutable, each {@code with}-style setter returns a new instance:
 * <pre>{@code
 * Augmentation a = Augmentation.none().rotationRange(20).widthShiftRange(0.1).heightShiftRange(0.1)
 *     .shearRange(5).zoomRange(0.1).horizontalFlip(true).fillMode(Boundary.REFLECT);
 * Transform t = a.sample(Seeds.derive(seed, replicate), width, height);
 * }</pre>
 * <ul>
 * <li>{@code rotation_range} r (degrees): rotation uniform in [-r, r], positive clockwise;</li>
 * <li>{@code width_shift_range}, {@code height_shift_range} s: below 1 a fraction of the width
 * (height), the shift uniform in [-s, s] times the size; from 1 on pixels: a whole number gives a
 * whole number of pixels uniform in [-s, s], another number a shift uniform in [-s, s];</li>
 * <li>{@code shear_range} s (degrees, below 90): shear uniform in [-s, s];</li>
 * <li>{@code zoom_range}: z (in [0, 1)) means [1-z, 1+z], or a pair min, max (0 &lt; min &lt;= max);
 * the X and Y factors are drawn independently, uniform in that range; below 1 enlarges;</li>
 * <li>{@code horizontal_flip}, {@code vertical_flip}: each applied with probability 1/2;</li>
 * <li>{@code fill_mode} (a {@link Boundary}: Keras' constant, nearest, reflect, wrap, and also
 * zero and mirror) with {@code cval} for constant; {@code interpolation};</li>
 * <li>{@code brightness_range} min, max (0 &lt;= min &lt;= max): the values are multiplied by a
 * factor uniform in it; {@code noise} sigma: Gaussian noise added after that.</li>
 * </ul>
 * Defaults (as {@link #none()}): no change, fill mode nearest, cval 0, bilinear interpolation
 * (Keras' defaults).
 * <p>
 * {@link #sample} always draws the same number of values in the same order, so enabling one option
 * does not change the values drawn for the others. Errors name the Keras key, the value and what is
 * accepted.
 */
public final class Augmentation {

	private static final Augmentation NONE = new Augmentation(0, 0, 0, 0, 1, 1, false, false,
		Boundary.NEAREST, 0, Interpolation.BILINEAR, 1, 1, 0);

	private final double rotationRange, widthShiftRange, heightShiftRange, shearRange;
	private final double zoomMin, zoomMax;
	private final boolean horizontalFlip, verticalFlip;
	private final Boundary fillMode;
	private final double cval;
	private final Interpolation interpolation;
	private final double brightnessMin, brightnessMax;
	private final double noise;

	private Augmentation(final double rotationRange, final double widthShiftRange,
		final double heightShiftRange, final double shearRange, final double zoomMin,
		final double zoomMax, final boolean horizontalFlip, final boolean verticalFlip,
		final Boundary fillMode, final double cval, final Interpolation interpolation,
		final double brightnessMin, final double brightnessMax, final double noise)
	{
		this.rotationRange = rotationRange;
		this.widthShiftRange = widthShiftRange;
		this.heightShiftRange = heightShiftRange;
		this.shearRange = shearRange;
		this.zoomMin = zoomMin;
		this.zoomMax = zoomMax;
		this.horizontalFlip = horizontalFlip;
		this.verticalFlip = verticalFlip;
		this.fillMode = fillMode;
		this.cval = cval;
		this.interpolation = interpolation;
		this.brightnessMin = brightnessMin;
		this.brightnessMax = brightnessMax;
		this.noise = noise;
	}

	/** No augmentation: every option off, the defaults described above. */
	public static Augmentation none() {
		return NONE;
	}

	/**
	 * Rotation uniform in [-degrees, degrees], positive clockwise.
	 *
	 * @throws IllegalArgumentException for a negative or non-finite value
	 */
	public Augmentation rotationRange(final double degrees) {
		nonNegative("rotation_range", degrees, "a number of degrees >= 0, such as 20");
		return new Augmentation(degrees, widthShiftRange, heightShiftRange, shearRange, zoomMin,
			zoomMax, horizontalFlip, verticalFlip, fillMode, cval, interpolation, brightnessMin,
			brightnessMax, noise);
	}

	/**
	 * Horizontal shift: a fraction of the width below 1, pixels from 1 on.
	 *
	 * @throws IllegalArgumentException for a negative or non-finite value
	 */
	public Augmentation widthShiftRange(final double range) {
		nonNegative("width_shift_range", range, SHIFT_ACCEPTED);
		return new Augmentation(rotationRange, range, heightShiftRange, shearRange, zoomMin, zoomMax,
			horizontalFlip, verticalFlip, fillMode, cval, interpolation, brightnessMin, brightnessMax,
			noise);
	}

	/**
	 * Vertical shift: a fraction of the height below 1, pixels from 1 on.
	 *
	 * @throws IllegalArgumentException for a negative or non-finite value
	 */
	public Augmentation heightShiftRange(final double range) {
		nonNegative("height_shift_range", range, SHIFT_ACCEPTED);
		return new Augmentation(rotationRange, widthShiftRange, range, shearRange, zoomMin, zoomMax,
			horizontalFlip, verticalFlip, fillMode, cval, interpolation, brightnessMin, brightnessMax,
			noise);
	}

	private static final String SHIFT_ACCEPTED =
		"a number >= 0: below 1 a fraction of the image size (0.1), from 1 on pixels (3)";

	/**
	 * Shear uniform in [-degrees, degrees].
	 *
	 * @throws IllegalArgumentException for a value that is negative, not finite, or 90 or more
	 */
	public Augmentation shearRange(final double degrees) {
		final String accepted = "a number of degrees >= 0 and below 90, such as 10";
		nonNegative("shear_range", degrees, accepted);
		if (degrees >= 90) throw new IllegalArgumentException("shear_range: " + number(degrees) +
			" is too large (a shear of 90 degrees flattens the image): expected " + accepted);
		return new Augmentation(rotationRange, widthShiftRange, heightShiftRange, degrees, zoomMin,
			zoomMax, horizontalFlip, verticalFlip, fillMode, cval, interpolation, brightnessMin,
			brightnessMax, noise);
	}

	/**
	 * Zoom factors in [1 - z, 1 + z].
	 *
	 * @throws IllegalArgumentException unless 0 &lt;= z &lt; 1
	 */
	public Augmentation zoomRange(final double z) {
		if (!(z >= 0 && z < 1)) throw new IllegalArgumentException("zoom_range: " + number(z) +
			(z >= 1 ? " is not a fraction below 1" : " is not allowed") + ": " + ZOOM_ACCEPTED);
		return zoomRange(1 - z, 1 + z);
	}

	/**
	 * Zoom factors in [min, max] (sampling steps: below 1 enlarges).
	 *
	 * @throws IllegalArgumentException unless 0 &lt; min &lt;= max, both finite
	 */
	public Augmentation zoomRange(final double min, final double max) {
		if (!(min > 0 && min <= max) || Double.isInfinite(max)) throw new IllegalArgumentException(
			"zoom_range: [" + number(min) + ", " + number(max) + "] is not allowed: " + ZOOM_ACCEPTED);
		return new Augmentation(rotationRange, widthShiftRange, heightShiftRange, shearRange, min, max,
			horizontalFlip, verticalFlip, fillMode, cval, interpolation, brightnessMin, brightnessMax,
			noise);
	}

	private static final String ZOOM_ACCEPTED =
		"expected z with 0 <= z < 1 (factors in [1-z, 1+z], e.g. 0.2) or a pair min,max with " +
			"0 < min <= max (e.g. 0.8,1.2)";

	/** Flips left-right with probability 1/2 when true. */
	public Augmentation horizontalFlip(final boolean flip) {
		return new Augmentation(rotationRange, widthShiftRange, heightShiftRange, shearRange, zoomMin,
			zoomMax, flip, verticalFlip, fillMode, cval, interpolation, brightnessMin, brightnessMax,
			noise);
	}

	/** Flips top-bottom with probability 1/2 when true. */
	public Augmentation verticalFlip(final boolean flip) {
		return new Augmentation(rotationRange, widthShiftRange, heightShiftRange, shearRange, zoomMin,
			zoomMax, horizontalFlip, flip, fillMode, cval, interpolation, brightnessMin, brightnessMax,
			noise);
	}

	/** How points outside the input are filled; {@code cval} is used with {@code CONSTANT}. */
	public Augmentation fillMode(final Boundary mode) {
		if (mode == null) throw new IllegalArgumentException("fill_mode: no value given: expected " +
			"one of constant, nearest, reflect, wrap, zero, mirror");
		return new Augmentation(rotationRange, widthShiftRange, heightShiftRange, shearRange, zoomMin,
			zoomMax, horizontalFlip, verticalFlip, mode, cval, interpolation, brightnessMin,
			brightnessMax, noise);
	}

	/** The value outside the image for fill mode {@code CONSTANT} (any number, NaN too). */
	public Augmentation cval(final double value) {
		return new Augmentation(rotationRange, widthShiftRange, heightShiftRange, shearRange, zoomMin,
			zoomMax, horizontalFlip, verticalFlip, fillMode, value, interpolation, brightnessMin,
			brightnessMax, noise);
	}

	/** How values between pixel centres are read. */
	public Augmentation interpolation(final Interpolation mode) {
		if (mode == null) throw new IllegalArgumentException("interpolation: no value given: " +
			"expected one of nearest, bilinear, bicubic");
		return new Augmentation(rotationRange, widthShiftRange, heightShiftRange, shearRange, zoomMin,
			zoomMax, horizontalFlip, verticalFlip, fillMode, cval, mode, brightnessMin, brightnessMax,
			noise);
	}

	/**
	 * Multiplies the values by a factor uniform in [min, max]; {@code (1, 1)} turns it off.
	 *
	 * @throws IllegalArgumentException unless 0 &lt;= min &lt;= max, both finite
	 */
	public Augmentation brightnessRange(final double min, final double max) {
		if (!(min >= 0 && min <= max) || Double.isInfinite(max)) throw new IllegalArgumentException(
			"brightness_range: [" + number(min) + ", " + number(max) + "] is not allowed: expected a " +
				"pair min,max of factors with 0 <= min <= max, such as 0.8,1.2");
		return new Augmentation(rotationRange, widthShiftRange, heightShiftRange, shearRange, zoomMin,
			zoomMax, horizontalFlip, verticalFlip, fillMode, cval, interpolation, min, max, noise);
	}

	/**
	 * Adds Gaussian noise of standard deviation {@code sigma} (in the image's units) to every value.
	 *
	 * @throws IllegalArgumentException for a negative or non-finite sigma
	 */
	public Augmentation noise(final double sigma) {
		nonNegative("noise", sigma, "a standard deviation >= 0 in the image's units, such as 5");
		return new Augmentation(rotationRange, widthShiftRange, heightShiftRange, shearRange, zoomMin,
			zoomMax, horizontalFlip, verticalFlip, fillMode, cval, interpolation, brightnessMin,
			brightnessMax, sigma);
	}

	public double rotationRange() {
		return rotationRange;
	}

	public double widthShiftRange() {
		return widthShiftRange;
	}

	public double heightShiftRange() {
		return heightShiftRange;
	}

	public double shearRange() {
		return shearRange;
	}

	/** {min, max} of the zoom factors. */
	public double[] zoomRange() {
		return new double[] { zoomMin, zoomMax };
	}

	public boolean horizontalFlip() {
		return horizontalFlip;
	}

	public boolean verticalFlip() {
		return verticalFlip;
	}

	public Boundary fillMode() {
		return fillMode;
	}

	public double cval() {
		return cval;
	}

	public Interpolation interpolation() {
		return interpolation;
	}

	/** {min, max} of the brightness factor. */
	public double[] brightnessRange() {
		return new double[] { brightnessMin, brightnessMax };
	}

	public double noise() {
		return noise;
	}

	/**
	 * Draws one transform for an image of {@code width} x {@code height} pixels from the generator
	 * keyed by {@code key} (use {@link Seeds#derive} of a seed and the replicate's index). The same
	 * key and options always give the same transform.
	 */
	public Transform sample(final long key, final int width, final int height) {
		final SplitMix64 r = new SplitMix64(key);
		// always draw every value in this order, so options do not affect each other's values
		final double uRot = r.nextDouble(), uSx = r.nextDouble(), uSy = r.nextDouble();
		final double uShear = r.nextDouble(), uZx = r.nextDouble(), uZy = r.nextDouble();
		final double uFh = r.nextDouble(), uFv = r.nextDouble(), uB = r.nextDouble();
		final long noiseKey = r.nextLong();
		final double rot = rotationRange == 0 ? 0 : (2 * uRot - 1) * rotationRange;
		final double sx = shift(widthShiftRange, width, uSx), sy = shift(heightShiftRange, height, uSy);
		final double sh = shearRange == 0 ? 0 : (2 * uShear - 1) * shearRange;
		final double zx = zoomMin == zoomMax ? zoomMin : zoomMin + uZx * (zoomMax - zoomMin);
		final double zy = zoomMin == zoomMax ? zoomMin : zoomMin + uZy * (zoomMax - zoomMin);
		final double b = brightnessMin == brightnessMax ? brightnessMin : brightnessMin + uB *
			(brightnessMax - brightnessMin);
		return Transform.of(rot, sx, sy, sh, zx, zy, horizontalFlip && uFh < 0.5, verticalFlip &&
			uFv < 0.5, b, noise, noiseKey);
	}

	private static double shift(final double range, final int size, final double u) {
		if (range == 0) return 0;
		if (range < 1) return (2 * u - 1) * range * size;
		if (range == Math.rint(range) && range < 1 << 30) {
			final long n = (long) range;
			return Math.min(n, (long) Math.floor(u * (2 * n + 1)) - n);
		}
		return (2 * u - 1) * range;
	}

	/** True if {@link #sample} always gives transforms that change nothing. */
	public boolean isIdentity() {
		return rotationRange == 0 && widthShiftRange == 0 && heightShiftRange == 0 && shearRange == 0 &&
			zoomMin == 1 && zoomMax == 1 && !horizontalFlip && !verticalFlip && brightnessMin == 1 &&
			brightnessMax == 1 && noise == 0;
	}

	// ---- parsing the text forms of the command and the CLI ----------------------------------

	/**
	 * Parses {@code zoom_range} text: {@code z} ([1-z, 1+z]) or {@code min,max} (also separated by
	 * spaces); see {@link #zoomRange(double)}.
	 *
	 * @throws IllegalArgumentException naming the key, the value and what is accepted
	 */
	public Augmentation zoomRange(final String text) {
		final double[] v = numbers("zoom_range", text, ZOOM_ACCEPTED);
		return v.length == 1 ? zoomRange(v[0]) : zoomRange(v[0], v[1]);
	}

	/**
	 * Parses {@code brightness_range} text: empty (off) or {@code min,max}; see
	 * {@link #brightnessRange(double, double)}.
	 *
	 * @throws IllegalArgumentException naming the key, the value and what is accepted
	 */
	public Augmentation brightnessRange(final String text) {
		final String accepted = "expected nothing (off) or a pair min,max of factors with " +
			"0 <= min <= max, such as 0.8,1.2";
		if (text == null || text.isBlank()) return brightnessRange(1, 1);
		final double[] v = numbers("brightness_range", text, accepted);
		if (v.length != 2) throw new IllegalArgumentException("brightness_range: '" + text.trim() +
			"' is one number: " + accepted);
		return brightnessRange(v[0], v[1]);
	}

	private static double[] numbers(final String key, final String text, final String accepted) {
		final String s = text == null ? "" : text.trim();
		if (s.isEmpty()) throw new IllegalArgumentException(key + ": no value given: " + accepted);
		final String[] parts = s.split("[\\s,;]+");
		if (parts.length > 2) throw new IllegalArgumentException(key + ": '" + s + "' has " +
			parts.length + " numbers: " + accepted);
		final double[] v = new double[parts.length];
		for (int i = 0; i < parts.length; i++) {
			try {
				v[i] = Double.parseDouble(parts[i]);
			}
			catch (final NumberFormatException e) {
				throw new IllegalArgumentException(key + ": '" + parts[i] + "' in '" + s +
					"' is not a number: " + accepted, e);
			}
		}
		return v;
	}

	/**
	 * Parses a {@code fill_mode} name (case-insensitive): constant, nearest, reflect, wrap, zero or
	 * mirror.
	 *
	 * @throws IllegalArgumentException naming the value and the accepted names
	 */
	public Augmentation fillMode(final String name) {
		final Boundary b;
		try {
			b = Boundary.parse(name);
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException("fill_mode: unknown value '" + name +
				"': expected one of constant, nearest, reflect, wrap, zero, mirror", e);
		}
		return fillMode(b);
	}

	/**
	 * Parses an {@code interpolation} name (case-insensitive): nearest, bilinear or bicubic.
	 *
	 * @throws IllegalArgumentException naming the value and the accepted names
	 */
	public Augmentation interpolation(final String name) {
		final Interpolation i;
		try {
			i = Interpolation.parse(name);
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException("interpolation: unknown value '" + name +
				"': expected one of nearest, bilinear, bicubic", e);
		}
		return interpolation(i);
	}

	private static void nonNegative(final String key, final double v, final String accepted) {
		if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException(key + ": " + number(
			v) + (v < 0 ? " is negative" : " is not allowed") + ": expected " + accepted);
	}

	/** A number as users typed it: {@code 20} rather than {@code 20.0}. */
	static String number(final double v) {
		if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
		return Double.toString(v);
	}

	/**
	 * The options as macro keys, for provenance lines: only those that differ from
	 * {@link #none()}, e.g. {@code rotation_range=20 zoom_range=0.8,1.2 fill_mode=reflect}.
	 */
	public String describe() {
		final StringBuilder sb = new StringBuilder();
		if (rotationRange != 0) sb.append(" rotation_range=").append(number(rotationRange));
		if (widthShiftRange != 0) sb.append(" width_shift_range=").append(number(widthShiftRange));
		if (heightShiftRange != 0) sb.append(" height_shift_range=").append(number(heightShiftRange));
		if (shearRange != 0) sb.append(" shear_range=").append(number(shearRange));
		if (zoomMin != 1 || zoomMax != 1) sb.append(" zoom_range=").append(number(zoomMin)).append(',')
			.append(number(zoomMax));
		if (horizontalFlip) sb.append(" horizontal_flip=true");
		if (verticalFlip) sb.append(" vertical_flip=true");
		sb.append(" fill_mode=").append(fillMode.key());
		if (fillMode == Boundary.CONSTANT) sb.append(" cval=").append(number(cval));
		sb.append(" interpolation=").append(interpolation.key());
		if (brightnessMin != 1 || brightnessMax != 1) sb.append(" brightness_range=").append(number(
			brightnessMin)).append(',').append(number(brightnessMax));
		if (noise != 0) sb.append(" noise=").append(number(noise));
		return sb.substring(1);
	}

	/**
	 * Every option under its Keras key, for a model's {@code convnet.augmentation} metadata:
	 * numbers as {@code Double}, flips as {@code Boolean}, ranges as two-element lists, modes as
	 * their names. {@link #fromMap} reads it back.
	 */
	public java.util.Map<String, Object> toMap() {
		final java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
		m.put("rotation_range", rotationRange);
		m.put("width_shift_range", widthShiftRange);
		m.put("height_shift_range", heightShiftRange);
		m.put("shear_range", shearRange);
		m.put("zoom_range", java.util.List.of(zoomMin, zoomMax));
		m.put("horizontal_flip", horizontalFlip);
		m.put("vertical_flip", verticalFlip);
		m.put("brightness_range", java.util.List.of(brightnessMin, brightnessMax));
		m.put("noise", noise);
		m.put("fill_mode", fillMode.key());
		m.put("cval", cval);
		m.put("interpolation", interpolation.key());
		return m;
	}

	/**
	 * The augmentation of {@link #toMap()}'s form; missing keys keep {@link #none()}'s values.
	 *
	 * @throws IllegalArgumentException for a value of the wrong type or out of range, naming the
	 *           key
	 */
	public static Augmentation fromMap(final java.util.Map<String, ?> m) {
		Augmentation a = none();
		try {
			if (m.get("rotation_range") != null) a = a.rotationRange(num(m, "rotation_range"));
			if (m.get("width_shift_range") != null) a = a.widthShiftRange(num(m, "width_shift_range"));
			if (m.get("height_shift_range") != null) a = a.heightShiftRange(num(m,
				"height_shift_range"));
			if (m.get("shear_range") != null) a = a.shearRange(num(m, "shear_range"));
			if (m.get("zoom_range") != null) {
				final double[] z = pair(m, "zoom_range");
				a = a.zoomRange(z[0], z[1]);
			}
			if (m.get("horizontal_flip") != null) a = a.horizontalFlip(bool(m, "horizontal_flip"));
			if (m.get("vertical_flip") != null) a = a.verticalFlip(bool(m, "vertical_flip"));
			if (m.get("brightness_range") != null) {
				final double[] b = pair(m, "brightness_range");
				a = a.brightnessRange(b[0], b[1]);
			}
			if (m.get("noise") != null) a = a.noise(num(m, "noise"));
			if (m.get("fill_mode") != null) a = a.fillMode(String.valueOf(m.get("fill_mode")));
			if (m.get("cval") != null) a = a.cval(num(m, "cval"));
			if (m.get("interpolation") != null) a = a.interpolation(String.valueOf(m.get(
				"interpolation")));
		}
		catch (final ClassCastException e) {
			throw new IllegalArgumentException("augmentation settings " + m + " hold a value of the " +
				"wrong type", e);
		}
		return a;
	}

	private static double num(final java.util.Map<String, ?> m, final String key) {
		if (!(m.get(key) instanceof Number n)) throw new IllegalArgumentException(key + ": '" + m.get(
			key) + "' is not a number");
		return n.doubleValue();
	}

	private static boolean bool(final java.util.Map<String, ?> m, final String key) {
		if (!(m.get(key) instanceof Boolean b)) throw new IllegalArgumentException(key + ": '" + m.get(
			key) + "' is not true or false");
		return b;
	}

	private static double[] pair(final java.util.Map<String, ?> m, final String key) {
		if (!(m.get(key) instanceof java.util.List<?> l) || l.size() != 2 || !(l.get(
			0) instanceof Number a) || !(l.get(1) instanceof Number b)) throw new IllegalArgumentException(
				key + ": '" + m.get(key) + "' is not a pair [min, max] of numbers");
		return new double[] { a.doubleValue(), b.doubleValue() };
	}

	@Override
	public String toString() {
		return "Augmentation[" + describe().toLowerCase(Locale.ROOT) + "]";
	}
}
