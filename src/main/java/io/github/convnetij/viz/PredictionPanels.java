package io.github.convnetij.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.convnetij.compute.Tensor;

/**
 * Prediction panels: per image the image, its true class when known, and the top classes with
 * their probabilities as bars; up to {@value #PER_PAGE} panels per page (3 columns, 2 rows), more
 * images giving more pages. The top class is green when it is the true class, red when it is not.
 * A model without class names shows class indices, with a note.
 * <pre>{@code
 * List<Figure> pages = PredictionPanels.draw(predictions, classes, 3, "Test images");
 * }</pre>
 */
public final class PredictionPanels {

	/** Panels per page and columns of the grid. */
	public static final int PER_PAGE = 6, COLUMNS = 3;

	private static final int MARGIN = 14, GAP = 12, PANEL_W = 330, IMAGE = 112, BAR_W = 110;

	/**
	 * One image and what the model said.
	 *
	 * @param image {@code [C, H, W]} (C = 1 gray, 3 RGB), shown from {@code lo} to {@code hi}
	 * @param truth the true class index, or -1 when unknown
	 * @param probabilities one per class
	 * @param name shown under the image (e.g. the file name or test index), or null for its
	 *          position {@code #1, #2...}
	 */
	public record Prediction(Tensor image, double lo, double hi, int truth, float[] probabilities,
		String name)
	{

		/** A prediction shown under its position. */
		public Prediction(final Tensor image, final double lo, final double hi, final int truth,
			final float[] probabilities)
		{
			this(image, lo, hi, truth, probabilities, null);
		}
	}

	private PredictionPanels() {}

	/**
	 * @param classes class names, or null for indices
	 * @param topK classes listed per image (1 to 10)
	 * @throws IllegalArgumentException if there are no predictions or their class counts differ
	 *           from the names
	 */
	public static List<Figure> draw(final List<Prediction> predictions, final List<String> classes,
		final int topK, final String title)
	{
		if (predictions.isEmpty()) throw new IllegalArgumentException("no images to show");
		if (topK < 1 || topK > 10) throw new IllegalArgumentException("top-k " + topK +
			" must be 1 to 10");
		for (final Prediction p : predictions)
			if (classes != null && p.probabilities().length != classes.size())
				throw new IllegalArgumentException(p.probabilities().length + " probabilities for " + classes
					.size() + " class names");
		final int pages = (predictions.size() + PER_PAGE - 1) / PER_PAGE;
		final List<Figure> out = new ArrayList<>();
		for (int page = 0; page < pages; page++)
			out.add(page(predictions.subList(page * PER_PAGE, Math.min(predictions.size(), (page + 1) *
				PER_PAGE)), page * PER_PAGE, classes, topK, pages == 1 ? title : title + " (page " + (page +
					1) + " of " + pages + ")"));
		return out;
	}

	private static Figure page(final List<Prediction> ps, final int first, final List<String> classes,
		final int topK, final String title)
	{
		final Font titleFont = Draw.font(Draw.SANS, Font.BOLD, Draw.TITLE - 2), bold = Draw.font(Draw.SANS,
			Font.BOLD, Draw.LABEL), plain = Draw.font(Draw.SANS, Font.PLAIN, Draw.LABEL), small = Draw.font(
				Draw.SANS, Font.PLAIN, Draw.SMALL);
		final int lineH = Draw.lineHeight(plain);
		final int panelH = Math.max(IMAGE + lineH + 8, lineH * (2 + topK) + 2 * topK + 12);
		final int cols = Math.min(COLUMNS, ps.size()), rows = (ps.size() + COLUMNS - 1) / COLUMNS;
		final String note = classes == null ? "The model has no class names: classes are shown by index."
			: "Bars: the model's probability of each class; green: top class is the true class, red: it is not.";
		final int titleH = Draw.lineHeight(titleFont) + 8;
		final int width = Math.max(2 * MARGIN + cols * (PANEL_W + GAP) - GAP, Math.max(Draw.width(
			titleFont, title), Draw.width(small, note)) + 2 * MARGIN);
		final int height = MARGIN + titleH + rows * (panelH + GAP) - GAP + 8 + Draw.lineHeight(small) +
			MARGIN;
		final BufferedImage img = Draw.canvas(width, height);
		final Graphics2D g = Draw.graphics(img);
		Draw.text(g, title, MARGIN, MARGIN - 2, titleFont, Draw.INK);
		final StringBuilder summary = new StringBuilder();
		for (int i = 0; i < ps.size(); i++) {
			final Prediction p = ps.get(i);
			final int x0 = MARGIN + i % COLUMNS * (PANEL_W + GAP), y0 = MARGIN + titleH + i / COLUMNS *
				(panelH + GAP);
			g.setColor(new Color(0xf4f4f4));
			g.fillRect(x0, y0, PANEL_W, panelH);
			final int[] s = p.image().shape();
			final int zoom = Draw.zoomFor(Math.max(s[s.length - 1], s[s.length - 2]), IMAGE);
			BufferedImage im = Draw.image(p.image(), p.lo(), p.hi(), zoom);
			if (im.getWidth() > IMAGE || im.getHeight() > IMAGE) im = shrink(im, IMAGE);
			g.drawImage(im, x0 + 6, y0 + 6, null);
			Draw.text(g, Draw.fit(p.name() != null ? p.name() : "#" + (first + i + 1), small, IMAGE), x0 +
				6, y0 + 8 + im.getHeight(), small, Draw.MUTED);
			final int tx = x0 + IMAGE + 16, tw = PANEL_W - IMAGE - 22;
			final int[] order = top(p.probabilities(), topK);
			final String truth = p.truth() < 0 ? "true class unknown" : "true: " + name(classes, p
				.truth());
			Draw.text(g, Draw.fit(truth, bold, tw), tx, y0 + 6, bold, Draw.INK);
			int y = y0 + 10 + lineH;
			summary.append(p.name() != null ? p.name() : "#" + (first + i + 1)).append(": ").append(truth)
				.append("; ");
			for (int r = 0; r < order.length; r++) {
				final int k = order[r];
				final double pr = p.probabilities()[k];
				final String pct = String.format(java.util.Locale.ROOT, "%.1f%%", 100 * pr);
				Draw.text(g, Draw.fit(name(classes, k), plain, tw), tx, y, plain, Draw.INK);
				y += lineH;
				final Color bar = r == 0 && p.truth() >= 0 ? k == p.truth() ? Draw.GREEN : Draw.RED
					: Draw.ACCENT;
				g.setColor(new Color(0xdddddd));
				g.fillRect(tx, y, BAR_W, 10);
				g.setColor(bar);
				g.fillRect(tx, y, (int) Math.round(BAR_W * Math.max(0, Math.min(1, pr))), 10);
				Draw.text(g, pct, tx + BAR_W + 6, y + 5 - lineH / 2, small, Draw.INK);
				y += 14;
				summary.append(name(classes, k)).append(' ').append(pct).append(r + 1 < order.length ? ", "
					: "\n");
			}
		}
		Draw.text(g, note, MARGIN, height - MARGIN - Draw.lineHeight(small), small, Draw.MUTED);
		g.dispose();
		final Map<String, String> text = new LinkedHashMap<>();
		text.put(Figure.TITLE, title);
		text.put(Figure.DESCRIPTION, ps.size() + " images with their top-" + topK + " classes. " +
			note);
		text.put("Predictions", summary.toString());
		return new Figure(img, text);
	}

	private static BufferedImage shrink(final BufferedImage im, final int max) {
		final double f = Math.min((double) max / im.getWidth(), (double) max / im.getHeight());
		final int w = Math.max(1, (int) (im.getWidth() * f)), h = Math.max(1, (int) (im.getHeight() * f));
		final BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		final Graphics2D g = Draw.graphics(out);
		g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION,
			java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
		g.drawImage(im, 0, 0, w, h, null);
		g.dispose();
		return out;
	}

	private static String name(final List<String> classes, final int k) {
		return classes == null ? "class " + k : classes.get(k);
	}

	/** Indices of the {@code k} largest values, largest first (ties: lower index first). */
	static int[] top(final float[] p, final int k) {
		final int n = Math.min(k, p.length);
		final int[] idx = new int[n];
		final boolean[] used = new boolean[p.length];
		for (int r = 0; r < n; r++) {
			int best = -1;
			for (int i = 0; i < p.length; i++)
				if (!used[i] && (best < 0 || p[i] > p[best])) best = i;
			used[best] = true;
			idx[r] = best;
		}
		return idx;
	}
}
