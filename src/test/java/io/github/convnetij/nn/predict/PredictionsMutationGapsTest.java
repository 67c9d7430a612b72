package io.github.convnetij.nn.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.onnx.InputSpec;
import io.github.convnetij.nn.onnx.ModelFile;

/**
 * The prediction run by hand: the files taken (folders listed, hidden files skipped, each file once,
 * in path order), one row per image and rank in the files' order over several batches, the CSV
 * fields quoted as RFC 4180 wants, and read errors named.
 */
class PredictionsMutationGapsTest {

	@TempDir
	Path dir;

	@Test
	void filesTaken() throws Exception {
		final Path d = Files.createDirectory(dir.resolve("d"));
		Files.writeString(d.resolve("b.png"), "");
		Files.writeString(d.resolve("a.png"), "");
		Files.writeString(d.resolve(".hidden.png"), "");
		Files.writeString(d.resolve("notes.txt"), "");
		Files.createDirectory(d.resolve("sub.png"));
		final Path c = Files.writeString(dir.resolve("c.png"), "");
		final List<Path> got = Predictions.files(List.of(c, d, d.resolve("a.png"), dir.resolve("d/../c.png")),
			p -> p.toString().endsWith(".png"));
		assertEquals(List.of(c, d.resolve("a.png"), d.resolve("b.png")), got);
		final Path empty = Files.createDirectory(dir.resolve("empty"));
		assertEquals("'" + empty + "' holds no image files (TIFF, PNG, JPEG, GIF, BMP, PGM...)",
			assertThrows(IllegalArgumentException.class, () -> Predictions.files(List.of(empty),
				p -> true)).getMessage());
		assertEquals("'" + dir.resolve("no.png") + "' does not exist", assertThrows(
			IllegalArgumentException.class, () -> Predictions.files(List.of(dir.resolve("no.png")),
				p -> true)).getMessage());
	}

	@Test
	void rowsInFileOrderOverBatches() {
		final Network n = Architectures.parse("flatten, dense(2)", new int[] { 1, 1, 2 }, 2);
		n.initialize(4);
		final Classifier c = Classifier.of(ModelFile.of(n, List.of("cat", "dog, big"), InputSpec.uint8(1,
			1, 2)));
		final List<Path> files = new ArrayList<>();
		for (int i = 0; i < 70; i++)
			files.add(Path.of("img" + i + ".png"));
		final List<Predictions.Row> rows = new ArrayList<>();
		final List<String> raw = new ArrayList<>();
		Predictions.run(c, files, (f, name) -> {
			final int i = Integer.parseInt(name.substring(3, name.indexOf('.')));
			return new Classifier.Image(name, Tensor.of(new float[] { i, 70 - i }, 1, 1, 2), 8);
		}, 5, rows::add, (img, v) -> raw.add(img.name()));
		assertEquals(140, rows.size(), "2 classes (top_k 5 clamped) per image");
		assertEquals(70, raw.size());
		for (int i = 0; i < 70; i++) {
			final Predictions.Row a = rows.get(2 * i), b = rows.get(2 * i + 1);
			assertEquals("img" + i + ".png", a.image());
			assertEquals("img" + i + ".png", raw.get(i));
			assertEquals(1, a.rank());
			assertEquals(2, b.rank());
			final float[] p = c.probabilities(List.of(new Classifier.Image("x", Tensor.of(new float[] { i,
				70 - i }, 1, 1, 2), 8)));
			final int best = p[0] >= p[1] ? 0 : 1;
			assertEquals(c.classes().get(best), a.className());
			assertEquals(p[best], a.probability(), 1e-6f);
			assertEquals(p[1 - best], b.probability(), 1e-6f);
		}
		// top 1 only
		final List<Predictions.Row> one = new ArrayList<>();
		Predictions.run(c, files.subList(0, 3), (f, name) -> new Classifier.Image(name, Tensor.of(
			new float[] { 1, 2 }, 1, 1, 2), 8), 1, one::add);
		assertEquals(3, one.size());
		// read errors name the file
		assertEquals("'x.png' does not exist", assertThrows(IllegalArgumentException.class,
			() -> Predictions.run(c, List.of(Path.of("x.png")), (f, name) -> {
				throw new NoSuchFileException(name);
			}, 1, r -> {})).getMessage());
		assertEquals("cannot read 'x.png': bad header", assertThrows(IllegalArgumentException.class,
			() -> Predictions.run(c, List.of(Path.of("x.png")), (f, name) -> {
				throw new IOException("bad header");
			}, 1, r -> {})).getMessage());
		assertEquals("cannot read 'x.png': worse", assertThrows(IllegalArgumentException.class,
			() -> Predictions.run(c, List.of(Path.of("x.png")), (f, name) -> {
				throw new UncheckedIOException(new IOException("worse"));
			}, 1, r -> {})).getMessage());
	}

	@Test
	void csvByHand() {
		assertEquals("image,rank,class,probability", Predictions.CSV_HEADER);
		assertEquals("a.png,1,cat,0.25", Predictions.csv(new Predictions.Row("a.png", 1, "cat", 0.25f)));
		assertEquals("\"a,b.png\",2,\"say \"\"hi\"\"\",1.0e-5", Predictions.csv(new Predictions.Row(
			"a,b.png", 2, "say \"hi\"", 1e-5f)));
		assertEquals("\"x\ny\"", Predictions.field("x\ny"));
		assertEquals("\"x\ry\"", Predictions.field("x\ry"));
		// the special character first
		assertEquals("\",x\"", Predictions.field(",x"));
		assertEquals("\"\"\"x\"", Predictions.field("\"x"));
		assertEquals("\"\nx\"", Predictions.field("\nx"));
		assertEquals("\"\rx\"", Predictions.field("\rx"));
		assertEquals("x", Predictions.field("x"));
		assertEquals("image,cat,\"dog, big\"", Predictions.rawHeader(List.of("cat", "dog, big")));
		assertEquals("i.png,0.5,-2.0,1.0e-7", Predictions.rawCsv("i.png", new float[] { 0.5f, -2, 1e-7f }));
	}
}
