package io.github.convnetij.nn;

/**
 * A learning rate as a function of training progress; made by {@link LearningRates}.
 * <pre>{@code
 * LearningRateSchedule s = LearningRates.cosine(10, 0.0);
 * optimizer.setLearningRate(s.rate(1e-3, epoch + batch / (double) batches));
 * }</pre>
 */
@FunctionalInterface
public interface LearningRateSchedule {

	/**
	 * The rate at {@code epoch} (0-based, fractional within an epoch) for the base rate
	 * {@code base}.
	 */
	double rate(double base, double epoch);
}
