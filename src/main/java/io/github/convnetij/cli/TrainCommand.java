package io.github.convnetij.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.data.ImageDataset;
import io.github.convnetij.nn.data.ImageDatasets;
import io.github.convnetij.nn.onnx.InputSpec;
import io.github.convnetij.nn.onnx.Json;
import io.github.convnetij.nn.onnx.ModelFile;
import io.github.convnetij.nn.onnx.Onnx;
import io.github.convnetij.nn.train.Checkpoint;
import io.github.convnetij.nn.train.EpochMetrics;
import io.github.convnetij.nn.train.Trainer;
import io.github.convnetij.nn.train.TrainingConfig;
import io.github.convnetij.nn.train.TrainingListener;
import io.github.convnetij.nn.train.TrainingResult;
import net.imglib2.parallel.Parallelization;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code train}: trains a network on MNIST-style IDX data and writes it as an ONNX model file.
 * <p>
 * {@code --training-data} is a folder or one file of an images/labels pair. A folder holding
 * {@code train-*} and {@code t10k-*} pairs (as the MNIST and Fashion-MNIST downloads) trains on
 * the {@code train} pair and, unless {@code --test-data} is given, tests on the {@code t10k}
 * pair after every epoch; a folder given as {@code --test-data} gives its {@code t10k} pair.
 * Prints a progress line every {@code --progress-every} batches (epoch, batch, images/s, loss,
 * ETA) and a summary per epoch; {@code --metrics} writes a JSON list with one object per epoch
 * ({@code epoch}, {@code loss}, {@code accuracy}, {@code test_accuracy}, {@code images_per_s},
 * ...), rewritten after every epoch. {@code --checkpoint DIR} writes {@code DIR/checkpoint.onnx}
 * after every epoch (atomically: an interrupted run keeps the last complete one) and
 * {@code --resume DIR/checkpoint.onnx} continues such a run exactly; options left out then take
 * the checkpoint's values. Bad input stops the command before anything is written.
 * <pre>{@code
 * java -jar convnet-ij-cli.jar train --training-data /usr/share/datasets/fashion-mnist \
 *     --epochs 3 --batch-size 64 --optimizer adam --lr 1e-3 --seed 0 --threads 2 \
 *     --checkpoint ckpt --model fashion.onnx --metrics fashion.json
 * }</pre>
 */
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
	description = "Train a network on MNIST-style IDX images and labels; write an ONNX model file.")
public final class TrainCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Option(names = "--training-data", required = true, paramLabel = "PATH", description = "A " +
		"folder with train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz] (and t10k-* for " +
		"testing), or one file of an images/labels pair.")
	Path trainingData;

	@Option(names = "--test-data", paramLabel = "PATH", description = "Test images evaluated " +
		"after every epoch: a folder (its t10k-* pair) or one file of a pair. Default: the t10k-* " +
		"pair of the --training-data folder, if any.")
	Path testData;

	@Option(names = "--architecture", paramLabel = "STR", description = "The network, e.g. " +
		"\"conv(32,3,pad=1), relu, maxpool(2), flatten, dense(10), softmax\". Default: conv/pool " +
		"blocks for the image size, then dense(128), relu, dense(classes), softmax.")
	String architecture;

	@Option(names = "--epochs", paramLabel = "N", description = "Epochs in total (a resumed run " +
		"continues up to N). Default: 10.")
	Integer epochs;

	@Option(names = "--batch-size", paramLabel = "N", description = "Images per mini-batch. " +
		"Default: 64.")
	Integer batchSize;

	@Option(names = "--optimizer", paramLabel = "NAME", description = "adam, sgd, momentum " +
		"(SGD with momentum 0.9), nesterov or adamw. Default: adam.")
	String optimizer;

	@Option(names = "--lr", paramLabel = "X", description = "Learning rate. Default: 0.001 for " +
		"adam and adamw, 0.01 for the SGD variants.")
	Double lr;

	@Option(names = "--schedule", paramLabel = "STR", description = "Learning-rate schedule: " +
		"constant, step(every[,gamma]) or cosine(epochs[,min_factor]). Default: constant.")
	String schedule;

	@Option(names = "--weight-decay", paramLabel = "X", description = "Weight decay (L2; " +
		"decoupled for adamw). Default: 0 (0.01 for adamw).")
	Double weightDecay;

	@Option(names = "--seed", paramLabel = "N", description = "Seed of the initial weights, the " +
		"shuffling, the validation split and dropout. Default: 0.")
	Long seed;

	@Option(names = "--validation-split", paramLabel = "F", description = "Fraction of the " +
		"training images held out and evaluated after every epoch. Default: 0.")
	Double validationSplit;

	@Option(names = "--patience", paramLabel = "N", description = "Stop when the validation (else " +
		"test) accuracy has not improved for N epochs; 0 never stops early. Default: 0.")
	Integer patience;

	@Option(names = "--checkpoint", paramLabel = "DIR", description = "Write DIR/checkpoint.onnx " +
		"after every epoch.")
	Path checkpoint;

	@Option(names = "--resume", paramLabel = "FILE", description = "Continue the run of a " +
		"checkpoint file, with the same training data and settings.")
	Path resume;

	@Option(names = "--model", required = true, paramLabel = "MODEL.onnx", description = "The " +
		"ONNX model file to write at the end.")
	Path model;

	@Option(names = "--metrics", paramLabel = "FILE.json", description = "Write the per-epoch " +
		"metrics as JSON, after every epoch.")
	Path metrics;

	@Mixin
	ThreadsOption threads;

	@Option(names = "--progress-every", paramLabel = "N", description = "Batches between " +
		"progress lines. Default: 100.")
	Integer progressEvery;

	@Override
	public Integer call() throws IOException {
		final PrintWriter out = spec.commandLine().getOut();
		threads.requested();
		checkOutput("--model", model);
		if (metrics != null) checkOutput("--metrics", metrics);
		if (checkpoint != null && Files.exists(checkpoint) && !Files.isDirectory(checkpoint))
			throw new IllegalArgumentException("--checkpoint: '" + checkpoint +
				"' is a file: expected a folder (it is created if missing)");
		final ImageDataset training = option("--training-data", () -> ImageDatasets.forTraining(
			trainingData));
		final ImageDataset test = testSet();
		final Checkpoint cp = resume == null ? null : option("--resume", () -> Checkpoint.load(
			resume));
		final TrainingConfig config = config(cp);
		final Network net;
		final List<String> classes;
		final InputSpec input;
		if (cp != null) {
			net = cp.network();
			classes = cp.model().classes();
			input = cp.model().input();
			if (architecture != null) {
				final String given = option("--architecture", () -> Architectures.parse(architecture, net
					.inputShape(), 0).architecture());
				if (!given.equals(net.architecture())) throw new IllegalArgumentException(
					"--architecture: '" + architecture + "' differs from the checkpoint's '" + net
						.architecture() + "': leave --architecture out to resume");
			}
		}
		else {
			final int k = Math.max(training.numClasses(), test == null ? 0 : test.numClasses());
			final int[] shape = { training.channels(), training.height(), training.width() };
			final String arch = architecture != null ? architecture : Architectures.defaultFor(shape, k);
			net = option("--architecture", () -> Architectures.parse(arch, shape, k));
			net.initialize(config.seed());
			classes = ModelFile.numberedClasses(k);
			input = InputSpec.uint8(shape);
		}
		out.println("training on " + training.size() + " images of " + training.channels() + " x " +
			training.height() + " x " + training.width() + " (" + training.source() + ")" + (test == null
				? "" : ", testing on " + test.size() + " (" + test.source() + ")") + ", " + classes.size() +
			" classes");
		out.println("network: " + net.architecture() + " (" + net.numParameters() + " parameters)");
		out.println("optimizer: " + config.newOptimizer(net.parameters()).describe() + ", schedule " +
			config.schedule() + ", batch size " + config.batchSize() + ", seed " + config.seed() +
			", threads " + nThreads());
		out.flush();
		final Trainer trainer = new Trainer(config);
		final TrainingListener listener = new Progress(out, metrics, cp == null ? List.of() : Trainer
			.maps(cp.history()));
		final TrainingResult r = Parallelization.runWithNumThreads(nThreads(), () -> run(trainer, cp,
			net, classes, input, training, test, listener));
		if (r.cancelled()) {
			out.println("cancelled after epoch " + r.completedEpochs() + ": no model written" + (r
				.checkpoint() == null ? "" : "; resume from " + r.checkpoint()));
			out.flush();
			return Cli.INTERNAL;
		}
		r.model().save(model);
		if (r.stoppedEarly()) out.println("stopped early after epoch " + r.completedEpochs() +
			": no better accuracy for " + config.patience() + " epochs");
		out.println("model written to " + model);
		out.flush();
		return Cli.OK;
	}

	/** --threads, or all cores (ImgLib2's default executor would use the common pool's parallelism). */
	private int nThreads() {
		return threads.count();
	}

	private static TrainingResult run(final Trainer trainer, final Checkpoint cp, final Network net,
		final List<String> classes, final InputSpec input, final ImageDataset training,
		final ImageDataset test, final TrainingListener listener)
	{
		if (cp != null) return option("--resume", () -> trainer.resume(cp, training, test, listener,
			null));
		return trainer.train(net, classes, input, training, test, listener, null);
	}

	/** The test set: --test-data, else the t10k pair of a --training-data folder, else none. */
	private ImageDataset testSet() throws IOException {
		if (testData != null) return option("--test-data", () -> ImageDatasets.forTesting(testData));
		if (!option("--training-data", () -> ImageDatasets.hasTestPair(trainingData))) return null;
		final Path[] trainPair = ImageDatasets.resolve(trainingData, "train");
		final Path[] testPair = ImageDatasets.resolve(trainingData, "t10k", "test");
		if (Arrays.equals(trainPair, testPair)) return null; // the folder's only pair
		return option("--training-data", () -> ImageDatasets.forTesting(trainingData));
	}

	/** Settings from the options, defaults from the checkpoint's (when resuming) or the builder's. */
	private TrainingConfig config(final Checkpoint cp) {
		final TrainingConfig.Builder b = cp == null ? TrainingConfig.builder() : option("--resume",
			() -> cp.config().toBuilder());
		set("--epochs", () -> b.epochs(epochs), epochs);
		set("--batch-size", () -> b.batchSize(batchSize), batchSize);
		set("--optimizer", () -> b.optimizer(optimizer), optimizer);
		final boolean sgd = optimizer != null && !optimizer.trim().toLowerCase(Locale.ROOT).startsWith(
			"adam");
		if (lr != null) set("--lr", () -> b.learningRate(lr), lr);
		else if (cp == null && sgd) b.learningRate(0.01);
		if (weightDecay != null) set("--weight-decay", () -> b.weightDecay(weightDecay), weightDecay);
		else if (cp == null && "adamw".equalsIgnoreCase(optimizer == null ? "" : optimizer.trim()))
			b.weightDecay(0.01);
		set("--schedule", () -> b.schedule(schedule), schedule);
		set("--seed", () -> b.seed(seed), seed);
		set("--validation-split", () -> b.validationSplit(validationSplit), validationSplit);
		set("--patience", () -> b.patience(patience), patience);
		set("--progress-every", () -> b.progressEvery(progressEvery), progressEvery);
		b.checkpointDir(checkpoint);
		return b.build();
	}

	private static void set(final String option, final Runnable setter, final Object value) {
		if (value == null) return;
		try {
			setter.run();
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
		}
	}

	/** An output file must not be a folder, and its folder must be writable if it exists. */
	private static void checkOutput(final String option, final Path file) {
		if (Files.isDirectory(file)) throw new IllegalArgumentException(option + ": '" + file +
			"' is a folder: expected a file name");
		final Path dir = file.toAbsolutePath().getParent();
		if (dir != null && Files.isDirectory(dir) && !Files.isWritable(dir))
			throw new IllegalArgumentException(option + ": cannot write in '" + dir +
				"': permission denied");
	}

	@FunctionalInterface
	interface Step<T> {

		T get() throws IOException;
	}

	/** Runs {@code step}, prefixing the message of a user error with the option's name. */
	static <T> T option(final String option, final Step<T> step) {
		try {
			return step.get();
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
		}
		catch (final IOException e) {
			throw new IllegalArgumentException(option + ": " + Cli.reason(e), e);
		}
	}

	/** Prints progress lines and epoch summaries; rewrites the metrics file after every epoch. */
	private static final class Progress implements TrainingListener {

		private final PrintWriter out;
		private final Path metrics;
		private final List<Map<String, Object>> history;

		Progress(final PrintWriter out, final Path metrics, final List<Map<String, Object>> before) {
			this.out = out;
			this.metrics = metrics;
			this.history = new java.util.ArrayList<>(before);
		}

		@Override
		public void onStart(final int firstEpoch, final int epochs, final int trainingImages,
			final int validationImages, final int testImages)
		{
			if (firstEpoch > 1) out.println("resuming at epoch " + firstEpoch + " of " + epochs);
			if (validationImages > 0) out.println("validation split: " + validationImages +
				" images held out, " + trainingImages + " trained on");
			out.flush();
		}

		@Override
		public void onBatch(final TrainingListener.Progress p) {
			out.println(String.format(Locale.ROOT,
				"epoch %d/%d  batch %d/%d  %.0f images/s  loss %.4f  accuracy %.4f  ETA %s", p.epoch(), p
					.epochs(), p.batch(), p.batches(), p.imagesPerSecond(), p.loss(), p.accuracy(), duration(p
						.etaSeconds())));
			out.flush();
		}

		@Override
		public void onEpoch(final EpochMetrics m) {
			final StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
				"epoch %d: loss %.4f, accuracy %.4f", m.epoch(), m.loss(), m.accuracy()));
			if (!Double.isNaN(m.validationAccuracy())) sb.append(String.format(Locale.ROOT,
				", validation accuracy %.4f (loss %.4f)", m.validationAccuracy(), m.validationLoss()));
			if (!Double.isNaN(m.testAccuracy())) sb.append(String.format(Locale.ROOT,
				", test accuracy %.4f (loss %.4f)", m.testAccuracy(), m.testLoss()));
			sb.append(String.format(Locale.ROOT, ", %.0f images/s, %.1f s", m.imagesPerSecond(), m
				.seconds()));
			out.println(sb);
			out.flush();
			history.add(m.toMap());
			if (metrics != null) {
				final String json = Json.write(history).replace("},{", "},\n {") + "\n";
				try {
					Onnx.writeAtomically(metrics, os -> os.write(json.getBytes(StandardCharsets.UTF_8)));
				}
				catch (final IOException e) {
					throw new java.io.UncheckedIOException(new IOException("--metrics: cannot write '" +
						metrics + "': " + Cli.reason(e), e));
				}
			}
		}

		@Override
		public void onCheckpoint(final Path file) {
			out.println("checkpoint written to " + file);
			out.flush();
		}

		private static String duration(final double seconds) {
			final long s = Math.round(seconds);
			if (s >= 3600) return String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s %
				60);
			if (s >= 60) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
			return s + "s";
		}
	}
}
