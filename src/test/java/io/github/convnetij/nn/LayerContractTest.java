package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Tensor;

/**
 * What every layer promises: built once, by one network; inputs checked against the built shape;
 * backward only after a training-mode forward; results of the network's output not overwritten by
 * the next batch, and batches of another size.
 */
class LayerContractTest {

	private static Tensor ramp(final int... shape) {
		final Tensor t = Tensor.zeros(shape);
		for (int i = 0; i < t.numel(); i++)
			t.data()[i] = (i % 7) - 3;
		return t;
	}

	@Test
	void aLayerIsBuiltOnceAndChecksItsInputs() {
		final Layer relu = Layers.relu();
		assertFalse(relu.isBuilt());
		assertThrows(IllegalStateException.class, () -> relu.outputShape());
		assertThrows(IllegalStateException.class, () -> relu.inputShape(0));
		assertThrows(IllegalStateException.class, () -> relu.forward(ramp(1, 3), false));
		Network.builder(3).add("act", relu).add(Layers.dense(2)).build();
		assertTrue(relu.isBuilt());
		assertEquals("act", relu.name());
		assertArrayEquals(new int[] { 3 }, relu.inputShape(0));
		assertArrayEquals(new int[] { 3 }, relu.outputShape());
		// one node only
		assertThrows(IllegalStateException.class, () -> Network.builder(3).add("again", relu).add(
			Layers.dense(2)).build());
		// inputs: the count, null, rank and extents
		assertArrayEquals(new float[] { 0, 0, 0, 0, 1, 2 }, relu.forward(ramp(2, 3), false).data());
		for (final Tensor[] bad : new Tensor[][] { null, {}, { ramp(1, 3), ramp(1, 3) }, { null }, {
			ramp(3) }, { ramp(1, 4) }, { ramp(1, 3, 1) } })
		{
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> relu
				.forward(bad, false));
			assertTrue(e.getMessage().contains("act") || e.getMessage().contains("input 0"), e
				.getMessage());
		}
		// backward needs a training-mode forward
		final Layer dense = Layers.dense(2);
		Network.builder(3).add("d", dense).build();
		dense.forward(ramp(1, 3), false);
		final IllegalStateException e = assertThrows(IllegalStateException.class, () -> dense.backward(
			ramp(1, 2), true));
		assertTrue(e.getMessage().contains("'d'"), e.getMessage());
	}

	@Test
	void outputsSurviveTheNextBatchAndBatchSizesChange() {
		final Network net = Network.builder(2, 4, 4).add("c", Layers.conv(3, 3)).add("r", Layers.relu())
			.add("p", Layers.maxPool(2)).add("f", Layers.flatten()).add("d", Layers.dense(5)).build();
		net.initialize(3);
		final Tensor x2 = ramp(2, 2, 4, 4), x3 = ramp(3, 2, 4, 4);
		final float[] first = net.forward(x2, false).data().clone();
		final Tensor y = net.forward(x2, false);
		assertArrayEquals(first, y.data());
		final Tensor z = net.forward(x3, false); // another batch size, then the first again
		assertArrayEquals(first, y.data(), "the previous output was overwritten");
		assertArrayEquals(new int[] { 3, 5 }, z.shape());
		// the samples of the larger batch that repeat the smaller one's give the same outputs
		// (ramp over 3 x 32 values starts with the 2 x 32 of x2)
		for (int i = 0; i < 10; i++)
			assertEquals(first[i], z.data()[i], 1e-6f);
		assertArrayEquals(first, net.forward(x2, false).data());
		// training: forward and backward with batch 3 then batch 2
		for (final Tensor x : new Tensor[] { x3, x2 }) {
			final Tensor out = net.forward(x, true);
			final Tensor dx = net.backward(ramp(out.shape()), true);
			assertArrayEquals(x.shape(), dx.shape());
		}
	}
}
