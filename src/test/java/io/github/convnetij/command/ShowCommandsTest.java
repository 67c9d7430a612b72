package io.github.convnetij.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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
import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.onnx.InputSpec;
import io.github.convnetij.nn.onnx.ModelFile;
import io.github.convnetij.viz.Png;

/**
 * Show Architecture, Show CNN Filters, Show Feature Maps and Show Predictions through SciJava's
 * {@link CommandService}, headless: the PNGs (and the TIFF) they write, their size and text, the
 * values of the feature maps against plain loops, and the errors (nothing written).
 */
class ShowCommandsTest {

	/** conv1 (4 filters 3x3 on 1x6x6), relu1, maxpool1, flatten1, dense1, softmax1. */
	static final String ARCH = "conv(4,3,pad=1), relu, maxpool(2), flatten, dense(3), softmax";
	static final List<String> CLASSES = List.of("cat", "dog", "fish");

	private static Context context;
	private static CommandService cs;

	@TempDir
	Path dir;

	private Network net;
	private Path model;

	@BeforeAll
	static void start() {
		context = new Context(CommandService.class);
		cs = context.service(CommandService.class);
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	@BeforeEach
	void model() throws Exception {
		net = Architectures.parse(ARCH, new int[] { 1, 6, 6 }, 3);
		net.initialize(5);
		model = dir.resolve("m.onnx");
		ModelFile.of(net, CLASSES, InputSpec.uint8(1, 6, 6)).save(model);
	}

	private static CommandModule run(final Class<? extends Command> c, final Object... kv)
		throws Exception
	{
		final Map<String, Object> m = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2)
			m.put((String) kv[i], kv[i + 1]);
		final CommandModule module = cs.run(c, true, m).get();
		if (module.isCanceled()) fail(module.getCancelReason());
		return module;
	}

	/** The message of the run's failure (SciJava wraps it). */
	private static String error(final Class<? extends Command> c, final Object... kv) {
		try {
			run(c, kv);
		}
		catch (final Exception e) {
			for (Throwable t = e; t != null; t = t.getCause())
				if (t instanceof IllegalArgumentException) return t.getMessage();
			fail(e);
		}
		return fail("no error");
	}

	private static byte[] pixels(final long seed, final int n) {
		final byte[] p = new byte[n];
		new Random(seed).nextBytes(p);
		return p;
	}

	/** Reads the PNG: its size is the image's, it is not blank, and its text has every string. */
	static BufferedImage checkPng(final Path p, final int w, final int h, final String... texts)
		throws Exception
	{
		assertTrue(Files.exists(p), p + " written");
		final BufferedImage img = ImageIO.read(p.toFile());
		assertEquals(w, img.getWidth(), p.toString());
		assertEquals(h, img.getHeight(), p.toString());
		final Set<Integer> colours = new HashSet<>();
		for (int y = 0; y < img.getHeight(); y += 2)
			for (int x = 0; x < img.getWidth(); x += 2)
				colours.add(img.getRGB(x, y) & 0xffffff);
		assertTrue(colours.size() > 10, p + " is not blank");
		final String all = String.join("\n", Png.readText(p).values());
		for (final String t : texts)
			assertTrue(all.contains(t), "'" + t + "' in the text of " + p + ":\n" + all);
		// kept for looking at
		final Path look = Files.createDirectories(Path.of("target", "show-look"));
		Files.copy(p, look.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		return img;
	}

	@Test
	void architectureOfAModelFileAndOfAString() throws Exception {
		final Path out = dir.resolve("arch.png");
		final CommandModule m = run(ShowArchitectureCommand.class, "model", model.toFile(), "output",
			out.toFile());
		final ImagePlus shown = (ImagePlus) m.getOutput("result");
		// shapes worked out by hand: 4 filters keep 6x6, pooling halves it, 36 features, 3 classes
		checkPng(out, shown.getWidth(), shown.getHeight(), "conv 3x3, 4", "4x6x6", "maxpool 2x2",
			"4x3x3", "dense 3");
		final String table = (String) m.getOutput("table");
		assertTrue(table.contains("4x3x3") && table.contains("softmax"), table);
		final Path out2 = dir.resolve("arch2.png");
		run(ShowArchitectureCommand.class, "architecture", "conv(8,3), relu, maxpool(2), flatten, " +
			"dense(classes), softmax", "input_shape", "3,10,10", "classes", 7, "output", out2.toFile());
		final String all = String.join("\n", Png.readText(out2).values());
		assertTrue(all.contains("8x8x8") && all.contains("8x4x4") && all.contains("dense 7"), all);
		assertTrue(error(ShowArchitectureCommand.class, "architecture", "conv(8,3)", "input_shape",
			"3,a,10").startsWith("input_shape: 'a' in '3,a,10' is not a whole number"));
		assertTrue(error(ShowArchitectureCommand.class, "model", model.toFile(), "output", dir.resolve(
			"arch.jpg").toFile()).startsWith("output: "));
		assertFalse(Files.exists(dir.resolve("arch.jpg")));
	}

	@Test
	void filtersOfAConvLayerAndErrors() throws Exception {
		final Path out = dir.resolve("filters.png");
		final CommandModule m = run(ShowCnnFiltersCommand.class, "model", model.toFile(), "layer",
			"conv1", "mode", "auto", "scale", "per-tile", "output", out.toFile());
		final ImagePlus shown = (ImagePlus) m.getOutput("result");
		checkPng(out, shown.getWidth(), shown.getHeight(), "conv1");
		// the same layer by position
		final Path byIndex = dir.resolve("filters0.png");
		run(ShowCnnFiltersCommand.class, "model", model.toFile(), "layer", "0", "output", byIndex
			.toFile());
		assertTrue(Files.exists(byIndex));
		final Path no = dir.resolve("no.png");
		final String notConv = error(ShowCnnFiltersCommand.class, "model", model.toFile(), "layer",
			"relu1", "output", no.toFile());
		assertTrue(notConv.startsWith("layer: layer 'relu1' is relu, not a convolution") && notConv
			.contains("the conv layers conv1"), notConv);
		final String unknown = error(ShowCnnFiltersCommand.class, "model", model.toFile(), "layer",
			"conv7", "output", no.toFile());
		assertTrue(unknown.startsWith("layer: the model has no layer 'conv7'") && unknown.contains(
			"conv1, relu1, maxpool1, flatten1, dense1, softmax1"), unknown);
		final String rgb = error(ShowCnnFiltersCommand.class, "model", model.toFile(), "layer", "conv1",
			"mode", "rgb", "output", no.toFile());
		assertTrue(rgb.startsWith("mode: layer 'conv1' has 1 input channels: RGB filters need 3"), rgb);
		assertTrue(error(ShowCnnFiltersCommand.class, "model", dir.resolve("none.onnx").toFile(),
			"output", no.toFile()).startsWith("model: "));
		assertFalse(Files.exists(no), "nothing written");
	}

	/** conv1 of the model on v / 255 (the uint8 input's scaling), by a plain loop. */
	private float[] conv1(final byte[] px) {
		final float[] w = net.nodes().get(0).layer().parameter("weight").value().data();
		final float[] b = net.nodes().get(0).layer().parameter("bias").value().data();
		final float[] out = new float[4 * 36];
		for (int o = 0; o < 4; o++)
			for (int y = 0; y < 6; y++)
				for (int x = 0; x < 6; x++) {
					double s = b[o];
					for (int dy = -1; dy <= 1; dy++)
						for (int dx = -1; dx <= 1; dx++) {
							final int yy = y + dy, xx = x + dx;
							if (yy >= 0 && yy < 6 && xx >= 0 && xx < 6) s += w[o * 9 + (dy + 1) * 3 + dx + 1] *
								((px[yy * 6 + xx] & 0xff) / 255f);
						}
					out[o * 36 + y * 6 + x] = (float) s;
				}
		return out;
	}

	@Test
	void featureMapsAreTheLayersOutputAfterTheModelsPreprocessing() throws Exception {
		final ImageStack s = new ImageStack(6, 6);
		final byte[] first = pixels(1, 36), second = pixels(2, 36);
		s.addSlice("a", new ByteProcessor(6, 6, first));
		s.addSlice("b", new ByteProcessor(6, 6, second));
		final ImagePlus imp = new ImagePlus("cells.tif", s);
		imp.setSlice(2); // the displayed slice is the one shown
		final Path png = dir.resolve("maps.png");
		CommandModule m = run(ShowFeatureMapsCommand.class, "image", imp, "model", model.toFile(),
			"layer", "relu1", "output", png.toFile());
		final ImagePlus maps = (ImagePlus) m.getOutput("result");
		assertEquals(4, maps.getStackSize());
		assertEquals(6, maps.getWidth());
		assertEquals(ImagePlus.GRAY32, maps.getType());
		final float[] conv = conv1(second);
		for (int c = 0; c < 4; c++) {
			assertEquals("relu1/" + c, maps.getStack().getSliceLabel(c + 1));
			final float[] p = (float[]) maps.getStack().getPixels(c + 1);
			for (int i = 0; i < 36; i++)
				assertEquals(Math.max(conv[c * 36 + i], 0), p[i], 1e-5f, "relu1/" + c + " pixel " + i);
		}
		final ImagePlus montage = (ImagePlus) m.getOutput("montage");
		checkPng(png, montage.getWidth(), montage.getHeight(), "relu1/0", "relu1/3",
			"Feature maps of relu1 (4x6x6)");
		// max pooling of the ReLU: the plain 2x2 maxima, to a TIFF stack
		final Path tif = dir.resolve("pool.tif");
		m = run(ShowFeatureMapsCommand.class, "image", imp, "model", model.toFile(), "layer", "2",
			"output", tif.toFile());
		final ImagePlus read = IJ.openImage(tif.toString());
		assertNotNull(read, "TIFF");
		assertEquals(4, read.getStackSize());
		assertEquals(3, read.getWidth());
		for (int c = 0; c < 4; c++) {
			assertEquals("maxpool1/" + c, read.getStack().getSliceLabel(c + 1));
			final float[] p = (float[]) read.getStack().getPixels(c + 1);
			for (int y = 0; y < 3; y++)
				for (int x = 0; x < 3; x++) {
					float max = 0;
					for (int dy = 0; dy < 2; dy++)
						for (int dx = 0; dx < 2; dx++)
							max = Math.max(max, conv[c * 36 + (2 * y + dy) * 6 + 2 * x + dx]);
					assertEquals(max, p[y * 3 + x], 1e-5f, "maxpool1/" + c);
				}
		}
		// an image the model cannot take: both shapes named, nothing written
		final Path no = dir.resolve("no.tif");
		final String size = error(ShowFeatureMapsCommand.class, "image", new ImagePlus("big.tif",
			new ByteProcessor(7, 6, pixels(3, 42))), "model", model.toFile(), "layer", "conv1", "output",
			no.toFile());
		assertTrue(size.startsWith("image: ") && size.contains("the image is 1 x 6 x 7") && size
			.contains("the model takes 1 x 6 x 6"), size);
		final String unknown = error(ShowFeatureMapsCommand.class, "image", imp, "model", model
			.toFile(), "layer", "conv9", "output", no.toFile());
		assertTrue(unknown.startsWith("layer: the model has no layer 'conv9'; its layers are conv1, " +
			"relu1"), unknown);
		assertFalse(Files.exists(no), "nothing written");
	}

	/** The class the network ranks first for an 8-bit image, on v / 255. */
	private String top(final byte[] px) {
		final float[] x = new float[36];
		for (int i = 0; i < 36; i++)
			x[i] = (px[i] & 0xff) / 255f;
		final float[] p = net.predict(Tensor.of(x, 1, 1, 6, 6)).data();
		int best = 0;
		for (int j = 1; j < p.length; j++)
			if (p[j] > p[best]) best = j;
		return CLASSES.get(best);
	}

	@Test
	void predictionsOfAStackMakePagesAndAFolderGivesTrueClasses() throws Exception {
		final ImageStack s = new ImageStack(6, 6);
		final String[] tops = new String[8];
		for (int i = 0; i < 8; i++) {
			final byte[] p = pixels(10 + i, 36);
			tops[i] = top(p);
			s.addSlice(i < 2 ? CLASSES.get(i) : "slice " + i, new ByteProcessor(6, 6, p));
		}
		final Path out = dir.resolve("panel.png");
		final CommandModule m = run(ShowPredictionsCommand.class, "image", new ImagePlus("test", s),
			"model", model.toFile(), "top_k", 2, "output", out.toFile());
		final ImagePlus pages = (ImagePlus) m.getOutput("result");
		assertEquals(2, pages.getStackSize(), "8 images: pages of 6 and 2");
		assertEquals(ImagePlus.COLOR_RGB, pages.getType());
		assertFalse(Files.exists(out), "several pages: numbered files");
		final Path p1 = dir.resolve("panel-001.png"), p2 = dir.resolve("panel-002.png");
		final ShowPredictionsCommand c = (ShowPredictionsCommand) m.getDelegateObject();
		assertEquals(List.of(p1, p2), c.getWritten());
		checkPng(p1, c.getPages().get(0).width(), c.getPages().get(0).height(), "page 1 of 2",
			"true: cat", "true: dog", "true class unknown", "test:cat: true: cat; " + tops[0] + " ");
		checkPng(p2, c.getPages().get(1).width(), c.getPages().get(1).height(), "page 2 of 2",
			"test:slice 7: true class unknown; " + tops[7] + " ");
		// a folder: its name is the true class
		final Path folder = Files.createDirectories(dir.resolve("dog"));
		for (int i = 0; i < 3; i++)
			assertTrue(new ij.io.FileSaver(new ImagePlus("x", new ByteProcessor(6, 6, pixels(20 + i,
				36)))).saveAsPng(folder.resolve("d" + i + ".png").toString()));
		final Path one = dir.resolve("dogs.png");
		run(ShowPredictionsCommand.class, "model", model.toFile(), "input_folder", folder.toFile(),
			"output", one.toFile());
		final BufferedImage page = ImageIO.read(one.toFile());
		checkPng(one, page.getWidth(), page.getHeight(), "true: dog", "d0.png", "d2.png");
		// an image of another size: both shapes, nothing written
		final Path no = dir.resolve("no.png");
		final String e = error(ShowPredictionsCommand.class, "image", new ImagePlus("rgb", new ij.process.ColorProcessor(6, 6)),
			"model", model.toFile(), "output", no.toFile());
		assertTrue(e.startsWith("image: ") && e.contains("the image is 3 x 6 x 6") && e.contains(
			"the model takes 1 x 6 x 6"), e);
		assertFalse(Files.exists(no));
		final File none = null;
		assertTrue(error(ShowPredictionsCommand.class, "model", model.toFile(), "input_folder", none)
			.startsWith("image: no image given"));
	}
}
