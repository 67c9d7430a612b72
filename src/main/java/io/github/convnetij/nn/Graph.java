package io.github.convnetij.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The immutable structure of a {@link Network}: its nodes in topological order, who reads whom,
 * and the per-sample shapes. It answers structural questions by asking each node's
 * {@link LayerKind}; running it is the {@link Executor}'s job, the loss the training step's.
 * <p>
 * The nodes' layers hold the parameters (mutable values); the graph's shape, order and edges
 * never change.
 */
public final class Graph {

	private final int[] inputShape;
	private final List<Network.Node> nodes;
	private final Map<String, Integer> index = new HashMap<>();
	/** For each node, indices of input nodes (-1 for the graph input). */
	private final int[][] inputIndex;
	/** For each node, the number of nodes that read its output. */
	private final int[] consumers;

	Graph(final int[] inputShape, final List<Network.Node> nodes) {
		this.inputShape = inputShape.clone();
		this.nodes = Collections.unmodifiableList(new ArrayList<>(nodes));
		inputIndex = new int[nodes.size()][];
		consumers = new int[nodes.size()];
		for (int i = 0; i < nodes.size(); i++) {
			final Network.Node nd = nodes.get(i);
			index.put(nd.name(), i);
			final List<String> in = nd.inputs();
			inputIndex[i] = new int[in.size()];
			for (int j = 0; j < in.size(); j++) {
				inputIndex[i][j] = Network.INPUT.equals(in.get(j)) ? -1 : index.get(in.get(j));
				if (inputIndex[i][j] >= 0) consumers[inputIndex[i][j]]++;
			}
		}
	}

	/** The nodes in topological order; the last is the output. */
	public List<Network.Node> nodes() {
		return nodes;
	}

	/** Number of nodes. */
	public int size() {
		return nodes.size();
	}

	/** Node {@code i} in topological order. */
	public Network.Node node(final int i) {
		return nodes.get(i);
	}

	/** The position of a node, or -1 for an unknown name (and for {@link Network#INPUT}). */
	public int indexOf(final String name) {
		final Integer i = index.get(name);
		return i == null ? -1 : i;
	}

	/** Per-sample input shape. */
	public int[] inputShape() {
		return inputShape.clone();
	}

	/** Per-sample output shape of the last node. */
	public int[] outputShape() {
		return nodes.get(nodes.size() - 1).outputShape();
	}

	/** Position of input {@code j} of node {@code i}, or -1 for the graph input. */
	public int input(final int i, final int j) {
		return inputIndex[i][j];
	}

	/** Number of inputs of node {@code i}. */
	public int numInputs(final int i) {
		return inputIndex[i].length;
	}

	/** Number of nodes that read node {@code i}'s output (the graph output is not counted). */
	public int consumers(final int i) {
		return consumers[i];
	}

	/** Whether node {@code i}'s layer has capability {@code c}. */
	public boolean has(final int i, final LayerKind.Capability c) {
		return nodes.get(i).layer().has(c);
	}

	/** Whether node {@code i} reads the graph input. */
	public boolean readsInput(final int i) {
		for (final int j : inputIndex[i])
			if (j < 0) return true;
		return false;
	}

	/**
	 * Whether node {@code i} is read only by node {@code i + 1}, as that node's single input: the
	 * pair may run fused.
	 */
	public boolean feedsOnlyNext(final int i) {
		return i + 1 < nodes.size() && consumers[i] == 1 && inputIndex[i + 1].length == 1 &&
			inputIndex[i + 1][0] == i;
	}

	/**
	 * Whether a {@link LayerKind.Capability#RELU_LIKE} layer follows node {@code i} through layers
	 * that {@link LayerKind.Capability#KEEPS_UNITS keep units apart} (He initialisation).
	 */
	public boolean followedByReluLike(final int i) {
		int cur = i;
		for (int j = i + 1; j < nodes.size(); j++) {
			final int[] idx = inputIndex[j];
			if (idx.length != 1 || idx[0] != cur) continue;
			if (has(j, LayerKind.Capability.RELU_LIKE)) return true;
			if (has(j, LayerKind.Capability.KEEPS_UNITS)) cur = j;
			else return false;
		}
		return false;
	}

	/**
	 * The end (exclusive) of the nodes the softmax cross-entropy loss reads: the input of a last
	 * {@link LayerKind.Capability#NORMALISES_LOGITS} node read by nothing else is the logits, else
	 * the output is.
	 */
	public int logitsEnd() {
		final int last = nodes.size() - 1;
		final boolean normalisedLast = last > 0 && has(last, LayerKind.Capability.NORMALISES_LOGITS) &&
			inputIndex[last][0] == last - 1 && consumers[last - 1] == 1;
		return normalisedLast ? last : last + 1;
	}

	/**
	 * The graph of what the named nodes need: those nodes and every node they read from, directly
	 * or through others (their ancestors), in this graph's order; nodes after them, and side
	 * branches they do not read, are left out. The nodes (and so the layers and their parameters)
	 * are this graph's own, not copies; the last node of the result is the latest of the named ones.
	 * An executor of the result computes the named outputs and nothing else:
	 * <pre>{@code
	 * Graph upToRelu = net.graph().ancestors(List.of("relu5"));
	 * Tensor maps = Executor.fused(upToRelu).outputs(images, List.of("relu5")).get("relu5");
	 * }</pre>
	 *
	 * @throws IllegalArgumentException for no names or an unknown name (naming it)
	 */
	public Graph ancestors(final java.util.Collection<String> names) {
		if (names.isEmpty()) throw new IllegalArgumentException("no node names given");
		final boolean[] needed = new boolean[nodes.size()];
		final java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>();
		for (final String name : names) {
			final int i = indexOf(name);
			if (i < 0) throw new IllegalArgumentException("no node named '" + name + "'");
			if (!needed[i]) {
				needed[i] = true;
				todo.push(i);
			}
		}
		while (!todo.isEmpty()) {
			for (final int j : inputIndex[todo.pop()])
				if (j >= 0 && !needed[j]) {
					needed[j] = true;
					todo.push(j);
				}
		}
		final List<Network.Node> kept = new ArrayList<>();
		for (int i = 0; i < nodes.size(); i++)
			if (needed[i]) kept.add(nodes.get(i));
		return kept.size() == nodes.size() ? this : new Graph(inputShape, kept);
	}

	/** Checks a batch against the input shape. */
	void checkInput(final io.github.convnetij.compute.Tensor input) {
		if (input == null) throw new IllegalArgumentException("input tensor is null");
		final int[] s = input.shape();
		if (s.length != inputShape.length + 1 || !Arrays.equals(Arrays.copyOfRange(s, 1, s.length),
			inputShape)) throw new IllegalArgumentException("input shape " + Arrays.toString(s) +
				" does not match the network input [N, " + Arrays.toString(inputShape).substring(1));
	}
}
