package io.github.convnetij.nn;

import java.util.Map;

import io.github.convnetij.compute.Tensor;

/**
 * Updates a fixed list of parameters from their gradients; made by {@link Optimizers}.
 * <pre>{@code
 * Optimizer opt = Optimizers.adam(1e-3).build(net.parameters());
 * net.computeGradients(x, labels);
 * opt.step();
 * }</pre>
 * For checkpoints, {@link #state()} and {@link #steps()} hold everything needed to continue
 * bitwise exactly after {@link #loadState} and {@link #setSteps}.
 */
public interface Optimizer {

	/** One update of every bound parameter from its current gradient. */
	void step();

	/** Number of {@link #step()} calls so far (Adam's bias correction uses it). */
	long steps();

	/** Sets the step counter (to resume from a checkpoint). */
	void setSteps(long steps);

	/** The learning rate the next {@link #step()} uses. */
	double learningRate();

	/** Sets the learning rate (schedules call this, see {@link LearningRates}). */
	void setLearningRate(double rate);

	/**
	 * The optimizer's state tensors by name, e.g. {@code conv1.weight.m}, {@code conv1.weight.v}
	 * (Adam) or {@code conv1.weight.momentum} (SGD): live tensors, not copies. Empty for plain SGD.
	 */
	Map<String, Tensor> state();

	/**
	 * Copies saved state into {@link #state()}.
	 *
	 * @throws IllegalArgumentException if a name is missing or unknown or a shape differs, naming it
	 */
	void loadState(Map<String, Tensor> saved);

	/** A short description, e.g. {@code adam(lr=0.001, betas=0.9/0.999, eps=1e-8)}. */
	String describe();
}
