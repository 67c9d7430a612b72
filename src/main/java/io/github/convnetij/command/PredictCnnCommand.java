package io.github.convnetij.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import io.github.convnetij.nn.predict.Classifier;
import io.github.convnetij.nn.predict.Predictions;
import io.github.convnetij.nn.predict.Shard;

/**
 * <i>Plugins&gt;ConvNet-IJ&gt;CNN&gt;Predict with CNN...</i>: the {@code top_k} most probable
 * classes of the active image, of every slice of the active stack, or of every image in
 * {@code input_folder}, by a model file that "Train CNN..." (or {@code train}) wrote.
 * <p>
 * Macro keys: {@code model} (the {@code .onnx} file), {@code top_k} (3; more than the model's
 * classes shows them all, with a note in the log), {@code input_folder} (optional: the image
 * files of this folder, sorted by path, instead of the active image). The result is an ImageJ
 * results table titled "Results" with the columns {@code image}, {@code rank}, {@code class},
 * {@code probability}, one row per image and rank; a stack's rows name {@code title:slice-label}
 * (or {@code title:N}). The model's recorded preprocessing is applied; an image of a size or
 * channel count the model cannot take is an error naming both shapes.
 * <pre>{@code
 * run("Predict with CNN...", "model=/models/fashion.onnx top_k=3 input_folder=/data/new");
 * saveAs("Results", "/data/predictions.csv");
 * }</pre>
 */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet-IJ>CNN>Predict with CNN...",
	headless = true, description = "Classify the active image, each slice of a stack, or a " +
		"folder of images with a trained CNN")
public class PredictCnnCommand implements Command {

	@Parameter(label = "Image", description = "The image or stack to classify (left out with an " +
		"input folder).", required = false, persist = false)
	private ImagePlus image;

	@Parameter(label = "Model file", description = "The .onnx model file written by Train CNN.",
		style = "extensions:onnx", persist = false)
	private File model;

	@Parameter(label = "Top k", description = "Classes shown per image, most probable first.",
		min = "1", persist = false)
	private int top_k = 3;

	@Parameter(label = "Input folder", description = "Classify every image file of this folder " +
		"(sorted by path) instead of the active image; empty = the active image.", style = "directory",
		required = false, persist = false)
	private File input_folder;

	@Parameter(label = "Preprocessing", description = "model: as the model file records it " +
		"(resize, crop, scaling, mean/std); none: only 8-bit values / 255 (16-bit / 65535), channels " +
		"in RGB order, no resizing, no normalisation (for checks against other engines).", choices = {
			"model", "none" }, persist = false)
	private String preprocess = "model";

	@Parameter(label = "Labels file", description = "Class names, one per line, one per output, " +
		"instead of the model's; empty = the model's.", required = false, persist = false)
	private File labels;

	private List<Predictions.Row> rows;
	private ResultsTable table;
	private final List<String> notes = new ArrayList<>();

	/** The rows, after {@link #run()}. */
	public List<Predictions.Row> getRows() {
		return rows;
	}

	/** The results table, after {@link #run()}. */
	public ResultsTable getTable() {
		return table;
	}

	/** Notes for the user (top_k clamped, classes without names), after {@link #run()}. */
	public List<String> getNotes() {
		return notes;
	}

	@Override
	public void run() {
		if (model == null) throw new IllegalArgumentException("model: no model file given: " +
			"expected model=<file.onnx>");
		final Classifier c = classifier(model, preprocess, labels);
		notes.addAll(c.notes());
		final int k = CommandSupport.keyed("top_k", () -> c.topK(top_k, notes::add));
		if (!c.namedClasses()) notes.add("the model names no classes: classes are shown as their " +
			"indices 0.." + (c.classes().size() - 1));
		rows = new ArrayList<>();
		if (input_folder != null && !input_folder.getPath().isEmpty()) {
			final List<Path> files = CommandSupport.keyed("input_folder", () -> files(input_folder
				.toPath()));
			Predictions.run(c, Shard.ALL.select(files), (f, name) -> CnnImages.fromFile(f, name, c.input()
				.channels()), k, rows::add);
		}
		else {
			if (image == null) throw new IllegalArgumentException("image: no image given: open an " +
				"image or give input_folder=<folder>");
			final List<Classifier.Image> images = CnnImages.fromImagePlus(image, c.input().channels(),
				image.getTitle() == null || image.getTitle().isEmpty() ? "image" : image.getTitle());
			Predictions.rows(images, c.classify(images, k), rows::add);
		}
		for (final String n : notes)
			IJ.log("Predict with CNN: " + n);
		if (IJ.getInstance() != null || ij.macro.Interpreter.getInstance() != null) {
			// in ImageJ (menu or macro): ImageJ's "Results" table, which saveAs("Results", ...) saves
			table = fill(ResultsTable.getResultsTable(), rows);
			table.show("Results");
			table.showRowNumbers(false); // show() turns them on for "Results"
		}
		else table = fill(new ResultsTable(), rows);
	}

	/** {@code t} emptied and filled with the rows: image, rank, class, probability. */
	static ResultsTable fill(final ResultsTable t, final List<Predictions.Row> rows) {
		t.reset();
		t.showRowNumbers(false);
		t.setPrecision(6);
		for (final Predictions.Row r : rows) {
			t.incrementCounter();
			t.addValue("image", r.image());
			t.addValue("rank", r.rank());
			t.addValue("class", r.className());
			t.addValue("probability", r.probability());
		}
		return t;
	}

	/**
	 * The classifier of the keys {@code model}, {@code preprocess} ({@code model} or
	 * {@code none}) and {@code labels} (a file, or null); errors start with the key at fault.
	 */
	public static Classifier classifier(final File model, final String preprocess,
		final File labels)
	{
		return configure(CommandSupport.keyed("model", () -> load(model.toPath())), preprocess, labels);
	}

	/** {@code loaded} with the keys {@code preprocess} and {@code labels} (see {@link #classifier}). */
	public static Classifier configure(final Classifier loaded, final String preprocess,
		final File labels)
	{
		final Classifier c = CommandSupport.keyed("preprocess", () -> loaded.withPreprocessing(
			preprocess));
		if (labels == null || labels.getPath().isEmpty()) return c;
		return CommandSupport.keyed("labels", () -> {
			try {
				return c.withLabels(Classifier.readLabels(labels.toPath()), "'" + labels + "'");
			}
			catch (final IOException e) {
				throw new IllegalArgumentException("cannot read '" + labels + "': " + e.getMessage(), e);
			}
		});
	}

	private static Classifier load(final Path file) {
		try {
			return Classifier.load(file);
		}
		catch (final java.nio.file.NoSuchFileException e) {
			throw new IllegalArgumentException("'" + file + "' does not exist", e);
		}
		catch (final IOException e) {
			throw new IllegalArgumentException("cannot read '" + file + "': " + e.getMessage(), e);
		}
	}

	private static List<Path> files(final Path folder) {
		if (!java.nio.file.Files.isDirectory(folder)) throw new IllegalArgumentException("'" + folder +
			"' is not a folder");
		try {
			return Predictions.files(List.of(folder), CnnImages::isImage);
		}
		catch (final IOException e) {
			throw new IllegalArgumentException("cannot list '" + folder + "': " + e.getMessage(), e);
		}
	}
}
