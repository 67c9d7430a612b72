package io.github.convnetij.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Locale;

import io.github.convnetij.compute.Tensor;

/**
 * Drawing helpers shared by the pictures: a white canvas with antialiased text in Java's logical
 * fonts (which exist on every JVM, headless included), gray and RGB images from tensors, and
 * short number formats.
 */
final class Draw {

	static final Color BACKGROUND = Color.WHITE, INK = new Color(0x202020), MUTED = new Color(
		0x606060), GRID = new Color(0xd8d8d8), ACCENT = new Color(0x1f77b4), ORANGE = new Color(0xff7f0e),
		GREEN = new Color(0x2ca02c), RED = new Color(0xd62728);

	static final String SANS = Font.SANS_SERIF, MONO = Font.MONOSPACED;

	/** Text sizes: titles, labels, small notes. */
	static final int TITLE = 18, LABEL = 13, SMALL = 11;

	private Draw() {}

	/** A new RGB image filled with the background, and its graphics with antialiasing on. */
	static BufferedImage canvas(final int width, final int height) {
		if (width < 1 || height < 1 || (long) width * height > 64L << 20) throw new IllegalArgumentException(
			"a picture of " + width + "x" + height + " pixels is empty or too large (at most 64 Mpixel)");
		final BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		final Graphics2D g = img.createGraphics();
		g.setColor(BACKGROUND);
		g.fillRect(0, 0, width, height);
		g.dispose();
		return img;
	}

	static Graphics2D graphics(final BufferedImage img) {
		final Graphics2D g = img.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
			RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS,
			RenderingHints.VALUE_FRACTIONALMETRICS_ON);
		g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
		g.setStroke(new BasicStroke(1f));
		return g;
	}

	static Font font(final String family, final int style, final int size) {
		return new Font(family, style, size);
	}

	/** Width of {@code s} in {@code font} (measured on a scratch image). */
	static int width(final Font font, final String s) {
		final BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
		final Graphics2D g = graphics(scratch);
		try {
			return (int) Math.ceil(g.getFontMetrics(font).getStringBounds(s, g).getWidth());
		}
		finally {
			g.dispose();
		}
	}

	/** Draws {@code s} with its top at {@code top} (not its baseline). */
	static void text(final Graphics2D g, final String s, final int x, final int top, final Font font,
		final Color color)
	{
		g.setFont(font);
		g.setColor(color);
		final FontMetrics fm = g.getFontMetrics();
		g.drawString(s, x, top + fm.getAscent());
	}

	/** Draws {@code s} centred on {@code cx}, top at {@code top}. */
	static void centred(final Graphics2D g, final String s, final int cx, final int top,
		final Font font, final Color color)
	{
		g.setFont(font);
		text(g, s, cx - (int) Math.round(g.getFontMetrics().getStringBounds(s, g).getWidth() / 2), top,
			font, color);
	}

	/**
	 * {@code s} shortened with an ellipsis so that it fits {@code maxWidth} pixels in {@code font}.
	 */
	static String fit(final String s, final Font font, final int maxWidth) {
		if (width(font, s) <= maxWidth) return s;
		String t = s;
		while (t.length() > 1 && width(font, t + "\u2026") > maxWidth)
			t = t.substring(0, t.length() - 1);
		return t + "\u2026";
	}

	/** Line height of {@code font}. */
	static int lineHeight(final Font font) {
		final BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
		final Graphics2D g = graphics(scratch);
		try {
			return g.getFontMetrics(font).getHeight();
		}
		finally {
			g.dispose();
		}
	}

	/** Finite minimum and maximum of {@code v[from, to)}; {0, 0} if none. */
	static double[] range(final float[] v, final int from, final int to) {
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (int i = from; i < to; i++)
			if (Float.isFinite(v[i])) {
				lo = Math.min(lo, v[i]);
				hi = Math.max(hi, v[i]);
			}
		return lo <= hi ? new double[] { lo, hi } : new double[] { 0, 0 };
	}

	/** {@code v} mapped linearly from [lo, hi] to 0..255, clamped and rounded; NaN as 0. */
	static int gray(final double v, final double lo, final double hi) {
		if (Double.isNaN(v)) return 0;
		if (!(hi > lo)) return v > hi ? 255 : v < lo ? 0 : 128;
		return (int) Math.round(Math.max(0, Math.min(255, (v - lo) * 255 / (hi - lo))));
	}

	/**
	 * An image of a {@code [C, H, W]} or {@code [H, W]} tensor (C = 1: gray, C = 3: RGB, other C:
	 * the first channel), values mapped from [lo, hi] to black..white, each pixel a
	 * {@code zoom} x {@code zoom} square.
	 */
	static BufferedImage image(final Tensor t, final double lo, final double hi, final int zoom) {
		final int[] s = t.shape();
		final int c = s.length == 3 ? s[0] : 1, h = s[s.length - 2], w = s[s.length - 1];
		final float[] v = t.data();
		final BufferedImage img = new BufferedImage(w * zoom, h * zoom, BufferedImage.TYPE_INT_RGB);
		final int plane = h * w;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				final int i = y * w + x, rgb;
				if (c == 3) rgb = gray(v[i], lo, hi) << 16 | gray(v[plane + i], lo, hi) << 8 | gray(
					v[2 * plane + i], lo, hi);
				else {
					final int g = gray(v[i], lo, hi);
					rgb = g << 16 | g << 8 | g;
				}
				for (int dy = 0; dy < zoom; dy++)
					for (int dx = 0; dx < zoom; dx++)
						img.setRGB(x * zoom + dx, y * zoom + dy, rgb);
			}
		return img;
	}

	/** The smallest integer zoom that makes {@code size} pixels at least {@code min} (at least 1). */
	static int zoomFor(final int size, final int min) {
		return Math.max(1, (min + size - 1) / Math.max(1, size));
	}

	/** A shape as {@code 64x16x16}. */
	static String shape(final int[] s) {
		final StringBuilder sb = new StringBuilder();
		for (int i = 0; i < s.length; i++)
			sb.append(i == 0 ? "" : "x").append(s[i]);
		return sb.toString();
	}

	/** Up to 3 significant digits, plain where short: {@code 0.0312}, {@code 1.5}, {@code -2.4e-05}. */
	static String num(final double v) {
		if (v == 0) return "0";
		if (v == Math.rint(v) && Math.abs(v) < 1e6) return Long.toString((long) v);
		final double a = Math.abs(v);
		if (a >= 1e-3 && a < 1e6) {
			String s = String.format(Locale.ROOT, "%.3g", v);
			if (s.contains(".") && !s.contains("e")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
			return s;
		}
		return String.format(Locale.ROOT, "%.2e", v);
	}
}
