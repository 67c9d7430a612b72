package io.github.convnetij.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

/** Random tensors and comparisons shared by the compute tests. */
final class TestData {

	private TestData() {}

	static Tensor random(final Random rnd, final int... shape) {
		final Tensor t = Tensor.zeros(shape);
		final float[] d = t.data();
		for (int i = 0; i < d.length; i++)
			d[i] = rnd.nextFloat() * 2 - 1;
		return t;
	}

	static float maxAbs(final float[] a) {
		float m = 0;
		for (final float v : a)
			m = Math.max(m, Math.abs(v));
		return m;
	}

	/** Asserts equal shapes and elements within {@code tol}. */
	static void assertClose(final Tensor expected, final Tensor actual, final double tol,
		final String what)
	{
		assertEquals(Arrays.toString(expected.shape()), Arrays.toString(actual.shape()), what +
			": shape");
		final float[] e = expected.data(), a = actual.data();
		for (int i = 0; i < e.length; i++)
			assertTrue(Math.abs(e[i] - a[i]) <= tol, what + ": element " + i + " expected " + e[i] +
				" got " + a[i] + " (tolerance " + tol + ")");
	}
}
