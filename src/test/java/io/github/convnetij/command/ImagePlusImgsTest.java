package io.github.convnetij.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.measure.Calibration;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;

/** Wrapping ImagePlus pixels as ImgLib2 images and building results; no ops involved. */
class ImagePlusImgsTest {

	private static double at(final RandomAccessibleInterval<? extends RealType<?>> img,
		final long... pos)
	{
		final RandomAccess<? extends RealType<?>> ra = img.randomAccess();
		ra.setPosition(pos);
		return ra.get().getRealDouble();
	}

	@Test
	void wrapsEveryGrayTypeAsXYCZT() {
		for (final int type : new int[] { ImagePlus.GRAY8, ImagePlus.GRAY16, ImagePlus.GRAY32 }) {
			final ImagePlus imp = TestImages.random("t", type, 5, 4, 2, 3, 2, type);
			final RandomAccessibleInterval<? extends RealType<?>> img = ImagePlusImgs.wrap(imp);
			assertArrayEquals(new long[] { 5, 4, 2, 3, 2 }, Intervals.dimensionsAsLongArray(img));
			for (int t = 0; t < 2; t++)
				for (int z = 0; z < 3; z++)
					for (int c = 0; c < 2; c++) {
						final int n = imp.getStackIndex(c + 1, z + 1, t + 1);
						for (int y = 0; y < 4; y++)
							for (int x = 0; x < 5; x++)
								assertEquals(imp.getStack().getProcessor(n).getf(x, y), at(img, x, y, c, z, t),
									"type " + type + " at " + x + "," + y + "," + c + "," + z + "," + t);
					}
		}
	}

	@Test
	void wrapsWithoutCopying() {
		final ImagePlus imp = TestImages.random("t", ImagePlus.GRAY16, 3, 2, 1, 2, 1, 1);
		final RandomAccessibleInterval<? extends RealType<?>> img = ImagePlusImgs.wrap(imp);
		imp.getStack().getProcessor(2).set(1, 1, 12345);
		assertEquals(12345, at(img, 1, 1, 0, 1, 0));
	}

	@Test
	void wrapsRgbAsThreeChannels() {
		final ImagePlus imp = TestImages.random("rgb", ImagePlus.COLOR_RGB, 3, 2, 1, 2, 1, 7);
		final RandomAccessibleInterval<? extends RealType<?>> img = ImagePlusImgs.wrap(imp);
		assertArrayEquals(new long[] { 3, 2, 3, 2, 1 }, Intervals.dimensionsAsLongArray(img));
		final int p = ((int[]) imp.getStack().getPixels(2))[1 * 3 + 2];
		assertEquals((p >> 16) & 0xff, at(img, 2, 1, 0, 1, 0)); // R
		assertEquals((p >> 8) & 0xff, at(img, 2, 1, 1, 1, 0)); // G
		assertEquals(p & 0xff, at(img, 2, 1, 2, 1, 0)); // B
	}

	@Test
	void appliesACalibrationFunctionAsImageJsFloatConversionDoes() {
		final ImagePlus imp = TestImages.random("signed", ImagePlus.GRAY16, 4, 3, 1, 1, 1, 3);
		final Calibration cal = imp.getCalibration();
		cal.setSigned16BitCalibration();
		final RandomAccessibleInterval<? extends RealType<?>> img = ImagePlusImgs.wrap(imp);
		final float[] expected = TestImages.pixels(TestImages.toFloat(imp), 1);
		for (int y = 0; y < 3; y++)
			for (int x = 0; x < 4; x++)
				assertEquals(expected[y * 4 + x], at(img, x, y, 0, 0, 0));
		assertEquals(-32768, at(img, 0, 0, 0, 0, 0) - imp.getProcessor().get(0, 0));
	}

	@Test
	void wrapsOnePlane() {
		final ImagePlus imp = TestImages.random("t", ImagePlus.GRAY32, 4, 3, 2, 2, 1, 5);
		final RandomAccessibleInterval<? extends RealType<?>> img = ImagePlusImgs.wrapPlane(imp, 3);
		assertArrayEquals(new long[] { 4, 3, 1, 1, 1 }, Intervals.dimensionsAsLongArray(img));
		assertEquals(imp.getStack().getProcessor(3).getf(2, 1), at(img, 2, 1, 0, 0, 0));
	}

	@Test
	void buildsAHyperstackWithTheSameLayout() {
		final ImagePlus imp = TestImages.random("t", ImagePlus.GRAY32, 5, 4, 2, 3, 2, 9);
		@SuppressWarnings("unchecked")
		final RandomAccessibleInterval<FloatType> img =
			(RandomAccessibleInterval<FloatType>) ImagePlusImgs.wrap(imp);
		final ImagePlus out = ImagePlusImgs.toImagePlus(img, false, "copy", null, null);
		assertEquals(2, out.getNChannels());
		assertEquals(3, out.getNSlices());
		assertEquals(2, out.getNFrames());
		assertTrue(out.isHyperStack());
		for (int n = 1; n <= 12; n++)
			TestImages.assertPlanesEqual(imp, n, out, n);
	}

	@Test
	void reusesTheArrayOfASinglePlaneResult() {
		final ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(new float[] { 1, 2, 3, 4, 5, 6 }, 3,
			2, 1, 1, 1);
		final ImagePlus out = ImagePlusImgs.toImagePlus(img, false, "r", null, null);
		assertSame(img.update(null).getCurrentStorageArray(), out.getProcessor().getPixels());
		assertEquals(1, out.getDisplayRangeMin());
		assertEquals(6, out.getDisplayRangeMax());
	}

	@Test
	void roundsAndClampsAnRgbResult() {
		final ImagePlus out = ImagePlusImgs.toImagePlus(ArrayImgs.floats(new float[] { -3, 254.5f,
			300, 10.49f, Float.NaN, 7 }, 2, 1, 3, 1, 1), true, "rgb", null, null);
		assertEquals(ImagePlus.COLOR_RGB, out.getType());
		final int[] p = (int[]) out.getProcessor().getPixels();
		// R = -3, 254.5; G = 300, 10.49; B = NaN, 7
		assertEquals(0 << 16 | 255 << 8 | 0, p[0] & 0xffffff);
		assertEquals(255 << 16 | 10 << 8 | 7, p[1] & 0xffffff);
	}

	@Test
	void keepsValuesOutsideTheMask() {
		final ImagePlus imp = TestImages.random("rgb", ImagePlus.COLOR_RGB, 3, 2, 1, 1, 1, 2);
		final RandomAccessibleInterval<? extends RealType<?>> in = ImagePlusImgs.wrap(imp);
		final RandomAccessibleInterval<FloatType> zeros = ArrayImgs.floats(3, 2, 3, 1, 1);
		final boolean[] mask = { true, false, false, false, false, true };
		final ImagePlus out = ImagePlusImgs.toImagePlus(zeros, true, "m", in, mask);
		final int[] a = (int[]) imp.getProcessor().getPixels(), b = (int[]) out.getProcessor()
			.getPixels();
		for (int i = 0; i < 6; i++)
			assertEquals(mask[i] ? 0 : a[i] & 0xffffff, b[i] & 0xffffff, "pixel " + i);
	}

	@Test
	void readThroughRgbViewsAreConvertible() {
		final ImagePlus imp = TestImages.random("rgb", ImagePlus.COLOR_RGB, 3, 2, 1, 1, 1, 4);
		final RandomAccessibleInterval<? extends RealType<?>> in = ImagePlusImgs.wrap(imp);
		final RandomAccessibleInterval<FloatType> f = Converters.convert(ImagePlusImgs.real(in), (a,
			b) -> ((FloatType) b).setReal(((RealType<?>) a).getRealDouble()), new FloatType());
		final ImagePlus out = ImagePlusImgs.toImagePlus(f, true, "same", null, null);
		assertArrayEquals((int[]) imp.getProcessor().getPixels(), (int[]) out.getProcessor()
			.getPixels());
	}

	@Test
	void rejectsRgbWithSeveralChannels() {
		final ImagePlus imp = TestImages.random("rgb", ImagePlus.COLOR_RGB, 3, 2, 2, 1, 1, 4);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ImagePlusImgs.wrap(imp))
			.getMessage().startsWith("image: "));
	}

	@Test
	void baseTitleDropsTheExtension() {
		assertEquals("blobs", CommandSupport.baseTitle("blobs.gif"));
		assertEquals("cells", CommandSupport.baseTitle("cells.ome.tif"));
		assertEquals("my image", CommandSupport.baseTitle("my image"));
		assertEquals("image", CommandSupport.baseTitle(null));
		assertNull(CommandSupport.areaMask(imp3()));
	}

	private static ImagePlus imp3() {
		return TestImages.random("t", ImagePlus.GRAY8, 3, 3, 1, 1, 1, 0);
	}
}
