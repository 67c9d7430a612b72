package io.github.convnetij.command;

import static io.github.convnetij.command.TestImages.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandService;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;

/**
 * What a user reads off a result (issue "Fiji polish", items 5, 6, 7 and 9): no slice label
 * invented for a single image, provenance with the command, its values and the version in the
 * Info; an uncalibrated image pooled stays 1 pixel per pixel; pooling never touches C or T and says
 * which axes it pooled; slice labels that ImageJ's short-label rule returns whole.
 */
class ResultMetadataTest {

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

	private static ImagePlus run(final Class<? extends Command> c, final Object... kv)
		throws Exception
	{
		return TestImages.run(cs, c, args(kv));
	}

	/** A single 8-bit image with an Info property, as a TIFF with a description opens. */
	private static ImagePlus withInfo() {
		final ImagePlus imp = new ImagePlus("gray8.tif", new ByteProcessor(12, 10));
		imp.getProcessor().setColor(200);
		imp.getProcessor().fillRect(3, 3, 5, 4);
		imp.setProperty("Info", "Acquired on scope 3\nExposure: 20 ms");
		return imp;
	}

	@Test
	void aSingleImageGetsNoInventedSliceLabelAndTheInfoSaysWhatRan() throws Exception {
		for (final Class<? extends Command> c : java.util.List.of(ConvolveImageCommand.class,
			CorrelateImageCommand.class, PoolImageCommand.class))
		{
			final ImagePlus in = withInfo();
			in.getStack(); // ImageJ invents the label "gray8.tif\n<Info>" for the stack of one image
			final ImagePlus out = run(c, "image", in);
			assertNull(out.getStack().getSliceLabel(1), c.getSimpleName() + ": slice label");
			assertNull(out.getProperty("Label"), c.getSimpleName() + ": Label property");
			final String info = out.getInfoProperty();
			assertTrue(info.startsWith("Acquired on scope 3\nExposure: 20 ms\n"), info);
			assertTrue(info.contains("\nConvNet-IJ version " + CommandSupport.version() + "\n"), info);
			assertFalse(CommandSupport.version().isBlank());
		}
		final String info = run(ConvolveImageCommand.class, "image", withInfo(), "kernel", "sobel-x",
			"boundary", "zero", "method", "direct").getInfoProperty();
		assertTrue(info.endsWith("\nConvNet-IJ: convolve kernel=sobel-x boundary=zero " +
			"output_size=same method=direct"), info);
		// a label the user gave a single image is kept
		final ImagePlus labelled = withInfo();
		labelled.setProperty("Label", "cell 4");
		final ImagePlus out = run(CorrelateImageCommand.class, "image", labelled);
		assertEquals("cell 4", out.getStack().getSliceLabel(1));
		// the augmented replicates of a single image carry no "gray8.tif | " either
		final ImagePlus aug = run(AugmentImageCommand.class, "image", withInfo(), "count", 2,
			"rotation_range", 10.0);
		assertEquals("original", aug.getStack().getSliceLabel(1));
		assertTrue(aug.getStack().getSliceLabel(2).startsWith("rot="), aug.getStack().getSliceLabel(
			2));
	}

	@Test
	void poolingAnUncalibratedImageKeepsOnePixelPerPixel() throws Exception {
		final ImagePlus in = new ImagePlus("png.png", new ByteProcessor(8, 6));
		assertFalse(in.getCalibration().scaled());
		final ImagePlus out = run(PoolImageCommand.class, "image", in, "op", "max", "size", "2");
		final Calibration cal = out.getCalibration();
		assertEquals(1.0, cal.pixelWidth);
		assertEquals(1.0, cal.pixelHeight);
		assertEquals(1.0, cal.pixelDepth);
		assertFalse(cal.scaled(), "unit " + cal.getUnit());
		// a real calibration is still scaled by the stride
		final ImagePlus um = new ImagePlus("um.tif", new ByteProcessor(8, 6));
		um.getCalibration().pixelWidth = 0.5;
		um.getCalibration().pixelHeight = 0.5;
		um.getCalibration().setUnit("um");
		final Calibration c2 = run(PoolImageCommand.class, "image", um, "size", "2").getCalibration();
		assertEquals(1.0, c2.pixelWidth);
		assertEquals(um.getCalibration().getUnit(), c2.getUnit());
	}

	/** A time series: 10 frames of one slice. */
	private static ImagePlus tseries() {
		final ImageStack s = new ImageStack(8, 6);
		for (int t = 0; t < 10; t++)
			s.addSlice("t" + t, new ByteProcessor(8, 6));
		final ImagePlus imp = new ImagePlus("tseries.tif", s);
		imp.setDimensions(1, 1, 10);
		return imp;
	}

	@Test
	void poolingNeverTouchesChannelsOrFramesAndSaysWhichAxesItPooled() throws Exception {
		final ImagePlus out = run(PoolImageCommand.class, "image", tseries(), "size", "2");
		assertEquals(10, out.getNFrames());
		assertEquals(1, out.getNSlices());
		assertTrue(out.getInfoProperty().endsWith("(pooled X, Y; Z, C and T kept)"), out
			.getInfoProperty());
		// three values on an image without Z: an error naming its axes, with and without ceil
		for (final Object ceil : new Object[] { false, true }) {
			final String e = TestImages.error(cs, PoolImageCommand.class, args("image", tseries(), "size",
				"2,2,2", "ceil", ceil));
			assertEquals("size: '2,2,2' pools along Z, but 'tseries.tif' has no Z axis (C=1, Z=1, " +
				"T=10); pooling never combines channels (C) or frames (T): give two values (x,y) to pool " +
				"each plane", e);
		}
		final ImagePlus volume = TestImages.random("vol", ImagePlus.GRAY8, 8, 6, 2, 4, 3, 1);
		final ImagePlus z = run(PoolImageCommand.class, "image", volume, "size", "2,2,2");
		assertEquals(2, z.getNChannels());
		assertEquals(2, z.getNSlices());
		assertEquals(3, z.getNFrames());
		assertTrue(z.getInfoProperty().endsWith("(pooled X, Y, Z; C and T kept)"), z
			.getInfoProperty());
	}

	/** ImageJ's rule (ImageStack.getShortSliceLabel), restated for the test. */
	private static String imageJShortLabel(final String label) {
		final ImageStack s = new ImageStack(1, 1);
		s.addSlice(label, new ByteProcessor(1, 1));
		return s.getShortSliceLabel(1);
	}

	@Test
	void sliceLabelsSurviveImageJsShortLabelRule() throws Exception {
		assertEquals("rot=18.0 zoom=(0.88,0", imageJShortLabel("rot=18.0 zoom=(0.88,0.92)"));
		assertEquals("rot=18.0 zoom=0.88,0.92", CommandSupport.sliceLabel("rot=18.0 zoom=(0.88,0.92)"));
		final String longText = "cells of the second plate, well B7 | rot=-18.0 shift=(-12.3,-10.5) " +
			"shear=-30.0 zoom=(0.88,0.92) flipH flipV brightness=0.95";
		final String label = CommandSupport.sliceLabel(longText);
		final String first = label.substring(0, label.indexOf('\n'));
		assertEquals(first, imageJShortLabel(label));
		assertTrue(longText.replaceAll("[()]", "").startsWith(first), first);
		assertTrue(label.endsWith("\n" + longText.replaceAll("[()]", "")), label);
		// every augmented replicate's label reads back whole
		final ImagePlus out = run(AugmentImageCommand.class, "image", new ImagePlus("g", new ByteProcessor(
			9, 7)), "count", 40, "zoom_range", "0.2", "rotation_range", 30.0, "seed", 3L);
		int zoomLast = 0;
		for (int n = 1; n <= out.getStackSize(); n++) {
			final String l = out.getStack().getSliceLabel(n);
			assertEquals(l, out.getStack().getShortSliceLabel(n), "label " + n);
			if (l.matches(".*zoom=\\S*\\.\\d\\d")) zoomLast++;
		}
		assertTrue(zoomLast > 0, "no label ends with a zoom pair");
	}
}
