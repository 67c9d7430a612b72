package io.github.convnetij.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

/**
 * {@link Tensor}, {@link HeapBudget} and {@link Statistics}' argument checks against hand-worked
 * values: shapes, shared storage, saturating sizes, byte counts for people, one-line refusals.
 */
class TensorMutationGapsTest {

	private static String refused(final Executable call) {
		return assertThrows(IllegalArgumentException.class, call).getMessage();
	}

	@Test
	void tensorsKeepTheirShapeAndShareStorageOnlyWhereDocumented() {
		final int[] shape = { 2, 3 };
		final float[] data = { 1, 2, 3, 4, 5, 6 };
		final Tensor t = Tensor.of(data, shape);
		shape[0] = 7; // the tensor holds its own copy of the shape
		assertArrayEquals(new int[] { 2, 3 }, t.shape());
		t.shape()[1] = 9; // and hands out copies
		assertArrayEquals(new int[] { 2, 3 }, t.shape());
		assertSame(data, t.data());
		assertEquals(2, t.rank());
		assertEquals(6, t.numel());
		assertEquals(3, t.size(1));
		assertEquals(3, t.size(-1));
		assertEquals(2, t.size(-2));
		assertEquals(2, t.size(0));
		final Tensor r = t.reshape(3, 1, 2);
		assertSame(data, r.data());
		assertArrayEquals(new int[] { 3, 1, 2 }, r.shape());
		final Tensor c = t.copy();
		assertNotSame(data, c.data());
		assertArrayEquals(data, c.data());
		assertArrayEquals(new int[] { 2, 3 }, c.shape());
		final int[] zs = { 4, 5 };
		final Tensor z = Tensor.zeros(zs);
		zs[1] = 1;
		assertArrayEquals(new int[] { 4, 5 }, z.shape());
		assertArrayEquals(new float[20], z.data());
		assertEquals(0, Tensor.zeros(3, 0, 2).numel());
		assertEquals(1, Tensor.zeros().numel());
	}

	@Test
	void imagesAndTensorsWrapEachOtherWithAxesReversed() {
		final ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(3, 2); // X = 3, Y = 2
		final Tensor t = Tensor.wrap(img);
		assertArrayEquals(new int[] { 2, 3 }, t.shape());
		assertSame(img.update(null).getCurrentStorageArray(), t.data());
		final ArrayImg<FloatType, FloatArray> back = Tensor.of(new float[24], 2, 3, 4).toImg();
		assertEquals(3, back.numDimensions());
		assertEquals(4, back.dimension(0));
		assertEquals(3, back.dimension(1));
		assertEquals(2, back.dimension(2));
		final Tensor u = Tensor.of(new float[6], 2, 3);
		u.toImg().randomAccess().setPositionAndGet(new long[] { 2, 1 }).set(5f);
		assertEquals(5f, u.data()[1 * 3 + 2]); // (x 2, y 1): row 1, column 2
	}

	@Test
	void badShapesAreRefusedWithOneLine() {
		assertEquals("shape [2, 3] holds 6 elements but the data has 5", refused(() -> Tensor.of(
			new float[5], 2, 3)));
		assertTrue(refused(() -> Tensor.of(new float[6], 2, 3).reshape(4, 2)).contains(
			"holds 8 elements but the data has 6"));
		assertEquals("negative dimension in shape [2, -1]", refused(() -> Tensor.zeros(2, -1)));
		// 46341^2 = 2147488281, more than an array can hold
		assertTrue(refused(() -> Tensor.zeros(46341, 46341)).contains(
			"holds 2147488281 elements, more than a Java array can (2^31 - 9)"));
		// the count saturates instead of wrapping around to a small or negative number
		assertTrue(refused(() -> Tensor.of(new float[1], 1 << 20, 1 << 20, 1 << 20, 1 << 20))
			.contains("holds 9223372036854775807 elements"));
		assertEquals(Long.MAX_VALUE, Tensor.count(new int[] { 1 << 30, 1 << 30, 1 << 30, 1 << 30 }));
		assertEquals(0, Tensor.count(new int[] { 1 << 30, 0, 1 << 30, 1 << 30, 1 << 30 }));
	}

	@Test
	void sizesSaturateAtTheLargestLong() {
		assertEquals(12, HeapBudget.times(3, 4));
		assertEquals(0, HeapBudget.times(0, Long.MAX_VALUE));
		assertEquals(0, HeapBudget.times(Long.MAX_VALUE, 0));
		// Long.MAX_VALUE is odd: 2 * (MAX / 2) = MAX - 1 still fits, one more does not
		assertEquals(Long.MAX_VALUE - 1, HeapBudget.times(2, Long.MAX_VALUE / 2));
		assertEquals(Long.MAX_VALUE, HeapBudget.times(2, Long.MAX_VALUE / 2 + 1));
		assertEquals("negative size -1 x 2", refused(() -> HeapBudget.times(-1, 2)));
		assertEquals("negative size 2 x -1", refused(() -> HeapBudget.times(2, -1)));
		assertEquals(7, HeapBudget.plus(3, 4));
		assertEquals(0, HeapBudget.plus(0, 0));
		assertEquals(Long.MAX_VALUE, HeapBudget.plus(Long.MAX_VALUE - 1, 1));
		assertEquals(Long.MAX_VALUE, HeapBudget.plus(Long.MAX_VALUE, 1));
		assertEquals(1, HeapBudget.elements());
		assertEquals(24, HeapBudget.elements(2, 3, 4));
		assertEquals(0, HeapBudget.elements(3, -2)); // a negative extent counts as empty
		assertEquals(Long.MAX_VALUE, HeapBudget.elements(1 << 30, 1 << 30, 1 << 30));
	}

	@Test
	void byteCountsForPeople() {
		assertEquals("0 bytes", HeapBudget.format(0));
		assertEquals("512 bytes", HeapBudget.format(512));
		assertEquals("1023 bytes", HeapBudget.format(1023));
		assertEquals("1.0 KB", HeapBudget.format(1024));
		assertEquals("1.5 KB", HeapBudget.format(1536));
		assertEquals("10.0 KB", HeapBudget.format(10239)); // 9.999 KB, printed with one decimal
		assertEquals("10 KB", HeapBudget.format(10240));
		assertEquals("3.1 MB", HeapBudget.format(3250586)); // 3.0999 MB
		assertEquals("1023 KB", HeapBudget.format(1023L << 10));
		assertEquals("1.0 MB", HeapBudget.format(1L << 20));
		assertEquals("12 GB", HeapBudget.format(12L << 30));
		assertEquals("1.0 TB", HeapBudget.format(1L << 40));
		assertEquals("1.0 PB", HeapBudget.format(1L << 50));
		assertEquals("4.0 EB", HeapBudget.format(1L << 62));
		assertEquals("more than 9 EB", HeapBudget.format(Long.MAX_VALUE));
	}

	@Test
	void heapChecksRefuseOnlyWhatCannotFit() {
		final long max = HeapBudget.max();
		assertTrue(max > 0 && HeapBudget.available() <= max);
		// a fifth of the heap, at least 32 MB
		assertEquals(Math.max(32L << 20, max / 5), HeapBudget.reserve());
		assertTrue(HeapBudget.reserve() >= 32L << 20 && HeapBudget.reserve() >= max / 5);
		// small requests are never refused, whatever the heap
		HeapBudget.require(HeapBudget.SMALL - 1, "small");
		HeapBudget.requireAtMostMax(HeapBudget.SMALL - 1, "small");
		HeapBudget.require(1 << 20, "one megabyte");
		HeapBudget.require(HeapBudget.SMALL, "16 MB"); // checked, and the heap has room for it
		// the whole heap never fits beside the reserve
		assertTrue(refused(() -> HeapBudget.require(max, "the whole heap")).startsWith(
			"the whole heap needs "));
		HeapBudget.requireAtMostMax(max, "the whole heap");
		final String m = refused(() -> HeapBudget.require(Long.MAX_VALUE, "a test array"));
		assertTrue(m.startsWith("a test array needs more than 9 EB, but the Java heap has only "), m);
		assertTrue(m.contains(" kept in reserve)"), m);
		final String m2 = refused(() -> HeapBudget.requireAtMostMax(max + 1, "a test array"));
		assertTrue(m2.startsWith("a test array needs ") && m2.contains(
			", more than the whole Java heap ("), m2);
		assertEquals(10, HeapBudget.floats(10, "ten").length);
		assertTrue(refused(() -> HeapBudget.floats(Integer.MAX_VALUE - 7L, "a big one")).contains(
			"a big one holds 2147483640 values, more than a Java array can (2^31 - 9)"));
	}

	@Test
	void statisticsRefuseMissingPlanes() {
		assertEquals("planes is null", refused(() -> Statistics.minMax((float[][]) null)));
		assertEquals("plane 1 is null", refused(() -> Statistics.minMax(new float[2], null)));
		assertArrayEquals(new float[] { -3, 8 }, Statistics.minMax(new float[] { 1, 8 }, new float[0],
			new float[] { -3 }));
	}
}
