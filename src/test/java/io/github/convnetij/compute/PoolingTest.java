package io.github.convnetij.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import net.imglib2.parallel.Parallelization;

import org.junit.jupiter.api.Test;

class PoolingTest {

	private static int[] a(final int... v) {
		return v;
	}

	@Test
	void designExampleMaxPool2x2() {
		final Tensor in = Tensor.of(new float[] { 1, 2, 5, 3, 3, 0, 1, 2, 2, 1, 3, 4, 1, 1, 2, 0 }, 1, 1,
			4, 4);
		final int[] argmax = new int[4];
		final Tensor out = Pooling.max(in, PoolGeometry.of(2, 2), argmax);
		assertArrayEquals(a(1, 1, 2, 2), out.shape());
		assertArrayEquals(new float[] { 3, 5, 2, 4 }, out.data());
		assertArrayEquals(a(4, 2, 8, 11), argmax);
		assertArrayEquals(new float[] { 1.5f, 2.75f, 1.25f, 2.25f }, Pooling.avg(in, PoolGeometry.of(2,
			2)).data());
	}

	@Test
	void outputShapeFloorAndCeil() {
		assertArrayEquals(a(2), PoolGeometry.of(2).outputShape(a(5)));
		assertArrayEquals(a(3), PoolGeometry.of(2).ceil(true).outputShape(a(5)));
		// PyTorch drops the last window when it would start in the trailing padding:
		// n=5, k=2, s=2, pad=1: ceil(5/2)+1 = 4, but window 3 starts at 6-1 = 5 = n -> 3
		assertArrayEquals(a(3), PoolGeometry.of(2).pad(a(1), a(1)).ceil(true).outputShape(a(5)));
		assertArrayEquals(a(3), PoolGeometry.of(2).pad(a(1), a(1)).outputShape(a(5)));
		// (10 + 0 - 3)/2 + 1 = 4 floor; ceil(7/2) + 1 = 5
		assertArrayEquals(a(4, 4), PoolGeometry.of(3, 3).stride(2, 2).outputShape(a(10, 10)));
		assertArrayEquals(a(5, 4), PoolGeometry.of(3, 3).stride(2, 2).ceil(true).outputShape(a(10,
			9)));
		// window larger than the input: one partial window with ceil, an error with floor
		assertArrayEquals(a(1, 1), PoolGeometry.of(4, 5).ceil(true).outputShape(a(3, 2)));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> PoolGeometry.of(2, 4).outputShape(a(3, 2)));
		assertTrue(e.getMessage().contains("axis 1") && e.getMessage().contains("4") && e.getMessage()
			.contains("2"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> PoolGeometry.of(2).outputShape(a(0)));
		assertThrows(IllegalArgumentException.class, () -> PoolGeometry.of(2).outputShape(a(3, 3)));
		assertArrayEquals(a(2, 3, 1, 1), Pooling.outputShape(a(2, 3, 3, 2), PoolGeometry.of(4, 5).ceil(
			true)));
		assertThrows(IllegalArgumentException.class, () -> Pooling.outputShape(a(3, 3), PoolGeometry
			.of(2, 2)));
	}

	@Test
	void tiesGiveTheFirstMaximum() {
		final Tensor in = Tensor.of(new float[] { 7, 7, 7, 7, 1, 9, 9, 9 }, 1, 1, 2, 4);
		final int[] argmax = new int[2];
		final Tensor out = Pooling.max(in, PoolGeometry.of(2, 2), argmax);
		assertArrayEquals(new float[] { 9, 9 }, out.data());
		assertArrayEquals(a(5, 2 + 4), argmax);
		final int[] argmax2 = new int[1];
		Pooling.max(Tensor.of(new float[] { 3, 3, 3, 3 }, 1, 1, 2, 2), PoolGeometry.of(2, 2), argmax2);
		assertEquals(0, argmax2[0]);
		// all -infinity: the first element of the window
		final int[] argmax3 = new int[1];
		final float inf = Float.NEGATIVE_INFINITY;
		assertEquals(inf, Pooling.max(Tensor.of(new float[] { inf, inf, inf }, 1, 1, 3), PoolGeometry
			.of(3), argmax3).data()[0]);
		assertEquals(0, argmax3[0]);
	}

	@Test
	void nanPropagatesAsInPyTorch() {
		final float nan = Float.NaN;
		final Tensor in = Tensor.of(new float[] { 1, nan, 5, 2, 8, 3, nan, nan }, 1, 1, 8);
		final int[] argmax = new int[4];
		final Tensor out = Pooling.max(in, PoolGeometry.of(2), argmax);
		assertTrue(Float.isNaN(out.data()[0]));
		assertEquals(5f, out.data()[1]);
		assertEquals(8f, out.data()[2]);
		assertTrue(Float.isNaN(out.data()[3]));
		// PyTorch's CPU rule: greater or NaN replaces, so the last NaN of a window is reported
		assertArrayEquals(a(1, 2, 4, 7), argmax);
		assertTrue(Float.isNaN(Pooling.avg(in, PoolGeometry.of(2)).data()[0]));
	}

	@Test
	void averageCountsOnlyInBoundsElements() {
		// [1 2 3] with window 2, stride 2, pad 1 before and after: windows {1}, {2, 3}
		final Tensor in = Tensor.of(new float[] { 1, 2, 3 }, 1, 1, 3);
		final Tensor out = Pooling.avg(in, PoolGeometry.of(2).pad(a(1), a(1)));
		assertArrayEquals(new float[] { 1, 2.5f }, out.data());
		// ceil mode partial window at the end: [1 2 3] window 2 -> {1, 2}, {3}
		assertArrayEquals(new float[] { 1.5f, 3 }, Pooling.avg(in, PoolGeometry.of(2).ceil(true))
			.data());
	}

	private static void check(final long seed, final int[] shape, final PoolGeometry g) {
		final Tensor in = TestData.random(new Random(seed), shape);
		final String what = Arrays.toString(shape) + " window " + Arrays.toString(g.window()) +
			" stride " + Arrays.toString(g.stride()) + " pads " + Arrays.toString(g.padBefore()) + "/" +
			Arrays.toString(g.padAfter()) + " ceil " + g.ceil();
		final int outNumel = (int) Tensor.count(Pooling.outputShape(shape, g));
		final int[] expectedArg = new int[outNumel];
		final Tensor expected = Reference.pool(true, in, g.window(), g.stride(), g.padBefore(), g
			.padAfter(), g.ceil(), expectedArg);
		final int[] arg = new int[outNumel];
		final Tensor max = Pooling.max(in, g, arg);
		assertArrayEquals(expected.shape(), max.shape(), what);
		assertArrayEquals(expected.data(), max.data(), what);
		assertArrayEquals(expectedArg, arg, what);
		// values only (inference, no indices): the same values, bitwise
		assertArrayEquals(expected.data(), Pooling.max(in, g, null).data(), what + " without indices");
		final Tensor avgExpected = Reference.pool(false, in, g.window(), g.stride(), g.padBefore(), g
			.padAfter(), g.ceil(), null);
		TestData.assertClose(avgExpected, Pooling.avg(in, g), 1e-6, what);
		// into an existing output holding garbage: every element (and index) is overwritten
		final Tensor into = Tensor.zeros(expected.shape());
		java.util.Arrays.fill(into.data(), Float.NaN);
		final int[] intoArg = new int[outNumel];
		java.util.Arrays.fill(intoArg, -1);
		Pooling.max(in, g, intoArg, into);
		assertArrayEquals(expected.data(), into.data(), what);
		assertArrayEquals(expectedArg, intoArg, what);
		java.util.Arrays.fill(into.data(), Float.NaN);
		Pooling.avg(in, g, into);
		TestData.assertClose(avgExpected, into, 1e-6, what);
	}

	@Test
	void matchesTheReference() {
		check(1, a(2, 3, 17), PoolGeometry.of(3).stride(2));
		check(2, a(2, 3, 17), PoolGeometry.of(3).stride(2).ceil(true));
		check(3, a(1, 2, 11, 13), PoolGeometry.of(2, 2));
		check(4, a(3, 2, 11, 13), PoolGeometry.of(3, 2).stride(2, 3).pad(a(1, 0), a(2, 1)).ceil(true));
		check(5, a(1, 1, 9, 10), PoolGeometry.of(3, 3).stride(1, 2).pad(a(1, 1), a(1, 1)));
		check(6, a(2, 2, 5, 7, 9), PoolGeometry.of(2, 3, 2).stride(2, 2, 2).ceil(true));
		check(7, a(1, 2, 6, 5, 8), PoolGeometry.of(3, 2, 3).stride(1, 2, 3).pad(a(1, 0, 2), a(0, 1, 1)));
		check(8, a(1, 1, 1, 1), PoolGeometry.of(2, 2).ceil(true));
		check(9, a(2, 1, 3, 2), PoolGeometry.of(5, 4).stride(1, 3).ceil(true));
		check(10, a(1, 2, 5), PoolGeometry.of(2).pad(a(1), a(1)).ceil(true));
		check(11, a(2, 3, 12, 13), PoolGeometry.of(3, 3).stride(2, 2).pad(a(1, 1), a(1, 1)));
	}

	/**
	 * Without indices, windows with zeros of both signs, ties and NaN give the reference scan's
	 * values bitwise (the first of equal maxima, NaN propagating), in the columns whose windows lie
	 * inside the row and at the borders alike.
	 */
	@Test
	void valuesWithoutIndicesKeepTheScansZeroSignsAndNaN() {
		final Random rnd = new Random(12);
		final Tensor in = TestData.random(rnd, 2, 2, 9, 15);
		final float[] d = in.data();
		final float[] salt = { -0f, 0f, -0f, 0f, Float.NaN, -1f };
		for (int i = 0; i < d.length; i++) {
			final int k = rnd.nextInt(10);
			if (k < salt.length) d[i] = salt[k];
			else d[i] = -Math.abs(d[i]);
		}
		for (final PoolGeometry g : new PoolGeometry[] { PoolGeometry.of(3, 3).stride(2, 2).pad(a(1, 1),
			a(1, 1)), PoolGeometry.of(2, 3).stride(1, 1), PoolGeometry.of(3, 2).stride(2, 3).ceil(true) })
		{
			final int n = (int) Tensor.count(Pooling.outputShape(in.shape(), g));
			final Tensor expected = Reference.pool(true, in, g.window(), g.stride(), g.padBefore(), g
				.padAfter(), g.ceil(), new int[n]);
			final float[] e = expected.data(), got = Pooling.max(in, g, null).data();
			boolean negZero = false, nan = false;
			for (int i = 0; i < n; i++) {
				assertEquals(Float.floatToIntBits(e[i]), Float.floatToIntBits(got[i]), "element " + i + " of " +
					Arrays.toString(g.window()));
				negZero |= Float.floatToIntBits(e[i]) == Float.floatToIntBits(-0f);
				nan |= Float.isNaN(e[i]);
			}
			assertTrue(negZero && nan, "the salt shows");
		}
	}

	/**
	 * Windows 3 wide at stride 2 on rows wide enough for the vectorized row maxima (ResNet's stem
	 * pooling), with zeros of both signs, ties, NaN and -infinity: the reference scan's values
	 * bitwise, with and without padding, in floor and ceil mode.
	 */
	@Test
	void wideRowsOfThreeByStrideTwoKeepTheScansValues() {
		final Random rnd = new Random(21);
		final float[] salt = { -0f, 0f, -0f, 0f, Float.NaN, -1f, Float.NEGATIVE_INFINITY };
		for (final int[] shape : new int[][] { { 2, 3, 11, 61 }, { 1, 2, 7, 112 }, { 1, 1, 5, 37 } }) {
			final Tensor in = TestData.random(rnd, shape);
			final float[] d = in.data();
			for (int i = 0; i < d.length; i++) {
				final int k = rnd.nextInt(14);
				if (k < salt.length) d[i] = salt[k];
				else d[i] = -Math.abs(d[i]);
			}
			for (final PoolGeometry g : new PoolGeometry[] { PoolGeometry.of(3, 3).stride(2, 2).pad(a(1,
				1), a(1, 1)), PoolGeometry.of(3, 3).stride(2, 2), PoolGeometry.of(2, 3).stride(1, 2).ceil(
					true), PoolGeometry.of(3).stride(2).pad(a(1), a(1)) })
			{
				final Tensor src = g.window().length == 1 ? Tensor.of(d, shape[0], shape[1] * shape[2],
					shape[3]) : in;
				final int n = (int) Tensor.count(Pooling.outputShape(src.shape(), g));
				final Tensor expected = Reference.pool(true, src, g.window(), g.stride(), g.padBefore(), g
					.padAfter(), g.ceil(), new int[n]);
				final float[] e = expected.data(), got = Pooling.max(src, g, null).data();
				boolean negZero = false, nan = false;
				for (int i = 0; i < n; i++) {
					assertEquals(Float.floatToIntBits(e[i]), Float.floatToIntBits(got[i]), "element " + i +
						" of " + Arrays.toString(shape) + " window " + Arrays.toString(g.window()));
					negZero |= Float.floatToIntBits(e[i]) == Float.floatToIntBits(-0f);
					nan |= Float.isNaN(e[i]);
				}
				assertTrue(negZero && nan, "the salt shows");
			}
		}
	}

	@Test
	void argmaxLengthIsChecked() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pooling
			.max(Tensor.zeros(1, 1, 4, 4), PoolGeometry.of(2, 2), new int[3]));
		assertTrue(e.getMessage().contains("3") && e.getMessage().contains("4"), e.getMessage());
	}

	@Test
	void anOutputOfTheWrongShapeOrSharingTheInputIsRefused() {
		final Tensor in = Tensor.zeros(2, 3, 8, 6);
		final PoolGeometry g = PoolGeometry.of(2, 2);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pooling.max(in,
			g, null, Tensor.zeros(2, 3, 4, 4)));
		assertTrue(e.getMessage().contains("[2, 3, 4, 4]") && e.getMessage().contains("[2, 3, 4, 3]"), e
			.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Pooling.avg(in, g, null));
		assertTrue(e.getMessage().contains("output"), e.getMessage());
		final Tensor flat = Tensor.zeros(1, 1, 2, 2);
		e = assertThrows(IllegalArgumentException.class, () -> Pooling.max(flat, PoolGeometry.of(1, 1),
			null, flat));
		assertTrue(e.getMessage().contains("storage"), e.getMessage());
	}

	@Test
	void resultsDoNotDependOnTheThreadCount() {
		final Tensor in = TestData.random(new Random(20), 3, 5, 67, 71);
		final PoolGeometry g = PoolGeometry.of(3, 3).stride(2, 2).pad(a(1, 1), a(1, 1)).ceil(true);
		final int n = (int) Tensor.count(Pooling.outputShape(in.shape(), g));
		final int[] arg1 = new int[n];
		final float[] max1 = Parallelization.runWithNumThreads(1, () -> Pooling.max(in, g, arg1)).data();
		final float[] avg1 = Parallelization.runWithNumThreads(1, () -> Pooling.avg(in, g)).data();
		for (final int threads : a(2, 3, 4)) {
			final int[] arg = new int[n];
			assertArrayEquals(max1, Parallelization.runWithNumThreads(threads, () -> Pooling.max(in, g,
				arg)).data());
			assertArrayEquals(arg1, arg);
			assertArrayEquals(avg1, Parallelization.runWithNumThreads(threads, () -> Pooling.avg(in, g))
				.data());
		}
	}
}
