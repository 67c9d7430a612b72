package io.github.convnetij.nn.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.onnx.ModelFile;
import io.github.convnetij.nn.onnx.Onnx;
import io.github.convnetij.nn.onnx.OnnxNetworks;

/**
 * The import's settings worked by hand: resize_size for ImageNet-like models (224 -> 256, 299 ->
 * 342), mean and std given as auto, none, one or one per channel, the checks of the files named,
 * the class names chosen, and which preprocessing keeps an import off labelled data sets.
 */
class ModelImportMutationGapsTest {

	@TempDir
	Path dir;

	private Path foreign(final String arch, final int[] in, final int k) throws Exception {
		final Network n = Architectures.parse(arch, in, k);
		n.initialize(3);
		final Path f = dir.resolve("foreign-" + in[0] + "-" + k + ".onnx");
		Onnx.write(OnnxNetworks.toOnnx(n, Map.of(), List.of()), f);
		return f;
	}

	@Test
	void resizeSizeByHand() {
		assertEquals(256, ModelImport.resizeSize("auto", true, 224, 300));
		assertEquals(342, ModelImport.resizeSize(null, true, 299, 299)); // 341.7
		assertEquals(256, ModelImport.resizeSize(" AUTO ", true, 224, 224));
		assertEquals(256, ModelImport.resizeSize("", true, 224, 224));
		assertEquals(0, ModelImport.resizeSize("auto", false, 224, 224));
		assertEquals(0, ModelImport.resizeSize("0", true, 224, 224));
		assertEquals(65536, ModelImport.resizeSize("65536", false, 8, 8));
		for (final String bad : new String[] { "65537", "-1", "x" })
			assertEquals("resize_size: '" + bad + "' is not allowed: expected auto, 0 (resize to the " +
				"model's size, no crop) or the shorter side in pixels before the centre crop, e.g. 256",
				assertThrows(IllegalArgumentException.class, () -> ModelImport.resizeSize(bad, true, 224,
					224)).getMessage());
	}

	@Test
	void meanAndStdByHand() {
		final double[] auto = { 0.1, 0.2, 0.3 };
		assertArrayEquals(auto, ModelImport.perChannel("mean", "auto", 3, auto, 0));
		assertArrayEquals(auto, ModelImport.perChannel("mean", null, 3, auto, 0));
		assertArrayEquals(new double[] { 1, 1, 1 }, ModelImport.perChannel("std", "", 3, null, 1));
		assertArrayEquals(new double[] { 0, 0, 0 }, ModelImport.perChannel("mean", " None ", 3, auto, 0));
		assertArrayEquals(new double[] { 0.5, 0.5, 0.5 }, ModelImport.perChannel("mean", "0.5", 3, auto,
			0));
		assertArrayEquals(new double[] { 1, 2, 3 }, ModelImport.perChannel("mean", "1, 2 3", 3, auto, 0));
		for (final String bad : new String[] { "1,2", "a", "1,2,1e999", "NaN" })
			assertEquals("std: '" + bad + "' is not allowed: expected auto, none, one number, or 3 numbers " +
				"(one per channel) separated by commas", assertThrows(IllegalArgumentException.class,
					() -> ModelImport.perChannel("std", bad, 3, null, 1)).getMessage());
	}

	@Test
	void filesAndClasses() throws Exception {
		final Path in = foreign("flatten, dense(3)", new int[] { 3, 2, 2 }, 3);
		final Path out = dir.resolve("out.onnx");
		assertEquals("model: no ONNX file given: expected model=<file.onnx>", assertThrows(
			IllegalArgumentException.class, () -> ModelImport.run(new ModelImport.Options(null, out, null,
				null, null, null))).getMessage());
		assertEquals("model: no ONNX file given: expected model=<file.onnx>", assertThrows(
			IllegalArgumentException.class, () -> ModelImport.run(new ModelImport.Options(Path.of(""), out,
				null, null, null, null))).getMessage());
		assertEquals("output: no output file given: expected output=<new file.onnx>", assertThrows(
			IllegalArgumentException.class, () -> ModelImport.run(new ModelImport.Options(in, null, null,
				null, null, null))).getMessage());
		assertEquals("output: no output file given: expected output=<new file.onnx>", assertThrows(
			IllegalArgumentException.class, () -> ModelImport.run(new ModelImport.Options(in, Path.of(""),
				null, null, null, null))).getMessage());
		assertEquals("output: '" + in + "' is the model read: choose another file (the import never " +
			"overwrites its input)", assertThrows(IllegalArgumentException.class, () -> ModelImport
				.checkOutput(in, in)).getMessage());
		assertEquals("output: '" + dir + "' is a folder: expected a file name", assertThrows(
			IllegalArgumentException.class, () -> ModelImport.checkOutput(in, dir)).getMessage());
		assertEquals("output: the folder '" + dir.resolve("no") + "' does not exist", assertThrows(
			IllegalArgumentException.class, () -> ModelImport.checkOutput(in, dir.resolve("no").resolve(
				"x.onnx"))).getMessage());
		assertEquals("model: '" + dir + "' is a folder: expected an .onnx file", assertThrows(
			IllegalArgumentException.class, () -> ModelImport.run(new ModelImport.Options(dir, out, null,
				null, null, null))).getMessage());
		assertEquals("model: '" + dir.resolve("none.onnx") + "' does not exist", assertThrows(
			IllegalArgumentException.class, () -> ModelImport.run(new ModelImport.Options(dir.resolve(
				"none.onnx"), out, null, null, null, null))).getMessage());
		final Path one = dir.resolve("one.txt");
		Files.writeString(one, "a\n");
		assertEquals("labels: '" + one + "' has 1 name but the model has 3 outputs: expected one name per " +
			"line, 3 lines", assertThrows(IllegalArgumentException.class, () -> ModelImport.run(
				new ModelImport.Options(in, out, one, null, null, null))).getMessage());
		assertEquals("std: [1.0, 0.0, 1.0] is not allowed: expected values > 0", assertThrows(
			IllegalArgumentException.class, () -> ModelImport.run(new ModelImport.Options(in, out, null,
				null, null, "1,0,1"))).getMessage());
		// numbered classes, no resize and crop for a small model, the given mean and std
		final ModelImport.Result r = ModelImport.run(new ModelImport.Options(in, out, null, null, "0.5",
			"0.25"));
		assertEquals(List.of("0", "1", "2"), r.model().classes());
		assertTrue(r.report().contains("classes (3): 0, 1, 2\n  numbered, as no labels were given " +
			"(labels=<file>, one name per line)\n"), r.report());
		assertTrue(r.report().contains("written: '" + out + "'\n"), r.report());
		assertEquals("its preprocessing (mean, std: an imported classifier's resize, crop and " +
			"normalisation) is not applied to labelled data sets yet: use Predict with CNN (predict) on " +
			"the images, which applies it", ModelImport.datasetRefusal(r.model()));
		// labels given: their names
		final Path three = dir.resolve("three.txt");
		Files.writeString(three, "x\ny\nz\n");
		final Path out2 = dir.resolve("out2.onnx");
		final ModelImport.Result l = ModelImport.run(new ModelImport.Options(in, out2, three, "0",
			"none", "none"));
		assertEquals(List.of("x", "y", "z"), l.model().classes());
		assertTrue(l.report().contains("names from '" + three + "'"), l.report());
		assertNull(ModelImport.datasetRefusal(l.model()));
		// a model that names its classes keeps them
		final Path out3 = dir.resolve("out3.onnx");
		final ModelImport.Result again = ModelImport.run(new ModelImport.Options(out2, out3, null, null,
			null, null));
		assertEquals(List.of("x", "y", "z"), again.model().classes());
		assertTrue(again.report().contains("names as the model gives them"), again.report());
		// 1001 outputs on RGB: ImageNet's names, background first; more than 5 classes listed with ...
		final Path big = foreign("flatten, dense(1001)", new int[] { 3, 2, 2 }, 1001);
		final ModelImport.Result b = ModelImport.run(new ModelImport.Options(big, dir.resolve("b.onnx"),
			null, "0", "none", "none"));
		assertEquals("background", b.model().classes().get(0));
		assertTrue(b.report().contains("classes (1001): background, tench, goldfish, great white shark, " +
			"tiger shark, ...\n  ImageNet's class names (background first), as the model has 1001 outputs " +
			"and no labels were given (labels=<file> for others)\n"), b.report());
		// the same file under another name (a link) is refused too
		final Path link = dir.resolve("link.onnx");
		Files.createSymbolicLink(link, in);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelImport.checkOutput(in, link))
			.getMessage().endsWith("is the model read: choose another file (the import never overwrites " +
				"its input)"));
		// an empty labels path is no labels; 5 classes are listed without "..."
		final Path five = foreign("flatten, dense(5)", new int[] { 3, 2, 2 }, 5);
		final ModelImport.Result f5 = ModelImport.run(new ModelImport.Options(five, dir.resolve("f5.onnx"),
			Path.of(""), null, null, null));
		assertTrue(f5.report().contains("classes (5): 0, 1, 2, 3, 4\n"), f5.report());
		for (final String line : f5.report().split("\n"))
			if (line.startsWith("input: ") || line.startsWith("output: ")) assertTrue(line.matches(
				"(input|output): \\S+ \\[.*\\]"), line);
		assertTrue(f5.report().contains("\ninput: "), f5.report());
		// a gray model with 1000 outputs: ImageNet's names, but no ImageNet resize, crop or normalisation
		final Path gray = foreign("flatten, dense(1000)", new int[] { 1, 2, 2 }, 1000);
		final ModelImport.Result g = ModelImport.run(new ModelImport.Options(gray, dir.resolve("g.onnx"),
			null, null, null, null));
		assertEquals("tench", g.model().classes().get(0));
		assertNull(ModelImport.datasetRefusal(g.model()), g.model().metadata().get(ModelFile.PREPROCESSING));
		// two channels: no preprocessing record (Classifier converts 1 or 3 only)
		final Path two = foreign("flatten, dense(3)", new int[] { 2, 2, 2 }, 3);
		final ModelImport.Result t = ModelImport.run(new ModelImport.Options(two, dir.resolve("t.onnx"),
			null, null, null, null));
		assertNull(t.model().metadata().get(ModelFile.PREPROCESSING));
		assertTrue(t.report().contains("preprocessing: (none recorded: 2 channels)\n"), t.report());
		// inputs that are not images
		final Path flat = dir.resolve("flat.onnx");
		final Network fn = Architectures.parse("dense(3)", new int[] { 4 }, 3);
		fn.initialize(1);
		Onnx.write(OnnxNetworks.toOnnx(fn, Map.of(), List.of()), flat);
		assertEquals("model: '" + flat + "' takes inputs of shape [4]: expected images [channels, height, " +
			"width]", assertThrows(IllegalArgumentException.class, () -> ModelImport.run(
				new ModelImport.Options(flat, dir.resolve("fl.onnx"), null, null, null, null))).getMessage());
		// 1001 RGB outputs with the defaults: ImageNet's resize, crop, mean and std
		final ModelImport.Result bd = ModelImport.run(new ModelImport.Options(big, dir.resolve("bd.onnx"),
			null, null, null, null));
		assertTrue(ModelImport.datasetRefusal(bd.model()).startsWith("its preprocessing (resize_size, " +
			"mean, std, crop: "), ModelImport.datasetRefusal(bd.model()));
		// data set refusals by the preprocessing record alone
		final ModelFile plain = ModelFile.of(Architectures.parse("flatten, dense(2)", new int[] { 1, 1, 2 },
			2), List.of("a", "b"), io.github.convnetij.nn.onnx.InputSpec.uint8(1, 1, 2));
		assertNull(ModelImport.datasetRefusal(plain));
		for (final String[] c : new String[][] { { "{\"mean\": [0, 0], \"std\": 1}", null }, {
			"{\"mean\": 0.5}", "mean" }, { "{\"std\": [1, 2]}", "std" }, { "{\"std\": \"x\"}", "std" }, {
				"{\"crop\": \"none\"}", null }, { "{\"crop\": \"center\", \"resize_size\": 4}",
					"resize_size, crop" }, { "not json", null } }) {
			final String why = ModelImport.datasetRefusal(plain.withMetadata(ModelFile.PREPROCESSING, c[0]));
			if (c[1] == null) assertNull(why, c[0]);
			else assertTrue(why.startsWith("its preprocessing (" + c[1] + ": "), c[0] + ": " + why);
		}
	}
}
