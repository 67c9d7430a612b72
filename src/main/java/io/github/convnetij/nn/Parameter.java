package io.github.convnetij.nn;

import io.github.convnetij.compute.Tensor;

/**
 * A named tensor of a layer: a trainable parameter with its gradient (a conv or dense weight or
 * bias, a batch-norm scale or shift), or a buffer without one (a batch-norm running mean or
 * variance). The name is the node name and the tensor's role, e.g. {@code conv1.weight},
 * {@code bn1.running_mean}.
 * <p>
 * {@link #value()} and {@link #grad()} are the live tensors the layer computes with: an optimizer
 * updates {@code value().data()} in place, a model or checkpoint reader copies values into it.
 * Whoever writes into {@code value().data()} calls {@link #changed()} afterwards: layers may keep
 * derived forms of a value for inference (a conv layer's weights packed for its matrix product),
 * made again when the {@link #version()} moves on. A training-mode forward pass never uses them.
 * <pre>{@code
 * for (Parameter p : network.parameters()) {
 *     System.arraycopy(loaded.get(p.name()), 0, p.value().data(), 0, p.value().numel());
 *     p.changed();
 * }
 * }</pre>
 */
public final class Parameter {

	private final String name;
	private final String role;
	private final Tensor value;
	private final boolean trainable;
	/** Made on first use: an imported network that only predicts never needs it. */
	private volatile Tensor grad;
	private volatile long version;

	Parameter(final String name, final String role, final Tensor value, final boolean trainable) {
		this.name = name;
		this.role = role;
		this.value = value;
		this.trainable = trainable;
	}

	/** The full name, {@code node.role}, e.g. {@code conv1.weight}. */
	public String name() {
		return name;
	}

	/**
	 * The role within its layer: {@code weight}, {@code bias}, {@code running_mean},
	 * {@code running_var}.
	 */
	public String role() {
		return role;
	}

	/** The value (live, not a copy). */
	public Tensor value() {
		return value;
	}

	/**
	 * The gradient of the loss with respect to {@link #value()} from the last backward pass (live,
	 * same shape), or null for a buffer.
	 */
	public Tensor grad() {
		if (!trainable) return null;
		Tensor g = grad;
		if (g == null) synchronized (this) {
			g = grad;
			if (g == null) grad = g = Tensor.zeros(value.shape());
		}
		return g;
	}

	/** Whether an optimizer updates this tensor (false for buffers such as running statistics). */
	public boolean trainable() {
		return trainable;
	}

	/**
	 * Says that {@code value().data()} was written: forms derived from the value (see the class
	 * doc) are made again before their next use.
	 */
	public void changed() {
		version++;
	}

	/** A counter that {@link #changed()} moves on. */
	public long version() {
		return version;
	}

	@Override
	public String toString() {
		return name + value;
	}
}
