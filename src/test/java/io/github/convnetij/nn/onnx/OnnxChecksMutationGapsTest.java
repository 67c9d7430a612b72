package io.github.convnetij.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@link OnnxChecks} (the structural checks of a graph read from a file) on small graphs built
 * here: each check at its edge (the largest dimension, the smallest and largest attribute value,
 * an empty kernel), weights that come from Constant nodes, and the exact refusals.
 */
class OnnxChecksMutationGapsTest {

	static final OnnxValueInfo X = OnnxValueInfo.tensor("x", OnnxTensor.FLOAT, 1, 1, 5, 5);

	static OnnxGraph graph(final List<OnnxTensor> init, final List<OnnxValueInfo> outputs,
		final OnnxNode... nodes)
	{
		return new OnnxGraph("g", List.of(nodes), init, List.of(X), outputs, List.of(), "");
	}

	static OnnxGraph graph(final OnnxNode... nodes) {
		return graph(List.of(), List.of(), nodes);
	}

	static OnnxNode node(final String name, final String op, final List<String> in,
		final List<String> out, final OnnxAttribute... attrs)
	{
		return new OnnxNode(name, op, "", in, out, List.of(attrs), "");
	}

	static String refused(final OnnxGraph g) {
		return assertThrows(IllegalArgumentException.class, () -> OnnxChecks.graph(g)).getMessage();
	}

	static OnnxTensor weight(final long... dims) {
		long n = 1;
		for (final long d : dims)
			n *= d;
		return OnnxTensor.ofFloats("w", new float[(int) n], dims);
	}

	@Test
	void whereNamesTheNodeWhenItHasAName() {
		assertEquals("node #1 'r1' (Relu) has no name for its first output, which Relu always has",
			refused(graph(node("r1", "Relu", List.of("x"), List.of("", "y")))));
		assertEquals("node #2 (Relu) has no name for its first output, which Relu always has", refused(
			graph(node("", "Identity", List.of("x"), List.of("a")), node("", "Relu", List.of("a"),
				List.of("", "y")))));
		// an operator outside the list may leave its first output unnamed
		OnnxChecks.graph(graph(node("t", "TopK", List.of("x"), List.of("", "idx"))));
	}

	@Test
	void graphOutputsAreChecked() {
		assertEquals("the graph output 'z' is not computed by any node", refused(graph(List.of(), List
			.of(OnnxValueInfo.tensor("z", OnnxTensor.FLOAT, 1)), node("", "Relu", List.of("x"), List
				.of("y")))));
		final String m = refused(graph(List.of(), List.of(OnnxValueInfo.tensor("y", OnnxTensor.FLOAT, 1,
			3_000_000_000L)), node("", "Relu", List.of("x"), List.of("y"))));
		assertTrue(m.startsWith("graph output 'y' has shape [1, 3000000000]"), m);
		// the largest dimension itself is accepted, one more refused
		OnnxChecks.graph(new OnnxGraph("g", List.of(), List.of(), List.of(OnnxValueInfo.tensor("x",
			OnnxTensor.FLOAT, Integer.MAX_VALUE - 8)), List.of(), List.of(), ""));
		assertTrue(refused(new OnnxGraph("g", List.of(), List.of(), List.of(OnnxValueInfo.tensor("x",
			OnnxTensor.FLOAT, Integer.MAX_VALUE - 7)), List.of(), List.of(), "")).contains(
				"above the largest supported, 2147483639"));
	}

	@Test
	void weightsFromConstantNodesAreChecked() {
		// a 2-D weight given by a Constant node: refused like an initializer
		final OnnxNode constant = node("", "Constant", List.of(), List.of("k"), OnnxAttribute.of("value",
			weight(3, 3)));
		assertEquals("node #2 (Conv): the weight 'w' has shape [3, 3], expected [out, in, kernel...]",
			refused(graph(constant, node("", "Conv", List.of("x", "k"), List.of("y")))));
		// a 4-D weight from a Constant sets the rank: kernel_shape of 1 value is refused
		final OnnxNode c4 = node("", "Constant", List.of(), List.of("k"), OnnxAttribute.of("value",
			weight(1, 1, 3, 3)));
		assertTrue(refused(graph(c4, node("", "Conv", List.of("x", "k"), List.of("y"), OnnxAttribute
			.ofInts("kernel_shape", 3)))).contains("has 1 values, expected 2 for the weight's 2 spatial " +
				"axes"));
		// a Constant whose value is not a tensor is no weight (and not an error here)
		OnnxChecks.graph(graph(node("", "Constant", List.of(), List.of("k"), OnnxAttribute.of("value",
			3L)), node("", "Conv", List.of("x", "k"), List.of("y"))));
		// Conv without a weight input: nothing to check
		OnnxChecks.graph(graph(node("", "Conv", List.of("x"), List.of("y"))));
	}

	@Test
	void attributeValuesAtTheirEdges() {
		OnnxChecks.graph(graph(node("", "MaxPool", List.of("x"), List.of("y"), OnnxAttribute.ofInts(
			"kernel_shape", 1, Integer.MAX_VALUE), OnnxAttribute.ofInts("pads", 0, 0, 0, 0))));
		assertTrue(refused(graph(node("", "MaxPool", List.of("x"), List.of("y"), OnnxAttribute.ofInts(
			"kernel_shape", 0, 2)))).contains("has the value 0, expected 1 to 2147483647"));
		assertTrue(refused(graph(node("", "MaxPool", List.of("x"), List.of("y"), OnnxAttribute.ofInts(
			"kernel_shape", 2, 2), OnnxAttribute.ofInts("strides", 1, 1L << 31)))).contains(
				"has the value 2147483648, expected 1 to 2147483647"));
		assertTrue(refused(graph(node("", "MaxPool", List.of("x"), List.of("y"), OnnxAttribute.ofInts(
			"kernel_shape", 2, 2), OnnxAttribute.ofInts("pads", 0, -1, 0, 0)))).contains(
				"has the value -1, expected 0 to 2147483647"));
		// pads: 2 per axis; for 2 axes 4 values
		assertEquals("node #1 (AveragePool): attribute pads=[1, 1] has 2 values, expected 4 for 2 " +
			"spatial axes", refused(graph(node("", "AveragePool", List.of("x"), List.of("y"),
				OnnxAttribute.ofInts("kernel_shape", 2, 2), OnnxAttribute.ofInts("pads", 1, 1)))));
		// an empty kernel_shape means 0 axes: no pads at all
		assertTrue(refused(graph(node("", "MaxPool", List.of("x"), List.of("y"), OnnxAttribute.ofInts(
			"kernel_shape"), OnnxAttribute.ofInts("pads", 0, 0)))).contains(
				"has 2 values, expected 0 for 0 spatial axes"));
	}

	@Test
	void dropoutInputsMustBeScalars() {
		final OnnxTensor ratio = OnnxTensor.ofFloats("r", new float[] { 0.5f });
		final OnnxTensor mode = new OnnxTensor("m", OnnxTensor.BOOL, new long[] { 2 }, new byte[2]);
		assertEquals("node #1 (Dropout): input 2 ('m', the training mode) must be a scalar, found shape " +
			"[2]", refused(graph(List.of(ratio, mode), List.of(), node("", "Dropout", List.of("x", "r",
				"m"), List.of("y")))));
		final OnnxTensor ratios = OnnxTensor.ofFloats("r", new float[] { 0.5f, 0.5f }, 2);
		assertEquals("node #1 (Dropout): input 1 ('r', the ratio) must be a scalar, found shape [2]",
			refused(graph(List.of(ratios), List.of(), node("", "Dropout", List.of("x", "r"), List.of(
				"y")))));
	}

	@Test
	void dimensionZeroIsAValue() {
		assertTrue(new OnnxValueInfo.Dim(0, null).isValue());
		assertTrue(!new OnnxValueInfo.Dim(-1, null).isValue());
	}

	@Test
	void opsetVersionOfTheDefaultDomain() {
		final OnnxModel s = OnnxHostileTest.small();
		final OnnxModel other = new OnnxModel(s.irVersion(), List.of(new OnnxModel.OpsetId("com.x", 3),
			new OnnxModel.OpsetId("ai.onnx", 13)), "", "", "", 0, "", s.graph(), s.metadata());
		assertEquals(13, other.opsetVersion());
		final OnnxModel none = new OnnxModel(s.irVersion(), List.of(new OnnxModel.OpsetId("com.x", 3)),
			"", "", "", 0, "", s.graph(), s.metadata());
		assertEquals(-1, none.opsetVersion());
	}
}
