package io.github.convnetij.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.onnx.InputSpec;
import io.github.convnetij.nn.onnx.ModelFile;
import io.github.convnetij.nn.onnx.Onnx;
import io.github.convnetij.nn.onnx.OnnxNetworks;

/** {@code predict} and {@code info} through the CLI's main. */
class CliPredictTest {

	@TempDir
	Path dir;

	private Network net;
	private Path model;
	private final List<String> classes = List.of("cat", "dog, big", "say \"hi\"", "fish");

	@BeforeEach
	void model() throws Exception {
		Assumptions.assumeTrue(System.getenv("SLURM_ARRAY_TASK_ID") == null,
			"inside a SLURM array job the shard would come from it");
		net = Architectures.parse("conv(3,3,pad=1), relu, flatten, dense(4), softmax", new int[] { 1,
			6, 5 }, 4);
		net.initialize(5);
		model = dir.resolve("m.onnx");
		ModelFile.of(net, classes, InputSpec.uint8(1, 6, 5)).save(model);
	}

	private byte[] image(final Path file, final long seed, final int w, final int h) {
		final byte[] p = new byte[w * h];
		new Random(seed).nextBytes(p);
		assertTrue(new FileSaver(new ImagePlus("x", new ByteProcessor(w, h, p))).saveAsPng(file
			.toString()));
		return p;
	}

	/** The classes of an 8-bit image, most probable first, from the network on v / 255f. */
	private List<String> ranking(final byte[] p) {
		final float[] x = new float[p.length];
		for (int i = 0; i < p.length; i++)
			x[i] = (p[i] & 0xff) / 255f;
		final float[] y = net.predict(Tensor.of(x, 1, 1, 6, 5)).data();
		final List<Integer> idx = new ArrayList<>(List.of(0, 1, 2, 3));
		idx.sort((a, b) -> y[a] != y[b] ? Float.compare(y[b], y[a]) : Integer.compare(a, b));
		final List<String> out = new ArrayList<>();
		for (final int i : idx)
			out.add(classes.get(i));
		return out;
	}

	private static String csvName(final String s) {
		return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
	}

	@Test
	void predictsFilesAndFoldersSortedWithShards() throws Exception {
		final Path folder = Files.createDirectories(dir.resolve("imgs"));
		final Map<String, byte[]> pixels = new java.util.TreeMap<>();
		for (final String n : new String[] { "b.png", "a.png", "c.png", "e.png" })
			pixels.put(folder.resolve(n).toString(), image(folder.resolve(n), n.hashCode(), 5, 6));
		Files.writeString(folder.resolve("readme.txt"), "skip me");
		final Path single = dir.resolve("d.png");
		pixels.put(single.toString(), image(single, 9, 5, 6));
		// stdout, every image: files and folders sorted together by full path
		final CliTest.Result r = CliTest.cli("predict", "--model", model.toString(), "--top-k", "2",
			single.toString(), folder.toString());
		CliTest.assertOk(r);
		final List<String> lines = List.of(r.out().split("\n"));
		assertEquals("image,rank,class,probability", lines.get(0));
		final List<String> names = new ArrayList<>(pixels.keySet()); // d.png sorts before imgs/
		Collections.sort(names, (a, b) -> Path.of(a).toAbsolutePath().toString().compareTo(Path.of(b)
			.toAbsolutePath().toString()));
		assertEquals(1 + 2 * names.size(), lines.size());
		for (int i = 0; i < names.size(); i++) {
			final List<String> rank = ranking(pixels.get(names.get(i)));
			for (int k = 0; k < 2; k++) {
				final String line = lines.get(1 + 2 * i + k);
				assertTrue(line.startsWith(names.get(i) + "," + (k + 1) + "," + csvName(rank.get(k)) + ","),
					line);
				final float p = Float.parseFloat(line.substring(line.lastIndexOf(',') + 1));
				assertTrue(p > 0 && p < 1, line);
			}
		}
		// shards 0..2 of 3 to files: together the same rows, each image once
		final List<String> merged = new ArrayList<>();
		for (int s = 0; s < 3; s++) {
			final Path out = dir.resolve("part-" + s + ".csv");
			CliTest.assertOk(CliTest.cli("predict", "--model", model.toString(), "--top-k", "2",
				"--shard", s + "/3", "--out", out.toString(), folder.toString(), single.toString()));
			final List<String> part = Files.readAllLines(out);
			assertEquals("image,rank,class,probability", part.get(0));
			merged.addAll(part.subList(1, part.size()));
		}
		final List<String> all = new ArrayList<>(lines.subList(1, lines.size()));
		Collections.sort(all);
		Collections.sort(merged);
		assertEquals(all, merged);
		// top-k beyond the classes: all of them, with a note
		final CliTest.Result many = CliTest.cli("predict", "--model", model.toString(), "--top-k", "9",
			single.toString());
		CliTest.assertOk(many);
		assertEquals(5, many.out().split("\n").length);
		assertTrue(many.err().contains("note: top_k 9 is more than the model's 4 classes"), many.err());
	}

	@Test
	void badInputExits2WithOneLineAndNoFile() throws Exception {
		final Path img = dir.resolve("a.png");
		image(img, 1, 5, 6);
		final Path big = dir.resolve("big.png");
		image(big, 2, 7, 6);
		final Path out = dir.resolve("o.csv");
		expect("error: --shard: '3/3' is not allowed", out, "--model", model.toString(), "--shard", "3/3",
			"--out", out.toString(), img.toString());
		expect("error: --shard: '-1/2' is not allowed", out, "--model", model.toString(), "--shard",
			"-1/2", "--out", out.toString(), img.toString());
		expect("error: --out: the folder '" + dir.resolve("missing") + "' does not exist", out,
			"--model", model.toString(), "--out", dir.resolve("missing/o.csv").toString(), img
				.toString());
		expect("1 x 6 x 7 (channels x height x width) but the model takes 1 x 6 x 5", out, "--model",
			model.toString(), "--out", out.toString(), img.toString(), big.toString());
		final Path conv = dir.resolve("conv.onnx");
		final Network c = Architectures.parse("conv(2,3,pad=1)", new int[] { 1, 6, 5 }, 0);
		c.initialize(1);
		Onnx.write(OnnxNetworks.toOnnx(c, Map.of(), List.of()), conv);
		expect("error: --model: '" + conv + "' is not a classifier", out, "--model", conv.toString(),
			"--out", out.toString(), img.toString());
		expect("error: --top-k: 0 is less than the minimum 1", out, "--model", model.toString(),
			"--top-k", "0", "--out", out.toString(), img.toString());
		expect("error: INPUT: '" + dir.resolve("nothing") + "' does not exist", out, "--model", model
			.toString(), "--out", out.toString(), dir.resolve("nothing").toString());
	}

	private static void expect(final String expected, final Path out, final String... args) {
		final String[] all = new String[args.length + 1];
		all[0] = "predict";
		System.arraycopy(args, 0, all, 1, args.length);
		final CliTest.Result r = CliTest.cli(all);
		assertEquals(Cli.BAD_INPUT, r.rc(), r.err());
		assertTrue(r.err().contains(expected), r.err());
		assertEquals(1, r.err().strip().split("\n").length, r.err());
		assertFalse(Files.exists(out), "no output");
	}

	@Test
	void infoDescribesTheModel() {
		final CliTest.Result r = CliTest.cli("info", "--model", model.toString());
		CliTest.assertOk(r);
		assertTrue(r.out().contains("parameters: " + net.numParameters() + "\n"), r.out());
		assertTrue(r.out().contains("classes (4): cat, dog, big, say \"hi\", fish"), r.out());
		assertTrue(r.out().contains("input: 1 x 6 x 5 (channels x height x width)"), r.out());
	}
}
