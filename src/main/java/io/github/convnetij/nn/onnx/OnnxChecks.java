package io.github.convnetij.nn.onnx;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Structural validation of a model read from a file, before anything uses it: what the ONNX
 * specification requires of every valid graph, so that no later step meets an index or a size it
 * cannot handle. Each failure is an {@link IllegalArgumentException} naming the node (its number,
 * name and operator) and what is wrong.
 * <ul>
 * <li>every node has an output, and the first output of the operators imported here is named;</li>
 * <li>every value a node reads is defined before it (a graph input, an initializer or an output
 * of an earlier node): the nodes are in topological order, so there is no cycle; no value is
 * defined twice; every graph output is defined;</li>
 * <li>dimensions of graph inputs and outputs fit in an int;</li>
 * <li>convolution and pooling attributes agree: {@code kernel_shape}, {@code strides} and
 * {@code dilations} have one value per spatial axis and are positive, {@code pads} has two per
 * axis and is not negative;</li>
 * <li>scalar inputs given as constants (Dropout's ratio) hold one value.</li>
 * </ul>
 * Subgraphs (attributes of control-flow operators) are not checked here: no operator supported
 * for import uses them.
 */
final class OnnxChecks {

	/** Operators whose first output the ONNX specification requires (those imported here). */
	private static final Set<String> FIRST_OUTPUT_REQUIRED = Set.of("Conv", "Relu", "LeakyRelu",
		"MaxPool", "AveragePool", "GlobalAveragePool", "BatchNormalization", "Dropout", "Flatten",
		"Reshape", "Gemm", "Softmax", "Add", "Identity", "Constant");

	private OnnxChecks() {}

	/** Checks the main graph of a model. */
	static void model(final OnnxModel m) {
		graph(m.graph());
	}

	static void graph(final OnnxGraph g) {
		final Set<String> defined = new HashSet<>();
		final Map<String, OnnxTensor> constants = new HashMap<>();
		for (final OnnxValueInfo v : g.inputs()) {
			defined.add(v.name());
			dims(v, "graph input");
		}
		for (final OnnxTensor t : g.initializers()) {
			defined.add(t.name());
			constants.put(t.name(), t);
		}
		final List<OnnxNode> nodes = g.nodes();
		for (int k = 0; k < nodes.size(); k++) {
			final OnnxNode n = nodes.get(k);
			final String where = "node #" + (k + 1) + (n.name().isEmpty() ? "" : " '" + n.name() + "'") +
				" (" + n.opType() + ")";
			if (n.outputs().stream().allMatch(String::isEmpty)) throw new IllegalArgumentException(
				where + " has no output");
			if (n.outputs().get(0).isEmpty() && FIRST_OUTPUT_REQUIRED.contains(n.opType()))
				throw new IllegalArgumentException(where + " has no name for its first output, which " +
					n.opType() + " always has");
			for (final String in : n.inputs())
				if (!in.isEmpty() && !defined.contains(in)) throw new IllegalArgumentException(where +
					" reads '" + in + "', which no graph input, initializer or earlier node defines " +
					"(the nodes must be in topological order, without cycles)");
			if (n.opType().equals("Constant")) {
				final OnnxAttribute value = n.attribute("value");
				if (value != null && value.type() == OnnxAttribute.Type.TENSOR && value.t() != null)
					constants.put(n.outputs().get(0), value.t());
			}
			attributes(n, where, constants);
			for (final String out : n.outputs())
				if (!out.isEmpty() && !defined.add(out)) throw new IllegalArgumentException(where +
					" defines '" + out + "', which is already defined (a value may be defined only once)");
		}
		for (final OnnxValueInfo v : g.outputs()) {
			if (!defined.contains(v.name())) throw new IllegalArgumentException("the graph output '" + v
				.name() + "' is not computed by any node");
			dims(v, "graph output");
		}
	}

	private static void dims(final OnnxValueInfo v, final String what) {
		if (v.shape() == null) return;
		for (final OnnxValueInfo.Dim d : v.shape())
			if (d.isValue() && d.value() > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(
				what + " '" + v.name() + "' has shape " + v.shape() + " with a dimension above the " +
					"largest supported, " + (Integer.MAX_VALUE - 8));
	}

	private static void attributes(final OnnxNode n, final String where,
		final Map<String, OnnxTensor> constants)
	{
		switch (n.opType()) {
			case "Conv", "MaxPool", "AveragePool" -> {
				int rank = -1;
				if (n.opType().equals("Conv") && n.inputs().size() > 1) {
					final OnnxTensor w = constants.get(n.inputs().get(1));
					if (w != null) {
						if (w.dims().length < 3) throw new IllegalArgumentException(where + ": the weight '" + w
							.name() + "' has shape " + Arrays.toString(w.dims()) +
							", expected [out, in, kernel...]");
						rank = w.dims().length - 2;
					}
				}
				final OnnxAttribute kernel = n.attribute("kernel_shape");
				if (kernel != null) {
					final int k = ints(n, where, kernel, 1).length;
					if (rank >= 0 && k != rank) throw new IllegalArgumentException(where + ": attribute " +
						kernel + " has " + k + " values, expected " + rank + " for the weight's " + rank +
						" spatial axes");
					rank = k;
				}
				axes(n, where, "strides", rank, 1, 1);
				axes(n, where, "dilations", rank, 1, 1);
				axes(n, where, "pads", rank, 2, 0);
			}
			case "Dropout" -> {
				for (int k = 1; k < Math.min(3, n.inputs().size()); k++) {
					final OnnxTensor t = constants.get(n.inputs().get(k));
					if (t != null && t.numel() != 1) throw new IllegalArgumentException(where + ": input " +
						k + " ('" + t.name() + "', the " + (k == 1 ? "ratio" : "training mode") +
						") must be a scalar, found shape " + Arrays.toString(t.dims()));
				}
			}
			default -> {}
		}
	}

	/** An INTS attribute's values, each at least {@code min}. */
	private static long[] ints(final OnnxNode n, final String where, final OnnxAttribute a,
		final long min)
	{
		if (a.type() != OnnxAttribute.Type.INTS) throw new IllegalArgumentException(where +
			": attribute '" + a.name() + "' is of type " + a.type() + ", expected INTS");
		final long[] v = a.ints();
		for (final long x : v)
			if (x < min || x > Integer.MAX_VALUE) throw new IllegalArgumentException(where +
				": attribute " + a + " has the value " + x + ", expected " + min + " to " +
				Integer.MAX_VALUE);
		return v;
	}

	/** An optional per-axis attribute: {@code perAxis} values per spatial axis, each >= min. */
	private static void axes(final OnnxNode n, final String where, final String name,
		final int rank, final int perAxis, final long min)
	{
		final OnnxAttribute a = n.attribute(name);
		if (a == null) return;
		final long[] v = ints(n, where, a, min);
		if (rank >= 0 && v.length != perAxis * rank) throw new IllegalArgumentException(where +
			": attribute " + a + " has " + v.length + " values, expected " + perAxis * rank + " for " +
			rank + " spatial axes");
	}
}
