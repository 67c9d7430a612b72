package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Boundary;
import io.github.convnetij.compute.Tensor;

/** Pad and transpose layers: checks at their edges and small values worked by hand. */
class PadTransposeGapsTest {

	private static void refused(final String part, final Runnable r) {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
		assertTrue(e.getMessage().contains(part), e.getMessage());
	}

	@Test
	void padChecks() {
		refused("two values per axis", () -> new PadLayer(new int[0], 0f));
		refused("two values per axis", () -> new PadLayer(new int[] { 1, 1, 1 }, 0f));
		refused("pad values must be >= 0", () -> new PadLayer(new int[] { 0, -1 }, 0f));
		refused("gives 1 axes, the per-sample shape is [1, 2]", () -> new PadLayer(new int[] { 0, 1 },
			0f).build(new int[][] { { 1, 2 } }));
		assertArrayEquals(new int[] { 1, 2 }, new PadLayer(new int[] { 0, 0, 0, 0 }, 0f).build(
			new int[][] { { 1, 2 } }));
		// each axis fits, the whole does not (2 * 2^30); exactly 2^31 - 1 still fits
		refused("more values than an array holds", () -> new PadLayer(new int[] { 0, 0, 0, 0 }, 0f).build(
			new int[][] { { 2, 1 << 30 } }));
		refused("more values than an array holds", () -> new PadLayer(new int[] { 0, 1 }, 0f).build(
			new int[][] { { Integer.MAX_VALUE } }));
		assertArrayEquals(new int[] { 1, Integer.MAX_VALUE }, new PadLayer(new int[] { 0, 0, 0, 1 }, 0f)
			.build(new int[][] { { 1, Integer.MAX_VALUE - 1 } }));
	}

	@Test
	void padValues() {
		// [1, 2, 2] padded by one row before and one column after, value 9, two samples
		final Network net = Network.builder(1, 2, 2).add("p", new PadLayer(new int[] { 0, 1, 0, 0, 0, 1 },
			9f)).build();
		final Tensor y = net.forward(Tensor.of(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 2, 1, 2, 2), true);
		assertArrayEquals(new int[] { 2, 1, 3, 3 }, y.shape());
		assertArrayEquals(new float[] { 9, 9, 9, 1, 2, 9, 3, 4, 9, 9, 9, 9, 5, 6, 9, 7, 8, 9 }, y.data());
		final float[] g = new float[18];
		for (int i = 0; i < g.length; i++)
			g[i] = i;
		assertArrayEquals(new float[] { 3, 4, 6, 7, 12, 13, 15, 16 }, net.backward(Tensor.of(g, 2, 1, 3,
			3), true).data());
		// mirror (reflect without repeating the edge): a b c -> b | a b c | b
		final Network m = Network.builder(1, 3).add("m", new PadLayer(new int[] { 0, 1, 0, 1 }, 0f,
			Boundary.MIRROR)).build();
		assertArrayEquals(new float[] { 2, 1, 2, 3, 2, 5, 4, 5, 6, 5 }, m.forward(Tensor.of(new float[] {
			1, 2, 3, 4, 5, 6 }, 2, 1, 3), true).data());
		assertArrayEquals(new float[] { 10, 10101, 1000, 20, 20202, 2000 }, m.backward(Tensor.of(
			new float[] { 1, 10, 100, 1000, 10000, 2, 20, 200, 2000, 20000 }, 2, 1, 5), true).data());
	}

	@Test
	void transposeChecksAndValues() {
		refused("is not a permutation of 0..1", () -> new TransposeLayer(new int[] { 0, 2 }));
		refused("is not a permutation of 0..1", () -> new TransposeLayer(new int[] { -1, 0 }));
		refused("is not a permutation of 0..1", () -> new TransposeLayer(new int[] { 1, 1 }));
		refused("transpose needs a permutation", () -> new TransposeLayer(new int[0]));
		refused("does not fit per-sample shape [2, 3, 4]", () -> Network.builder(2, 3, 4).add("t",
			new TransposeLayer(new int[] { 1, 0 })).build());
		assertArrayEquals(new int[] { 2, 0, 1 }, TransposeLayer.naturals("2 x 0x1", "perm"));
		refused("must be non-negative integers joined by x", () -> TransposeLayer.naturals("1x-0",
			"perm"));
		refused("must be non-negative integers joined by x", () -> TransposeLayer.naturals("1,0",
			"perm"));
		final Network net = Network.builder(2, 3).add("t", new TransposeLayer(new int[] { 1, 0 })).build();
		final Tensor y = net.forward(Tensor.of(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }, 2,
			2, 3), true);
		assertArrayEquals(new int[] { 2, 3, 2 }, y.shape());
		assertArrayEquals(new float[] { 1, 4, 2, 5, 3, 6, 7, 10, 8, 11, 9, 12 }, y.data());
		assertArrayEquals(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }, net.backward(y, true)
			.data());
	}
}
