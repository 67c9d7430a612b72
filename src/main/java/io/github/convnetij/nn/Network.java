package io.github.convnetij.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.github.convnetij.compute.Tensor;

/**
 * A directed acyclic graph of named layers with one input and one output: forward and backward
 * passes over a batch, its parameters, and a description of each node for model files.
 * <p>
 * Shapes are per sample (no batch axis): the input is {@code [C, H, W]} (or {@code [C, W]},
 * {@code [C, D, H, W]}); tensors passed to {@link #forward} are batched, {@code [N, C, H, W]}.
 * Nodes are kept in the order they were added, which is a topological order; each node reads the
 * outputs of earlier nodes or of the graph input {@link #INPUT}, and the last node is the output.
 * <pre>{@code
 * Network net = Architectures.parse("conv(8,3,pad=same), relu, maxpool(2), flatten, dense(10), softmax",
 *     new int[] {1, 28, 28}, 10);
 * net.initialize(42);
 * Network.BatchResult r = net.computeGradients(images, labels);    // images [N, 1, 28, 28]
 * optimizer.step();                                                 // bound to net.parameters()
 * Tensor probabilities = net.forward(images, false);                // [N, 10]
 * }</pre>
 * Residual blocks: {@code builder.add("sum", Layers.add(), "relu2", "pool1")}. Model readers
 * rebuild a network from node descriptions: {@code builder.add(name, Layers.create(type, attrs),
 * inputs...)}, then copy the tensors into {@link #parameters()} and {@link #buffers()} by name.
 * Not thread-safe; the kernels inside are multithreaded through ImgLib2's {@code Parallelization}.
 */
public final class Network {

	/** The name by which nodes refer to the graph input. */
	public static final String INPUT = "input";

	/** The loss and number of correct predictions of one batch. */
	public static final class BatchResult {

		private final double loss;
		private final int correct, count;

		BatchResult(final double loss, final int correct, final int count) {
			this.loss = loss;
			this.correct = correct;
			this.count = count;
		}

		/** Mean softmax cross-entropy over the batch. */
		public double loss() {
			return loss;
		}

		/** Number of samples whose highest score is at their label. */
		public int correct() {
			return correct;
		}

		/** Batch size. */
		public int count() {
			return count;
		}
	}

	/** A node of the graph: a name, a built layer and the names of its inputs. */
	public static final class Node {

		private final String name;
		private final Layer layer;
		private final List<String> inputs;

		Node(final String name, final Layer layer, final List<String> inputs) {
			this.name = name;
			this.layer = layer;
			this.inputs = Collections.unmodifiableList(new ArrayList<>(inputs));
		}

		public String name() {
			return name;
		}

		public Layer layer() {
			return layer;
		}

		/** Names of the input nodes ({@link Network#INPUT} for the graph input), in order. */
		public List<String> inputs() {
			return inputs;
		}

		/** Per-sample output shape. */
		public int[] outputShape() {
			return layer.outputShape();
		}

		@Override
		public String toString() {
			return name + " = " + layer + inputs;
		}
	}

	/**
	 * Adds nodes one by one, building each layer for the shapes of its inputs.
	 * <pre>{@code
	 * Network.Builder b = Network.builder(3, 32, 32);
	 * b.add("conv1", Layers.conv(16, 3));          // reads the previous node (here the input)
	 * b.add(Layers.relu());                        // named relu1
	 * b.add("sum", Layers.add(), "relu1", "conv1");
	 * Network net = b.build();
	 * }</pre>
	 */
	public static final class Builder {

		private final int[] inputShape;
		private final List<Node> nodes = new ArrayList<>();
		private final Map<String, Node> byName = new HashMap<>();
		private final Map<String, Integer> typeCounts = new HashMap<>();

		Builder(final int[] inputShape) {
			if (inputShape == null || inputShape.length < 1 || inputShape.length > 4)
				throw new IllegalArgumentException("input shape " + Arrays.toString(inputShape) +
					" must be [C, W], [C, H, W], [C, D, H, W] or [F]");
			for (final int s : inputShape)
				if (s < 1) throw new IllegalArgumentException("input shape " + Arrays.toString(inputShape) +
					" must have positive extents");
			this.inputShape = inputShape.clone();
		}

		/** Adds {@code layer} reading the previous node, named after its type ({@code conv1}, ...). */
		public Builder add(final Layer layer) {
			return add(null, layer);
		}

		/**
		 * Adds a node. {@code name} null gives a name from the type and a counter ({@code conv2});
		 * no {@code inputs} means the previous node (or the input for the first node).
		 *
		 * @throws IllegalArgumentException for a duplicate or reserved name, an unknown input, the
		 *           wrong number of inputs, or input shapes the layer cannot take — naming the node,
		 *           the layer and the shapes
		 */
		public Builder add(final String name, final Layer layer, final String... inputs) {
			if (layer == null) throw new IllegalArgumentException("layer is null");
			final String n = name != null ? name : freshName(layer.type());
			if (n.isEmpty() || n.equals(INPUT) || byName.containsKey(n)) throw new IllegalArgumentException(
				"node name '" + n + "' is " + (n.isEmpty() ? "empty" : n.equals(INPUT) ? "reserved" :
					"already used"));
			final List<String> in = new ArrayList<>();
			if (inputs == null || inputs.length == 0) in.add(last());
			else in.addAll(Arrays.asList(inputs));
			if (in.size() != layer.numInputs()) throw new IllegalArgumentException("node '" + n + "' (" +
				layer.type() + ") takes " + layer.numInputs() + " input(s) but was given " + in);
			final int[][] shapes = new int[in.size()][];
			for (int i = 0; i < in.size(); i++)
				shapes[i] = shape(in.get(i));
			try {
				layer.bind(n, shapes);
				Budgets.node(n, layer, shapes);
			}
			catch (final IllegalArgumentException e) {
				throw new IllegalArgumentException("node '" + n + "' (" + layer.type() + ") with input " +
					describe(in, shapes) + ": " + e.getMessage(), e);
			}
			final Node node = new Node(n, layer, in);
			nodes.add(node);
			byName.put(n, node);
			return this;
		}

		/** Name of the last node added ({@link #INPUT} if none). */
		public String last() {
			return nodes.isEmpty() ? INPUT : nodes.get(nodes.size() - 1).name;
		}

		/**
		 * Per-sample output shape of a node, or the input shape for {@link #INPUT}.
		 *
		 * @throws IllegalArgumentException for an unknown name, listing the known ones
		 */
		public int[] shape(final String node) {
			if (INPUT.equals(node)) return inputShape.clone();
			final Node nd = byName.get(node);
			if (nd == null) throw new IllegalArgumentException("no node named '" + node + "' before this" +
				" point; known: " + known());
			return nd.outputShape();
		}

		/** Whether a node of this name was added. */
		public boolean has(final String node) {
			return byName.containsKey(node);
		}

		/**
		 * The network; its output is the last node. Parameters are initialised from seed 0.
		 *
		 * @throws IllegalArgumentException if no node was added
		 */
		public Network build() {
			return build(true);
		}

		/**
		 * The network, with its parameters initialised from seed 0 ({@link #build()}) or, for an
		 * importer that then sets every parameter and buffer itself, left at zero (skipping the
		 * random draws, which take most of the time of loading a large model).
		 *
		 * @throws IllegalArgumentException if no node was added
		 */
		public Network build(final boolean initialize) {
			if (nodes.isEmpty()) throw new IllegalArgumentException("a network needs at least one layer");
			final Network net = new Network(inputShape, nodes);
			Budgets.network(net);
			if (initialize) net.initialize(0);
			else net.setStep(0);
			return net;
		}

		private String freshName(final String type) {
			int k = typeCounts.getOrDefault(type, 0);
			String n;
			do
				n = type + ++k;
			while (byName.containsKey(n));
			typeCounts.put(type, k);
			return n;
		}

		private String known() {
			final List<String> k = new ArrayList<>();
			k.add(INPUT);
			for (final Node nd : nodes)
				k.add(nd.name);
			return String.join(", ", k);
		}

		private static String describe(final List<String> in, final int[][] shapes) {
			final StringBuilder sb = new StringBuilder();
			for (int i = 0; i < in.size(); i++) {
				if (i > 0) sb.append(" and ");
				sb.append(Arrays.toString(shapes[i])).append(" from ").append(in.get(i));
			}
			return sb.toString();
		}
	}

	private final Graph graph;
	private final Executor executor;
	private final Map<String, Node> byName = new LinkedHashMap<>();
	private final List<Parameter> parameters = new ArrayList<>();
	private final List<Parameter> buffers = new ArrayList<>();
	private long seed;
	private long step;

	private Network(final int[] inputShape, final List<Node> nodes) {
		graph = new Graph(inputShape, nodes);
		for (final Node nd : graph.nodes()) {
			byName.put(nd.name, nd);
			parameters.addAll(nd.layer.parameters());
			buffers.addAll(nd.layer.buffers());
		}
		executor = Executor.fused(graph);
	}

	/** A builder for a network whose per-sample input has this shape, e.g. {@code (1, 28, 28)}. */
	public static Builder builder(final int... inputShape) {
		return new Builder(inputShape);
	}

	/** The immutable graph: nodes, edges, shapes. */
	public Graph graph() {
		return graph;
	}

	/** The fused executor that {@link #forward}, {@link #backward} and training use. */
	public Executor executor() {
		return executor;
	}

	/** The nodes in topological order (the order they were added); the last is the output. */
	public List<Node> nodes() {
		return graph.nodes();
	}

	/** A node by name, or null. */
	public Node node(final String name) {
		return byName.get(name);
	}

	/** Per-sample input shape. */
	public int[] inputShape() {
		return graph.inputShape();
	}

	/** Per-sample output shape. */
	public int[] outputShape() {
		return graph.outputShape();
	}

	/** All trainable parameters, node by node, in a fixed order. */
	public List<Parameter> parameters() {
		return Collections.unmodifiableList(parameters);
	}

	/** All buffers (batch-norm running statistics), node by node. */
	public List<Parameter> buffers() {
		return Collections.unmodifiableList(buffers);
	}

	/** A parameter or buffer by its full name ({@code conv1.weight}), or null. */
	public Parameter parameter(final String name) {
		for (final Parameter p : parameters)
			if (p.name().equals(name)) return p;
		for (final Parameter p : buffers)
			if (p.name().equals(name)) return p;
		return null;
	}

	/** Number of trainable scalars. */
	public long numParameters() {
		long n = 0;
		for (final Parameter p : parameters)
			n += p.value().numel();
		return n;
	}

	/**
	 * Initialises every parameter from a generator seeded with {@code seed}: He-uniform weights
	 * for conv/dense layers followed by a ReLU-like activation (directly or after pooling,
	 * batch norm or dropout), Glorot-uniform otherwise; zero biases; batch-norm scale 1, shift 0,
	 * running mean 0 and variance 1. Also resets the training step to 0 and sets the dropout seed.
	 * The same seed gives bitwise the same parameters.
	 */
	public void initialize(final long seed) {
		this.seed = seed;
		final Random rnd = new Random(seed);
		for (int i = 0; i < graph.size(); i++)
			graph.node(i).layer.initialize(rnd, graph.followedByReluLike(i));
		for (final Parameter p : parameters)
			p.changed();
		for (final Parameter p : buffers)
			p.changed();
		setStep(0);
	}

	/** The seed of the last {@link #initialize}. */
	public long seed() {
		return seed;
	}

	/** The training step counter (batches trained so far); dropout masks depend on it. */
	public long step() {
		return step;
	}

	/** Sets the training step counter (to resume from a checkpoint). */
	public void setStep(final long step) {
		this.step = step;
		for (final Node nd : graph.nodes())
			nd.layer.setStep(seed, step);
	}

	/**
	 * Forward pass of a batch {@code [N, ...inputShape()]}; returns the output node's tensor
	 * {@code [N, ...outputShape()]}. Training mode keeps what {@link #backward} needs.
	 *
	 * @throws IllegalArgumentException if the input does not have shape {@code [N, ...inputShape()]}
	 */
	public Tensor forward(final Tensor input, final boolean training) {
		return executor.forward(input, training);
	}

	/**
	 * Backward pass after a training-mode {@link #forward}: sets every parameter gradient and
	 * returns d(loss)/d(input), or null if {@code inputGradient} is false.
	 *
	 * @param gradOutput d(loss)/d(output), shaped as the last output
	 */
	public Tensor backward(final Tensor gradOutput, final boolean inputGradient) {
		return executor.backward(gradOutput, inputGradient);
	}

	/**
	 * One training batch: forward in training mode, the mean softmax cross-entropy of the
	 * <em>logits</em> (the input of a final softmax node, else the output) against {@code labels},
	 * fused and numerically stable, and the backward pass, which sets every parameter's gradient.
	 * Then advances the training step. Call the optimizer's {@code step()} afterwards.
	 * <p>
	 * Kept for compatibility: the loss lives in the training step, {@link
	 * LossStep#softmaxCrossEntropy}, to which this delegates.
	 *
	 * @param labels one class index in {@code [0, classes)} per sample
	 * @throws IllegalArgumentException if the number of labels is not the batch size or a label is
	 *           out of range
	 */
	public BatchResult computeGradients(final Tensor input, final int[] labels) {
		return LossStep.softmaxCrossEntropy(this, input, labels);
	}

	/** Forward in inference mode. */
	public Tensor predict(final Tensor input) {
		return forward(input, false);
	}

	/** The architecture string of this network (parsed back by {@link Architectures#parse}). */
	public String architecture() {
		return Architectures.format(this);
	}

	@Override
	public String toString() {
		return "Network" + Arrays.toString(graph.inputShape()) + " -> " + Arrays.toString(outputShape()) + ": " +
			architecture();
	}
}
