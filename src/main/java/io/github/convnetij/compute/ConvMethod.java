package io.github.convnetij.compute;

import java.util.Locale;

/**
 * How a single-channel convolution is computed. Every method gives the same result up to float
 * rounding ({@link #FFT} within {@code 1e-4 * sum|kernel| * max|image|}), for every boundary mode
 * and output size; each is bitwise reproducible for any thread count.
 * <ul>
 * <li>{@link #DIRECT}: a sum over all taps per output pixel.</li>
 * <li>{@link #SEPARABLE}: one 1-d pass per axis; for rank-1 kernels (box, Gaussian, Sobel...).
 * Asking for it with a kernel that is not rank-1 is an error.</li>
 * <li>{@link #FFT}: tiled FFT convolution (overlap-save), for large kernels.</li>
 * <li>{@link #AUTO}: the fastest of the above by a cost model calibrated once by measurement; it
 * looks at sizes and at whether the kernel is rank-1, never at timings or the thread count, so a
 * given problem always runs the same method.</li>
 * </ul>
 * <pre>{@code
 * ConvMethod m = ConvMethod.parse("fft");
 * }</pre>
 */
public enum ConvMethod {
	AUTO, DIRECT, SEPARABLE, FFT;

	/** The lower-case name used in macros and on the command line. */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Parses {@code auto}, {@code direct}, {@code separable} or {@code fft} (case-insensitive).
	 *
	 * @throws IllegalArgumentException naming the value and the accepted names
	 */
	public static ConvMethod parse(final String s) {
		if (s != null) {
			for (final ConvMethod m : values())
				if (m.key().equalsIgnoreCase(s.trim())) return m;
		}
		throw new IllegalArgumentException("unknown convolution method '" + s +
			"': expected one of auto, direct, separable, fft");
	}
}
