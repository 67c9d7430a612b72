package io.github.convnetij.nn.train;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.Optimizer;
import io.github.convnetij.nn.onnx.ModelFile;

/**
 * Where a training run stands after an epoch, as the trainer's own listeners
 * ({@link CheckpointListener}, {@link EarlyStopping}) see it in
 * {@link TrainingListener#afterEpoch}: the network, the optimizer, the completed epochs' metrics,
 * the best monitored accuracy so far, and a way to stop the run after this epoch.
 * <pre>{@code
 * public void afterEpoch(TrainingState s) {
 * 	if (s.epochsWithoutImprovement() >= 3) s.stop();
 * }
 * }</pre>
 * Valid only during the call; not thread-safe.
 */
public final class TrainingState {

	private final TrainingConfig config;
	private final ModelFile model;
	private final Optimizer optimizer;
	private final List<EpochMetrics> history;
	private final int trainingImages;
	private final List<TrainingListener> listeners;
	int epoch;
	double best;
	int bestEpoch, badEpochs;
	boolean stop;
	Path checkpoint;

	TrainingState(final TrainingConfig config, final ModelFile model, final Optimizer optimizer,
		final List<EpochMetrics> history, final int trainingImages,
		final List<TrainingListener> listeners)
	{
		this.config = config;
		this.model = model;
		this.optimizer = optimizer;
		this.history = history;
		this.trainingImages = trainingImages;
		this.listeners = listeners;
	}

	public TrainingConfig config() {
		return config;
	}

	/** The model being trained (its metadata; the network holds the current weights). */
	public ModelFile model() {
		return model;
	}

	public Network network() {
		return model.network();
	}

	public Optimizer optimizer() {
		return optimizer;
	}

	/** The last completed epoch, 1-based. */
	public int epoch() {
		return epoch;
	}

	/** The metrics of every completed epoch (resumed ones included). */
	public List<EpochMetrics> history() {
		return Collections.unmodifiableList(history);
	}

	/** The best monitored accuracy ({@link EpochMetrics#monitored()}) so far, NaN if none. */
	public double best() {
		return best;
	}

	/** The epoch of {@link #best()}, 0 if none. */
	public int bestEpoch() {
		return bestEpoch;
	}

	/** Epochs since the monitored accuracy last improved. */
	public int epochsWithoutImprovement() {
		return badEpochs;
	}

	/** Images of the whole training set (before the validation split). */
	public int trainingImages() {
		return trainingImages;
	}

	/** The last checkpoint written, or null. */
	public Path checkpoint() {
		return checkpoint;
	}

	/** Ends the run after this epoch (early stopping). */
	public void stop() {
		stop = true;
	}

	/** Whether {@link #stop()} was called. */
	public boolean stopped() {
		return stop;
	}

	/** Records a checkpoint written by a listener and tells every listener. */
	public void checkpointWritten(final Path file) {
		checkpoint = file;
		for (final TrainingListener l : listeners)
			l.onCheckpoint(file);
	}
}
