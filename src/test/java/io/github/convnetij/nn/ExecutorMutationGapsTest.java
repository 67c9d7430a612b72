package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Tensor;

/**
 * What the executor promises beyond "fused equals unfused": which node pairs it fuses (seen in
 * {@link Executor#forwardTimed}, where a skipped node gets no time), that the buffer reuse keeps
 * an inference pass at the outputs it still has to read and never hands out an array that is still
 * read (an aliasing flatten, the caller's input), that what it returns survives the next pass, and
 * the backward pass of dead branches, of a fused pair reading the input, and without an input
 * gradient. References are the unfused executor, a twin network, or the counts worked by hand.
 */
class ExecutorMutationGapsTest {

	private static Tensor random(final long seed, final int... shape) {
		return LayerKindsTest.random(new Random(seed), shape);
	}

	private static void assertBitwise(final Tensor a, final Tensor b, final String what) {
		assertArrayEquals(a.shape(), b.shape(), what);
		for (int i = 0; i < a.data().length; i++)
			assertEquals(Float.floatToIntBits(a.data()[i]), Float.floatToIntBits(b.data()[i]), what +
				" element " + i);
	}

	/**
	 * c1 (conv) -> r1 (relu) -> p1 (maxpool) -> b (batch norm) -> r2 (relu) -> p2 (maxpool) -> f
	 * (flatten) -> d (dense). Inference fuses c1 with r1 (the ReLU as the conv writes its output,
	 * counted on r1) and r2 with p2 (pooling first, counted on p2); p1 then runs on its own.
	 */
	private static Network pairs() {
		final Network net = Network.builder(1, 10, 10) //
			.add("c1", Layers.conv(2, 3)) // 8x8
			.add("r1", Layers.relu()) //
			.add("p1", Layers.maxPool(2)) // 4x4
			.add("b", Layers.batchNorm()) //
			.add("r2", Layers.relu()) //
			.add("p2", Layers.maxPool(2)) // 2x2
			.add("f", Layers.flatten()) //
			.add("d", Layers.dense(3)) //
			.build();
		net.initialize(3);
		return net;
	}

	private static long[] timed(final Executor ex, final Tensor x, final Tensor expected) {
		final long[] t = new long[ex.graph().size()];
		final long t0 = System.nanoTime();
		final Tensor y = ex.forwardTimed(x, t);
		final long wall = System.nanoTime() - t0;
		assertBitwise(expected, y, "forwardTimed's output");
		for (int i = 0; i < t.length; i++)
			assertTrue(t[i] >= 0 && t[i] <= wall, "node " + i + ": " + t[i] + " ns of " + wall);
		return t;
	}

	@Test
	void theFusedPairsAreTheDocumentedOnes() {
		final Network net = pairs();
		final Tensor x = random(1, 3, 1, 10, 10);
		final Tensor y = Executor.unfused(net.graph()).forward(x, false).copy();
		final long[] fused = timed(net.executor(), x, y);
		assertEquals(0, fused[0], "c1 runs with r1");
		assertTrue(fused[1] > 0, "r1 holds the time of c1 and r1");
		assertTrue(fused[2] > 0, "p1 runs on its own");
		assertTrue(fused[3] > 0, "b runs on its own");
		assertEquals(0, fused[4], "r2 runs with p2");
		assertTrue(fused[5] > 0, "p2 holds the time of p2 and r2");
		final long[] plain = timed(Executor.unfused(net.graph()), x, y);
		for (final int i : new int[] { 0, 1, 2, 3, 4, 5, 7 })
			assertTrue(plain[i] > 0, "unfused node " + i);
		// the same pairs, but the last node is the pooling or the ReLU: nothing fused
		final Network poolLast = Network.builder(1, 6, 6).add(Layers.batchNorm()).add(Layers.relu())
			.add(Layers.maxPool(2)).build();
		final Tensor xs = random(2, 2, 1, 6, 6);
		final long[] t = timed(poolLast.executor(), xs, Executor.unfused(poolLast.graph()).forward(xs,
			false).copy());
		assertTrue(t[1] > 0, "a ReLU before the output pooling runs as itself");
		final Network reluLast = Network.builder(1, 6, 6).add(Layers.conv(2, 3)).add(Layers.relu())
			.build();
		final long[] u = timed(reluLast.executor(), xs, Executor.unfused(reluLast.graph()).forward(xs,
			false).copy());
		assertTrue(u[0] > 0, "a conv before the output ReLU runs as itself");
		// the timing slots are checked
		final Executor ex = net.executor();
		assertEquals("need 8 timing slots, got 7", assertThrows(IllegalArgumentException.class,
			() -> ex.forwardTimed(x, new long[7])).getMessage());
		assertEquals("need 8 timing slots, got none", assertThrows(IllegalArgumentException.class,
			() -> ex.forwardTimed(x, null)).getMessage());
		assertSame(net.graph(), ex.graph());
	}

	/** Outputs of fused pairs asked for one at a time, and nothing asked for. */
	@Test
	void outputsOfFusedPairs() {
		final Network net = pairs();
		final Tensor x = random(4, 2, 1, 10, 10);
		final Executor plain = Executor.unfused(net.graph());
		for (final String name : List.of("r1", "p2", "p1", "r2", "d")) {
			final Tensor want = plain.outputs(x, List.of(name)).get(name);
			final Tensor got = net.executor().outputs(x, List.of(name)).get(name);
			assertBitwise(want, got, name);
		}
		assertTrue(net.executor().outputs(x, List.of()).isEmpty());
	}

	/**
	 * A chain of five batch norms then a dense layer, inference: each intermediate output is given
	 * back once the next node has read it, so a pass holds two arrays at a time (the one read, the
	 * one written); later passes reuse them; and no layer keeps the pool after a pass.
	 */
	@Test
	void anInferencePassHoldsOnlyTheOutputsStillToBeRead() {
		final Network.Builder b = Network.builder(2, 3, 3);
		for (int i = 0; i < 5; i++)
			b.add(Layers.batchNorm());
		final Network net = b.add(Layers.flatten()).add(Layers.dense(2)).build();
		net.initialize(2);
		final Executor ex = net.executor();
		final Tensor x = random(5, 4, 2, 3, 3);
		final Tensor want = Executor.unfused(net.graph()).forward(x, false).copy();
		assertBitwise(want, ex.forward(x, false), "pass 1");
		// batch norm 1 to 5 write 4 x 18 values; flatten aliases batch norm 5's array
		assertEquals(2, ex.pooledArrays(), "arrays after one pass");
		assertBitwise(want, ex.forward(x, false), "pass 2");
		assertBitwise(want, ex.forward(x, false), "pass 3");
		assertEquals(2, ex.pooledArrays(), "arrays after three passes");
		for (final Network.Node nd : net.nodes())
			assertNull(nd.layer().pool, nd.name());
		// outputs() up to batch norm 3: its output is never read in that pass, yet free again after it
		for (int pass = 0; pass < 3; pass++)
			assertBitwise(Executor.unfused(net.graph()).outputs(x, List.of("batchnorm3")).get(
				"batchnorm3"), ex.outputs(x, List.of("batchnorm3")).get("batchnorm3"), "outputs()");
		assertEquals(2, ex.pooledArrays(), "arrays after outputs()");
		// training passes do not take pooled arrays
		ex.forward(x, true);
		assertEquals(2, ex.pooledArrays());
		assertEquals(0, Executor.unfused(net.graph()).pooledArrays());
	}

	/**
	 * Fused pairs give back what they read too. On [1, 4, 4] (16 values per sample): bn1 takes A
	 * (16); conv with its ReLU takes B (16) and gives back A; bn2 takes A, gives back B; relu with
	 * maxpool takes P (4, pooled) and D (4, activated), gives back P and A; the flatten shares D;
	 * dense(16) takes A or B and gives back D; the relu after it takes the other one; dense(2), the
	 * output, has its own array: 4 arrays. Without the give-backs of the fused pairs, bn2 or the
	 * relu after dense(16) would need a fifth.
	 */
	@Test
	void fusedPairsGiveBackWhatTheyRead() {
		final Network net = Network.builder(1, 4, 4).add(Layers.batchNorm()).add(Layers.conv(1, 1)).add(
			Layers.relu()).add(Layers.batchNorm()).add(Layers.relu()).add(Layers.maxPool(2)).add(Layers
				.flatten()).add(Layers.dense(16)).add(Layers.relu()).add(Layers.dense(2)).build();
		net.initialize(12);
		final Executor ex = net.executor();
		final Tensor x = random(21, 3, 1, 4, 4);
		final Tensor want = Executor.unfused(net.graph()).forward(x, false).copy();
		for (int pass = 0; pass < 3; pass++) {
			assertBitwise(want, ex.forward(x, false), "pass " + pass);
			assertEquals(4, ex.pooledArrays(), "arrays after pass " + pass);
		}
		final long[] t = new long[net.graph().size()];
		ex.forwardTimed(x, t);
		assertEquals(0, t[1], "conv runs with its ReLU");
		assertEquals(0, t[4], "relu runs with the max pooling");
	}

	/**
	 * conv -> flatten (sharing the conv's array) -> dense(8) -> relu -> dense(2): when the flatten
	 * runs, the conv's array is still read through the flatten, so dense(8), which writes as many
	 * values, must not get it. And flatten -> dense(4) -> relu on an input of 4 values: the flatten
	 * shares the caller's input, which must never become a pooled array the relu writes into.
	 */
	@Test
	void arraysStillReadAreNeverHandedOut() {
		final Network net = Network.builder(1, 4, 4).add(Layers.conv(2, 3)).add(Layers.flatten()).add(
			Layers.dense(8)).add(Layers.relu()).add(Layers.dense(2)).build();
		net.initialize(8);
		final Tensor x = random(6, 3, 1, 4, 4);
		final Tensor want = Executor.unfused(net.graph()).forward(x, false).copy();
		for (int pass = 0; pass < 3; pass++)
			assertBitwise(want, net.predict(x), "conv-flatten-dense, pass " + pass);

		final Network flat = Network.builder(1, 2, 2).add(Layers.flatten()).add(Layers.dense(4)).add(
			Layers.relu()).add(Layers.dense(3)).build();
		flat.initialize(9);
		final Tensor xi = random(7, 5, 1, 2, 2);
		final Tensor xCopy = xi.copy();
		final Tensor wantFlat = Executor.unfused(flat.graph()).forward(xi, false).copy();
		for (int pass = 0; pass < 3; pass++) {
			assertBitwise(wantFlat, flat.predict(xi), "flatten first, pass " + pass);
			assertBitwise(xCopy, xi, "the caller's input, pass " + pass);
		}
	}

	/** What forward and backward return holds after the next passes (it is never a reused array). */
	@Test
	void returnedTensorsSurviveTheNextPass() {
		// ends with a flatten that shares its input's (reused) array: the output is copied
		final Network flatLast = Network.builder(1, 4, 4).add(Layers.conv(2, 3)).add(Layers.flatten())
			.build();
		flatLast.initialize(4);
		final Network denseLast = Network.builder(1, 4, 4).add(Layers.conv(2, 3)).add(Layers.relu())
			.add(Layers.flatten()).add(Layers.dense(3)).build();
		denseLast.initialize(5);
		for (final Network net : List.of(flatLast, denseLast))
			for (final boolean training : new boolean[] { false, true }) {
				final Tensor x1 = random(10, 2, 1, 4, 4), x2 = random(11, 2, 1, 4, 4);
				final Tensor y1 = net.forward(x1, training);
				final Tensor keep = y1.copy();
				final Tensor y2 = net.forward(x2, training);
				assertNotSame(y1.data(), y2.data());
				assertBitwise(keep, y1, net.architecture() + (training ? " training" : " inference"));
			}
		// the input gradient (a node reading the input makes it) is the caller's too
		final Tensor x1 = random(12, 2, 1, 4, 4), x2 = random(13, 2, 1, 4, 4);
		final Tensor g = random(14, 2, 3);
		denseLast.forward(x1, true);
		final Tensor dx1 = denseLast.backward(g, true);
		final Tensor keep = dx1.copy();
		denseLast.forward(x2, true);
		final Tensor dx2 = denseLast.backward(g, true);
		assertNotSame(dx1.data(), dx2.data());
		assertBitwise(keep, dx1, "input gradient");
	}

	private static Network twinOf(final Network net, final Network twin) {
		for (final List<Parameter> ps : List.of(net.parameters(), net.buffers()))
			for (final Parameter p : ps)
				System.arraycopy(p.value().data(), 0, twin.parameter(p.name()).value().data(), 0, p.value()
					.numel());
		for (final Parameter p : twin.parameters())
			p.changed();
		return twin;
	}

	/** A node nobody reads (a dead branch) gets no gradient and changes none. */
	@Test
	void aDeadBranchGetsNoGradient() {
		final Network dead = Network.builder(3).add("a", Layers.dense(4)).add("dead", Layers.relu(), "a")
			.add("b", Layers.dense(2), "a").build();
		dead.initialize(6);
		final Network plain = twinOf(dead, Network.builder(3).add("a", Layers.dense(4)).add("b", Layers
			.dense(2), "a").build());
		final Tensor x = random(15, 4, 3), g = random(16, 4, 2);
		dead.forward(x, true);
		final Tensor dx = dead.backward(g, true).copy();
		plain.forward(x, true);
		assertBitwise(plain.backward(g, true), dx, "input gradient");
		for (final Parameter p : plain.parameters())
			assertBitwise(p.grad(), dead.parameter(p.name()).grad(), p.name());
	}

	/**
	 * Without the input gradient the parameters get the same gradients (a fused ReLU-pooling pair
	 * reading node 0, and layers reading other nodes, still pass theirs on); the result is null.
	 */
	@Test
	void noInputGradientKeepsTheParameterGradients() {
		final Network a = pairs(), b = pairs();
		final Tensor x = random(17, 3, 1, 10, 10), g = random(18, 3, 3);
		a.forward(x, true);
		assertTrue(a.backward(g, true) != null);
		b.forward(x, true);
		assertNull(b.backward(g, false));
		for (final Parameter p : a.parameters()) {
			boolean nonzero = false;
			for (final float v : p.grad().data())
				nonzero |= v != 0;
			assertTrue(nonzero, p.name() + " has a gradient");
			assertBitwise(p.grad(), b.parameter(p.name()).grad(), p.name());
		}
	}

	/** A leaky ReLU (not fused) between two dense layers passes its gradient on without the input's. */
	@Test
	void noInputGradientThroughAnUnfusedActivation() {
		final Network a = Network.builder(3).add(Layers.dense(4)).add(Layers.leakyRelu(0.25f)).add(Layers
			.dense(2)).build();
		a.initialize(13);
		final Network b = twinOf(a, Network.builder(3).add(Layers.dense(4)).add(Layers.leakyRelu(0.25f))
			.add(Layers.dense(2)).build());
		final Tensor x = random(22, 4, 3), g = random(23, 4, 2);
		a.forward(x, true);
		a.backward(g, true);
		b.forward(x, true);
		assertNull(b.backward(g, false));
		for (final Parameter p : a.parameters()) {
			assertTrue(p.grad().data()[0] != 0, p.name());
			assertBitwise(p.grad(), b.parameter(p.name()).grad(), p.name());
		}
	}

	/** A fused ReLU-pooling pair that reads the network input passes the input gradient on. */
	@Test
	void aFusedPairReadingTheInput() {
		final Network net = Network.builder(1, 4, 4).add(Layers.relu()).add(Layers.maxPool(2)).add(
			Layers.flatten()).add(Layers.dense(2)).build();
		net.initialize(7);
		final Tensor x = random(19, 2, 1, 4, 4), g = random(20, 2, 2);
		final Executor plain = Executor.unfused(net.graph());
		final Tensor y = plain.forward(x, true).copy();
		final Tensor dx = plain.backward(g, true).copy();
		final List<Tensor> grads = new java.util.ArrayList<>();
		for (final Parameter p : net.parameters())
			grads.add(p.grad().copy());
		assertBitwise(y, net.forward(x, true), "output");
		assertBitwise(dx, net.backward(g, true), "input gradient");
		for (int i = 0; i < grads.size(); i++)
			assertBitwise(grads.get(i), net.parameters().get(i).grad(), "parameter " + i);
		net.forward(x, true);
		assertNull(net.backward(g, false));
		// the input gradient by hand: each 2x2 window's maximum, if positive, gets the pooled
		// element's gradient, sum_k g[n, k] * W[k, c]
		final float[] w = net.parameter("dense1.weight").value().data();
		final float[] hand = new float[32];
		for (int n = 0; n < 2; n++)
			for (int c = 0; c < 4; c++) {
				final int wy = c / 2, wx = c % 2;
				int arg = -1;
				float max = Float.NEGATIVE_INFINITY;
				for (int dy = 0; dy < 2; dy++)
					for (int dxx = 0; dxx < 2; dxx++) {
						final int at = (2 * wy + dy) * 4 + 2 * wx + dxx;
						if (x.data()[n * 16 + at] > max) {
							max = x.data()[n * 16 + at];
							arg = at;
						}
					}
				hand[n * 16 + arg] = max > 0 ? g.data()[n * 2] * w[c] + g.data()[n * 2 + 1] * w[4 + c] : 0;
			}
		assertArrayEquals(hand, dx.data(), 1e-6f);
		assertTrue(dx.data()[0] != 0 || dx.data()[1] != 0 || dx.data()[4] != 0 || dx.data()[5] != 0);
	}

	/** The structural answers, worked by hand on small graphs. */
	@Test
	void graphAnswers() {
		final Graph g = pairs().graph();
		assertEquals(1, g.consumers(0));
		assertEquals(0, g.consumers(g.size() - 1));
		assertTrue(g.readsInput(0));
		assertFalse(g.readsInput(1));
		assertFalse(g.feedsOnlyNext(g.size() - 1), "the output feeds nothing");
		assertTrue(g.feedsOnlyNext(g.size() - 2));
		assertFalse(g.followedByReluLike(g.size() - 1));
		assertArrayEquals(new int[] { 1, 10, 10 }, g.inputShape());
		assertEquals(g.size(), g.logitsEnd(), "no softmax: the output is the logits");
		// a node reading the input and another node, and a side branch between a node and its ReLU
		final Graph side = Network.builder(2, 6, 6).add("a", Layers.conv(3, 3)).add("b", Layers.conv(3,
			3), Network.INPUT).add("c", Layers.relu(), "a").add("d", Layers.add(), "c", "b").build()
			.graph();
		assertTrue(side.readsInput(1));
		assertFalse(side.readsInput(3));
		assertTrue(side.followedByReluLike(0), "a's ReLU comes after the side branch b");
		assertFalse(side.feedsOnlyNext(0), "b, next to a, does not read a");
		// a softmax as the only node: its input is the network input, not logits of a node
		final Graph soft = Network.builder(4).add(Layers.softmax()).build().graph();
		assertEquals(1, soft.logitsEnd());
		// the input is checked
		final Executor ex = pairs().executor();
		assertEquals("input tensor is null", assertThrows(IllegalArgumentException.class, () -> ex
			.forward(null, false)).getMessage());
		assertEquals("input shape [2, 10, 10] does not match the network input [N, 1, 10, 10]",
			assertThrows(IllegalArgumentException.class, () -> ex.forward(Tensor.zeros(2, 10, 10), false))
				.getMessage());
		assertEquals("input shape [2, 1, 10, 9] does not match the network input [N, 1, 10, 10]",
			assertThrows(IllegalArgumentException.class, () -> ex.forward(Tensor.zeros(2, 1, 10, 9), true))
				.getMessage());
	}
}
