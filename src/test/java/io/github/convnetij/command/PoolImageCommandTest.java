package io.github.convnetij.command;

import static io.github.convnetij.command.TestImages.args;
import static io.github.convnetij.command.TestImages.f;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandService;

import ij.ImagePlus;
import ij.measure.Calibration;
import io.github.convnetij.ops.PoolOp;
import io.github.convnetij.ops.PoolingOps;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/** "Pool Image..." through {@link CommandService}. */
class PoolImageCommandTest {

	private static Context context;
	private static CommandService cs;

	@BeforeAll
	static void start() {
		context = new Context(CommandService.class);
		cs = context.service(CommandService.class);
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	private static ImagePlus run(final Object... kv) throws Exception {
		return TestImages.run(cs, PoolImageCommand.class, args(kv));
	}

	private static String error(final Object... kv) throws Exception {
		return TestImages.error(cs, PoolImageCommand.class, args(kv));
	}

	@Test
	void workedExample() throws Exception {
		final ImagePlus in = TestImages.floats("p.tif", new double[][] { { 1, 2, 5, 3 }, { 3, 0, 1,
			2 }, { 2, 1, 3, 4 }, { 1, 1, 2, 0 } });
		final ImagePlus out = run("image", in, "op", "max", "size", "2");
		assertEquals(2, out.getWidth());
		assertEquals(2, out.getHeight());
		assertArrayEquals(f(3, 5, 2, 4), TestImages.pixels(out, 1));
		assertEquals("p-pooled", out.getTitle());
		assertArrayEquals(f(1.5, 2.75, 1.25, 2.25), TestImages.pixels(run("image", in, "op", "avg"), 1));
		// defaults: max, 2x2, stride = size
		assertArrayEquals(f(3, 5, 2, 4), TestImages.pixels(run("image", in), 1));
	}

	@Test
	void equalsTheOpsJavaApiForEveryPixelType() throws Exception {
		for (final int type : new int[] { ImagePlus.GRAY8, ImagePlus.GRAY16, ImagePlus.GRAY32 }) {
			final ImagePlus in = TestImages.random("t", type, 9, 7, 1, 1, 1, type);
			final ImagePlus out = run("image", in, "op", "avg", "size", "3,2", "stride", "2", "ceil", true);
			final ImagePlus ref = run("image", TestImages.toFloat(in), "op", "avg", "size", "3,2",
				"stride", "2", "ceil", true);
			TestImages.assertPlanesEqual(ref, 1, out, 1);
			final Img<FloatType> api = PoolingOps.pool(ImagePlusImgs.real(ImagePlusImgs.wrap(
				TestImages.toFloat(in))), PoolOp.AVG, new int[] { 3, 2 }, new int[] { 2, 2 }, true);
			assertEquals(api.dimension(0), out.getWidth());
			assertEquals(api.dimension(1), out.getHeight());
			int i = 0;
			for (final FloatType v : Views.flatIterable(api))
				assertEquals(v.get(), TestImages.pixels(out, 1)[i++]);
		}
		final ImagePlus rgb = TestImages.random("rgb", ImagePlus.COLOR_RGB, 6, 4, 1, 1, 1, 3);
		final ImagePlus out = run("image", rgb);
		assertEquals(ImagePlus.COLOR_RGB, out.getType());
		final int[] p = (int[]) rgb.getProcessor().getPixels();
		int r = 0;
		for (final int i : new int[] { 0, 1, 6, 7 })
			r = Math.max(r, (p[i] >> 16) & 0xff);
		assertEquals(r, (out.getProcessor().get(0) >> 16) & 0xff);
	}

	@Test
	void aThreeDimensionalWindowOnOneChannelWithFramesEqualsTheGeneralPath() throws Exception {
		// one channel: the command hands the core the planes as they are; the reference goes through
		// a reordering view (ImgLib2's moveAxis), which the core reads pixel by pixel
		final ImagePlus in = TestImages.random("vol", ImagePlus.GRAY16, 6, 5, 1, 4, 3, 8);
		final ImagePlus out = run("image", in, "op", "max", "size", "2,2,2");
		assertEquals(2, out.getNSlices());
		assertEquals(3, out.getNFrames());
		final Img<FloatType> api = PoolingOps.pool(ImagePlusImgs.real(Views.moveAxis(ImagePlusImgs
			.wrap(in), ImagePlusImgs.Z, 2)), PoolOp.MAX, new int[] { 2, 2, 2 }, new int[] { 2, 2, 2 },
			false);
		// api: X, Y, Z, C, T
		final net.imglib2.RandomAccess<FloatType> ra = api.randomAccess();
		for (int t = 0; t < 3; t++)
			for (int z = 0; z < 2; z++) {
				final float[] o = TestImages.pixels(out, out.getStackIndex(1, z + 1, t + 1));
				for (int y = 0; y < 2; y++)
					for (int x = 0; x < 3; x++) {
						ra.setPosition(new long[] { x, y, z, 0, t });
						assertEquals(ra.get().get(), o[y * 3 + x], "t " + t + " z " + z + " x " + x + " y " + y);
					}
			}
	}

	@Test
	void scalesTheCalibrationAndKeepsTheLayout() throws Exception {
		final ImagePlus in = TestImages.random("cal", ImagePlus.GRAY32, 8, 6, 2, 4, 1, 9);
		final Calibration cal = in.getCalibration();
		cal.pixelWidth = 0.5;
		cal.pixelHeight = 0.25;
		cal.pixelDepth = 3;
		cal.setUnit("mm");
		final ImagePlus out = run("image", in, "size", "2");
		assertEquals(4, out.getWidth());
		assertEquals(3, out.getHeight());
		assertEquals(2, out.getNChannels());
		assertEquals(4, out.getNSlices());
		assertEquals(1.0, out.getCalibration().pixelWidth);
		assertEquals(0.5, out.getCalibration().pixelHeight);
		assertEquals(3, out.getCalibration().pixelDepth);
		assertEquals("mm", out.getCalibration().getUnit());
		assertEquals(-0.25, out.getCalibration().xOrigin);
		for (int n = 1; n <= 8; n++)
			assertEquals("s" + n, out.getStack().getSliceLabel(n));
		assertTrue(out.getInfoProperty().endsWith("ConvNet-IJ: pool op=max size=2,2 stride=2,2 " +
			"ceil=false (pooled X, Y; Z, C and T kept)"), out.getInfoProperty());
		// each plane on its own
		for (int n = 1; n <= 8; n++)
			TestImages.assertPlanesEqual(run("image", TestImages.plane(in, n)), 1, out, n);

		final ImagePlus z = run("image", in, "size", "2,2,2", "op", "max");
		assertEquals(2, z.getNChannels());
		assertEquals(2, z.getNSlices());
		assertEquals(6, z.getCalibration().pixelDepth);
		// max over a 2x2x2 block of channel 2
		float m = Float.NEGATIVE_INFINITY;
		for (int s = 1; s <= 2; s++)
			for (final int i : new int[] { 0, 1, 8, 9 })
				m = Math.max(m, TestImages.pixels(in, in.getStackIndex(2, s, 1))[i]);
		assertEquals(m, TestImages.pixels(z, z.getStackIndex(2, 1, 1))[0]);
	}

	@Test
	void thisSlicePoolsTheDisplayedPlane() throws Exception {
		final ImagePlus in = TestImages.random("st", ImagePlus.GRAY16, 6, 6, 1, 3, 1, 4);
		in.setSlice(2);
		final ImagePlus out = run("image", in, "stack", "this slice", "size", "3");
		assertEquals(1, out.getStackSize());
		TestImages.assertPlanesEqual(run("image", TestImages.plane(in, 2), "size", "3"), 1, out, 1);
		assertTrue(error("image", in, "stack", "this slice", "size", "2,2,2").startsWith("stack: "));
	}

	@Test
	void badValuesGiveMessagesNamingKeyAndValue() throws Exception {
		final ImagePlus in = TestImages.random("b", ImagePlus.GRAY8, 3, 3, 1, 1, 1, 1);
		String e = error("image", in, "op", "median");
		assertTrue(e.startsWith("op: ") && e.contains("'median'"), e);
		e = error("image", in, "size", "0");
		assertTrue(e.startsWith("size: 0"), e);
		e = error("image", in, "size", "two");
		assertTrue(e.startsWith("size: 'two'"), e);
		e = error("image", in, "size", "2", "stride", "0");
		assertTrue(e.startsWith("stride: 0"), e);
		e = error("image", in, "size", "2,2,2", "stride", "1,1");
		assertTrue(e.startsWith("stride: '1,1'"), e);
		e = error("image", in, "size", "4");
		assertTrue(e.startsWith("size: a window of 4"), e);
		assertEquals(1, run("image", in, "size", "4", "ceil", true).getWidth());
		e = error("image", in, "size", "1,2,3,4");
		assertTrue(e.startsWith("size: '1,2,3,4'"), e);
	}
}
