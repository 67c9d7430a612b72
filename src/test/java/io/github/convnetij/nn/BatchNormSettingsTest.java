package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Tensor;

/** Batch norm's settings at their edges, the ONNX momentum conversion, and the one-value batch. */
class BatchNormSettingsTest {

	@Test
	void epsilonAndMomentumAtTheirEdges() {
		Layers.batchNorm(Float.MIN_VALUE, 0f);
		Layers.batchNorm(1e-5f, 1f);
		for (final float eps : new float[] { 0f, -1e-5f, Float.NaN, Float.POSITIVE_INFINITY })
			assertThrows(IllegalArgumentException.class, () -> Layers.batchNorm(eps, 0.1f), "eps " + eps);
		for (final float m : new float[] { -0.01f, 1.01f, Float.NaN })
			assertThrows(IllegalArgumentException.class, () -> Layers.batchNorm(1e-5f, m), "momentum " +
				m);
	}

	@Test
	void onnxMomentumIsOneMinusOurs() {
		// ONNX's running = m * running + (1 - m) * batch; PyTorch's momentum is 1 - m
		assertEquals(0.1f, BatchNormLayer.ourMomentum(0.9f));
		assertEquals(0.1f, BatchNormLayer.ourMomentum(1 - 0.1f));
		assertEquals(1f, BatchNormLayer.ourMomentum(0f));
		assertEquals(0f, BatchNormLayer.ourMomentum(1f));
		assertEquals(-0.5f, BatchNormLayer.ourMomentum(1.5f));
	}

	@Test
	void trainingNeedsTwoValuesPerChannel() {
		final Network one = Network.builder(3).add("bn", Layers.batchNorm()).add(Layers.dense(2)).build();
		one.initialize(1);
		// a batch of one sample with no spatial extent: one value per channel
		assertThrows(IllegalArgumentException.class, () -> one.forward(Tensor.zeros(1, 3), true));
		// two samples are enough; so is one sample of 1 x 2 values
		one.forward(Tensor.of(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3), true);
		final Network area = Network.builder(3, 1, 2).add("bn", Layers.batchNorm()).add(Layers.flatten())
			.add(Layers.dense(2)).build();
		area.initialize(1);
		area.forward(Tensor.of(new float[] { 1, 2, 3, 4, 5, 6 }, 1, 3, 1, 2), true);
	}
}
