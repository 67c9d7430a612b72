package io.github.convnetij.nn.train;

/**
 * Stops a run when the monitored accuracy (validation, else test: {@link EpochMetrics#monitored()})
 * has not improved for {@code patience} epochs. The trainer adds one when
 * {@link TrainingConfig#patience()} is above 0; the count of epochs without improvement is kept
 * by the trainer and in checkpoints, so a resumed run stops where the uninterrupted one would.
 * <pre>{@code
 * TrainingConfig c = TrainingConfig.builder().validationSplit(0.1).patience(3).build(); // adds this listener
 * }</pre>
 */
public final class EarlyStopping implements TrainingListener {

	private final int patience;

	/** @param patience epochs without improvement before stopping, &gt;= 1 */
	public EarlyStopping(final int patience) {
		if (patience < 1) throw new IllegalArgumentException("patience " + patience +
			" is not allowed here: expected a whole number >= 1");
		this.patience = patience;
	}

	@Override
	public void afterEpoch(final TrainingState s) {
		if (s.epochsWithoutImprovement() >= patience && s.epoch() < s.config().epochs()) s.stop();
	}
}
