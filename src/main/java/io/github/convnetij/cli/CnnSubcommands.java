package io.github.convnetij.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.scijava.module.Module;

import io.github.convnetij.command.CnnImages;
import io.github.convnetij.command.CnnModelInfoCommand;
import io.github.convnetij.command.EvaluateCnnCommand;
import io.github.convnetij.command.ImportOnnxModelCommand;
import io.github.convnetij.command.PredictCnnCommand;
import io.github.convnetij.command.TrainCnnCommand;
import io.github.convnetij.nn.onnx.Json;
import io.github.convnetij.nn.onnx.Onnx;
import io.github.convnetij.nn.predict.Classifier;
import io.github.convnetij.nn.predict.Predictions;
import io.github.convnetij.nn.predict.Shard;
import io.github.convnetij.nn.train.EpochMetrics;
import io.github.convnetij.nn.train.TrainingListener;
import net.imglib2.parallel.Parallelization;

/**
 * The CNN subcommands, generated from the commands under <i>Plugins&gt;ConvNet-IJ&gt;CNN</i>:
 * {@code train} (Train CNN), {@code evaluate} (Evaluate CNN), {@code predict} (Predict with CNN)
 * {@code info} (CNN Model Info) and {@code import} (Import ONNX Model).
 * <pre>{@code
 * java -jar convnet-ij-cli.jar train --training-data /data/fashion-mnist --epochs 3 --model f.onnx
 * java -jar convnet-ij-cli.jar predict --model f.onnx --top-k 3 --out predictions.csv images/
 * java -jar convnet-ij-cli.jar predict --model f.onnx --shard 2/8 --out part-2.csv images/
 * java -jar convnet-ij-cli.jar info --model f.onnx
 * java -jar convnet-ij-cli.jar import --model resnet18.onnx --output resnet18-ij.onnx
 * java -jar convnet-ij-cli.jar predict --model resnet18-ij.onnx --preprocess none --raw raw.csv images/
 * }</pre>
 */
final class CnnSubcommands {

	private CnnSubcommands() {}

	static List<CliSubcommand> all() {
		return List.of(train(), evaluate(), predict(), info(), importModel());
	}

	static CliSubcommand train() {
		return CliSubcommand.of("train", TrainCnnCommand.class).description(
			"Train a CNN on labelled images (MNIST-style IDX files); write an ONNX model file.").options(
				CliOptions.THREADS, CliOptions.METRICS, CliOptions.PROGRESS_EVERY).replace("threads",
					CliOptions.THREADS).action(run -> {
						final Integer threads = run.threads();
						run.inputs().put("threads", threads == null ? 0 : threads);
						// outputs are checked before hours of training: their folders must exist
						if (run.inputs().get("model") instanceof java.io.File f && !f.getPath().isEmpty())
							checkOutput("--model", f.toPath());
						final Path metrics = run.value(CliOptions.METRICS);
						if (metrics != null) checkOutput("--metrics", metrics);
						final Integer every = run.value(CliOptions.PROGRESS_EVERY);
						if (every != null && every < 1) throw new IllegalArgumentException("--progress-every: " +
							every + " is not allowed: expected a whole number >= 1");
						final PrintWriter out = run.out();
						final Lines lines = new Lines(out, metrics, resumedHistory(run.inputs().get("resume")));
						TrainCnnCommand.withListener(lines, every == null ? 0 : every, m -> {
							out.println(m);
							out.flush();
						}, run::runCommand);
					}).build();
	}

	static CliSubcommand evaluate() {
		return CliSubcommand.of("evaluate", EvaluateCnnCommand.class).description(
			"Accuracy and confusion matrix of an ONNX model on labelled test data.").options(
				CliOptions.THREADS).action(run -> {
					final Module m = run.runCommand();
					run.out().print(m.getOutput("report"));
					run.out().flush();
				}).build();
	}

	static CliSubcommand info() {
		return CliSubcommand.of("info", CnnModelInfoCommand.class).description(
			"Layers with output shapes, parameters, input, preprocessing, classes and training history " +
				"of a model file.").action(run -> {
					final Module m = run.runCommand();
					run.out().print(m.getOutput("info"));
					run.out().flush();
				}).build();
	}

	/**
	 * {@code import}: the keys of Import ONNX Model ({@code --model}, {@code --output},
	 * {@code --labels}, {@code --resize-size}, {@code --mean}, {@code --std}); the report on
	 * stdout.
	 */
	static CliSubcommand importModel() {
		return CliSubcommand.of("import", ImportOnnxModelCommand.class).description(
			"Validate an ONNX classifier from another tool (e.g. a torchvision model exported by " +
				"PyTorch); write a new model file with its preprocessing and class names.").action(run -> {
					final Module m = run.runCommand();
					run.out().print(m.getOutput("report"));
					run.out().flush();
				}).build();
	}

	/**
	 * {@code predict}: the keys of Predict with CNN ({@code --model}, {@code --top-k}); INPUT...
	 * (files and folders) instead of {@code input_folder}; a CSV table to {@code --out} or stdout.
	 */
	static CliSubcommand predict() {
		return CliSubcommand.of("predict", PredictCnnCommand.class).description(
			"Classify image files with a CNN model: a CSV table image,rank,class,probability, one row " +
				"per image and rank.").options(CliOptions.THREADS, CliOptions.SHARD, CliOptions.OUT,
					CliOptions.RAW, CliOptions.INPUTS).replace("input_folder", CliOptions.INPUTS).action(run -> {
						final Integer threads = run.threads();
						final Path out = run.value(CliOptions.OUT);
						if (out != null) checkOutput("--out", out);
						final Path rawOut = run.value(CliOptions.RAW);
						if (rawOut != null) checkOutput("--raw", rawOut);
						final String shardText = run.value(CliOptions.SHARD);
						final Shard shard;
						try {
							shard = Shard.resolve(shardText, System.getenv(), line -> {
								run.err().println(line);
								run.err().flush();
							});
						}
						catch (final IllegalArgumentException e) {
							throw new IllegalArgumentException("--shard: " + e.getMessage(), e);
						}
						final List<Path> inputs = run.value(CliOptions.INPUTS);
						if (inputs == null || inputs.isEmpty()) throw new IllegalArgumentException(
							"INPUT: no image files or folders given");
						// the command checks the model and top_k; the files are read here
						final Map<String, Object> keys = run.inputs();
						final java.io.File model = (java.io.File) keys.get("model");
						if (model == null) throw new IllegalArgumentException("--model: no model file given: " +
							"expected --model FILE.onnx");
						final Classifier c = PredictCnnCommand.configure(modelOption(model.toPath()), (String) keys
							.get("preprocess"), (java.io.File) keys.get("labels"));
						final Object k = keys.get("top_k");
						final int topK = k == null ? 3 : ((Number) k).intValue();
						final int kk;
						// notes are printed once the table is written: a failing run prints one line
						final List<String> notes = new ArrayList<>();
						try {
							kk = c.topK(topK, note -> notes.add("note: " + note));
						}
						catch (final IllegalArgumentException e) {
							throw new IllegalArgumentException("--top-k: " + e.getMessage(), e);
						}
						if (!c.namedClasses()) notes.add("note: the model names no classes: classes " +
							"are shown as their indices");
						final List<Path> files;
						try {
							files = shard.select(Predictions.files(inputs, CnnImages::isImage));
						}
						catch (final IllegalArgumentException e) {
							throw new IllegalArgumentException("INPUT: " + e.getMessage(), e);
						}
						final StringBuilder csv = new StringBuilder(Predictions.CSV_HEADER).append('\n');
						final StringBuilder raw = rawOut == null ? null : new StringBuilder(Predictions.rawHeader(c
							.classes())).append('\n');
						final Runnable work = () -> Predictions.run(c, files, (f, name) -> CnnImages.fromFile(f,
							name, c.input().channels()), kk, r -> csv.append(Predictions.csv(r)).append('\n'),
							raw == null ? null : (img, v) -> raw.append(Predictions.rawCsv(img.name(), v)).append(
								'\n'));
						if (threads == null) work.run();
						else Parallelization.runWithNumThreads(threads, work);
						if (out == null) {
							final Writer w = run.out();
							w.write(csv.toString());
							w.flush();
						}
						else {
							final byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
							Onnx.writeAtomically(out, os -> os.write(bytes));
						}
						if (raw != null) {
							final byte[] bytes = raw.toString().getBytes(StandardCharsets.UTF_8);
							Onnx.writeAtomically(rawOut, os -> os.write(bytes));
						}
						// after the work: a failed run prints its one error line only
						for (final String note : notes)
							run.err().println(note);
						for (final String n : c.notes())
							run.err().println("note: " + n);
						run.err().flush();
					}).build();
	}

	/** The history of the checkpoint a run resumes (its metrics file continues it), else none. */
	private static List<Map<String, Object>> resumedHistory(final Object resume) {
		if (!(resume instanceof java.io.File f) || f.getPath().isEmpty()) return List.of();
		try {
			return io.github.convnetij.nn.train.Trainer.maps(io.github.convnetij.nn.train.Checkpoint.load(
				f.toPath()).history());
		}
		catch (final IOException | RuntimeException e) {
			return List.of(); // the command reports a bad checkpoint
		}
	}

	private static Classifier modelOption(final Path file) {
		try {
			return Classifier.load(file);
		}
		catch (final java.nio.file.NoSuchFileException | java.io.FileNotFoundException e) {
			throw new IllegalArgumentException("--model: '" + file + "' does not exist", e);
		}
		catch (final IOException e) {
			throw new IllegalArgumentException("--model: cannot read '" + file + "': " + Cli.reason(e), e);
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException("--model: " + e.getMessage(), e);
		}
	}

	/** An output file must not be a folder; its folder must exist. */
	static void checkOutput(final String option, final Path file) {
		if (Files.isDirectory(file)) throw new IllegalArgumentException(option + ": '" + file +
			"' is a folder: expected a file name");
		final Path dir = file.toAbsolutePath().getParent();
		if (dir != null && !Files.isDirectory(dir)) throw new IllegalArgumentException(option +
			": the folder '" + dir + "' does not exist");
	}

	/** Progress lines and epoch summaries on stdout; the metrics file rewritten after every epoch. */
	private static final class Lines implements TrainingListener {

		private final PrintWriter out;
		private final Path metrics;
		private final List<Map<String, Object>> history = new ArrayList<>();

		Lines(final PrintWriter out, final Path metrics, final List<Map<String, Object>> before) {
			this.out = out;
			this.metrics = metrics;
			history.addAll(before);
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
					throw new UncheckedIOException(new IOException("--metrics: cannot write '" + metrics +
						"': " + Cli.reason(e), e));
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
