package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import io.github.convnetij.compute.Tensor;

import org.junit.jupiter.api.Test;

/** The element-wise kinds added as one file each: values by hand, gradients by finite differences. */
class ElementwiseKindsTest {

	private static float[] run(final String arch, final float... x) {
		final Network net = Architectures.parse(arch, new int[] { x.length }, 0);
		return net.predict(Tensor.of(x.clone(), 1, x.length)).data();
	}

	@Test
	void valuesByHand() {
		final float[] x = { -4f, -1f, 0f, 0.5f, 1f, 7f };
		// 1 / (1 + e^-x): e^1 = 2.718281828, e^4 = 54.59815, e^-7 = 0.000911882
		assertArr(new float[] { 0.01798621f, 0.26894142f, 0.5f, 0.62245933f, 0.73105858f, 0.99908895f },
			run("sigmoid", x), 1e-7f);
		assertArr(new float[] { -0.9993293f, -0.7615942f, 0f, 0.46211716f, 0.7615942f, 0.99999834f },
			run("tanh", x), 1e-7f);
		assertArr(new float[] { 0f, 0f, 0f, 0.5f, 1f, 6f }, run("clip(min=0,max=6)", x), 0f);
		assertArr(new float[] { -4f, -1f, 0f, 0.5f, 0.5f, 0.5f }, run("clip(max=0.5)", x), 0f);
		// 0.2 x + 0.5 clamped to [0, 1]
		assertArr(new float[] { 0f, 0.3f, 0.5f, 0.6f, 0.7f, 1f }, run("hardsigmoid", x), 1e-7f);
		// x * clamp(x / 6 + 0.5, 0, 1)
		assertArr(new float[] { 0f, -1f / 3, 0f, 0.5f * (0.5f / 6 + 0.5f), 2f / 3, 7f }, run("hardswish",
			x), 1e-6f);
		assertThrows(IllegalArgumentException.class, () -> run("clip(min=2,max=1)", x));
		assertThrows(IllegalArgumentException.class, () -> run("sigmoid(1)", x));
	}

	private static void assertArr(final float[] e, final float[] a, final float tol) {
		assertEquals(e.length, a.length);
		for (int i = 0; i < e.length; i++)
			assertEquals(e[i], a[i], tol, "element " + i);
	}

	@Test
	void gradients() {
		final Random rnd = new Random(3);
		final Tensor x = GradientCheck.random(rnd, 2, 3, 4, 5);
		LayerGradientTest.check("sigmoid", Layers.create("sigmoid", null), x, 1, 1e-3f);
		LayerGradientTest.check("tanh", Layers.create("tanh", null), x, 2, 1e-3f);
		LayerGradientTest.check("clip", Layers.create("clip", java.util.Map.of("min", -0.5f, "max",
			0.25f)), x, 3, 1e-3f);
		LayerGradientTest.check("hardsigmoid", Layers.create("hardsigmoid", java.util.Map.of("alpha",
			0.7f)), x, 4, 1e-3f);
		final Tensor wide = GradientCheck.random(rnd, 2, 40);
		for (int i = 0; i < wide.data().length; i++)
			wide.data()[i] *= 5; // across the kinks at -3 and 3
		LayerGradientTest.check("hardswish", Layers.create("hardswish", null), wide, 5, 1e-3f);
	}

	@Test
	void hardswishSlopeAtTheKinksIsPyTorchs() {
		// torch 1.13: x = [-3, 3, -3.5, 3.5, 0], hardswish(x).sum().backward() gives
		// [-0.5, 1.5, 0.0, 1.0, 0.5] (the middle piece x / 3 + 0.5 on the closed interval)
		final HardSwishLayer h = (HardSwishLayer) Layers.create("hardswish", null);
		final float[] x = { -3f, 3f, -3.5f, 3.5f, 0f }, torch = { -0.5f, 1.5f, 0f, 1f, 0.5f };
		for (int i = 0; i < x.length; i++)
			assertEquals(torch[i], h.derivative(x[i]), 0f, "x = " + x[i]);
	}
}
