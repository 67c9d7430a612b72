package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Tensor;

/** A batch of 0 samples gives an empty result of the right shape (no division by the empty count). */
class EmptyBatchGapsTest {

	private static Layer built(final Layer l, final int... shape) {
		return Network.builder(shape).add("l", l).build().node("l").layer();
	}

	@Test
	void globalAveragePool() {
		final Layer g = built(new GlobalAvgPoolLayer(), 2, 3, 3);
		final Tensor y = g.forward(new Tensor[] { Tensor.zeros(0, 2, 3, 3) }, true);
		assertArrayEquals(new int[] { 0, 2, 1, 1 }, y.shape());
		final Tensor dx = g.backward(Tensor.zeros(0, 2, 1, 1), true)[0];
		assertArrayEquals(new int[] { 0, 2, 3, 3 }, dx.shape());
		assertEquals(0, dx.numel());
	}

	@Test
	void batchNormInference() {
		final Layer b = built(Layers.batchNorm(), 2, 3);
		assertArrayEquals(new int[] { 0, 2, 3 }, b.forward(new Tensor[] { Tensor.zeros(0, 2, 3) }, false)
			.shape());
	}
}
