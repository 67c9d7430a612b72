package io.github.convnetij.ops.augment;

import java.util.Locale;

/**
 * One sampled augmentation of one image: a geometric transform about the image centre and an
 * intensity change. Immutable; {@link Augmentation#sample} draws them, and the {@code with...}
 * methods build explicit ones:
 * <pre>{@code
 * Transform t = Transform.identity().withRotation(90).withShift(2, -1);
 * t.label();   // "rot=90.0 shift=(2,-1)"
 * }</pre>
 * On the image as displayed (X right, Y down), the content is, in this order, flipped
 * ({@code flipH}: left-right, {@code flipV}: top-bottom), scaled by {@code 1/zoomX} and
 * {@code 1/zoomY} (as in Keras a zoom factor below 1 enlarges: it is the sampling step),
 * sheared by {@code shear} degrees (Keras' shear matrix), rotated by {@code rotation} degrees
 * clockwise (ImageJ's convention; Keras' {@code theta} too), all about the centre
 * {@code ((w-1)/2, (h-1)/2)}, and finally moved by {@code (shiftX, shiftY)} pixels (positive: right,
 * down). Then the values are multiplied by {@code brightness} and Gaussian noise of standard
 * deviation {@code noise} is added, drawn from {@code noiseKey}.
 * <p>
 * {@link #inverseMap} gives the map from output pixels to input positions that
 * {@link io.github.convnetij.compute.Warps} samples through:
 * {@code p_in = c + F Z S R^-1 (p_out - c - shift)} with the flips {@code F = diag(fx, fy)}, the
 * zoom {@code Z = diag(zoomX, zoomY)}, Keras' inverse shear {@code S = [[cos s, 0], [-sin s, 1]]}
 * (Keras' {@code [[1, -sin s], [0, cos s]]} written for X, Y instead of row, column) and the inverse
 * clockwise rotation {@code R^-1 = [[cos r, sin r], [-sin r, cos r]]}. Angles that are multiples of
 * 90 degrees use exact sines and cosines, so such rotations move pixels exactly.
 */
public final class Transform {

	private static final Transform IDENTITY = new Transform(0, 0, 0, 0, 1, 1, false, false, 1, 0, 0);

	private final double rotation, shiftX, shiftY, shear, zoomX, zoomY;
	private final boolean flipH, flipV;
	private final double brightness, noise;
	private final long noiseKey;

	private Transform(final double rotation, final double shiftX, final double shiftY,
		final double shear, final double zoomX, final double zoomY, final boolean flipH,
		final boolean flipV, final double brightness, final double noise, final long noiseKey)
	{
		this.rotation = rotation;
		this.shiftX = shiftX;
		this.shiftY = shiftY;
		this.shear = shear;
		this.zoomX = zoomX;
		this.zoomY = zoomY;
		this.flipH = flipH;
		this.flipV = flipV;
		this.brightness = brightness;
		this.noise = noise;
		this.noiseKey = noiseKey;
	}

	/** The transform that changes nothing. */
	public static Transform identity() {
		return IDENTITY;
	}

	/**
	 * The transform with every part given; see the class description.
	 *
	 * @throws IllegalArgumentException for non-finite values, zoom factors that are not positive, a
	 *           shear whose cosine is not positive (|shear| &gt;= 90 degrees, modulo 360), a
	 *           negative noise or a non-finite brightness
	 */
	public static Transform of(final double rotation, final double shiftX, final double shiftY,
		final double shear, final double zoomX, final double zoomY, final boolean flipH,
		final boolean flipV, final double brightness, final double noise, final long noiseKey)
	{
		check("rotation", rotation);
		check("shift x", shiftX);
		check("shift y", shiftY);
		check("shear", shear);
		check("brightness", brightness);
		if (!(zoomX > 0 && zoomY > 0) || Double.isInfinite(zoomX) || Double.isInfinite(zoomY))
			throw new IllegalArgumentException("zoom factors must be finite and > 0, got (" + zoomX +
				", " + zoomY + ")");
		if (!(cosDeg(shear) > 0)) throw new IllegalArgumentException("shear of " + shear +
			" degrees is degenerate: expected an angle between -90 and 90 degrees");
		if (!(noise >= 0) || Double.isInfinite(noise)) throw new IllegalArgumentException(
			"noise must be finite and >= 0, got " + noise);
		return new Transform(rotation, shiftX, shiftY, shear, zoomX, zoomY, flipH, flipV, brightness,
			noise, noiseKey);
	}

	private static void check(final String what, final double v) {
		if (!Double.isFinite(v)) throw new IllegalArgumentException(what + " must be finite, got " + v);
	}

	/** This transform with the rotation replaced: degrees, positive clockwise. */
	public Transform withRotation(final double degrees) {
		return of(degrees, shiftX, shiftY, shear, zoomX, zoomY, flipH, flipV, brightness, noise,
			noiseKey);
	}

	/** This transform with the shift replaced: pixels, positive right and down. */
	public Transform withShift(final double x, final double y) {
		return of(rotation, x, y, shear, zoomX, zoomY, flipH, flipV, brightness, noise, noiseKey);
	}

	/** This transform with the shear replaced: degrees, in (-90, 90). */
	public Transform withShear(final double degrees) {
		return of(rotation, shiftX, shiftY, degrees, zoomX, zoomY, flipH, flipV, brightness, noise,
			noiseKey);
	}

	/** This transform with the zoom factors replaced (sampling steps: below 1 enlarges). */
	public Transform withZoom(final double x, final double y) {
		return of(rotation, shiftX, shiftY, shear, x, y, flipH, flipV, brightness, noise, noiseKey);
	}

	/** This transform with the flips replaced. */
	public Transform withFlips(final boolean horizontal, final boolean vertical) {
		return of(rotation, shiftX, shiftY, shear, zoomX, zoomY, horizontal, vertical, brightness,
			noise, noiseKey);
	}

	/** This transform with the intensity change replaced: a factor and Gaussian noise. */
	public Transform withIntensity(final double brightnessFactor, final double noiseSigma,
		final long key)
	{
		return of(rotation, shiftX, shiftY, shear, zoomX, zoomY, flipH, flipV, brightnessFactor,
			noiseSigma, key);
	}

	public double rotation() {
		return rotation;
	}

	public double shiftX() {
		return shiftX;
	}

	public double shiftY() {
		return shiftY;
	}

	public double shear() {
		return shear;
	}

	public double zoomX() {
		return zoomX;
	}

	public double zoomY() {
		return zoomY;
	}

	public boolean flipH() {
		return flipH;
	}

	public boolean flipV() {
		return flipV;
	}

	public double brightness() {
		return brightness;
	}

	/** Standard deviation of the additive Gaussian noise (0: none). */
	public double noise() {
		return noise;
	}

	/** The key from which the noise is drawn (see {@link Seeds}). */
	public long noiseKey() {
		return noiseKey;
	}

	/** True if the geometric part moves no pixel. */
	public boolean isGeometricIdentity() {
		return rotation == 0 && shiftX == 0 && shiftY == 0 && shear == 0 && zoomX == 1 && zoomY == 1 &&
			!flipH && !flipV;
	}

	/** True if the intensity part changes no value. */
	public boolean isIntensityIdentity() {
		return brightness == 1 && noise == 0;
	}

	/**
	 * The map {@code {a, b, c, d, e, f}} from an output pixel {@code (x, y)} to the input position
	 * {@code (a x + b y + c, d x + e y + f)} it reads, for an image of {@code width} x {@code height}
	 * (output the same size), as {@link io.github.convnetij.compute.Warps} takes it.
	 */
	public double[] inverseMap(final int width, final int height) {
		final double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0;
		final double cr = cosDeg(rotation), sr = sinDeg(rotation);
		final double cs = cosDeg(shear), ss = sinDeg(shear);
		final double fx = flipH ? -zoomX : zoomX, fy = flipV ? -zoomY : zoomY;
		// F Z S R^-1, S = [[cs, 0], [-ss, 1]], R^-1 = [[cr, sr], [-sr, cr]]
		final double a = fx * (cs * cr), b = fx * (cs * sr);
		final double d = fy * (-ss * cr - sr), e = fy * (-ss * sr + cr);
		final double px = cx + shiftX, py = cy + shiftY;
		return new double[] { a, b, cx - (a * px + b * py), d, e, cy - (d * px + e * py) };
	}

	/** Sine of an angle in degrees, exact at multiples of 90. */
	static double sinDeg(final double deg) {
		final double r = Math.IEEEremainder(deg, 360);
		if (r == 0) return 0;
		if (r == 90) return 1;
		if (r == -90) return -1;
		if (r == 180 || r == -180) return 0;
		return StrictMath.sin(Math.toRadians(r));
	}

	/** Cosine of an angle in degrees, exact at multiples of 90. */
	static double cosDeg(final double deg) {
		final double r = Math.IEEEremainder(deg, 360);
		if (r == 0) return 1;
		if (r == 90 || r == -90) return 0;
		if (r == 180 || r == -180) return -1;
		return StrictMath.cos(Math.toRadians(r));
	}

	/**
	 * The parts that change something, as ImageJ slice labels show them, e.g.
	 * {@code rot=12.4 shift=(3,-1) shear=4.0 zoom=(0.93,1.05) flipH brightness=1.12}; rotation and
	 * shear in degrees (clockwise positive), shift in pixels, zoom as sampling factors.
	 * {@code identity} when nothing changes. Noise is not shown (its sigma is the same for all
	 * replicates).
	 */
	public String label() {
		final StringBuilder sb = new StringBuilder();
		if (rotation != 0) sb.append(" rot=").append(fixed(rotation, 1));
		if (shiftX != 0 || shiftY != 0) sb.append(" shift=(").append(pixels(shiftX)).append(',')
			.append(pixels(shiftY)).append(')');
		if (shear != 0) sb.append(" shear=").append(fixed(shear, 1));
		if (zoomX != 1 || zoomY != 1) sb.append(" zoom=(").append(fixed(zoomX, 2)).append(',').append(
			fixed(zoomY, 2)).append(')');
		if (flipH) sb.append(" flipH");
		if (flipV) sb.append(" flipV");
		if (brightness != 1) sb.append(" brightness=").append(fixed(brightness, 2));
		return sb.length() == 0 ? "identity" : sb.substring(1);
	}

	private static String fixed(final double v, final int decimals) {
		final String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
		return s.matches("-0\\.0*") ? s.substring(1) : s;
	}

	private static String pixels(final double v) {
		if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
		return fixed(v, 1);
	}

	@Override
	public String toString() {
		return "Transform[" + label() + (noise > 0 ? " noise=" + noise : "") + "]";
	}
}
