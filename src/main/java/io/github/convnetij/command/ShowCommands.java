package io.github.convnetij.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import io.github.convnetij.nn.predict.Classifier;
import io.github.convnetij.viz.Figure;
import io.github.convnetij.viz.InspectedModel;
import io.github.convnetij.viz.NetworkViews;

/**
 * What the four "Show ..." commands share: reading the {@code model} key, checking the
 * {@code output} key before any work, pictures as ImageJ images, pages written. Errors start with
 * the key ({@code model: }, {@code output: }).
 */
final class ShowCommands {

	private ShowCommands() {}

	/** Whether a file key was left empty. */
	static boolean empty(final File f) {
		return f == null || f.getPath().isEmpty();
	}

	/**
	 * The model of the {@code model} key, any output (classifier, imported graph without softmax,
	 * image-to-image), through the {@link ModelCache}: the second call for an unchanged file does
	 * not read it again. Callers run its network one at a time ({@code synchronized}).
	 */
	static InspectedModel inspected(final File model) {
		if (empty(model)) throw new IllegalArgumentException("model: no model file given: " +
			"expected model=<file.onnx>");
		final Path file = model.toPath();
		try {
			return ModelCache.get(file);
		}
		catch (final java.nio.file.NoSuchFileException e) {
			throw new IllegalArgumentException("model: '" + file + "' does not exist", e);
		}
		catch (final IOException e) {
			throw new IllegalArgumentException("model: cannot read '" + file + "': " + e.getMessage(), e);
		}
		catch (final IllegalArgumentException e) {
			final String m = String.valueOf(e.getMessage());
			throw new IllegalArgumentException(m.startsWith("'") ? "model: " + m : "model: '" + file +
				"': " + m, e);
		}
	}

	/**
	 * The layer names a dialog offers for the {@code layer} key when {@code model} is chosen (conv
	 * layers only for {@code convOnly}); empty when no readable model is chosen. Never throws.
	 */
	static List<String> layerChoices(final Object model, final boolean convOnly) {
		if (!(model instanceof File) || empty((File) model) || !((File) model).isFile()) return List.of();
		try {
			final InspectedModel m = ModelCache.get(((File) model).toPath());
			return convOnly ? m.convLayers() : m.layers();
		}
		catch (final IOException | RuntimeException e) {
			return List.of();
		}
	}

	/** The model file of the {@code model} key as a classifier (its recorded preprocessing). */
	static Classifier classifier(final File model) {
		if (empty(model)) throw new IllegalArgumentException("model: no model file given: " +
			"expected model=<file.onnx>");
		final Path file = model.toPath();
		try {
			return Classifier.load(file);
		}
		catch (final java.nio.file.NoSuchFileException e) {
			throw new IllegalArgumentException("model: '" + file + "' does not exist", e);
		}
		catch (final IOException e) {
			throw new IllegalArgumentException("model: cannot read '" + file + "': " + e.getMessage(), e);
		}
		catch (final IllegalArgumentException e) {
			final String m = e.getMessage();
			throw new IllegalArgumentException(m != null && m.startsWith("'") ? "model: " + m : "model: '" +
				file + "': " + m, e);
		}
	}

	/**
	 * The {@code output} key checked before any work: null when empty; else a file name ending in
	 * one of {@code extensions}, not a folder, in an existing folder.
	 */
	static Path output(final File output, final String... extensions) {
		if (empty(output)) return null;
		final Path p = output.toPath();
		final String name = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(
			Locale.ROOT);
		boolean ok = false;
		for (final String e : extensions)
			ok |= name.endsWith("." + e);
		if (!ok) throw new IllegalArgumentException("output: '" + output + "' does not end in ." +
			String.join(" or .", extensions));
		if (Files.isDirectory(p)) throw new IllegalArgumentException("output: '" + output +
			"' is a folder: expected a file name");
		final Path dir = p.toAbsolutePath().getParent();
		if (dir != null && !Files.isDirectory(dir)) throw new IllegalArgumentException(
			"output: the folder '" + dir + "' does not exist");
		return p;
	}

	/** Writes the pages ({@link NetworkViews#writePages}); an error names the {@code output} key. */
	static List<Path> write(final List<Figure> pages, final Path output) {
		try {
			return NetworkViews.writePages(pages, output);
		}
		catch (final IOException e) {
			throw new IllegalArgumentException("output: cannot write '" + output + "': " + e.getMessage(),
				e);
		}
	}

	/** A picture as an RGB image. */
	static ImagePlus image(final String title, final Figure f) {
		return new ImagePlus(title, new ColorProcessor(f.image()));
	}

	/**
	 * Pages as one RGB stack (smaller pages centred on white, slice labels = their titles), or one
	 * image for one page.
	 */
	static ImagePlus stack(final String title, final List<Figure> pages) {
		if (pages.size() == 1) return image(title, pages.get(0));
		int w = 0, h = 0;
		for (final Figure f : pages) {
			w = Math.max(w, f.width());
			h = Math.max(h, f.height());
		}
		final ImageStack s = new ImageStack(w, h);
		for (final Figure f : pages) {
			final ColorProcessor cp = new ColorProcessor(w, h);
			cp.setColor(java.awt.Color.WHITE);
			cp.fill();
			cp.insert(new ColorProcessor(f.image()), (w - f.width()) / 2, (h - f.height()) / 2);
			s.addSlice(f.text().get(Figure.TITLE), cp);
		}
		return new ImagePlus(title, s);
	}
}
