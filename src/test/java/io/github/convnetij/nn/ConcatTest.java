package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import io.github.convnetij.compute.Tensor;

import org.junit.jupiter.api.Test;

/** concat: values by hand along each axis, gradients by finite differences, shape errors. */
class ConcatTest {

	@Test
	void valuesByHand() {
		// x: one sample [2, 1, 2] = channel 0: (-2, 4), channel 1: (6, -8)
		final Tensor x = Tensor.of(new float[] { -2, 4, 6, -8 }, 1, 2, 1, 2);
		// previous (leakyrelu 0.5) first, then a (relu)
		Network net = Architectures.parse("a:relu, leakyrelu(alpha=0.5), concat(a)", new int[] { 2, 1,
			2 }, 0);
		assertArrayEquals(new int[] { 4, 1, 2 }, net.outputShape());
		// leaky(relu(x)) = relu(x) = (0, 4, 6, 0), then relu(x)
		assertArrayEquals(new float[] { 0, 4, 6, 0, 0, 4, 6, 0 }, net.predict(x).data());
		net = Architectures.parse("a:leakyrelu(alpha=0.5), relu, concat(a, axis=2)", new int[] { 2, 1,
			2 }, 0);
		assertArrayEquals(new int[] { 2, 1, 4 }, net.outputShape());
		// per channel row: relu(leaky(x)) then leaky(x) = (-1, 4, 6, -4)
		assertArrayEquals(new float[] { 0, 4, -1, 4, 6, 0, 6, -4 }, net.predict(x).data());
		net = Architectures.parse("a:leakyrelu(alpha=0.5), b:relu, concat(input, b, a, axis=1)",
			new int[] { 2, 1, 2 }, 0);
		assertArrayEquals(new int[] { 2, 3, 2 }, net.outputShape());
		assertArrayEquals(new float[] { -2, 4, 0, 4, -1, 4, 6, -8, 6, 0, 6, -4 }, net.predict(x).data());
		assertEquals("a:leakyrelu(alpha=0.5), b:relu, concat(input,b,a,axis=1)", net.architecture());
	}

	@Test
	void gradients() {
		final Network net = Architectures.parse("a:conv(3,3,pad=same), b:conv(2,1), conv(1,3,pad=1), " +
			"concat(b,a), conv(2,3)", new int[] { 2, 5, 5 }, 0);
		net.initialize(4);
		final Random rnd = new Random(5);
		final Tensor x = GradientCheck.random(rnd, 2, 2, 5, 5);
		final Tensor y = net.forward(x, true);
		final Tensor dy = GradientCheck.random(rnd, y.shape());
		final Tensor dx = net.backward(dy, true).copy();
		GradientCheck.compare("concat dx", x, dx, v -> GradientCheck.dot(dy, net.forward(v, true)),
			1e-2f, 2e-3, 60);
	}

	@Test
	void mismatchedShapesAreRefused() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> Architectures.parse("a:conv(2,1), conv(2,3), concat(a)", new int[] { 1, 5, 5 }, 0));
		assertTrue(e.getMessage().contains("concat along axis 0 needs inputs that agree on the other " +
			"axes, got [2, 3, 3] and [2, 5, 5]"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Architectures.parse("relu, concat",
			new int[] { 2 }, 0));
		assertThrows(IllegalArgumentException.class, () -> Architectures.parse("a:relu, concat(a, axis=1)",
			new int[] { 2 }, 0));
	}
}
