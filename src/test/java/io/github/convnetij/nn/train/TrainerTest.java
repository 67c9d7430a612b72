package io.github.convnetij.nn.train;

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
import java.util.concurrent.atomic.AtomicInteger;

import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.Parameter;
import io.github.convnetij.nn.data.IdxArray;
import io.github.convnetij.nn.data.ImageDataset;
import io.github.convnetij.nn.data.TestIdx;
import io.github.convnetij.nn.onnx.InputSpec;
import io.github.convnetij.nn.onnx.ModelFile;
import net.imglib2.parallel.Parallelization;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

	static final String SMALL = "conv(6,3,pad=same), relu, maxpool(2), flatten, dense(4), softmax";
	/** With batch norm (buffers) and dropout (step-dependent masks). */
	static final String STATEFUL =
		"conv(6,3,pad=same), batchnorm, relu, maxpool(2), flatten, dropout(0.2), dense(12), relu, dense(4), softmax";

	@TempDir
	Path dir;

	static ImageDataset data(final int n, final long seed) {
		final IdxArray[] a = TestIdx.make(n, 10, 10, 4, seed);
		final int[] labels = new int[n];
		for (int i = 0; i < n; i++)
			labels[i] = a[1].data()[i];
		return ImageDataset.of(a[0].data(), labels, 1, 10, 10, "synthetic-" + seed);
	}

	static Network net(final String arch, final long seed) {
		final Network net = Architectures.parse(arch, new int[] { 1, 10, 10 }, 4);
		net.initialize(seed);
		return net;
	}

	static TrainingResult train(final Network net, final TrainingConfig c, final ImageDataset train,
		final ImageDataset test, final TrainingListener l, final java.util.function.BooleanSupplier cancel)
	{
		return new Trainer(c).train(net, ModelFile.numberedClasses(4), InputSpec.uint8(1, 10, 10),
			train, test, l, cancel);
	}

	static List<float[]> weights(final Network net) {
		final List<float[]> w = new ArrayList<>();
		for (final Parameter p : net.parameters())
			w.add(p.value().data().clone());
		for (final Parameter p : net.buffers())
			w.add(p.value().data().clone());
		return w;
	}

	static void assertBitwise(final List<float[]> a, final List<float[]> b) {
		assertEquals(a.size(), b.size());
		for (int i = 0; i < a.size(); i++) {
			final float[] x = a.get(i), y = b.get(i);
			assertEquals(x.length, y.length);
			for (int j = 0; j < x.length; j++)
				assertEquals(Float.floatToIntBits(x[j]), Float.floatToIntBits(y[j]), "tensor " + i +
					" element " + j);
		}
	}

	@Test
	void learnsASyntheticProblemQuickly() {
		final ImageDataset train = data(480, 1), test = data(120, 2);
		final Network n = net(SMALL, 5);
		final List<TrainingListener.Progress> progress = new ArrayList<>();
		final List<EpochMetrics> epochs = new ArrayList<>();
		final TrainingResult r = train(n, TrainingConfig.builder().epochs(4).batchSize(16)
			.learningRate(3e-3).seed(5).progressEvery(10).build(), train, test, new TrainingListener() {

				@Override
				public void onBatch(final Progress p) {
					progress.add(p);
				}

				@Override
				public void onEpoch(final EpochMetrics m) {
					epochs.add(m);
				}
			}, null);
		assertEquals(4, r.completedEpochs());
		assertFalse(r.cancelled() || r.stoppedEarly());
		assertEquals(epochs, r.history());
		final EpochMetrics last = r.history().get(3);
		assertTrue(last.testAccuracy() >= 0.95, r.history().toString());
		assertTrue(last.loss() < r.history().get(0).loss(), r.history().toString());
		assertTrue(Double.isNaN(last.validationAccuracy()));
		assertTrue(last.imagesPerSecond() > 0);
		// 30 batches per epoch: reports after 10, 20, 30
		assertEquals(12, progress.size());
		assertEquals(30, progress.get(2).batch());
		assertEquals(0.0, progress.get(11).etaSeconds());
		final Evaluation e = Evaluation.of(r.network(), test, 7);
		assertEquals(last.testAccuracy(), e.accuracy());
		int sum = 0, diag = 0;
		for (int i = 0; i < 4; i++)
			for (int j = 0; j < 4; j++) {
				sum += e.confusion()[i][j];
				if (i == j) diag += e.confusion()[i][j];
			}
		assertEquals(120, sum);
		assertEquals(e.correct(), diag);
		assertTrue(e.confusionTable(List.of("a", "b", "c", "d")).startsWith("actual \\ predicted"));
	}

	@Test
	void sameSeedGivesBitwiseSameWeightsForAnyThreadCount() {
		final ImageDataset train = data(96, 1);
		final TrainingConfig c = TrainingConfig.builder().epochs(2).batchSize(10).seed(9)
			.validationSplit(0.25).build();
		final Network a = net(STATEFUL, 9), b = net(STATEFUL, 9), d = net(STATEFUL, 9);
		final TrainingResult ra = Parallelization.runWithNumThreads(1, () -> train(a, c, train, null,
			null, null));
		final TrainingResult rb = Parallelization.runWithNumThreads(1, () -> train(b, c, train, null,
			null, null));
		Parallelization.runWithNumThreads(2, () -> train(d, c, train, null, null, null));
		assertBitwise(weights(a), weights(b));
		assertBitwise(weights(a), weights(d));
		assertEquals(ra.history().get(1).loss(), rb.history().get(1).loss());
		assertFalse(Double.isNaN(ra.history().get(1).validationAccuracy()));
		final Network other = net(STATEFUL, 9);
		train(other, c.toBuilder().seed(10).build(), train, null, null, null);
		assertFalse(java.util.Arrays.equals(weights(a).get(0), weights(other).get(0)));
	}

	@Test
	void resumeFromACheckpointContinuesExactly() throws IOException {
		final ImageDataset train = data(90, 3), test = data(30, 4);
		for (final String optimizer : new String[] { "adam", "nesterov" }) {
			final TrainingConfig c = TrainingConfig.builder().epochs(3).batchSize(8).optimizer(optimizer)
				.learningRate(optimizer.equals("adam") ? 2e-3 : 0.02).schedule("cosine(3)").seed(4)
				.validationSplit(0.2).checkpointDir(dir.resolve("a-" + optimizer)).build();
			final Network a = net(STATEFUL, 4);
			final TrainingResult ra = train(a, c, train, test, null, null);
			// the same run cancelled after epoch 2, then resumed from its checkpoint
			final Path ckB = dir.resolve("b-" + optimizer);
			final AtomicInteger done = new AtomicInteger();
			final Network b = net(STATEFUL, 4);
			final TrainingResult rb = train(b, c.toBuilder().checkpointDir(ckB).build(), train, test,
				new TrainingListener() {

					@Override
					public void onEpoch(final EpochMetrics m) {
						done.set(m.epoch());
					}
				}, () -> done.get() == 2);
			assertTrue(rb.cancelled());
			assertEquals(2, rb.completedEpochs());
			final Checkpoint cp = Checkpoint.load(ckB.resolve(Checkpoint.FILE_NAME));
			assertEquals(2, cp.epoch());
			assertBitwise(weights(b), weights(cp.network()));
			final TrainingResult rc = new Trainer(c.toBuilder().checkpointDir(ckB).build()).resume(cp,
				train, test, null, null);
			assertEquals(3, rc.completedEpochs());
			assertBitwise(weights(a), weights(rc.network()));
			assertEquals(3, rc.history().size());
			for (int e = 0; e < 3; e++) {
				assertEquals(ra.history().get(e).loss(), rc.history().get(e).loss());
				assertEquals(ra.history().get(e).testAccuracy(), rc.history().get(e).testAccuracy());
			}
			// the final checkpoints are the same model
			assertBitwise(weights(Checkpoint.load(dir.resolve("a-" + optimizer).resolve(
				Checkpoint.FILE_NAME)).network()), weights(rc.network()));
		}
	}

	@Test
	void cancellingMidEpochKeepsTheLastGoodCheckpoint() throws IOException {
		final ImageDataset train = data(64, 5);
		final Path ck = dir.resolve("ck");
		final TrainingConfig c = TrainingConfig.builder().epochs(3).batchSize(8).seed(1)
			.checkpointDir(ck).build();
		final AtomicInteger calls = new AtomicInteger();
		final byte[][] afterEpoch1 = new byte[1][];
		final Network n = net(SMALL, 1);
		final TrainingResult r = train(n, c, train, null, new TrainingListener() {

			@Override
			public void onEpoch(final EpochMetrics m) {
				try {
					afterEpoch1[0] = Files.readAllBytes(ck.resolve(Checkpoint.FILE_NAME));
				}
				catch (final IOException e) {
					throw new java.io.UncheckedIOException(e);
				}
			}
		}, () -> calls.incrementAndGet() > 8 + 3); // 8 batches per epoch: stop inside epoch 2
		assertTrue(r.cancelled());
		assertEquals(1, r.completedEpochs());
		assertEquals(1, r.history().size());
		assertArrayEquals(afterEpoch1[0], Files.readAllBytes(ck.resolve(Checkpoint.FILE_NAME)));
		assertBitwise(weights(Checkpoint.load(ck.resolve(Checkpoint.FILE_NAME)).network()), weights(
			r.network()));
		try (var s = Files.list(ck)) {
			assertEquals(1, s.count(), "only checkpoint.onnx, no temporary file");
		}
	}

	@Test
	void earlyStoppingWhenTheAccuracyStalls() {
		final ImageDataset train = data(40, 6), test = data(20, 7);
		final TrainingResult r = train(net(SMALL, 2), TrainingConfig.builder().epochs(6).batchSize(20)
			.learningRate(1e-12).patience(2).build(), train, test, null, null);
		assertTrue(r.stoppedEarly());
		assertEquals(3, r.completedEpochs());
	}

	@Test
	void badInputsFailBeforeAnythingIsWritten() throws IOException {
		final Path ck = dir.resolve("ck");
		final TrainingConfig c = TrainingConfig.builder().epochs(1).checkpointDir(ck).build();
		final ImageDataset empty = data(10, 1).subset(new int[0]);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> train(net(
			SMALL, 1), c, empty, null, null, null));
		assertTrue(e.getMessage().contains("holds no images"), e.getMessage());
		final IdxArray[] big = TestIdx.make(10, 12, 12, 4, 1);
		final int[] labels = new int[10];
		final ImageDataset wrongSize = ImageDataset.of(big[0].data(), labels, 1, 12, 12, "big");
		final IllegalArgumentException s = assertThrows(IllegalArgumentException.class, () -> train(net(
			SMALL, 1), c, wrongSize, null, null, null));
		assertTrue(s.getMessage().contains("1 x 12 x 12") && s.getMessage().contains("[1, 10, 10]"), s
			.getMessage());
		final int[] many = new int[10];
		many[3] = 7;
		final IdxArray[] a = TestIdx.make(10, 10, 10, 4, 1);
		final IllegalArgumentException l = assertThrows(IllegalArgumentException.class, () -> train(net(
			SMALL, 1), c, ImageDataset.of(a[0].data(), many, 1, 10, 10, "eight classes"), null, null,
			null));
		assertTrue(l.getMessage().contains("labels up to 7") && l.getMessage().contains("4 outputs"), l
			.getMessage());
		assertFalse(Files.exists(ck));
		// resuming with another batch size, or from a final model
		train(net(SMALL, 1), TrainingConfig.builder().epochs(1).batchSize(16).checkpointDir(ck).build(),
			data(32, 1), null, null, null);
		final Checkpoint cp = Checkpoint.load(ck.resolve(Checkpoint.FILE_NAME));
		final IllegalArgumentException r = assertThrows(IllegalArgumentException.class,
			() -> new Trainer(TrainingConfig.builder().epochs(2).batchSize(8).build()).resume(cp, data(32,
				1), null, null, null));
		assertTrue(r.getMessage().contains("batch size 8") && r.getMessage().contains("16"), r
			.getMessage());
		final Path model = dir.resolve("model.onnx");
		ModelFile.of(net(SMALL, 1), ModelFile.numberedClasses(4), InputSpec.uint8(1, 10, 10)).save(
			model);
		final IllegalArgumentException m = assertThrows(IllegalArgumentException.class,
			() -> Checkpoint.load(model));
		assertTrue(m.getMessage().contains("not a checkpoint"), m.getMessage());
		assertNotNull(cp.settings());
		assertNull(cp.settings().get("nothing"));
	}
}
