package io.github.convnetij.command;

import static io.github.convnetij.command.TestImages.args;
import static io.github.convnetij.command.TestImages.f;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandService;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.gui.OvalRoi;
import ij.gui.Roi;
import ij.measure.Calibration;
import io.github.convnetij.compute.Boundary;
import io.github.convnetij.compute.ConvMethod;
import io.github.convnetij.ops.ConvolutionOps;
import io.github.convnetij.ops.Kernels;
import io.github.convnetij.ops.OutputSize;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/** "Convolve Image..." and "Correlate Image..." through {@link CommandService}, as macros run them. */
class FilterCommandsTest {

	private static Context context;
	private static CommandService cs;

	/** DESIGN.md §3's worked example. */
	static final double[][] IMAGE = { //
		{ 5, 8, 3, 4, 6, 2, 3, 7 }, //
		{ 3, 2, 1, 1, 9, 5, 1, 0 }, //
		{ 0, 9, 5, 3, 0, 4, 8, 3 }, //
		{ 4, 2, 7, 2, 1, 9, 0, 6 }, //
		{ 9, 7, 9, 8, 0, 4, 2, 4 }, //
		{ 5, 2, 1, 8, 4, 1, 0, 9 }, //
		{ 1, 8, 5, 4, 9, 2, 3, 8 }, //
		{ 3, 7, 1, 2, 3, 4, 4, 6 } };
	static final String KERNEL = "2 1 0; 1 1 -1; 0 -1 -2";

	@BeforeAll
	static void start() {
		context = new Context(CommandService.class);
		cs = context.service(CommandService.class);
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	private static ImagePlus run(final Class<? extends Command> c, final Object... kv)
		throws Exception
	{
		return TestImages.run(cs, c, args(kv));
	}

	private static String error(final Class<? extends Command> c, final Object... kv)
		throws Exception
	{
		return TestImages.error(cs, c, args(kv));
	}

	@Test
	void workedExample() throws Exception {
		final ImagePlus out = run(ConvolveImageCommand.class, "image", TestImages.floats("example",
			IMAGE), "kernel", KERNEL, "boundary", "zero", "output_size", "same");
		assertEquals(8, out.getWidth());
		assertEquals(8, out.getHeight());
		assertArrayEquals(f(20, 10, 2, 26, 23, 6, 9, 4), TestImages.row(out, 0));
		assertArrayEquals(f(9, -5, -25, -10, -12, -15, -1, -12), TestImages.row(out, 7));
		assertEquals("example-convolved", out.getTitle());
	}

	@Test
	void convolutionAndCorrelationDifferOnAnAsymmetricKernel() throws Exception {
		final ImagePlus in = TestImages.floats("e", IMAGE);
		final ImagePlus conv = run(ConvolveImageCommand.class, "image", in, "kernel", KERNEL,
			"boundary", "zero");
		final ImagePlus corr = run(CorrelateImageCommand.class, "image", in, "kernel", KERNEL,
			"boundary", "zero");
		assertFalse(java.util.Arrays.equals(TestImages.pixels(conv, 1), TestImages.pixels(corr, 1)));
		// correlating with the flipped kernel is convolving
		final ImagePlus flipped = run(CorrelateImageCommand.class, "image", in, "kernel",
			"-2 -1 0; -1 1 1; 0 1 2", "boundary", "zero");
		TestImages.assertPlanesEqual(conv, 1, flipped, 1);
		assertEquals("e-correlated", corr.getTitle());
	}

	@Test
	void equalsTheOpsJavaApi() throws Exception {
		final ImagePlus in = TestImages.random("r", ImagePlus.GRAY32, 11, 7, 1, 1, 1, 42);
		final Img<FloatType> img = ArrayImgs.floats(TestImages.pixels(in, 1).clone(), 11, 7);
		for (final String b : new String[] { "zero", "nearest", "reflect", "mirror", "wrap" })
			for (final String size : new String[] { "same", "valid", "full" }) {
				final ImagePlus out = run(ConvolveImageCommand.class, "image", in, "kernel", "1 2; 3 -4; 0.5 7",
					"boundary", b, "output_size", size);
				final Img<FloatType> ref = ConvolutionOps.convolve(img, Kernels.get("1 2; 3 -4; 0.5 7"),
					Boundary.parse(b), 0, OutputSize.parse(size), false);
				assertEquals(ref.dimension(0), out.getWidth(), b + " " + size);
				assertEquals(ref.dimension(1), out.getHeight(), b + " " + size);
				final float[] expected = new float[(int) (ref.dimension(0) * ref.dimension(1))];
				int i = 0;
				for (final FloatType v : Views.flatIterable(ref))
					expected[i++] = v.get();
				assertArrayEquals(expected, TestImages.pixels(out, 1), b + " " + size);
			}
		final ImagePlus c = run(CorrelateImageCommand.class, "image", in, "kernel", "gaussian(1)",
			"boundary", "constant", "value", 3.5, "normalize", true);
		final Img<FloatType> ref = ConvolutionOps.correlate(img, Kernels.get("gaussian(1)"),
			Boundary.CONSTANT, 3.5, OutputSize.SAME, true);
		int i = 0;
		for (final FloatType v : Views.flatIterable(ref))
			assertEquals(v.get(), TestImages.pixels(c, 1)[i++]);
	}

	@Test
	void everyPixelTypeGivesTheResultOfItsFloatConversion() throws Exception {
		for (final int type : new int[] { ImagePlus.GRAY8, ImagePlus.GRAY16 }) {
			final ImagePlus in = TestImages.random("t", type, 9, 6, 1, 3, 1, type);
			final ImagePlus out = run(CorrelateImageCommand.class, "image", in, "kernel",
				"1 2 -1; 0.25 3 1", "boundary", "mirror");
			final ImagePlus ref = run(CorrelateImageCommand.class, "image", TestImages.toFloat(in),
				"kernel", "1 2 -1; 0.25 3 1", "boundary", "mirror");
			assertEquals(ImagePlus.GRAY32, out.getType());
			for (int n = 1; n <= 3; n++)
				TestImages.assertPlanesEqual(ref, n, out, n);
		}
		// signed 16-bit: the values seen are those of ImageJ's 32-bit conversion
		final ImagePlus signed = TestImages.random("s", ImagePlus.GRAY16, 7, 5, 1, 1, 1, 3);
		signed.getCalibration().setSigned16BitCalibration();
		TestImages.assertPlanesEqual(run(CorrelateImageCommand.class, "image", TestImages.toFloat(
			signed), "kernel", "sobel-y"), 1, run(CorrelateImageCommand.class, "image", signed, "kernel",
				"sobel-y"), 1);
		// 8-bit with a colour LUT: its gray values
		final ImagePlus indexed = TestImages.random("i", ImagePlus.GRAY8, 7, 5, 1, 1, 1, 4);
		indexed.getProcessor().setColorModel(ij.process.LUT.createLutFromColor(java.awt.Color.RED));
		TestImages.assertPlanesEqual(run(CorrelateImageCommand.class, "image", TestImages.toFloat(
			indexed), "kernel", "sobel-y"), 1, run(CorrelateImageCommand.class, "image", indexed,
				"kernel", "sobel-y"), 1);
	}

	@Test
	void rgbGivesRgbFilteredPerChannel() throws Exception {
		final ImagePlus rgb = TestImages.random("photo.jpg", ImagePlus.COLOR_RGB, 8, 5, 1, 2, 1, 11);
		final ImagePlus out = run(ConvolveImageCommand.class, "image", rgb, "kernel", "sharpen");
		assertEquals(ImagePlus.COLOR_RGB, out.getType());
		assertEquals("photo-convolved", out.getTitle());
		assertEquals(2, out.getStackSize());
		for (int z = 1; z <= 2; z++) {
			final int[] p = (int[]) rgb.getStack().getPixels(z);
			final int[] o = (int[]) out.getStack().getPixels(z);
			for (int ch = 0; ch < 3; ch++) {
				final int shift = 16 - 8 * ch;
				final float[] gray = new float[p.length];
				for (int i = 0; i < p.length; i++)
					gray[i] = (p[i] >> shift) & 0xff;
				final ImagePlus f = run(ConvolveImageCommand.class, "image", new ImagePlus("g",
					new ij.process.FloatProcessor(8, 5, gray)), "kernel", "sharpen");
				final float[] e = TestImages.pixels(f, 1);
				for (int i = 0; i < p.length; i++)
					assertEquals((int) Math.max(0, Math.min(255, Math.floor(e[i] + 0.5))), (o[i] >> shift) &
						0xff, "slice " + z + " channel " + ch + " pixel " + i);
			}
		}
	}

	@Test
	void keepsCalibrationLabelsLayoutTitleAndInfo() throws Exception {
		final ImagePlus in = new CompositeImage(TestImages.random("cells.tif", ImagePlus.GRAY16, 9, 7,
			2, 3, 2, 5), CompositeImage.COMPOSITE);
		final Calibration cal = in.getCalibration();
		cal.pixelWidth = 0.5;
		cal.pixelHeight = 0.25;
		cal.pixelDepth = 2;
		cal.setUnit("mm");
		cal.frameInterval = 5;
		cal.xOrigin = 3;
		in.setProperty("Info", "Acquired today");
		final ImagePlus out = run(CorrelateImageCommand.class, "image", in, "kernel", "sobel-x");
		assertEquals("cells-correlated", out.getTitle());
		assertEquals(2, out.getNChannels());
		assertEquals(3, out.getNSlices());
		assertEquals(2, out.getNFrames());
		assertTrue(out.isHyperStack());
		assertTrue(out.isComposite());
		final Calibration oc = out.getCalibration();
		assertEquals(0.5, oc.pixelWidth);
		assertEquals(0.25, oc.pixelHeight);
		assertEquals(2, oc.pixelDepth);
		assertEquals("mm", oc.getUnit());
		assertEquals(5, oc.frameInterval);
		assertEquals(3, oc.xOrigin);
		for (int n = 1; n <= 12; n++)
			assertEquals("s" + n, out.getStack().getSliceLabel(n));
		// the provenance names the method that ran (auto picks it from the sizes)
		assertEquals("Acquired today\nConvNet-IJ version " + CommandSupport.version() +
			"\nConvNet-IJ: correlate kernel=sobel-x boundary=reflect " +
			"output_size=same method=" + ConvolutionOps.chosenMethod(new long[] { out.getWidth(), out
				.getHeight() }, Kernels.get("sobel-x"), OutputSize.SAME, ConvMethod.AUTO).key(), out
					.getInfoProperty());
		// each plane is filtered on its own, in the input's C, Z, T order
		for (int n = 1; n <= 12; n++)
			TestImages.assertPlanesEqual(run(CorrelateImageCommand.class, "image", TestImages.plane(in,
				n), "kernel", "sobel-x"), 1, out, n);
	}

	@Test
	void validMovesTheOriginByTheKernelCentre() throws Exception {
		final ImagePlus in = TestImages.random("v", ImagePlus.GRAY32, 9, 7, 1, 1, 1, 1);
		final ImagePlus out = run(CorrelateImageCommand.class, "image", in, "kernel", "box(3)",
			"output_size", "valid");
		assertEquals(7, out.getWidth());
		assertEquals(5, out.getHeight());
		assertEquals(-1, out.getCalibration().xOrigin);
		assertEquals(-1, out.getCalibration().yOrigin);
		final ImagePlus full = run(CorrelateImageCommand.class, "image", in, "kernel", "box(3)",
			"output_size", "full");
		assertEquals(11, full.getWidth());
		assertEquals(1, full.getCalibration().xOrigin);
	}

	@Test
	void onlySelectedPixelsChange() throws Exception {
		final ImagePlus in = TestImages.random("sel", ImagePlus.GRAY8, 12, 9, 1, 2, 1, 8);
		final ImagePlus all = run(CorrelateImageCommand.class, "image", in, "kernel", "laplacian8");
		final Roi oval = new OvalRoi(2, 1, 7, 6);
		in.setRoi(oval);
		final ImagePlus part = run(CorrelateImageCommand.class, "image", in, "kernel", "laplacian8");
		int inside = 0;
		for (int z = 1; z <= 2; z++) {
			final float[] a = TestImages.pixels(all, z), p = TestImages.pixels(part, z);
			for (int y = 0; y < 9; y++)
				for (int x = 0; x < 12; x++) {
					final int i = y * 12 + x;
					if (oval.contains(x, y)) {
						assertEquals(a[i], p[i], "inside at " + x + "," + y);
						inside++;
					}
					else assertEquals(in.getStack().getProcessor(z).getf(x, y), p[i], "outside at " + x +
						"," + y);
				}
		}
		assertTrue(inside > 10 && inside < 2 * 12 * 9);
		// RGB: outside pixels keep their colours exactly
		final ImagePlus rgb = TestImages.random("rgb", ImagePlus.COLOR_RGB, 6, 5, 1, 1, 1, 2);
		rgb.setRoi(new Roi(1, 1, 3, 2));
		final int[] o = (int[]) run(CorrelateImageCommand.class, "image", rgb, "kernel", "emboss")
			.getProcessor().getPixels();
		final int[] p = (int[]) rgb.getProcessor().getPixels();
		assertEquals(p[0] & 0xffffff, o[0] & 0xffffff);
		assertEquals(p[29] & 0xffffff, o[29] & 0xffffff);
		final String e = error(CorrelateImageCommand.class, "image", in, "kernel", "laplacian8",
			"output_size", "valid");
		assertTrue(e.startsWith("output_size: 'valid'") && e.contains("selection"), e);
	}

	@Test
	void thisSliceFiltersTheDisplayedPlaneOnly() throws Exception {
		final ImagePlus in = TestImages.random("stack", ImagePlus.GRAY32, 6, 5, 2, 3, 1, 13);
		in.setPosition(2, 3, 1);
		final int n = in.getCurrentSlice();
		final ImagePlus out = run(CorrelateImageCommand.class, "image", in, "kernel", "emboss", "stack",
			"this slice");
		assertEquals(1, out.getStackSize());
		assertEquals("s" + n, out.getStack().getSliceLabel(1));
		TestImages.assertPlanesEqual(run(CorrelateImageCommand.class, "image", TestImages.plane(in, n),
			"kernel", "emboss"), 1, out, 1);
		assertTrue(out.getInfoProperty().endsWith("stack=[this slice]"));
	}

	@Test
	void aThreeDimensionalKernelFiltersAlongZNotChannels() throws Exception {
		final ImagePlus in = TestImages.random("vol", ImagePlus.GRAY32, 4, 3, 2, 3, 1, 21);
		final ImagePlus out = run(CorrelateImageCommand.class, "image", in, "kernel", "1|1|1",
			"boundary", "zero");
		assertEquals(2, out.getNChannels());
		assertEquals(3, out.getNSlices());
		for (int c = 1; c <= 2; c++)
			for (int z = 1; z <= 3; z++) {
				final float[] o = TestImages.pixels(out, out.getStackIndex(c, z, 1));
				for (int i = 0; i < 12; i++) {
					float sum = 0;
					for (int dz = -1; dz <= 1; dz++)
						if (z + dz >= 1 && z + dz <= 3) sum += TestImages.pixels(in, in.getStackIndex(c, z + dz,
							1))[i];
					assertEquals(sum, o[i], 1e-5, "c " + c + " z " + z + " pixel " + i);
				}
			}
		final ImagePlus valid = run(CorrelateImageCommand.class, "image", in, "kernel", "1|1|1",
			"output_size", "valid");
		assertEquals(1, valid.getNSlices());
		assertEquals(2, valid.getNChannels());
		in.setPosition(1, 2, 1);
		assertTrue(error(CorrelateImageCommand.class, "image", in, "kernel", "1|1|1", "stack",
			"this slice").startsWith("stack: "));
		assertTrue(error(CorrelateImageCommand.class, "image", TestImages.plane(in, 1), "kernel",
			"1|1|1").startsWith("kernel: "));
	}

	@Test
	void aThreeDimensionalKernelOnOneChannelWithFrames() throws Exception {
		// one channel: the core reads the planes as they are (no reordering view); each frame is its
		// own volume
		for (final int type : new int[] { ImagePlus.GRAY16, ImagePlus.GRAY32 }) {
			final ImagePlus in = TestImages.random("vol", type, 5, 4, 1, 3, 2, 22);
			for (final String size : new String[] { "same", "full" }) {
				final ImagePlus out = run(CorrelateImageCommand.class, "image", in, "kernel",
					"1 2|0 -1|3 1", "boundary", "zero", "output_size", size);
				final int nz = size.equals("same") ? 3 : 5, ow = size.equals("same") ? 5 : 6;
				final int before = size.equals("same") ? 1 : 2; // along z (extent 3); along x 1 (extent 2)
				assertEquals(nz, out.getNSlices());
				assertEquals(2, out.getNFrames());
				final float[] w = { 1, 2, 0, -1, 3, 1 }; // [z][x]
				for (int t = 1; t <= 2; t++)
					for (int z = 1; z <= nz; z++) {
						final float[] o = TestImages.pixels(out, out.getStackIndex(1, z, t));
						for (int y = 0; y < 4; y++)
							for (int x = 0; x < ow; x++) {
								double sum = 0;
								for (int kz = 0; kz < 3; kz++)
									for (int kx = 0; kx < 2; kx++) {
										final int sz = z - 1 + kz - before, sx = x + kx - 1;
										if (sz < 0 || sz >= 3 || sx < 0 || sx >= 5) continue;
										sum += w[kz * 2 + kx] * in.getStack().getProcessor(in.getStackIndex(1, sz + 1, t))
											.getf(sx, y);
									}
								assertEquals(sum, o[y * ow + x], 1e-3 * (1 + Math.abs(sum)), "type " + type + " " + size +
									" t " + t + " z " + z + " x " + x + " y " + y);
							}
					}
			}
		}
	}

	@Test
	void missingKeysTakeTheirDefaultsNotEarlierValues() throws Exception {
		final ImagePlus in = TestImages.random("d", ImagePlus.GRAY32, 7, 6, 1, 1, 1, 17);
		final ImagePlus explicit = run(CorrelateImageCommand.class, "image", in, "kernel", "laplacian",
			"boundary", "reflect", "value", 0.0, "output_size", "same", "normalize", false, "stack",
			"all slices");
		run(CorrelateImageCommand.class, "image", in, "kernel", "box(5)", "boundary", "constant",
			"value", 9.0, "output_size", "full", "normalize", true);
		final ImagePlus defaults = run(CorrelateImageCommand.class, "image", in);
		TestImages.assertPlanesEqual(explicit, 1, defaults, 1);
		assertNotEquals(TestImages.pixels(explicit, 1)[0], run(CorrelateImageCommand.class, "image",
			in, "boundary", "zero").getProcessor().getf(0));
	}

	@Test
	void everyMethodEqualsTheOpsJavaApiAndIsRecorded() throws Exception {
		final ImagePlus in = TestImages.random("m", ImagePlus.GRAY32, 41, 37, 1, 1, 1, 7);
		final Img<FloatType> img = ArrayImgs.floats(TestImages.pixels(in, 1).clone(), 41, 37);
		for (final String m : new String[] { "auto", "direct", "separable", "fft" }) {
			final ImagePlus out = run(ConvolveImageCommand.class, "image", in, "kernel", "gaussian(1.5)",
				"boundary", "mirror", "method", m);
			final Img<FloatType> ref = ConvolutionOps.convolve(img, Kernels.get("gaussian(1.5)"),
				Boundary.MIRROR, 0, OutputSize.SAME, false, ConvMethod.parse(m));
			int i = 0;
			for (final FloatType v : Views.flatIterable(ref))
				assertEquals(v.get(), TestImages.pixels(out, 1)[i++], m);
			final String info = String.valueOf(out.getProperty("Info"));
			assertTrue(info.contains(" method=" + (m.equals("auto") ? "separable" : m)), info);
		}
		final String e = error(ConvolveImageCommand.class, "image", in, "kernel", "1 2; 3 4",
			"method", "separable");
		assertTrue(e.startsWith("method: "), e);
		final String bad = error(ConvolveImageCommand.class, "image", in, "method", "winograd");
		assertTrue(bad.startsWith("method: ") && bad.contains("'winograd'"), bad);
	}

	@Test
	void badValuesGiveMessagesNamingKeyAndValue() throws Exception {
		final ImagePlus in = TestImages.random("b", ImagePlus.GRAY8, 3, 3, 1, 1, 1, 1);
		String e = error(CorrelateImageCommand.class, "image", in, "kernel", "sobelx");
		assertTrue(e.startsWith("kernel: ") && e.contains("'sobelx'"), e);
		e = error(CorrelateImageCommand.class, "image", in, "kernel", "");
		assertTrue(e.startsWith("kernel: "), e);
		e = error(CorrelateImageCommand.class, "image", in, "kernel", "1 2; 3");
		assertTrue(e.startsWith("kernel: ") && e.contains("ragged"), e);
		e = error(CorrelateImageCommand.class, "image", in, "kernel", "1 NaN 1");
		assertTrue(e.startsWith("kernel: ") && e.contains("NaN"), e);
		e = error(CorrelateImageCommand.class, "image", in, "boundary", "edge");
		assertTrue(e.startsWith("boundary: ") && e.contains("'edge'") && e.contains("reflect"), e);
		e = error(ConvolveImageCommand.class, "image", in, "output_size", "huge");
		assertTrue(e.startsWith("output_size: ") && e.contains("'huge'") && e.contains("valid"), e);
		e = error(ConvolveImageCommand.class, "image", in, "stack", "some slices");
		assertTrue(e.startsWith("stack: ") && e.contains("'some slices'"), e);
		e = error(ConvolveImageCommand.class, "image", in, "kernel", "box(5)", "output_size", "valid");
		assertTrue(e.startsWith("output_size: 'valid'") && e.contains("5x5"), e);
		e = error(ConvolveImageCommand.class, "kernel", "box(5)");
		assertTrue(e.contains("image"), e);
	}
}
