package io.github.convnetij.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.onnx.ModelFile;

/**
 * {@code macros/train_and_predict.ijm} headless, as users run it: trains on a folder of class
 * folders (PNG), predicts another folder, saves the table; the table equals the model's own
 * ranking of every image.
 */
class TrainAndPredictMacroTest {

	@TempDir
	Path dir;

	/** A 12x10 8-bit image of class c: a bright bar whose position gives the class, noise elsewhere. */
	private static byte[] image(final int c, final Random r) {
		final byte[] p = new byte[120];
		for (int i = 0; i < p.length; i++)
			p[i] = (byte) r.nextInt(50);
		for (int y = 0; y < 10; y++)
			for (int x = c * 5; x < c * 5 + 2; x++)
				p[y * 12 + x] = (byte) (200 + r.nextInt(50));
		return p;
	}

	private static void png(final byte[] p, final Path file) {
		assertTrue(new FileSaver(new ImagePlus("x", new ByteProcessor(12, 10, p))).saveAsPng(file
			.toString()));
	}

	@Test
	void trainsOnAFolderPredictsAnotherAndSavesTheTable() throws Exception {
		final Random r = new Random(4);
		final Path train = dir.resolve("train set");
		for (final String c : new String[] { "left", "right" }) {
			Files.createDirectories(train.resolve(c));
			for (int i = 0; i < 20; i++)
				png(image(c.equals("left") ? 0 : 1, r), train.resolve(c + "/" + i + ".png"));
		}
		Files.writeString(train.resolve("left/notes.txt"), "not an image");
		final Path images = Files.createDirectories(dir.resolve("new"));
		final List<byte[]> pixels = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			pixels.add(image(i % 2, r));
			png(pixels.get(i), images.resolve("n" + i + ".png"));
		}
		final Path out = dir.resolve("out");
		final String text = Files.readString(Path.of("macros/train_and_predict.ijm"),
			StandardCharsets.UTF_8);
		final String arg = "train=[" + train + "] images=[" + images + "] output=[" + out +
			"] epochs=4";
		LegacyImageJ.Outcome o = SharedImageJ.get().runMacro(text, arg);
		if (o.failed() && String.valueOf(o.message()).contains("no image open")) {
			// a bridge without optional-image support (before the fiji-polish branch is merged):
			// run it with an unrelated image open, which both commands ignore here
			o = SharedImageJ.get().runMacro("newImage('placeholder', '8-bit', 4, 4, 1);\n" + text, arg);
		}
		SharedImageJ.get().runMacro("close('*');", "");
		if (o.failed()) fail("train_and_predict.ijm failed in line " + o.line() + ": " + o.message());
		final ModelFile m = ModelFile.load(out.resolve("model.onnx"));
		assertEquals(List.of("left", "right"), m.classes());
		assertEquals(4, m.history().size());
		assertTrue(m.metadata().containsKey(ModelFile.PREPROCESSING), m.metadata().toString());
		assertTrue(m.metadata().get(ModelFile.AUGMENTATION).contains("horizontal_flip"), m.metadata()
			.toString());
		assertTrue(Files.size(out.resolve("model-training.png")) > 0);
		final List<String> lines = new ArrayList<>();
		// ImageJ writes row numbers first when its Input/Output option "Save row numbers" is on
		final List<String> saved = Files.readAllLines(out.resolve("predictions.csv"));
		final boolean rowNumbers = saved.get(0).startsWith(" ,");
		for (final String l : saved)
			lines.add(rowNumbers ? l.substring(l.indexOf(',') + 1) : l);
		assertEquals("image,rank,class,probability", lines.get(0), String.join("\n", lines));
		assertEquals(1 + 12, lines.size(), lines.toString());
		for (int i = 0; i < 6; i++) {
			// the model's own ranking of the image, from v / 255f
			final float[] x = new float[120];
			for (int j = 0; j < 120; j++)
				x[j] = (pixels.get(i)[j] & 0xff) / 255f;
			final float[] p = m.network().predict(Tensor.of(x, 1, 1, 10, 12)).data();
			final int best = p[1] > p[0] ? 1 : 0;
			final String[] top = lines.get(1 + 2 * i).split(",");
			assertEquals(images.resolve("n" + i + ".png").toString(), top[0]);
			assertEquals("1", top[1]);
			assertEquals(m.classes().get(best), top[2]);
			assertEquals(p[best], Float.parseFloat(top[3]), 1e-5f);
			assertEquals(m.classes().get(1 - best), lines.get(2 + 2 * i).split(",")[2]);
		}
	}
}
