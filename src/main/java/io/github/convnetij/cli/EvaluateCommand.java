package io.github.convnetij.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.github.convnetij.nn.data.ImageDataset;
import io.github.convnetij.nn.data.ImageDatasets;
import io.github.convnetij.nn.onnx.ModelFile;
import io.github.convnetij.nn.train.Evaluation;
import net.imglib2.parallel.Parallelization;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code evaluate}: the accuracy of a model file on MNIST-style IDX test data, and its confusion
 * matrix (rows: actual class, columns: predicted class). {@code --test-data} is a folder (its
 * {@code t10k-*} pair, or its only pair) or one file of an images/labels pair.
 * <pre>{@code
 * java -jar convnet-ij-cli.jar evaluate --model fashion.onnx --test-data /usr/share/datasets/fashion-mnist
 * accuracy: 0.9012
 * loss: 0.2754
 * ...
 * }</pre>
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
	versionProvider = Main.Version.class,
	description = "Accuracy and confusion matrix of an ONNX model on MNIST-style IDX test data.")
public final class EvaluateCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Option(names = "--model", required = true, paramLabel = "MODEL.onnx", description = "The " +
		"model file, as written by train.")
	Path model;

	@Option(names = "--test-data", required = true, paramLabel = "PATH", description = "A folder " +
		"with t10k-images-idx3-ubyte[.gz] and t10k-labels-idx1-ubyte[.gz], or one file of a pair.")
	Path testData;

	@Option(names = "--batch-size", paramLabel = "N", description = "Images per batch. " +
		"Default: 256.")
	int batchSize = 256;

	@Mixin
	ThreadsOption threads;

	@Override
	public Integer call() {
		final PrintWriter out = spec.commandLine().getOut();
		threads.requested();
		if (batchSize < 1) throw new IllegalArgumentException("--batch-size: " + batchSize +
			" is not allowed: expected a whole number >= 1");
		final ModelFile m = TrainCommand.option("--model", () -> ModelFile.load(model));
		final ImageDataset test = TrainCommand.option("--test-data", () -> ImageDatasets.forTesting(
			testData));
		TrainCommand.option("--test-data", () -> Evaluation.checkCompatible(m.network(), test,
			"the test data"));
		final Evaluation e = Parallelization.runWithNumThreads(threads.count(), () -> Evaluation.of(m
			.network(), test, batchSize));
		out.println(String.format(Locale.ROOT, "accuracy: %.4f", e.accuracy()));
		out.println(String.format(Locale.ROOT, "loss: %.4f", e.loss()));
		out.println("images: " + e.count() + " (" + test.source() + "), correct: " + e.correct());
		out.println("confusion matrix (rows: actual class, columns: predicted class):");
		out.print(e.confusionTable(m.classes()));
		out.flush();
		return Cli.OK;
	}
}
