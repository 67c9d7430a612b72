package io.github.convnetij.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Progress;
import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.LearningRateSchedule;
import io.github.convnetij.nn.Layers;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.Optimizer;
import io.github.convnetij.nn.Parameter;
import io.github.convnetij.nn.data.Batch;
import io.github.convnetij.nn.data.Dataset;
import io.github.convnetij.nn.data.ImageDataset;
import io.github.convnetij.nn.data.MiniBatches;
import io.github.convnetij.nn.onnx.InputSpec;
import io.github.convnetij.nn.onnx.ModelFile;
import io.github.convnetij.ops.augment.Augmentation;
import io.github.convnetij.ops.augment.Augmenter;
import io.github.convnetij.ops.augment.Seeds;
import io.github.convnetij.ops.augment.Transform;

/**
 * The trainer against a plain loop written here (shuffled batches, the schedule's rate at the
 * fractional epoch, one gradient step per batch, running loss and accuracy, the validation split
 * and the test set evaluated after each epoch): the progress reports, the epoch metrics, the run
 * state its listeners see and the final weights must be that loop's, on a tiny network (flatten,
 * dense) so it runs in well under a second.
 */
class TrainerMutationGapsTest {

	static ImageDataset data(final int n, final long seed) {
		final Random r = new Random(seed);
		final byte[] px = new byte[n * 4];
		final int[] labels = new int[n];
		for (int i = 0; i < n; i++) {
			labels[i] = r.nextInt(3);
			for (int j = 0; j < 4; j++)
				px[i * 4 + j] = (byte) (r.nextInt(60) + (j == labels[i] ? 150 : 0));
		}
		return ImageDataset.of(px, labels, 1, 2, 2, "tiny-" + seed);
	}

	static Network net(final long seed) {
		final Network net = Network.builder(1, 2, 2).add(Layers.flatten()).add(Layers.dense(3)).build();
		net.initialize(seed);
		return net;
	}

	static TrainingResult train(final Network net, final TrainingConfig c, final Dataset train,
		final Dataset test, final TrainingListener l)
	{
		return new Trainer(c).train(net, ModelFile.numberedClasses(3), InputSpec.uint8(1, 2, 2), train,
			test, l, null);
	}

	private record Expected(List<TrainingListener.Progress> progress, List<EpochMetrics> epochs,
		Network net) {}

	/** The plain loop: what the trainer must do (speed and times left out). */
	private static Expected reference(final TrainingConfig c, final Dataset training,
		final Dataset test, final long initSeed)
	{
		final Network ref = net(initSeed);
		final Optimizer opt = c.newOptimizer(ref.parameters());
		final LearningRateSchedule schedule = c.newSchedule();
		final Dataset tr = c.validationSplit() > 0 ? training.split(c.validationSplit(), c.seed())
			.training() : training;
		final Dataset va = c.validationSplit() > 0 ? training.split(c.validationSplit(), c.seed())
			.validation() : null;
		final List<TrainingListener.Progress> progress = new ArrayList<>();
		final List<EpochMetrics> epochs = new ArrayList<>();
		for (int epoch = 1; epoch <= c.epochs(); epoch++) {
			final MiniBatches mb = MiniBatches.shuffled(tr, c.batchSize(), c.seed(), epoch);
			final int nb = mb.numBatches();
			double lossSum = 0;
			long correct = 0, seen = 0;
			for (int b = 0; b < nb; b++) {
				opt.setLearningRate(schedule.rate(c.learningRate(), epoch - 1 + b / (double) nb));
				final Batch batch = mb.batch(b);
				Tensor x = batch.images();
				if (!c.augmentation().isIdentity()) {
					// replicate of image i in epoch e: drawn from derive(derive(seed, e), i)
					final Augmenter aug = Augmenter.of(c.augmentation());
					final Transform[] t = new Transform[batch.size()];
					for (int j = 0; j < t.length; j++)
						t[j] = c.augmentation().sample(Seeds.derive(Seeds.derive(c.seed(), epoch), batch
							.indices()[j]), x.size(3), x.size(2));
					x = aug.apply(x, t);
				}
				final Network.BatchResult r = ref.computeGradients(x, batch.labels());
				opt.step();
				lossSum += r.loss() * r.count();
				correct += r.correct();
				seen += r.count();
				if ((b + 1) % c.progressEvery() == 0 || b == nb - 1) progress.add(
					new TrainingListener.Progress(epoch, c.epochs(), b + 1, nb, lossSum / seen, correct /
						(double) seen, seen, (c.epochs() - epoch) * nb + nb - b - 1)); // images, batches left
			}
			final Evaluation v = va == null ? null : Evaluation.of(ref, va, c.evalBatchSize());
			final Evaluation t = test == null ? null : Evaluation.of(ref, test, c.evalBatchSize());
			epochs.add(new EpochMetrics(epoch, lossSum / seen, correct / (double) seen, v == null
				? Double.NaN : v.loss(), v == null ? Double.NaN : v.accuracy(), t == null ? Double.NaN : t
					.loss(), t == null ? Double.NaN : t.accuracy(), seen, 0, opt.learningRate()));
		}
		return new Expected(progress, epochs, ref);
	}

	private static void assertSameWeights(final Network a, final Network b) {
		for (final List<Parameter> ps : List.of(a.parameters(), a.buffers()))
			for (final Parameter p : ps) {
				final float[] x = p.value().data(), y = b.parameter(p.name()).value().data();
				for (int i = 0; i < x.length; i++)
					assertEquals(Float.floatToIntBits(x[i]), Float.floatToIntBits(y[i]), p.name() + " " + i);
			}
	}

	@Test
	void theTrainerIsThePlainLoop() {
		final ImageDataset training = data(31, 1), test = data(9, 2);
		final TrainingConfig c = TrainingConfig.builder().epochs(3).batchSize(5).optimizer("sgd")
			.learningRate(0.5).schedule("cosine(3)").seed(7).validationSplit(0.2).progressEvery(2)
			.evalBatchSize(4).build();
		final Expected want = reference(c, training, test, 3);
		final Dataset.Split split = training.split(0.2, 7);
		final List<TrainingListener.Progress> progress = new ArrayList<>();
		final List<EpochMetrics> epochs = new ArrayList<>();
		final List<String> calls = new ArrayList<>();
		final List<Double> reported = new ArrayList<>();
		final Network net = net(3);
		final TrainingResult r = Progress.run(new Progress.Listener() {

			@Override
			public void progress(final double done) {
				reported.add(done);
			}

			@Override
			public boolean cancelled() {
				return false;
			}
		}, () -> train(net, c, training, test, new TrainingListener() {

			@Override
			public void onStart(final int firstEpoch, final int last, final int trainingImages,
				final int validationImages, final int testImages)
			{
				calls.add("start " + firstEpoch + " " + last + " " + trainingImages + " " +
					validationImages + " " + testImages);
			}

			@Override
			public void onBatch(final TrainingListener.Progress p) {
				progress.add(p);
			}

			@Override
			public void afterEpoch(final TrainingState s) {
				assertSame(c, s.config());
				assertSame(net, s.network());
				assertEquals(31, s.trainingImages());
				assertNull(s.checkpoint());
				assertFalse(s.stopped());
				// the best monitored (validation) accuracy so far, by hand from the history
				double best = Double.NaN;
				int bestEpoch = 0, bad = 0;
				for (final EpochMetrics m : s.history()) {
					if (Double.isNaN(best) || m.validationAccuracy() > best) {
						best = m.validationAccuracy();
						bestEpoch = m.epoch();
						bad = 0;
					}
					else bad++;
				}
				assertEquals(s.history().size(), s.epoch());
				assertEquals(best, s.best());
				assertEquals(bestEpoch, s.bestEpoch());
				assertEquals(bad, s.epochsWithoutImprovement());
				calls.add("after " + s.epoch());
			}

			@Override
			public void onEpoch(final EpochMetrics m) {
				epochs.add(m);
				calls.add("epoch " + m.epoch());
			}
		}));
		final int nt = split.training().size(), nv = split.validation().size();
		assertEquals(31, nt + nv);
		assertEquals(List.of("start 1 3 " + nt + " " + nv + " 9", "after 1", "epoch 1", "after 2",
			"epoch 2", "after 3", "epoch 3"), calls);
		assertSameWeights(want.net(), r.network());
		assertEquals(3, r.completedEpochs());
		assertFalse(r.cancelled() || r.stoppedEarly());
		// progress: every 2 batches and at the end of each epoch
		assertEquals(want.progress().size(), progress.size());
		for (int i = 0; i < progress.size(); i++) {
			final TrainingListener.Progress p = progress.get(i), q = want.progress().get(i);
			final String at = "report " + i;
			assertEquals(q.epoch(), p.epoch(), at);
			assertEquals(q.epochs(), p.epochs(), at);
			assertEquals(q.batch(), p.batch(), at);
			assertEquals(q.batches(), p.batches(), at);
			assertEquals(q.loss(), p.loss(), at);
			assertEquals(q.accuracy(), p.accuracy(), at);
			// images per second = images / s, ETA = batches left * s / batches done
			final double seconds = q.imagesPerSecond() / p.imagesPerSecond();
			assertTrue(seconds > 0 && seconds < 60, at);
			assertEquals(q.etaSeconds() * seconds / p.batch(), p.etaSeconds(), 1e-9 * (1 + p
				.etaSeconds()), at);
		}
		assertEquals(0.0, progress.get(progress.size() - 1).etaSeconds());
		// epoch metrics
		assertEquals(3, epochs.size());
		assertEquals(epochs, r.history());
		for (int e = 0; e < 3; e++) {
			final EpochMetrics m = epochs.get(e), q = want.epochs().get(e);
			final String at = "epoch " + (e + 1);
			assertEquals(q.epoch(), m.epoch(), at);
			assertEquals(q.loss(), m.loss(), at);
			assertEquals(q.accuracy(), m.accuracy(), at);
			assertEquals(q.validationLoss(), m.validationLoss(), at);
			assertEquals(q.validationAccuracy(), m.validationAccuracy(), at);
			assertEquals(q.testLoss(), m.testLoss(), at);
			assertEquals(q.testAccuracy(), m.testAccuracy(), at);
			assertEquals(q.learningRate(), m.learningRate(), at);
			assertTrue(m.seconds() > 0 && m.seconds() < 60, at);
			assertEquals(q.imagesPerSecond(), m.imagesPerSecond() * m.seconds(), 1e-9 * q
				.imagesPerSecond(), at);
		}
		// compute.Progress: the first batch of 3 epochs of nb, then 1 at the end
		final int nb = want.progress().get(1).batches();
		assertEquals(1.0 / (3 * nb), reported.get(0), 1e-15);
		assertEquals(1.0, reported.get(reported.size() - 1));
		for (int i = 1; i < reported.size(); i++)
			assertTrue(reported.get(i) > reported.get(i - 1));
		// the final model: the run's history, no trainer state
		assertEquals(3, r.model().history().size());
	}

	/** Without a validation split the test accuracy is watched; without either, nothing is. */
	@Test
	void withoutValidationTheTestSetIsWatched() {
		final ImageDataset training = data(12, 3), test = data(6, 4);
		final TrainingConfig c = TrainingConfig.builder().epochs(2).batchSize(4).optimizer("sgd")
			.learningRate(0.1).seed(2).build();
		final Expected want = reference(c, training, test, 5);
		final List<Double> best = new ArrayList<>();
		final TrainingResult r = train(net(5), c, training, test, new TrainingListener() {

			@Override
			public void afterEpoch(final TrainingState s) {
				best.add(s.best());
			}
		});
		assertSameWeights(want.net(), r.network());
		assertTrue(Double.isNaN(r.history().get(0).validationAccuracy()));
		assertEquals(Math.max(want.epochs().get(0).testAccuracy(), want.epochs().get(1)
			.testAccuracy()), best.get(1));
		final List<Double> none = new ArrayList<>();
		train(net(5), c, training, null, new TrainingListener() {

			@Override
			public void afterEpoch(final TrainingState s) {
				none.add(s.best());
				assertEquals(0, s.bestEpoch());
				assertEquals(0, s.epochsWithoutImprovement());
			}
		});
		assertTrue(Double.isNaN(none.get(1)));
	}

	/** A batch larger than the training set: one batch per epoch. */
	@Test
	void aBatchLargerThanTheData() {
		final ImageDataset training = data(3, 5);
		final TrainingConfig c = TrainingConfig.builder().epochs(1).batchSize(64).optimizer("sgd")
			.learningRate(0.1).seed(2).build();
		final List<TrainingListener.Progress> p = new ArrayList<>();
		final TrainingResult r = train(net(6), c, training, null, new TrainingListener() {

			@Override
			public void onBatch(final TrainingListener.Progress q) {
				p.add(q);
			}
		});
		assertEquals(1, p.size());
		assertEquals(1, p.get(0).batches());
		assertSameWeights(reference(c, training, null, 6).net(), r.network());
	}

	/** Augmented batches: each image replaced by its replicate drawn from the epoch and its index. */
	@Test
	void augmentedTrainingIsThePlainLoopOnReplicates() {
		final ImageDataset training = data(10, 8);
		final TrainingConfig c = TrainingConfig.builder().epochs(2).batchSize(4).optimizer("sgd")
			.learningRate(0.2).seed(5).augmentation(Augmentation.none().horizontalFlip(true)
				.brightnessRange(0.8, 1.2)).build();
		final TrainingResult r = train(net(9), c, training, null, null);
		assertSameWeights(reference(c, training, null, 9).net(), r.network());
		// and not the loop without augmentation
		final Network plain = reference(c.toBuilder().augmentation(Augmentation.none()).build(),
			training, null, 9).net();
		assertFalse(java.util.Arrays.equals(plain.parameters().get(0).value().data(), r.network()
			.parameters().get(0).value().data()));
	}

	/** Early stopping: after {@code patience} epochs without improvement, but never after the last. */
	@Test
	void earlyStoppingByHand() {
		final TrainingConfig c = TrainingConfig.builder().epochs(5).build();
		final int[][] cases = { // bad epochs, epoch, stops
			{ 2, 3, 1 }, { 3, 3, 1 }, { 1, 3, 0 }, { 2, 4, 1 }, { 2, 5, 0 }, { 0, 1, 0 } };
		for (final int[] k : cases) {
			final TrainingState s = new TrainingState(c, null, null, new ArrayList<>(), 10, List.of());
			s.badEpochs = k[0];
			s.epoch = k[1];
			new EarlyStopping(2).afterEpoch(s);
			assertEquals(k[2] == 1, s.stopped(), k[0] + " bad epochs at epoch " + k[1]);
		}
		assertEquals("patience 0 is not allowed here: expected a whole number >= 1", assertThrows(
			IllegalArgumentException.class, () -> new EarlyStopping(0)).getMessage());
		new EarlyStopping(1);
	}
}
