package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link Budgets#batch}: a whole batch through a network is checked against the heap (and the
 * array limit) before training or evaluation starts. Sizes worked by hand for
 * {@code conv(64,3,pad=1), flatten, dense(2), softmax} on 1 x 256 x 256 inputs: the outputs per
 * image are 64 x 256 x 256 = 4194304 (conv), 4194304 (flatten), 2 and 2 values; training keeps
 * them and their gradients, plus the input's 65536: 2 x 8388612 + 65536 = 16842760 floats,
 * 67371040 bytes (64 MB) per image.
 */
class BudgetsBatchTest {

	private static Network net() {
		return Architectures.parse("conv(64,3,pad=1), flatten, dense(2), softmax", new int[] { 1, 256,
			256 }, 2);
	}

	@Test
	void aBatchThatFitsPasses() {
		Budgets.batch(net(), 1, true);
		Budgets.batch(net(), 2, false);
	}

	@Test
	void aBatchBeyondTheHeapIsRefusedNamingTheNeedAndTheLayer() {
		// 100 images x 64 MB = 6.3 GB, beyond the tests' 1 GB heap
		final String m = assertThrows(IllegalArgumentException.class, () -> Budgets.batch(net(), 100,
			true)).getMessage();
		assertTrue(m.startsWith("a batch of 100 images through this network (64 MB per image for " +
			"the outputs and gradients of its layers; the largest is node 'conv1' (conv) [64, 256, " +
			"256]) needs 6.3 GB, but the Java heap has only "), m);
		assertTrue(m.endsWith(": use a smaller batch size"), m);
		assertTrue(!m.contains("-Xmx") && !m.contains("Edit>Options"), "no front end's advice: " + m);
	}

	@Test
	void aBatchBeyondAnArrayIsRefused() {
		// 1000 x 4194304 = 4194304000 values in the conv layer's batch output
		final String m = assertThrows(IllegalArgumentException.class, () -> Budgets.batch(net(), 1000,
			false)).getMessage();
		assertTrue(m.contains("a batch of 1000 images: the output of node 'conv1' (conv) [64, 256, " +
			"256] for the batch holds 4194304000 values"), m);
	}
}
