package io.github.convnetij.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import net.imglib2.util.Intervals;

/** 2D pooling of a planar stack (one array per plane) gives what the batched path gives. */
class PoolingOpsPlanarTest {


	@Test
	void planarAndBatchedGiveTheSameValues() {
		final long[] dims = { 13, 9, 2, 3 };
		final Random rnd = new Random(9);
		final List<ByteArray> planes = new ArrayList<>();
		for (int p = 0; p < 6; p++) {
			final byte[] b = new byte[13 * 9];
			rnd.nextBytes(b);
			planes.add(new ByteArray(b));
		}
		final PlanarImg<UnsignedByteType, ByteArray> planar = new PlanarImg<>(planes, dims,
			new Fraction());
		planar.setLinkedType(new UnsignedByteType(planar));
		final Img<FloatType> flat = ArrayImgs.floats(FlatValues.of(planar), dims);
		for (final PoolOp op : PoolOp.values())
			for (final boolean ceil : new boolean[] { false, true })
				for (final int[][] ws : new int[][][] { { { 2 }, null }, { { 3, 2 }, { 2, 1 } }, { { 4 }, {
					3 } } })
				{
					final Img<FloatType> a = PoolingOps.pool(planar, op, ws[0], ws[1], ceil);
					final Img<FloatType> b = PoolingOps.pool(flat, op, ws[0], ws[1], ceil);
					final String what = op + " " + java.util.Arrays.toString(ws[0]) + " ceil " + ceil;
					assertTrue(a instanceof PlanarImg, what);
					assertArrayEquals(Intervals.dimensionsAsLongArray(b), Intervals.dimensionsAsLongArray(a),
						what);
					assertArrayEquals(FlatValues.of(b), FlatValues.of(a), what);
				}
	}
}
