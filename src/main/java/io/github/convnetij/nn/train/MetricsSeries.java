package io.github.convnetij.nn.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * The hook for live plots: collects the training loss and accuracy at every progress report
 * (x = fractional epoch, so a point after 300 of 938 batches of epoch 2 is at 1.32) and the
 * validation and test loss and accuracy after every epoch (x = the epoch), and hands itself to
 * {@code onUpdate} after each new point. The ImageJ front end redraws its Plot there; headless,
 * it draws the same series into a file at the end.
 * <pre>{@code
 * MetricsSeries series = new MetricsSeries(s -> plot.update(s.x(MetricsSeries.Series.TRAINING_LOSS),
 *     s.y(MetricsSeries.Series.TRAINING_LOSS)));
 * }</pre>
 * Called on the training thread; {@code onUpdate} must be quick (or hand over to another thread).
 */
public final class MetricsSeries implements TrainingListener {

	/** The series kept. */
	public enum Series {
		TRAINING_LOSS, TRAINING_ACCURACY, VALIDATION_LOSS, VALIDATION_ACCURACY, TEST_LOSS,
		TEST_ACCURACY
	}

	private final List<List<double[]>> points = new ArrayList<>();
	private final Consumer<MetricsSeries> onUpdate;

	/** @param onUpdate called after each new point, or null */
	public MetricsSeries(final Consumer<MetricsSeries> onUpdate) {
		this.onUpdate = onUpdate;
		for (int i = 0; i < Series.values().length; i++)
			points.add(new ArrayList<>());
	}

	@Override
	public void onBatch(final Progress p) {
		final double x = p.epoch() - 1 + p.batch() / (double) p.batches();
		add(Series.TRAINING_LOSS, x, p.loss());
		add(Series.TRAINING_ACCURACY, x, p.accuracy());
		if (onUpdate != null) onUpdate.accept(this);
	}

	@Override
	public void onEpoch(final EpochMetrics m) {
		add(Series.VALIDATION_LOSS, m.epoch(), m.validationLoss());
		add(Series.VALIDATION_ACCURACY, m.epoch(), m.validationAccuracy());
		add(Series.TEST_LOSS, m.epoch(), m.testLoss());
		add(Series.TEST_ACCURACY, m.epoch(), m.testAccuracy());
		if (onUpdate != null) onUpdate.accept(this);
	}

	private void add(final Series s, final double x, final double y) {
		if (!Double.isNaN(y)) points.get(s.ordinal()).add(new double[] { x, y });
	}

	/** The points of {@code s} so far, each {@code {x, y}}. */
	public List<double[]> points(final Series s) {
		return Collections.unmodifiableList(points.get(s.ordinal()));
	}

	/** The x values of {@code s}. */
	public double[] x(final Series s) {
		return column(s, 0);
	}

	/** The y values of {@code s}. */
	public double[] y(final Series s) {
		return column(s, 1);
	}

	private double[] column(final Series s, final int c) {
		final List<double[]> p = points.get(s.ordinal());
		final double[] out = new double[p.size()];
		for (int i = 0; i < out.length; i++)
			out[i] = p.get(i)[c];
		return out;
	}
}
