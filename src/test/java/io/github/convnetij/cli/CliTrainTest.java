package io.github.convnetij.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import io.github.convnetij.nn.data.Idx;
import io.github.convnetij.nn.data.IdxArray;
import io.github.convnetij.nn.data.TestIdx;
import io.github.convnetij.nn.onnx.Json;
import io.github.convnetij.nn.onnx.ModelFile;
import io.github.convnetij.nn.onnx.Onnx;
import io.github.convnetij.nn.onnx.OnnxModel;
import io.github.convnetij.nn.train.Checkpoint;
import picocli.CommandLine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code train} and {@code evaluate} subcommands end to end on generated IDX files, with the
 * error handling of {@link Main#run}: a user error is one line on stderr and exit code 2.
 */
class CliTrainTest {

	static final String ARCH = "conv(6,3,pad=same), relu, maxpool(2), flatten, dense(4), softmax";

	@TempDir
	Path dir;

	/** Exit code, stdout, stderr of one run. */
	record Result(int rc, String out, String err) {}

	/** Runs a subcommand with Main's handling of errors. */
	static Result run(final Callable<Integer> command, final String... args) {
		final StringWriter out = new StringWriter(), err = new StringWriter();
		final CommandLine cl = new CommandLine(command);
		final PrintWriter e = new PrintWriter(err, true);
		cl.setOut(new PrintWriter(out, true));
		cl.setErr(e);
		cl.setParameterExceptionHandler((ex, a) -> {
			e.println("error: " + Cli.oneLine(String.valueOf(ex.getMessage())));
			return Cli.BAD_INPUT;
		});
		cl.setExecutionExceptionHandler((ex, c, p) -> {
			final String message = Cli.userMessage(ex);
			if (message == null) throw ex;
			e.println("error: " + message);
			return Cli.BAD_INPUT;
		});
		final int rc = cl.execute(args);
		return new Result(rc, out.toString(), err.toString());
	}

	static Result train(final String... args) {
		return through("train", args);
	}

	static Result evaluate(final String... args) {
		return through("evaluate", args);
	}

	/** Through the CLI's main, as users run it (the generated subcommand). */
	static Result through(final String subcommand, final String... args) {
		final String[] all = new String[args.length + 1];
		all[0] = subcommand;
		System.arraycopy(args, 0, all, 1, args.length);
		final CliTest.Result r = CliTest.cli(all);
		return new Result(r.rc(), r.out(), r.err());
	}

	/** A folder with train-* (gzip) and t10k-* (raw) pairs of 10x10 images in 4 classes. */
	Path data() throws Exception {
		final Path d = Files.createDirectories(dir.resolve("data"));
		TestIdx.write(d, "train", 160, 10, 10, 4, 1, true);
		TestIdx.write(d, "t10k", 40, 10, 10, 4, 2, false);
		return d;
	}

	@Test
	void trainsTestsWritesModelMetricsCheckpointAndEvaluates() throws Exception {
		final Path data = data(), model = dir.resolve("out/m.onnx"), metrics = dir.resolve(
			"m.json"), ck = dir.resolve("ck");
		Files.createDirectories(model.getParent()); // an output's folder must exist; --checkpoint DIR is created
		final Result r = train("--training-data", data.toString(), "--architecture", ARCH, "--epochs",
			"3", "--batch-size", "16", "--lr", "0.003", "--seed", "1", "--threads", "2", "--model", model
				.toString(), "--metrics", metrics.toString(), "--checkpoint", ck.toString(),
			"--progress-every", "5");
		assertEquals(0, r.rc(), r.err());
		assertTrue(r.out().contains("training on 160 images of 1 x 10 x 10") && r.out().contains(
			"testing on 40"), r.out());
		assertTrue(r.out().matches("(?s).*epoch 1/3  batch 5/10  \\d+ images/s  loss \\d\\.\\d{4}  " +
			"accuracy \\d\\.\\d{4}  ETA \\d+s.*"), r.out());
		assertTrue(r.out().matches("(?s).*epoch 3: loss \\d\\.\\d{4}, accuracy \\d\\.\\d{4}, " +
			"test accuracy \\d\\.\\d{4} \\(loss \\d\\.\\d{4}\\), \\d+ images/s, .*"), r.out());
		assertTrue(r.out().contains("model written to " + model), r.out());
		final ModelFile m = ModelFile.load(model);
		assertEquals(ModelFile.numberedClasses(4), m.classes());
		assertEquals(3, m.history().size());
		assertEquals(ARCH, m.network().architecture());
		final List<Object> json = Json.array(Json.parse(Files.readString(metrics)), "metrics");
		assertEquals(3, json.size());
		@SuppressWarnings("unchecked")
		final Map<String, Object> last = (Map<String, Object>) json.get(2);
		for (final String key : new String[] { "epoch", "loss", "accuracy", "test_accuracy",
			"images_per_s" })
			assertTrue(last.containsKey(key), key + " in " + last);
		final double testAccuracy = ((Number) last.get("test_accuracy")).doubleValue();
		assertTrue(testAccuracy >= 0.9, last.toString());
		assertTrue(Files.exists(ck.resolve(Checkpoint.FILE_NAME)));
		final Result e = evaluate("--model", model.toString(), "--test-data", data.toString());
		assertEquals(0, e.rc(), e.err());
		assertTrue(e.out().startsWith(String.format(java.util.Locale.ROOT, "accuracy: %.4f\n",
			testAccuracy)), e.out());
		assertTrue(e.out().contains("confusion matrix (rows: actual class, columns: predicted class):" +
			"\nactual \\ predicted     0     1     2     3\n0 "), e.out());
		assertEquals(4 + 5, e.out().split("\n").length);
	}

	@Test
	void defaultArchitectureAndSgd() throws Exception {
		final Path data = data(), model = dir.resolve("d.onnx");
		final Result r = train("--training-data", data.resolve("train-images-idx3-ubyte.gz").toString(),
			"--epochs", "1", "--optimizer", "momentum", "--validation-split", "0.25", "--model", model
				.toString());
		assertEquals(0, r.rc(), r.err());
		assertTrue(r.out().contains("network: conv(32,3,pad=same), relu, maxpool(2), flatten, " +
			"dense(128), relu, dense(4), softmax"), r.out());
		assertTrue(r.out().contains("sgd(lr=0.01, momentum=0.9)"), r.out());
		assertTrue(r.out().contains("validation split: 40 images held out, 120 trained on"), r.out());
		assertTrue(r.out().contains("validation accuracy"), r.out());
		assertFalse(r.out().contains("testing on"), "a file as --training-data has no test pair");
		assertTrue(Files.exists(model));
	}

	@Test
	void resumeContinuesExactly() throws Exception {
		final Path data = data();
		final String[] common = { "--training-data", data.toString(), "--architecture", ARCH,
			"--batch-size", "16", "--seed", "3", "--optimizer", "adam" };
		final Result straight = train(concat(common, "--epochs", "2", "--model", dir.resolve("a.onnx")
			.toString()));
		assertEquals(0, straight.rc(), straight.err());
		final Path ck = dir.resolve("ck");
		final Result first = train(concat(common, "--epochs", "1", "--checkpoint", ck.toString(),
			"--model", dir.resolve("b1.onnx").toString()));
		assertEquals(0, first.rc(), first.err());
		final Path metrics = dir.resolve("b.json");
		final Result resumed = train("--training-data", data.toString(), "--resume", ck.resolve(
			Checkpoint.FILE_NAME).toString(), "--epochs", "2", "--model", dir.resolve("b.onnx")
				.toString(), "--metrics", metrics.toString());
		assertEquals(0, resumed.rc(), resumed.err());
		assertTrue(resumed.out().contains("resuming at epoch 2 of 2"), resumed.out());
		final OnnxModel a = Onnx.read(dir.resolve("a.onnx")), b = Onnx.read(dir.resolve("b.onnx"));
		assertEquals(a.graph().initializers(), b.graph().initializers());
		assertEquals(a.metadata().get(ModelFile.ARCHITECTURE), b.metadata().get(
			ModelFile.ARCHITECTURE));
		assertEquals(2, Json.array(Json.parse(Files.readString(metrics)), "m").size());
		// a setting that differs from the checkpoint's
		final Result bad = train("--training-data", data.toString(), "--resume", ck.resolve(
			Checkpoint.FILE_NAME).toString(), "--epochs", "2", "--batch-size", "8", "--model", dir
				.resolve("c.onnx").toString());
		assertEquals(2, bad.rc(), bad.err());
		assertTrue(bad.err().contains("batch size 8 differs from the checkpoint's 16"), bad.err());
		assertFalse(Files.exists(dir.resolve("c.onnx")));
	}

	@Test
	void badInputsExit2WithOneLineAndWriteNothing() throws Exception {
		final Path data = data();
		final IdxArray[] a = TestIdx.make(20, 10, 10, 4, 1);
		final Path bad = Files.createDirectories(dir.resolve("bad"));
		// wrong magic number
		Files.write(bad.resolve("x-images-idx3-ubyte"), new byte[] { (byte) 0x89, 'P', 'N', 'G', 0,
			0, 0, 0 });
		Idx.write(bad.resolve("x-labels-idx1-ubyte"), a[1], false);
		expectError("magic number 0x89504E47 found, expected 0x000008nn", "--training-data", bad
			.toString());
		// truncated
		final byte[] raw = Files.readAllBytes(data.resolve("t10k-images-idx3-ubyte"));
		Files.write(bad.resolve("x-images-idx3-ubyte"), Arrays.copyOf(raw, raw.length - 100));
		Idx.write(bad.resolve("x-labels-idx1-ubyte"), new IdxArray(new int[] { 40 }, new byte[40]),
			false);
		expectError("truncated", "--training-data", bad.toString());
		// labels/images count mismatch
		Idx.write(bad.resolve("x-images-idx3-ubyte"), a[0], false);
		expectError("40 labels but", "--training-data", bad.toString());
		// empty
		Idx.write(bad.resolve("x-images-idx3-ubyte"), new IdxArray(new int[] { 0, 10, 10 },
			new byte[0]), false);
		Idx.write(bad.resolve("x-labels-idx1-ubyte"), new IdxArray(new int[] { 0 }, new byte[0]),
			false);
		expectError("holds no image data", "--training-data", bad.toString());
		// a missing pair, an unknown layer, a bad number, the model a folder
		expectError("--training-data: '" + dir.resolve("nothing") + "' does not exist",
			"--training-data", dir.resolve("nothing").toString());
		expectError("--architecture: layer 2 'relux'", "--training-data", data.toString(),
			"--architecture", "conv(4,3), relux, flatten, dense(4), softmax");
		expectError("--batch-size: 0 is less than the minimum 1", "--training-data", data.toString(),
			"--batch-size", "0");
		expectError("--lr: learning rate -1.0 is not allowed", "--training-data", data.toString(),
			"--lr", "-1");
		expectError("--optimizer: unknown optimizer 'rmsprop'", "--training-data", data.toString(),
			"--optimizer", "rmsprop");
		expectError("--validation-split: 1.5 is more than the maximum 1", "--training-data", data.toString(),
			"--validation-split", "1.5");
		expectError("--threads: '0' is not allowed", "--training-data", data.toString(), "--threads",
			"0");
		final Result folder = train("--training-data", data.toString(), "--model", dir.toString());
		assertEquals(2, folder.rc());
		assertTrue(folder.err().contains("--model: '" + dir + "' is a folder"), folder.err());
		// evaluate: a model for other images, a file that is no model
		final Path model = dir.resolve("small.onnx");
		assertEquals(0, train("--training-data", data.toString(), "--architecture", ARCH, "--epochs",
			"1", "--resize", "none", "--model", model.toString()).rc());
		final Path big = Files.createDirectories(dir.resolve("big"));
		TestIdx.write(big, "t10k", 5, 12, 12, 4, 1, false);
		final Result e = evaluate("--model", model.toString(), "--test-data", big.toString());
		assertEquals(2, e.rc());
		// the model records resize=none: refused, naming both sizes
		assertTrue(e.err().startsWith("error: --test-data: ") && e.err().contains("is 12x12 but the images " +
			"are 10x10"), e.err());
		final Result notModel = evaluate("--model", data.resolve("t10k-images-idx3-ubyte").toString(),
			"--test-data", data.toString());
		assertEquals(2, notModel.rc());
		assertTrue(notModel.err().startsWith("error: --model: '"), notModel.err());
		assertEquals(1, notModel.err().strip().split("\n").length, notModel.err());
	}

	/** A train run that fails with exit code 2, one line containing {@code expected}, no files. */
	private void expectError(final String expected, final String... args) throws Exception {
		final Path out = Files.createDirectories(dir.resolve("out-" + Math.abs(expected.hashCode())));
		final Result r = train(concat(args, "--model", out.resolve("m.onnx").toString(), "--metrics",
			out.resolve("m.json").toString(), "--checkpoint", out.resolve("ck").toString()));
		assertEquals(2, r.rc(), r.out() + r.err());
		assertTrue(r.err().startsWith("error: ") && r.err().contains(expected), r.err());
		assertEquals(1, r.err().strip().split("\n").length, r.err());
		try (Stream<Path> s = Files.list(out)) {
			assertEquals(0, s.count(), "nothing written");
		}
		assertNotNull(r.out());
	}

	private static String[] concat(final String[] a, final String... b) {
		final String[] c = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, c, a.length, b.length);
		return c;
	}

	static String read(final Path p) throws Exception {
		return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
	}
}
