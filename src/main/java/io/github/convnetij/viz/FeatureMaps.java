package io.github.convnetij.viz;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.convnetij.compute.Tensor;

/**
 * An input image beside the channels of a layer's activation ({@code [C, H, W]} per image), each
 * channel a gray tile labelled {@code layer/channel} and scaled from its own minimum (black) to
 * its maximum (white), the range printed under it. Small maps are enlarged by whole pixels.
 * <pre>{@code
 * Figure f = FeatureMaps.draw("conv1", image, 0, 1, activation, 32);
 * }</pre>
 */
public final class FeatureMaps {

	private static final int MARGIN = 14, GAP = 10, MIN_TILE = 72, MIN_INPUT = 160;

	private FeatureMaps() {}

	/**
	 * @param layer the layer's name, for the labels
	 * @param input the input image {@code [C, H, W]} (C = 1 gray, 3 RGB), shown from {@code lo}
	 *          (black) to {@code hi} (white)
	 * @param activation the layer's output for that image, {@code [C, H, W]}
	 * @param maxChannels at most this many channels are shown (the first ones)
	 * @throws IllegalArgumentException if the activation is not {@code [C, H, W]}
	 */
	public static Figure draw(final String layer, final Tensor input, final double lo,
		final double hi, final Tensor activation, final int maxChannels)
	{
		final int[] s = activation.shape();
		if (s.length != 3) throw new IllegalArgumentException("the output of layer '" + layer +
			"' has shape " + Draw.shape(s) + ": feature maps need C x H x W");
		final int c = s[0], h = s[1], w = s[2];
		final int shown = Math.max(1, Math.min(c, maxChannels));
		final int zoom = Draw.zoomFor(Math.max(h, w), MIN_TILE);
		final int tw = w * zoom, th = h * zoom;
		final int[] is = input.shape();
		final int inZoom = Draw.zoomFor(Math.max(is[is.length - 1], is[is.length - 2]), MIN_INPUT);
		final BufferedImage in = Draw.image(input, lo, hi, inZoom);

		final Font titleFont = Draw.font(Draw.SANS, Font.BOLD, Draw.TITLE - 2), label = Draw.font(
			Draw.SANS, Font.BOLD, Draw.SMALL), small = Draw.font(Draw.SANS, Font.PLAIN, Draw.SMALL - 1),
			note = Draw.font(Draw.SANS, Font.PLAIN, Draw.LABEL);
		final int labelH = Draw.lineHeight(label), smallH = Draw.lineHeight(small);
		final int cols = Math.max(1, Math.min(shown, (int) Math.ceil(Math.sqrt(shown * 2.0))));
		final int rows = (shown + cols - 1) / cols;
		final int cellW = Math.max(tw, Draw.width(label, layer + "/" + (shown - 1))) + GAP;
		final int cellH = labelH + th + smallH + GAP;
		final String title = "Feature maps of " + layer + " (" + Draw.shape(s) + ")";
		final String foot = "Each map scaled from its own minimum (black) to maximum (white), range " +
			"printed under it" + (shown < c ? "; the first " + shown + " of " + c + " channels" : "") + ".";
		final int titleH = Draw.lineHeight(titleFont) + 8;
		final int gridLeft = MARGIN + in.getWidth() + 2 * GAP + 6;
		final int width = Math.max(gridLeft + cols * cellW - GAP + MARGIN, Math.max(Draw.width(
			titleFont, title), Draw.width(note, foot)) + 2 * MARGIN);
		final int gridH = Math.max(rows * cellH - GAP, labelH + in.getHeight() + smallH);
		final int height = MARGIN + titleH + gridH + 10 + Draw.lineHeight(note) + MARGIN;

		final BufferedImage img = Draw.canvas(width, height);
		final Graphics2D g = Draw.graphics(img);
		final int top = MARGIN + titleH;
		Draw.text(g, title, MARGIN, MARGIN - 2, titleFont, Draw.INK);
		Draw.text(g, "input " + Draw.shape(is), MARGIN, top, label, Draw.INK);
		g.drawImage(in, MARGIN, top + labelH, null);
		Draw.text(g, "shown " + Draw.num(lo) + " .. " + Draw.num(hi), MARGIN, top + labelH + in
			.getHeight(), small, Draw.MUTED);
		g.setColor(Draw.GRID);
		g.drawLine(gridLeft - GAP - 3, top, gridLeft - GAP - 3, top + gridH);
		final int plane = h * w;
		for (int k = 0; k < shown; k++) {
			final int x0 = gridLeft + k % cols * cellW, y0 = top + k / cols * cellH;
			final float[] v = Arrays.copyOfRange(activation.data(), k * plane, (k + 1) * plane);
			final double[] r = Draw.range(v, 0, plane);
			Draw.text(g, layer + "/" + k, x0, y0, label, Draw.INK);
			g.drawImage(Draw.image(Tensor.of(v, h, w), r[0], r[1], zoom), x0, y0 + labelH, null);
			Draw.text(g, Draw.num(r[0]) + " .. " + Draw.num(r[1]), x0, y0 + labelH + th, small,
				Draw.MUTED);
		}
		Draw.text(g, foot, MARGIN, height - MARGIN - Draw.lineHeight(note), note, Draw.MUTED);
		g.dispose();

		final Map<String, String> text = new LinkedHashMap<>();
		text.put(Figure.TITLE, title);
		text.put(Figure.DESCRIPTION, "The input and " + shown + " channels of layer " + layer + ", " +
			"labelled " + layer + "/0 .. " + layer + "/" + (shown - 1) + ". " + foot);
		text.put("Layer", layer);
		text.put("Channels", String.valueOf(shown));
		return new Figure(img, text);
	}
}
