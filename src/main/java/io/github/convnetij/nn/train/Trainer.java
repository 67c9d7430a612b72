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

import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.LearningRateSchedule;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.Optimizer;
import io.github.convnetij.nn.Parameter;
import io.github.convnetij.nn.data.Batch;
import io.github.convnetij.nn.data.Dataset;
import io.github.convnetij.nn.data.MiniBatches;
import io.github.convnetij.nn.onnx.InputSpec;
import io.github.convnetij.nn.onnx.ModelFile;

/**
 * Trains a {@link Network} on a labelled image set with mini-batches shuffled from the seed and
 * the epoch number, minimising the softmax cross-entropy. After each epoch it evaluates the
 * validation split (a seeded random fraction of the training images, held out) and the test set,
 * if given; reports {@link EpochMetrics}; writes {@code checkpoint.onnx} atomically in the
 * checkpoint folder, if given; and stops early when the validation (else test) accuracy has not
 * improved for {@link TrainingConfig#patience()} epochs. The learning rate follows the schedule,
 * updated before every batch with the fractional epoch.
 * <p>
 * The cancellation flag is checked before every batch; a cancelled run returns the network with
 * the weights of its last completed epoch, which is also the last checkpoint written. A
 * {@link Checkpoint} resumes a run exactly: the same data and settings give bitwise the same
 * weights as a run that was never interrupted.
 * <pre>{@code
 * Network net = Architectures.parse(arch, new int[] {1, 28, 28}, 10);
 * net.initialize(config.seed());
 * TrainingResult r = Parallelization.runWithNumThreads(2, () -> new Trainer(config).train(net,
 *     ModelFile.numberedClasses(10), InputSpec.uint8(1, 28, 28), train, test, listener, () -> false));
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
		final ModelFile model = ModelFile.of(net, classes, input); // checks the class count
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

	private static boolean sameSetting(final Object a, final Object b) {
		if ((a instanceof Long || a instanceof Integer) && (b instanceof Long || b instanceof Integer))
			return ((Number) a).longValue() == ((Number) b).longValue();
		if (a instanceof Number x && b instanceof Number y) return x.doubleValue() == y.doubleValue();
		return Objects.equals(a, b);
	}

	/** Where a run starts. */
	private record State(ModelFile model, Optimizer optimizer, int epoch, double best,
		int bestEpoch, int badEpochs, List<EpochMetrics> history) {}

	private TrainingResult run(final State start, final Dataset training,
		final Dataset test, final TrainingListener listenerOrNull,
		final BooleanSupplier cancelledOrNull)
	{
		final TrainingListener listener = listenerOrNull != null ? listenerOrNull
			: new TrainingListener() {};
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
		if (test != null) {
			if (test.isEmpty()) throw new IllegalArgumentException("the test data (" + test.source() +
				") holds no images");
			Evaluation.checkCompatible(net, test, "the test data");
		}
		final LearningRateSchedule schedule = config.newSchedule();
		final List<EpochMetrics> history = new ArrayList<>(start.history());
		double best = start.best();
		int bestEpoch = start.bestEpoch(), bad = start.badEpochs();
		final int epochs = config.epochs();
		listener.onStart(start.epoch() + 1, epochs, train.size(), validation == null ? 0 : validation
			.size(), test == null ? 0 : test.size());
		Snapshot snapshot = new Snapshot(net);
		Path checkpointFile = null;
		int completed = start.epoch();
		boolean stoppedEarly = false;
		for (int epoch = start.epoch() + 1; epoch <= epochs; epoch++) {
			final MiniBatches batches = MiniBatches.shuffled(train, config.batchSize(), config.seed(),
				epoch);
			final int nb = batches.numBatches();
			final long t0 = System.nanoTime();
			double lossSum = 0;
			long correct = 0, seen = 0;
			try (MiniBatches.Ahead ahead = batches.ahead(2)) {
			for (int b = 0; b < nb; b++) {
				if (cancelled.getAsBoolean()) {
					snapshot.restore(net);
					return new TrainingResult(net, history, completed, false, true, checkpointFile);
				}
				opt.setLearningRate(schedule.rate(config.learningRate(), epoch - 1 + b / (double) nb));
				final Batch batch = ahead.batch(b);
				final Network.BatchResult r = net.computeGradients(batch.images(), batch.labels());
				opt.step();
				lossSum += r.loss() * r.count();
				correct += r.correct();
				seen += r.count();
				if ((b + 1) % config.progressEvery() == 0 || b == nb - 1) {
					final double secs = (System.nanoTime() - t0) / 1e9;
					final double perBatch = secs / (b + 1);
					final long remaining = (long) (epochs - epoch) * nb + nb - b - 1;
					listener.onBatch(new TrainingListener.Progress(epoch, epochs, b + 1, nb, lossSum / seen,
						correct / (double) seen, seen / secs, remaining * perBatch));
				}
			}
			}
			final double seconds = (System.nanoTime() - t0) / 1e9;
			final Evaluation v = validation == null ? null : Evaluation.of(net, validation, config
				.evalBatchSize());
			final Evaluation t = test == null ? null : Evaluation.of(net, test, config.evalBatchSize());
			final EpochMetrics m = new EpochMetrics(epoch, lossSum / seen, correct / (double) seen,
				v == null ? Double.NaN : v.loss(), v == null ? Double.NaN : v.accuracy(), t == null
					? Double.NaN : t.loss(), t == null ? Double.NaN : t.accuracy(), seen / seconds, seconds,
				opt.learningRate());
			history.add(m);
			completed = epoch;
			final double watched = m.monitored();
			if (!Double.isNaN(watched)) {
				if (Double.isNaN(best) || watched > best) {
					best = watched;
					bestEpoch = epoch;
					bad = 0;
				}
				else bad++;
			}
			if (config.checkpointDir() != null) {
				checkpointFile = config.checkpointDir().resolve(Checkpoint.FILE_NAME);
				final Checkpoint cp = new Checkpoint(start.model().withHistory(maps(history)), epoch, net
					.seed(), net.step(), opt.steps(), copy(opt.state()), config.decisive(), best, bestEpoch,
					bad, training.size(), config.epochs(), config.patience());
				try {
					cp.save(checkpointFile);
				}
				catch (final IOException e) {
					throw new UncheckedIOException(new IOException("cannot write the checkpoint '" +
						checkpointFile + "': " + e.getMessage(), e));
				}
				listener.onCheckpoint(checkpointFile);
			}
			snapshot = new Snapshot(net);
			listener.onEpoch(m);
			if (config.patience() > 0 && bad >= config.patience() && epoch < epochs) {
				stoppedEarly = true;
				break;
			}
		}
		return new TrainingResult(net, history, completed, stoppedEarly, false, checkpointFile);
	}

	/** The metrics as JSON maps, for a model's history. */
	public static List<Map<String, Object>> maps(final List<EpochMetrics> history) {
		final List<Map<String, Object>> out = new ArrayList<>();
		for (final EpochMetrics m : history)
			out.add(m.toMap());
		return out;
	}

	private static Map<String, Tensor> copy(final Map<String, Tensor> state) {
		final Map<String, Tensor> out = new LinkedHashMap<>();
		for (final Map.Entry<String, Tensor> e : state.entrySet())
			out.put(e.getKey(), e.getValue().copy());
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
				}
			net.setStep(step);
		}
	}
}
