package io.github.convnetij.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import io.github.convnetij.nn.predict.Classifier;
import io.github.convnetij.nn.predict.Predictions;
import io.github.convnetij.viz.Figure;
import io.github.convnetij.viz.NetworkViews;

/**
 * <i>Plugins&gt;ConvNet-IJ&gt;CNN&gt;Show Predictions...</i>: for the active image, every slice of
 * the active stack, or every image of {@code input_folder}, a panel with the image, its true class
 * when known (the slice label, or the name of the image's folder, when it is one of the model's
 * classes) and the {@code top_k} most probable classes as probability bars; 3x2 panels per page,
 * more images give more pages (an RGB stack in ImageJ; {@code NAME-001.png}, {@code NAME-002.png}
 * for {@code output=NAME.png}). A model without class names shows indices, with a note.
 * <p>
 * Macro keys: {@code model}, {@code top_k} (3; 1 to 10), {@code input_folder} (optional),
 * {@code output} (optional {@code .png}). At most {@value NetworkViews#MAX_PANEL_IMAGES} images.
 * <pre>{@code
 * run("Show Predictions...", "model=/models/fashion.onnx top_k=3 input_folder=/data/test/Coat output=/tmp/coats.png");
 * }</pre>
 */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet-IJ>CNN>Show Predictions...",
	headless = true, description = "Panels of images with their true class and a CNN's top " +
		"classes as probability bars")
public class ShowPredictionsCommand implements Command {

	@Parameter(label = "Image", description = "The image or stack to show (left out with an input " +
		"folder).", required = false, persist = false)
	private ImagePlus image;

	@Parameter(label = "Model file", description = "The .onnx model file written by Train CNN.",
		style = "extensions:onnx", persist = false)
	private File model;

	@Parameter(label = "Top k", description = "Classes shown per image, most probable first.",
		min = "1", max = "10", persist = false)
	private int top_k = 3;

	@Parameter(label = "Input folder", description = "Show every image file of this folder " +
		"(sorted by path) instead of the active image; empty = the active image.", style = "directory",
		required = false, persist = false)
	private File input_folder;

	@Parameter(label = "Output file", description = "Write the pages to this .png (several pages: " +
		"NAME-001.png, NAME-002.png ...); empty = only show them.", style = "save", required = false,
		persist = false)
	private File output;

	@Parameter(label = "Predictions", type = ItemIO.OUTPUT)
	private ImagePlus result;

	private List<Figure> pages;
	private List<Path> written = List.of();

	/** The pages, after {@link #run()}. */
	public List<Figure> getPages() {
		return pages;
	}

	/** The files written, after {@link #run()} (none without {@code output}). */
	public List<Path> getWritten() {
		return written;
	}

	@Override
	public void run() {
		final Path out = ShowCommands.output(output, "png");
		final Classifier c = ShowCommands.classifier(model);
		if (top_k < 1 || top_k > 10) throw new IllegalArgumentException("top_k: " + top_k +
			" is not allowed: expected a whole number from 1 to 10");
		final String title;
		if (!ShowCommands.empty(input_folder)) {
			final Path folder = input_folder.toPath();
			if (!Files.isDirectory(folder)) throw new IllegalArgumentException("input_folder: '" +
				folder + "' is not a folder");
			final List<Path> files;
			try {
				files = Predictions.files(List.of(folder), CnnImages::isImage);
			}
			catch (final IOException e) {
				throw new IllegalArgumentException("input_folder: cannot list '" + folder + "': " + e
					.getMessage(), e);
			}
			title = folder.getFileName() == null ? folder.toString() : folder.getFileName().toString();
			pages = CommandSupport.keyed("input_folder", () -> ofFiles(c, files, top_k, title));
		}
		else {
			if (image == null) throw new IllegalArgumentException("image: no image given: open an " +
				"image or give input_folder=<folder>");
			title = CommandSupport.baseTitle(image.getTitle());
			final List<Classifier.Image> images = CnnImages.fromImagePlus(image, c.input().channels(),
				image.getTitle() == null || image.getTitle().isEmpty() ? "image" : image.getTitle());
			final List<String> truths = new ArrayList<>();
			final ImageStack s = image.getStack();
			final int group = Math.max(1, s.getSize() / images.size());
			for (int i = 0; i < images.size(); i++)
				truths.add(firstLine(s.getSliceLabel(i * group + 1)));
			pages = CommandSupport.keyed("image", () -> NetworkViews.predictions(c, images, truths, top_k,
				title));
		}
		for (final String note : c.notes())
			IJ.log("Show Predictions: " + note);
		if (!c.namedClasses()) IJ.log("Show Predictions: the model names no classes: classes are " +
			"shown as their indices 0.." + (c.classes().size() - 1));
		if (out != null) written = ShowCommands.write(pages, out);
		result = ShowCommands.stack(title + " predictions", pages);
	}

	/**
	 * Pages for image files (ImageJ opens them; the model's preprocessing), each file's true class
	 * its folder's name when that is one of the model's classes; the CLI's {@code panel}.
	 *
	 * @throws IllegalArgumentException for more than {@value NetworkViews#MAX_PANEL_IMAGES}
	 *           files (before any is read), a file ImageJ cannot open, or an image the model cannot
	 *           take (naming the file and both shapes)
	 */
	public static List<Figure> ofFiles(final Classifier c, final List<Path> files, final int topK,
		final String title)
	{
		if (files.isEmpty()) throw new IllegalArgumentException("no image files found");
		if (files.size() > NetworkViews.MAX_PANEL_IMAGES) throw new IllegalArgumentException(files
			.size() + " image files: at most " + NetworkViews.MAX_PANEL_IMAGES + " are drawn (" +
			NetworkViews.MAX_PANEL_IMAGES / 6 + " pages); Predict with CNN gives the table of any number");
		final List<Classifier.Image> images = new ArrayList<>(files.size());
		final List<String> truths = new ArrayList<>(files.size());
		for (final Path f : files) {
			try {
				images.add(CnnImages.fromFile(f, f.getFileName().toString(), c.input().channels()));
			}
			catch (final IOException e) {
				throw new IllegalArgumentException("'" + f + "': " + e.getMessage(), e);
			}
			final Path parent = f.toAbsolutePath().getParent();
			truths.add(parent == null || parent.getFileName() == null ? null : parent.getFileName()
				.toString());
		}
		return NetworkViews.predictions(c, images, truths, topK, title);
	}

	private static String firstLine(final String label) {
		if (label == null) return null;
		final String l = label.strip();
		final int nl = l.indexOf('\n');
		return nl >= 0 ? l.substring(0, nl).strip() : l;
	}
}
