package io.github.convnetij.viz;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.convnetij.compute.Tensor;

/**
 * One image and its augmented replicates in a grid, the original first, each labelled with the
 * parameters sampled for it (as {@code ops.augment.Transform#label} writes them).
 * <pre>{@code
 * Figure f = AugmentationFigure.draw(original, replicates, labels, 0, 255, "Augmentation", "rotation 20 ...");
 * }</pre>
 */
public final class AugmentationFigure {

	private static final int MARGIN = 14, GAP = 12, MIN_TILE = 168;

	private AugmentationFigure() {}

	/**
	 * @param original {@code [C, H, W]}
	 * @param replicates each {@code [C, H, W]}
	 * @param labels one per replicate: the sampled parameters
	 * @param lo value shown black
	 * @param hi value shown white
	 * @param settings the augmentation's settings, printed under the title
	 * @throws IllegalArgumentException if labels and replicates differ in number
	 */
	public static Figure draw(final Tensor original, final List<Tensor> replicates,
		final List<String> labels, final double lo, final double hi, final String title,
		final String settings)
	{
		if (labels.size() != replicates.size()) throw new IllegalArgumentException(replicates.size() +
			" replicates but " + labels.size() + " labels");
		final List<Tensor> images = new ArrayList<>();
		images.add(original);
		images.addAll(replicates);
		final List<String> names = new ArrayList<>();
		names.add("original");
		for (int i = 0; i < replicates.size(); i++)
			names.add("replicate " + (i + 1));
		final int[] s = original.shape();
		final int zoom = Draw.zoomFor(Math.max(s[s.length - 1], s[s.length - 2]), MIN_TILE);
		final int tw = s[s.length - 1] * zoom, th = s[s.length - 2] * zoom;
		final Font titleFont = Draw.font(Draw.SANS, Font.BOLD, Draw.TITLE - 2), bold = Draw.font(Draw.SANS,
			Font.BOLD, Draw.SMALL + 1), small = Draw.font(Draw.SANS, Font.PLAIN, Draw.SMALL), note = Draw
				.font(Draw.SANS, Font.PLAIN, Draw.LABEL);
		final int cellW = Math.max(tw, 190);
		// wrap each label into lines that fit the cell
		final List<List<String>> wrapped = new ArrayList<>();
		int maxLines = 1;
		wrapped.add(List.of("as given"));
		for (final String l : labels) {
			final List<String> lines = wrap(l, small, cellW);
			wrapped.add(lines);
			maxLines = Math.max(maxLines, lines.size());
		}
		final int n = images.size(), cols = (int) Math.ceil(Math.sqrt(n)), rows = (n + cols - 1) / cols;
		final int boldH = Draw.lineHeight(bold), smallH = Draw.lineHeight(small);
		final int cellH = boldH + th + 4 + maxLines * smallH;
		final int titleH = Draw.lineHeight(titleFont) + 4, noteH = Draw.lineHeight(note) + 8;
		final List<String> settingLines = wrap(settings, note, cols * (cellW + GAP) - GAP);
		final int width = Math.max(2 * MARGIN + cols * (cellW + GAP) - GAP, Draw.width(titleFont, title) +
			2 * MARGIN);
		final int height = MARGIN + titleH + settingLines.size() * noteH + rows * (cellH + GAP) - GAP +
			MARGIN;
		final BufferedImage img = Draw.canvas(width, height);
		final Graphics2D g = Draw.graphics(img);
		Draw.text(g, title, MARGIN, MARGIN - 2, titleFont, Draw.INK);
		for (int i = 0; i < settingLines.size(); i++)
			Draw.text(g, settingLines.get(i), MARGIN, MARGIN + titleH + i * noteH, note, Draw.MUTED);
		final int top = MARGIN + titleH + settingLines.size() * noteH;
		for (int i = 0; i < n; i++) {
			final int x0 = MARGIN + i % cols * (cellW + GAP), y0 = top + i / cols * (cellH + GAP);
			Draw.text(g, names.get(i), x0, y0, bold, Draw.INK);
			g.drawImage(Draw.image(images.get(i), lo, hi, zoom), x0, y0 + boldH, null);
			final List<String> lines = wrapped.get(i);
			for (int k = 0; k < lines.size(); k++)
				Draw.text(g, lines.get(k), x0, y0 + boldH + th + 2 + k * smallH, small, Draw.MUTED);
		}
		g.dispose();
		final Map<String, String> text = new LinkedHashMap<>();
		text.put(Figure.TITLE, title);
		text.put(Figure.DESCRIPTION, "One image and " + replicates.size() + " augmented replicates. " +
			settings);
		text.put("Replicates", String.join("\n", labels));
		return new Figure(img, text);
	}

	/** {@code s} split at spaces into lines no wider than {@code max} (a longer word is shortened). */
	static List<String> wrap(final String s, final Font font, final int max) {
		final List<String> lines = new ArrayList<>();
		String line = "";
		for (final String word : s.split(" ")) {
			final String t = line.isEmpty() ? word : line + " " + word;
			if (Draw.width(font, t) <= max || line.isEmpty()) line = t;
			else {
				lines.add(Draw.fit(line, font, max));
				line = word;
			}
		}
		if (!line.isEmpty()) lines.add(Draw.fit(line, font, max));
		return lines;
	}
}
