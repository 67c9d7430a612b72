package io.github.convnetij.compute;

import java.util.Locale;

/**
 * How {@link Warps} reads an image between pixel centres (pixel {@code i} is centred on coordinate
 * {@code i}):
 * <ul>
 * <li>{@code NEAREST}: the value of the nearest pixel, {@code floor(x + 0.5)} (ties go up);</li>
 * <li>{@code BILINEAR}: linear in X and Y between the 2x2 surrounding pixels (exact for linear
 * ramps; scipy's {@code order=1}, Keras' default);</li>
 * <li>{@code BICUBIC}: the cubic convolution of Keys with {@code a = -0.5} (Catmull-Rom) over the 4x4
 * surrounding pixels, as ImageJ's and OpenCV's bicubic (OpenCV uses {@code a = -0.75}); it passes
 * through the pixel values and reproduces linear and quadratic ramps exactly.</li>
 * </ul>
 */
public enum Interpolation {
	NEAREST, BILINEAR, BICUBIC;

	/** The lower-case name used in macros and on the command line. */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Parses a user-facing name (case-insensitive).
	 *
	 * @throws IllegalArgumentException naming the value and the accepted names
	 */
	public static Interpolation parse(final String s) {
		if (s != null) {
			for (final Interpolation i : values())
				if (i.key().equalsIgnoreCase(s.trim())) return i;
		}
		throw new IllegalArgumentException("unknown interpolation '" + s +
			"': expected one of nearest, bilinear, bicubic");
	}
}
