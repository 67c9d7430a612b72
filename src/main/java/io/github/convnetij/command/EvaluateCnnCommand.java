package io.github.convnetij.command;

import java.io.File;
import java.io.IOException;
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import io.github.convnetij.nn.data.ImageDataset;
import io.github.convnetij.nn.data.ImageDatasets;
import io.github.convnetij.nn.onnx.ModelFile;
import io.github.convnetij.nn.train.Evaluation;

/**
 * <i>Plugins&gt;ConvNet-IJ&gt;CNN&gt;Evaluate CNN...</i>: the accuracy, loss and confusion matrix
 * (rows: actual class, columns: predicted class) of a model file on labelled test data (a folder
 * with a {@code t10k-*} IDX pair, or its only pair, or one file of a pair).
 * <pre>{@code
 * run("Evaluate CNN...", "model=/models/fashion.onnx test_data=/data/fashion-mnist");
 * }</pre>
 */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet-IJ>CNN>Evaluate CNN...",
	headless = true, description = "Accuracy and confusion matrix of a CNN model on test data")
public class EvaluateCnnCommand implements Command {

	@Parameter(label = "Model file", description = "The model file, as written by Train CNN.",
		style = "extensions:onnx", persist = false)
	private File model;

	@Parameter(label = "Test data", description = "A folder with t10k-images-idx3-ubyte[.gz] and " +
		"t10k-labels-idx1-ubyte[.gz], or one file of a pair.", persist = false)
	private File test_data;

	@Parameter(label = "Batch size", description = "Images per batch.", min = "1", persist = false)
	private int batch_size = 256;

	@Parameter(label = "Report", type = ItemIO.OUTPUT)
	private String report;

	private Evaluation evaluation;

	public Evaluation getEvaluation() {
		return evaluation;
	}

	public String getReport() {
		return report;
	}

	@Override
	public void run() {
		if (batch_size < 1) throw new IllegalArgumentException("batch_size: " + batch_size +
			" is not allowed: expected a whole number >= 1");
		if (model == null || model.getPath().isEmpty()) throw new IllegalArgumentException(
			"model: no model file given: expected model=<file.onnx>");
		if (test_data == null || test_data.getPath().isEmpty()) throw new IllegalArgumentException(
			"test_data: no test data given: expected test_data=<folder or file>");
		final ModelFile m = CommandSupport.keyed("model", () -> read(() -> ModelFile.load(model
			.toPath())));
		final ImageDataset test = CommandSupport.keyed("test_data", () -> read(() -> ImageDatasets
			.forTesting(test_data.toPath())));
		CommandSupport.keyed("test_data", () -> Evaluation.checkCompatible(m.network(), test,
			"the test data"));
		evaluation = Evaluation.of(m.network(), test, batch_size);
		report = String.format(Locale.ROOT, "accuracy: %.4f%nloss: %.4f%n", evaluation.accuracy(),
			evaluation.loss()).replace(System.lineSeparator(), "\n") + "images: " + evaluation.count() +
			" (" + test.source() + "), correct: " + evaluation.correct() + "\n" +
			"confusion matrix (rows: actual class, columns: predicted class):\n" + evaluation
				.confusionTable(m.classes());
	}

	@FunctionalInterface
	private interface Read<T> {

		T get() throws IOException;
	}

	private static <T> T read(final Read<T> r) {
		try {
			return r.get();
		}
		catch (final java.nio.file.NoSuchFileException e) {
			throw new IllegalArgumentException("'" + e.getFile() + "' does not exist", e);
		}
		catch (final IOException e) {
			throw new IllegalArgumentException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
		}
	}

}
