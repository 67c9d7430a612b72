package io.github.convnetij.nn;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.LayerKind.Capability;

/**
 * Runs a {@link Graph}: forward and backward passes over batches, with the buffer reuse and the
 * fusions that make training fast, or unfused; and hands back the output of any node.
 * <p>
 * Fusion: a {@link Capability#COMMUTES_WITH_MAX} node (ReLU) read only by the next node, a
 * {@link Capability#MAX_POOLING} node that is not the output, runs as pooling, then the activation
 * on the (4x smaller) pooled tensor. The activation is monotonic, so the values are the same, and
 * so are the gradients, bitwise: where a window's maximum is not positive neither order lets a
 * gradient through, else both route it to the same first maximum. The activation's own output is
 * then never computed: {@link #outputs} runs such a pair unfused when it is asked for it.
 * <p>
 * In inference passes, a {@link Capability#RELU_EPILOGUE} node (convolution, addition) read only
 * by the next node, a {@link Capability#RECTIFIER} that is not the output, applies the ReLU to its
 * output as it writes it ({@link Layer#forwardRelu}); the ReLU node does not run. Likewise a
 * {@link Capability#RESIDUAL_EPILOGUE} node (convolution) read only by the next node, a
 * {@link Capability#SUM_OF_TWO} that is not the output (a residual connection), adds the sum's
 * other input as it writes its output, and applies a ReLU that follows the sum too
 * ({@link Layer#forwardResidual}); neither runs. The values are the same, bitwise. Training passes
 * do not fuse (the backward pass needs every node's output).
 * <p>
 * Buffer reuse: intermediate outputs, and gradients that do not leave the network, reuse their
 * arrays from batch to batch (see {@link Layer}). A tensor this executor returns holds until the
 * next pass, except the output of {@link #forward} and the copies of {@link #outputs}.
 * <pre>{@code
 * Executor ex = net.executor();                                   // fused, as training runs
 * Map<String, Tensor> maps = ex.outputs(images, List.of("relu1", "maxpool1"));
 * Tensor y = Executor.unfused(net.graph()).forward(images, false); // equal to the fused output
 * }</pre>
 * Not thread-safe; executors of the same network share the layers' buffers, so run one at a time.
 */
public final class Executor {

	private final Graph graph;
	private final boolean fused;
	/** Node i (an activation) runs after node i + 1 (its max pooling): see the class doc. */
	private final boolean[] activationAfterMax;
	/** Node i applies node i + 1 (a ReLU) to its output as it writes it, in inference passes. */
	private final boolean[] reluEpilogue;
	/**
	 * Node i adds the other input of node i + 1 (a sum of two) to its output as it writes it, in
	 * inference passes, and where {@code residualRelu[i]} also applies node i + 2 (a ReLU).
	 */
	private final boolean[] residualEpilogue, residualRelu;
	/** Arrays of intermediate outputs shared by the nodes of inference passes. */
	private final BufferPool pool = new BufferPool();
	/** Per-node time accumulators while {@link #forwardTimed} runs, else null. */
	private long[] timing;

	private Executor(final Graph graph, final boolean fused) {
		this.graph = graph;
		this.fused = fused;
		final int n = graph.size();
		activationAfterMax = new boolean[n];
		if (fused) for (int i = 0; i + 2 < n; i++) // not when the pooling is the output node
			activationAfterMax[i] = graph.has(i, Capability.COMMUTES_WITH_MAX) && graph.has(i + 1,
				Capability.MAX_POOLING) && graph.feedsOnlyNext(i);
		reluEpilogue = new boolean[n];
		if (fused) for (int i = 0; i + 2 < n; i++) // not when the ReLU is the output node
			reluEpilogue[i] = graph.has(i, Capability.RELU_EPILOGUE) && graph.has(i + 1,
				Capability.RECTIFIER) && graph.feedsOnlyNext(i);
		residualEpilogue = new boolean[n];
		residualRelu = new boolean[n];
		if (fused) for (int i = 0; i + 2 < n; i++) { // not when the sum is the output node
			// node i read only by the sum, as one of its two inputs
			if (!graph.has(i, Capability.RESIDUAL_EPILOGUE) || !graph.has(i + 1, Capability.SUM_OF_TWO) ||
				graph.consumers(i) != 1 || graph.numInputs(i + 1) != 2) continue;
			if (graph.input(i + 1, 0) == i == (graph.input(i + 1, 1) == i)) continue;
			residualEpilogue[i] = true;
			residualRelu[i] = i + 3 < n && graph.has(i + 2, Capability.RECTIFIER) && graph.feedsOnlyNext(i +
				1); // not when the ReLU is the output node
		}
		// intermediate outputs, and gradients that do not leave the network, reuse their arrays
		for (int i = 0; i < n; i++)
			graph.node(i).layer().setReuse(i < n - 1, !graph.readsInput(i));
	}

	/** An executor with the fusions (what {@link Network} uses). */
	public static Executor fused(final Graph graph) {
		return new Executor(graph, true);
	}

	/** An executor that runs every node as itself: every node's output is materialised. */
	public static Executor unfused(final Graph graph) {
		return new Executor(graph, false);
	}

	/** The graph this runs. */
	public Graph graph() {
		return graph;
	}

	/**
	 * How many arrays the inference pool has allocated so far (the buffer reuse keeps it at the
	 * outputs one pass holds at once; tests read it).
	 */
	int pooledArrays() {
		return pool.issued.size();
	}

	/** Whether this executor fuses node pairs. */
	public boolean isFused() {
		return fused;
	}

	/**
	 * Forward pass of a batch {@code [N, ...inputShape]}; returns the output node's tensor.
	 * Training mode keeps what {@link #backward} needs.
	 *
	 * @throws IllegalArgumentException if the input does not have shape {@code [N, ...inputShape]}
	 */
	public Tensor forward(final Tensor input, final boolean training) {
		return run(input, training, graph.size(), null, null);
	}

	/**
	 * Inference-mode forward pass that adds the wall time of each node, in nanoseconds, to
	 * {@code nanos[node index]} (a profile; a fused pair is counted on its pooling node).
	 *
	 * @throws IllegalArgumentException if {@code nanos} has fewer elements than the graph has nodes
	 */
	public Tensor forwardTimed(final Tensor input, final long[] nanos) {
		if (nanos == null || nanos.length < graph.size()) throw new IllegalArgumentException("need " +
			graph.size() + " timing slots, got " + (nanos == null ? "none" : nanos.length));
		timing = nanos;
		try {
			return run(input, false, graph.size(), null, null);
		}
		finally {
			timing = null;
		}
	}

	/**
	 * Inference-mode forward pass that hands back the outputs of the named nodes (copies, in the
	 * order asked), for feature maps. A fused pair whose activation is asked for runs unfused.
	 *
	 * @throws IllegalArgumentException for an unknown node name (listing the known ones) or a bad
	 *           input shape
	 */
	public Map<String, Tensor> outputs(final Tensor input, final Collection<String> nodeNames) {
		final boolean[] keep = new boolean[graph.size()];
		int upTo = 0;
		for (final String name : nodeNames) {
			final int i = graph.indexOf(name);
			if (i < 0) {
				final List<String> known = new ArrayList<>();
				for (final Network.Node nd : graph.nodes())
					known.add(nd.name());
				throw new IllegalArgumentException("no node named '" + name + "'; known: " + String.join(
					", ", known));
			}
			keep[i] = true;
			upTo = Math.max(upTo, i + 1);
		}
		final Tensor[] kept = new Tensor[graph.size()];
		if (upTo > 0) run(input, false, upTo, keep, kept);
		final Map<String, Tensor> out = new LinkedHashMap<>();
		for (final String name : nodeNames)
			out.put(name, kept[graph.indexOf(name)]);
		return out;
	}

	/**
	 * Backward pass after a training-mode {@link #forward}: sets every parameter gradient and
	 * returns d(loss)/d(input), or null if {@code inputGradient} is false.
	 *
	 * @param gradOutput d(loss)/d(output), shaped as the last output
	 */
	public Tensor backward(final Tensor gradOutput, final boolean inputGradient) {
		return backwardFrom(graph.size() - 1, gradOutput, inputGradient);
	}

	/**
	 * Forward over nodes [0, upTo); returns the output of node upTo-1. With {@code keep}, copies
	 * the outputs of the marked nodes into {@code kept} and does not fuse a marked activation.
	 */
	Tensor run(final Tensor input, final boolean training, final int upTo, final boolean[] keep,
		final Tensor[] kept)
	{
		graph.checkInput(input);
		final List<Network.Node> nodes = graph.nodes();
		final Tensor[] outputs = new Tensor[nodes.size()];
		final int[] remaining = new int[nodes.size()];
		for (int i = 0; i < remaining.length; i++)
			remaining[i] = graph.consumers(i);
		final long[] timing = this.timing;
		// inference: intermediate outputs from the pool, given back once no later node reads them
		final boolean pooled = !training && fused;
		if (pooled) for (final Network.Node nd : nodes)
			nd.layer().pool = pool;
		try {
			return runNodes(input, training, upTo, keep, kept, nodes, outputs, remaining, timing);
		}
		finally {
			if (pooled) {
				for (final Network.Node nd : nodes)
					nd.layer().pool = null;
				// what a pass returns is never a pooled array (the last node's output is its own, an
				// aliasing last node's is copied, outputs() hands out copies): all are free again
				pool.reclaimAll();
			}
		}
	}

	private Tensor runNodes(final Tensor input, final boolean training, final int upTo,
		final boolean[] keep, final Tensor[] kept, final List<Network.Node> nodes,
		final Tensor[] outputs, final int[] remaining, final long[] timing)
	{
		for (int i = 0; i < upTo; i++) {
			final long t0 = timing == null ? 0 : System.nanoTime();
			final int ni = graph.numInputs(i);
			final Tensor[] in = new Tensor[ni];
			for (int j = 0; j < ni; j++) {
				final int k = graph.input(i, j);
				in[j] = k < 0 ? input : outputs[k];
			}
			if (!training && residualEpilogue[i] && i + 1 < upTo && (keep == null || !keep[i])) {
				// the sum (and its ReLU) applied as node i writes its output (see the class doc)
				final int other = graph.input(i + 1, 0) == i ? graph.input(i + 1, 1) : graph.input(i + 1, 0);
				final boolean relu = residualRelu[i] && i + 2 < upTo && (keep == null || !keep[i + 1]);
				final int last = relu ? i + 2 : i + 1;
				outputs[last] = nodes.get(i).layer().forwardResidual(in, other < 0 ? input : outputs[other],
					relu);
				if (keep != null && keep[last]) kept[last] = outputs[last].copy();
				release(i, remaining, outputs);
				release(i + 1, remaining, outputs); // the sum's other input
				i = last;
				if (timing != null) timing[i] += System.nanoTime() - t0;
				continue;
			}
			if (!training && reluEpilogue[i] && i + 1 < upTo && (keep == null || !keep[i])) {
				// the ReLU applied as node i writes its output (inference only; see the class doc)
				outputs[i + 1] = nodes.get(i).layer().forwardRelu(in);
				if (keep != null && keep[i + 1]) kept[i + 1] = outputs[i + 1].copy();
				release(i, remaining, outputs);
				i++;
				if (timing != null) timing[i] += System.nanoTime() - t0;
				continue;
			}
			if (activationAfterMax[i] && i + 1 < upTo && (keep == null || !keep[i])) {
				// pool what the activation would read, then activate the pooled values (see class doc)
				final Tensor pooled = nodes.get(i + 1).layer().forward(in, training);
				outputs[i + 1] = nodes.get(i).layer().applyTo(pooled, training);
				// the pooled values are read: their array (from the pool in inference) is free again
				if (!training) pool.giveBack(pooled.data(), outputs);
				if (keep != null && keep[i + 1]) kept[i + 1] = outputs[i + 1].copy();
				if (!training) release(i, remaining, outputs);
				i++;
				if (timing != null) timing[i] += System.nanoTime() - t0;
				continue;
			}
			outputs[i] = nodes.get(i).layer().forward(in, training);
			if (keep != null && keep[i]) kept[i] = outputs[i].copy();
			// free what no later node reads
			if (!training) release(i, remaining, outputs);
			if (timing != null) timing[i] += System.nanoTime() - t0;
		}
		final Tensor out = outputs[upTo - 1];
		// an output that shares the array of the node before it (flatten), which is reused
		return upTo == nodes.size() && graph.has(upTo - 1, Capability.ALIASES_INPUT) ? out.copy() : out;
	}

	private void release(final int i, final int[] remaining, final Tensor[] outputs) {
		for (int j = 0, n = graph.numInputs(i); j < n; j++) {
			final int k = graph.input(i, j);
			if (k >= 0 && --remaining[k] == 0) {
				final Tensor t = outputs[k];
				outputs[k] = null;
				if (t != null) pool.giveBack(t.data(), outputs);
			}
		}
	}

	/**
	 * The arrays of intermediate outputs of inference passes, by length: a node takes one (stale
	 * contents, which it overwrites), and the executor gives it back when the last node that reads
	 * it has run, unless a live output still shares it (a reshape aliases its input). So an
	 * inference pass holds only the outputs still to be read, and reuses warm arrays, instead of one
	 * array per node. Arrays it never handed out (the caller's input) are never taken in.
	 */
	static final class BufferPool {

		private final Map<Integer, java.util.ArrayDeque<float[]>> free = new java.util.HashMap<>();
		private final java.util.Set<float[]> issued = java.util.Collections.newSetFromMap(
			new java.util.IdentityHashMap<>());

		float[] take(final Layer layer, final int[] shape) {
			final long n = io.github.convnetij.compute.HeapBudget.elements(shape);
			final java.util.ArrayDeque<float[]> q = n <= Integer.MAX_VALUE ? free.get((int) n) : null;
			float[] a = q == null ? null : q.poll();
			if (a == null) {
				a = Budgets.floats(layer, "output", shape);
				issued.add(a);
			}
			return a;
		}

		void reclaimAll() {
			free.clear();
			for (final float[] a : issued)
				free.computeIfAbsent(a.length, k -> new java.util.ArrayDeque<>()).push(a);
		}

		void giveBack(final float[] a, final Tensor[] live) {
			if (!issued.contains(a)) return;
			for (final Tensor t : live)
				if (t != null && t.data() == a) return;
			final java.util.ArrayDeque<float[]> q = free.computeIfAbsent(a.length,
				k -> new java.util.ArrayDeque<>());
			for (final float[] b : q)
				if (b == a) return;
			q.push(a);
		}
	}

	/** Backward from node {@code lastNode}, whose output gradient is {@code gradOutput}. */
	Tensor backwardFrom(final int lastNode, final Tensor gradOutput, final boolean inputGradient) {
		final List<Network.Node> nodes = graph.nodes();
		final Tensor[] grads = new Tensor[nodes.size()];
		grads[lastNode] = gradOutput;
		Tensor inputGrad = null;
		for (int i = lastNode; i >= 0; i--) {
			final Tensor g = grads[i];
			grads[i] = null;
			if (g == null) continue; // does not reach the output
			if (i > 0 && activationAfterMax[i - 1]) {
				// the pair (activation, max pooling) ran as pooling then activation
				final Layer act = nodes.get(i - 1).layer();
				final int j = graph.input(i - 1, 0);
				final Tensor gp = act.applyToBackward(g);
				final Tensor gx = nodes.get(i).layer().backward(gp, j >= 0 || inputGradient)[0];
				if (gx != null) {
					if (j < 0) inputGrad = accumulate(inputGrad, gx);
					else grads[j] = accumulate(grads[j], gx);
				}
				i--;
				continue;
			}
			final int ni = graph.numInputs(i);
			boolean needInput = false;
			for (int j = 0; j < ni; j++)
				needInput |= graph.input(i, j) >= 0 || inputGradient;
			final Tensor[] gi = nodes.get(i).layer().backward(g, needInput);
			for (int j = 0; j < ni; j++) {
				if (gi[j] == null) continue;
				final int k = graph.input(i, j);
				if (k < 0) {
					if (inputGradient) inputGrad = accumulate(inputGrad, gi[j]);
				}
				else grads[k] = accumulate(grads[k], gi[j]);
			}
		}
		return inputGrad;
	}

	/** Sum of two gradients, reusing {@code a} (never a layer's own tensor: copied first). */
	private static Tensor accumulate(final Tensor a, final Tensor b) {
		if (a == null) return b;
		final Tensor sum = a.copy();
		final float[] s = sum.data(), d = b.data();
		for (int i = 0; i < s.length; i++)
			s[i] += d[i];
		return sum;
	}
}
