package io.github.convnetij.compute;

import java.util.Locale;

/**
 * How values outside an image are defined. Names and behaviour follow scipy.ndimage:
 * <table>
 * <caption>boundary modes</caption>
 * <tr><th>ours</th><th>scipy.ndimage</th><th>OpenCV</th><th>ImgLib2 view</th><th>example, row a b c d</th></tr>
 * <tr><td>ZERO / CONSTANT</td><td>constant</td><td>BORDER_CONSTANT</td><td>extendValue</td><td>v v | a b c d | v v</td></tr>
 * <tr><td>NEAREST</td><td>nearest</td><td>BORDER_REPLICATE</td><td>extendBorder</td><td>a a | a b c d | d d</td></tr>
 * <tr><td>REFLECT</td><td>reflect</td><td>BORDER_REFLECT</td><td>extendMirrorDouble</td><td>b a | a b c d | d c</td></tr>
 * <tr><td>MIRROR</td><td>mirror</td><td>BORDER_REFLECT_101</td><td>extendMirrorSingle</td><td>c b | a b c d | c b</td></tr>
 * <tr><td>WRAP</td><td>wrap</td><td>BORDER_WRAP</td><td>extendPeriodic</td><td>c d | a b c d | a b</td></tr>
 * </table>
 * Indices any distance outside the image are defined (the patterns repeat), so kernels larger than
 * the image are fine.
 */
public enum Boundary {
	ZERO, CONSTANT, NEAREST, REFLECT, MIRROR, WRAP;

	/** The lower-case name used in macros and on the command line. */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Parses a user-facing name (case-insensitive).
	 *
	 * @throws IllegalArgumentException naming the value and the accepted names
	 */
	public static Boundary parse(final String s) {
		if (s != null) {
			for (final Boundary b : values())
				if (b.key().equalsIgnoreCase(s.trim())) return b;
		}
		throw new IllegalArgumentException("unknown boundary '" + s +
			"': expected one of zero, constant, nearest, reflect, mirror, wrap");
	}

	/**
	 * Maps index {@code i} of an axis of length {@code n} (n >= 1) into {@code [0, n)}, or returns -1
	 * where the value is the constant (ZERO, CONSTANT).
	 */
	public int map(final long i, final int n) {
		if (i >= 0 && i < n) return (int) i;
		switch (this) {
			case ZERO:
			case CONSTANT:
				return -1;
			case NEAREST:
				return i < 0 ? 0 : n - 1;
			case WRAP:
				return (int) Math.floorMod(i, (long) n);
			case REFLECT: {
				final long p = Math.floorMod(i, 2L * n);
				return (int) (p < n ? p : 2L * n - 1 - p);
			}
			case MIRROR: {
				if (n == 1) return 0;
				final long period = 2L * n - 2;
				final long p = Math.floorMod(i, period);
				return (int) (p < n ? p : period - p);
			}
			default:
				throw new AssertionError(this);
		}
	}
}
