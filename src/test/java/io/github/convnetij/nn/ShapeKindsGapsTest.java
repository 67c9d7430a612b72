package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Tensor;

/**
 * ONNX Concat, Softmax and Flatten import/export rules by hand from the operator definitions
 * (Concat's axis counts the batch axis: ONNX axis a is our a - 1, negative counts from the end of
 * the full rank, the batch axis is refused, one input is an identity), and the concat layer's own
 * checks.
 */
class ShapeKindsGapsTest {

	private static void refused(final String part, final Runnable r) {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
		assertTrue(e.getMessage().contains(part), e.getMessage());
	}

	private static FakeOnnxImport concat(final int inputs, final Long axis, final int... shape) {
		final FakeOnnxImport in = new FakeOnnxImport("Concat", 13, shape);
		in.inputs = inputs;
		if (axis != null) in.attr("axis", axis);
		return in;
	}

	private static Map<String, Object> imported(final FakeOnnxImport in) {
		ConcatLayer.KIND.fromOnnx(in);
		return in.layer().attributes();
	}

	@Test
	void onnxConcatAxis() {
		// inputs [N, 3, 4, 5] (rank 4): ONNX axis 1 = channels = our 0, 3 = our 2, -1 = 3 = our 2,
		// -3 = 1 = our 0
		assertEquals(0, imported(concat(2, 1L, 3, 4, 5)).get("axis"));
		assertEquals(2, imported(concat(3, 3L, 3, 4, 5)).get("axis"));
		assertEquals(3, imported(concat(3, 3L, 3, 4, 5)).get("inputs"));
		assertEquals(2, imported(concat(2, -1L, 3, 4, 5)).get("axis"));
		assertEquals(0, imported(concat(2, -3L, 3, 4, 5)).get("axis"));
		refused("the axis is missing", () -> imported(concat(2, null, 3, 4, 5)));
		for (final long a : new long[] { 0, -4, 4, -5 })
			refused("axis " + a + " is not supported: only an axis after the batch axis of the rank-4",
				() -> imported(concat(2, a, 3, 4, 5)));
		// one input: the same values, no layer
		final FakeOnnxImport one = concat(1, 1L, 3, 4, 5);
		ConcatLayer.KIND.fromOnnx(one);
		assertEquals("x", one.aliased);
		assertTrue(one.added.isEmpty());
		final FakeOnnxImport two = concat(2, 1L, 3);
		ConcatLayer.KIND.fromOnnx(two);
		assertNull(two.aliased);
	}

	@Test
	void concatExportAndChecks() {
		final Network net = Architectures.parse("a:relu, relu, concat(a, axis=2)", new int[] { 2, 3, 4 },
			0);
		assertArrayEquals(new int[] { 2, 3, 8 }, net.outputShape());
		assertEquals(3L, FakeOnnxExport.of(net.node("concat1").layer()).attrs.get("axis"));
		assertEquals(1L, FakeOnnxExport.of(Architectures.parse("a:relu, relu, concat(a)", new int[] { 2,
			3 }, 0).node("concat1").layer()).attrs.get("axis"));
		refused("axis must be an integer, got 'one'", () -> Architectures.parse(
			"a:relu, relu, concat(a, axis=one)", new int[] { 2, 3 }, 0));
		refused("concat needs >= 2 inputs, got 1", () -> new ConcatLayer(1, 0));
		new ConcatLayer(2, 0);
		refused("concat axis must be >= 0 (0 = channels), got -1", () -> new ConcatLayer(2, -1));
		refused("concat axis 2 is not an axis of the per-sample shape [2, 3]", () -> Architectures.parse(
			"a:relu, relu, concat(a, axis=2)", new int[] { 2, 3 }, 0));
		// the other axes must agree, ranks too
		refused("needs inputs that agree on the other axes, got [2, 3] and [6]", () -> Architectures.parse(
			"a:relu, flatten, b:relu, concat(a, b)", new int[] { 2, 3 }, 0));
	}

	@Test
	void softmaxAndFlattenExport() {
		final Network net = Architectures.parse("flatten, softmax", new int[] { 2, 3 }, 0);
		assertEquals(1L, FakeOnnxExport.of(net.node("flatten1").layer()).attrs.get("axis"));
		assertEquals(1L, FakeOnnxExport.of(net.node("softmax1").layer()).attrs.get("axis"));
		final FakeOnnxImport s = new FakeOnnxImport("Softmax", 13, 2, 3).attr("axis", 1L);
		refused("only a softmax over the last axis is supported, not over axis 1 of per-sample shape [2, 3]",
			() -> SoftmaxLayer.KIND.fromOnnx(s));
		refused("not over axis 1 of per-sample shape [2, 3]", () -> SoftmaxLayer.KIND.fromOnnx(
			new FakeOnnxImport("Softmax", 11, 2, 3)));
		final FakeOnnxImport ok = new FakeOnnxImport("Softmax", 13, 2, 3);
		SoftmaxLayer.KIND.fromOnnx(ok);
		assertEquals("softmax", ok.layer().type());
	}

	@Test
	void concatAlongALaterAxisByHand() {
		final Layer c = Architectures.parse("a:relu, relu, concat(a, axis=1)", new int[] { 2, 2 }, 0)
			.node("concat1").layer();
		final Tensor a = Tensor.of(new float[] { 1, 2, 3, 4 }, 1, 2, 2);
		final Tensor b = Tensor.of(new float[] { 5, 6, 7, 8 }, 1, 2, 2);
		// along axis 1 (rows of 2): each channel row of input 0, then the same row of input 1
		assertArrayEquals(new float[] { 1, 2, 5, 6, 3, 4, 7, 8 }, c.forward(new Tensor[] { a, b }, true)
			.data());
		final Tensor dy = Tensor.of(new float[] { 10, 11, 12, 13, 14, 15, 16, 17 }, 1, 2, 4);
		final Tensor[] g = c.backward(dy, true);
		assertArrayEquals(new float[] { 10, 11, 14, 15 }, g[0].data());
		assertArrayEquals(new float[] { 12, 13, 16, 17 }, g[1].data());
		final Tensor[] none = c.backward(dy, false);
		assertEquals(2, none.length);
		assertNull(none[0]);
		assertNull(none[1]);
	}

	@Test
	void hardSwishLikePyTorch() {
		// /usr/bin/python3: x = torch.tensor([-4., -3., -2., -1.5, -0.5, 0., 1., 2.5, 3., 4.5],
		// requires_grad=True); y = F.hardswish(x); y.backward(torch.ones_like(y)) (torch 1.13)
		final float[] x = { -4, -3, -2, -1.5f, -0.5f, 0, 1, 2.5f, 3, 4.5f };
		final float[] y = { -0f, -0f, -0.3333333432674408f, -0.375f, -0.2083333283662796f, 0f,
			0.6666666865348816f, 2.2916667461395264f, 3f, 4.5f };
		final float[] dx = { 0f, -0.5f, -0.1666666865348816f, 0f, 0.3333333134651184f, 0.5f,
			0.8333333730697632f, 1.3333332538604736f, 1.5f, 1f };
		final Network net = Network.builder(10).add("h", new HardSwishLayer()).build();
		assertArrayEquals(y, net.forward(Tensor.of(x, 1, 10), true).data(), 1e-6f);
		final Layer h = net.node("h").layer();
		final Tensor ones = Tensor.of(new float[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 }, 1, 10);
		assertArrayEquals(dx, h.backward(ones, true)[0].data(), 1e-6f);
		// no input gradient asked: none made
		final Tensor[] none = h.backward(ones, false);
		assertEquals(1, none.length);
		assertNull(none[0]);
	}
}
