package io.github.convnetij.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.convnetij.nn.train.EpochMetrics;

/**
 * Training curves: the loss (left) and the accuracy (right) per epoch, for the training images
 * (mean over the epoch's batches), the validation split and the test set (after each epoch);
 * curves without values (NaN) are left out of the plot and the legend.
 * <pre>{@code
 * Figure f = TrainingCurves.draw(result.history(), "Fashion-MNIST subset");
 * }</pre>
 */
public final class TrainingCurves {

	private static final int MARGIN = 14, PLOT_W = 380, PLOT_H = 250, AXIS_L = 52, AXIS_B = 40;

	private static final Color[] COLOURS = { Draw.ACCENT, Draw.ORANGE, Draw.GREEN };

	private static final String[] NAMES = { "training", "validation", "test" };

	private TrainingCurves() {}

	/** @throws IllegalArgumentException if the history is empty */
	public static Figure draw(final List<EpochMetrics> history, final String title) {
		if (history.isEmpty()) throw new IllegalArgumentException("there are no epochs to plot");
		final int n = history.size();
		final double[][] loss = new double[3][n], acc = new double[3][n];
		for (int e = 0; e < n; e++) {
			final EpochMetrics m = history.get(e);
			loss[0][e] = m.loss();
			loss[1][e] = m.validationLoss();
			loss[2][e] = m.testLoss();
			acc[0][e] = m.accuracy();
			acc[1][e] = m.validationAccuracy();
			acc[2][e] = m.testAccuracy();
		}
		final Font titleFont = Draw.font(Draw.SANS, Font.BOLD, Draw.TITLE - 2), label = Draw.font(
			Draw.SANS, Font.PLAIN, Draw.LABEL), small = Draw.font(Draw.SANS, Font.PLAIN, Draw.SMALL);
		final int titleH = Draw.lineHeight(titleFont) + 8, lineH = Draw.lineHeight(label);
		final int panelW = AXIS_L + PLOT_W + 20, panelH = lineH + 6 + PLOT_H + AXIS_B;
		final int width = 2 * MARGIN + 2 * panelW + 10;
		final int height = MARGIN + titleH + panelH + lineH + 14 + MARGIN;
		final BufferedImage img = Draw.canvas(width, height);
		final Graphics2D g = Draw.graphics(img);
		Draw.text(g, title, MARGIN, MARGIN - 2, titleFont, Draw.INK);
		final int top = MARGIN + titleH;
		plot(g, "Loss (cross-entropy)", loss, false, MARGIN, top, label, small);
		plot(g, "Accuracy", acc, true, MARGIN + panelW + 10, top, label, small);
		// legend
		int lx = MARGIN + AXIS_L;
		final int ly = top + panelH + 8;
		final StringBuilder last = new StringBuilder();
		for (int s = 0; s < 3; s++) {
			if (!any(loss[s]) && !any(acc[s])) continue;
			g.setColor(COLOURS[s]);
			g.setStroke(new BasicStroke(2.5f));
			g.drawLine(lx, ly + lineH / 2, lx + 24, ly + lineH / 2);
			g.fillOval(lx + 9, ly + lineH / 2 - 3, 7, 7);
			Draw.text(g, NAMES[s], lx + 30, ly, label, Draw.INK);
			lx += 30 + Draw.width(label, NAMES[s]) + 24;
			last.append(String.format(Locale.ROOT, "%s loss %.4f accuracy %.4f; ", NAMES[s], loss[s][n - 1],
				acc[s][n - 1]));
		}
		Draw.text(g, "Training: mean over each epoch's batches while the weights changed; validation " +
			"and test: after each epoch.", lx, ly + 1, small, Draw.MUTED);
		g.dispose();
		final Map<String, String> text = new LinkedHashMap<>();
		text.put(Figure.TITLE, title);
		text.put(Figure.DESCRIPTION, "Loss and accuracy per epoch over " + n + " epochs.");
		text.put("Last epoch", last.toString().trim());
		final BufferedImage fitted = widen(img, lx + Draw.width(small, "Training: mean over each " +
			"epoch's batches while the weights changed; validation and test: after each epoch.") + MARGIN);
		return new Figure(fitted, text);
	}

	/** {@code img} widened to {@code width} (background filled) if it is narrower. */
	private static BufferedImage widen(final BufferedImage img, final int width) {
		if (width <= img.getWidth()) return img;
		final BufferedImage out = Draw.canvas(width, img.getHeight());
		final Graphics2D g = out.createGraphics();
		g.drawImage(img, 0, 0, null);
		g.dispose();
		return out;
	}

	private static boolean any(final double[] v) {
		for (final double x : v)
			if (Double.isFinite(x)) return true;
		return false;
	}

	private static void plot(final Graphics2D g, final String name, final double[][] series,
		final boolean unit, final int x0, final int y0, final Font label, final Font small)
	{
		final int n = series[0].length;
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (final double[] s : series)
			for (final double v : s)
				if (Double.isFinite(v)) {
					lo = Math.min(lo, v);
					hi = Math.max(hi, v);
				}
		if (!(lo <= hi)) {
			lo = 0;
			hi = 1;
		}
		if (unit) {
			lo = Math.max(0, Math.floor(lo * 10) / 10);
			hi = Math.min(1, Math.ceil(hi * 10) / 10);
		}
		else {
			lo = Math.max(0, lo - 0.05 * (hi - lo));
			hi = hi + 0.05 * (hi - lo);
		}
		if (hi - lo < 1e-9) {
			hi = lo + (unit ? 0.1 : Math.max(1e-3, Math.abs(lo) * 0.1));
			lo = unit ? Math.max(0, lo - 0.1) : lo;
		}
		final int lineH = Draw.lineHeight(label);
		Draw.text(g, name, x0 + AXIS_L, y0, label, Draw.INK);
		final int px = x0 + AXIS_L, py = y0 + lineH + 6;
		g.setStroke(new BasicStroke(1f));
		// y grid and ticks
		final double step = niceStep((hi - lo) / 5);
		for (double t = Math.ceil(lo / step) * step; t <= hi + 1e-9; t += step) {
			final int y = py + PLOT_H - (int) Math.round((t - lo) / (hi - lo) * PLOT_H);
			g.setColor(Draw.GRID);
			g.drawLine(px, y, px + PLOT_W, y);
			final String s = Draw.num(Math.abs(t) < 1e-12 ? 0 : t);
			Draw.text(g, s, px - 6 - Draw.width(small, s), y - Draw.lineHeight(small) / 2, small,
				Draw.MUTED);
		}
		// x ticks: epochs
		final int every = Math.max(1, (int) Math.ceil(n / 10.0));
		for (int e = 1; e <= n; e += every) {
			final int x = xOf(e, n, px);
			g.setColor(Draw.GRID);
			g.drawLine(x, py, x, py + PLOT_H);
			final String s = String.valueOf(e);
			Draw.text(g, s, x - Draw.width(small, s) / 2, py + PLOT_H + 4, small, Draw.MUTED);
		}
		Draw.centred(g, "epoch", px + PLOT_W / 2, py + PLOT_H + 4 + Draw.lineHeight(small), small,
			Draw.MUTED);
		g.setColor(Draw.MUTED);
		g.drawRect(px, py, PLOT_W, PLOT_H);
		g.setStroke(new BasicStroke(2.5f));
		for (int s = 0; s < series.length; s++) {
			g.setColor(COLOURS[s]);
			int lastX = -1, lastY = -1;
			for (int e = 0; e < n; e++) {
				final double v = series[s][e];
				if (!Double.isFinite(v)) {
					lastX = -1;
					continue;
				}
				final int x = xOf(e + 1, n, px), y = py + PLOT_H - (int) Math.round((v - lo) / (hi - lo) *
					PLOT_H);
				if (lastX >= 0) g.drawLine(lastX, lastY, x, y);
				g.fillOval(x - 3, y - 3, 7, 7);
				lastX = x;
				lastY = y;
			}
		}
		g.setStroke(new BasicStroke(1f));
	}

	private static int xOf(final int epoch, final int n, final int px) {
		return n == 1 ? px + PLOT_W / 2 : px + 12 + (int) Math.round((epoch - 1) * (PLOT_W - 24.0) / (n -
			1));
	}

	private static double niceStep(final double raw) {
		final double p = Math.pow(10, Math.floor(Math.log10(raw)));
		final double f = raw / p;
		return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * p;
	}
}
