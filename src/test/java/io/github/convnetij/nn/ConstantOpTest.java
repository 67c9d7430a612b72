package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Random;

import io.github.convnetij.compute.Tensor;

import org.junit.jupiter.api.Test;

/** const: broadcasting and the six operations by hand, gradients by finite differences. */
class ConstantOpTest {

	private static float[] run(final String arch, final float[] constant, final float... x) {
		final Network net = Architectures.parse(arch, new int[] { 2, 1, 2 }, 0);
		final float[] c = net.buffers().get(0).value().data();
		System.arraycopy(constant, 0, c, 0, c.length);
		return net.predict(Tensor.of(x.clone(), 1, 2, 1, 2)).data();
	}

	@Test
	void valuesByHand() {
		final float[] x = { 1, 2, 3, 4 }; // channel 0: (1, 2), channel 1: (3, 4)
		// per channel [2, 1, 1]: 10 and 20
		assertArrayEquals(new float[] { 11, 12, 23, 24 }, run("const(add,2x1x1)", new float[] { 10,
			20 }, x));
		// along the last axis [2]: -1 and 1
		assertArrayEquals(new float[] { -1, 2, -3, 4 }, run("const(mul,2)", new float[] { -1, 1 }, x));
		assertArrayEquals(new float[] { -1, 0, 1, 2 }, run("const(sub,1)", new float[] { 2 }, x));
		assertArrayEquals(new float[] { 1, 0, -1, -2 }, run("const(rsub,1)", new float[] { 2 }, x));
		assertArrayEquals(new float[] { 0.5f, 1, 1.5f, 2 }, run("const(div,1)", new float[] { 2 }, x));
		assertArrayEquals(new float[] { 4, 2, 4 / 3f, 1 }, run("const(rdiv,1x1x1)", new float[] { 4 },
			x));
		// full per-sample shape
		assertArrayEquals(new float[] { 2, 4, 6, 8 }, run("const(add,2x1x2)", x, x));
		// initialised to the identity of the operation
		assertArrayEquals(x, Architectures.parse("const(mul,2x1x1), const(sub,1)", new int[] { 2, 1,
			2 }, 0).predict(Tensor.of(x.clone(), 1, 2, 1, 2)).data());
		assertThrows(IllegalArgumentException.class, () -> Architectures.parse("const(mul,3x1x1)",
			new int[] { 2, 1, 2 }, 0));
		assertThrows(IllegalArgumentException.class, () -> Architectures.parse("const(pow,1)",
			new int[] { 2, 1, 2 }, 0));
	}

	@Test
	void gradients() {
		final Random rnd = new Random(8);
		final Tensor x = GradientCheck.random(rnd, 2, 3, 4, 5);
		for (int i = 0; i < x.data().length; i++)
			x.data()[i] += Math.signum(x.data()[i]) * 0.5f; // away from 0 for rdiv
		for (final String op : new String[] { "add", "sub", "rsub", "mul", "div", "rdiv" }) {
			final Layer l = Layers.create("const", Map.of("op", op, "shape", new int[] { 3, 1, 5 }));
			LayerGradientTest.check(op, l, x, 3, 1e-3f);
		}
	}
}
