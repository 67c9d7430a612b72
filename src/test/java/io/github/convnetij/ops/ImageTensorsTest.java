package io.github.convnetij.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Tensor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import net.imglib2.view.Views;

/** The fast paths of {@link ImageTensors#toTensor} against a plain walk over the pixels. */
class ImageTensorsTest {

	private static final long[] DIMS = { 7, 5, 2, 3 };
	private static final int AREA = 35, PLANES = 6;


	private static <T extends RealType<T>> void check(final RandomAccessibleInterval<T> img) {
		final Tensor t = ImageTensors.toTensor(img, 2);
		assertArrayEquals(new int[] { PLANES, 1, 5, 7 }, t.shape());
		assertArrayEquals(FlatValues.of(img), t.data());
		// the same through a view, which takes the general path
		assertArrayEquals(FlatValues.of(img), ImageTensors.toTensor(Views.zeroMin(Views.translate(img, 1, 2, 0,
			0)), 2).data());
	}

	@Test
	void planarStacksOfEveryImageJTypeAreCopiedInFlatOrder() {
		final Random rnd = new Random(1);
		final List<ByteArray> b = new ArrayList<>();
		final List<ShortArray> s = new ArrayList<>();
		final List<FloatArray> f = new ArrayList<>();
		for (int p = 0; p < PLANES; p++) {
			final byte[] bp = new byte[AREA];
			rnd.nextBytes(bp);
			b.add(new ByteArray(bp));
			final short[] sp = new short[AREA];
			final float[] fp = new float[AREA];
			for (int i = 0; i < AREA; i++) {
				sp[i] = (short) rnd.nextInt(65536); // values above 32767 too
				fp[i] = rnd.nextFloat() - 0.5f;
			}
			s.add(new ShortArray(sp));
			f.add(new FloatArray(fp));
		}
		final PlanarImg<UnsignedByteType, ByteArray> bi = new PlanarImg<>(b, DIMS, new Fraction());
		bi.setLinkedType(new UnsignedByteType(bi));
		final PlanarImg<UnsignedShortType, ShortArray> si = new PlanarImg<>(s, DIMS, new Fraction());
		si.setLinkedType(new UnsignedShortType(si));
		final PlanarImg<FloatType, FloatArray> fi = new PlanarImg<>(f, DIMS, new Fraction());
		fi.setLinkedType(new FloatType(fi));
		check(bi);
		check(si);
		check(fi);
		final byte[] flat = new byte[AREA * PLANES];
		rnd.nextBytes(flat);
		check(ArrayImgs.unsignedBytes(flat, DIMS));
	}

	@Test
	void aSingleFloatPlaneIsWrappedNotCopied() {
		final float[] px = new float[AREA];
		final List<FloatArray> one = new ArrayList<>();
		one.add(new FloatArray(px));
		final PlanarImg<FloatType, FloatArray> img = new PlanarImg<>(one, new long[] { 7, 5 },
			new Fraction());
		img.setLinkedType(new FloatType(img));
		assertSame(px, ImageTensors.toTensor(img, 2).data());
		final short[] sp = new short[AREA];
		assertNotSame(null, ImageTensors.toTensor(ArrayImgs.unsignedShorts(sp, 7, 5), 2).data());
	}
}
