package io.github.convnetij.command;

import static io.github.convnetij.command.TestImages.args;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import io.github.convnetij.compute.Boundary;
import io.github.convnetij.compute.Interpolation;
import io.github.convnetij.compute.Tensor;
import io.github.convnetij.ops.augment.Augmentation;
import io.github.convnetij.ops.augment.Augmenter;
import io.github.convnetij.ops.augment.Seeds;
import io.github.convnetij.ops.augment.Transform;
import net.imglib2.parallel.Parallelization;

/** "Augment Image..." through {@link CommandService}, as a macro runs it. */
class AugmentImageCommandTest {

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
		return TestImages.run(cs, AugmentImageCommand.class, args(kv));
	}

	private static String error(final Object... kv) throws Exception {
		return TestImages.error(cs, AugmentImageCommand.class, args(kv));
	}

	@Test
	void replicatesWithLabelsOfTheSampledParameters() throws Exception {
		final ImagePlus in = TestImages.random("cells.tif", ImagePlus.GRAY8, 20, 15, 1, 1, 1, 3);
		in.getStack().setSliceLabel(null, 1);
		final Calibration cal = in.getCalibration();
		cal.pixelWidth = 0.5;
		cal.setUnit("um");
		final ImagePlus out = run("image", in, "rotation_range", 20.0, "zoom_range", "0.1",
			"horizontal_flip", true, "fill_mode", "reflect", "count", 5, "seed", 7L);
		assertEquals("cells-augmented", out.getTitle());
		assertEquals(ImagePlus.GRAY32, out.getType());
		assertEquals(6, out.getStackSize());
		assertEquals(6, out.getNSlices());
		assertEquals(0.5, out.getCalibration().pixelWidth);
		assertEquals("original", out.getStack().getSliceLabel(1));
		TestImages.assertPlanesEqual(TestImages.toFloat(in), 1, out, 1);
		final Augmentation a = Augmentation.none().rotationRange(20).zoomRange(0.1).horizontalFlip(true)
			.fillMode(Boundary.REFLECT);
		for (int r = 0; r < 5; r++) {
			final String label = out.getStack().getSliceLabel(r + 2);
			// the sampled parameters, written so that ImageJ's short label keeps them whole
			assertEquals(a.sample(Seeds.derive(Seeds.derive(7, r), 0), 20, 15).label().replaceAll(
				"[()]", ""), label);
			assertTrue(label.matches("rot=-?\\d+\\.\\d zoom=\\d\\.\\d\\d,\\d\\.\\d\\d( flipH)?"), label);
		}
		// the values are those of the ops' augmenter with the documented keys
		final float[] f = TestImages.pixels(TestImages.toFloat(in), 1);
		final Transform t = a.sample(Seeds.derive(Seeds.derive(7, 2), 0), 20, 15);
		final Tensor expected = Augmenter.of(a).apply(Tensor.of(f, 1, 1, 15, 20), new Transform[] {
			t });
		assertArrayEquals(expected.data(), TestImages.pixels(out, 4));
		assertTrue(((String) out.getProperty("Info")).contains("ConvNet-IJ: augment rotation_range=20 " +
			"zoom_range=0.9,1.1 horizontal_flip=true fill_mode=reflect interpolation=bilinear count=5 " +
			"seed=7 include_original=true"), (String) out.getProperty("Info"));
	}

	@Test
	void sameSeedSameResultAnyThreadCountAndWithoutTheOriginal() throws Exception {
		final ImagePlus in = TestImages.random("r", ImagePlus.GRAY16, 33, 21, 1, 1, 1, 5);
		final Object[] opts = { "image", in, "rotation_range", 30.0, "width_shift_range", 0.2,
			"height_shift_range", 3.0, "shear_range", 10.0, "zoom_range", "0.8,1.2", "vertical_flip",
			true, "brightness_range", "0.5,1.5", "noise", 100.0, "interpolation", "bicubic", "count", 4,
			"seed", 99L };
		final ImagePlus one = Parallelization.runWithNumThreads(1, () -> run(opts));
		final ImagePlus three = Parallelization.runWithNumThreads(3, () -> run(opts));
		for (int n = 1; n <= 5; n++)
			TestImages.assertPlanesEqual(one, n, three, n);
		final List<Object> noOriginal = new ArrayList<>(List.of(opts));
		noOriginal.addAll(List.of("include_original", false));
		final ImagePlus without = run(noOriginal.toArray());
		assertEquals(4, without.getStackSize());
		for (int n = 1; n <= 4; n++) {
			TestImages.assertPlanesEqual(one, n + 1, without, n);
			assertEquals(one.getStack().getSliceLabel(n + 1), without.getStack().getSliceLabel(n));
		}
		final List<Object> otherSeed = new ArrayList<>(List.of(opts));
		otherSeed.set(otherSeed.indexOf("seed") + 1, 100L);
		assertNotEquals(one.getStack().getSliceLabel(2), run(otherSeed.toArray()).getStack()
			.getSliceLabel(2));
	}

	@Test
	void rotationBy90IsImageJsRotateRight() {
		// the convention of the labels: positive = clockwise, as ImageJ's Rotate 90 Degrees Right
		final ImagePlus in = TestImages.random("sq", ImagePlus.GRAY8, 9, 9, 1, 1, 1, 2);
		final ByteProcessor right = (ByteProcessor) in.getProcessor().rotateRight();
		final float[] f = TestImages.pixels(TestImages.toFloat(in), 1);
		final float[] out = Augmenter.of(Augmentation.none().interpolation(Interpolation.NEAREST))
			.apply(Tensor.of(f, 1, 1, 9, 9), new Transform[] { Transform.identity().withRotation(90) })
			.data();
		TestImages.assertPlanesEqual(new ImagePlus("r", right.convertToFloat()), 1, new ImagePlus("o",
			new FloatProcessor(9, 9, out)), 1);
	}

	@Test
	void channelsShareATransformAndStacksCanShareOne() throws Exception {
		// 2 channels x 3 slices; channel 2 = channel 1 exactly, so equal outputs show a shared transform
		final ImagePlus in = TestImages.random("hs", ImagePlus.GRAY32, 12, 10, 2, 3, 1, 4);
		final ImageStack s = in.getStack();
		for (int z = 0; z < 3; z++)
			s.setPixels(((float[]) s.getPixels(2 * z + 1)).clone(), 2 * z + 2);
		final ImagePlus perSlice = run("image", in, "rotation_range", 40.0, "shear_range", 5.0,
			"count", 2, "interpolation", "nearest");
		// a stack: each replicate is a copy of the stack, as frames
		assertEquals(2, perSlice.getNChannels());
		assertEquals(3, perSlice.getNSlices());
		assertEquals(3, perSlice.getNFrames());
		for (int n = 1; n <= perSlice.getStackSize(); n += 2) {
			TestImages.assertPlanesEqual(perSlice, n, perSlice, n + 1);
			// each channel keeps its own input label; the parameters are the same
			final String c1 = perSlice.getStack().getSliceLabel(n), c2 = perSlice.getStack()
				.getSliceLabel(n + 1);
			assertEquals(c1.substring(c1.indexOf(" | ")), c2.substring(c2.indexOf(" | ")));
		}
		// input labels are kept in front
		assertEquals("s1 | original", perSlice.getStack().getSliceLabel(1));
		final String z1 = perSlice.getStack().getSliceLabel(7), z2 = perSlice.getStack()
			.getSliceLabel(9);
		assertTrue(z1.startsWith("s1 | rot="), z1);
		assertTrue(z2.startsWith("s3 | rot="), z2);
		assertNotEquals(z1.substring(5), z2.substring(5), "per slice: own transforms");
		final ImagePlus whole = run("image", in, "rotation_range", 40.0, "shear_range", 5.0, "count",
			2, "interpolation", "nearest", "stack_transform", "whole stack");
		assertEquals(whole.getStack().getSliceLabel(7).substring(5), whole.getStack().getSliceLabel(9)
			.substring(5), "whole stack: one transform");
		assertTrue(((String) whole.getProperty("Info")).contains("stack_transform=[whole stack]"));
	}

	@Test
	void rgbStaysRgbAndPreviewShowsAMontage() throws Exception {
		final ImagePlus in = TestImages.random("photo.png", ImagePlus.COLOR_RGB, 16, 12, 1, 1, 1, 6);
		final CommandModule m = cs.run(AugmentImageCommand.class, true, args("image", in,
			"width_shift_range", 0.25, "count", 3, "preview", true)).get();
		final ImagePlus out = (ImagePlus) m.getOutput("result");
		assertEquals(ImagePlus.COLOR_RGB, out.getType());
		assertEquals(4, out.getStackSize());
		assertArrayEquals((int[]) in.getProcessor().getPixels(), (int[]) out.getStack().getPixels(1));
		final ImagePlus montage = (ImagePlus) m.getOutput("montage");
		// 4 tiles: 2 x 2 with a 2-pixel gap
		assertEquals(2 * 16 + 2, montage.getWidth());
		assertEquals(2 * 12 + 2, montage.getHeight());
		assertEquals(ImagePlus.COLOR_RGB, montage.getType());
		assertEquals("photo-augment-preview", montage.getTitle());
		final int[] mp = (int[]) montage.getProcessor().getPixels();
		final int[] r2 = (int[]) out.getStack().getPixels(2);
		for (int y = 0; y < 12; y++)
			for (int x = 0; x < 16; x++)
				assertEquals(r2[y * 16 + x], mp[y * 34 + 18 + x]);
		assertTrue(((String) montage.getProperty("Info")).contains("\n2: shift=("));
		// no preview: no montage
		assertNull(cs.run(AugmentImageCommand.class, true, args("image", in)).get().getOutput(
			"montage"));
		// a gray montage without the original in the stack still shows it first
		final ImagePlus g = TestImages.random("g", ImagePlus.GRAY8, 5, 4, 1, 1, 1, 1);
		final ImagePlus gm = (ImagePlus) cs.run(AugmentImageCommand.class, true, args("image", g,
			"count", 2, "include_original", false, "preview", true)).get().getOutput("montage");
		assertEquals(2 * 5 + 2, gm.getWidth());
		final float[] gp = (float[]) gm.getProcessor().getPixels();
		for (int x = 0; x < 5; x++)
			assertEquals(((byte[]) g.getProcessor().getPixels())[x] & 0xff, gp[x], 0f);
	}

	@Test
	void defaultsAreDocumented() throws Exception {
		final ImagePlus in = TestImages.random("d", ImagePlus.GRAY8, 6, 6, 1, 1, 1, 1);
		final ImagePlus out = run("image", in);
		// count 8 plus the original; nothing enabled: every replicate is the identity
		assertEquals(9, out.getStackSize());
		assertEquals("s1 | identity", out.getStack().getSliceLabel(9));
		TestImages.assertPlanesEqual(out, 1, out, 9);
		assertTrue(((String) out.getProperty("Info")).contains("augment fill_mode=nearest " +
			"interpolation=bilinear count=8 seed=42 include_original=true"));
	}

	@Test
	void badParametersGiveClearErrors() throws Exception {
		final ImagePlus in = TestImages.random("b", ImagePlus.GRAY8, 6, 6, 1, 1, 1, 1);
		String m = error("image", in, "rotation_range", -10.0);
		assertTrue(m.startsWith("rotation_range: -10 is negative"), m);
		m = error("image", in, "zoom_range", "1.5");
		assertTrue(m.startsWith("zoom_range: 1.5 is not a fraction below 1") && m.contains("min,max"), m);
		m = error("image", in, "fill_mode", "bounce");
		assertTrue(m.startsWith("fill_mode: unknown value 'bounce'"), m);
		m = error("image", in, "count", 0);
		assertTrue(m.startsWith("count: 0 is not allowed"), m);
		m = error("image", in, "width_shift_range", -0.5);
		assertTrue(m.startsWith("width_shift_range: -0.5 is negative"), m);
		m = error("image", in, "brightness_range", "2");
		assertTrue(m.startsWith("brightness_range: '2' is one number"), m);
		m = error("image", in, "stack_transform", "sometimes");
		assertTrue(m.startsWith("stack_transform: unknown value 'sometimes'") && m.contains(
			"'per slice' or 'whole stack'"), m);
		m = error("image", in, "interpolation", "lanczos");
		assertTrue(m.startsWith("interpolation: unknown value 'lanczos'"), m);
		m = error("count", 2);
		assertTrue(m.contains("image"), m);
	}

	/** DESIGN 1: no key may equal the part after an underscore of another key; none persists. */
	@Test
	void macroKeysDoNotCollideAndDoNotPersist() {
		final CommandInfo info = cs.getCommand(AugmentImageCommand.class);
		final List<String> keys = new ArrayList<>();
		for (final ModuleItem<?> item : info.inputs()) {
			keys.add(item.getName());
			assertFalse(item.isPersisted(), item.getName() + " persists");
		}
		assertTrue(keys.containsAll(List.of("rotation_range", "width_shift_range", "height_shift_range",
			"shear_range", "zoom_range", "horizontal_flip", "vertical_flip", "fill_mode", "cval",
			"interpolation", "brightness_range", "noise", "count", "seed", "include_original", "preview",
			"stack_transform")), keys.toString());
		for (final String a : keys)
			for (final String b : keys)
				for (int i = b.indexOf('_'); i >= 0; i = b.indexOf('_', i + 1))
					assertNotEquals(a, b.substring(i + 1), a + " collides with " + b);
		assertEquals("Plugins > ConvNet-IJ > Augment Image...", info.getMenuPath().getMenuString());
	}
}
