package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Tensor;

/**
 * Initial weights by the rules of He and Glorot (Keras' {@code he_uniform} before a ReLU,
 * {@code glorot_uniform} otherwise): uniform in [-b, b] with b = sqrt(6 / fan_in) or
 * sqrt(6 / (fan_in + fan_out)), fans counting the kernel's taps; biases 0; the same seed gives the
 * same weights.
 */
class InitializationTest {

	private static Network net() {
		final int[] one = { 1 };
		return Network.builder(4, 9, 9).add("c1", Layers.conv(8, 3)).add("r1", Layers.relu()).add(
			"c2", Layers.conv(6, new int[] { 3, 1 }, one, Pads.valid(), one, true)).add("f", Layers
				.flatten()).add("d1", Layers.dense(10)).add("r2", Layers.relu()).add("d2", Layers.dense(3))
			.build();
	}

	private static Map<String, Tensor> params(final Network net) {
		final Map<String, Tensor> m = new HashMap<>();
		for (final Parameter p : net.parameters())
			m.put(p.name(), p.value());
		return m;
	}

	/** All values within the bound, the largest close to it, the mean square near b^2 / 3. */
	private static void uniform(final String what, final Tensor w, final double bound) {
		double max = 0, sq = 0;
		for (final float v : w.data()) {
			assertTrue(Math.abs(v) <= bound, what + ": " + v + " outside +-" + bound);
			max = Math.max(max, Math.abs(v));
			sq += (double) v * v;
		}
		final int n = w.numel();
		assertTrue(max > bound * (1 - 10.0 / n), what + ": largest " + max + " of bound " + bound);
		// the mean square of n uniform values: b^2 / 3 within 5 standard deviations
		final double ms = sq / n, sd = bound * bound * Math.sqrt(4.0 / 45 / n);
		assertEquals(bound * bound / 3, ms, 5 * sd, what + " mean square");
	}

	@Test
	void heBeforeAReluGlorotElsewhere() {
		final Network net = net();
		final Map<String, Tensor> p = params(net);
		for (final Tensor t : p.values())
			Arrays.fill(t.data(), 7f);
		net.initialize(21);
		// c1: 8 x 4 x 3 x 3, followed by a ReLU: fan_in 4 * 9 = 36
		assertArrayEquals(new int[] { 8, 4, 3, 3 }, p.get("c1.weight").shape());
		uniform("c1", p.get("c1.weight"), Math.sqrt(6.0 / 36));
		// c2: 6 x 8 x 3 x 1, no ReLU after it: fan_in 8 * 3, fan_out 6 * 3
		uniform("c2", p.get("c2.weight"), Math.sqrt(6.0 / (24 + 18)));
		// d1 on 6 * 5 * 7 = 210 inputs, followed by a ReLU: fan_in 210
		uniform("d1", p.get("d1.weight"), Math.sqrt(6.0 / 210));
		// d2: 10 -> 3, last: fan_in + fan_out = 13
		uniform("d2", p.get("d2.weight"), Math.sqrt(6.0 / 13));
		for (final String b : new String[] { "c1.bias", "c2.bias", "d1.bias", "d2.bias" })
			for (final float v : p.get(b).data())
				assertEquals(0f, v, b);
		// the same seed: the same weights; another seed: others
		final Network again = net();
		again.initialize(21);
		final Network other = net();
		other.initialize(22);
		for (final String k : p.keySet()) {
			assertArrayEquals(p.get(k).data(), params(again).get(k).data(), k);
			if (k.endsWith("weight")) assertTrue(!Arrays.equals(p.get(k).data(), params(other).get(k)
				.data()), k);
		}
	}
	@Test
	void batchNormStartsAsTheIdentityAndHeSeesThroughIt() {
		// conv -> batchnorm -> relu: the conv counts as followed by a ReLU (fan_in 2 * 9 = 18)
		final Network net = Network.builder(2, 6, 6).add("c", Layers.conv(5, 3)).add("bn", Layers
			.batchNorm()).add("r", Layers.relu()).add(Layers.flatten()).add(Layers.dense(2)).build();
		final Map<String, Tensor> p = params(net);
		for (final Parameter b : net.buffers())
			p.put(b.name(), b.value());
		for (final Tensor t : p.values())
			Arrays.fill(t.data(), 7f);
		net.initialize(5);
		uniform("c", p.get("c.weight"), Math.sqrt(6.0 / 18));
		final float[] ones = new float[5], zeros = new float[5];
		Arrays.fill(ones, 1f);
		assertArrayEquals(ones, p.get("bn.weight").data());
		assertArrayEquals(zeros, p.get("bn.bias").data());
		assertArrayEquals(zeros, p.get("bn.running_mean").data());
		assertArrayEquals(ones, p.get("bn.running_var").data());
	}
}
