package io.github.convnetij.nn.train;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Writes a training run's progress as lines of text: a line every
 * {@link TrainingConfig#progressEvery()} batches (speed, loss, accuracy, ETA), one per epoch
 * (training, validation and test accuracy and loss), and one per checkpoint. Lines go to any
 * consumer: a terminal, a log file, ImageJ's status bar or Log window.
 * <pre>{@code
 * TrainingListener log = new ProgressLog(line -> { System.out.println(line); });
 * new Trainer(config).train(net, classes, input, train, test, log, null);
 * }</pre>
 */
public final class ProgressLog implements TrainingListener {

	private final Consumer<String> out;

	/** @param out receives each line, without a line break */
	public ProgressLog(final Consumer<String> out) {
		this.out = out;
	}

	@Override
	public void onStart(final int firstEpoch, final int epochs, final int trainingImages,
		final int validationImages, final int testImages)
	{
		if (firstEpoch > 1) out.accept("resuming at epoch " + firstEpoch + " of " + epochs);
		if (validationImages > 0) out.accept("validation split: " + validationImages +
			" images held out, " + trainingImages + " trained on");
	}

	@Override
	public void onBatch(final Progress p) {
		out.accept(batchLine(p));
	}

	@Override
	public void onEpoch(final EpochMetrics m) {
		out.accept(epochLine(m));
	}

	@Override
	public void onCheckpoint(final Path file) {
		out.accept("checkpoint written to " + file);
	}

	/** {@code epoch 1/10  batch 100/938  2100 images/s  loss 0.5123  accuracy 0.8120  ETA 4m10s}. */
	public static String batchLine(final Progress p) {
		return String.format(Locale.ROOT,
			"epoch %d/%d  batch %d/%d  %.0f images/s  loss %.4f  accuracy %.4f  ETA %s", p.epoch(), p
				.epochs(), p.batch(), p.batches(), p.imagesPerSecond(), p.loss(), p.accuracy(), duration(p
					.etaSeconds()));
	}

	/** {@code epoch 1: loss 0.51, accuracy 0.81, validation accuracy ..., 2100 images/s, 28.5 s}. */
	public static String epochLine(final EpochMetrics m) {
		final StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
			"epoch %d: loss %.4f, accuracy %.4f", m.epoch(), m.loss(), m.accuracy()));
		if (!Double.isNaN(m.validationAccuracy())) sb.append(String.format(Locale.ROOT,
			", validation accuracy %.4f (loss %.4f)", m.validationAccuracy(), m.validationLoss()));
		if (!Double.isNaN(m.testAccuracy())) sb.append(String.format(Locale.ROOT,
			", test accuracy %.4f (loss %.4f)", m.testAccuracy(), m.testLoss()));
		sb.append(String.format(Locale.ROOT, ", %.0f images/s, %.1f s", m.imagesPerSecond(), m
			.seconds()));
		return sb.toString();
	}

	/** {@code 1h02m03s}, {@code 4m05s}, {@code 12s}. */
	public static String duration(final double seconds) {
		final long s = Math.round(seconds);
		if (s >= 3600) return String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s %
			60);
		if (s >= 60) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
		return s + "s";
	}
}
