package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Tensor;

/**
 * {@link Graph#ancestors}: the nodes a set of nodes reads from, and nothing else; an executor of
 * the pruned graph gives the same outputs as the whole network's.
 */
class GraphAncestorsTest {

	/**
	 * input -> a (conv) -> c (relu) -> d = add(c, b) -> e (relu) -> p (maxpool) -> f (flatten) -> g (dense)
	 * input -> b (conv, a side branch) ---------^
	 */
	private static Network net() {
		final Network net = Network.builder(2, 6, 6) //
			.add("a", Layers.conv(3, 3)) //
			.add("b", Layers.conv(3, 3), Network.INPUT) //
			.add("c", Layers.relu(), "a") //
			.add("d", Layers.add(), "c", "b") //
			.add("e", Layers.relu()) //
			.add("p", Layers.maxPool(2)) //
			.add("f", Layers.flatten()) //
			.add("g", Layers.dense(4)) //
			.build();
		net.initialize(5);
		return net;
	}

	private static List<String> names(final Graph g) {
		final List<String> l = new ArrayList<>();
		for (final Network.Node n : g.nodes())
			l.add(n.name());
		return l;
	}

	@Test
	void theAncestorsAreWhatTheNodesRead() {
		final Graph g = net().graph();
		assertEquals(List.of("a", "c"), names(g.ancestors(List.of("c"))));
		assertEquals(List.of("b"), names(g.ancestors(List.of("b"))));
		assertEquals(List.of("a", "b", "c", "d"), names(g.ancestors(List.of("d"))));
		assertEquals(List.of("a", "b", "c", "d", "e"), names(g.ancestors(List.of("e"))));
		assertEquals(List.of("a", "b", "c"), names(g.ancestors(List.of("c", "b"))));
		// the whole graph when the last node is asked for
		assertSame(g, g.ancestors(List.of("g")));
		// the same nodes (layers, weights), shapes and input
		final Graph d = g.ancestors(List.of("d"));
		assertSame(g.node(0), d.node(0));
		assertArrayEquals(new int[] { 3, 4, 4 }, d.outputShape());
		assertArrayEquals(g.inputShape(), d.inputShape());
		assertEquals(1, d.consumers(1), "b is read by d only");
		assertEquals(-1, d.input(0, 0));
		assertEquals(1, d.input(3, 1), "d reads b, now at position 1");
	}

	@Test
	void anExecutorOfThePrunedGraphGivesTheWholeNetworksOutputs() {
		final Network net = net();
		final Tensor x = LayerKindsTest.random(new Random(7), 2, 2, 6, 6);
		for (final String name : List.of("a", "b", "c", "d", "e", "p")) {
			final Tensor whole = Executor.unfused(net.graph()).outputs(x, List.of(name)).get(name);
			final Tensor pruned = Executor.fused(net.graph().ancestors(List.of(name))).outputs(x, List
				.of(name)).get(name);
			assertArrayEquals(whole.shape(), pruned.shape(), name);
			assertArrayEquals(whole.data(), pruned.data(), name);
		}
		// the network still runs as before
		final Tensor y = net.forward(x, false).copy();
		assertArrayEquals(Executor.unfused(net.graph()).forward(x, false).data(), y.data());
	}

	@Test
	void unknownNamesAreRefused() {
		final Graph g = net().graph();
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g
			.ancestors(List.of("c", "zz")));
		assertEquals("no node named 'zz'", e.getMessage());
		assertTrue(assertThrows(IllegalArgumentException.class, () -> g.ancestors(List.of()))
			.getMessage().contains("no node names"));
	}
}
