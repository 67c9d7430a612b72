package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Tensor;

/**
 * Dropout in training mode, by its definition (inverted dropout, as {@code torch.nn.Dropout}):
 * each element is zeroed with probability {@code rate}, independently, and the kept ones are
 * scaled by {@code 1 / (1 - rate)}; the gradient passes through the same mask. The mask is
 * reproducible from the network's seed and step and changes with either.
 */
class DropoutTest {

	private static final int N = 20000;

	private static Network net(final float rate, final long seed) {
		final Network net = Network.builder(new int[] { N }).add("drop", Layers.dropout(rate)).build();
		net.initialize(seed);
		return net;
	}

	private static Tensor ones() {
		final float[] x = new float[2 * N];
		Arrays.fill(x, 1f);
		return Tensor.of(x, 2, N);
	}

	private static float[] mask(final Network net, final long step) {
		net.setStep(step);
		return net.forward(ones(), true).data();
	}

	private static double zeros(final float[] m, final int from, final int to) {
		int z = 0;
		for (int i = from; i < to; i++)
			if (m[i] == 0) z++;
		return (double) z / (to - from);
	}

	@Test
	void trainingZeroesTheRateAndScalesTheRest() {
		final Network net = net(0.3f, 11);
		final float kept = 1 / 0.7f;
		for (long step = 0; step < 3; step++) {
			final float[] m = mask(net, step);
			for (final float v : m)
				assertTrue(v == 0 || v == kept, "value " + v);
			// 40000 draws: the fraction of zeros is 0.3 within 5 standard deviations (0.0023 each);
			// so in each quarter (which an element-index mistake would skew)
			assertEquals(0.3, zeros(m, 0, m.length), 0.012);
			for (int q = 0; q < 4; q++)
				assertEquals(0.3, zeros(m, q * N / 2, (q + 1) * N / 2), 0.025, "quarter " + q);
			// neighbours are independent: P(both zero) = 0.09
			int both = 0;
			for (int i = 1; i < m.length; i++)
				if (m[i] == 0 && m[i - 1] == 0) both++;
			assertEquals(0.09, (double) both / (m.length - 1), 0.012);
		}
		// the gradient goes through the same mask
		net.setStep(5);
		final float[] y = net.forward(ones(), true).data();
		final float[] g = net.backward(ones(), true).data();
		assertArrayEquals(y, g);
	}

	@Test
	void theMaskIsReproducibleAndChangesWithStepAndSeed() {
		final float[] a = mask(net(0.5f, 3), 7);
		assertArrayEquals(a, mask(net(0.5f, 3), 7));
		// independent masks agree on about half of the elements (0.5^2 + 0.5^2)
		for (final float[] other : new float[][] { mask(net(0.5f, 3), 8), mask(net(0.5f, 4), 7) }) {
			int same = 0;
			for (int i = 0; i < a.length; i++)
				if ((a[i] == 0) == (other[i] == 0)) same++;
			assertEquals(0.5, (double) same / a.length, 0.02);
		}
	}

	@Test
	void inferenceAndRateZeroAreTheIdentity() {
		final Tensor x = ones();
		x.data()[3] = -2.5f;
		final Network net = net(0.3f, 1);
		final Tensor y = net.forward(x, false);
		assertNotSame(x.data(), y.data());
		assertArrayEquals(x.data(), y.data());
		final Network none = net(0f, 1);
		assertArrayEquals(x.data(), none.forward(x, true).data());
		final Tensor g = ones();
		g.data()[0] = 4;
		assertArrayEquals(g.data(), none.backward(g, true).data());
		// the rate: [0, 1)
		assertThrows(IllegalArgumentException.class, () -> Layers.dropout(1f));
		assertThrows(IllegalArgumentException.class, () -> Layers.dropout(-0.01f));
		assertThrows(IllegalArgumentException.class, () -> Layers.dropout(Float.NaN));
		// the architecture form takes one rate
		assertEquals("dropout(0.25), dense(2)", Architectures.parse("dropout(0.25), dense(2)", new int[] { 3 }, 2)
			.architecture());
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> Architectures.parse("dropout(0.25, 0.5), dense(2)", new int[] { 3 }, 2));
		assertTrue(e.getMessage().contains("dropout(rate)"), e.getMessage());
	}
}
