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
 * <pre>{@code
 * for (Parameter p : network.parameters())
 *     System.arraycopy(loaded.get(p.name()), 0, p.value().data(), 0, p.value().numel());
 * }</pre>
 */
public final class Parameter {

	private final String name;
	private final String role;
	private final Tensor value;
	private final Tensor grad;

	Parameter(final String name, final String role, final Tensor value, final boolean trainable) {
		this.name = name;
		this.role = role;
		this.value = value;
		this.grad = trainable ? Tensor.zeros(value.shape()) : null;
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
		return grad;
	}

	/** Whether an optimizer updates this tensor (false for buffers such as running statistics). */
	public boolean trainable() {
		return grad != null;
	}

	@Override
	public String toString() {
		return name + value;
	}
}
