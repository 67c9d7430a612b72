package io.github.convnetij.command;

import java.io.File;
import java.io.IOException;
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import io.github.convnetij.nn.data.Dataset;
import io.github.convnetij.nn.data.DatasetOptions;
import io.github.convnetij.nn.data.Datasets;
import io.github.convnetij.nn.data.Preprocessing;
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

	@Parameter(label = "Test data", description = "Labelled images in any layout Train CNN reads: " +
		"a folder of class subfolders (or its test/ part), a CSV manifest, IDX (the t10k-* pair) or " +
		"CIFAR files (the test file).", persist = false)
	private File test_data;

	@Parameter(label = "Data format", description = "auto (detected from the path), folder, idx, " +
		"cifar10, cifar100 or csv.", choices = { "auto", "folder", "idx", "cifar10", "cifar100",
			"csv" }, persist = false)
	private String data_format = "auto";

	@Parameter(label = "Label mode", description = "CIFAR-100: fine (100 classes) or coarse (20).",
		choices = { "fine", "coarse" }, persist = false)
	private String label_mode = "fine";

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
		final String refusal = io.github.convnetij.nn.predict.ModelImport.datasetRefusal(m);
		if (refusal != null) throw new IllegalArgumentException("model: '" + model + "': " + refusal);
		final DatasetOptions base = DatasetOptions.defaults().part(DatasetOptions.Part.TEST);
		final DatasetOptions withFormat = CommandSupport.keyed("data_format", () -> base.dataFormat(
			data_format));
		DatasetOptions o = CommandSupport.keyed("label_mode", () -> withFormat.labelMode(label_mode));
		final int[] in = m.network().inputShape();
		if (in.length == 3) o = o.channels(in[0] == 1 || in[0] == 3 ? in[0] : 0).imageSize(in[2],
			in[1]);
		o = o.classNames(m.classes());
		final String pre = m.metadata().get(ModelFile.PREPROCESSING);
		if (pre != null) {
			final Preprocessing p = CommandSupport.keyed("model", () -> Preprocessing.fromJson(pre));
			o = o.resize(p.resize()).convert(p.convert());
		}
		final DatasetOptions options = o;
		final Dataset test = CommandSupport.keyed("test_data", () -> read(() -> Datasets.open(test_data
			.toPath(), options)));
		CommandSupport.keyed("test_data", () -> Evaluation.checkCompatible(m.network(), test,
			"the test data"));
		evaluation = CommandSupport.keyed("batch_size", () -> Evaluation.of(m.network(), test,
			batch_size));
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
