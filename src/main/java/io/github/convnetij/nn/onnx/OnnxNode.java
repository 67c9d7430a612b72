package io.github.convnetij.nn.onnx;

import java.util.List;

/**
 * An ONNX {@code NodeProto}: one operator call in a graph, reading and writing named values.
 * <pre>{@code
 * OnnxNode conv = new OnnxNode("conv1", "Conv", "", List.of("input", "conv1.weight", "conv1.bias"),
 *     List.of("conv1"), List.of(OnnxAttribute.ofInts("pads", 1, 1, 1, 1)), "");
 * long[] pads = conv.attribute("pads").ints();
 * }</pre>
 *
 * @param name the node name (may be empty)
 * @param opType the operator, e.g. {@code Conv}
 * @param domain the operator set domain, empty for the default ONNX domain
 * @param inputs names of the input values; an empty name marks an omitted optional input
 * @param outputs names of the output values
 * @param attributes the attributes, in order
 * @param docString documentation, may be empty
 */
public record OnnxNode(String name, String opType, String domain, List<String> inputs,
	List<String> outputs, List<OnnxAttribute> attributes, String docString)
{

	/** Copies the lists; null strings become empty ones. */
	public OnnxNode {
		name = name == null ? "" : name;
		if (opType == null || opType.isEmpty()) throw new IllegalArgumentException("node '" + name +
			"' has no op_type");
		domain = domain == null ? "" : domain;
		inputs = List.copyOf(inputs);
		outputs = List.copyOf(outputs);
		attributes = List.copyOf(attributes);
		docString = docString == null ? "" : docString;
	}

	/** A node in the default domain without documentation. */
	public OnnxNode(final String name, final String opType, final List<String> inputs,
		final List<String> outputs, final List<OnnxAttribute> attributes)
	{
		this(name, opType, "", inputs, outputs, attributes, "");
	}

	/** The attribute of this name, or null. */
	public OnnxAttribute attribute(final String attributeName) {
		for (final OnnxAttribute a : attributes)
			if (a.name().equals(attributeName)) return a;
		return null;
	}

	@Override
	public String toString() {
		return opType + (name.isEmpty() ? "" : " '" + name + "'") + inputs + " -> " + outputs +
			attributes;
	}
}
