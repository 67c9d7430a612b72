package io.github.convnetij.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Network;

import org.junit.jupiter.api.Test;

/**
 * Shape operators evaluated at load time, in graphs written here the way exporters write them;
 * expected outputs from index arithmetic in the test.
 */
class ConstantFoldingTest {

	private final List<OnnxNode> nodes = new ArrayList<>();
	private final List<OnnxTensor> init = new ArrayList<>();

	private void node(final String op, final List<String> in, final String out,
		final OnnxAttribute... attrs)
	{
		nodes.add(new OnnxNode("", op, in, List.of(out), List.of(attrs)));
	}

	private void longs(final String name, final long... v) {
		init.add(OnnxTensor.ofLongs(name, v, v.length));
	}

	private void scalar(final String name, final long v) {
		init.add(OnnxTensor.ofLongs(name, new long[] { v }));
	}

	private Network load(final String output, final int... perSample) {
		final Object[] in = new Object[perSample.length + 1];
		in[0] = "N";
		for (int i = 0; i < perSample.length; i++)
			in[i + 1] = perSample[i];
		final OnnxGraph g = new OnnxGraph("g", nodes, init, List.of(OnnxValueInfo.tensor("x",
			OnnxTensor.FLOAT, in)), List.of(OnnxValueInfo.tensor(output, OnnxTensor.FLOAT)), List.of(), "");
		return OnnxNetworks.toNetwork(new OnnxModel(7, List.of(new OnnxModel.OpsetId("", 13)), "test",
			"1", "", 0, "", g, Map.of()), null);
	}

	private static Tensor ramp(final int... shape) {
		final Tensor t = Tensor.zeros(shape);
		for (int i = 0; i < t.data().length; i++)
			t.data()[i] = i * 0.5f - 3;
		return t;
	}

	/** {@code x.view(x.size(0), -1)}: Shape, Gather, Unsqueeze, Concat, Reshape. */
	@Test
	void viewBySizeZeroIsAFlatten() {
		scalar("zero", 0);
		longs("axes0", 0);
		longs("minus1", -1);
		node("Shape", List.of("x"), "s");
		node("Gather", List.of("s", "zero"), "n", OnnxAttribute.of("axis", 0L));
		node("Unsqueeze", List.of("n", "axes0"), "n1");
		node("Concat", List.of("n1", "minus1"), "target", OnnxAttribute.of("axis", 0L));
		node("Reshape", List.of("x", "target"), "y");
		final Network net = load("y", 2, 3, 4);
		assertArrayEquals(new int[] { 24 }, net.outputShape());
		final Tensor x = ramp(3, 2, 3, 4);
		final Tensor y = net.predict(x);
		assertArrayEquals(new int[] { 3, 24 }, y.shape());
		assertArrayEquals(x.data(), y.data());
	}

	/**
	 * {@code x.reshape(n, c, h * w)} with h and w from Slice (end INT64_MAX) and Gather of the
	 * shape, their product through Mul, cast to float and back.
	 */
	@Test
	void sliceGatherMulCastGiveTheTarget() {
		scalar("zero", 0);
		scalar("one", 1);
		longs("axes0", 0);
		longs("start2", 2);
		longs("endMax", Long.MAX_VALUE);
		node("Shape", List.of("x"), "s");
		node("Gather", List.of("s", "zero"), "n", OnnxAttribute.of("axis", 0L));
		node("Gather", List.of("s", "one"), "c", OnnxAttribute.of("axis", 0L));
		node("Slice", List.of("s", "start2", "endMax"), "hw"); // [3, 4]
		node("Gather", List.of("hw", "zero"), "h", OnnxAttribute.of("axis", 0L));
		node("Gather", List.of("hw", "one"), "w", OnnxAttribute.of("axis", 0L));
		node("Mul", List.of("h", "w"), "hw1");
		node("Cast", List.of("hw1"), "hwf", OnnxAttribute.of("to", (long) OnnxTensor.FLOAT));
		node("Cast", List.of("hwf"), "hwi", OnnxAttribute.of("to", (long) OnnxTensor.INT64));
		node("Unsqueeze", List.of("n", "axes0"), "n1");
		node("Unsqueeze", List.of("c", "axes0"), "c1");
		node("Unsqueeze", List.of("hwi", "axes0"), "hw2");
		node("Concat", List.of("n1", "c1", "hw2"), "target", OnnxAttribute.of("axis", 0L));
		node("Reshape", List.of("x", "target"), "y");
		final Network net = load("y", 2, 3, 4);
		assertArrayEquals(new int[] { 2, 12 }, net.outputShape());
		final Tensor x = ramp(2, 2, 3, 4);
		assertArrayEquals(x.data(), net.predict(x).data());
	}

	/** F.pad's pads built from ConstantOfShape, Concat, Reshape, Slice with step -1, Transpose. */
	@Test
	void padsBuiltFromShapeOperators() {
		// pads (W left 2, W right 0, H top 1, H bottom 1) as PyTorch gives them, in PyTorch's order
		longs("torchPads", 2, 0, 1, 1);
		longs("four", 4);
		longs("shape2", -1, 2);
		longs("m1", -1);
		longs("minf", Long.MIN_VALUE + 1);
		longs("axes0", 0);
		node("ConstantOfShape", List.of("four"), "zeros", OnnxAttribute.of("value", OnnxTensor.ofLongs(
			"", new long[] { 0 }, 1)));
		node("Concat", List.of("torchPads", "zeros"), "eight", OnnxAttribute.of("axis", 0L));
		node("Reshape", List.of("eight", "shape2"), "pairs");               // [[2,0],[1,1],[0,0],[0,0]]
		node("Slice", List.of("pairs", "m1", "minf", "axes0", "m1"), "rev"); // rows reversed
		node("Transpose", List.of("rev"), "t", OnnxAttribute.ofInts("perm", 1, 0));
		node("Reshape", List.of("t", "m1"), "pads");                         // [0,0,1,2, 0,0,1,0]
		node("Pad", List.of("x", "pads"), "y");
		final Network net = load("y", 1, 2, 3);
		assertArrayEquals(new int[] { 1, 4, 5 }, net.outputShape());
		final Tensor x = ramp(2, 1, 2, 3);
		final Tensor y = net.predict(x);
		for (int n = 0; n < 2; n++)
			for (int h = 0; h < 4; h++)
				for (int w = 0; w < 5; w++) {
					final int hi = h - 1, wi = w - 2;
					final float e = hi >= 0 && hi < 2 && wi >= 0 ? x.data()[(n * 2 + hi) * 3 + wi] : 0f;
					assertEquals(e, y.data()[(n * 4 + h) * 5 + w]);
				}
	}

	@Test
	void theBatchSizeElsewhereThanFirstIsRefused() {
		scalar("zero", 0);
		longs("axes0", 0);
		longs("minus1", -1);
		node("Shape", List.of("x"), "s");
		node("Gather", List.of("s", "zero"), "n", OnnxAttribute.of("axis", 0L));
		node("Unsqueeze", List.of("n", "axes0"), "n1");
		node("Concat", List.of("minus1", "n1"), "target", OnnxAttribute.of("axis", 0L));
		node("Reshape", List.of("x", "target"), "y");
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load("y",
			2, 3));
		assertTrue(e.getMessage().contains("[-1, N]") && e.getMessage().contains("batch size N"), e
			.getMessage());
	}

	@Test
	void integerOverflowIsRefusedAndHugeStepsTakeOneElement() {
		longs("big", Long.MAX_VALUE);
		longs("two", 2);
		node("Mul", List.of("big", "two"), "m");
		node("Reshape", List.of("x", "m"), "y");
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load("y",
			4));
		assertTrue(e.getMessage().contains("overflows"), e.getMessage());

		nodes.clear();
		init.clear();
		// shape [N, 2, 6] sliced from 1 with step INT64_MAX: [2], the per-sample channel count
		longs("one", 1);
		longs("end", Long.MAX_VALUE);
		longs("axes0", 0);
		longs("huge", Long.MAX_VALUE);
		longs("zero", 0);
		longs("minus1", -1);
		node("Shape", List.of("x"), "s");
		node("Slice", List.of("s", "one", "end", "axes0", "huge"), "c");      // [2]
		node("Concat", List.of("zero", "c", "minus1"), "t", OnnxAttribute.of("axis", 0L));
		node("Reshape", List.of("x", "t"), "y");
		assertArrayEquals(new int[] { 2, 6 }, load("y", 2, 6).outputShape());
	}

	@Test
	void aHugeConstantOfShapeIsRefusedBeforeAllocating() {
		longs("huge", 1 << 20, 1 << 20);
		node("ConstantOfShape", List.of("huge"), "z");
		node("Add", List.of("x", "z"), "y");
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load("y",
			4));
		assertTrue(e.getMessage().contains("elements"), e.getMessage());
	}
}
