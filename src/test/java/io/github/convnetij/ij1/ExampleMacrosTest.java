package io.github.convnetij.ij1;

import static io.github.convnetij.ij1.SharedImageJ.assertSameImage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.ShortProcessor;
import io.github.convnetij.command.AugmentImageCommand;
import io.github.convnetij.command.ConvolveImageCommand;
import io.github.convnetij.command.PoolImageCommand;

/**
 * The example macros of {@code macros/} run headless on generated test data, as users run them
 * with {@code convnet-ij-cli.jar macro}; what they save equals what the Java API computes.
 */
class ExampleMacrosTest {

	private static final Path MACROS = Path.of("macros");

	private static Context context;
	private static CommandService cs;

	@TempDir
	Path dir;

	@BeforeAll
	static void start() {
		context = new Context(CommandService.class);
		cs = context.service(CommandService.class);
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	private static void runMacro(final String file, final String argument) throws Exception {
		final String text = Files.readString(MACROS.resolve(file), StandardCharsets.UTF_8);
		final LegacyImageJ.Outcome o = SharedImageJ.get().runMacro(text, argument);
		SharedImageJ.get().runMacro("close('*');", "");
		if (o.failed()) fail(file + " failed in line " + o.line() + ": " + o.message());
	}

	private static ImagePlus run(final Class<? extends Command> command, final Object... kv)
		throws Exception
	{
		final Map<String, Object> inputs = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2)
			inputs.put((String) kv[i], kv[i + 1]);
		final CommandModule m = cs.run(command, true, inputs).get();
		if (m.isCanceled()) fail(m.getCancelReason());
		return (ImagePlus) m.getOutput("result");
	}

	private static ImagePlus bytes(final int w, final int h, final long seed) {
		final byte[] p = new byte[w * h];
		new Random(seed).nextBytes(p);
		return new ImagePlus("b", new ByteProcessor(w, h, p));
	}

	private static String arg(final String key, final Path p) {
		return key + "=[" + p + "]";
	}

	@Test
	void convolveFolder() throws Exception {
		final Path in = Files.createDirectories(dir.resolve("in images"));
		final Path out = dir.resolve("out");
		IJ.saveAsTiff(bytes(31, 23, 1), in.resolve("a.tif").toString());
		assertTrue(new ij.io.FileSaver(bytes(17, 19, 2)).saveAsPng(in.resolve("b.png").toString()));
		Files.writeString(in.resolve("notes.txt"), "not an image");
		runMacro("convolve_folder.ijm", arg("input", in) + " " + arg("output", out) +
			" kernel=sobel-y");
		assertEquals(List.of("a-custom.tif", "a-sobel-y.tif", "b-custom.tif", "b-sobel-y.tif"),
			list(out));
		for (final String name : new String[] { "a.tif", "b.png" }) {
			final String base = name.substring(0, name.indexOf('.'));
			assertSameImage(run(ConvolveImageCommand.class, "image", IJ.openImage(in.resolve(name)
				.toString()), "kernel", "sobel-y", "boundary", "reflect"), SharedImageJ.open(out.resolve(
					base + "-sobel-y.tif")));
			assertSameImage(run(ConvolveImageCommand.class, "image", IJ.openImage(in.resolve(name)
				.toString()), "kernel", "-1 -1 -1; 2 2 2; -1 -1 -1", "boundary", "nearest"), SharedImageJ
					.open(out.resolve(base + "-custom.tif")));
		}
	}

	@Test
	void poolStack() throws Exception {
		final Random r = new Random(3);
		final ImageStack s = new ImageStack(20, 14);
		for (int n = 0; n < 4; n++) {
			final short[] p = new short[20 * 14];
			for (int i = 0; i < p.length; i++)
				p[i] = (short) r.nextInt(60000);
			s.addSlice("z" + n, new ShortProcessor(20, 14, p, null));
		}
		final Path stack = dir.resolve("stack.tif");
		IJ.saveAsTiff(new ImagePlus("stack", s), stack.toString());
		final Path out = dir.resolve("pooled");
		runMacro("pool_stack.ijm", arg("input", stack) + " " + arg("output", out));
		assertEquals(List.of("stack-avg.tif", "stack-max.tif"), list(out));
		final ImagePlus max = SharedImageJ.open(out.resolve("stack-max.tif"));
		assertEquals(10, max.getWidth());
		assertEquals(4, max.getStackSize());
		assertSameImage(run(PoolImageCommand.class, "image", IJ.openImage(stack.toString()), "op",
			"max", "size", "2"), max);
		final ImagePlus avg = SharedImageJ.open(out.resolve("stack-avg.tif"));
		assertEquals(2, avg.getStackSize());
		assertSameImage(run(PoolImageCommand.class, "image", IJ.openImage(stack.toString()), "op",
			"avg", "size", "2,2,2"), avg);
	}

	@Test
	void augmentTrainingSet() throws Exception {
		final Path in = dir.resolve("train");
		Files.createDirectories(in.resolve("cats"));
		Files.createDirectories(in.resolve("dogs"));
		IJ.saveAsTiff(bytes(24, 20, 4), in.resolve("cats/a.tif").toString());
		IJ.saveAsTiff(bytes(24, 20, 5), in.resolve("cats/b.tif").toString());
		final int[] rgb = new int[16 * 12];
		final Random r = new Random(6);
		for (int i = 0; i < rgb.length; i++)
			rgb[i] = 0xff000000 | r.nextInt(1 << 24);
		IJ.saveAsTiff(new ImagePlus("c", new ColorProcessor(16, 12, rgb)), in.resolve("dogs/c.tif")
			.toString());
		IJ.saveAsTiff(bytes(10, 10, 7), in.resolve("top.tif").toString());
		final Path out = dir.resolve("augmented");
		runMacro("augment_training_set.ijm", arg("input", in) + " " + arg("output", out) +
			" count=2 seed=10");
		assertEquals(List.of("cats/a-0.tif", "cats/a-1.tif", "cats/a-2.tif", "cats/b-0.tif",
			"cats/b-1.tif", "cats/b-2.tif", "dogs/c-0.tif", "dogs/c-1.tif", "dogs/c-2.tif", "top-0.tif",
			"top-1.tif", "top-2.tif"), list(out));
		// the first copy is the original
		assertSameImage(IJ.openImage(in.resolve("cats/b.tif").toString()), SharedImageJ.open(out
			.resolve("cats/b-0.tif")));
		// seeds number the images in folder order: cats/a 10, cats/b 11, dogs/c 12, top 13
		final Object[] params = { "rotation_range", 15.0, "width_shift_range", 0.1,
			"height_shift_range", 0.1, "zoom_range", "0.1", "horizontal_flip", true, "fill_mode",
			"reflect", "interpolation", "bilinear", "count", 2, "include_original", true };
		final ImagePlus b = run(AugmentImageCommand.class, concat(params, "image", IJ.openImage(in
			.resolve("cats/b.tif").toString()), "seed", 11L));
		final float[] expected = (float[]) b.getStack().getPixels(3);
		final byte[] actual = (byte[]) SharedImageJ.open(out.resolve("cats/b-2.tif")).getProcessor()
			.getPixels();
		for (int i = 0; i < expected.length; i++)
			assertEquals(Math.max(0, Math.min(255, Math.round(expected[i]))), actual[i] & 0xff, 1,
				"pixel " + i);
		final ImagePlus c = run(AugmentImageCommand.class, concat(params, "image", IJ.openImage(in
			.resolve("dogs/c.tif").toString()), "seed", 12L));
		assertArrayEquals((int[]) c.getStack().getPixels(2), (int[]) SharedImageJ.open(out.resolve(
			"dogs/c-1.tif")).getProcessor().getPixels());
	}

	private static Object[] concat(final Object[] a, final Object... b) {
		final Object[] r = new Object[a.length + b.length];
		System.arraycopy(a, 0, r, 0, a.length);
		System.arraycopy(b, 0, r, a.length, b.length);
		return r;
	}

	/** The files under {@code root}, relative, with '/', sorted. */
	private static List<String> list(final Path root) throws Exception {
		try (Stream<Path> s = Files.walk(root)) {
			return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\',
				'/')).sorted().collect(Collectors.toList());
		}
	}

	@Test
	void everyExampleMacroIsTested() throws Exception {
		try (Stream<Path> s = Files.list(MACROS)) {
			final List<String> macros = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(
				".ijm")).sorted().collect(Collectors.toList());
			assertEquals(List.of("augment_training_set.ijm", "convolve_folder.ijm",
				"look_inside_a_model.ijm", "pool_stack.ijm", "train_and_predict.ijm"),
				macros, "a new example macro needs a test here");
		}
		assertTrue(Files.isRegularFile(MACROS.resolve("README.md")));
	}
}
