package io.github.convnetij.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** A model with operators no layer kind reads fails at load, naming each type and its nodes. */
class OnnxUnsupportedTest {

	private static OnnxNode node(final String name, final String op, final String in,
		final String out)
	{
		return new OnnxNode(name, op, List.of(in), List.of(out), List.of());
	}

	@Test
	void oneMessageListsEveryUnsupportedOperatorWithItsNodes() {
		final List<OnnxNode> nodes = List.of(node("r", "Relu", "x", "a"), node("s1", "Erf", "a",
			"b"), node("t", "Atan", "b", "c"), node("", "Erf", "c", "d"), node("u", "Relu", "d", "y"));
		final OnnxGraph g = new OnnxGraph("g", nodes, List.of(), List.of(OnnxValueInfo.tensor("x",
			OnnxTensor.FLOAT, "N", 4)), List.of(OnnxValueInfo.tensor("y", OnnxTensor.FLOAT, "N", 4)),
			List.of(), "");
		final OnnxModel m = new OnnxModel(7, List.of(new OnnxModel.OpsetId("", 13)), "test", "1", "", 0,
			"", g, Map.of());
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> OnnxNetworks.toNetwork(m, null));
		final String msg = e.getMessage();
		// the supported list grows with the layer kinds: its ends and one entry are checked
		assertTrue(msg.startsWith("operators Erf, Atan are not supported; supported: Conv, Relu, " +
			"LeakyRelu, MaxPool, "), msg);
		assertTrue(msg.contains(", Gemm, "), msg);
		assertTrue(msg.contains(", Identity, Constant, "), msg);
		assertTrue(msg.contains(", Shape, "), msg); // folded at load time
		assertTrue(msg.endsWith(". Unsupported nodes: Erf (nodes 's1', #4), Atan (node 't')"), msg);
	}
}
