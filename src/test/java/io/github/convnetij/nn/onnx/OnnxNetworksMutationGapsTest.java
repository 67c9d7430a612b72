package io.github.convnetij.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;

import org.junit.jupiter.api.Test;

/**
 * The import around the layer kinds, on graphs written here: Conv pads from {@code auto_pad}
 * (SAME_LOWER puts the odd pixel before) with outputs summed by hand, node names, Shape of folded
 * and constant values, opset-dependent folding, and each refusal by its message.
 */
class OnnxNetworksMutationGapsTest {

	private final List<OnnxNode> nodes = new ArrayList<>();
	private final List<OnnxTensor> init = new ArrayList<>();
	private long opset = 13;
	private String producer = "test";

	private void node(final String name, final String op, final List<String> in, final String out,
		final OnnxAttribute... attrs)
	{
		nodes.add(new OnnxNode(name, op, in, List.of(out), List.of(attrs)));
	}

	private void floats(final String name, final float[] v, final long... dims) {
		init.add(OnnxTensor.ofFloats(name, v, dims));
	}

	private void longs(final String name, final long... v) {
		init.add(OnnxTensor.ofLongs(name, v, v.length));
	}

	private OnnxModel model(final List<OnnxValueInfo> inputs, final String... outputs) {
		final List<OnnxValueInfo> outs = new ArrayList<>();
		for (final String o : outputs)
			outs.add(OnnxValueInfo.tensor(o, OnnxTensor.FLOAT));
		final OnnxGraph g = new OnnxGraph("g", nodes, init, inputs, outs, List.of(), "");
		return new OnnxModel(7, List.of(new OnnxModel.OpsetId("", opset)), producer, "1", "", 0, "", g, Map
			.of());
	}

	private static List<OnnxValueInfo> input(final Object... dims) {
		return List.of(OnnxValueInfo.tensor("x", OnnxTensor.FLOAT, dims));
	}

	private Network load(final int... perSample) {
		final Object[] d = new Object[perSample.length + 1];
		d[0] = "N";
		for (int i = 0; i < perSample.length; i++)
			d[i + 1] = perSample[i];
		return OnnxNetworks.toNetwork(model(input(d), "y"), null);
	}

	private void refused(final String part, final int... perSample) {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load(
			perSample));
		assertTrue(e.getMessage().contains(part), e.getMessage());
	}

	/** 1, 2, ..., n as a [1, dims...] batch. */
	private static Tensor count(final int... dims) {
		final int[] shape = new int[dims.length + 1];
		shape[0] = 1;
		System.arraycopy(dims, 0, shape, 1, dims.length);
		final Tensor t = Tensor.zeros(shape);
		for (int i = 0; i < t.data().length; i++)
			t.data()[i] = i + 1;
		return t;
	}

	/** A Conv of ones (one channel in and out, no bias) with these attributes. */
	private float[] convOfOnes(final int[] in, final long[] kernel, final OnnxAttribute... attrs) {
		nodes.clear();
		init.clear();
		final float[] w = new float[(int) (kernel[0] * kernel[1])];
		java.util.Arrays.fill(w, 1);
		floats("w", w, 1, 1, kernel[0], kernel[1]);
		node("c", "Conv", List.of("x", "w"), "y", attrs);
		return load(in).predict(count(in)).data();
	}

	@Test
	void convPadsFromAutoPad() {
		// x = [[1,2,3],[4,5,6],[7,8,9]], a 2x2 kernel of ones
		final int[] in = { 1, 3, 3 };
		final long[] k = { 2, 2 };
		// SAME_LOWER: the one pixel of padding goes before (top, left)
		assertArrayEquals(new float[] { 1, 3, 5, 5, 12, 16, 11, 24, 28 }, convOfOnes(in, k, OnnxAttribute.of(
			"auto_pad", "SAME_LOWER")));
		// SAME_UPPER: after (bottom, right)
		assertArrayEquals(new float[] { 12, 16, 9, 24, 28, 15, 15, 17, 9 }, convOfOnes(in, k, OnnxAttribute
			.of("auto_pad", "SAME_UPPER")));
		assertArrayEquals(new float[] { 12, 16, 24, 28 }, convOfOnes(in, k, OnnxAttribute.of("auto_pad",
			"VALID")));
		assertArrayEquals(new float[] { 12, 16, 24, 28 }, convOfOnes(in, k));
		assertArrayEquals(new float[] { 12, 16, 24, 28 }, convOfOnes(in, k, OnnxAttribute.of("auto_pad",
			"NOTSET")));
		// pads (top 1, left 0, bottom 0, right 1)
		assertArrayEquals(new float[] { 3, 5, 3, 12, 16, 9, 24, 28, 15 }, convOfOnes(in, k, OnnxAttribute
			.ofInts("pads", 1, 0, 0, 1)));
		// SAME_LOWER with stride 2 along a row of 4: out 2, total padding 1, before 1: (0+1+2), (2+3+4)
		assertArrayEquals(new float[] { 3, 9 }, convOfOnes(new int[] { 1, 1, 4 }, new long[] { 1, 3 },
			OnnxAttribute.of("auto_pad", "SAME_LOWER"), OnnxAttribute.ofInts("strides", 1, 2)));
		// SAME_LOWER with dilation 3, kernel 2: total padding 3 + 1 + 1 - 4... = 3, before 2, after 1:
		// out[j] = x[j-2] + x[j+1] = (0+2), (0+3), (1+4), (2+0)
		assertArrayEquals(new float[] { 2, 3, 5, 2 }, convOfOnes(new int[] { 1, 1, 4 }, new long[] { 1, 2 },
			OnnxAttribute.of("auto_pad", "SAME_LOWER"), OnnxAttribute.ofInts("dilations", 1, 3)));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> convOfOnes(in,
			k, OnnxAttribute.of("auto_pad", "SAME")));
		assertTrue(e.getMessage().contains("auto_pad 'SAME' is not known"), e.getMessage());
		final IllegalArgumentException p = assertThrows(IllegalArgumentException.class, () -> convOfOnes(in,
			k, OnnxAttribute.ofInts("pads", 1, 1)));
		assertTrue(p.getMessage().contains("pads [1, 1] need 4 values for 2 spatial axes"), p.getMessage());
	}

	@Test
	void generatedNodeNames() {
		floats("w", new float[] { 2 }, 1, 1, 1, 1);
		floats("w2", new float[] { 3 }, 1, 1, 1, 1);
		floats("w3", new float[] { 5 }, 1, 1, 1, 1);
		// PyTorch-style names are not ours; an empty name takes the output's; "conv1" is taken by a
		// later node's output, so the generated names skip it
		node("/features/Conv", "Conv", List.of("x", "w"), "a");
		node("/features/Conv_1", "Conv", List.of("a", "w2"), "conv1");
		node("", "Conv", List.of("conv1", "w3"), "y");
		final Network net = load(1, 2, 2);
		final List<String> names = new ArrayList<>();
		for (final Network.Node n : net.nodes())
			names.add(n.name());
		assertEquals(List.of("conv2", "conv3", "y"), names);
		assertArrayEquals(new float[] { 30, 60, 90, 120 }, net.predict(count(1, 2, 2)).data());
		// a repeated node name gets a number too
		nodes.clear();
		node("same", "Relu", List.of("x"), "a");
		node("same", "Relu", List.of("a"), "y");
		final List<String> twice = new ArrayList<>();
		for (final Network.Node n : load(1, 2, 2).nodes())
			twice.add(n.name());
		assertEquals(List.of("same", "relu1"), twice);
	}

	@Test
	void shapeOfAFoldedValueAndOfAConstant() {
		// Shape(Shape(x)) = [4]; 4 - 5 = -1; Concat([0], [-1]) = [0, -1]: a flatten of [2, 3, 4]
		longs("zero", 0);
		longs("five", 5);
		node("", "Shape", List.of("x"), "s");
		node("", "Shape", List.of("s"), "r");
		node("", "Sub", List.of("r", "five"), "m");
		node("", "Concat", List.of("zero", "m"), "t", OnnxAttribute.of("axis", 0L));
		node("", "Reshape", List.of("x", "t"), "y");
		assertArrayEquals(new int[] { 24 }, load(2, 3, 4).outputShape());
		// Shape of an initializer [12, 2]: the target [0, 12, 2]
		nodes.clear();
		init.clear();
		floats("table", new float[24], 12, 2);
		longs("zero", 0);
		node("", "Shape", List.of("table"), "s");
		node("", "Concat", List.of("zero", "s"), "t", OnnxAttribute.of("axis", 0L));
		node("", "Reshape", List.of("x", "t"), "y");
		assertArrayEquals(new int[] { 12, 2 }, load(2, 3, 4).outputShape());
		// Shape without input
		nodes.clear();
		node("", "Shape", List.of(""), "s");
		node("", "Reshape", List.of("x", "s"), "y");
		refused("ONNX node #1 (Shape): input 0 is missing", 2, 3);
	}

	@Test
	void foldingFollowsTheOpsetAndOmittedInputs() {
		// opset 9: Slice reads starts and ends from attributes; Unsqueeze (opset 11) axes too
		opset = 9;
		longs("zero", 0);
		node("", "Shape", List.of("x"), "s");
		node("", "Slice", List.of("s"), "c", OnnxAttribute.ofInts("starts", 1), OnnxAttribute.ofInts("ends",
			2));
		node("", "Concat", List.of("zero", "c"), "t0", OnnxAttribute.of("axis", 0L));
		longs("minus1", -1);
		node("", "Concat", List.of("t0", "minus1"), "t", OnnxAttribute.of("axis", 0L));
		node("", "Reshape", List.of("x", "t"), "y");
		assertArrayEquals(new int[] { 2, 12 }, load(2, 3, 4).outputShape());
		opset = 11;
		nodes.clear();
		init.clear();
		longs("zero", 0);
		longs("one", 1);
		node("", "Shape", List.of("x"), "s");
		node("", "Gather", List.of("s", "one"), "c");                                // 2
		node("", "Unsqueeze", List.of("c"), "c1", OnnxAttribute.ofInts("axes", 0)); // [2]
		node("", "ConstantOfShape", List.of("c1"), "zz");                           // [0.0, 0.0]
		node("", "Cast", List.of("zz"), "z", OnnxAttribute.of("to", (long) OnnxTensor.INT64));
		longs("minus1", -1);
		// [0, 0] + [0, -1] = [0, -1]
		longs("m", 0, -1);
		node("", "Add", List.of("z", "m"), "t");
		node("", "Reshape", List.of("x", "t"), "y");
		assertArrayEquals(new int[] { 24 }, load(2, 3, 4).outputShape());
		// an omitted axes input ("") before the steps: Slice of the shape with step -1
		opset = 13;
		nodes.clear();
		init.clear();
		longs("start", -1);
		longs("end", 0);
		longs("step", -1);
		longs("zero", 0);
		node("", "Shape", List.of("x"), "s");                                          // [N, 2, 3, 4]
		node("", "Slice", List.of("s", "start", "end", "", "step"), "r");           // [4, 3, 2]
		node("", "Concat", List.of("zero", "r"), "t", OnnxAttribute.of("axis", 0L));
		node("", "Reshape", List.of("x", "t"), "y");
		assertArrayEquals(new int[] { 4, 3, 2 }, load(2, 3, 4).outputShape());
		// steps 1 instead: indices 3 .. 0 give nothing, refused as a shape of no values
		init.set(2, OnnxTensor.ofLongs("step", new long[] { 1 }, 1));
		refused("ONNX node #4 (Reshape)", 2, 3, 4);
	}

	@Test
	void graphLevelRefusals() {
		node("", "Relu", List.of("x"), "y");
		// two data inputs
		final List<OnnxValueInfo> two = List.of(OnnxValueInfo.tensor("x", OnnxTensor.FLOAT, "N", 2),
			OnnxValueInfo.tensor("z", OnnxTensor.FLOAT, "N", 2));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxNetworks
			.toNetwork(model(two, "y"), null));
		assertTrue(e.getMessage().contains("the graph has 2 data inputs [x, z]: a network here has exactly one"),
			e.getMessage());
		// two outputs
		e = assertThrows(IllegalArgumentException.class, () -> OnnxNetworks.toNetwork(model(input("N", 2),
			"y", "x"), null));
		assertTrue(e.getMessage().contains("the graph has 2 outputs [y, x]: a network here has exactly one"),
			e.getMessage());
		// the output is the input, or not the last node
		e = assertThrows(IllegalArgumentException.class, () -> OnnxNetworks.toNetwork(model(input("N", 2),
			"x"), null));
		assertTrue(e.getMessage().contains("the graph output 'x' is not computed by the last supported node"),
			e.getMessage());
		node("", "Relu", List.of("y"), "y2");
		e = assertThrows(IllegalArgumentException.class, () -> OnnxNetworks.toNetwork(model(input("N", 2),
			"y"), null));
		assertTrue(e.getMessage().contains("the graph output 'y' is not computed by the last supported node"),
			e.getMessage());
		// input shapes: none, [N] only, an unknown dimension; a given shape is used instead
		nodes.remove(1);
		e = assertThrows(IllegalArgumentException.class, () -> OnnxNetworks.toNetwork(model(List.of(
			new OnnxValueInfo("x", OnnxTensor.FLOAT, null, "")), "y"), null));
		assertTrue(e.getMessage().contains("the graph input 'x' has no shape: expected [N, C, ...]"), e
			.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> OnnxNetworks.toNetwork(model(input("N"), "y"),
			null));
		assertTrue(e.getMessage().contains("the graph input 'x' has shape [N]: expected [N, C, ...]"), e
			.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> OnnxNetworks.toNetwork(model(input("N", 3,
			"H"), "y"), null));
		assertTrue(e.getMessage().contains("with an unknown dimension 2: give the input shape"), e
			.getMessage());
		assertArrayEquals(new int[] { 3, 5 }, OnnxNetworks.toNetwork(model(input("N", 3, "H"), "y"),
			new int[] { 3, 5 }).outputShape());
		assertArrayEquals(new int[] { 3, 5 }, OnnxNetworks.toNetwork(model(input("N", 2), "y"), new int[] {
			3, 5 }).outputShape());
	}

	@Test
	void nodeLevelRefusals() {
		floats("w", new float[] { 1 }, 1, 1, 1, 1);
		// a node of another domain
		nodes.add(new OnnxNode("odd", "Relu", "com.example", List.of("x"), List.of("y"), List.of(), ""));
		refused("operator com.example:Relu is not supported", 2);
		// ai.onnx is the default domain
		nodes.set(0, new OnnxNode("", "Relu", "ai.onnx", List.of("x"), List.of("y"), List.of(), ""));
		assertArrayEquals(new float[] { 1, 2 }, load(2).predict(count(2)).data());
		// inputs: missing, a constant, never computed (unnamed nodes are numbered from 1)
		nodes.clear();
		node("", "Relu", List.of("x"), "a");
		node("", "Relu", List.of(""), "y");
		refused("ONNX node #2 (Relu): input 0 is missing", 2);
		nodes.set(1, new OnnxNode("", "Relu", List.of("w"), List.of("y"), List.of()));
		refused("ONNX node #2 (Relu): input 0 ('w') is a constant; only computed values are supported there",
			2);
		nodes.set(1, new OnnxNode("", "Relu", List.of("q"), List.of("y"), List.of()));
		refused("ONNX node #2 (Relu): input 0 ('q') is not computed by a supported node before it", 2);
		// a weight that is computed
		nodes.set(1, new OnnxNode("", "Conv", List.of("a", "a"), List.of("y"), List.of()));
		refused("ONNX node #2 (Conv)", 1, 2, 2);
		// a shape operator on a computed value
		nodes.set(1, new OnnxNode("", "Gather", List.of("a", "w"), List.of("y"), List.of()));
		refused("operator Gather is only supported on constants and shapes, which are folded at load time; " +
			"input 'a' is computed", 2);
		// a second output that another node reads
		nodes.clear();
		nodes.add(new OnnxNode("", "Dropout", List.of("x"), List.of("d", "mask"), List.of()));
		node("", "Relu", List.of("mask"), "y");
		refused("ONNX node #1 (Dropout): output 1 ('mask') is read by another node, which is not supported", 2);
		nodes.set(1, new OnnxNode("", "Relu", List.of("d"), List.of("y"), List.of()));
		assertArrayEquals(new float[] { 1, 2 }, load(2).predict(count(2)).data());
		// the batch size in a Reshape target with allowzero=1
		nodes.clear();
		init.clear();
		longs("m1", -1);
		longs("axes0", 0);
		init.add(OnnxTensor.ofLongs("zero", new long[] { 0 }));
		node("", "Shape", List.of("x"), "s");
		node("", "Gather", List.of("s", "zero"), "n");
		node("", "Unsqueeze", List.of("n", "axes0"), "n1");
		node("", "Concat", List.of("n1", "m1"), "t", OnnxAttribute.of("axis", 0L));
		node("", "Reshape", List.of("x", "t"), "y", OnnxAttribute.of("allowzero", 1L));
		refused("depends on the batch size N", 2, 3);
	}

	@Test
	void moreNodeRefusals() {
		// a Constant without a tensor value
		nodes.add(new OnnxNode("", "Constant", List.of(), List.of("k"), List.of(OnnxAttribute.of("value_float",
			2f))));
		node("", "Relu", List.of("x"), "y");
		refused("ONNX node #1 (Constant): only Constant nodes with a tensor 'value' are supported", 2);
		nodes.set(0, new OnnxNode("", "Constant", List.of(), List.of("k"), List.of()));
		refused("ONNX node #1 (Constant): only Constant nodes with a tensor 'value' are supported", 2);
		// a layer reading a folded value of the batch size
		nodes.clear();
		node("", "Shape", List.of("x"), "s");
		node("", "Relu", List.of("s"), "y");
		refused("ONNX node #2 (Relu): input 0 ('s') is a constant; only computed values are supported there", 2);
		// a second output that is the graph output
		nodes.clear();
		nodes.add(new OnnxNode("", "Dropout", List.of("x"), List.of("d", "y"), List.of()));
		refused("ONNX node #1 (Dropout): output 1 ('y') is read by another node, which is not supported", 2);
	}

	@Test
	void resizeSizesWithTheBatchSize() {
		// sizes = [N, C, 6, 8] from Shape(x)[0:2] and [6, 8]: nearest, twice the size
		longs("zero", 0);
		longs("two", 2);
		longs("hw", 6, 8);
		node("", "Shape", List.of("x"), "s");
		node("", "Slice", List.of("s", "zero", "two"), "nc");
		node("", "Concat", List.of("nc", "hw"), "sizes", OnnxAttribute.of("axis", 0L));
		node("", "Resize", List.of("x", "", "", "sizes"), "y", OnnxAttribute.of("mode", "nearest"));
		final Network net = load(1, 3, 4);
		assertArrayEquals(new int[] { 1, 6, 8 }, net.outputShape());
		final float[] y = net.predict(count(1, 3, 4)).data();
		// half_pixel, round_prefer_floor: (i + 0.5) / 2 - 0.5 = i / 2 - 0.25 rounds to i / 2 (same for j)
		for (int i = 0; i < 6; i++)
			for (int j = 0; j < 8; j++)
				assertEquals(i / 2 * 4 + j / 2 + 1, y[i * 8 + j], i + "," + j);
	}

	@Test
	void batchNormsAreFoldedInOtherToolsModelsWithConstantNodeWeights() {
		// the Conv weight from a Constant node; batch norm s = 2 / sqrt(3 + 1) = 1, beta 0.5, mean 1:
		// y = (3x - 1) * 1 + 0.5
		nodes.add(new OnnxNode("", "Constant", List.of(), List.of("w"), List.of(OnnxAttribute.of("value",
			OnnxTensor.ofFloats("w", new float[] { 3 }, 1, 1, 1, 1)))));
		floats("s", new float[] { 2 }, 1);
		floats("b", new float[] { 0.5f }, 1);
		floats("m", new float[] { 1 }, 1);
		floats("v", new float[] { 3 }, 1);
		node("", "Conv", List.of("x", "w"), "c");
		node("", "BatchNormalization", List.of("c", "s", "b", "m", "v"), "y", OnnxAttribute.of("epsilon",
			1f));
		final Network net = load(1, 1, 2);
		final List<String> types = new ArrayList<>();
		for (final Network.Node n : net.nodes())
			types.add(n.layer().type());
		assertEquals(List.of("conv"), types);
		assertArrayEquals(new float[] { 2.5f, 5.5f }, net.predict(count(1, 1, 2)).data());
		// the same graph written by ConvNet-IJ keeps its batch norm
		producer = OnnxNetworks.PRODUCER;
		final Network kept = load(1, 1, 2);
		assertEquals(2, kept.nodes().size());
		assertArrayEquals(new float[] { 2.5f, 5.5f }, kept.predict(count(1, 1, 2)).data());
		// a batch norm of the wrong length
		floats("s", new float[] { 2, 2 }, 2);
		init.remove(0);
		producer = "test";
		refused("has shape [2] but the layer needs [1]", 1, 1, 2);
	}

	@Test
	void exportNamesAndValueInfo() {
		final Network net = Architectures.parse("c:conv(2,3,pad=1), r:relu, f:flatten, d:dense(3)",
			new int[] { 1, 4, 4 }, 0);
		final OnnxModel m = OnnxNetworks.toOnnx(net, Map.of("k", "v"), List.of(OnnxTensor.ofLongs("extra",
			new long[] { 1 }, 1)));
		assertEquals("dev", m.producerVersion());
		assertEquals(OnnxNetworks.PRODUCER, m.producerName());
		assertEquals(13, m.opsetVersion());
		assertEquals(Map.of("k", "v"), m.metadata());
		// value info for every node but the last (the graph output), with the batch size N
		final List<String> info = new ArrayList<>();
		for (final OnnxValueInfo v : m.graph().valueInfo())
			info.add(v.name() + v.shape());
		assertEquals(List.of("c[N, 2, 4, 4]", "r[N, 2, 4, 4]", "f[N, 32]"), info);
		assertEquals("d[N, 3]", m.graph().outputs().get(0).name() + m.graph().outputs().get(0).shape());
		assertEquals("input[N, 1, 4, 4]", m.graph().inputs().get(0).name() + m.graph().inputs().get(0)
			.shape());
		assertEquals(Map.of("extra", m.graph().initializers().get(m.graph().initializers().size() - 1)),
			OnnxNetworks.unusedInitializers(m));
		// names used twice: a node named like a constant, a buffer or a long constant written before it
		for (final String arch : List.of("dr:dropout(0.5), dr.ratio:relu", "b:batchnorm, b.running_mean:relu",
			"p:pad(0x1x1x0x1x1), p.pads:relu")) {
			final Network clashing = Architectures.parse(arch, new int[] { 1, 4, 4 }, 0);
			final String second = clashing.nodes().get(1).name();
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxNetworks
				.toOnnx(clashing, Map.of(), List.of()));
			assertEquals("the ONNX value name '" + second + "' would be used twice: rename the node", e
				.getMessage());
		}
		// an extra tensor named like a weight, or like a node
		for (final String clash : List.of("c.weight", "d.bias", "r", "input")) {
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxNetworks
				.toOnnx(net, Map.of(), List.of(OnnxTensor.ofLongs(clash, new long[] { 1 }, 1))));
			assertEquals("the ONNX value name '" + clash + "' would be used twice: rename the node", e
				.getMessage());
		}
	}
}
