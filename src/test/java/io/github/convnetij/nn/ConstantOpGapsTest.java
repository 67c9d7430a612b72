package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Tensor;

/**
 * The constant-operand layer: each operation's value and input gradient by hand, the neutral
 * initial constant, shape checks, and how an ONNX binary node with one constant operand is read
 * (a constant first operand turns Sub and Div around).
 */
class ConstantOpGapsTest {

	private static void refused(final String part, final Runnable r) {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
		assertTrue(e.getMessage().contains(part), e.getMessage());
	}

	/** x = (2, -4), constant 0.5, dy = (1, 3): returns y then dx. */
	private static float[][] run(final ConstantOpLayer.Op op) {
		final Network net = Network.builder(2).add("c", new ConstantOpLayer(op, new int[] { 1 })).build();
		final Layer l = net.node("c").layer();
		l.parameter("value").value().data()[0] = 0.5f;
		final Tensor y = net.forward(Tensor.of(new float[] { 2, -4 }, 1, 2), true);
		final Tensor dx = net.backward(Tensor.of(new float[] { 1, 3 }, 1, 2), true);
		return new float[][] { y.data().clone(), dx.data().clone() };
	}

	@Test
	void operationsByHand() {
		float[][] r = run(ConstantOpLayer.Op.ADD);
		assertArrayEquals(new float[] { 2.5f, -3.5f }, r[0]);
		assertArrayEquals(new float[] { 1, 3 }, r[1]);
		r = run(ConstantOpLayer.Op.SUB);
		assertArrayEquals(new float[] { 1.5f, -4.5f }, r[0]);
		assertArrayEquals(new float[] { 1, 3 }, r[1]);
		r = run(ConstantOpLayer.Op.RSUB);
		assertArrayEquals(new float[] { -1.5f, 4.5f }, r[0]);
		assertArrayEquals(new float[] { -1, -3 }, r[1]);
		r = run(ConstantOpLayer.Op.MUL);
		assertArrayEquals(new float[] { 1, -2 }, r[0]);
		assertArrayEquals(new float[] { 0.5f, 1.5f }, r[1]);
		r = run(ConstantOpLayer.Op.DIV);
		assertArrayEquals(new float[] { 4, -8 }, r[0]);
		assertArrayEquals(new float[] { 2, 6 }, r[1]);
		r = run(ConstantOpLayer.Op.RDIV);
		assertArrayEquals(new float[] { 0.25f, -0.125f }, r[0]);
		// d(k / x) = -k / x^2: -0.5 / 4, -3 * 0.5 / 16
		assertArrayEquals(new float[] { -0.125f, -0.09375f }, r[1]);
	}

	@Test
	void neutralStartAndChecks() {
		for (final ConstantOpLayer.Op op : ConstantOpLayer.Op.values()) {
			final Network net = Network.builder(2).add("c", new ConstantOpLayer(op, new int[] { 2 }))
				.build();
			final Parameter v = net.node("c").layer().parameter("value");
			v.value().data()[0] = 7;
			net.initialize(1);
			final float neutral = op == ConstantOpLayer.Op.ADD || op == ConstantOpLayer.Op.SUB ||
				op == ConstantOpLayer.Op.RSUB ? 0 : 1;
			assertArrayEquals(new float[] { neutral, neutral }, v.value().data(), op.name());
			final Layer l = net.node("c").layer();
			l.forward(Tensor.of(new float[] { 1, 2 }, 1, 2), false);
			assertThrows(IllegalStateException.class, () -> l.backward(Tensor.of(new float[] { 1, 1 }, 1,
				2), true), op.name());
			l.forward(Tensor.of(new float[] { 1, 2 }, 1, 2), true);
			assertEquals(null, l.backward(Tensor.of(new float[] { 1, 1 }, 1, 2), false)[0]);
		}
		refused("const needs a shape", () -> new ConstantOpLayer(ConstantOpLayer.Op.ADD, null));
		refused("const needs a shape", () -> new ConstantOpLayer(ConstantOpLayer.Op.ADD, new int[0]));
		refused("extents must be >= 1", () -> new ConstantOpLayer(ConstantOpLayer.Op.ADD, new int[] { 2,
			0 }));
	}

	private static Layer imported(final FakeOnnxImport in) {
		ConstantOpLayer.KIND.fromOnnx(in);
		return in.layer();
	}

	@Test
	void importedNodes() {
		// x - c, c - x, c / x, c * x
		assertEquals("sub", imported(new FakeOnnxImport("Sub", 13, 3).input(1, new float[] { 1, 2, 3 },
			3)).attributes().get("op"));
		assertEquals("rsub", imported(new FakeOnnxImport("Sub", 13, 3).input(0, new float[] { 1, 2, 3 },
			3)).attributes().get("op"));
		assertEquals("rdiv", imported(new FakeOnnxImport("Div", 13, 3).input(0, new float[] { 1 })).attributes()
			.get("op"));
		assertEquals("mul", imported(new FakeOnnxImport("Mul", 13, 3).input(0, new float[] { 2 })).attributes()
			.get("op"));
		// a leading batch axis of 1 is dropped; a scalar becomes one value
		final FakeOnnxImport lead = new FakeOnnxImport("Add", 13, 3).input(1, new float[] { 1, 2, 3 }, 1,
			3);
		assertArrayEquals(new int[] { 3 }, (int[]) imported(lead).attributes().get("shape"));
		assertArrayEquals(new int[] { 3 }, (int[]) lead.weights.get(0)[3]);
		assertEquals("value", lead.weights.get(0)[1]);
		final FakeOnnxImport scalar = new FakeOnnxImport("Add", 13, 3).input(1, new float[] { 4 },
			new int[0]);
		assertArrayEquals(new int[] { 1 }, (int[]) imported(scalar).attributes().get("shape"));
		assertArrayEquals(new float[] { 4 }, (float[]) scalar.weights.get(0)[2]);
		refused("varies along the batch axis", () -> imported(new FakeOnnxImport("Add", 13, 3).input(1,
			new float[6], 2, 3)));
		refused("needs 2 inputs, got 3", () -> imported(new FakeOnnxImport("Add", 13, 3).input(2,
			new float[] { 1 })));
		refused("both inputs are constants", () -> imported(new FakeOnnxImport("Mul", 13, 3).input(0,
			new float[] { 1 }).input(1, new float[] { 1 })));
		final FakeOnnxImport two = new FakeOnnxImport("Mul", 13, 3);
		two.inputs = 2;
		refused("two computed inputs are supported by Add only", () -> imported(two));
	}
}
