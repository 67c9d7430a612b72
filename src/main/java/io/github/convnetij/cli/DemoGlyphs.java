package io.github.convnetij.cli;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import ij.process.ColorProcessor;

/**
 * A built-in 5 x 7 pixel font (capitals, digits, some punctuation) for the demo montage's labels
 * when the JVM cannot render system fonts, as on a minimal headless machine without fontconfig or
 * font files ("Fontconfig head is null", "No fonts found"). Lower case is drawn as capitals;
 * characters without a glyph as {@code ?}.
 * <pre>{@code
 * DemoGlyphs.draw(cp, "sobel-x (3x3)", 10, 20, 2, 0xffffff);   // 12 px per character
 * }</pre>
 */
final class DemoGlyphs {

	/** Glyph cell width and height in font pixels (5 x 7 glyph plus one pixel of spacing). */
	static final int ADVANCE = 6, HEIGHT = 7;

	/** Rows of 5 bits per character, top row first, most significant bit leftmost. */
	private static final Map<Character, int[]> GLYPHS = glyphs();

	private DemoGlyphs() {}

	/** Width in image pixels of {@code text} drawn at {@code scale}. */
	static int width(final String text, final int scale) {
		return text.isEmpty() ? 0 : (text.length() * ADVANCE - 1) * scale;
	}

	/**
	 * Draws {@code text} with its top-left corner at ({@code x}, {@code top}), each font pixel a
	 * {@code scale} x {@code scale} square of colour {@code rgb}; pixels outside the image are
	 * skipped.
	 */
	static void draw(final ColorProcessor cp, final String text, final int x, final int top,
		final int scale, final int rgb)
	{
		final String upper = text.toUpperCase(Locale.ROOT);
		for (int i = 0; i < upper.length(); i++) {
			final int[] rows = GLYPHS.getOrDefault(upper.charAt(i), GLYPHS.get('?'));
			final int x0 = x + i * ADVANCE * scale;
			for (int r = 0; r < HEIGHT; r++)
				for (int c = 0; c < 5; c++)
					if ((rows[r] >> (4 - c) & 1) != 0) fill(cp, x0 + c * scale, top + r * scale, scale,
						rgb);
		}
	}

	private static void fill(final ColorProcessor cp, final int x, final int y, final int scale,
		final int rgb)
	{
		for (int dy = 0; dy < scale; dy++)
			for (int dx = 0; dx < scale; dx++) {
				final int px = x + dx, py = y + dy;
				if (px >= 0 && py >= 0 && px < cp.getWidth() && py < cp.getHeight()) cp.set(px, py, rgb);
			}
	}

	private static Map<Character, int[]> glyphs() {
		final Map<Character, int[]> m = new HashMap<>();
		add(m, 'A', ".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#");
		add(m, 'B', "####.", "#...#", "#...#", "####.", "#...#", "#...#", "####.");
		add(m, 'C', ".###.", "#...#", "#....", "#....", "#....", "#...#", ".###.");
		add(m, 'D', "####.", "#...#", "#...#", "#...#", "#...#", "#...#", "####.");
		add(m, 'E', "#####", "#....", "#....", "####.", "#....", "#....", "#####");
		add(m, 'F', "#####", "#....", "#....", "####.", "#....", "#....", "#....");
		add(m, 'G', ".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".####");
		add(m, 'H', "#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#");
		add(m, 'I', ".###.", "..#..", "..#..", "..#..", "..#..", "..#..", ".###.");
		add(m, 'J', "..###", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##..");
		add(m, 'K', "#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#");
		add(m, 'L', "#....", "#....", "#....", "#....", "#....", "#....", "#####");
		add(m, 'M', "#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#");
		add(m, 'N', "#...#", "#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#");
		add(m, 'O', ".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###.");
		add(m, 'P', "####.", "#...#", "#...#", "####.", "#....", "#....", "#....");
		add(m, 'Q', ".###.", "#...#", "#...#", "#...#", "#.#.#", "#..#.", ".##.#");
		add(m, 'R', "####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#");
		add(m, 'S', ".####", "#....", "#....", ".###.", "....#", "....#", "####.");
		add(m, 'T', "#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#..");
		add(m, 'U', "#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###.");
		add(m, 'V', "#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#..");
		add(m, 'W', "#...#", "#...#", "#...#", "#.#.#", "#.#.#", "#.#.#", ".#.#.");
		add(m, 'X', "#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#");
		add(m, 'Y', "#...#", "#...#", ".#.#.", "..#..", "..#..", "..#..", "..#..");
		add(m, 'Z', "#####", "....#", "...#.", "..#..", ".#...", "#....", "#####");
		add(m, '0', ".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###.");
		add(m, '1', "..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###.");
		add(m, '2', ".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####");
		add(m, '3', "#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###.");
		add(m, '4', "...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#.");
		add(m, '5', "#####", "#....", "####.", "....#", "....#", "#...#", ".###.");
		add(m, '6', "..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###.");
		add(m, '7', "#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#...");
		add(m, '8', ".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###.");
		add(m, '9', ".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##..");
		add(m, ' ', ".....", ".....", ".....", ".....", ".....", ".....", ".....");
		add(m, '(', "...#.", "..#..", ".#...", ".#...", ".#...", "..#..", "...#.");
		add(m, ')', ".#...", "..#..", "...#.", "...#.", "...#.", "..#..", ".#...");
		add(m, '-', ".....", ".....", ".....", "#####", ".....", ".....", ".....");
		add(m, '+', ".....", "..#..", "..#..", "#####", "..#..", "..#..", ".....");
		add(m, '=', ".....", ".....", "#####", ".....", "#####", ".....", ".....");
		add(m, '.', ".....", ".....", ".....", ".....", ".....", ".##..", ".##..");
		add(m, ',', ".....", ".....", ".....", ".....", ".##..", "..#..", ".#...");
		add(m, ':', ".....", ".##..", ".##..", ".....", ".##..", ".##..", ".....");
		add(m, ';', ".....", ".##..", ".##..", ".....", ".##..", "..#..", ".#...");
		add(m, '/', ".....", "....#", "...#.", "..#..", ".#...", "#....", ".....");
		add(m, '%', "##...", "##..#", "...#.", "..#..", ".#...", "#..##", "...##");
		add(m, '\'', "..#..", "..#..", ".#...", ".....", ".....", ".....", ".....");
		add(m, '_', ".....", ".....", ".....", ".....", ".....", ".....", "#####");
		add(m, '[', ".###.", ".#...", ".#...", ".#...", ".#...", ".#...", ".###.");
		add(m, ']', ".###.", "...#.", "...#.", "...#.", "...#.", "...#.", ".###.");
		add(m, '?', ".###.", "#...#", "....#", "...#.", "..#..", ".....", "..#..");
		return Map.copyOf(m);
	}

	private static void add(final Map<Character, int[]> m, final char c, final String... rows) {
		if (rows.length != HEIGHT) throw new AssertionError("glyph " + c);
		final int[] bits = new int[HEIGHT];
		for (int r = 0; r < HEIGHT; r++) {
			if (rows[r].length() != 5) throw new AssertionError("glyph " + c + " row " + r);
			for (int i = 0; i < 5; i++)
				bits[r] = bits[r] << 1 | (rows[r].charAt(i) == '#' ? 1 : 0);
		}
		m.put(c, bits);
	}
}
