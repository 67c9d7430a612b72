package io.github.convnetij.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import net.imglib2.parallel.Parallelization;

import org.junit.jupiter.api.Test;

class PaddingTest {

	private static final float A = 1, B = 2, C = 3, D = 4;

	private static float[] padRow(final Boundary mode, final float value) {
		return Padding.pad(Tensor.of(new float[] { A, B, C, D }, 4), new int[] { 2 }, new int[] { 2 },
			mode, value).data();
	}

	/** The table in {@link Boundary}'s Javadoc, row a b c d padded by 2. */
	@Test
	void rowAbcdMatchesTheTable() {
		assertArrayEquals(new float[] { 0, 0, A, B, C, D, 0, 0 }, padRow(Boundary.ZERO, 7));
		assertArrayEquals(new float[] { 7, 7, A, B, C, D, 7, 7 }, padRow(Boundary.CONSTANT, 7));
		assertArrayEquals(new float[] { A, A, A, B, C, D, D, D }, padRow(Boundary.NEAREST, 0));
		assertArrayEquals(new float[] { B, A, A, B, C, D, D, C }, padRow(Boundary.REFLECT, 0));
		assertArrayEquals(new float[] { C, B, A, B, C, D, C, B }, padRow(Boundary.MIRROR, 0));
		assertArrayEquals(new float[] { C, D, A, B, C, D, A, B }, padRow(Boundary.WRAP, 0));
	}

	@Test
	void padsLongerThanTheAxisRepeatThePattern() {
		final Tensor t = Tensor.of(new float[] { A, B }, 2);
		final int[] five = { 5 }, three = { 3 };
		// reflect, period 4 (a b b a): a a b b a | a b | b a a
		assertArrayEquals(new float[] { A, A, B, B, A, A, B, B, A, A }, Padding.pad(t, five, three,
			Boundary.REFLECT, 0).data());
		assertArrayEquals(new float[] { B, A, B, A, B, A, B, A, B, A }, Padding.pad(t, five, three,
			Boundary.WRAP, 0).data());
		assertArrayEquals(new float[] { B, A, B, A, B, A, B, A, B, A }, Padding.pad(t, five, three,
			Boundary.MIRROR, 0).data());
		// mirror of a single element is that element
		assertArrayEquals(new float[] { 9, 9, 9, 9 }, Padding.pad(Tensor.of(new float[] { 9 }, 1),
			new int[] { 1 }, new int[] { 2 }, Boundary.MIRROR, 0).data());
	}

	@Test
	void twoDimensionalSmallCase() {
		// 2x2 [a b; c d] padded by 1 all round with nearest
		final Tensor t = Tensor.of(new float[] { A, B, C, D }, 1, 2, 2);
		final Tensor p = Padding.pad(t, new int[] { 1, 1 }, new int[] { 1, 1 }, Boundary.NEAREST, 0);
		assertArrayEquals(new int[] { 1, 4, 4 }, p.shape());
		assertArrayEquals(new float[] { A, A, B, B, A, A, B, B, C, C, D, D, C, C, D, D }, p.data());
	}

	@Test
	void everyModeMatchesTheReference() {
		final Random rnd = new Random(5);
		final int[][] shapes = { { 7 }, { 2, 5, 9 }, { 2, 3, 4, 6 }, { 1, 2, 3, 5, 4 }, { 3, 1, 1 } };
		final int[][][] pads = { { { 3 }, { 9 } }, { { 4, 2 }, { 0, 11 } }, { { 0, 7 }, { 5, 1 } }, { {
			2, 0, 3 }, { 1, 5, 9 } }, { { 2, 3 }, { 3, 2 } } };
		for (int s = 0; s < shapes.length; s++) {
			final Tensor t = TestData.random(rnd, shapes[s]);
			for (final Boundary mode : Boundary.values()) {
				final Tensor expected = Reference.pad(t, pads[s][0], pads[s][1], mode, 0.5f);
				final Tensor actual = Padding.pad(t, pads[s][0], pads[s][1], mode, 0.5f);
				assertArrayEquals(expected.shape(), actual.shape(), mode + " shape " + s);
				assertArrayEquals(expected.data(), actual.data(), mode + " shape " + s);
			}
		}
	}

	@Test
	void threadCountDoesNotMatter() {
		final Tensor t = TestData.random(new Random(6), 3, 4, 50, 60);
		final int[] b = { 3, 4 }, a = { 5, 2 };
		final float[] one = Parallelization.runWithNumThreads(1, () -> Padding.pad(t, b, a,
			Boundary.REFLECT, 0)).data();
		final float[] three = Parallelization.runWithNumThreads(3, () -> Padding.pad(t, b, a,
			Boundary.REFLECT, 0)).data();
		assertArrayEquals(one, three);
	}

	@Test
	void emptyAxesAndBadArguments() {
		final Tensor empty = Tensor.zeros(2, 0);
		assertArrayEquals(new float[] { 5, 5, 5, 5 }, Padding.pad(empty, new int[] { 1 }, new int[] {
			1 }, Boundary.CONSTANT, 5).data());
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Padding
			.pad(empty, new int[] { 1 }, new int[] { 1 }, Boundary.WRAP, 0));
		assertTrue(e.getMessage().contains("wrap"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Padding.pad(Tensor.zeros(3), new int[] { 1,
			1 }, new int[] { 1, 1 }, Boundary.ZERO, 0));
		assertThrows(IllegalArgumentException.class, () -> Padding.pad(Tensor.zeros(3), new int[] { 1 },
			new int[] { -1 }, Boundary.ZERO, 0));
		assertThrows(IllegalArgumentException.class, () -> Padding.pad(Tensor.zeros(3), new int[] { 1 },
			new int[] { 1, 1 }, Boundary.ZERO, 0));
	}
	@Test
	void edgeCasesWorkedByHand() {
		// an empty last axis padded only before: every element is the constant
		final Tensor p = Padding.pad(Tensor.zeros(2, 0), new int[] { 2 }, new int[] { 0 },
			Boundary.CONSTANT, 5);
		assertArrayEquals(new int[] { 2, 2 }, p.shape());
		assertArrayEquals(new float[] { 5, 5, 5, 5 }, p.data());
		// an empty axis with no padding is no error in any mode: the result is empty
		for (final Boundary mode : Boundary.values())
			assertArrayEquals(new int[] { 3, 0 }, Padding.pad(Tensor.zeros(3, 0), new int[] { 0 },
				new int[] { 0 }, mode, 0).shape(), mode.key());
		// missing arguments, a negative pad before, a padded extent beyond the int range
		assertThrows(IllegalArgumentException.class, () -> Padding.pad(null, new int[] { 1 },
			new int[] { 1 }, Boundary.ZERO, 0));
		assertThrows(IllegalArgumentException.class, () -> Padding.pad(Tensor.zeros(3), new int[] { 1 },
			new int[] { 1 }, null, 0));
		assertThrows(IllegalArgumentException.class, () -> Padding.pad(Tensor.zeros(3), new int[] { -1 },
			new int[] { 1 }, Boundary.ZERO, 0));
		assertThrows(IllegalArgumentException.class, () -> Padding.pad(Tensor.zeros(3), new int[] {
			Integer.MAX_VALUE }, new int[] { 0 }, Boundary.ZERO, 0));
	}

	@Test
	void largeTensorsSplitIntoTasksMatchTheReference() {
		// 4 x 3 x 203 output rows of 107: about 600 rows per task, 4 tasks
		final Tensor t = TestData.random(new Random(8), 4, 3, 200, 100);
		for (final Boundary mode : new Boundary[] { Boundary.REFLECT, Boundary.CONSTANT }) {
			final Tensor expected = Reference.pad(t, new int[] { 2, 3 }, new int[] { 1, 4 }, mode, 0.5f);
			assertArrayEquals(expected.data(), Padding.pad(t, new int[] { 2, 3 }, new int[] { 1, 4 },
				mode, 0.5f).data(), mode.key());
		}
	}
}
