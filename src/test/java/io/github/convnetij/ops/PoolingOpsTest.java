package io.github.convnetij.ops;

import static io.github.convnetij.ops.ConvolutionOpsTest.data;
import static io.github.convnetij.ops.ConvolutionOpsTest.randomImage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.parallel.Parallelization;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;

import org.junit.jupiter.api.Test;

/** PoolingOps against a plain per-window reference. */
class PoolingOpsTest {

	@Test
	void workedExampleFromTheDesign() {
		final Img<FloatType> out = PoolingOps.pool(ArrayImgs.floats(new float[] { 1, 2, 5, 3, 3, 0, 1,
			2, 2, 1, 3, 4, 1, 1, 2, 0 }, 4, 4), PoolOp.MAX, new int[] { 2 }, null, false);
		assertArrayEquals(new long[] { 2, 2 }, Intervals.dimensionsAsLongArray(out));
		assertArrayEquals(new float[] { 3, 5, 2, 4 }, data(out));
		final Img<FloatType> avg = PoolingOps.pool(ArrayImgs.floats(new float[] { 1, 2, 5, 3, 3, 0, 1,
			2, 2, 1, 3, 4, 1, 1, 2, 0 }, 4, 4), PoolOp.AVG, new int[] { 2 }, null, false);
		assertArrayEquals(new float[] { 1.5f, 2.75f, 1.25f, 2.25f }, data(avg));
	}

	@Test
	void matchesTheReferenceForSizesStridesAndCeil() {
		final Random rnd = new Random(17);
		final int[][] imageDims = { { 11 }, { 7, 9 }, { 8, 5, 3 }, { 5, 6, 4, 2 }, { 1, 1 } };
		final int[][] windows = { { 2 }, { 3 }, { 2, 3 }, { 3, 2, 2 }, { 1 } };
		final int[][] strides = { null, { 1 }, { 2 }, { 3, 1 }, { 2, 2, 1 } };
		int cases = 0;
		for (final int[] id : imageDims)
			for (final int[] w : windows)
				for (final int[] s : strides)
					for (final boolean ceil : new boolean[] { false, true })
						for (final PoolOp op : PoolOp.values()) {
							final int[] win = expand(w, id.length);
							if (win == null) continue;
							final int[] str = s == null ? win : expand(s, id.length);
							if (str == null || str.length != win.length) continue;
							boolean fits = true;
							for (int d = 0; d < win.length; d++)
								fits &= win[d] <= id[d];
							if (!fits && !ceil) continue;
							final ArrayImg<FloatType, FloatArray> img = randomImage(rnd, id);
							final Img<FloatType> out = PoolingOps.pool(img, op, w, s, ceil);
							final String what = op + " image " + Arrays.toString(id) + " window " + Arrays
								.toString(w) + " stride " + Arrays.toString(s) + " ceil " + ceil;
							final long[] dims = Intervals.dimensionsAsLongArray(out);
							final float[] ref = reference(img, op, win, str, ceil, dims, what);
							final float[] got = data(out);
							for (int i = 0; i < ref.length; i++)
								assertEquals(ref[i], got[i], 1e-5, what + " element " + i);
							cases++;
						}
		assertTrue(cases > 100, "ran " + cases);
	}

	@Test
	void integerPixelTypesAndThreads() {
		final Img<UnsignedShortType> img = PlanarImgs.unsignedShorts(33, 21, 4);
		int v = 0;
		for (final UnsignedShortType t : img)
			t.set((v = v * 1103515245 + 12345) >>> 17);
		final float[] one = data(Parallelization.runWithNumThreads(1, () -> PoolingOps.pool(img,
			PoolOp.AVG, new int[] { 3 }, new int[] { 2 }, true)));
		final float[] two = data(Parallelization.runWithNumThreads(3, () -> PoolingOps.pool(img,
			PoolOp.AVG, new int[] { 3 }, new int[] { 2 }, true)));
		assertArrayEquals(one, two);
		assertEquals(16 * 10 * 4, one.length);
	}

	@Test
	void badInputGivesClearErrors() {
		final Img<FloatType> img = ArrayImgs.floats(4, 3);
		final IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
			() -> PoolingOps.pool(img, PoolOp.MAX, new int[] { 2 }, new int[] { 0 }, false));
		assertTrue(zero.getMessage().contains("stride") && zero.getMessage().contains("0"), zero
			.getMessage());
		final IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
			() -> PoolingOps.pool(img, PoolOp.MAX, new int[] { 5 }, null, false));
		assertTrue(big.getMessage().contains("5"), big.getMessage());
		assertThrows(IllegalArgumentException.class, () -> PoolingOps.pool(img, PoolOp.MAX,
			new int[] { 2, 2, 2 }, null, false));
		assertThrows(IllegalArgumentException.class, () -> PoolingOps.pool(img, PoolOp.MAX,
			new int[] { 0 }, null, false));
	}

	private static int[] expand(final int[] v, final int n) {
		if (v.length == 1) return n >= 2 ? new int[] { v[0], v[0] } : new int[] { v[0] };
		return v.length <= Math.min(3, n) ? v : null;
	}

	/** For each output pixel: reduce the window clipped to the image. */
	private static float[] reference(final Img<FloatType> img, final PoolOp op, final int[] win,
		final int[] str, final boolean ceil, final long[] outDims, final String what)
	{
		final int n = img.numDimensions();
		final long[] dims = Intervals.dimensionsAsLongArray(img);
		for (int d = 0; d < n; d++) {
			long expected = dims[d];
			if (d < win.length) {
				expected = ceil ? Math.max(1, (long) Math.ceil((dims[d] - win[d]) / (double) str[d]) + 1)
					: (dims[d] - win[d]) / str[d] + 1;
				if (ceil && (expected - 1) * str[d] >= dims[d]) expected--;
			}
			assertEquals(expected, outDims[d], what + ": output extent on axis " + d);
		}
		final int total = (int) Intervals.numElements(outDims);
		final float[] out = new float[total];
		final RandomAccess<FloatType> ra = img.randomAccess();
		final long[] o = new long[n], p = new long[n];
		for (int i = 0; i < total; i++) {
			long rest = i;
			for (int d = 0; d < n; d++) {
				o[d] = rest % outDims[d];
				rest /= outDims[d];
			}
			double max = Double.NEGATIVE_INFINITY, sum = 0;
			int count = 0;
			final int wx = win[0], wy = win.length > 1 ? win[1] : 1, wz = win.length > 2 ? win[2] : 1;
			for (int z = 0; z < wz; z++)
				for (int y = 0; y < wy; y++)
					for (int x = 0; x < wx; x++) {
						final int[] j = { x, y, z };
						boolean inside = true;
						for (int d = 0; d < n; d++) {
							p[d] = d < win.length ? o[d] * str[d] + j[d] : o[d];
							inside &= p[d] < dims[d];
						}
						if (!inside) continue;
						ra.setPosition(p);
						final float v = ra.get().get();
						max = Math.max(max, v);
						sum += v;
						count++;
					}
			out[i] = op == PoolOp.MAX ? (float) max : (float) (sum / count);
		}
		return out;
	}
}
