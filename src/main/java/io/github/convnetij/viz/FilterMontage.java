package io.github.convnetij.viz;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.convnetij.compute.Tensor;

/**
 * The learned kernels of a 2D convolution layer ({@code weight} of shape {@code [O, I, kH, kW]})
 * as a montage. {@link Mode#RGB} (the default for I = 3): one colour tile per output channel, its
 * three input channels as red, green and blue; {@link Mode#MEAN} (the default otherwise): one gray
 * tile per output channel, the mean over the input channels; {@link Mode#ROWS}: one row per output
 * channel with a gray tile per input channel. Values map linearly from {@code -m} (black) through 0
 * (mid-gray) to {@code +m} (white): with {@link Scale#SHARED} m is the largest |weight| of the
 * whole montage, with {@link Scale#PER_TILE} that of each tile, printed under it. The scale is
 * stated on the picture and in the figure's {@value #SCALE_KEY} text.
 * <pre>{@code
 * FilterMontage.Result r = FilterMontage.draw("conv1", weight, FilterMontage.Mode.AUTO, FilterMontage.Scale.SHARED);
 * Png.write(r.figure(), Path.of("filters.png"));
 * }</pre>
 */
public final class FilterMontage {

	/** How input channels are shown. */
	public enum Mode {
		/** RGB for three input channels, else MEAN. */
		AUTO, RGB, MEAN, ROWS
	}

	/** One scale for every tile, or one per tile. */
	public enum Scale {
		SHARED, PER_TILE
	}

	/** The text key of the scale statement. */
	public static final String SCALE_KEY = "Scale";

	/** Rows and columns shown at most in {@link Mode#ROWS}. */
	public static final int MAX_ROWS = 64, MAX_COLUMNS = 32;

	private static final int MARGIN = 14, GAP = 8;

	/**
	 * The drawn montage and where its tiles lie: tile {@code t} (output channel {@code t} in RGB
	 * and MEAN modes; output channel {@code t / columns}, input channel {@code t % columns} in ROWS
	 * mode) has its top-left pixel at ({@code x[t]}, {@code y[t]}), each weight a {@code zoom} x
	 * {@code zoom} square, scaled from {@code -range[t]} to {@code +range[t]}.
	 */
	public record Result(Figure figure, Mode mode, int zoom, int columns, int[] x, int[] y,
		double[] range)
	{}

	private FilterMontage() {}

	/**
	 * @throws IllegalArgumentException if the weight is not {@code [O, I, kH, kW]} or RGB is asked
	 *           for a layer without three input channels
	 */
	public static Result draw(final String layer, final Tensor weight, final Mode mode,
		final Scale scale)
	{
		final int[] s = weight.shape();
		if (s.length != 4) throw new IllegalArgumentException("layer '" + layer + "' has weights " +
			Arrays.toString(s) + ": filter montages need a 2D convolution's [out, in, kH, kW]");
		final int o = s[0], in = s[1], kh = s[2], kw = s[3];
		final Mode m = mode == Mode.AUTO ? in == 3 ? Mode.RGB : Mode.MEAN : mode;
		if (m == Mode.RGB && in != 3) throw new IllegalArgumentException("layer '" + layer + "' has " +
			in + " input channels: RGB filters need 3 (use mean or rows)");
		final float[] w = weight.data();
		final int plane = kh * kw;
		// the tiles' values: [tile][channel][kh*kw]
		final int rows = m == Mode.ROWS ? Math.min(o, MAX_ROWS) : 0;
		final int cols = m == Mode.ROWS ? Math.min(in, MAX_COLUMNS) : Math.min(o, Math.max(1,
			(int) Math.ceil(Math.sqrt(o * 1.5))));
		final int tiles = m == Mode.ROWS ? rows * cols : o;
		final int channels = m == Mode.RGB ? 3 : 1;
		final float[][] values = new float[tiles][channels * plane];
		for (int t = 0; t < tiles; t++) {
			if (m == Mode.ROWS) {
				final int oc = t / cols, ic = t % cols;
				System.arraycopy(w, (oc * in + ic) * plane, values[t], 0, plane);
			}
			else if (m == Mode.RGB) System.arraycopy(w, t * in * plane, values[t], 0, 3 * plane);
			else {
				for (int ic = 0; ic < in; ic++)
					for (int k = 0; k < plane; k++)
						values[t][k] += w[(t * in + ic) * plane + k];
				for (int k = 0; k < plane; k++)
					values[t][k] /= in;
			}
		}
		final double[] range = new double[tiles];
		double shared = 0;
		for (int t = 0; t < tiles; t++) {
			double a = 0;
			for (final float v : values[t])
				if (Float.isFinite(v)) a = Math.max(a, Math.abs(v));
			range[t] = a;
			shared = Math.max(shared, a);
		}
		if (scale == Scale.SHARED) Arrays.fill(range, shared);

		final int zoom = Math.max(3, Math.min(16, (40 + Math.max(kh, kw) - 1) / Math.max(kh, kw)));
		final Font small = Draw.font(Draw.SANS, Font.PLAIN, Draw.SMALL), titleFont = Draw.font(Draw.SANS,
			Font.BOLD, Draw.TITLE - 2), label = Draw.font(Draw.SANS, Font.PLAIN, Draw.LABEL);
		final int smallH = Draw.lineHeight(small);
		final int tileW = kw * zoom, tileH = kh * zoom;
		final int rowLabelW = m == Mode.ROWS ? Draw.width(small, "out " + (rows - 1)) + 8 : 0;
		final int cellW = Math.max(tileW, Draw.width(small, scale == Scale.PER_TILE ? "\u00b10.000" :
			"in 00")) + GAP;
		final int headH = smallH; // channel number above each tile (ROWS: column header once)
		final int footH = scale == Scale.PER_TILE ? smallH : 0;
		final int cellH = (m == Mode.ROWS ? 0 : headH) + tileH + footH + GAP;
		final int gridRows = m == Mode.ROWS ? rows : (tiles + cols - 1) / cols;
		final String title = "Filters of " + layer + ": " + o + " x " + in + " x " + kh + " x " + kw +
			" (" + (in == 1 && m != Mode.ROWS ? "one input channel" : describe(m)) + ")";
		final String scaleText = scale == Scale.SHARED ? "Shared scale: black = -" + Draw.num(shared) +
			", mid-gray = 0, white = +" + Draw.num(shared) : "Per-tile scale: black = -m, mid-gray = 0," +
				" white = +m, with m (printed under each tile) the tile's largest |weight|";
		final String cut = m == Mode.ROWS && (rows < o || cols < in) ? "Showing the first " + rows +
			" output and " + cols + " input channels." : "";
		final int titleH = Draw.lineHeight(titleFont) + 6, lineH = Draw.lineHeight(label);
		final int gridTop = MARGIN + titleH + (m == Mode.ROWS ? headH : 0);
		final int gridLeft = MARGIN + rowLabelW;
		final int width = Math.max(gridLeft + cols * cellW - GAP + MARGIN, Math.max(Draw.width(titleFont,
			title), Math.max(Draw.width(label, scaleText), Draw.width(label, cut))) + 2 * MARGIN);
		final int height = gridTop + gridRows * cellH - GAP + 8 + lineH * (cut.isEmpty() ? 1 : 2) +
			MARGIN;

		final BufferedImage img = Draw.canvas(width, height);
		final Graphics2D g = Draw.graphics(img);
		Draw.text(g, title, MARGIN, MARGIN - 2, titleFont, Draw.INK);
		final int[] xs = new int[tiles], ys = new int[tiles];
		for (int t = 0; t < tiles; t++) {
			final int r = t / cols, c = t % cols;
			final int cx = gridLeft + c * cellW, cy = gridTop + r * cellH;
			xs[t] = cx;
			ys[t] = cy + (m == Mode.ROWS ? 0 : headH);
			if (m != Mode.ROWS) Draw.text(g, String.valueOf(t), cx, cy, small, Draw.MUTED);
			paint(img, values[t], channels, kh, kw, range[t], zoom, xs[t], ys[t]);
			g.setColor(Draw.GRID);
			g.drawRect(xs[t] - 1, ys[t] - 1, tileW + 1, tileH + 1);
			if (scale == Scale.PER_TILE) Draw.text(g, "\u00b1" + Draw.num(range[t]), cx, ys[t] + tileH,
				small, Draw.MUTED);
		}
		if (m == Mode.ROWS) {
			for (int c = 0; c < cols; c++)
				Draw.text(g, "in " + c, gridLeft + c * cellW, gridTop - headH, small, Draw.MUTED);
			for (int r = 0; r < rows; r++)
				Draw.text(g, "out " + r, MARGIN, gridTop + r * cellH + (tileH - smallH) / 2, small,
					Draw.MUTED);
		}
		final int textTop = gridTop + gridRows * cellH - GAP + 8;
		Draw.text(g, scaleText, MARGIN, textTop, label, Draw.INK);
		if (!cut.isEmpty()) Draw.text(g, cut, MARGIN, textTop + lineH, label, Draw.MUTED);
		g.dispose();

		final Map<String, String> text = new LinkedHashMap<>();
		text.put(Figure.TITLE, title);
		text.put(Figure.DESCRIPTION, "Learned kernels of layer " + layer + ", one tile per " + (m ==
			Mode.ROWS ? "output/input channel pair" : "output channel") + ". " + scaleText + ".");
		text.put(SCALE_KEY, scale == Scale.SHARED ? "shared " + Draw.num(shared) : "per-tile");
		return new Result(new Figure(img, text), m, zoom, cols, xs, ys, range);
	}

	private static String describe(final Mode m) {
		switch (m) {
			case RGB:
				return "input channels as RGB";
			case MEAN:
				return "mean over input channels";
			default:
				return "one row per output channel";
		}
	}

	private static void paint(final BufferedImage img, final float[] v, final int channels,
		final int kh, final int kw, final double m, final int zoom, final int x0, final int y0)
	{
		final int plane = kh * kw;
		for (int y = 0; y < kh; y++)
			for (int x = 0; x < kw; x++) {
				final int i = y * kw + x;
				final int rgb;
				if (channels == 3) rgb = Draw.gray(v[i], -m, m) << 16 | Draw.gray(v[plane + i], -m, m) << 8 |
					Draw.gray(v[2 * plane + i], -m, m);
				else {
					final int g = Draw.gray(v[i], -m, m);
					rgb = g << 16 | g << 8 | g;
				}
				for (int dy = 0; dy < zoom; dy++)
					for (int dx = 0; dx < zoom; dx++)
						img.setRGB(x0 + x * zoom + dx, y0 + y * zoom + dy, rgb);
			}
	}
}
