package io.github.convnetij.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.github.convnetij.compute.Tensor;

/**
 * One node's operation in a {@link Network}: forward and backward on batched tensors.
 * <p>
 * A layer is made by {@link Layers} (unbuilt), then built once by {@link Network.Builder#add}
 * with the per-sample shapes of its inputs (without the batch axis: {@code [C, H, W]} or
 * {@code [F]}); building allocates its parameters. Forward takes batched tensors
 * {@code [N, ...]}; {@link #backward} uses what the last {@code forward(..., true)} kept and
 * <em>overwrites</em> the gradients of the layer's parameters (it does not accumulate).
 * <pre>{@code
 * Network net = Network.builder(1, 28, 28).add("conv1", Layers.conv(32, 3).same()).build();
 * Layer conv = net.node("conv1").layer();
 * Tensor y = conv.forward(x, true);               // x: [N, 1, 28, 28]
 * Tensor dx = conv.backward(dy, true)[0];         // fills conv.parameters().get(i).grad()
 * }</pre>
 * The {@link #type()} and {@link #attributes()} describe the layer completely, so that a model
 * writer can map it to ONNX and {@link Layers#create} can make it again (see the package
 * documentation for the attribute names of each type). Layers are not thread-safe; the kernels
 * they call are multithreaded through ImgLib2's {@code Parallelization}.
 */
public abstract class Layer {

	private final List<Parameter> parameters = new ArrayList<>();
	private final List<Parameter> buffers = new ArrayList<>();
	private String name;
	private int[][] inputShapes;
	private int[] outputShape;

	Layer() {}

	/** The layer type as written in architecture strings: {@code conv}, {@code relu}, ... */
	public abstract String type();

	/**
	 * The attributes that define this layer (besides its parameter values), in a fixed order;
	 * values are {@code Integer}, {@code Float}, {@code Boolean}, {@code String} or {@code int[]}.
	 * Attributes that depend on the input shape (such as the pads of {@code same} padding) are
	 * resolved once the layer is built.
	 */
	public Map<String, Object> attributes() {
		return new LinkedHashMap<>();
	}

	/** Number of inputs: 1, or 2 for {@code add}. */
	public int numInputs() {
		return 1;
	}

	/** The node name given when built, or null before. */
	public final String name() {
		return name;
	}

	/** Whether {@link Network.Builder#add} has built this layer. */
	public final boolean isBuilt() {
		return outputShape != null;
	}

	/** Per-sample shape of input {@code i} (no batch axis); the layer must be built. */
	public final int[] inputShape(final int i) {
		checkBuilt();
		return inputShapes[i].clone();
	}

	/** Per-sample output shape (no batch axis); the layer must be built. */
	public final int[] outputShape() {
		checkBuilt();
		return outputShape.clone();
	}

	/** The trainable parameters with their gradients, in a fixed order (e.g. weight, bias). */
	public final List<Parameter> parameters() {
		return Collections.unmodifiableList(parameters);
	}

	/** Non-trainable state saved with the model (batch-norm running statistics). */
	public final List<Parameter> buffers() {
		return Collections.unmodifiableList(buffers);
	}

	/** Parameter or buffer by role ({@code weight}, {@code bias}, {@code running_mean}...), or null. */
	public final Parameter parameter(final String role) {
		for (final Parameter p : parameters)
			if (p.role().equals(role)) return p;
		for (final Parameter p : buffers)
			if (p.role().equals(role)) return p;
		return null;
	}

	/**
	 * Forward pass of a batch. In training mode ({@code training = true}) the layer keeps what its
	 * backward pass needs; batch norm uses the batch statistics and updates its running ones;
	 * dropout drops. Inputs are not modified.
	 *
	 * @param inputs {@link #numInputs()} tensors {@code [N, ...inputShape(i)]}
	 * @throws IllegalArgumentException if an input shape does not match the built shape
	 */
	public abstract Tensor forward(Tensor[] inputs, boolean training);

	/** {@link #forward(Tensor[], boolean)} of a single-input layer. */
	public final Tensor forward(final Tensor input, final boolean training) {
		return forward(new Tensor[] { input }, training);
	}

	/**
	 * Backward pass for the batch of the last training-mode forward: sets (overwrites) the
	 * parameter gradients to d(loss)/d(parameter) and returns d(loss)/d(input) for each input, or
	 * nulls if {@code inputGradients} is false (the first layer of a network needs none).
	 *
	 * @param gradOutput d(loss)/d(output), the shape of the last output
	 * @throws IllegalStateException if there was no training-mode forward pass before
	 */
	public abstract Tensor[] backward(Tensor gradOutput, boolean inputGradients);

	/**
	 * Builds the layer for these per-sample input shapes: checks them, allocates parameters and
	 * returns the output shape. Messages of exceptions name the shapes; the network adds the node.
	 */
	abstract int[] build(int[][] inputShapes);

	/**
	 * (Re)initialises the parameters from {@code rnd} (He or Glorot for weights as the layer
	 * chooses, zeros for biases, ones for scales) and resets buffers. {@code heInit} tells whether
	 * a ReLU-like activation follows (He) or not (Glorot).
	 */
	void initialize(final Random rnd, final boolean heInit) {}

	/** Called by the network when the training step counter changes (dropout masks use it). */
	void setStep(final long seed, final long step) {}

	final void bind(final String nodeName, final int[][] shapes) {
		if (outputShape != null) throw new IllegalStateException("layer " + type() +
			" is already built as node '" + name + "': make a new one for each node");
		this.name = nodeName;
		final int[][] copy = new int[shapes.length][];
		for (int i = 0; i < shapes.length; i++)
			copy[i] = shapes[i].clone();
		final int[] out = build(copy);
		this.inputShapes = copy;
		this.outputShape = out.clone();
	}

	final Parameter addParameter(final String role, final Tensor value) {
		final Parameter p = new Parameter(name + "." + role, role, value, true);
		parameters.add(p);
		return p;
	}

	final Parameter addBuffer(final String role, final Tensor value) {
		final Parameter p = new Parameter(name + "." + role, role, value, false);
		buffers.add(p);
		return p;
	}

	/**
	 * Input {@code i} of a forward call, checked against the built shape.
	 *
	 * @throws IllegalArgumentException for a wrong number of inputs or a shape other than
	 *           {@code [N, ...inputShape(i)]}
	 */
	final Tensor checkInput(final Tensor[] inputs, final int i) {
		checkBuilt();
		if (inputs == null || inputs.length != inputShapes.length) throw new IllegalArgumentException(
			"node '" + name + "' (" + type() + ") takes " + inputShapes.length + " input(s), got " +
				(inputs == null ? 0 : inputs.length));
		final Tensor x = inputs[i];
		if (x == null) throw new IllegalArgumentException("input " + i + " of node '" + name +
			"' is null");
		final int[] s = x.shape();
		final int[] e = inputShapes[i];
		boolean ok = s.length == e.length + 1;
		for (int d = 0; ok && d < e.length; d++)
			ok = s[d + 1] == e[d];
		if (!ok) throw new IllegalArgumentException("node '" + name + "' (" + type() +
			") expects input [N, " + Arrays.toString(e).substring(1) + ", got " + Arrays.toString(s));
		return x;
	}

	/** What the last training-mode forward kept, or an exception saying that there was none. */
	final <T> T requireForward(final T kept) {
		if (kept == null) throw new IllegalStateException("node '" + name + "' (" + type() +
			"): backward needs a forward pass in training mode first");
		return kept;
	}

	private void checkBuilt() {
		if (outputShape == null) throw new IllegalStateException("layer " + type() +
			" is not built yet: add it to a Network.Builder");
	}

	@Override
	public String toString() {
		return Architectures.format(this);
	}
}
