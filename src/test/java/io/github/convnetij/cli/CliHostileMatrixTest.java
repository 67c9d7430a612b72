package io.github.convnetij.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.data.TestIdx;
import io.github.convnetij.nn.onnx.InputSpec;
import io.github.convnetij.nn.onnx.ModelFile;

/**
 * The hostile-input matrix of the command line: bad inputs for every subcommand, as a new user
 * or an attacker would give them (non-finite, negative, huge or empty numbers; missing, empty,
 * truncated or oversized files; an output that is an input; outputs in missing folders; a boolean
 * option followed by a word). Each must exit 2 with exactly one line on stderr that starts
 * {@code error: }, names the offending value or option (the words expected are written here by
 * hand) and has no stack trace, and must leave the folder unchanged (no output, no temporary
 * file, no folder created). Most cases run in this JVM through {@link Main#run}; a few run the
 * way a user runs the jar, each in a JVM of its own under {@code -Xmx1g} (with the relaunch for
 * the Vector API), within 60 s.
 */
class CliHostileMatrixTest {

	@TempDir
	static Path dir;

	private static Path fifo;

	private static Path image, tif, previewInput, longValue, model, data, folder, png, emptyKernel, hugeJpeg, cutGif;

	@BeforeAll
	static void fixtures() throws IOException {
		image = Files.writeString(dir.resolve("in.csv"), CliTest.IMAGE);
		final Network net = Architectures.parse("conv(3,3,pad=1), relu, flatten, dense(4), softmax",
			new int[] { 1, 10, 10 }, 4);
		net.initialize(5);
		model = dir.resolve("m.onnx");
		ModelFile.of(net, List.of("a", "b", "c", "d"), InputSpec.uint8(1, 10, 10)).save(model);
		data = Files.createDirectories(dir.resolve("data"));
		TestIdx.write(data, "train", 40, 10, 10, 4, 1, true);
		TestIdx.write(data, "t10k", 8, 10, 10, 4, 2, false);
		folder = Files.createDirectories(dir.resolve("images"));
		png = folder.resolve("a.png");
		assertTrue(new ij.io.FileSaver(new ij.ImagePlus("a", new ij.process.ByteProcessor(10, 10)))
			.saveAsPng(png.toString()));
		tif = dir.resolve("in.tif");
		assertTrue(new ij.io.FileSaver(new ij.ImagePlus("t", new ij.process.FloatProcessor(12, 10)))
			.saveAsTiff(tif.toString()));
		// a named pipe, where the system has mkfifo (outside the folder watched for leftovers)
		final Path pipeDir = Files.createTempDirectory("pipes");
		pipeDir.toFile().deleteOnExit();
		try {
			final Path f = pipeDir.resolve("pipe.png");
			final Process p = new ProcessBuilder("mkfifo", f.toString()).start();
			if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
				fifo = f;
				f.toFile().deleteOnExit();
			}
		}
		catch (final IOException | InterruptedException e) {
			fifo = null; // no mkfifo: those cases are left out
		}
		Files.createDirectories(dir.resolve("blocked-training.png"));
		longValue = Files.writeString(dir.resolve("long.csv"), "1,2\n3," + "1".repeat(200000) + "\n");
		previewInput = Files.copy(tif, dir.resolve("p-preview.tif"));
		emptyKernel = Files.write(dir.resolve("empty-kernel.txt"), new byte[0]);
		final Path inputs = Path.of(
			"src/test/resources/io/github/convnetij/fuzz/ParsersFuzzTestInputs/imageFiles");
		hugeJpeg = Files.copy(inputs.resolve("regression-huge.jpg"), dir.resolve("huge.jpg"));
		cutGif = Files.copy(inputs.resolve("regression-truncated.gif"), dir.resolve("cut.gif"));
	}

	/** One case: the command line and the words its error must contain. */
	private record Case(String name, String[] args, String... expected) {}

	private static Case c(final String name, final String[] args, final String... expected) {
		return new Case(name, args, expected);
	}

	private static String[] a(final Object... args) {
		final String[] s = new String[args.length];
		for (int i = 0; i < args.length; i++)
			s[i] = String.valueOf(args[i]);
		return s;
	}

	private static Path out(final String name) {
		return dir.resolve(name);
	}

	private static List<Case> cases() {
		final Path missing = dir.resolve("no-such-folder");
		final List<Case> l = new ArrayList<>();
		// numbers: only finite values
		for (final String v : new String[] { "NaN", "Infinity", "-Infinity" }) {
			l.add(c("convolve --value " + v, a("convolve", "--kernel", "box", "--boundary", "constant",
				"--value", v, image, out("o.csv")), "--value", "'" + v + "'", "finite"));
			l.add(c("augment --cval " + v, a("augment", "--cval", v, image, out("o.tif")), "--cval", "'" +
				v + "'", "finite"));
		}
		l.add(c("augment --rotation-range NaN", a("augment", "--rotation-range", "NaN", image, out(
			"o.tif")), "--rotation-range", "'NaN'", "finite"));
		l.add(c("train --validation-split NaN", a("train", "--training-data", data,
			"--validation-split", "NaN", "--model", out("t.onnx")), "--validation-split", "'NaN'",
			"finite"));
		// pool sizes without numbers
		for (final String s : new String[] { "x", "xx", ",", "" })
			l.add(c("pool --size '" + s + "'", a("pool", "--size", s, image, out("o.csv")), "--size",
				"whole numbers"));
		l.add(c("pool --stride x", a("pool", "--stride", "x", image, out("o.csv")), "--stride",
			"whole numbers"));
		// a boolean option followed by a word
		l.add(c("convolve --normalize maybe", a("convolve", "--kernel", "box", "--normalize", "maybe",
			image, out("o.csv")), "--normalize", "'maybe'", "true or false"));
		l.add(c("augment --preview maybe", a("augment", "--preview", "maybe", image, out("o.tif")),
			"--preview", "'maybe'", "true or false"));
		// an extra argument, a repeated option
		l.add(c("pool extra argument", a("pool", image, out("o.csv"), out("p.csv")), "'" + out("p.csv") +
			"'", "INPUT OUTPUT"));
		l.add(c("pool --size twice", a("pool", "--size", "2", "--size", "3", image, out("o.csv")),
			"--size"));
		// bench: negatives and sizes that would run for ever
		for (final String[] o : new String[][] { { "--warmup", "-1" }, { "--warmup-ms", "-1" }, {
			"--warmup", "2000000000" }, { "--warmup-ms", "9000000000000000000" }, { "--reps",
				"2000000000" }, { "--size", "-1" } })
			l.add(c("bench " + o[0] + " " + o[1], o[0].equals("--size") ? a("bench", o[0], o[1])
				: a("bench", o[0], o[1], "--size", "8", "--kernels", "3x3", "--no-floor", "--no-imageplus",
					"--no-pool"), o[0], o[1]));
		for (final String o : new String[] { "--threads", "--kernels", "--method", "--output" })
			l.add(c("bench " + o + " ,", a("bench", o, ","), o, "given"));
		// an output that is an input would destroy it
		for (final String sub : new String[] { "convolve", "correlate", "pool" }) {
			final List<String> args = new ArrayList<>(List.of(sub));
			if (!sub.equals("pool")) args.addAll(List.of("--kernel", "box"));
			args.addAll(List.of(image.toString(), image.toString()));
			l.add(c(sub + " OUTPUT == INPUT", args.toArray(new String[0]), "OUTPUT", image.toString(),
				"INPUT"));
		}
		l.add(c("convolve OUTPUT == INPUT by another name", a("convolve", "--kernel", "box", image,
			dir.resolve("images/../in.csv")), "OUTPUT", "INPUT"));
		l.add(c("pool folder OUTPUT == INPUT", a("pool", folder, folder), "OUTPUT", folder.toString(),
			"INPUT"));
		l.add(c("augment OUTPUT == INPUT", a("augment", tif, tif), "OUTPUT", tif.toString()));
		// p.tif's preview is p-preview.tif, the input
		l.add(c("augment preview == INPUT", a("augment", "--preview", previewInput, out("p.tif")),
			"preview", previewInput.toString(), "INPUT"));
		l.add(c("features OUTPUT == INPUT", a("features", "--model", model, "--layer", "conv1", image,
			image), "OUTPUT", image.toString(), "INPUT"));
		l.add(c("convolve OUTPUT == --kernel-file", a("convolve", "--kernel-file", emptyKernel, image,
			emptyKernel), "OUTPUT", emptyKernel.toString(), "--kernel-file"));
		l.add(c("predict --out == INPUT", a("predict", "--model", model, "--out", image, image),
			"--out", image.toString()));
		l.add(c("panel OUTPUT == INPUT", a("panel", "--model", model, png, png), "OUTPUT", png
			.toString()));
		// parents of outputs are never created
		l.add(c("demo --output in a missing folder", a("demo", "--output", missing.resolve("demo")),
			"--output", missing.toString(), "does not exist"));
		l.add(c("pool folder OUTPUT in a missing folder", a("pool", folder, missing.resolve("pooled")),
			"OUTPUT", missing.toString(), "does not exist"));
		// messages that name the option and the value
		l.add(c("augment --count 100000000", a("augment", "--count", "100000000", image, out("o.tif")),
			"--count", "100000000", "-Xmx"));
		l.add(c("train --image-size 99999x99999", a("train", "--training-data", data, "--image-size",
			"99999x99999", "--model", out("t.onnx")), "--image-size", "99999x99999"));
		l.add(c("train --class-names missing file", a("train", "--training-data", data,
			"--class-names", dir.resolve("names.txt"), "--model", out("t.onnx")), "--class-names", dir
				.resolve("names.txt").toString(), "no such file"));
		l.add(c("evaluate without --test-data", a("evaluate", "--model", model), "--test-data",
			"required"));
		l.add(c("convolve empty --kernel-file", a("convolve", "--kernel-file", emptyKernel, image, out(
			"o.csv")), "--kernel-file", emptyKernel.toString(), "empty"));
		l.add(c("train a batch beyond the heap", a("train", "--training-data", data, "--architecture",
			"conv(50000,3,pad=1), flatten, dense(4), softmax", "--epochs", "1", "--model", out("t.onnx")),
			"--batch-size: a batch of 40 images", "conv1", "smaller batch", "-Xmx"));
		// empty paths, outputs that are other outputs or inputs, a checkpoint in a missing folder
		l.add(c("convolve empty INPUT", a("convolve", "--kernel", "box", "", out("o.csv")), "INPUT",
			"empty path"));
		l.add(c("pool empty OUTPUT", a("pool", image, ""), "OUTPUT", "empty path"));
		l.add(c("predict empty --out", a("predict", "--model", model, "--out", "", image), "--out",
			"empty path"));
		l.add(c("train --metrics == --model", a("train", "--training-data", data, "--epochs", "1",
			"--model", out("t.onnx"), "--metrics", out("t.onnx")), "--metrics", out("t.onnx").toString(),
			"--model"));
		l.add(c("train --model == --training-data", a("train", "--training-data", image, "--model",
			image), "--model", image.toString(), "--training-data"));
		l.add(c("train --checkpoint in a missing folder", a("train", "--training-data", data,
			"--epochs", "1", "--model", out("t.onnx"), "--checkpoint", missing.resolve("ck")),
			"--checkpoint", missing.toString(), "does not exist"));
		l.add(c("architecture --input-shape x", a("architecture", "--architecture", "conv(3,3)",
			"--input-shape", "x", out("a.png")), "--input-shape", "'x'", "C,H,W"));
		// notes are not printed before an error
		l.add(c("predict a missing file (the model has 4 classes, top-k 5)", a("predict", "--model",
			model, "--top-k", "5", dir.resolve("none.png")), dir.resolve("none.png").toString()));
		// megabytes echoed back: the line keeps its start and end
		final String ones = "1".repeat(200000);
		l.add(c("pool a text image with a 200000-digit value", a("pool", longValue, out("o.csv")),
			longValue.toString(), "1111...", "32-bit float range"));
		l.add(c("convolve a 200000-character kernel", a("convolve", "--kernel", ones, image, out(
			"o.csv")), "--kernel", "characters left out"));
		// a file written beside the model cannot be: refused before training, no model left
		l.add(c("train with a folder where the plot goes", a("train", "--training-data", data,
			"--epochs", "1", "--model", out("blocked.onnx")), "--model", out("blocked-training.png")
				.toString(), "folder"));
		// devices and named pipes: reading them would never end or block for ever
		final Path zero = Path.of("/dev/zero");
		if (Files.exists(zero)) {
			l.add(c("convolve --kernel-file /dev/zero", a("convolve", "--kernel-file", zero, image, out(
				"o.csv")), "--kernel-file", "/dev/zero", "not a regular file"));
			l.add(c("info --model /dev/zero", a("info", "--model", zero), "--model", "/dev/zero",
				"not a regular file"));
			l.add(c("macro /dev/zero", a("macro", zero), "/dev/zero", "not a regular file"));
		}
		if (fifo != null) {
			l.add(c("pool a named pipe", a("pool", fifo, out("o.tif")), "INPUT", fifo.toString(),
				"not a regular file"));
			l.add(c("train --training-data a named pipe", a("train", "--training-data", fifo, "--model",
				out("t.onnx")), "--training-data", fifo.toString(), "not a regular file"));
		}
		// hostile image files
		l.add(c("pool a JPEG claiming 30000 x 30000", a("pool", hugeJpeg, out("o.tif")), hugeJpeg
			.toString(), "30000 x 30000"));
		l.add(c("pool a truncated GIF", a("pool", cutGif, out("o.tif")), cutGif.toString(),
			"truncated"));
		l.add(c("predict a truncated GIF", a("predict", "--model", model, cutGif), cutGif.toString(),
			"truncated"));
		return l;
	}

	@TestFactory
	Stream<DynamicTest> everyBadInputGivesOneLineAndLeavesNothing() {
		return cases().stream().map(k -> DynamicTest.dynamicTest(k.name(), () -> {
			final TreeSet<String> before = CliBadInputTest.listing(dir);
			final CliTest.Result r = CliTest.cli(k.args());
			check(k.args(), r.rc(), r.err(), k.expected());
			assertEquals(before, CliBadInputTest.listing(dir), "folder unchanged: " + String.join(" ", k
				.args()));
		}));
	}

	static void check(final String[] args, final int rc, final String stderr,
		final String... expected)
	{
		final String what = String.join(" ", args) + "\n  exit " + rc + ", stderr:\n" + stderr;
		assertEquals(2, rc, "exit 2 expected: " + what);
		final String err = stderr.replace("\r\n", "\n");
		assertTrue(err.endsWith("\n") && err.indexOf('\n') == err.length() - 1,
			"exactly one line on stderr: " + what);
		assertTrue(err.startsWith("error: "), "starts with 'error: ': " + what);
		assertTrue(err.length() < 2200, "a line of at most about 2000 characters: " + err.length());
		for (final String s : new String[] { "Exception", "\tat ", "invalid input", "internal error",
			"Unmatched argument" })
			assertTrue(!err.contains(s), "no '" + s + "': " + what);
		for (final String e : expected)
			assertTrue(err.contains(e), "names '" + e + "': " + what);
	}

	/**
	 * A few cases the way a user runs the jar: {@code main} in a JVM of its own under
	 * {@code -Xmx1g}, within 60 s each.
	 */
	@Test
	void throughMainInAJvmOfItsOwn() throws Exception {
		final String[][] runs = { { "pool", "--size", "x", image.toString(), out("f.csv").toString() }, {
			"convolve", "--kernel", "box", image.toString(), image.toString() }, { "pool", hugeJpeg
				.toString(), out("f.tif").toString() }, { "bench", "--warmup-ms", "-1" } };
		final String[][] expected = { { "--size", "'x'" }, { "OUTPUT", "INPUT" }, { "30000 x 30000" }, {
			"--warmup-ms", "-1" } };
		for (int i = 0; i < runs.length; i++) {
			final TreeSet<String> before = CliBadInputTest.listing(dir);
			final List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"),
				"bin", "java").toString(), "-Xmx1g", "-cp", System.getProperty("java.class.path"), Main.class
					.getName()));
			cmd.addAll(List.of(runs[i]));
			final Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			final String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
			assertTrue(p.waitFor(60, TimeUnit.SECONDS), "within 60 s: " + String.join(" ", runs[i]));
			check(runs[i], p.exitValue(), err, expected[i]);
			assertEquals(before, CliBadInputTest.listing(dir));
		}
	}
}
