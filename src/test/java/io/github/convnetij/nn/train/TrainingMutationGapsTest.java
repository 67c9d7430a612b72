package io.github.convnetij.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Layers;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.Parameter;
import io.github.convnetij.nn.data.ImageDataset;
import io.github.convnetij.nn.onnx.InputSpec;
import io.github.convnetij.nn.onnx.ModelFile;
import io.github.convnetij.ops.augment.Augmentation;

/**
 * Evaluation, metrics, settings, progress lines and resuming, on cases worked by hand: the loss,
 * accuracy and confusion matrix of a network whose outputs are set, the confusion table as text,
 * the refusals of a resume with other settings, the run state a resumed run starts from, and a
 * cancelled run's network predicting with the weights it was rolled back to.
 */
class TrainingMutationGapsTest {

	@TempDir
	Path dir;

	/** Input [1, 1, 2] -> flatten -> dense(3) with logits (x0, x1, 0); optionally a softmax. */
	private static Network logits(final boolean softmax) {
		final Network.Builder b = Network.builder(1, 1, 2).add(Layers.flatten()).add(Layers.dense(3));
		final Network net = (softmax ? b.add(Layers.softmax()) : b).build();
		final Parameter w = net.parameter("dense1.weight"), bias = net.parameter("dense1.bias");
		System.arraycopy(new float[] { 1, 0, 0, 1, 0, 0 }, 0, w.value().data(), 0, 6);
		java.util.Arrays.fill(bias.value().data(), 0);
		w.changed();
		bias.changed();
		return net;
	}

	/**
	 * Five images: (2, 1) label 0 right; (0, 3) label 1 right; (-1, -2) label 0 predicted 2; (1, 1)
	 * label 1, a tie of classes 0 and 1 going to the first, 0; (0.5, -1) label 2 predicted 0.
	 */
	private static final float[] X = { 2, 1, 0, 3, -1, -2, 1, 1, 0.5f, -1 };
	private static final int[] LABELS = { 0, 1, 0, 1, 2 };

	/** The mean cross-entropy of the logits (x0, x1, 0), in double arithmetic. */
	private static double handLoss() {
		double sum = 0;
		for (int i = 0; i < 5; i++) {
			final double[] z = { X[2 * i], X[2 * i + 1], 0 };
			final double lse = Math.log(Math.exp(z[0]) + Math.exp(z[1]) + Math.exp(z[2]));
			sum += lse - z[LABELS[i]];
		}
		return sum / 5;
	}

	@Test
	void evaluationByHand() {
		final ImageDataset data = ImageDataset.ofFloats(X, LABELS, 1, 1, 2, "hand");
		for (final boolean softmax : new boolean[] { false, true })
			for (final int batch : new int[] { 1, 2, 5, 9 }) {
				final Evaluation e = Evaluation.of(logits(softmax), data, batch);
				final String at = (softmax ? "softmax" : "logits") + ", batch " + batch;
				assertEquals(5, e.count(), at);
				assertEquals(2, e.correct(), at);
				assertEquals(0.4, e.accuracy(), 1e-15, at);
				assertArrayEquals(new int[][] { { 1, 0, 1 }, { 1, 1, 0 }, { 1, 0, 0 } }, e.confusion(), at);
				assertEquals(handLoss(), e.loss(), 1e-5, at);
			}
		final Evaluation none = Evaluation.of(logits(false), data.subset(new int[0]), 4);
		assertEquals(0, none.count());
		assertTrue(Double.isNaN(none.accuracy()) && Double.isNaN(none.loss()));
		// the output must be a class vector
		final Network maps = Network.builder(1, 2, 2).add(Layers.conv(3, 1)).build();
		assertEquals("the network's output [3, 2, 2] is not a vector of class scores: end it with " +
			"flatten, dense(classes)", assertThrows(IllegalArgumentException.class, () -> Evaluation.of(
				maps, ImageDataset.ofFloats(new float[4], new int[1], 1, 2, 2, "x"), 1)).getMessage());
		// equality: counts, loss (NaN equal to NaN) and matrix
		final Evaluation a = new Evaluation(5, 2, 0.5, new int[][] { { 1, 2 }, { 3, 4 } });
		assertEquals(a, new Evaluation(5, 2, 0.5, new int[][] { { 1, 2 }, { 3, 4 } }));
		assertEquals(new Evaluation(0, 0, Double.NaN, new int[0][]), new Evaluation(0, 0, Double.NaN,
			new int[0][]));
		assertNotEquals(a, new Evaluation(6, 2, 0.5, new int[][] { { 1, 2 }, { 3, 4 } }));
		assertNotEquals(a, new Evaluation(5, 3, 0.5, new int[][] { { 1, 2 }, { 3, 4 } }));
		assertNotEquals(a, new Evaluation(5, 2, 0.25, new int[][] { { 1, 2 }, { 3, 4 } }));
		assertNotEquals(a, new Evaluation(5, 2, 0.5, new int[][] { { 1, 2 }, { 4, 3 } }));
		assertNotEquals(a, (Object) "accuracy");
	}

	/** The table: names padded to the longest (at least the header), columns at least 5 wide. */
	@Test
	void confusionTableByHand() {
		final Evaluation e = new Evaluation(0, 0, 0, new int[][] { { 123456, 2 }, { 3, 4 } });
		// header 22 wide (the longest name), columns 7 wide (123456 and a space), names cut to 7
		assertEquals("actual \\ predicted    " + "     cat" + " a-very-" + "\n" +
			"cat                   " + "  123456" + "       2" + "\n" +
			"a-very-long-class-name" + "       3" + "       4" + "\n", e.confusionTable(List.of("cat",
				"a-very-long-class-name")));
		// no names, or too few: the class numbers; small counts: columns 5 wide
		final Evaluation s = new Evaluation(0, 0, 0, new int[][] { { 1, 0 }, { 0, 1 } });
		final String want = "actual \\ predicted" + "     0" + "     1" + "\n" + "0                 " +
			"     1" + "     0" + "\n" + "1                 " + "     0" + "     1" + "\n";
		assertEquals(want, s.confusionTable(null));
		assertEquals(want.replace("     0     1\n0 ", "     a     1\na "), s.confusionTable(List.of(
			"a")));
		// names beyond the classes do not widen the table
		assertEquals(want, s.confusionTable(List.of("0", "1", "a-very-very-very-long-extra")));
		// a name of exactly the column width stays whole
		assertTrue(s.confusionTable(List.of("abcde", "b")).startsWith("actual \\ predicted abcde"));
	}

	@Test
	void epochMetricsAsJson() {
		final EpochMetrics v = new EpochMetrics(2, 0.5, 0.75, 0.25, 0.8, Double.NaN, Double.NaN, 100,
			3, 0.01);
		final Map<String, Object> m = v.toMap();
		assertEquals(List.of("epoch", "loss", "accuracy", "validation_loss", "validation_accuracy",
			"images_per_s", "seconds", "learning_rate"), new ArrayList<>(m.keySet()));
		assertEquals(0.8, v.monitored());
		final EpochMetrics t = new EpochMetrics(3, 0.5, 0.75, Double.NaN, Double.NaN, 0.125, 0.6, 100,
			3, 0.01);
		assertEquals(List.of("epoch", "loss", "accuracy", "test_loss", "test_accuracy", "images_per_s",
			"seconds", "learning_rate"), new ArrayList<>(t.toMap().keySet()));
		assertEquals(0.6, t.monitored());
		assertEquals(t, EpochMetrics.fromMap(t.toMap()));
		assertEquals(v, EpochMetrics.fromMap(v.toMap()));
		final Map<String, Object> bare = new LinkedHashMap<>();
		bare.put("epoch", 1L);
		assertTrue(Double.isNaN(EpochMetrics.fromMap(bare).loss()));
	}

	@Test
	void settingsAreChecked() {
		final TrainingConfig.Builder b = TrainingConfig.builder();
		for (final double bad : new double[] { 0, -1, Double.NaN, Double.POSITIVE_INFINITY })
			assertEquals("learning rate " + bad + " is not allowed: expected a number > 0", assertThrows(
				IllegalArgumentException.class, () -> b.learningRate(bad)).getMessage());
		assertEquals(1e-9, b.learningRate(1e-9).build().learningRate());
		for (final double bad : new double[] { -1e-9, Double.NaN, Double.POSITIVE_INFINITY })
			assertEquals("weight decay " + bad + " is not allowed: expected a number >= 0", assertThrows(
				IllegalArgumentException.class, () -> b.weightDecay(bad)).getMessage());
		assertEquals(0, b.weightDecay(0).build().weightDecay());
		for (final double bad : new double[] { -0.1, 1, 1.5, Double.NaN })
			assertEquals("validation split " + bad + " is not allowed: expected a fraction in [0, 1)",
				assertThrows(IllegalArgumentException.class, () -> b.validationSplit(bad)).getMessage());
		assertEquals(0, b.validationSplit(0).build().validationSplit());
		assertEquals(0.99, b.validationSplit(0.99).build().validationSplit());
		assertEquals("patience -1 is not allowed: expected a whole number >= 0", assertThrows(
			IllegalArgumentException.class, () -> b.patience(-1)).getMessage());
		assertEquals(0, b.patience(0).build().patience());
		assertEquals("progress interval 0 is not allowed: expected a whole number >= 1", assertThrows(
			IllegalArgumentException.class, () -> b.progressEvery(0)).getMessage());
		assertEquals("evaluation batch size 0 is not allowed: expected a whole number >= 1",
			assertThrows(IllegalArgumentException.class, () -> b.evalBatchSize(0)).getMessage());
		assertEquals(1, b.evalBatchSize(1).progressEvery(1).build().evalBatchSize());
		final TrainingConfig c = b.optimizer("Adam").schedule(" step(2, 0.5) ").weightDecay(0.25)
			.build();
		assertEquals("adam", c.optimizer());
		assertEquals("step(2, 0.5)", c.schedule());
		assertEquals(0.25, c.weightDecay());
	}

	@Test
	void progressLines() {
		final List<String> lines = new ArrayList<>();
		final ProgressLog log = new ProgressLog(lines::add);
		log.onStart(1, 5, 10, 0, 0);
		assertEquals(List.of(), lines);
		log.onStart(2, 5, 10, 3, 0);
		assertEquals(List.of("resuming at epoch 2 of 5", "validation split: 3 images held out, 10 " +
			"trained on"), lines);
		assertEquals("0s", ProgressLog.duration(0.4));
		assertEquals("59s", ProgressLog.duration(59.4));
		assertEquals("1m00s", ProgressLog.duration(59.5));
		assertEquals("59m59s", ProgressLog.duration(3599.4));
		assertEquals("1h00m00s", ProgressLog.duration(3600));
		assertEquals("1h02m05s", ProgressLog.duration(3725));
		assertEquals("26h00m01s", ProgressLog.duration(93601));
	}

	@Test
	void metricsSeriesByHand() {
		final AtomicInteger updates = new AtomicInteger();
		final MetricsSeries s = new MetricsSeries(x -> updates.incrementAndGet());
		s.onBatch(new TrainingListener.Progress(2, 3, 1, 4, 0.5, 0.25, 10, 1));
		s.onEpoch(new EpochMetrics(2, 0.4, 0.3, Double.NaN, Double.NaN, 0.7, 0.6, 10, 1, 0.1));
		assertEquals(2, updates.get());
		final MetricsSeries v = new MetricsSeries(null);
		v.onEpoch(new EpochMetrics(1, 0.4, 0.3, 0.9, 0.2, Double.NaN, Double.NaN, 10, 1, 0.1));
		assertArrayEquals(new double[] { 1, 0.9 }, v.points(MetricsSeries.Series.VALIDATION_LOSS).get(0));
		assertArrayEquals(new double[] { 1, 0.2 }, v.points(MetricsSeries.Series.VALIDATION_ACCURACY).get(
			0));
		assertEquals(0, v.points(MetricsSeries.Series.TEST_LOSS).size());
		assertArrayEquals(new double[] { 1.25 }, s.x(MetricsSeries.Series.TRAINING_LOSS));
		assertArrayEquals(new double[] { 0.5 }, s.y(MetricsSeries.Series.TRAINING_LOSS));
		assertArrayEquals(new double[] { 0.25 }, s.y(MetricsSeries.Series.TRAINING_ACCURACY));
		assertEquals(0, s.points(MetricsSeries.Series.VALIDATION_LOSS).size());
		assertEquals(0, s.points(MetricsSeries.Series.VALIDATION_ACCURACY).size());
		assertArrayEquals(new double[] { 2, 0.7 }, s.points(MetricsSeries.Series.TEST_LOSS).get(0));
		assertArrayEquals(new double[] { 2 }, s.x(MetricsSeries.Series.TEST_ACCURACY));
		assertArrayEquals(new double[] { 0.6 }, s.y(MetricsSeries.Series.TEST_ACCURACY));
		new MetricsSeries(null).onBatch(new TrainingListener.Progress(1, 1, 1, 1, 0, 0, 0, 0));
	}

	private static Network tiny(final long seed) {
		final Network net = Network.builder(1, 2, 2).add(Layers.conv(2, 2)).add(Layers.flatten()).add(
			Layers.dense(3)).build();
		net.initialize(seed);
		return net;
	}

	private static TrainingResult train(final Network net, final TrainingConfig c,
		final ImageDataset data, final ImageDataset test, final TrainingListener l,
		final java.util.function.BooleanSupplier cancel)
	{
		return new Trainer(c).train(net, ModelFile.numberedClasses(3), InputSpec.uint8(1, 2, 2), data,
			test, l, cancel);
	}

	/** Resuming with another setting is refused, naming it; an empty test set too. */
	@Test
	void resumeRefusals() throws IOException {
		final ImageDataset data = TrainerMutationGapsTest.data(12, 1);
		final TrainingConfig c = TrainingConfig.builder().epochs(2).batchSize(4).optimizer("sgd")
			.learningRate(0.1).seed(3).checkpointDir(dir).build();
		final AtomicInteger epochs = new AtomicInteger();
		final List<String> seen = new ArrayList<>();
		final TrainingListener mine = new TrainingListener() {

			@Override
			public void afterEpoch(final TrainingState s) {
				// the trainer's checkpoint listener ran first
				assertEquals(dir.resolve(Checkpoint.FILE_NAME), s.checkpoint());
				seen.add("after " + s.epoch());
			}

			@Override
			public void onEpoch(final EpochMetrics m) {
				epochs.set(m.epoch());
				seen.add("epoch " + m.epoch());
			}

			@Override
			public void onCheckpoint(final Path file) {
				seen.add("checkpoint " + file.getFileName());
			}

			@Override
			public void onStart(final int firstEpoch, final int last, final int images, final int v,
				final int t)
			{
				seen.add("start " + firstEpoch + " " + last + " " + images);
			}

			@Override
			public void onBatch(final TrainingListener.Progress p) {
				seen.add("batch " + p.batch());
			}
		};
		assertSame(c, new Trainer(c).config());
		train(tiny(1), c, data, null, TrainingListener.all(null, mine), () -> epochs.get() == 1);
		assertEquals(List.of("start 1 2 12", "batch 3", "checkpoint checkpoint.onnx", "after 1",
			"epoch 1"), seen);
		final Checkpoint cp = Checkpoint.load(dir.resolve(Checkpoint.FILE_NAME));
		final String tail = ": resume with the settings the checkpoint was trained with";
		assertEquals("learning rate 0.2 differs from the checkpoint's 0.1" + tail, assertThrows(
			IllegalArgumentException.class, () -> new Trainer(c.toBuilder().learningRate(0.2).build())
				.resume(cp, data, null, null, null)).getMessage());
		assertEquals("optimizer adam differs from the checkpoint's sgd" + tail, assertThrows(
			IllegalArgumentException.class, () -> new Trainer(c.toBuilder().optimizer("adam").build())
				.resume(cp, data, null, null, null)).getMessage());
		assertEquals("seed 4 differs from the checkpoint's 3" + tail, assertThrows(
			IllegalArgumentException.class, () -> new Trainer(c.toBuilder().seed(4).build()).resume(cp,
				data, null, null, null)).getMessage());
		final Augmentation flip = Augmentation.none().horizontalFlip(true);
		assertEquals("augmentation '" + flip.describe() + "' differs from the checkpoint's none" + tail,
			assertThrows(IllegalArgumentException.class, () -> new Trainer(c.toBuilder().augmentation(
				flip).build()).resume(cp, data, null, null, null)).getMessage());
		assertEquals("the checkpoint was trained on 12 images but the training data (tiny-2) has 13: " +
			"resume with the same training data", assertThrows(IllegalArgumentException.class,
				() -> new Trainer(c).resume(cp, TrainerMutationGapsTest.data(13, 2), null, null, null))
				.getMessage());
		// the same settings resume (epochs is not a deciding setting)
		assertEquals(3, new Trainer(c.toBuilder().epochs(3).checkpointDir(null).build()).resume(cp,
			data, null, null, null).completedEpochs());
		final String empty = assertThrows(IllegalArgumentException.class, () -> train(tiny(1), c, data,
			data.subset(new int[0]), null, null)).getMessage();
		assertTrue(empty.startsWith("the test data (") && empty.endsWith(") holds no images"), empty);
	}

	/**
	 * A resumed run starts from the checkpoint's best accuracy, its epoch and the epochs without
	 * improvement: at epoch 3 its state is the uninterrupted run's. The learning rate is so small
	 * that the validation accuracy never changes: best at epoch 1, then 1 and 2 epochs without
	 * improvement.
	 */
	@Test
	void aResumedRunKeepsTheEarlyStoppingState() throws IOException {
		final ImageDataset data = TrainerMutationGapsTest.data(24, 3);
		final TrainingConfig c = TrainingConfig.builder().epochs(3).batchSize(6).optimizer("sgd")
			.learningRate(1e-12).seed(2).validationSplit(0.5).patience(5).build();
		final List<String> whole = new ArrayList<>(), resumed = new ArrayList<>();
		final TrainingListener record = new TrainingListener() {

			@Override
			public void afterEpoch(final TrainingState s) {
				whole.add(s.epoch() + " " + s.best() + " " + s.bestEpoch() + " " + s
					.epochsWithoutImprovement());
			}
		};
		train(tiny(4), c, data, null, record, null);
		final double acc = Double.parseDouble(whole.get(0).split(" ")[1]);
		assertTrue(acc > 0, whole.toString());
		assertEquals(List.of("1 " + acc + " 1 0", "2 " + acc + " 1 1", "3 " + acc + " 1 2"), whole);
		final AtomicInteger epochs = new AtomicInteger();
		train(tiny(4), c.toBuilder().checkpointDir(dir).build(), data, null, new TrainingListener() {

			@Override
			public void onEpoch(final EpochMetrics m) {
				epochs.set(m.epoch());
			}
		}, () -> epochs.get() == 2);
		new Trainer(c).resume(Checkpoint.load(dir.resolve(Checkpoint.FILE_NAME)), data, null,
			new TrainingListener() {

				@Override
				public void afterEpoch(final TrainingState s) {
					resumed.add(s.epoch() + " " + s.best() + " " + s.bestEpoch() + " " + s
						.epochsWithoutImprovement());
				}
			}, null);
		assertEquals(List.of(whole.get(2)), resumed);
	}

	/**
	 * From all-zero weights (every image predicted as class 0) the validation accuracy rises: the
	 * state follows the best epoch, and the epochs without improvement restart there.
	 */
	@Test
	void theBestEpochMovesWhenTheAccuracyRises() {
		final ImageDataset data = TrainerMutationGapsTest.data(40, 6);
		final TrainingConfig c = TrainingConfig.builder().epochs(6).batchSize(8).optimizer("sgd")
			.learningRate(0.02).seed(3).validationSplit(0.5).build();
		final Network zero = Network.builder(1, 2, 2).add(Layers.flatten()).add(Layers.dense(3)).build(
			false);
		final List<double[]> states = new ArrayList<>();
		train(zero, c, data, null, new TrainingListener() {

			@Override
			public void afterEpoch(final TrainingState s) {
				final double acc = s.history().get(s.epoch() - 1).validationAccuracy();
				states.add(new double[] { acc, s.best(), s.bestEpoch(), s.epochsWithoutImprovement() });
			}
		}, null);
		double best = Double.NaN;
		int bestEpoch = 0, bad = 0;
		for (int e = 0; e < states.size(); e++) {
			final double acc = states.get(e)[0];
			if (Double.isNaN(best) || acc > best) {
				best = acc;
				bestEpoch = e + 1;
				bad = 0;
			}
			else bad++;
			assertArrayEquals(new double[] { acc, best, bestEpoch, bad }, states.get(e), "epoch " + (e + 1));
		}
		assertTrue(bestEpoch > 1, "the accuracy rose after epoch 1: " + states.stream().map(
			a -> a[0]).toList());
	}

	/**
	 * Cancelled inside epoch 2: the network is rolled back to epoch 1's weights and step counter,
	 * and predicts with them even when a listener predicted in between (the conv layer packs its
	 * weights for inference).
	 */
	@Test
	void aCancelledRunPredictsWithTheRolledBackWeights() {
		final ImageDataset data = TrainerMutationGapsTest.data(12, 4);
		final TrainingConfig c = TrainingConfig.builder().epochs(3).batchSize(4).optimizer("sgd")
			.learningRate(0.5).seed(1).progressEvery(1).build();
		final Tensor x = Tensor.zeros(3, 1, 2, 2);
		for (int i = 0; i < x.numel(); i++)
			x.data()[i] = (i % 5) * 0.2f - 0.3f;
		final Network net = tiny(7);
		final AtomicInteger batches = new AtomicInteger();
		final List<float[]> afterEpoch1 = new ArrayList<>();
		final TrainingResult r = train(net, c, data, null, new TrainingListener() {

			@Override
			public void onBatch(final TrainingListener.Progress p) {
				net.predict(x); // a live preview
				batches.incrementAndGet();
			}

			@Override
			public void onEpoch(final EpochMetrics m) {
				for (final Parameter p : net.parameters())
					afterEpoch1.add(p.value().data().clone());
			}
		}, () -> batches.get() == 5);
		assertTrue(r.cancelled());
		assertEquals(1, r.completedEpochs());
		assertEquals(3, r.network().step(), "the step counter after epoch 1's 3 batches");
		final Network twin = tiny(7);
		for (int i = 0; i < afterEpoch1.size(); i++) {
			assertArrayEquals(afterEpoch1.get(i), net.parameters().get(i).value().data());
			System.arraycopy(afterEpoch1.get(i), 0, twin.parameters().get(i).value().data(), 0,
				afterEpoch1.get(i).length);
			twin.parameters().get(i).changed();
		}
		assertArrayEquals(twin.predict(x).data(), r.network().predict(x).data());
		assertFalse(java.util.Arrays.equals(afterEpoch1.get(0), tiny(7).parameters().get(0).value()
			.data()), "epoch 1 changed the weights");
	}
}
