package io.github.convnetij.cli;

import java.awt.Font;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import ij.process.ColorProcessor;
import ij.process.FloatProcessor;

/**
 * Lays out the demo's images as a labelled montage: tiles left to right, top to bottom, each with
 * a two-line label above it (a title and a subtitle), and one footer line under the grid. Each
 * tile is scaled for display on its own, linearly from its {@value #LOW_PERCENTILE}th to its
 * {@value #HIGH_PERCENTILE}th percentile to black..white, so that a few extreme values do not turn
 * an edge filter's output into flat gray.
 * <p>
 * Labels are drawn with ImageJ's {@code ImageProcessor.drawString} and the system's sans-serif
 * font (works with {@code java.awt.headless=true}); if the JVM cannot render fonts at all, with
 * the built-in {@link DemoGlyphs} instead.
 * <pre>{@code
 * ColorProcessor cp = DemoMontage.render(List.of(new DemoMontage.Tile("original", "256x256", fp)),
 *     "footer", true);
 * }</pre>
 */
final class DemoMontage {

	/** Space between tiles and around the grid, in pixels. */
	static final int GAP = 8;

	/** Height of the two-line label above each tile. */
	static final int LABEL_HEIGHT = 40;

	/** Height of the footer line under the grid. */
	static final int FOOTER_HEIGHT = 24;

	/** Display scaling percentiles. */
	static final double LOW_PERCENTILE = 0.5, HIGH_PERCENTILE = 99.5;

	static final int BACKGROUND = 0x202020, TITLE = 0xffffff, SUBTITLE = 0xffd75e, FOOTER = 0xc8c8c8;

	/** One image of the montage with its label. */
	static final class Tile {

		final String title, subtitle;
		final FloatProcessor image;

		Tile(final String title, final String subtitle, final FloatProcessor image) {
			this.title = Objects.requireNonNull(title);
			this.subtitle = Objects.requireNonNull(subtitle);
			this.image = Objects.requireNonNull(image);
		}
	}

	private DemoMontage() {}

	/** Columns of the grid for {@code n} tiles: the smallest square that holds them. */
	static int columns(final int n) {
		return Math.max(1, (int) Math.ceil(Math.sqrt(n)));
	}

	/** Rows of the grid for {@code n} tiles. */
	static int rows(final int n) {
		return (n + columns(n) - 1) / columns(n);
	}

	/** Width of the montage of {@code n} tiles of width {@code tileWidth}. */
	static int width(final int n, final int tileWidth) {
		return columns(n) * (tileWidth + GAP) + GAP;
	}

	/** Height of the montage of {@code n} tiles of height {@code tileHeight}. */
	static int height(final int n, final int tileHeight) {
		return rows(n) * (LABEL_HEIGHT + tileHeight + GAP) + GAP + FOOTER_HEIGHT;
	}

	/**
	 * Renders the tiles (all of one size) as an RGB montage of {@link #width} x {@link #height}.
	 *
	 * @param systemFonts draw labels with the system font (falling back to {@link DemoGlyphs} if
	 *          fonts cannot be rendered); {@code false} always uses {@link DemoGlyphs}
	 * @throws IllegalArgumentException if there are no tiles or they differ in size
	 */
	static ColorProcessor render(final List<Tile> tiles, final String footer,
		final boolean systemFonts)
	{
		if (tiles.isEmpty()) throw new IllegalArgumentException("a montage needs at least one tile");
		final int tw = tiles.get(0).image.getWidth(), th = tiles.get(0).image.getHeight();
		for (final Tile t : tiles)
			if (t.image.getWidth() != tw || t.image.getHeight() != th) throw new IllegalArgumentException(
				"montage tiles must have one size: " + tw + "x" + th + " vs " + t.image.getWidth() + "x" +
					t.image.getHeight() + " (" + t.title + ")");
		final int n = tiles.size(), cols = columns(n);
		final ColorProcessor cp = new ColorProcessor(width(n, tw), height(n, th));
		final int[] px = (int[]) cp.getPixels();
		Arrays.fill(px, BACKGROUND);
		final Text text = systemFonts && Text.systemFontsWork() ? new SystemText() : new GlyphText();
		for (int i = 0; i < n; i++) {
			final Tile t = tiles.get(i);
			final int x0 = GAP + (i % cols) * (tw + GAP);
			final int y0 = GAP + (i / cols) * (LABEL_HEIGHT + th + GAP);
			text.title(cp, t.title, x0, y0, tw);
			text.subtitle(cp, t.subtitle, x0, y0 + LABEL_HEIGHT / 2, tw);
			paint(px, cp.getWidth(), displayBytes(t.image), tw, th, x0, y0 + LABEL_HEIGHT);
		}
		text.footer(cp, footer, GAP, cp.getHeight() - FOOTER_HEIGHT, cp.getWidth() - 2 * GAP);
		return cp;
	}

	private static void paint(final int[] dst, final int dstWidth, final byte[] gray, final int w,
		final int h, final int x0, final int y0)
	{
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				final int g = gray[y * w + x] & 0xff;
				dst[(y0 + y) * dstWidth + x0 + x] = g << 16 | g << 8 | g;
			}
	}

	/**
	 * The display range of {@code fp}: its {@value #LOW_PERCENTILE}th and {@value #HIGH_PERCENTILE}th
	 * percentiles of the finite values ({0, 0} if there are none).
	 */
	static double[] displayRange(final FloatProcessor fp) {
		final float[] v = ((float[]) fp.getPixels()).clone();
		int n = 0;
		for (final float f : v)
			if (Float.isFinite(f)) v[n++] = f;
		if (n == 0) return new double[] { 0, 0 };
		Arrays.sort(v, 0, n);
		final int lo = (int) Math.floor(LOW_PERCENTILE / 100 * (n - 1));
		final int hi = (int) Math.ceil(HIGH_PERCENTILE / 100 * (n - 1));
		return new double[] { v[lo], v[hi] };
	}

	/** {@code fp} scaled linearly from its {@link #displayRange} to 0-255, clipped; NaN as 0. */
	static byte[] displayBytes(final FloatProcessor fp) {
		final double[] range = displayRange(fp);
		final float[] v = (float[]) fp.getPixels();
		final double scale = range[1] > range[0] ? 255 / (range[1] - range[0]) : 0;
		final byte[] out = new byte[v.length];
		for (int i = 0; i < v.length; i++) {
			final double s = Float.isNaN(v[i]) ? 0 : (v[i] - range[0]) * scale;
			out[i] = (byte) Math.round(Math.max(0, Math.min(255, s)));
		}
		return out;
	}

	// ---- text --------------------------------------------------------------------------------

	/** How labels are drawn: through a system font or with the built-in glyphs. */
	private interface Text {

		void title(ColorProcessor cp, String s, int x, int top, int maxWidth);

		void subtitle(ColorProcessor cp, String s, int x, int top, int maxWidth);

		void footer(ColorProcessor cp, String s, int x, int top, int maxWidth);

		/**
		 * Whether the JVM can measure and draw text with a system font. On a machine without
		 * fontconfig or font files AWT throws errors such as {@code InternalError: Fontconfig head
		 * is null}, {@code Error: Probable fatal error: No fonts found} or an
		 * {@code UnsatisfiedLinkError} for libfontmanager.
		 */
		static boolean systemFontsWork() {
			try {
				final ColorProcessor probe = new ColorProcessor(40, 20);
				probe.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
				probe.setAntialiasedText(true);
				probe.setColor(java.awt.Color.white);
				probe.drawString("Ag", 2, 16);
				return probe.getStringWidth("Ag") > 0;
			}
			catch (final VirtualMachineError e) {
				throw e;
			}
			catch (final RuntimeException | Error e) {
				return false;
			}
		}
	}

	/** Labels in the system's sans-serif font, made smaller where a label is too wide. */
	private static final class SystemText implements Text {

		@Override
		public void title(final ColorProcessor cp, final String s, final int x, final int top,
			final int maxWidth)
		{
			draw(cp, s, x, top, maxWidth, Font.BOLD, 14, TITLE);
		}

		@Override
		public void subtitle(final ColorProcessor cp, final String s, final int x, final int top,
			final int maxWidth)
		{
			draw(cp, s, x, top, maxWidth, Font.PLAIN, 12, SUBTITLE);
		}

		@Override
		public void footer(final ColorProcessor cp, final String s, final int x, final int top,
			final int maxWidth)
		{
			draw(cp, s, x, top, maxWidth, Font.PLAIN, 12, FOOTER);
		}

		private static void draw(final ColorProcessor cp, final String s, final int x, final int top,
			final int maxWidth, final int style, final int size, final int rgb)
		{
			int pt = size;
			cp.setAntialiasedText(true);
			cp.setFont(new Font(Font.SANS_SERIF, style, pt));
			while (pt > 7 && cp.getStringWidth(s) > maxWidth)
				cp.setFont(new Font(Font.SANS_SERIF, style, --pt));
			cp.setColor(new java.awt.Color(rgb));
			// ImageJ's drawString(s, x, y) puts the text's bottom (descent included) at y
			cp.drawString(s, x, top + LABEL_HEIGHT / 2 - 2);
		}
	}

	/** Labels in the built-in 5 x 7 font: titles twice as large where they fit. */
	private static final class GlyphText implements Text {

		@Override
		public void title(final ColorProcessor cp, final String s, final int x, final int top,
			final int maxWidth)
		{
			final int scale = DemoGlyphs.width(s, 2) <= maxWidth ? 2 : 1;
			DemoGlyphs.draw(cp, s, x, top + 4 + (2 - scale) * 4, scale, TITLE);
		}

		@Override
		public void subtitle(final ColorProcessor cp, final String s, final int x, final int top,
			final int maxWidth)
		{
			DemoGlyphs.draw(cp, s, x, top + 7, 1, SUBTITLE);
		}

		@Override
		public void footer(final ColorProcessor cp, final String s, final int x, final int top,
			final int maxWidth)
		{
			DemoGlyphs.draw(cp, s, x, top + 8, 1, FOOTER);
		}
	}
}
