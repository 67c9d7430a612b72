package io.github.convnetij.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.onnx.ModelFile;
import io.github.convnetij.nn.onnx.Onnx;
import io.github.convnetij.nn.onnx.OnnxNetworks;

/**
 * Import ONNX Model and Predict with CNN from a macro, headless: an ONNX file without our metadata
 * (logits, no softmax) is imported with a labels file, mean, std and resize_size, then flat RGB
 * images of other sizes are predicted; the table's classes and probabilities are those of the
 * network on the hand-made input (flat images stay flat through resize and crop).
 */
class ImportMacroTest {

	@TempDir
	Path dir;

	@Test
	void importThenPredictFromAMacro() throws Exception {
		final Network net = Architectures.parse("flatten, dense(3)", new int[] { 3, 4, 4 }, 3);
		net.initialize(9);
		final Path foreign = dir.resolve("foreign.onnx");
		Onnx.write(OnnxNetworks.toOnnx(net, Map.of(), List.of()), foreign);
		final Path labels = Files.writeString(dir.resolve("labels.txt"), "red\ngreen\nblue\n");
		final Path images = Files.createDirectories(dir.resolve("images"));
		final int[][] colours = { { 250, 10, 10 }, { 10, 240, 20 }, { 0, 0, 255 } };
		for (int i = 0; i < colours.length; i++) {
			final ColorProcessor cp = new ColorProcessor(7 + i, 5);
			cp.setColor(new java.awt.Color(colours[i][0], colours[i][1], colours[i][2]));
			cp.fill();
			assertTrue(new FileSaver(new ImagePlus("c", cp)).saveAsPng(images.resolve("c" + i + ".png")
				.toString()));
		}
		final Path out = dir.resolve("imported.onnx"), csv = dir.resolve("p.csv");
		final String macro = "run(\"Import ONNX Model...\", \"model=[" + foreign + "] output=[" + out +
			"] labels=[" + labels + "] resize_size=6 mean=0.5 std=0.25\");\n" +
			"run(\"Predict with CNN...\", \"model=[" + out + "] top_k=1 input_folder=[" + images + "]\");\n" +
			"saveAs(\"Results\", \"" + csv + "\");\n";
		SharedImageJ.get().runMacro("close('*');", "");
		final LegacyImageJ.Outcome o = SharedImageJ.get().runMacro(macro, "");
		if (o.failed()) fail("the macro failed in line " + o.line() + ": " + o.message());
		assertEquals(List.of("red", "green", "blue"), ModelFile.load(out).classes());
		final List<String> lines = new ArrayList<>();
		final List<String> saved = Files.readAllLines(csv);
		final boolean rowNumbers = saved.get(0).startsWith(" ,");
		for (final String l : saved)
			lines.add(rowNumbers ? l.substring(l.indexOf(',') + 1) : l);
		assertEquals(1 + 3, lines.size(), lines.toString());
		for (int i = 0; i < 3; i++) {
			final float[] x = new float[48];
			for (int c = 0; c < 3; c++)
				for (int j = 0; j < 16; j++)
					x[c * 16 + j] = (colours[i][c] / 255f - 0.5f) / 0.25f;
			final float[] z = net.predict(Tensor.of(x, 1, 3, 4, 4)).data();
			int best = 0;
			for (int k = 1; k < 3; k++)
				if (z[k] > z[best]) best = k;
			double sum = 0;
			for (final float v : z)
				sum += Math.exp(v);
			final String[] f = lines.get(1 + i).split(",");
			assertEquals(images.resolve("c" + i + ".png").toString(), f[0]);
			assertEquals(List.of("red", "green", "blue").get(best), f[2], lines.toString());
			assertEquals(Math.exp(z[best]) / sum, Double.parseDouble(f[3]), 1e-5, lines.toString());
		}
	}
}
