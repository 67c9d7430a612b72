package io.github.convnetij.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.onnx.InputSpec;
import io.github.convnetij.nn.onnx.ModelFile;
import io.github.convnetij.viz.Png;

/**
 * {@code architecture}, {@code filters}, {@code features} and {@code panel} through the CLI's
 * main: the PNGs (size, text), the TIFF stack, the numbered pages, and the errors (exit 2, one
 * line, nothing written).
 */
class CliShowTest {

	@TempDir
	Path dir;

	private Path model;

	@BeforeEach
	void model() throws Exception {
		final Network net = Architectures.parse("conv(4,3,pad=1), relu, maxpool(2), flatten, dense(3), " +
			"softmax", new int[] { 1, 6, 6 }, 3);
		net.initialize(5);
		model = dir.resolve("m.onnx");
		ModelFile.of(net, List.of("cat", "dog", "fish"), InputSpec.uint8(1, 6, 6)).save(model);
	}

	private Path png(final Path file, final long seed, final int w, final int h) {
		final byte[] p = new byte[w * h];
		new Random(seed).nextBytes(p);
		assertTrue(new FileSaver(new ImagePlus("x", new ByteProcessor(w, h, p))).saveAsPng(file
			.toString()));
		return file;
	}

	/** The PNG exists, is not tiny, and its text has every string; kept in target/show-look. */
	private static BufferedImage checkPng(final Path p, final String... texts) throws Exception {
		assertTrue(Files.exists(p), p + " written");
		final BufferedImage img = ImageIO.read(p.toFile());
		assertTrue(img.getWidth() > 200 && img.getHeight() > 100, img.getWidth() + "x" + img
			.getHeight());
		final String all = String.join("\n", Png.readText(p).values());
		for (final String t : texts)
			assertTrue(all.contains(t), "'" + t + "' in the text of " + p + ":\n" + all);
		final Path look = Files.createDirectories(Path.of("target", "show-look"));
		Files.copy(p, look.resolve("cli-" + p.getFileName()),
			java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		return img;
	}

	private static void assertBad(final CliTest.Result r, final String start, final Path notWritten) {
		assertEquals(Cli.BAD_INPUT, r.rc(), () -> "stdout " + r.out() + " stderr " + r.err());
		assertTrue(r.err().startsWith(start), r.err());
		assertFalse(r.err().strip().contains("\n"), "one line: " + r.err());
		assertFalse(Files.exists(notWritten), notWritten + " written");
	}

	@Test
	void architectureOfAStringAndOfAModel() throws Exception {
		final Path out = dir.resolve("cifar.png");
		final CliTest.Result r = CliTest.cli("architecture", "--architecture", "conv(32,3,pad=same), " +
			"relu, maxpool(2), conv(64,3,pad=same), relu, maxpool(2), flatten, dense(512), relu, " +
			"dense(100), softmax", "--input-shape", "3,32,32", out.toString());
		CliTest.assertOk(r);
		// shapes by hand: 32x32 -> pool 16x16 -> 64 filters -> pool 8x8 -> 4096 features
		checkPng(out, "conv 3x3, 32", "32x32x32", "32x16x16", "64x8x8", "4096", "dense 100");
		assertTrue(r.out().contains("64x8x8"), "the table on stdout: " + r.out());
		final Path out2 = dir.resolve("m.png");
		CliTest.assertOk(CliTest.cli("architecture", "--model", model.toString(), out2.toString()));
		checkPng(out2, "4x3x3");
		final Path no = dir.resolve("no.png");
		assertBad(CliTest.cli("architecture", "--architecture", "conv(4,3), relu", "--input-shape",
			"3,0,8", no.toString()), "error: --input-shape: 0 in '3,0,8' is not allowed", no);
		assertBad(CliTest.cli("architecture", "--architecture", "conv(4,3), blah", "--input-shape",
			"3,8,8", no.toString()), "error: --architecture: layer 2 'blah'", no);
	}

	@Test
	void filtersAndFeatureMaps() throws Exception {
		final Path filters = dir.resolve("filters.png");
		CliTest.assertOk(CliTest.cli("filters", "--model", model.toString(), "--layer", "conv1",
			filters.toString()));
		checkPng(filters, "Filters of conv1");
		final Path in = png(dir.resolve("in.png"), 3, 6, 6);
		final Path maps = dir.resolve("maps.png");
		CliTest.assertOk(CliTest.cli("features", "--model", model.toString(), "--layer", "relu1", in
			.toString(), maps.toString()));
		checkPng(maps, "relu1/0", "relu1/3");
		final Path tif = dir.resolve("maps.tif");
		CliTest.assertOk(CliTest.cli("features", "--model", model.toString(), "--layer", "maxpool1", in
			.toString(), tif.toString()));
		final ImagePlus stack = IJ.openImage(tif.toString());
		assertNotNull(stack);
		assertEquals(4, stack.getStackSize());
		assertEquals(3, stack.getWidth());
		assertEquals(3, stack.getHeight());
		assertEquals("maxpool1/2", stack.getStack().getSliceLabel(3));
		assertEquals(ImagePlus.GRAY32, stack.getType());
		// errors: one line, exit 2, nothing written
		final Path no = dir.resolve("no.png");
		assertBad(CliTest.cli("filters", "--model", model.toString(), "--layer", "dense1", no
			.toString()), "error: --layer: layer 'dense1' is dense, not a convolution: filters are " +
				"shown for the conv layers conv1", no);
		final CliTest.Result unknown = CliTest.cli("features", "--model", model.toString(), "--layer",
			"conv2", in.toString(), no.toString());
		assertBad(unknown, "error: --layer: the model has no layer 'conv2'; its layers are conv1, " +
			"relu1, maxpool1, flatten1, dense1, softmax1", no);
		final Path big = png(dir.resolve("big.png"), 4, 8, 6);
		final CliTest.Result size = CliTest.cli("features", "--model", model.toString(), "--layer",
			"conv1", big.toString(), no.toString());
		assertBad(size, "error: ", no);
		assertTrue(size.err().contains("the image is 1 x 6 x 8") && size.err().contains(
			"the model takes 1 x 6 x 6"), size.err());
		assertBad(CliTest.cli("features", "--model", model.toString(), in.toString(), dir.resolve(
			"no.jpg").toString()), "error: OUTPUT: ", dir.resolve("no.jpg"));
	}

	@Test
	void panelPagesFromFoldersOfClasses() throws Exception {
		final Path data = dir.resolve("data");
		for (final String c : new String[] { "cat", "dog" }) {
			Files.createDirectories(data.resolve(c));
			for (int i = 0; i < 4; i++)
				png(data.resolve(c).resolve(c + i + ".png"), c.hashCode() + i, 6, 6);
		}
		final Path loose = png(dir.resolve("loose.png"), 99, 6, 6);
		final Path out = dir.resolve("panel.png");
		final CliTest.Result r = CliTest.cli("panel", "--model", model.toString(), "--top-k", "2", data
			.resolve("cat").toString(), data.resolve("dog").toString(), loose.toString(), out
				.toString());
		CliTest.assertOk(r);
		final Path p1 = dir.resolve("panel-001.png"), p2 = dir.resolve("panel-002.png");
		assertEquals(p1 + "\n" + p2 + "\n", r.out());
		assertFalse(Files.exists(out));
		// 9 images sorted by full path: data/cat (4), data/dog (4), loose.png
		checkPng(p1, "page 1 of 2", "cat0.png: true: cat;", "cat3.png: true: cat;",
			"dog1.png: true: dog;", "top-2 classes");
		checkPng(p2, "page 2 of 2", "dog3.png: true: dog;", "loose.png: true class unknown;");
		final Path no = dir.resolve("no.png");
		assertBad(CliTest.cli("panel", "--model", model.toString(), "--top-k", "11", loose.toString(),
			no.toString()), "error: --top-k: 11 is more than the maximum 10", no);
		final Path big = png(dir.resolve("big.png"), 4, 7, 7);
		final CliTest.Result size = CliTest.cli("panel", "--model", model.toString(), big.toString(), no
			.toString());
		assertBad(size, "error: INPUT: ", no);
		assertTrue(size.err().contains("the image is 1 x 7 x 7") && size.err().contains(
			"the model takes 1 x 6 x 6"), size.err());
		assertBad(CliTest.cli("panel", "--model", dir.resolve("none.onnx").toString(), loose
			.toString(), no.toString()), "error: --model: ", no);
	}
}
