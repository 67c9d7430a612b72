package io.github.convnetij.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * {@link ConvBatchNormFusion#fuse} on node lists written here: the fused weights and biases worked
 * by hand, and each case that must stay unfused (another reader, a graph output, training mode, a
 * second output read, another domain, constants missing or of the wrong length, a shared weight).
 */
class ConvBatchNormFusionMutationGapsTest {

	private final List<OnnxNode> nodes = new ArrayList<>();
	private final Map<String, OnnxTensor> constants = new HashMap<>();

	private void floats(final String name, final float[] v, final long... dims) {
		constants.put(name, OnnxTensor.ofFloats(name, v, dims));
	}

	/**
	 * Conv x -> c with weight w [2, 1, 1, 2] = (1, 2; 3, 4) and bias cb (0.5, -1); BatchNormalization c
	 * -> y with scale (2, 0.5), beta (1, 0), mean (0.5, 1), var (3, 3), epsilon 1: s = scale /
	 * sqrt(var + 1) = (1, 0.25), so the fused weight is (1, 2; 0.75, 1) and the bias (b - mean) * s +
	 * beta = (1, -0.5).
	 */
	private void convBn(final OnnxAttribute... bnAttrs) {
		nodes.clear();
		constants.clear();
		floats("w", new float[] { 1, 2, 3, 4 }, 2, 1, 1, 2);
		floats("cb", new float[] { 0.5f, -1 }, 2);
		floats("scale", new float[] { 2, 0.5f }, 2);
		floats("beta", new float[] { 1, 0 }, 2);
		floats("mean", new float[] { 0.5f, 1 }, 2);
		floats("var", new float[] { 3, 3 }, 2);
		nodes.add(new OnnxNode("conv", "Conv", List.of("x", "w", "cb"), List.of("c"), List.of()));
		final List<OnnxAttribute> a = new ArrayList<>(List.of(OnnxAttribute.of("epsilon", 1f)));
		a.addAll(List.of(bnAttrs));
		nodes.add(new OnnxNode("bn", "BatchNormalization", List.of("c", "scale", "beta", "mean", "var"),
			List.of("y"), a));
	}

	private ConvBatchNormFusion.Result fuse(final String... graphOutputs) {
		return ConvBatchNormFusion.fuse(nodes, constants, Set.of(graphOutputs));
	}

	private void unfused(final String... graphOutputs) {
		final ConvBatchNormFusion.Result r = fuse(graphOutputs);
		assertEquals(0, r.fused());
		assertEquals(nodes, r.nodes());
		assertTrue(r.constants().isEmpty(), r.constants().toString());
	}

	@Test
	void weightsAndBiasWorkedByHand() {
		convBn();
		final ConvBatchNormFusion.Result r = fuse("y");
		assertEquals(1, r.fused());
		assertEquals(Set.of("w_bn_fused", "cb_bn_fused_bias"), r.constants().keySet());
		assertArrayEquals(new float[] { 1, 2, 0.75f, 1 }, r.constants().get("w_bn_fused").toFloats());
		assertArrayEquals(new long[] { 2, 1, 1, 2 }, r.constants().get("w_bn_fused").dims());
		assertArrayEquals(new float[] { 1, -0.5f }, r.constants().get("cb_bn_fused_bias").toFloats());
		assertArrayEquals(new long[] { 2 }, r.constants().get("cb_bn_fused_bias").dims());
		final OnnxNode conv = r.nodes().get(0), bn = r.nodes().get(1);
		assertEquals("Conv", conv.opType());
		assertEquals(List.of("x", "w_bn_fused", "cb_bn_fused_bias"), conv.inputs());
		assertEquals(List.of("c"), conv.outputs());
		assertEquals("Identity", bn.opType());
		assertEquals("bn", bn.name());
		assertEquals(List.of("c"), bn.inputs());
		assertEquals(List.of("y"), bn.outputs());
		assertTrue(bn.attributes().isEmpty());
		// the given list and constants are not changed
		assertEquals("BatchNormalization", nodes.get(1).opType());
		assertEquals(6, constants.size());
	}

	@Test
	void noBiasNoEpsilonOneChannelAndOneDimension() {
		// Conv1d without bias, one output channel, weight [1, 1, 3] = (1, -2, 4); batch norm with the
		// default epsilon 1e-5: scale 3, beta 0.25, mean 2, var 0.99999 -> s = 3 / sqrt(1) = 3,
		// weight (3, -6, 12), bias (0 - 2) * 3 + 0.25 = -5.75
		floats("w", new float[] { 1, -2, 4 }, 1, 1, 3);
		floats("s", new float[] { 3 }, 1);
		floats("b", new float[] { 0.25f }, 1);
		floats("m", new float[] { 2 }, 1);
		floats("v", new float[] { 0.99999f }, 1);
		nodes.add(new OnnxNode("", "Conv", "ai.onnx", List.of("x", "w"), List.of("c"), List.of(), ""));
		nodes.add(new OnnxNode("", "BatchNormalization", List.of("c", "s", "b", "m", "v"), List.of("y"),
			List.of()));
		final ConvBatchNormFusion.Result r = fuse("y");
		assertEquals(1, r.fused());
		final float[] w = r.constants().get("w_bn_fused").toFloats();
		final double s = 3 / Math.sqrt(0.99999f + 1e-5);
		assertArrayEquals(new float[] { (float) s, (float) (-2 * s), (float) (4 * s) }, w);
		assertEquals(3f, w[0], 1e-6f);
		assertArrayEquals(new float[] { (float) (-2 * s + 0.25) }, r.constants().get(
			"w_bn_fused_bn_fused_bias").toFloats());
		assertEquals(-5.75f, r.constants().get("w_bn_fused_bn_fused_bias").toFloats()[0], 1e-5f);
		assertEquals(List.of("x", "w_bn_fused", "w_bn_fused_bn_fused_bias"), r.nodes().get(0).inputs());
	}

	@Test
	void namesTakenGetANumber() {
		convBn();
		floats("w_bn_fused", new float[] { 0 }, 1);
		nodes.add(new OnnxNode("w_bn_fused_2", "Relu", List.of("y"), List.of("cb_bn_fused_bias"), List
			.of()));
		final ConvBatchNormFusion.Result r = fuse("cb_bn_fused_bias");
		assertEquals(Set.of("w_bn_fused_3", "cb_bn_fused_bias_2"), r.constants().keySet());
	}

	@Test
	void twoPairsAreBothFused() {
		convBn();
		floats("w2", new float[] { 1, 1 }, 1, 2, 1, 1);
		floats("s2", new float[] { 1 }, 1);
		floats("b2", new float[] { 0 }, 1);
		floats("m2", new float[] { 0 }, 1);
		floats("v2", new float[] { 0 }, 1);
		nodes.add(new OnnxNode("", "Conv", List.of("y", "w2"), List.of("c2"), List.of()));
		nodes.add(new OnnxNode("", "BatchNormalization", List.of("c2", "s2", "b2", "m2", "v2"), List.of(
			"y2"), List.of()));
		final ConvBatchNormFusion.Result r = fuse("y2");
		assertEquals(2, r.fused());
		assertEquals(4, r.constants().size());
		assertEquals("Identity", r.nodes().get(3).opType());
	}

	@Test
	void anotherReaderOrAGraphOutputKeepsTheBatchNorm() {
		convBn();
		unfused("y", "c");
		nodes.add(new OnnxNode("", "Relu", List.of("c"), List.of("r"), List.of()));
		unfused("y");
	}

	@Test
	void trainingModeOrAReadSecondOutputKeepsIt() {
		convBn(OnnxAttribute.of("training_mode", 1L));
		unfused("y");
		convBn(OnnxAttribute.of("training_mode", 0L));
		assertEquals(1, fuse("y").fused());
		// opset 9's outputs: y, mean, var, saved mean, saved var; the running mean read elsewhere
		convBn();
		nodes.set(1, new OnnxNode("bn", "BatchNormalization", List.of("c", "scale", "beta", "mean", "var"),
			List.of("y", "", "rv"), List.of()));
		unfused("y", "rv");
		assertEquals(1, fuse("y").fused());
		nodes.add(new OnnxNode("", "Relu", List.of("rv"), List.of("r"), List.of()));
		unfused("y");
	}

	@Test
	void otherDomainsAreLeftAlone() {
		convBn();
		final OnnxNode bn = nodes.get(1);
		nodes.set(1, new OnnxNode(bn.name(), bn.opType(), "com.example", bn.inputs(), bn.outputs(), bn
			.attributes(), ""));
		unfused("y");
		nodes.set(1, bn);
		final OnnxNode conv = nodes.get(0);
		nodes.set(0, new OnnxNode(conv.name(), conv.opType(), "com.example", conv.inputs(), conv.outputs(),
			conv.attributes(), ""));
		unfused("y");
		nodes.set(0, new OnnxNode(conv.name(), "ConvTranspose", conv.inputs(), conv.outputs(), conv
			.attributes()));
		unfused("y");
	}

	@Test
	void missingOrWrongConstantsKeepIt() {
		// four inputs only (no variance)
		convBn();
		nodes.set(1, new OnnxNode("bn", "BatchNormalization", List.of("c", "scale", "beta", "mean"), List.of(
			"y"), List.of()));
		unfused("y");
		// the mean computed, not a constant
		convBn();
		constants.remove("mean");
		unfused("y");
		// a variance of 3 values for 2 channels
		convBn();
		floats("var", new float[] { 3, 3, 3 }, 3);
		unfused("y");
		// the scale as integers (only float constants are read)
		convBn();
		constants.put("scale", OnnxTensor.ofLongs("scale", new long[] { 2, 1 }, 2));
		unfused("y");
		// a bias of 1 value for 2 channels
		convBn();
		floats("cb", new float[] { 1 }, 1);
		unfused("y");
		// the bias computed
		convBn();
		constants.remove("cb");
		unfused("y");
		// the weight computed, or of rank 2, or read by another node too
		convBn();
		constants.remove("w");
		unfused("y");
		convBn();
		floats("w", new float[] { 1, 2 }, 2, 1);
		unfused("y");
		convBn();
		nodes.add(new OnnxNode("", "Identity", List.of("w"), List.of("w2"), List.of()));
		unfused("y");
	}

	@Test
	void convShapesThatAreNotFused() {
		// a Conv without weight input, one with two outputs, an empty weight
		convBn();
		nodes.set(0, new OnnxNode("conv", "Conv", List.of("x"), List.of("c"), List.of()));
		unfused("y");
		nodes.set(0, new OnnxNode("conv", "Conv", List.of("x", "w", "cb"), List.of("c", "extra"), List
			.of()));
		unfused("y");
		nodes.set(0, new OnnxNode("conv", "Conv", List.of("x", "w", "cb"), List.of("c"), List.of()));
		floats("w", new float[0], 0, 1, 1, 2);
		unfused("y");
		// the batch norm reads a graph input
		convBn();
		nodes.set(1, new OnnxNode("bn", "BatchNormalization", List.of("x", "scale", "beta", "mean", "var"),
			List.of("y"), List.of()));
		unfused("y");
		// an empty bias name means no bias
		convBn();
		nodes.set(0, new OnnxNode("conv", "Conv", List.of("x", "w", ""), List.of("c"), List.of()));
		final ConvBatchNormFusion.Result r = fuse("y");
		assertEquals(1, r.fused());
		// bias (0 - mean) * s + beta = (0.5, -0.25)
		assertArrayEquals(new float[] { 0.5f, -0.25f }, r.constants().get("w_bn_fused_bn_fused_bias")
			.toFloats());
	}
}
