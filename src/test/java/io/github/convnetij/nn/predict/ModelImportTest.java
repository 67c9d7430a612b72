package io.github.convnetij.nn.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.onnx.ModelFile;
import io.github.convnetij.nn.onnx.Onnx;
import io.github.convnetij.nn.onnx.OnnxNetworks;

/**
 * Import of ONNX files without our metadata (as other tools write them): the defaults for
 * ImageNet-like classifiers and others, explicit values, labels, and the file written.
 */
class ModelImportTest {

	@TempDir
	Path dir;

	/** An ONNX file of a network without any metadata, as another tool would write it. */
	private Path foreign(final String arch, final int[] in, final int k) throws Exception {
		final Network n = Architectures.parse(arch, in, k);
		n.initialize(3);
		final Path f = dir.resolve("foreign-" + in[0] + "-" + k + ".onnx");
		Onnx.write(OnnxNetworks.toOnnx(n, Map.of(), List.of()), f);
		return f;
	}

	@Test
	void imageNetLikeClassifiersGetTorchvisionsPreprocessingAndNames() throws Exception {
		final Path in = foreign("globalavgpool, flatten, dense(1000)", new int[] { 3, 224, 224 }, 1000);
		final Path out = dir.resolve("imported.onnx");
		final ModelImport.Result r = ModelImport.run(new ModelImport.Options(in, out, null, "auto",
			"auto", "auto"));
		assertTrue(r.report().contains("operators (3 nodes): Flatten 1, Gemm 1, GlobalAveragePool 1"),
			r.report());
		assertTrue(r.report().contains("parameters: 4,000"), r.report()); // 3 x 1000 weights, 1000 biases
		final Classifier c = Classifier.load(out);
		assertEquals("tench", c.classes().get(0));
		assertEquals(256, c.resizeCrop().resizeSize());
		assertTrue(c.resizeCrop().antialias());
		assertTrue(c.appliesSoftmax());
		assertArrayEquals(new double[] { 0.485, 0.456, 0.406 }, c.input().mean());
		// a flat 8-bit image of 300x200 (R 255, G 51, B 0): resized to 384x256 and cropped, still
		// flat; then / 255 and ImageNet's normalisation, in float arithmetic
		final float[] px = new float[3 * 200 * 300];
		java.util.Arrays.fill(px, 0, 60000, 255);
		java.util.Arrays.fill(px, 60000, 120000, 51);
		final Tensor x = c.preprocess(new Classifier.Image("i", Tensor.of(px, 3, 200, 300), 8));
		assertArrayEquals(new int[] { 3, 224, 224 }, x.shape());
		for (int i = 0; i < 224 * 224; i++) {
			assertEquals((1f - 0.485f) / 0.229f, x.data()[i]);
			assertEquals((51 / 255f - 0.456f) / 0.224f, x.data()[224 * 224 + i]);
			assertEquals((0f - 0.406f) / 0.225f, x.data()[2 * 224 * 224 + i]);
		}
	}

	/** Labelled data sets ignore the import's resize, crop and normalisation: evaluation refuses. */
	@Test
	void importedModelsAreRefusedForDataSets() throws Exception {
		final Path in = foreign("flatten, dense(3), softmax", new int[] { 1, 4, 6 }, 3);
		assertNull(ModelImport.datasetRefusal(ModelFile.load(in)));
		final Path out = dir.resolve("imported.onnx");
		ModelImport.run(new ModelImport.Options(in, out, null, "auto", "0.5", "0.25"));
		assertEquals("its preprocessing (mean, std: an imported classifier's resize, crop and " +
			"normalisation) is not applied to labelled data sets yet: use Predict with CNN (predict) on " +
			"the images, which applies it", ModelImport.datasetRefusal(ModelFile.load(out)));
		ModelImport.run(new ModelImport.Options(in, out, null, "8", "none", "none"));
		assertTrue(ModelImport.datasetRefusal(ModelFile.load(out)).startsWith("its preprocessing " +
			"(resize_size, crop:"));
		ModelImport.run(new ModelImport.Options(in, out, null, "auto", "auto", "auto"));
		assertNull(ModelImport.datasetRefusal(ModelFile.load(out))); // as the data sets do it
		ModelImport.run(new ModelImport.Options(in, out, null, "0", "0", "2"));
		assertTrue(ModelImport.datasetRefusal(ModelFile.load(out)).startsWith("its preprocessing " +
			"(std:"));
	}

	@Test
	void otherModelsAndExplicitValues() throws Exception {
		final Path in = foreign("flatten, dense(3), softmax", new int[] { 1, 4, 6 }, 3);
		final Path out = dir.resolve("gray.onnx");
		ModelImport.run(new ModelImport.Options(in, out, null, "auto", "auto", "auto"));
		Classifier c = Classifier.load(out);
		assertNull(c.resizeCrop()); // resized straight to the model's size
		assertEquals(List.of("0", "1", "2"), c.classes());
		assertFalse(c.appliesSoftmax());
		final Path labels = Files.writeString(dir.resolve("names.txt"), "cat\ndog\nowl\n");
		ModelImport.run(new ModelImport.Options(in, out, labels, "8", "0.5", "0.25"));
		c = Classifier.load(out);
		assertEquals(List.of("cat", "dog", "owl"), c.classes());
		assertEquals(8, c.resizeCrop().resizeSize());
		// 2x3 image of 8-bit value 255: resized to 8x12 (all 255), cropped to 4x6, (1 - 0.5) / 0.25
		final Tensor x = c.preprocess(new Classifier.Image("i", Tensor.of(new float[] { 255, 255, 255,
			255, 255, 255 }, 1, 2, 3), 8));
		for (final float v : x.data())
			assertEquals(2f, v);
	}

	@Test
	void valuesAreParsedAndRefusedClearly() {
		assertEquals(256, ModelImport.resizeSize("auto", true, 224, 224));
		assertEquals(73, ModelImport.resizeSize(" AUTO ", true, 64, 80)); // 64 * 256 / 224 = 73.1
		assertEquals(0, ModelImport.resizeSize("auto", false, 224, 224));
		assertEquals(300, ModelImport.resizeSize("300", true, 224, 224));
		assertEquals("resize_size: 'x' is not allowed: expected auto, 0 (resize to the model's size, " +
			"no crop) or the shorter side in pixels before the centre crop, e.g. 256", assertThrows(
				IllegalArgumentException.class, () -> ModelImport.resizeSize("x", true, 1, 1)).getMessage());
		assertArrayEquals(new double[] { 0.1, 0.2, 0.3 }, ModelImport.perChannel("mean", "0.1, 0.2,0.3",
			3, null, 0));
		assertArrayEquals(new double[] { 0.5, 0.5, 0.5 }, ModelImport.perChannel("mean", "0.5", 3, null,
			0));
		assertArrayEquals(new double[] { 1, 1 }, ModelImport.perChannel("std", "none", 2, new double[] {
			7, 7 }, 1));
		assertEquals("std: '1 2' is not allowed: expected auto, none, one number, or 3 numbers (one " +
			"per channel) separated by commas", assertThrows(IllegalArgumentException.class,
				() -> ModelImport.perChannel("std", "1 2", 3, null, 1)).getMessage());
		assertThrows(IllegalArgumentException.class, () -> ModelImport.perChannel("mean", "nan", 1,
			null, 0));
	}

	@Test
	void theInputIsNeverOverwritten() throws Exception {
		final Path in = foreign("flatten, dense(2), softmax", new int[] { 1, 2, 2 }, 2);
		final byte[] before = Files.readAllBytes(in);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> ModelImport.run(new ModelImport.Options(in, dir.resolve(".").resolve(in.getFileName()),
				null, "auto", "auto", "auto")));
		assertTrue(e.getMessage().startsWith("output: '"), e.getMessage());
		assertTrue(e.getMessage().contains("is the model read"), e.getMessage());
		assertArrayEquals(before, Files.readAllBytes(in));
	}

	/** An unsupported operator fails the import with the loader's one message; nothing is written. */
	@Test
	void unsupportedOperatorsFailTheImport() throws Exception {
		final io.github.convnetij.nn.onnx.OnnxGraph g = new io.github.convnetij.nn.onnx.OnnxGraph("g",
			List.of(new io.github.convnetij.nn.onnx.OnnxNode("e1", "Erf", List.of("x"), List.of("y"), List
				.of())), List.of(), List.of(io.github.convnetij.nn.onnx.OnnxValueInfo.tensor("x",
					io.github.convnetij.nn.onnx.OnnxTensor.FLOAT, "N", 4)), List.of(
						io.github.convnetij.nn.onnx.OnnxValueInfo.tensor("y", io.github.convnetij.nn.onnx.OnnxTensor.FLOAT,
							"N", 4)), List.of(), "");
		final Path in = dir.resolve("erf.onnx"), out = dir.resolve("out.onnx");
		Onnx.write(new io.github.convnetij.nn.onnx.OnnxModel(7, List.of(
			new io.github.convnetij.nn.onnx.OnnxModel.OpsetId("", 13)), "test", "1", "", 0, "", g, Map
				.of()), in);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> ModelImport.run(new ModelImport.Options(in, out, null, "auto", "auto", "auto")));
		assertTrue(e.getMessage().startsWith("model: '" + in + "': operator Erf is not supported; " +
			"supported: "), e.getMessage());
		assertTrue(e.getMessage().endsWith("Unsupported nodes: Erf (node 'e1')"), e.getMessage());
		assertFalse(Files.exists(out));
	}
}
