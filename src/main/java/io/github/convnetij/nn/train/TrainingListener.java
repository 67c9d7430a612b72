package io.github.convnetij.nn.train;

import java.nio.file.Path;

/**
 * Callbacks of a {@link Trainer}, called on the training thread; all do nothing by default. The
 * trainer keeps the loop; saving ({@link CheckpointListener}), early stopping
 * ({@link EarlyStopping}), progress lines, metrics files and live plots are listeners (as DJL's
 * {@code training/listener}). Per epoch, every listener's {@link #afterEpoch} runs first (the
 * trainer's own listeners first: checkpoint, then early stopping), then every {@link #onEpoch}.
 * <pre>{@code
 * TrainingListener l = new TrainingListener() {
 * 	public void onBatch(TrainingListener.Progress p) {
 * 		System.out.printf("epoch %d batch %d/%d %.0f img/s loss %.4f%n", p.epoch(), p.batch(),
 * 			p.batches(), p.imagesPerSecond(), p.loss());
 * 	}
 * };
 * }</pre>
 */
public interface TrainingListener {

	/**
	 * Where training stands.
	 *
	 * @param epoch 1-based
	 * @param epochs total epochs of the run
	 * @param batch batches done in this epoch
	 * @param batches batches per epoch
	 * @param loss mean training loss of this epoch so far
	 * @param accuracy training accuracy of this epoch so far
	 * @param imagesPerSecond training speed in this epoch so far
	 * @param etaSeconds estimated seconds until the whole run ends (evaluation excluded)
	 */
	record Progress(int epoch, int epochs, int batch, int batches, double loss, double accuracy,
		double imagesPerSecond, double etaSeconds) {}

	/**
	 * Before the first epoch (of this run, which may be resumed).
	 *
	 * @param firstEpoch 1-based number of the first epoch to train
	 * @param epochs last epoch
	 * @param trainingImages images trained on per epoch
	 * @param validationImages images of the validation split (0 if none)
	 * @param testImages images of the test set (0 if none)
	 */
	default void onStart(final int firstEpoch, final int epochs, final int trainingImages,
		final int validationImages, final int testImages)
	{}

	/** Every {@link TrainingConfig#progressEvery()} batches and after an epoch's last batch. */
	default void onBatch(final Progress progress) {}

	/**
	 * After each epoch is evaluated: the state of the run, to save it or stop it
	 * ({@link TrainingState#stop()}).
	 */
	default void afterEpoch(final TrainingState state) {}

	/**
	 * After each epoch, once it is evaluated and every {@link #afterEpoch} ran (so checkpointed, if
	 * that was asked for): the metrics, for progress lines and plots.
	 */
	default void onEpoch(final EpochMetrics metrics) {}

	/** After a checkpoint was written. */
	default void onCheckpoint(final Path file) {}

	/**
	 * One listener calling {@code listeners} in order (nulls left out).
	 * <pre>{@code
	 * TrainingListener l = TrainingListener.all(new ProgressLog(System.out::println),
	 *     new MetricsFile(Path.of("metrics.json"), List.of()), new MetricsSeries(plot::update));
	 * }</pre>
	 */
	static TrainingListener all(final TrainingListener... listeners) {
		final java.util.List<TrainingListener> ls = new java.util.ArrayList<>();
		for (final TrainingListener l : listeners)
			if (l != null) ls.add(l);
		return new TrainingListener() {

			@Override
			public void onStart(final int firstEpoch, final int epochs, final int trainingImages,
				final int validationImages, final int testImages)
			{
				for (final TrainingListener l : ls)
					l.onStart(firstEpoch, epochs, trainingImages, validationImages, testImages);
			}

			@Override
			public void onBatch(final Progress progress) {
				for (final TrainingListener l : ls)
					l.onBatch(progress);
			}

			@Override
			public void afterEpoch(final TrainingState state) {
				for (final TrainingListener l : ls)
					l.afterEpoch(state);
			}

			@Override
			public void onEpoch(final EpochMetrics metrics) {
				for (final TrainingListener l : ls)
					l.onEpoch(metrics);
			}

			@Override
			public void onCheckpoint(final Path file) {
				for (final TrainingListener l : ls)
					l.onCheckpoint(file);
			}
		};
	}
}
