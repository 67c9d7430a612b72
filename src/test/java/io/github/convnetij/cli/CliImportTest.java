package io.github.convnetij.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.convnetij.nn.onnx.ModelFile;
import io.github.convnetij.nn.predict.ImageNetClasses;

/**
 * A torchvision classifier imported and run through the CLI, against PyTorch:
 * {@code src/test/python/export_classifier.py} exports resnet18 (random weights, seeded, 64x64
 * input) with a few PNG images and PyTorch's logits into {@code target/classifier-import/};
 * {@code import} writes our model file from it (once per run, the export reused by every test
 * here), and {@code predict --raw} must give PyTorch's logits within {@value #TOLERANCE} (absolute)
 * and the same top-5 classes, named as ImageNet's classes, with {@code --preprocess none} (samples /
 * 255) and with the recorded preprocessing (torchvision's Resize, CenterCrop, ToTensor, Normalize).
 * Skipped, with a printed note, where {@code /usr/bin/python3} with torch and torchvision is not
 * installed.
 */
class CliImportTest {

	/** The largest difference allowed from PyTorch's logits. */
	static final float TOLERANCE = 1e-4f;

	static final Path SCRIPT = Path.of("src/test/python/export_classifier.py");
	static final Path OUT = Path.of("target/classifier-import");

	private static Path imported;
	private static CliTest.Result importRun;

	@BeforeAll
	static void exportAndImport() throws IOException, InterruptedException {
		final Path onnx = OUT.resolve("resnet18.onnx");
		if (!Files.isRegularFile(OUT.resolve("logits_model.f32")) || Files.getLastModifiedTime(OUT
			.resolve("logits_model.f32")).compareTo(Files.getLastModifiedTime(SCRIPT)) < 0)
		{
			String note = null;
			if (!Files.isExecutable(Path.of("/usr/bin/python3"))) note = "no /usr/bin/python3";
			else {
				Files.createDirectories(OUT);
				final Process p = new ProcessBuilder("/usr/bin/python3", SCRIPT.toString(), OUT.toString())
					.redirectErrorStream(true).start();
				final String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
				if (!p.waitFor(5, TimeUnit.MINUTES)) {
					p.destroyForcibly();
					throw new IllegalStateException("the export did not finish");
				}
				if (p.exitValue() == 3) note = "python3 has no torch/torchvision: " + text.strip();
				else if (p.exitValue() != 0) throw new IllegalStateException("the export failed:\n" + text);
			}
			if (note != null) System.out.println("CliImportTest: skipped (" + note + ")");
			assumeTrue(note == null, note);
		}
		imported = OUT.resolve("resnet18-ij.onnx");
		Files.deleteIfExists(imported);
		final long size = Files.size(onnx);
		final var time = Files.getLastModifiedTime(onnx);
		importRun = CliTest.cli("import", "--model", onnx.toString(), "--output", imported.toString());
		assertEquals(0, importRun.rc(), importRun.err());
		assertEquals(size, Files.size(onnx), "the input is unchanged");
		assertEquals(time, Files.getLastModifiedTime(onnx), "the input is unchanged");
	}

	static float[] floats(final Path f) throws IOException {
		final byte[] b = Files.readAllBytes(f);
		final float[] v = new float[b.length / 4];
		ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
		return v;
	}

	/** The indices of the k largest values, largest first (computed here, not by the engine). */
	static List<Integer> top(final float[] v, final int from, final int n, final int k) {
		final List<Integer> idx = new ArrayList<>();
		for (int i = 0; i < n; i++)
			idx.add(i);
		idx.sort((a, b) -> Float.compare(v[from + b], v[from + a]));
		return idx.subList(0, k);
	}

	@Test
	void importReportsTheGraphAndWritesOurKeys() throws Exception {
		final String r = importRun.out();
		for (final String s : new String[] { "input: input [batch, 3, 64, 64]",
			"output: logits [batch, 1000]", "operators (49 nodes): Add 8, Conv 20, Flatten 1, Gemm 1, " +
				"GlobalAveragePool 1, MaxPool 1, Relu 17", "parameters: 11,684,712",
			"classes (1000): tench, goldfish, great white shark, tiger shark, hammerhead, ...\n  " +
				"ImageNet's class names, as the model has 1000 outputs", "\"resize_size\":73", "\"crop\":\"center\"",
			"\"mean\":[0.485,0.456,0.406]", "\"std\":[0.229,0.224,0.225]", "written: '" + imported + "'" })
			assertTrue(r.contains(s), "'" + s + "' in the report:\n" + r);
		final ModelFile m = ModelFile.load(imported);
		assertEquals(ImageNetClasses.names(), m.classes());
		assertTrue(m.metadata().get(ModelFile.PREPROCESSING).contains("\"antialias\":true"));
		assertArrayEquals(new double[] { 0.485, 0.456, 0.406 }, m.input().mean());
	}

	/** The raw CSV: one row of values per image, in order. */
	private static float[] raw(final Path csv, final int rows) throws IOException {
		final List<String> lines = Files.readAllLines(csv);
		assertEquals(rows + 1, lines.size());
		assertTrue(lines.get(0).startsWith("image,tench,goldfish,"), lines.get(0));
		final float[] v = new float[rows * 1000];
		for (int i = 0; i < rows; i++) {
			final String[] f = lines.get(i + 1).split(",");
			assertEquals(1001, f.length);
			for (int j = 0; j < 1000; j++)
				v[i * 1000 + j] = Float.parseFloat(f[j + 1]);
		}
		return v;
	}

	/** Compares logits; returns the largest difference. */
	private static float compare(final float[] expected, final float[] actual, final String what) {
		assertEquals(expected.length, actual.length, what);
		float worst = 0;
		for (int i = 0; i < expected.length; i++) {
			final float d = Math.abs(expected[i] - actual[i]);
			worst = Math.max(worst, d);
			assertTrue(d <= TOLERANCE, what + " value " + i + ": " + actual[i] + ", PyTorch " +
				expected[i]);
		}
		for (int s = 0; s < expected.length / 1000; s++)
			assertEquals(top(expected, s * 1000, 1000, 5), top(actual, s * 1000, 1000, 5), what +
				" image " + s + ": top-5");
		return worst;
	}

	@Test
	void predictWithoutPreprocessingGivesPyTorchsLogits() throws Exception {
		final Path raw = OUT.resolve("raw-none.csv"), csv = OUT.resolve("pred-none.csv");
		final CliTest.Result r = CliTest.cli("predict", "--model", imported.toString(), "--preprocess",
			"none", "--top-k", "5", "--raw", raw.toString(), "--out", csv.toString(), OUT.resolve("same")
				.toString());
		assertEquals(0, r.rc(), r.err());
		assertTrue(r.err().contains("note: the model's last layer is dense, not softmax"), r.err());
		final float[] expected = floats(OUT.resolve("logits_none.f32"));
		final float worst = compare(expected, raw(raw, 3), "preprocess none");
		// the table: ImageNet's names of PyTorch's top 5, with softmax probabilities
		final List<String> rows = Files.readAllLines(csv);
		assertEquals(1 + 3 * 5, rows.size());
		for (int s = 0; s < 3; s++) {
			double sum = 0;
			for (int j = 0; j < 1000; j++)
				sum += Math.exp(expected[s * 1000 + j]);
			final List<Integer> t = top(expected, s * 1000, 1000, 5);
			for (int k = 0; k < 5; k++) {
				final String[] f = rows.get(1 + s * 5 + k).split(",(?=[^,]*$)|,(?=\\d+,)", -1);
				final String line = rows.get(1 + s * 5 + k);
				assertTrue(line.startsWith(OUT.resolve("same").resolve("img_" + s + ".png") + "," + (k + 1) +
					","), line);
				final String name = ImageNetClasses.names().get(t.get(k));
				assertTrue(line.contains("," + (name.contains(",") ? "\"" + name + "\"" : name) + ","), line +
					" names " + name);
				final float p = Float.parseFloat(line.substring(line.lastIndexOf(',') + 1));
				assertEquals(Math.exp(expected[s * 1000 + t.get(k)]) / sum, p, 1e-5, line);
				assertTrue(f.length > 1);
			}
		}
		System.out.printf("CliImportTest: preprocess none: largest difference from PyTorch's logits " +
			"%.3g%n", worst);
	}

	@Test
	void predictWithTheImportedPreprocessingGivesTorchvisionsLogits() throws Exception {
		final Path raw = OUT.resolve("raw-model.csv");
		final CliTest.Result r = CliTest.cli("predict", "--model", imported.toString(), "--raw", raw
			.toString(), "--out", OUT.resolve("pred-model.csv").toString(), OUT.resolve("other")
				.toString());
		assertEquals(0, r.rc(), r.err());
		final float worst = compare(floats(OUT.resolve("logits_model.f32")), raw(raw, 5),
			"preprocess model");
		System.out.printf("CliImportTest: resize, crop, normalise (gray, 100x80, 64x64 images): " +
			"largest difference from torchvision + PyTorch's logits %.3g%n", worst);
	}

	@Test
	void labelsReplaceTheNames() throws Exception {
		final List<String> names = new ArrayList<>();
		for (int i = 0; i < 1000; i++)
			names.add("label " + i);
		final Path labels = Files.write(OUT.resolve("labels.txt"), names);
		final Path csv = OUT.resolve("pred-labels.csv");
		final CliTest.Result r = CliTest.cli("predict", "--model", imported.toString(), "--labels",
			labels.toString(), "--preprocess", "none", "--top-k", "1", "--out", csv.toString(), OUT.resolve(
				"same").resolve("img_0.png").toString());
		assertEquals(0, r.rc(), r.err());
		final int best = top(floats(OUT.resolve("logits_none.f32")), 0, 1000, 1).get(0);
		assertTrue(Files.readAllLines(csv).get(1).contains(",1,label " + best + ","), Files
			.readAllLines(csv).toString());
	}
}
