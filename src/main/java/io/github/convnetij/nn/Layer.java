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
 * <p>
 * Memory: inside a {@link Network}, the tensors a layer returns from {@link #forward} (except
 * the output node's) and from {@link #backward} (except gradients of the network input) are
 * arrays reused from batch to batch, as deep-learning frameworks do to spare the allocator: they
 * hold until the next forward or backward pass of that layer. A layer used on its own, outside
 * a network, returns new tensors.
 */
public abstract class Layer {

	private final List<Parameter> parameters = new ArrayList<>();
	private final List<Parameter> buffers = new ArrayList<>();
	private String name;
	private int[][] inputShapes;
	private int[] outputShape;
	/** Set by the network: whether outputs and input gradients may reuse this layer's arrays. */
	private boolean reuseOutput, reuseGradient;
	private final float[][] scratch = new float[SLOTS][];

	/** Scratch slots: output, input gradient, and two more a layer may keep for its backward pass. */
	static final int OUTPUT = 0, GRADIENT = 1, KEPT = 2, KEPT2 = 3, SLOTS = 4;

	Layer() {}

	/** The descriptor of this layer's kind (registered in {@link LayerKinds}). */
	public abstract LayerKind<?> kind();

	/** The layer type as written in architecture strings: {@code conv}, {@code relu}, ... */
	public final String type() {
		return kind().type();
	}

	/** Whether this layer has a capability (asked of its {@link #kind()}). */
	public final boolean has(final LayerKind.Capability c) {
		return kind().test(this, c);
	}

	/**
	 * The attributes that define this layer (besides its parameter values), in a fixed order;
	 * values are {@code Integer}, {@code Float}, {@code Boolean}, {@code String} or {@code int[]}.
	 * Attributes that depend on the input shape (such as the pads of {@code same} padding) are
	 * resolved once the layer is built.
	 */
	public Map<String, Object> attributes() {
		return new LinkedHashMap<>();
	}

	/** Number of inputs: 1, 2 for {@code add}, as many as given for {@code concat}. */
	public int numInputs() {
		return kind().numInputs();
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

	/**
	 * The element-wise function of a {@link LayerKind.Capability#COMMUTES_WITH_MAX} layer on a tensor
	 * of any shape (the executor applies it after the max pooling that reads it); keeps what
	 * {@link #applyToBackward} needs in training mode.
	 */
	Tensor applyTo(final Tensor x, final boolean training) {
		throw new UnsupportedOperationException(type() + " is not element-wise");
	}

	/**
	 * Inference-mode forward pass followed by {@code max(y, 0)} ({@link Math#max}) on every output
	 * element, for a {@link LayerKind.Capability#RELU_EPILOGUE} layer whose output only a ReLU reads
	 * (the executor then skips the ReLU node).
	 */
	Tensor forwardRelu(final Tensor[] inputs) {
		throw new UnsupportedOperationException(type() + " has no ReLU epilogue");
	}

	/**
	 * Inference forward with {@code addend} (a tensor of the output's shape) added to the output,
	 * then with {@code relu} {@code Math.max(x, 0f)}, as it is written: bitwise the values of this
	 * node, then a {@link LayerKind.Capability#SUM_OF_TWO} node, then a ReLU. Only for kinds with
	 * {@link LayerKind.Capability#RESIDUAL_EPILOGUE}.
	 */
	Tensor forwardResidual(final Tensor[] inputs, final Tensor addend, final boolean relu) {
		throw new UnsupportedOperationException(type() + " cannot add a residual to its output");
	}

	/** The backward pass of {@link #applyTo} after a training-mode call. */
	Tensor applyToBackward(final Tensor gradOutput) {
		throw new UnsupportedOperationException(type() + " is not element-wise");
	}

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

	/**
	 * Lets {@link #output} and {@link #gradient} hand out the same arrays batch after batch instead of
	 * new ones (set by {@link Network} for intermediate nodes: their tensors are read only until
	 * the next forward or backward pass).
	 */
	final void setReuse(final boolean outputs, final boolean gradients) {
		reuseOutput = outputs;
		reuseGradient = gradients;
	}

	/**
	 * A tensor for this layer's forward output: new and zeroed, or (inside a network) the array of
	 * the previous batch with stale contents, which the caller overwrites entirely.
	 */
	final Tensor output(final int[] shape) {
		if (reuseOutput && pool != null) {
			return Tensor.of(pool.take(this, shape), shape);
		}
		return reuse(reuseOutput, OUTPUT, shape);
	}

	/**
	 * Set by the executor during an inference pass: intermediate outputs then come from its pool,
	 * which takes each back once no later node reads it (see {@link Executor}).
	 */
	Executor.BufferPool pool;

	/** As {@link #output}, for the gradient with respect to the input. */
	final Tensor gradient(final int[] shape) {
		return reuse(reuseGradient, GRADIENT, shape);
	}

	/** As {@link #output}, for state kept for the backward pass (slot {@link #KEPT} or {@link #KEPT2}). */
	final Tensor kept(final int slot, final int[] shape) {
		return reuse(reuseOutput, slot, shape);
	}

	private Tensor reuse(final boolean allowed, final int slot, final int[] shape) {
		if (!allowed) return Tensor.zeros(shape);
		long n = 1;
		for (final int s : shape)
			n *= s;
		float[] a = scratch[slot];
		if (a == null || a.length != n) scratch[slot] = a = Budgets.floats(this, slot == GRADIENT ? "gradient" : "output", shape);
		return Tensor.of(a, shape);
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
