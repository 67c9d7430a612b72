package io.github.convnetij.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import io.github.convnetij.compute.Progress;
import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.data.IdxArray;
import io.github.convnetij.nn.data.ImageDatasets;
import io.github.convnetij.nn.data.TestIdx;
import io.github.convnetij.nn.onnx.ModelFile;
import io.github.convnetij.nn.predict.Predictions;
import io.github.convnetij.nn.train.Checkpoint;
import io.github.convnetij.nn.train.Evaluation;

/**
 * Train CNN, Predict with CNN, Evaluate CNN and CNN Model Info through SciJava's
 * {@link CommandService}, headless, with no image open.
 */
class CnnCommandsTest {

	static final String ARCH = "conv(4,3,pad=1), relu, maxpool(2), flatten, dense(4), softmax";

	private static Context context;
	private static CommandService cs;

	@TempDir
	Path dir;

	@BeforeAll
	static void start() {
		context = new Context(CommandService.class);
		cs = context.service(CommandService.class);
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	private static Map<String, Object> map(final Object... kv) {
		final Map<String, Object> m = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2)
			m.put((String) kv[i], kv[i + 1]);
		return m;
	}

	/** Through CommandService, as Fiji runs a command; fails on a cancel. */
	private static CommandModule run(final Class<? extends Command> c, final Object... kv)
		throws Exception
	{
		final CommandModule m = cs.run(c, true, map(kv)).get();
		if (m.isCanceled()) fail(m.getCancelReason());
		return m;
	}

	/** On this thread, so that exceptions and a Progress listener reach the test. */
	private static Module runHere(final Class<? extends Command> c, final Object... kv) {
		final Module m = context.service(ModuleService.class).createModule(cs.getCommand(c));
		for (final Map.Entry<String, Object> e : map(kv).entrySet()) {
			m.setInput(e.getKey(), e.getValue());
			m.resolveInput(e.getKey());
		}
		m.run();
		return m;
	}

	private Path data() throws Exception {
		final Path d = Files.createDirectories(dir.resolve("data"));
		TestIdx.write(d, "train", 160, 10, 10, 4, 1, true);
		TestIdx.write(d, "t10k", 40, 10, 10, 4, 2, false);
		return d;
	}

	private Path trained(final Path data) throws Exception {
		final Path model = dir.resolve("out/m.onnx");
		Files.createDirectories(model.getParent());
		run(TrainCnnCommand.class, "training_data", data.toFile(), "architecture", ARCH, "epochs", 3,
			"batch_size", 16, "lr", "0.003", "seed", 1L, "threads", 2, "model", model.toFile());
		return model;
	}

	@Test
	void trainWritesModelPlotAndTablesBesideIt() throws Exception {
		final Path data = data();
		final Path model = trained(data);
		final ModelFile m = ModelFile.load(model);
		assertEquals(3, m.history().size());
		assertEquals(ARCH, m.network().architecture());
		final ImagePlus plot = IJ.openImage(dir.resolve("out/m-training.png").toString());
		assertNotNull(plot, "the plot PNG");
		assertTrue(plot.getWidth() > 100);
		// the tables against an evaluation of the written model on the test pair
		final Evaluation e = Evaluation.of(m.network(), ImageDatasets.forTesting(data), 7);
		final List<String> perClass = Files.readAllLines(dir.resolve("out/m-per-class.csv"));
		assertEquals("class,images,correct,accuracy", perClass.get(0));
		final List<String> confusion = Files.readAllLines(dir.resolve("out/m-confusion.csv"));
		assertEquals("actual \\ predicted,0,1,2,3", confusion.get(0));
		for (int i = 0; i < 4; i++) {
			final int[] row = e.confusion()[i];
			int n = 0;
			for (final int v : row)
				n += v;
			final String[] pc = perClass.get(i + 1).split(",");
			assertEquals(Integer.toString(i), pc[0]);
			assertEquals(n, Integer.parseInt(pc[1]));
			assertEquals(row[i], Integer.parseInt(pc[2]));
			assertEquals(row[i] / (double) n, Double.parseDouble(pc[3]), 1e-3);
			final String[] cf = confusion.get(i + 1).split(",");
			for (int j = 0; j < 4; j++)
				assertEquals(row[j], (int) Double.parseDouble(cf[j + 1]), "confusion " + i + "," + j);
		}
	}

	/** The network's own top class of an 8-bit image, from v / 255f (the training scaling). */
	private static int argmax(final Network net, final byte[] px, final int offset, final int h,
		final int w)
	{
		final float[] x = new float[h * w];
		for (int i = 0; i < x.length; i++)
			x[i] = (px[offset + i] & 0xff) / 255f;
		final float[] p = net.predict(Tensor.of(x, 1, 1, h, w)).data();
		int best = 0;
		for (int j = 1; j < p.length; j++)
			if (p[j] > p[best]) best = j;
		return best;
	}

	@Test
	void predictOnAStackAndOnAFolder() throws Exception {
		final Path model = trained(data());
		final Network net = ModelFile.load(model).network();
		final IdxArray images = TestIdx.make(12, 10, 10, 4, 9)[0];
		final byte[] px = images.data();
		final ImageStack s = new ImageStack(10, 10);
		for (int i = 0; i < 12; i++) {
			final byte[] p = new byte[100];
			System.arraycopy(px, i * 100, p, 0, 100);
			s.addSlice(i % 3 == 0 ? null : "cell " + i + "\nmore", new ByteProcessor(10, 10, p));
		}
		final ImagePlus stack = new ImagePlus("stack.tif", s);
		PredictCnnCommand c = (PredictCnnCommand) run(PredictCnnCommand.class, "image", stack, "model",
			model.toFile(), "top_k", 2).getDelegateObject();
		List<Predictions.Row> rows = c.getRows();
		assertEquals(24, rows.size());
		for (int i = 0; i < 12; i++) {
			final Predictions.Row top = rows.get(2 * i), second = rows.get(2 * i + 1);
			assertEquals("stack.tif:" + (i % 3 == 0 ? Integer.toString(i + 1) : "cell " + i), top
				.image());
			assertEquals(1, top.rank());
			assertEquals(2, second.rank());
			assertEquals(Integer.toString(argmax(net, px, i * 100, 10, 10)), top.className());
			assertTrue(top.probability() >= second.probability());
		}
		assertEquals(List.of("image", "rank", "class", "probability"), List.of(c.getTable()
			.getHeadings()));
		assertEquals("stack.tif:cell 1", c.getTable().getStringValue("image", 2), "ImageJ table");
		assertEquals(rows.get(3).className(), c.getTable().getStringValue("class", 3));
		// a folder: every PNG, sorted by path; other files ignored
		final Path folder = Files.createDirectories(dir.resolve("new images"));
		for (final int i : new int[] { 5, 0, 11 })
			assertTrue(new ij.io.FileSaver(new ImagePlus("x", s.getProcessor(i + 1))).saveAsPng(folder
				.resolve("img" + i + ".png").toString()));
		Files.writeString(folder.resolve("notes.txt"), "not an image");
		c = (PredictCnnCommand) run(PredictCnnCommand.class, "model", model.toFile(), "top_k", 9,
			"input_folder", folder.toFile()).getDelegateObject();
		rows = c.getRows();
		assertEquals(12, rows.size(), "top_k clamped to the 4 classes");
		assertEquals(List.of("top_k 9 is more than the model's 4 classes: showing all 4"), c
			.getNotes());
		final int[] order = { 0, 11, 5 }; // img0, img11, img5
		for (int r = 0; r < 3; r++) {
			assertEquals(folder.resolve("img" + order[r] + ".png").toString(), rows.get(4 * r).image());
			assertEquals(Integer.toString(argmax(net, px, order[r] * 100, 10, 10)), rows.get(4 * r)
				.className());
		}
	}

	@Test
	void predictRefusesClearly() throws Exception {
		final Path model = trained(data());
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> runHere(
			PredictCnnCommand.class, "model", model.toFile()));
		assertEquals("image: no image given: open an image or give input_folder=<folder>", e
			.getMessage());
		// the model resizes (resize=bilinear, recorded in its preprocessing) but does not convert
		final ImagePlus big = new ImagePlus("big", new ij.process.ColorProcessor(12, 10));
		e = assertThrows(IllegalArgumentException.class, () -> runHere(PredictCnnCommand.class, "image",
			big, "model", model.toFile()));
		assertTrue(e.getMessage().contains("the image is 3 x 10 x 12 (channels x height x width) but " +
			"the model takes 1 x 10 x 10"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> runHere(PredictCnnCommand.class, "image",
			big, "model", dir.resolve("none.onnx").toFile()));
		assertTrue(e.getMessage().startsWith("model: '"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> runHere(PredictCnnCommand.class, "image",
			big, "model", model.toFile(), "top_k", 0));
		assertTrue(e.getMessage().startsWith("top_k: 0 is not allowed"), e.getMessage());
	}

	@Test
	void trainRefusesBadKeysBeforeWriting() throws Exception {
		final Path data = data();
		final Path out = Files.createDirectories(dir.resolve("bad"));
		final File m = out.resolve("m.onnx").toFile();
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> runHere(
			TrainCnnCommand.class, "training_data", data.toFile(), "lr", "fast", "model", m));
		assertEquals("lr: 'fast' is not a number: expected a number or auto", e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> runHere(TrainCnnCommand.class,
			"training_data", data.toFile(), "architecture", "conv(4,3), relux", "model", m));
		assertTrue(e.getMessage().startsWith("architecture: layer 2 'relux'"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> runHere(TrainCnnCommand.class,
			"training_data", dir.resolve("nothing").toFile(), "model", m));
		assertTrue(e.getMessage().startsWith("training_data: '"), e.getMessage());
		// a model in a missing folder is refused before training, and the folder is not created
		e = assertThrows(IllegalArgumentException.class, () -> runHere(TrainCnnCommand.class,
			"training_data", data.toFile(), "model", out.resolve("missing/m.onnx").toFile()));
		assertTrue(e.getMessage().startsWith("model: the folder '"), e.getMessage());
		assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
		try (var s = Files.list(out)) {
			assertEquals(0, s.count());
		}
	}

	@Test
	void cancelKeepsTheLastCheckpointAndWritesNoModel() throws Exception {
		final Path data = data();
		final Path model = dir.resolve("c.onnx"), ck = dir.resolve("ck");
		final AtomicBoolean stop = new AtomicBoolean();
		final List<Double> seen = new ArrayList<>();
		final Progress.Listener esc = new Progress.Listener() {

			@Override
			public void progress(final double done) {
				seen.add(done);
			}

			@Override
			public boolean cancelled() {
				// Esc once the first checkpoint exists
				if (Files.exists(ck.resolve(Checkpoint.FILE_NAME))) stop.set(true);
				return stop.get();
			}
		};
		final CancellationException e = assertThrows(CancellationException.class, () -> Progress.run(
			esc, () -> runHere(TrainCnnCommand.class, "training_data", data.toFile(), "architecture",
				ARCH, "epochs", 5, "batch_size", 16, "checkpoint", ck.toFile(), "model", model.toFile())));
		assertTrue(e.getMessage().startsWith("Train CNN cancelled after epoch 1: no model written; " +
			"the last checkpoint is "), e.getMessage());
		assertFalse(Files.exists(model));
		assertEquals(1, Checkpoint.load(ck.resolve(Checkpoint.FILE_NAME)).epoch());
	}

	@Test
	void modelInfoAndEvaluate() throws Exception {
		final Path data = data();
		final Path model = trained(data);
		final ModelFile m = ModelFile.load(model);
		final String info = (String) run(CnnModelInfoCommand.class, "model", model.toFile()).getOutput(
			"info");
		assertTrue(info.contains("parameters: " + m.network().numParameters() + "\n"), info);
		assertTrue(info.contains("input: 1 x 10 x 10 (channels x height x width)"), info);
		assertTrue(info.contains("classes (4): 0, 1, 2, 3"), info);
		assertTrue(info.matches("(?s).*conv\\S*\\s+conv\\s+\\[4, 10, 10\\]\\s+40\\n.*"), info);
		assertTrue(info.contains("training history (3 epochs):"), info);
		final String report = (String) run(EvaluateCnnCommand.class, "model", model.toFile(),
			"test_data", data.toFile()).getOutput("report");
		final Evaluation e = Evaluation.of(m.network(), ImageDatasets.forTesting(data), 5);
		assertTrue(report.startsWith(String.format(java.util.Locale.ROOT, "accuracy: %.4f\n", e
			.accuracy())), report);
		assertArrayEquals(e.confusion()[0], ((EvaluateCnnCommand) ((CommandModule) runHere(
			EvaluateCnnCommand.class, "model", model.toFile(), "test_data", data.toFile()))
				.getDelegateObject()).getEvaluation().confusion()[0]);
	}
}
