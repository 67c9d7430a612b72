package io.github.convnetij.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Named kernels and the text kernel parser (DESIGN.md §3). All weights are correlation weights,
 * rows top to bottom.
 * <pre>{@code
 * Kernel s = Kernels.get("sobel-x");          // [-1 0 1; -2 0 2; -1 0 1]
 * Kernel g = Kernels.get("gaussian(1.5)");    // sampled, radius int(4*1.5+0.5) = 6, sum 1
 * Kernel b = Kernels.get("box(5)");           // ones(5,5)/25
 * Kernel t = Kernels.get("1 2 1; 0 0 0; -1 -2 -1");   // text: not a name, so parsed as a matrix
 * }</pre>
 * <p>
 * Names are case-insensitive; parameters go in parentheses ({@code box(5)}, {@code gaussian(1.5)};
 * {@code box} alone is {@code box(3)}, {@code gaussian} needs its sigma):
 * <ul>
 * <li>{@code identity}: 3x3 with 1 in the centre (3x3 rather than 1x1, as ImageJ users expect);</li>
 * <li>{@code box(n)}: ones(n, n) / n², n a positive integer up to {@value #MAX_BOX}, default 3;</li>
 * <li>{@code laplacian} and {@code highpass}: [0 -1 0; -1 4 -1; 0 -1 0];</li>
 * <li>{@code laplacian8}: [-1 -1 -1; -1 8 -1; -1 -1 -1];</li>
 * <li>{@code sharpen}: [0 -1 0; -1 5 -1; 0 -1 0];</li>
 * <li>{@code sobel-x}: [-1 0 1; -2 0 2; -1 0 1], {@code sobel-y}: [-1 -2 -1; 0 0 0; 1 2 1];</li>
 * <li>{@code prewitt-x}: [-1 0 1; -1 0 1; -1 0 1], {@code prewitt-y}: [-1 -1 -1; 0 0 0; 1 1 1];</li>
 * <li>{@code emboss}: [-2 -1 0; -1 1 1; 0 1 2];</li>
 * <li>{@code gaussian5}: [1 4 6 4 1]ᵀ[1 4 6 4 1] / 256;</li>
 * <li>{@code gaussian(sigma)}: the 2D kernel of {@code scipy.ndimage.gaussian_filter}: the outer
 * product of two 1D kernels exp(-x²/(2 sigma²)), x = -r..r, each normalised to sum 1, radius
 * r = int(4 sigma + 0.5) (at most {@value #MAX_RADIUS}), computed in double, stored as float.</li>
 * </ul>
 */
public final class Kernels {

	/** Largest {@code n} of {@code box(n)}. */
	static final int MAX_BOX = 1001;

	/** Largest radius of {@code gaussian(sigma)}. */
	static final int MAX_RADIUS = 1000;

	private static final List<String> NAMES = List.of("identity", "box(n)", "laplacian", "highpass",
		"laplacian8", "sharpen", "sobel-x", "sobel-y", "prewitt-x", "prewitt-y", "emboss", "gaussian5",
		"gaussian(sigma)");

	/** A name, optionally followed by parameters in parentheses. */
	private static final Pattern NAME_FORM = Pattern.compile(
		"([A-Za-z][A-Za-z0-9_-]*)\\s*(?:\\((.*)\\))?", Pattern.DOTALL);

	/** A decimal number as Java and Python write it: 1, -0.5, .5, 5., 1e-3, +2E4. */
	private static final Pattern NUMBER = Pattern.compile(
		"[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");

	/** Text that names a non-finite value. */
	private static final Pattern NON_FINITE = Pattern.compile(
		"[+-]?(?:nan|inf|infinity)", Pattern.CASE_INSENSITIVE);

	private static final Pattern ROW_SEPARATOR = Pattern.compile("\\r\\n|[\\r\\n;]");

	private static final Pattern VALUE_SEPARATOR = Pattern.compile("[\\s,]+");

	/** Text without values: separators only. */
	private static final Pattern BLANK = Pattern.compile("[\\s,;]*");

	private Kernels() {}

	/**
	 * A named kernel (with optional parameters in parentheses) or, if {@code spec} is not a name, a
	 * kernel parsed from matrix text.
	 *
	 * @throws IllegalArgumentException naming the bad value and what is accepted
	 */
	public static Kernel get(final String spec) {
		if (spec == null || spec.isBlank()) throw new IllegalArgumentException(
			"no kernel given: expected a kernel name (" + String.join(", ", NAMES) + ") or a matrix " +
				"such as '1 2 1; 0 0 0; -1 -2 -1'");
		final String s = spec.trim();
		final Matcher m = NAME_FORM.matcher(s);
		if (m.matches() && isName(m.group(1))) return named(s);
		try {
			return parse(s);
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException("'" + s + "' is neither a kernel name (" + String.join(
				", ", NAMES) + ") nor a matrix: " + e.getMessage(), e);
		}
	}

	/** A named kernel such as {@code sobel-x} or {@code gaussian(2)}. */
	public static Kernel named(final String spec) {
		final String s = spec == null ? "" : spec.trim();
		final Matcher m = NAME_FORM.matcher(s);
		if (!m.matches() || !isName(m.group(1))) throw new IllegalArgumentException("unknown kernel '" +
			spec + "': expected one of " + String.join(", ", NAMES));
		final String name = m.group(1).toLowerCase(Locale.ROOT);
		final String param = m.group(2) == null ? null : m.group(2).trim();
		switch (name) {
			case "box":
				return box(param == null || param.isEmpty() ? 3 : boxSize(param, s));
			case "gaussian":
				if (param == null || param.isEmpty()) throw new IllegalArgumentException("'" + s +
					"': gaussian needs a sigma in pixels, e.g. gaussian(1.5)");
				return gaussian(sigma(param, s));
			default:
				if (param != null) throw new IllegalArgumentException("'" + s + "': the kernel " + name +
					" takes no parameters; only box(n) and gaussian(sigma) do");
				return fixed(name);
		}
	}

	/** Parses matrix text: rows by newline or ';', values by spaces, commas or tabs, planes by '|'. */
	public static Kernel parse(final String text) {
		if (text == null) throw new IllegalArgumentException("empty kernel: no values");
		final List<String> planeTexts = new ArrayList<>();
		for (final String planeText : text.split("\\|", -1))
			if (!BLANK.matcher(planeText).matches()) planeTexts.add(planeText);
		if (planeTexts.isEmpty()) throw new IllegalArgumentException("empty kernel: no values in '" +
			text.strip() + "'");
		final boolean is3d = planeTexts.size() > 1;
		final List<List<float[]>> planes = new ArrayList<>();
		for (final String planeText : planeTexts) {
			final List<float[]> rows = new ArrayList<>();
			for (final String rowText : ROW_SEPARATOR.split(planeText, -1))
				if (!BLANK.matcher(rowText).matches()) rows.add(parseRow(rowText.strip(), is3d, planes
					.size() + 1, rows.size() + 1));
			planes.add(rows);
		}
		final int w = planes.get(0).get(0).length, h = planes.get(0).size();
		for (int p = 0; p < planes.size(); p++) {
			final List<float[]> rows = planes.get(p);
			for (int y = 0; y < rows.size(); y++)
				if (rows.get(y).length != w) throw new IllegalArgumentException("ragged kernel: " + where(
					is3d, p + 1, y + 1) + " has " + count(rows.get(y).length) + ", " + where(is3d, 1, 1) +
					" has " + w + "; all rows must have the same length");
			if (rows.size() != h) throw new IllegalArgumentException("kernel planes differ in size: " +
				"plane " + (p + 1) + " is " + w + "x" + rows.size() + ", plane 1 is " + w + "x" + h +
				"; all planes must have the same size");
		}
		final float[] weights = new float[w * h * planes.size()];
		int i = 0;
		for (final List<float[]> rows : planes)
			for (final float[] row : rows) {
				System.arraycopy(row, 0, weights, i, w);
				i += w;
			}
		if (is3d) return Kernel.of(weights, w, h, planes.size());
		if (h > 1) return Kernel.of(weights, w, h);
		return Kernel.of(weights, w);
	}

	/** The kernel names, with their parameter syntax, e.g. {@code box(n)}, in display order. */
	public static List<String> names() {
		return NAMES;
	}

	/** ones(n, n) / n². */
	static Kernel box(final int n) {
		final float[] w = new float[n * n];
		Arrays.fill(w, (float) (1.0 / ((double) n * n)));
		return Kernel.of(w, n, n);
	}

	/**
	 * The 2D Gaussian of scipy.ndimage.gaussian_filter: outer product of the normalised 1D kernel
	 * exp(-x²/(2 sigma²)), x = -r..r, r = int(4 sigma + 0.5).
	 */
	static Kernel gaussian(final double sigma) {
		final int r = (int) (4 * sigma + 0.5);
		final int n = 2 * r + 1;
		final double[] g = new double[n];
		double sum = 0;
		for (int x = -r; x <= r; x++) {
			g[x + r] = Math.exp(-0.5 / (sigma * sigma) * x * x);
			sum += g[x + r];
		}
		for (int i = 0; i < n; i++)
			g[i] /= sum;
		final float[] w = new float[n * n];
		for (int y = 0; y < n; y++)
			for (int x = 0; x < n; x++)
				w[y * n + x] = (float) (g[y] * g[x]);
		return Kernel.of(w, n, n);
	}

	private static boolean isName(final String name) {
		switch (name.toLowerCase(Locale.ROOT)) {
			case "identity":
			case "box":
			case "laplacian":
			case "highpass":
			case "laplacian8":
			case "sharpen":
			case "sobel-x":
			case "sobel-y":
			case "prewitt-x":
			case "prewitt-y":
			case "emboss":
			case "gaussian5":
			case "gaussian":
				return true;
			default:
				return false;
		}
	}

	private static Kernel fixed(final String name) {
		switch (name) {
			case "identity":
				return k3(0, 0, 0, 0, 1, 0, 0, 0, 0);
			case "laplacian":
			case "highpass":
				return k3(0, -1, 0, -1, 4, -1, 0, -1, 0);
			case "laplacian8":
				return k3(-1, -1, -1, -1, 8, -1, -1, -1, -1);
			case "sharpen":
				return k3(0, -1, 0, -1, 5, -1, 0, -1, 0);
			case "sobel-x":
				return k3(-1, 0, 1, -2, 0, 2, -1, 0, 1);
			case "sobel-y":
				return k3(-1, -2, -1, 0, 0, 0, 1, 2, 1);
			case "prewitt-x":
				return k3(-1, 0, 1, -1, 0, 1, -1, 0, 1);
			case "prewitt-y":
				return k3(-1, -1, -1, 0, 0, 0, 1, 1, 1);
			case "emboss":
				return k3(-2, -1, 0, -1, 1, 1, 0, 1, 2);
			case "gaussian5": {
				final int[] b = { 1, 4, 6, 4, 1 };
				final float[] w = new float[25];
				for (int y = 0; y < 5; y++)
					for (int x = 0; x < 5; x++)
						w[y * 5 + x] = b[y] * b[x] / 256f;
				return Kernel.of(w, 5, 5);
			}
			default:
				throw new IllegalStateException("no weights for kernel " + name);
		}
	}

	private static Kernel k3(final float... w) {
		return Kernel.of(w, 3, 3);
	}

	private static int boxSize(final String param, final String spec) {
		final String accepted = "box(n): n must be a positive integer from 1 to " + MAX_BOX +
			", e.g. box(5)";
		if (!NUMBER.matcher(param).matches()) throw new IllegalArgumentException("'" + spec +
			"': bad size '" + param + "'; " + accepted);
		final double n = Double.parseDouble(param);
		if (n != Math.rint(n) || n < 1) throw new IllegalArgumentException("'" + spec +
			"': bad size " + param + "; " + accepted);
		if (n > MAX_BOX) throw new IllegalArgumentException("'" + spec + "': size " + param +
			" is too large; " + accepted);
		return (int) n;
	}

	private static double sigma(final String param, final String spec) {
		// int(4 sigma + 0.5) <= MAX_RADIUS  <=>  sigma < (MAX_RADIUS + 0.5) / 4
		final double limit = (MAX_RADIUS + 0.5) / 4;
		final String accepted = "gaussian(sigma): sigma must be a number > 0 and below " + limit +
			" pixels (radius int(4 sigma + 0.5) at most " + MAX_RADIUS + "), e.g. gaussian(1.5)";
		if (!NUMBER.matcher(param).matches()) throw new IllegalArgumentException("'" + spec +
			"': bad sigma '" + param + "'; " + accepted);
		final double sigma = Double.parseDouble(param);
		if (!(sigma > 0)) throw new IllegalArgumentException("'" + spec + "': bad sigma " + param +
			"; " + accepted);
		if ((int) Math.min(4 * sigma + 0.5, Integer.MAX_VALUE) > MAX_RADIUS)
			throw new IllegalArgumentException("'" + spec + "': sigma " + param + " is too large; " +
				accepted);
		return sigma;
	}

	private static float[] parseRow(final String row, final boolean is3d, final int plane,
		final int y)
	{
		final String[] tokens = VALUE_SEPARATOR.split(row);
		final List<String> values = new ArrayList<>(tokens.length);
		for (final String t : tokens)
			if (!t.isEmpty()) values.add(t);
		final float[] out = new float[values.size()];
		for (int x = 0; x < out.length; x++) {
			final String t = values.get(x);
			final String at = "at " + where(is3d, plane, y) + ", column " + (x + 1);
			if (NON_FINITE.matcher(t).matches()) throw new IllegalArgumentException("value '" + t +
				"' " + at + " is not finite: kernel weights must be finite numbers");
			if (!NUMBER.matcher(t).matches()) throw new IllegalArgumentException("non-numeric value '" +
				t + "' " + at + ": expected numbers such as 1, -0.5, .5 or 1e-3, separated by spaces, " +
				"commas or tabs; rows by newlines or ';'; planes by '|'");
			final float v = Float.parseFloat(t);
			if (!Float.isFinite(v)) throw new IllegalArgumentException("value '" + t + "' " + at +
				" is out of the 32-bit float range (magnitude below about 3.4e38)");
			out[x] = v;
		}
		return out;
	}

	/** "1 value", "3 values". */
	private static String count(final int n) {
		return n + (n == 1 ? " value" : " values");
	}

	/** "row y" or, in a 3D kernel, "row y of plane p" (1-based). */
	private static String where(final boolean is3d, final int plane, final int y) {
		return "row " + y + (is3d ? " of plane " + plane : "");
	}
}
