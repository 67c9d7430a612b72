package io.github.convnetij.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network drawn as a column of blocks, one per layer, top to bottom: each block's width follows
 * its output's spatial size (so every pooling step visibly halves it) and its height the channel
 * count (log scale); beside it the layer and its output shape in C x H x W ({@code conv 3x3, 64 ->
 * 64x16x16}). Inputs other than the block above (the branches of a residual network) are drawn as
 * arrows in lanes left of the column, ending at the merging {@code add}. A graph of more than
 * {@link #MAX_ROWS} layers has its repeated runs of layers collapsed into {@code block x N} rows.
 * The figure's text holds the full text table ({@link LayerSummary#table}) under
 * {@value #TABLE_KEY}.
 * <pre>{@code
 * Figure f = ArchitecturePicture.draw(LayerSummary.of(net), "CIFAR-100-style CNN");
 * }</pre>
 */
public final class ArchitecturePicture {

	/** Graphs with more layers than this get their repeated runs collapsed. */
	public static final int MAX_ROWS = 40;

	/** The text key of the layer table. */
	public static final String TABLE_KEY = "Layers";

	private static final int MARGIN = 16, LANE = 12, BOX_MAX = 240, BOX_MIN = 28, ROW = 40,
		GROUP_ROW = 58;

	/** One row of the picture: a layer or a collapsed run of layers. */
	static final class Row {

		final String label, detail, kind;
		final int[] shape;
		final List<Integer> inputs = new ArrayList<>();
		final int repeats;

		Row(final String label, final String detail, final String kind, final int[] shape,
			final int repeats)
		{
			this.label = label;
			this.detail = detail;
			this.kind = kind;
			this.shape = shape;
			this.repeats = repeats;
		}
	}

	private ArchitecturePicture() {}

	/**
	 * Draws the layers (the network input first, as {@link LayerSummary#of} gives them).
	 *
	 * @throws IllegalArgumentException if the list is empty, a name repeats or an input names no
	 *           earlier layer
	 */
	public static Figure draw(final List<LayerSummary> layers, final String title) {
		final List<Row> rows = rows(layers);
		final Font labelFont = Draw.font(Draw.SANS, Font.PLAIN, Draw.LABEL), bold = Draw.font(Draw.SANS,
			Font.BOLD, Draw.LABEL), titleFont = Draw.font(Draw.SANS, Font.BOLD, Draw.TITLE), small = Draw
				.font(Draw.SANS, Font.PLAIN, Draw.SMALL);

		// lanes for the branch arrows
		int lanes = 0;
		final List<int[]> spans = new ArrayList<>(); // {from, to, lane}
		for (int i = 0; i < rows.size(); i++)
			for (final int j : rows.get(i).inputs)
				if (j != i - 1) {
					int lane = 0;
					while (overlaps(spans, j, i, lane))
						lane++;
					spans.add(new int[] { j, i, lane });
					lanes = Math.max(lanes, lane + 1);
				}

		final int columnLeft = MARGIN + lanes * LANE + (lanes > 0 ? 6 : 0);
		final int centre = columnLeft + BOX_MAX / 2;
		final int labelX = columnLeft + BOX_MAX + 14;
		int textWidth = 0;
		for (final Row r : rows) {
			textWidth = Math.max(textWidth, Draw.width(bold, r.label) + Draw.width(labelFont, "  ->  " +
				Draw.shape(r.shape)));
			if (r.detail != null) textWidth = Math.max(textWidth, Math.min(560, Draw.width(small,
				r.detail)));
		}
		final String note = "Block width: spatial size H x W; block height: channels C (log scale). " +
			"Shapes are per image, C x H x W.";
		final int titleH = Draw.lineHeight(titleFont) + 10;
		final int noteH = Draw.lineHeight(small) + 12;
		final int width = Math.max(Math.max(labelX + textWidth + MARGIN, Draw.width(titleFont, title) +
			2 * MARGIN), Draw.width(small, note) + 2 * MARGIN);
		final int[] top = new int[rows.size() + 1];
		top[0] = MARGIN + titleH;
		for (int i = 0; i < rows.size(); i++)
			top[i + 1] = top[i] + (rows.get(i).detail != null ? GROUP_ROW : ROW);
		final int height = top[rows.size()] + noteH + MARGIN / 2;

		// scales
		double maxSpatial = 1, maxFeatures = 1;
		int maxChannels = 1;
		for (final Row r : rows) {
			if (r.shape.length >= 2) {
				maxSpatial = Math.max(maxSpatial, spatial(r.shape));
				maxChannels = Math.max(maxChannels, r.shape[0]);
			}
			else if (r.shape.length == 1) maxFeatures = Math.max(maxFeatures, r.shape[0]);
		}
		final int[] boxW = new int[rows.size()], boxH = new int[rows.size()];
		for (int i = 0; i < rows.size(); i++) {
			final int[] s = rows.get(i).shape;
			final int rowH = rows.get(i).detail != null ? GROUP_ROW : ROW;
			if (s.length >= 2) {
				boxW[i] = (int) Math.round(BOX_MIN + (BOX_MAX - BOX_MIN) * Math.sqrt(spatial(s) /
					maxSpatial));
				boxH[i] = (int) Math.round(8 + (rowH - 22) * (log2(s[0]) + 1) / (log2(maxChannels) + 1));
			}
			else {
				final double f = s.length == 1 ? s[0] : 1;
				boxW[i] = 14;
				boxH[i] = (int) Math.round(8 + (rowH - 22) * (log2(f) + 1) / (log2(Math.max(maxFeatures,
					2)) + 1));
			}
		}

		final BufferedImage img = Draw.canvas(width, height);
		final Graphics2D g = Draw.graphics(img);
		Draw.text(g, title, MARGIN, MARGIN - 4, titleFont, Draw.INK);
		final int[] boxTop = new int[rows.size()];
		for (int i = 0; i < rows.size(); i++) {
			final int rowH = top[i + 1] - top[i];
			boxTop[i] = top[i] + (rowH - boxH[i]) / 2;
		}
		// sequential arrows
		g.setStroke(new BasicStroke(1.5f));
		for (int i = 1; i < rows.size(); i++)
			if (rows.get(i).inputs.contains(i - 1)) arrowDown(g, centre, boxTop[i - 1] + boxH[i - 1],
				boxTop[i], Draw.MUTED);
		// branch arrows
		for (final int[] sp : spans) {
			final int from = sp[0], to = sp[1];
			final int x = MARGIN + sp[2] * LANE + 4;
			final int y0 = boxTop[from] + boxH[from] / 2, y1 = boxTop[to] + boxH[to] / 2;
			g.setColor(Draw.RED);
			g.drawLine(centre - boxW[from] / 2, y0, x, y0);
			g.drawLine(x, y0, x, y1);
			g.drawLine(x, y1, centre - boxW[to] / 2 - 1, y1);
			arrowHeadRight(g, centre - boxW[to] / 2 - 1, y1);
		}
		g.setStroke(new BasicStroke(1f));
		for (int i = 0; i < rows.size(); i++) {
			final Row r = rows.get(i);
			final Color fill = colour(r.kind);
			final int x0 = centre - boxW[i] / 2;
			g.setColor(fill);
			g.fillRect(x0, boxTop[i], boxW[i], boxH[i]);
			g.setColor(fill.darker());
			g.drawRect(x0, boxTop[i], boxW[i], boxH[i]);
			if (r.repeats > 1) { // a stack look for collapsed runs
				g.drawRect(x0 + 3, boxTop[i] - 3, boxW[i], boxH[i]);
				g.drawRect(x0 + 6, boxTop[i] - 6, boxW[i], boxH[i]);
			}
			final int lineH = Draw.lineHeight(bold);
			final int textTop = r.detail != null ? top[i] + 6 : top[i] + (top[i + 1] - top[i] - lineH) / 2;
			Draw.text(g, r.label, labelX, textTop, bold, Draw.INK);
			Draw.text(g, "  ->  " + Draw.shape(r.shape), labelX + Draw.width(bold, r.label), textTop,
				labelFont, Draw.ACCENT);
			if (r.detail != null) Draw.text(g, Draw.fit(r.detail, small, width - labelX - MARGIN),
				labelX, textTop + lineH + 2, small, Draw.MUTED);
		}
		Draw.text(g, note, MARGIN, height - noteH, small, Draw.MUTED);
		g.dispose();

		final Map<String, String> text = new LinkedHashMap<>();
		text.put(Figure.TITLE, title);
		text.put(Figure.DESCRIPTION, "Architecture: " + (layers.size() - 1) + " layers drawn as " +
			rows.size() + " rows, each labelled with its output shape (C x H x W).");
		text.put(TABLE_KEY, LayerSummary.table(layers));
		return new Figure(img, text);
	}

	/** The rows of the picture: one per layer, or collapsed runs if there are too many. */
	static List<Row> rows(final List<LayerSummary> layers) {
		if (layers.isEmpty()) throw new IllegalArgumentException("there are no layers to draw");
		final Map<String, Integer> index = new HashMap<>();
		final int n = layers.size();
		final int[][] inputs = new int[n][];
		for (int i = 0; i < n; i++) {
			final LayerSummary s = layers.get(i);
			if (index.put(s.name(), i) != null) throw new IllegalArgumentException("the layer name '" + s
				.name() + "' occurs twice");
			inputs[i] = new int[s.inputs().size()];
			for (int k = 0; k < inputs[i].length; k++) {
				final Integer j = index.get(s.inputs().get(k));
				if (j == null || j == i) throw new IllegalArgumentException("layer '" + s.name() +
					"' reads '" + s.inputs().get(k) + "', which is not an earlier layer");
				inputs[i][k] = j;
			}
		}
		// signatures: label, shape and the inputs' offsets
		final String[] sig = new String[n];
		for (int i = 0; i < n; i++) {
			final StringBuilder sb = new StringBuilder(layers.get(i).label()).append('|').append(Draw.shape(
				layers.get(i).shape()));
			for (final int j : inputs[i])
				sb.append('|').append(i - j);
			sig[i] = sb.toString();
		}
		final int[] rowOf = new int[n];
		final List<Row> rows = new ArrayList<>();
		final boolean collapse = n > MAX_ROWS;
		int i = 0;
		while (i < n) {
			int bestP = 0, bestK = 1;
			if (collapse && i > 0) for (int p = 1; p <= Math.min(32, (n - i) / 2); p++) {
				int k = 1;
				while (i + (k + 1) * p <= n && same(sig, i, i + k * p, p))
					k++;
				if (k >= 2 && p * k >= 3 && p * k > bestP * bestK) {
					bestP = p;
					bestK = k;
				}
			}
			if (bestK >= 2) {
				final List<String> parts = new ArrayList<>();
				for (int m = i; m < i + bestP; m++)
					parts.add(layers.get(m).label());
				final LayerSummary last = layers.get(i + bestK * bestP - 1);
				final Row r = new Row("block x " + bestK, String.join(", ", parts) + " (" + bestP +
					(bestP == 1 ? " layer" : " layers") + " each)", bestP == 1 ? last.kind() : "block", last
						.shape(), bestK);
				final int row = rows.size();
				for (int m = i; m < i + bestK * bestP; m++)
					rowOf[m] = row;
				addInputs(r, i, i + bestK * bestP, inputs, rowOf, row);
				rows.add(r);
				i += bestK * bestP;
			}
			else {
				final LayerSummary s = layers.get(i);
				final Row r = new Row(s.label(), null, s.kind(), s.shape(), 1);
				rowOf[i] = rows.size();
				addInputs(r, i, i + 1, inputs, rowOf, rows.size());
				rows.add(r);
				i++;
			}
		}
		return rows;
	}

	private static void addInputs(final Row r, final int from, final int to, final int[][] inputs,
		final int[] rowOf, final int self)
	{
		for (int m = from; m < to; m++)
			for (final int j : inputs[m])
				if (j < from) {
					final int row = rowOf[j];
					if (row != self && !r.inputs.contains(row)) r.inputs.add(row);
				}
	}

	private static boolean same(final String[] sig, final int a, final int b, final int p) {
		for (int k = 0; k < p; k++)
			if (!sig[a + k].equals(sig[b + k])) return false;
		return true;
	}

	private static boolean overlaps(final List<int[]> spans, final int from, final int to,
		final int lane)
	{
		for (final int[] s : spans)
			if (s[2] == lane && from <= s[1] && s[0] <= to) return true;
		return false;
	}

	private static double spatial(final int[] s) {
		double p = 1;
		for (int i = 1; i < s.length; i++)
			p *= s[i];
		return p;
	}

	private static double log2(final double v) {
		return Math.log(Math.max(1, v)) / Math.log(2);
	}

	private static void arrowDown(final Graphics2D g, final int x, final int y0, final int y1,
		final Color c)
	{
		if (y1 - y0 < 4) return;
		g.setColor(c);
		g.drawLine(x, y0 + 1, x, y1 - 2);
		g.fillPolygon(new int[] { x - 4, x + 4, x }, new int[] { y1 - 6, y1 - 6, y1 - 1 }, 3);
	}

	private static void arrowHeadRight(final Graphics2D g, final int x, final int y) {
		g.fillPolygon(new int[] { x - 6, x - 6, x }, new int[] { y - 4, y + 4, y }, 3);
	}

	/** Fill colour of a layer kind. */
	static Color colour(final String kind) {
		switch (kind) {
			case "input":
				return new Color(0xbdbdbd);
			case "conv":
				return new Color(0x6baed6);
			case "maxpool":
			case "avgpool":
			case "globalavgpool":
				return new Color(0xfdae6b);
			case "relu":
			case "leakyrelu":
				return new Color(0xc7e9c0);
			case "batchnorm":
				return new Color(0xdadaeb);
			case "dropout":
				return new Color(0xeeeeee);
			case "flatten":
				return new Color(0xfee391);
			case "dense":
				return new Color(0x9e9ac8);
			case "softmax":
				return new Color(0xfc9272);
			case "add":
				return new Color(0xfb6a4a);
			case "block":
				return new Color(0x9ecae1);
			default:
				return new Color(0xd9d9d9);
		}
	}
}
