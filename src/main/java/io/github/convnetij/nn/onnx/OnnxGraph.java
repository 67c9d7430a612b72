package io.github.convnetij.nn.onnx;

import java.util.List;

/**
 * An ONNX {@code GraphProto}: nodes in topological order, the constant tensors they read
 * (initializers), and the graph's inputs and outputs.
 * <pre>{@code
 * OnnxGraph g = new OnnxGraph("net", nodes, weights, List.of(inputInfo), List.of(outputInfo),
 *     List.of(), "");
 * OnnxTensor w = g.initializer("conv1.weight");
 * }</pre>
 *
 * @param name the graph name
 * @param nodes the nodes, in topological order
 * @param initializers constant tensors by name (weights)
 * @param inputs the graph inputs (in IR version 4 and later they need not list the initializers)
 * @param outputs the graph outputs
 * @param valueInfo types and shapes of intermediate values (optional)
 * @param docString documentation, may be empty
 */
public record OnnxGraph(String name, List<OnnxNode> nodes, List<OnnxTensor> initializers,
	List<OnnxValueInfo> inputs, List<OnnxValueInfo> outputs, List<OnnxValueInfo> valueInfo,
	String docString)
{

	/** Copies the lists; null strings become empty ones. */
	public OnnxGraph {
		name = name == null ? "" : name;
		nodes = List.copyOf(nodes);
		initializers = List.copyOf(initializers);
		inputs = List.copyOf(inputs);
		outputs = List.copyOf(outputs);
		valueInfo = List.copyOf(valueInfo);
		docString = docString == null ? "" : docString;
	}

	/** The initializer of this name, or null. */
	public OnnxTensor initializer(final String tensorName) {
		for (final OnnxTensor t : initializers)
			if (t.name().equals(tensorName)) return t;
		return null;
	}

	@Override
	public String toString() {
		return "OnnxGraph[" + name + ", " + nodes.size() + " nodes, " + initializers.size() +
			" initializers, inputs " + inputs + ", outputs " + outputs + "]";
	}
}
