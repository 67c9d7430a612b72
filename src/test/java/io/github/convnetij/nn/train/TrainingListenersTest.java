package io.github.convnetij.nn.train;

import static io.github.convnetij.nn.train.TrainerTest.assertBitwise;
import static io.github.convnetij.nn.train.TrainerTest.data;
import static io.github.convnetij.nn.train.TrainerTest.net;
import static io.github.convnetij.nn.train.TrainerTest.train;
import static io.github.convnetij.nn.train.TrainerTest.weights;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.convnetij.compute.Progress;
import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.data.Dataset;
import io.github.convnetij.nn.data.DatasetOptions;
import io.github.convnetij.nn.data.Datasets;
import io.github.convnetij.nn.data.ImageDataset;
import io.github.convnetij.nn.data.Preprocessing;
import io.github.convnetij.nn.onnx.InputSpec;
import io.github.convnetij.nn.onnx.Json;
import io.github.convnetij.nn.onnx.ModelFile;
import io.github.convnetij.ops.augment.Augmentation;
import net.imglib2.parallel.Parallelization;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Augmentation on the fly, listeners, cancelling through compute.Progress, training from a stack. */
class TrainingListenersTest {

	@TempDir
	Path dir;

	static final Augmentation AUG = Augmentation.none().rotationRange(15).widthShiftRange(0.1)
		.heightShiftRange(1).zoomRange(0.1).horizontalFlip(true).brightnessRange(0.9, 1.1).noise(0.02);

	@Test
	void augmentationIsReproducibleAndResumesExactly() throws IOException {
		final ImageDataset train = data(60, 3);
		final TrainingConfig c = TrainingConfig.builder().epochs(3).batchSize(8).seed(4)
			.validationSplit(0.2).augmentation(AUG).checkpointDir(dir.resolve("a")).build();
		final Network a = net(TrainerTest.STATEFUL, 4);
		final TrainingResult ra = Parallelization.runWithNumThreads(1, () -> train(a, c, train, null,
			null, null));
		final Network a2 = net(TrainerTest.STATEFUL, 4);
		Parallelization.runWithNumThreads(2, () -> train(a2, c.toBuilder().checkpointDir(null).build(),
			train, null, null, null));
		assertBitwise(weights(a), weights(a2));
		// augmentation changes the weights
		final Network plain = net(TrainerTest.STATEFUL, 4);
		train(plain, c.toBuilder().augmentation(Augmentation.none()).checkpointDir(null).build(), train,
			null, null, null);
		assertFalse(java.util.Arrays.equals(weights(a).get(0), weights(plain).get(0)));
		// the settings are in the model and the checkpoint
		final String json = ra.model().metadata().get(ModelFile.AUGMENTATION);
		assertNotNull(json);
		assertEquals(AUG.describe(), Augmentation.fromMap(Json.object(Json.parse(json), "aug"))
			.describe());
		// cancelled after epoch 2, resumed: bitwise the uninterrupted run
		final Path ckB = dir.resolve("b");
		final AtomicInteger done = new AtomicInteger();
		final Network b = net(TrainerTest.STATEFUL, 4);
		final TrainingResult rb = train(b, c.toBuilder().checkpointDir(ckB).build(), train, null,
			new TrainingListener() {

				@Override
				public void onEpoch(final EpochMetrics m) {
					done.set(m.epoch());
				}
			}, () -> done.get() == 2);
		assertTrue(rb.cancelled());
		final Checkpoint cp = Checkpoint.load(ckB.resolve(Checkpoint.FILE_NAME));
		assertEquals(AUG.describe(), cp.config().augmentation().describe());
		final TrainingResult rc = new Trainer(cp.config().toBuilder().checkpointDir(ckB).build())
			.resume(cp, train, null, null, null);
		assertEquals(3, rc.completedEpochs());
		assertBitwise(weights(a), weights(rc.network()));
		// the final model of a resumed run: no optimizer state, no trainer state, the run's metadata
		assertTrue(rc.model().extraTensors().isEmpty());
		assertNull(rc.model().metadata().get(Checkpoint.KEY));
		assertEquals(json, rc.model().metadata().get(ModelFile.AUGMENTATION));
		assertEquals(3, rc.model().history().size());
		// resuming without the augmentation is refused
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new Trainer(cp.config().toBuilder().augmentation(Augmentation.none()).build()).resume(
				cp, train, null, null, null));
		assertTrue(e.getMessage().contains("augmentation none differs"), e.getMessage());
	}

	@Test
	void cancelThroughProgressKeepsTheLastCheckpointAndMakesNoModel() throws IOException {
		final ImageDataset train = data(64, 5);
		final Path ck = dir.resolve("ck");
		final TrainingConfig c = TrainingConfig.builder().epochs(3).batchSize(8).seed(1)
			.progressEvery(1).checkpointDir(ck).build();
		final AtomicBoolean stop = new AtomicBoolean();
		final byte[][] afterEpoch1 = new byte[1][];
		final List<Double> reported = new ArrayList<>();
		final TrainingListener l = new TrainingListener() {

			@Override
			public void onEpoch(final EpochMetrics m) {
				try {
					afterEpoch1[0] = Files.readAllBytes(ck.resolve(Checkpoint.FILE_NAME));
				}
				catch (final IOException e) {
					throw new java.io.UncheckedIOException(e);
				}
			}

			@Override
			public void onBatch(final Progress p) {
				if (p.epoch() == 2 && p.batch() == 3) stop.set(true);
			}
		};
		final Network n = net(TrainerTest.SMALL, 1);
		final TrainingResult r = io.github.convnetij.compute.Progress.run(
			new io.github.convnetij.compute.Progress.Listener() {

				@Override
				public void progress(final double done) {
					reported.add(done);
				}

				@Override
				public boolean cancelled() {
					return stop.get();
				}
			}, () -> train(n, c, train, null, l, null));
		assertTrue(r.cancelled());
		assertNull(r.model(), "a cancelled run makes no final model");
		assertEquals(1, r.completedEpochs());
		assertArrayEquals(afterEpoch1[0], Files.readAllBytes(ck.resolve(Checkpoint.FILE_NAME)));
		assertEquals(ck.resolve(Checkpoint.FILE_NAME), r.checkpoint());
		try (var s = Files.list(ck)) {
			assertEquals(1, s.count(), "only checkpoint.onnx, no temporary file");
		}
		assertFalse(reported.isEmpty());
		for (final double d : reported)
			assertTrue(d > 0 && d < 0.7, "progress " + d);
	}

	@Test
	void earlyStoppingAndCheckpointAreListeners() {
		final List<String> calls = new ArrayList<>();
		final TrainingState s = new TrainingState(TrainingConfig.builder().epochs(5).build(), null,
			null, new ArrayList<>(), 10, List.of(new TrainingListener() {

				@Override
				public void onCheckpoint(final Path file) {
					calls.add("checkpoint " + file);
				}
			}));
		s.epoch = 2;
		s.badEpochs = 2;
		new EarlyStopping(3).afterEpoch(s);
		assertFalse(s.stopped());
		s.badEpochs = 3;
		new EarlyStopping(3).afterEpoch(s);
		assertTrue(s.stopped());
		s.checkpointWritten(Path.of("x.onnx"));
		assertEquals(List.of("checkpoint x.onnx"), calls);
		assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(0));
	}

	@Test
	void trainsFromAStackWithSliceLabels() throws IOException {
		final Random rnd = new Random(2);
		final List<Object> planes = new ArrayList<>();
		final List<String> labels = new ArrayList<>();
		for (int s = 0; s < 40; s++) {
			final boolean bright = s % 2 == 0;
			final byte[] p = new byte[8 * 8];
			for (int k = 0; k < p.length; k++)
				p[k] = (byte) ((bright ? 150 : 20) + rnd.nextInt(80));
			planes.add(p);
			labels.add((bright ? "bright/" : "dark/") + "slice" + s);
		}
		final Dataset d = Datasets.fromPlanes(planes, 8, 8, labels, null, "stack", DatasetOptions
			.defaults());
		assertEquals(List.of("bright", "dark"), d.classNames());
		final Network net = Architectures.parse("conv(4,3,pad=same), relu, maxpool(2), flatten, dense(2), softmax",
			new int[] { 1, 8, 8 }, 2);
		net.initialize(3);
		final TrainingResult r = new Trainer(TrainingConfig.builder().epochs(8).batchSize(8)
			.learningRate(1e-2).seed(3).build()).train(net, d.classNames(), InputSpec.uint8(1, 8, 8), d,
				null, null, null);
		final Evaluation e = Evaluation.of(r.network(), d, 16);
		assertTrue(e.accuracy() >= 0.95, "accuracy " + e.accuracy());
		final Preprocessing p = Preprocessing.fromJson(r.model().metadata().get(
			ModelFile.PREPROCESSING));
		assertEquals(new Preprocessing(1, 8, 8, "bilinear", "none"), p);
		assertEquals(List.of("bright", "dark"), r.model().classes());
	}

	@Test
	void progressLogMetricsFileAndPlotSeries() throws IOException {
		final List<String> lines = new ArrayList<>();
		final Path metrics = dir.resolve("out/metrics.json");
		java.nio.file.Files.createDirectories(metrics.getParent()); // an output's folder must exist
		final int[] updates = new int[1];
		final MetricsSeries series = new MetricsSeries(s -> updates[0]++);
		final TrainingResult r = train(net(TrainerTest.SMALL, 1), TrainingConfig.builder().epochs(2)
			.batchSize(8).progressEvery(2).validationSplit(0.25).checkpointDir(dir.resolve("ck")).build(),
			data(32, 1), data(8, 2), TrainingListener.all(new ProgressLog(lines::add), null,
				new MetricsFile(metrics, List.of()), series), null);
		assertEquals(2, r.completedEpochs());
		// 24 training images in batches of 8: 3 batches, reports after 2 and 3
		assertEquals(List.of("validation split: 8 images held out, 24 trained on"), lines.subList(0,
			1));
		assertTrue(lines.get(1).startsWith("epoch 1/2  batch 2/3"), lines.get(1));
		assertTrue(lines.contains("checkpoint written to " + dir.resolve("ck").resolve(
			Checkpoint.FILE_NAME)), lines.toString());
		assertTrue(lines.stream().anyMatch(l -> l.startsWith("epoch 2: loss ") && l.contains(
			"validation accuracy") && l.contains("test accuracy")), lines.toString());
		final List<Object> json = Json.array(Json.parse(Files.readString(metrics)), "metrics");
		assertEquals(2, json.size());
		assertArrayEquals(new double[] { 2 / 3.0, 1, 1 + 2 / 3.0, 2 }, series.x(
			MetricsSeries.Series.TRAINING_LOSS), 1e-12);
		assertArrayEquals(new double[] { 1, 2 }, series.x(MetricsSeries.Series.TEST_ACCURACY));
		assertEquals(2, series.points(MetricsSeries.Series.VALIDATION_LOSS).size());
		assertEquals(6, updates[0]);
		assertEquals("1h02m03s", ProgressLog.duration(3723));
	}
}
