package io.github.convnetij.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
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
 * Bad inputs for every subcommand through {@link Main#run}: each must exit 2 with exactly one line
 * on stderr, starting {@code error: }, naming the offending value (and its option) and what is
 * accepted, with no stack trace, and must leave the folder it ran in unchanged (no output, no
 * temporary {@code .*.tmp} file, no folder created). The expected words of each case are written
 * here by hand, never taken from the code under test.
 */
class CliBadInputTest {

	@TempDir
	static Path dir;

	private static Path image, model, data, twoByteGzip, folder, cifar, truncatedTiff, corrupt;

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
		// a gzip file cut after its two magic bytes
		twoByteGzip = Files.write(dir.resolve("cut-images-idx3-ubyte.gz"), new byte[] { 0x1f,
			(byte) 0x8b });
		io.github.convnetij.nn.data.Idx.write(dir.resolve("cut-labels-idx1-ubyte.gz"), TestIdx.make(4,
			10, 10, 4, 1)[1], true);
		folder = Files.createDirectories(dir.resolve("images"));
		assertTrue(new ij.io.FileSaver(new ij.ImagePlus("a", new ij.process.ByteProcessor(10, 10)))
			.saveAsPng(folder.resolve("a.png").toString()));
		// a CIFAR-10 batch with one byte too many for whole records of 3073 bytes
		Files.createDirectories(dir.resolve("blocked-preview.tif")); // the preview cannot be written
		final Path tif = dir.resolve("full.tif");
		assertTrue(new ij.io.FileSaver(new ij.ImagePlus("t", new ij.process.FloatProcessor(64, 64)))
			.saveAsTiff(tif.toString()));
		final byte[] t = Files.readAllBytes(tif);
		truncatedTiff = Files.write(dir.resolve("truncated.tif"), java.util.Arrays.copyOf(t, t.length /
			2));
		Files.delete(tif);
		Files.write(dir.resolve("empty.csv"), new byte[0]);
		corrupt = Files.write(dir.resolve("corrupt.png"), new byte[] { (byte) 0x89, 'P', 'N', 'G', 13,
			10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0 });
		cifar = Files.write(dir.resolve("data_batch_1.bin"), new byte[3073 * 2 + 1]);
		Files.write(dir.resolve("three-labels.txt"), List.of("x", "y", "z"));
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

	private static List<Case> cases() {
		final Path missing = dir.resolve("no-such-folder");
		final Path nofile = dir.resolve("no-such-file.onnx");
		final List<Case> l = new ArrayList<>();
		// --threads on every subcommand that takes it
		for (final String[] sub : new String[][] { { "convolve", "--kernel", "box" }, { "correlate",
			"--kernel", "box" }, { "pool" }, { "augment" } })
		{
			for (final String t : new String[] { "0", "32768", "99999999999" }) {
				final List<String> args = new ArrayList<>(List.of(sub));
				args.addAll(List.of("--threads", t, image.toString(), dir.resolve("o.csv").toString()));
				l.add(c(sub[0] + " --threads " + t, args.toArray(new String[0]), "--threads", "'" + t + "'",
					"1 to 32767"));
			}
		}
		for (final String t : new String[] { "0", "32768", "99999999999" }) {
			l.add(c("train --threads " + t, a("train", "--training-data", data, "--architecture",
				"flatten, dense(4), softmax", "--epochs", "1", "--threads", t, "--model", dir.resolve(
					"t.onnx")), "--threads", "'" + t + "'", "1 to 32767"));
			l.add(c("evaluate --threads " + t, a("evaluate", "--model", model, "--test-data", data,
				"--threads", t), "--threads", "'" + t + "'", "1 to 32767"));
			l.add(c("predict --threads " + t, a("predict", "--model", model, "--threads", t, folder),
				"--threads", "'" + t + "'", "1 to 32767"));
			l.add(c("bench --threads " + t, a("bench", "--threads", t, "--size", "8", "--kernels", "3x3",
				"--reps", "1", "--warmup", "0", "--warmup-ms", "0", "--no-floor", "--no-imageplus",
				"--no-pool"), "--threads", "'" + t + "'", "1 to 32767"));
		}
		// booleans
		l.add(c("correlate --normalize=maybe", a("correlate", "--kernel", "box", "--normalize=maybe",
			image, dir.resolve("o.csv")), "--normalize", "'maybe'", "true or false"));
		l.add(c("augment --preview=maybe", a("augment", "--preview=maybe", image, dir.resolve("o.tif")),
			"--preview", "'maybe'", "true or false"));
		// import and predict of imported classifiers: labels, outputs, preprocessing
		final Path three = dir.resolve("three-labels.txt"), imp = dir.resolve("imported.onnx");
		l.add(c("import --model missing", a("import", "--model", nofile, "--output", imp),
			"error: --model: '" + nofile + "' does not exist"));
		l.add(c("import --output = --model", a("import", "--model", model, "--output", model),
			"--output", "'" + model + "'", "is also --model", "would replace the input"));
		l.add(c("import --output in a missing folder", a("import", "--model", model, "--output",
			missing.resolve("o.onnx")), "--output", "'" + missing + "'", "does not exist"));
		l.add(c("import --labels count", a("import", "--model", model, "--output", imp, "--labels",
			three), "--labels", "'" + three + "'", "3 names", "4 outputs", "one name per line"));
		l.add(c("import --labels missing", a("import", "--model", model, "--output", imp, "--labels",
			dir.resolve("no-labels.txt")), "--labels", "no-labels.txt' does not exist"));
		l.add(c("import --mean 1,2", a("import", "--model", model, "--output", imp, "--mean", "1,2"),
			"--mean", "'1,2'", "1 numbers (one per channel)"));
		l.add(c("import --resize-size -3", a("import", "--model", model, "--output", imp,
			"--resize-size", "-3"), "--resize-size", "'-3'", "auto, 0"));
		l.add(c("predict --labels count", a("predict", "--model", model, "--labels", three, folder),
			"--labels", "'" + three + "'", "3 names", "4 outputs"));
		l.add(c("predict --labels missing", a("predict", "--model", model, "--labels", dir.resolve(
			"no-labels.txt"), folder), "--labels", "no-labels.txt' does not exist"));
		l.add(c("predict --preprocess torch", a("predict", "--model", model, "--preprocess", "torch",
			folder), "--preprocess", "'torch'", "model", "none"));
		l.add(c("predict --raw in a missing folder", a("predict", "--model", model, "--raw", missing
			.resolve("r.csv"), folder), "--raw", "'" + missing + "'", "does not exist"));
		// model files: missing, a folder
		for (final String sub : new String[] { "evaluate", "predict", "info" }) {
			final List<String> tail = sub.equals("evaluate") ? List.of("--test-data", data.toString())
				: sub.equals("predict") ? List.of(folder.toString()) : List.of();
			final List<String> m1 = new ArrayList<>(List.of(sub, "--model", nofile.toString()));
			m1.addAll(tail);
			l.add(c(sub + " --model missing", m1.toArray(new String[0]), "error: --model: '" + nofile +
				"' does not exist"));
			final List<String> m2 = new ArrayList<>(List.of(sub, "--model", folder.toString()));
			m2.addAll(tail);
			l.add(c(sub + " --model folder", m2.toArray(new String[0]), "--model", "'" + folder + "'",
				"folder"));
		}
		// training data
		l.add(c("train two-byte gzip", a("train", "--training-data", twoByteGzip, "--architecture",
			"flatten, dense(4), softmax", "--epochs", "1", "--model", dir.resolve("t.onnx")),
			"--training-data", twoByteGzip.toString(), "truncated"));
		l.add(c("train --data-format bogus", a("train", "--training-data", data, "--data-format",
			"bogus", "--model", dir.resolve("t.onnx")), "--data-format", "'bogus'", "idx, cifar10"));
		l.add(c("train cifar10 of the wrong length", a("train", "--training-data", cifar,
			"--data-format", "cifar10", "--architecture", "flatten, dense(10), softmax", "--epochs", "1",
			"--model", dir.resolve("t.onnx")), "--training-data", cifar.toString(), "3073"));
		// outputs in a missing folder: refused, never created
		l.add(c("convolve output in a missing folder", a("convolve", "--kernel", "box", image, missing
			.resolve("o.csv")), missing.toString(), "does not exist"));
		l.add(c("pool output in a missing folder", a("pool", image, missing.resolve("o.tif")), missing
			.toString(), "does not exist"));
		l.add(c("augment output in a missing folder", a("augment", image, missing.resolve("o.tif")),
			missing.toString(), "does not exist"));
		l.add(c("train --model in a missing folder", a("train", "--training-data", data,
			"--architecture", "flatten, dense(4), softmax", "--epochs", "1", "--model", missing.resolve(
				"t.onnx")), "--model", missing.toString(), "does not exist"));
		l.add(c("train --metrics in a missing folder", a("train", "--training-data", data,
			"--architecture", "flatten, dense(4), softmax", "--epochs", "1", "--model", dir.resolve(
				"t.onnx"), "--metrics", missing.resolve("m.json")), "--metrics", missing.toString(),
			"does not exist"));
		l.add(c("predict --out in a missing folder", a("predict", "--model", model, "--out", missing
			.resolve("p.csv"), folder), "--out", missing.toString(), "does not exist"));
		// augment --preview that cannot be written: the stack must not be left behind
		l.add(c("augment unwritable preview", a("augment", "--preview", "--count", "2", image, dir
			.resolve("blocked.tif")), dir.resolve("blocked-preview.tif").toString(), "folder"));
		// shards
		for (final String s : new String[] { "3/3", "-1/2", "1/0", "x" }) {
			l.add(c("predict --shard " + s, a("predict", "--model", model, "--shard", s, folder),
				"--shard", "'" + s + "'", "I/N"));
			l.add(c("pool --shard " + s, a("pool", "--shard", s, folder, dir.resolve("pooled")),
				"--shard", "'" + s + "'", "I/N"));
		}
		// other option values of the generated subcommands
		l.add(c("pool --size 0", a("pool", "--size", "0", image, dir.resolve("o.csv")), "--size", "0",
			">= 1"));
		l.add(c("augment --count 0", a("augment", "--count", "0", image, dir.resolve("o.tif")),
			"--count", "0", "minimum 1"));
		l.add(c("predict --top-k 0", a("predict", "--model", model, "--top-k", "0", folder), "--top-k",
			"0", "minimum 1"));
		l.add(c("train --epochs 0", a("train", "--training-data", data, "--epochs", "0", "--model",
			dir.resolve("t.onnx")), "--epochs", "0", "minimum 1"));
		l.add(c("train --progress-every 0", a("train", "--training-data", data, "--progress-every",
			"0", "--model", dir.resolve("t.onnx")), "--progress-every", "0", ">= 1"));
		l.add(c("convolve --kernel-file missing", a("convolve", "--kernel-file", dir.resolve(
			"k.txt"), image, dir.resolve("o.csv")), "--kernel-file", dir.resolve("k.txt").toString(),
			"no such file"));
		l.add(c("convolve missing INPUT", a("convolve", "--kernel", "box", dir.resolve("none.csv"), dir
			.resolve("o.csv")), dir.resolve("none.csv").toString(), "no such file"));
		l.add(c("convolve unknown output format", a("convolve", "--kernel", "box", image, dir.resolve(
			"o.xyz")), "'.xyz'", "accepted"));
		l.add(c("convolve --threads x", a("convolve", "--kernel", "box", "--threads", "x", image, dir
			.resolve("o.csv")), "--threads", "'x'", "1 to 32767"));
		final Path notOnnx = dir.resolve("in.csv");
		l.add(c("info --model not an ONNX file", a("info", "--model", notOnnx), "--model", notOnnx
			.toString()));
		l.add(c("evaluate two-byte gzip", a("evaluate", "--model", model, "--test-data", twoByteGzip),
			"--test-data", twoByteGzip.toString(), "truncated"));
		l.add(c("evaluate --test-data missing", a("evaluate", "--model", model, "--test-data", dir
			.resolve("nodata")), "--test-data", dir.resolve("nodata").toString()));
		l.add(c("train --training-data missing", a("train", "--training-data", dir.resolve("nodata"),
			"--model", dir.resolve("t.onnx")), "--training-data", dir.resolve("nodata").toString()));
		l.add(c("train --resume missing", a("train", "--training-data", data, "--resume", dir.resolve(
			"nock.onnx"), "--model", dir.resolve("t.onnx")), "--resume", dir.resolve("nock.onnx")
				.toString()));
		l.add(c("train --checkpoint is a file", a("train", "--training-data", data, "--architecture",
			"flatten, dense(4), softmax", "--epochs", "1", "--checkpoint", image, "--model", dir.resolve(
				"t.onnx")), "--checkpoint", image.toString(), "folder"));
		l.add(c("train --architecture bad", a("train", "--training-data", data, "--architecture",
			"flatten, frobnicate, dense(4), softmax", "--epochs", "1", "--model", dir.resolve("t.onnx")),
			"--architecture", "frobnicate"));
		l.add(c("train --model is a folder", a("train", "--training-data", data, "--architecture",
			"flatten, dense(4), softmax", "--epochs", "1", "--model", folder), "--model", folder
				.toString(), "folder"));
		l.add(c("correlate output in a missing folder", a("correlate", "--kernel", "box", image,
			missing.resolve("o.tif")), missing.toString(), "does not exist"));
		l.add(c("convolve --kernel and --kernel-file", a("convolve", "--kernel", "box", "--kernel-file",
			image, image, dir.resolve("o.csv")), "--kernel", "--kernel-file"));
		l.add(c("convolve --kernel-file is a folder", a("convolve", "--kernel-file", folder, image, dir
			.resolve("o.csv")), "--kernel-file", folder.toString()));
		l.add(c("convolve output is a folder", a("convolve", "--kernel", "box", image, folder), folder
			.toString(), "accepted"));
		l.add(c("convolve --kernel bad", a("convolve", "--kernel", "1 2; 3", image, dir.resolve(
			"o.csv")), "--kernel"));
		l.add(c("pool --op median", a("pool", "--op", "median", image, dir.resolve("o.csv")), "--op",
			"'median'", "max, avg"));
		l.add(c("augment --fill-mode bounce", a("augment", "--fill-mode", "bounce", image, dir.resolve(
			"o.tif")), "--fill-mode", "'bounce'", "nearest"));
		l.add(c("augment --zoom-range x", a("augment", "--zoom-range", "x", image, dir.resolve(
			"o.tif")), "--zoom-range", "'x'"));
		l.add(c("truncated TIFF", a("pool", truncatedTiff, dir.resolve("o.csv")), truncatedTiff
			.toString()));
		l.add(c("missing option value", a("pool", "--size"), "--size"));
		l.add(c("unknown option", a("pool", "--bogus", image, dir.resolve("o.csv")), "--bogus"));
		final Path empty = dir.resolve("empty.csv");
		l.add(c("pool an empty file", a("pool", empty, dir.resolve("o.csv")), empty.toString()));
		l.add(c("predict a corrupt image", a("predict", "--model", model, corrupt), corrupt.toString()));
		l.add(c("evaluate --batch-size 0", a("evaluate", "--model", model, "--test-data", data,
			"--batch-size", "0"), "--batch-size", "0", "minimum 1"));
		l.add(c("train --validation-split 2", a("train", "--training-data", data, "--validation-split",
			"2", "--model", dir.resolve("t.onnx")), "--validation-split", "2", "1"));
		l.add(c("train --lr bogus", a("train", "--training-data", data, "--lr", "bogus", "--model", dir
			.resolve("t.onnx")), "--lr", "'bogus'"));
		l.add(c("train --optimizer bogus", a("train", "--training-data", data, "--optimizer", "bogus",
			"--model", dir.resolve("t.onnx")), "--optimizer", "'bogus'", "adam"));
		l.add(c("train --image-size bogus", a("train", "--training-data", data, "--image-size", "0x3",
			"--model", dir.resolve("t.onnx")), "--image-size", "0x3"));
		l.add(c("train --batch-size 99999999999", a("train", "--training-data", data, "--batch-size",
			"99999999999", "--model", dir.resolve("t.onnx")), "--batch-size", "99999999999"));
		l.add(c("augment --brightness-range bad", a("augment", "--brightness-range", "2,1", image, dir
			.resolve("o.tif")), "--brightness-range", "[2, 1]", "min <= max"));
		// CLI-only subcommands
		l.add(c("kernels --bogus", a("kernels", "--bogus"), "--bogus"));
		l.add(c("demo --epochs 0", a("demo", "--epochs", "0", "--output", dir.resolve("demo")),
			"--epochs", "0", "1 to 100"));
		l.add(c("demo --train-images 9999", a("demo", "--train-images", "9999", "--output", dir
			.resolve("demo")), "--train-images", "9999", "1 to 5000"));
		l.add(c("bench --reps 0", a("bench", "--reps", "0"), "--reps", "0", ">= 1"));
		l.add(c("bench --kernels 7x7", a("bench", "--kernels", "7x7", "--size", "8", "--reps", "1"),
			"--kernels", "'7x7'", "3x3"));
		l.add(c("macro missing file", a("macro", dir.resolve("none.ijm")), dir.resolve("none.ijm")
			.toString(), "no such file"));
		l.add(c("unknown subcommand", a("blur"), "'blur'", "convolve"));
		return l;
	}

	@TestFactory
	Stream<DynamicTest> everyBadInputGivesOneLineAndLeavesNothing() {
		return cases().stream().map(k -> DynamicTest.dynamicTest(k.name(), () -> check(k.args(), k
			.expected())));
	}

	/** Runs {@code args} and checks the one-line error and the unchanged folder. */
	static void check(final String[] args, final String... expected) throws IOException {
		final TreeSet<String> before = listing(dir);
		final CliTest.Result r = CliTest.cli(args);
		final String what = String.join(" ", args) + "\n  exit " + r.rc() + ", stderr:\n" + r.err();
		assertTrue(r.rc() == 2, "exit 2 expected: " + what);
		final String err = r.err().replace("\r\n", "\n");
		assertTrue(err.endsWith("\n") && err.indexOf('\n') == err.length() - 1,
			"exactly one line on stderr: " + what);
		assertTrue(err.startsWith("error: "), "starts with 'error: ': " + what);
		for (final String s : new String[] { "Exception", "\tat ", "invalid input", "internal error" })
			assertTrue(!err.contains(s), "no '" + s + "': " + what);
		for (final String e : expected)
			assertTrue(err.contains(e), "names '" + e + "': " + what);
		final TreeSet<String> after = listing(dir);
		assertTrue(before.equals(after), "folder unchanged: " + what + "\n  before " + before +
			"\n  after  " + after);
	}

	/** Every file and folder under {@code root}, hidden ones included. */
	static TreeSet<String> listing(final Path root) throws IOException {
		try (Stream<Path> s = Files.walk(root)) {
			final TreeSet<String> t = new TreeSet<>();
			s.forEach(p -> t.add(root.relativize(p).toString()));
			return t;
		}
	}

	/**
	 * A failing macro gives our one line only: not ImageJ's "Macro Error" block (which ImageJ prints
	 * on the JVM's own stdout or stderr, not through the CLI's streams), nor the source line.
	 */
	@Test
	void aMacroErrorIsOneLineAndNoImageJBlock() throws IOException {
		final Path macro = Files.writeString(dir.resolve("bad.ijm"), "x = 1;\ny = nosuchvariable + 1;\n");
		final ByteArrayOutputStream sysOut = new ByteArrayOutputStream(), sysErr =
			new ByteArrayOutputStream();
		final PrintStream savedOut = System.out, savedErr = System.err;
		final CliTest.Result r;
		System.setOut(new PrintStream(sysOut, true, StandardCharsets.UTF_8));
		System.setErr(new PrintStream(sysErr, true, StandardCharsets.UTF_8));
		try {
			r = CliTest.cli("macro", macro.toString());
		}
		finally {
			System.setOut(savedOut);
			System.setErr(savedErr);
		}
		final String jvm = "OUT[" + sysOut.toString(StandardCharsets.UTF_8) + "]ERR[" + sysErr.toString(
			StandardCharsets.UTF_8) + "]";
		assertEquals(2, r.rc(), r.err());
		final String err = r.err().replace("\r\n", "\n");
		assertEquals(1, err.split("\n", -1).length - 1, "one line: " + err);
		assertTrue(err.startsWith("error: macro " + macro + " line 2: "), err);
		assertTrue(err.contains("nosuchvariable"), err);
		assertFalse(jvm.contains("Macro Error") || jvm.contains("nosuchvariable"), "printed by ImageJ: " +
			jvm);
	}

	/**
	 * Through {@code main} in a JVM of its own under {@code -Xmx1g} (with its relaunch for the Vector
	 * API, the JVM's own stderr and exit code): still exactly one line, for a bad option and for a
	 * failing macro.
	 */
	@Test
	void aForkedMainPrintsOneLine() throws Exception {
		final Path macro = Files.writeString(dir.resolve("forked.ijm"), "a = 1;\nb = undefinedthing;\n");
		final String[][] runs = { { "pool", "--threads", "32768", image.toString(), dir.resolve("f.csv")
			.toString() }, { "macro", macro.toString() } };
		final String[] expected = { "error: --threads: '32768' is not allowed: expected a whole number " +
			"from 1 to 32767", "error: macro " + macro + " line 2: Undefined variable (in: b = " +
				"undefinedthing;)" };
		for (int i = 0; i < runs.length; i++) {
			final TreeSet<String> before = listing(dir);
			final List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
				"java").toString(), "-Xmx1g", "-cp", System.getProperty("java.class.path"), Main.class
					.getName()));
			cmd.addAll(List.of(runs[i]));
			final Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			final String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
				.replace("\r\n", "\n");
			assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "within 60 s");
			assertEquals(2, p.exitValue(), err);
			assertEquals(expected[i] + "\n", err);
			assertEquals(before, listing(dir));
		}
	}

	/** An allocation no check foresaw (bench's image under a small heap): one line, no trace. */
	@Test
	void outOfMemoryIsOneLine() throws Exception {
		final List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java")
			.toString(), "-Xmx64m", "-Dconvnetij.relaunch=false", "-cp", System.getProperty(
				"java.class.path"), Main.class.getName(), "bench", "--size", "16384", "--threads", "1",
			"--reps", "1", "--kernels", "3x3", "--no-floor", "--no-imageplus", "--no-pool");
		final Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		final String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "within 60 s");
		assertEquals(2, p.exitValue(), err);
		assertTrue(err.startsWith("error: out of memory (the Java heap holds at most ") && err.endsWith(
			"-Xmx\n") && err.indexOf('\n') == err.length() - 1, err);
	}

	/** Model, checkpoint and metrics writers never create a missing parent folder. */
	@Test
	void onnxWritesRefuseAMissingFolder() throws IOException {
		final Path target = dir.resolve("absent").resolve("x.json");
		final IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
			() -> io.github.convnetij.nn.onnx.Onnx.writeAtomically(target, os -> os.write(1)));
		assertTrue(e.getMessage().contains(dir.resolve("absent").toString()) && e.getMessage().contains(
			"does not exist"), e.getMessage());
		assertFalse(Files.exists(dir.resolve("absent")), "folder created");
	}

	/** Memory advice fits the front end: {@code -Xmx} on the CLI, not a Fiji menu. */
	@Test
	void memoryAdviceOnTheCommandLineIsXmx() throws Exception {
		final java.lang.reflect.Method check = Class.forName(
			"io.github.convnetij.command.CommandSupport").getDeclaredMethod("checkMemory", String.class,
				long.class, long.class);
		check.setAccessible(true);
		final long huge = Long.MAX_VALUE / 64;
		final Throwable t = org.junit.jupiter.api.Assertions.assertThrows(
			java.lang.reflect.InvocationTargetException.class, () -> check.invoke(null, "big.tif", huge,
				huge)).getCause();
		// the command's own words give the need and the heap, no front end's advice
		assertTrue(t.getMessage().contains("Java heap"), t.getMessage());
		assertFalse(t.getMessage().contains("Edit>Options") || t.getMessage().contains("-Xmx"), t
			.getMessage());
		final String cli = Cli.userMessage(t);
		assertTrue(cli.contains("-Xmx"), cli);
		assertFalse(cli.contains("Edit>Options"), cli);
		assertFalse(cli.contains("stack=[this slice]"), cli);
		assertTrue(cli.contains("--stack \"this slice\""), cli);
		// the core's heap checks name the need and the heap; the CLI adds its advice
		final IllegalArgumentException heap = org.junit.jupiter.api.Assertions.assertThrows(
			IllegalArgumentException.class, () -> io.github.convnetij.compute.HeapBudget.require(
				Long.MAX_VALUE / 4, "a test tensor"));
		assertTrue(heap.getMessage().contains("Java heap") && !heap.getMessage().contains("-Xmx"), heap
			.getMessage());
		assertTrue(Cli.userMessage(heap).endsWith("(or run java with a larger -Xmx)"), Cli.userMessage(
			heap));
		// a message of the Fiji bridge (a macro run by the CLI) gets the CLI's advice instead
		final String fiji = heap.getMessage() + " (give Java more memory: Edit>Options>Memory & " +
			"Threads...)";
		assertEquals(heap.getMessage() + " (or run java with a larger -Xmx)", Cli.forCli(fiji));
	}
}
