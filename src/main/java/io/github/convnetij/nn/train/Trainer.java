package io.github.convnetij.nn.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

import io.github.convnetij.compute.Progress;
import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.LearningRateSchedule;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.Optimizer;
import io.github.convnetij.nn.Parameter;
import io.github.convnetij.nn.data.Batch;
import io.github.convnetij.nn.data.Dataset;
import io.github.convnetij.nn.data.MiniBatches;
import io.github.convnetij.nn.onnx.InputSpec;
import io.github.convnetij.nn.onnx.Json;
import io.github.convnetij.nn.onnx.ModelFile;
import io.github.convnetij.ops.augment.Augmentation;
import io.github.convnetij.ops.augment.Augmenter;
import io.github.convnetij.ops.augment.Seeds;
import io.github.convnetij.ops.augment.Transform;

/**
 * Trains a {@link Network} on a labelled {@link Dataset} with mini-batches shuffled from the seed
 * and the epoch number, minimising the softmax cross-entropy. Training images are augmented on
 * the fly when {@link TrainingConfig#augmentation()} is set: the replicate of dataset image
 * {@code i} in epoch {@code e} is drawn from {@code Seeds.derive(Seeds.derive(seed, e), i)}. After
 * each epoch it evaluates the validation split (stratified, seeded, held out) and the test set, if
 * given, and calls the listeners: its own {@link CheckpointListener} (when a checkpoint folder is
 * set) and {@link EarlyStopping} (when a patience is set), then the caller's. The learning rate
 * follows the schedule, updated before every batch with the fractional epoch.
 * <p>
 * Cancelling (the {@code cancelled} flag, or the {@code compute.Progress} listener of the calling
 * thread) is checked between batches, the safe point: an optimizer step is never torn. A
 * cancelled run returns the network with the weights of its last completed epoch, which is also
 * the last checkpoint written, and no final model ({@link TrainingResult#model()} is null).
 * Progress is reported to the {@code compute.Progress} listener as the fraction of the run's
 * batches done. A {@link Checkpoint} resumes a run exactly: the same data and settings give
 * bitwise the same weights as a run that was never interrupted.
 * <pre>{@code
 * Network net = Architectures.parse(arch, new int[] {1, 28, 28}, 10);
 * net.initialize(config.seed());
 * TrainingResult r = Parallelization.runWithNumThreads(2, () -> new Trainer(config).train(net,
 *     train.classNames(), InputSpec.uint8(1, 28, 28), train, test, new ProgressLog(System.out::println),
 *     () -> false));
 * if (!r.cancelled()) r.model().save(Path.of("model.onnx"));
 * }</pre>
 * Threads come from the caller's ImgLib2 {@code Parallelization} context. Not thread-safe.
 */
public final class Trainer {

	private final TrainingConfig config;

	public Trainer(final TrainingConfig config) {
		this.config = Objects.requireNonNull(config);
	}

	public TrainingConfig config() {
		return config;
	}

	/**
	 * Trains {@code net} (initialised by the caller) from its current weights for
	 * {@link TrainingConfig#epochs()} epochs.
	 *
	 * @param classes class names, one per network output (for checkpoints)
	 * @param input the input spec (for checkpoints)
	 * @param test the test set evaluated after each epoch, or null
	 * @param listener progress callbacks, or null
	 * @param cancelled checked before every batch, or null
	 * @throws IllegalArgumentException when the data do not fit the network (image size, labels
	 *           beyond its outputs), the training set (after the validation split) is empty, or
	 *           the class names do not match the outputs; nothing is written then
	 * @throws UncheckedIOException when a checkpoint cannot be written
	 */
	public TrainingResult train(final Network net, final List<String> classes,
		final InputSpec input, final Dataset training, final Dataset test,
		final TrainingListener listener, final BooleanSupplier cancelled)
	{
		final ModelFile model = template(ModelFile.of(net, classes, input), training); // checks the class count
		final Optimizer opt = config.newOptimizer(net.parameters());
		return run(new State(model, opt, 0, Double.NaN, 0, 0, new ArrayList<>()), training, test,
			listener, cancelled);
	}

	/**
	 * Continues the run of a checkpoint up to {@link TrainingConfig#epochs()} epochs, with the
	 * training data it was trained on.
	 *
	 * @throws IllegalArgumentException when this trainer's weight-deciding settings (batch size,
	 *           optimizer, learning rate, schedule, weight decay, seed, validation split) differ
	 *           from the checkpoint's, naming the setting; when the training set has another size
	 *           than the checkpoint's; or as {@link #train}
	 */
	public TrainingResult resume(final Checkpoint checkpoint, final Dataset training,
		final Dataset test, final TrainingListener listener, final BooleanSupplier cancelled)
	{
		final Map<String, Object> mine = config.decisive();
		mine.remove(TrainingConfig.AUGMENTATION);
		final String myAug = describe(config.augmentation()), theirAug = describe(checkpoint.config()
			.augmentation());
		if (!myAug.equals(theirAug)) throw new IllegalArgumentException("augmentation " + myAug +
			" differs from the checkpoint's " + theirAug +
			": resume with the settings the checkpoint was trained with");
		for (final Map.Entry<String, Object> e : mine.entrySet()) {
			final Object theirs = checkpoint.settings().get(e.getKey());
			if (!sameSetting(e.getValue(), theirs)) throw new IllegalArgumentException(e.getKey()
				.replace('_', ' ') + " " + e.getValue() + " differs from the checkpoint's " + theirs +
				": resume with the settings the checkpoint was trained with");
		}
		if (checkpoint.trainingImages() != training.size()) throw new IllegalArgumentException(
			"the checkpoint was trained on " + checkpoint.trainingImages() + " images but the training " +
				"data (" + training.source() + ") has " + training.size() +
				": resume with the same training data");
		final Network net = checkpoint.network();
		final Optimizer opt = config.newOptimizer(net.parameters());
		opt.loadState(checkpoint.optimizerState());
		opt.setSteps(checkpoint.optimizerSteps());
		return run(new State(checkpoint.model(), opt, checkpoint.epoch(), checkpoint.best(),
			checkpoint.bestEpoch(), checkpoint.badEpochs(), new ArrayList<>(checkpoint.history())),
			training, test, listener, cancelled);
	}

	private static String describe(final Augmentation a) {
		return a.isIdentity() ? "none" : "'" + a.describe() + "'";
	}

	private static boolean sameSetting(final Object a, final Object b) {
		if ((a instanceof Long || a instanceof Integer) && (b instanceof Long || b instanceof Integer))
			return ((Number) a).longValue() == ((Number) b).longValue();
		if (a instanceof Number x && b instanceof Number y) return x.doubleValue() == y.doubleValue();
		return Objects.equals(a, b);
	}

	/** Where a run starts. */
	private record State(ModelFile model, Optimizer optimizer, int epoch, double best,
		int bestEpoch, int badEpochs, List<EpochMetrics> history) {}

	/** The model file of a new run: classes, input, and the preprocessing and augmentation. */
	private ModelFile template(final ModelFile model, final Dataset training) {
		ModelFile m = model;
		if (training.preprocessing() != null) m = m.withMetadata(ModelFile.PREPROCESSING, training
			.preprocessing().toJson());
		if (!config.augmentation().isIdentity()) m = m.withMetadata(ModelFile.AUGMENTATION, Json.write(
			config.augmentation().toMap()));
		return m;
	}

	private TrainingResult run(final State start, final Dataset training, final Dataset test,
		final TrainingListener listenerOrNull, final BooleanSupplier cancelledOrNull)
	{
		final BooleanSupplier cancelled = cancelledOrNull != null ? cancelledOrNull : () -> false;
		final Network net = start.model().network();
		final Optimizer opt = start.optimizer();
		// check everything before the first batch: nothing is written for bad input
		if (training.isEmpty()) throw new IllegalArgumentException("the training data (" + training
			.source() + ") holds no images");
		final Dataset train, validation;
		if (config.validationSplit() > 0) {
			final Dataset.Split s = training.split(config.validationSplit(), config.seed());
			train = s.training();
			validation = s.validation();
		}
		else {
			train = training;
			validation = null;
		}
		Evaluation.checkCompatible(net, train, "the training data");
		// a whole batch through the network (outputs and gradients) before the first batch
		io.github.convnetij.nn.Budgets.batch(net, Math.min(config.batchSize(), Math.max(1, train
			.size())), true);
		if (test != null) {
			if (test.isEmpty()) throw new IllegalArgumentException("the test data (" + test.source() +
				") holds no images");
			Evaluation.checkCompatible(net, test, "the test data");
		}
		final List<TrainingListener> listeners = new ArrayList<>();
		if (config.checkpointDir() != null) listeners.add(new CheckpointListener(config
			.checkpointDir()));
		if (config.patience() > 0) listeners.add(new EarlyStopping(config.patience()));
		if (listenerOrNull != null) listeners.add(listenerOrNull);
		final Augmenter augmenter = config.augmentation().isIdentity() ? null : Augmenter.of(config
			.augmentation());
		final LearningRateSchedule schedule = config.newSchedule();
		final List<EpochMetrics> history = new ArrayList<>(start.history());
		final TrainingState state = new TrainingState(config, start.model(), opt, history, training
			.size(), listeners);
		state.epoch = start.epoch();
		state.best = start.best();
		state.bestEpoch = start.bestEpoch();
		state.badEpochs = start.badEpochs();
		final int epochs = config.epochs();
		for (final TrainingListener l : listeners)
			l.onStart(start.epoch() + 1, epochs, train.size(), validation == null ? 0 : validation.size(),
				test == null ? 0 : test.size());
		Snapshot snapshot = new Snapshot(net);
		final long runStart = System.nanoTime();
		long nextReport = runStart;
		for (int epoch = start.epoch() + 1; epoch <= epochs; epoch++) {
			final MiniBatches batches = MiniBatches.shuffled(train, config.batchSize(), config.seed(),
				epoch);
			final int nb = batches.numBatches();
			final long t0 = System.nanoTime();
			double lossSum = 0;
			long correct = 0, seen = 0;
			try (MiniBatches.Ahead ahead = batches.ahead(2)) {
				for (int b = 0; b < nb; b++) {
					// the safe point: between batches, never inside an optimizer step
					if (cancelled.getAsBoolean() || Progress.isCancelled()) {
						snapshot.restore(net);
						return new TrainingResult(net, history, state.epoch, false, true, state.checkpoint,
							null);
					}
					opt.setLearningRate(schedule.rate(config.learningRate(), epoch - 1 + b / (double) nb));
					final Batch batch = ahead.batch(b);
					final Tensor x = augmenter == null ? batch.images() : augment(augmenter, batch, epoch);
					// the layers' own task drivers neither report nor cancel inside a batch
					final Network.BatchResult r = Progress.run(null, () -> {
						final Network.BatchResult br = net.computeGradients(x, batch.labels());
						opt.step();
						return br;
					});
					lossSum += r.loss() * r.count();
					correct += r.correct();
					seen += r.count();
					final long now = System.nanoTime();
					if (now - nextReport >= 0) {
						Progress.report(((epoch - 1 - start.epoch()) * (double) nb + b + 1) / ((epochs - start
							.epoch()) * (double) nb));
						nextReport = now + Progress.INTERVAL_MS * 1000000L;
					}
					if ((b + 1) % config.progressEvery() == 0 || b == nb - 1) {
						final double secs = (System.nanoTime() - t0) / 1e9;
						final double perBatch = secs / (b + 1);
						final long remaining = (long) (epochs - epoch) * nb + nb - b - 1;
						final TrainingListener.Progress p = new TrainingListener.Progress(epoch, epochs, b + 1,
							nb, lossSum / seen, correct / (double) seen, seen / secs, remaining * perBatch);
						for (final TrainingListener l : listeners)
							l.onBatch(p);
					}
				}
			}
			final double seconds = (System.nanoTime() - t0) / 1e9;
			final Evaluation v = validation == null ? null : Progress.run(null, () -> Evaluation.of(net,
				validation, config.evalBatchSize()));
			final Evaluation t = test == null ? null : Progress.run(null, () -> Evaluation.of(net, test,
				config.evalBatchSize()));
			final EpochMetrics m = new EpochMetrics(epoch, lossSum / seen, correct / (double) seen,
				v == null ? Double.NaN : v.loss(), v == null ? Double.NaN : v.accuracy(), t == null
					? Double.NaN : t.loss(), t == null ? Double.NaN : t.accuracy(), seen / seconds, seconds,
				opt.learningRate());
			history.add(m);
			state.epoch = epoch;
			final double watched = m.monitored();
			if (!Double.isNaN(watched)) {
				if (Double.isNaN(state.best) || watched > state.best) {
					state.best = watched;
					state.bestEpoch = epoch;
					state.badEpochs = 0;
				}
				else state.badEpochs++;
			}
			for (final TrainingListener l : listeners)
				l.afterEpoch(state);
			snapshot = new Snapshot(net);
			for (final TrainingListener l : listeners)
				l.onEpoch(m);
			if (state.stop) break;
		}
		Progress.report(1);
		return new TrainingResult(net, history, state.epoch, state.stop, false, state.checkpoint,
			finalModel(start.model(), history));
	}

	/**
	 * The model to save: the network, classes, input, history and metadata of the run, without a
	 * checkpoint's optimizer state and trainer state (a resumed run starts from a checkpoint's).
	 */
	private static ModelFile finalModel(final ModelFile m, final List<EpochMetrics> history) {
		ModelFile f = ModelFile.of(m.network(), m.classes(), m.input());
		for (final Map.Entry<String, String> e : m.metadata().entrySet())
			if (!e.getKey().equals(Checkpoint.KEY)) f = f.withMetadata(e.getKey(), e.getValue());
		return f.withHistory(maps(history));
	}

	/**
	 * The batch augmented: the replicate of dataset image {@code i} in epoch {@code e} is drawn from
	 * {@code Seeds.derive(Seeds.derive(seed, e), i)}, whatever batch it falls in.
	 */
	private Tensor augment(final Augmenter augmenter, final Batch batch, final int epoch) {
		final Tensor in = batch.images();
		final int n = batch.size(), w = in.size(3), h = in.size(2);
		final long epochKey = Seeds.derive(config.seed(), epoch);
		final Transform[] t = new Transform[n];
		for (int j = 0; j < n; j++)
			t[j] = augmenter.augmentation().sample(Seeds.derive(epochKey, batch.indices()[j]), w, h);
		final Tensor out = Tensor.zeros(in.shape());
		Progress.run(null, () -> augmenter.apply(in, null, t, null, out));
		return out;
	}

	/** The metrics as JSON maps, for a model's history. */
	public static List<Map<String, Object>> maps(final List<EpochMetrics> history) {
		final List<Map<String, Object>> out = new ArrayList<>();
		for (final EpochMetrics m : history)
			out.add(m.toMap());
		return out;
	}

	/** Weights, buffers and step counter of a network at one moment. */
	private static final class Snapshot {

		private final List<float[]> values = new ArrayList<>();
		private final long step;

		Snapshot(final Network net) {
			for (final List<Parameter> ps : List.of(net.parameters(), net.buffers()))
				for (final Parameter p : ps)
					values.add(p.value().data().clone());
			step = net.step();
		}

		void restore(final Network net) {
			int i = 0;
			for (final List<Parameter> ps : List.of(net.parameters(), net.buffers()))
				for (final Parameter p : ps) {
					final float[] v = values.get(i++);
					System.arraycopy(v, 0, p.value().data(), 0, v.length);
					p.changed();
				}
			net.setStep(step);
		}
	}
}
