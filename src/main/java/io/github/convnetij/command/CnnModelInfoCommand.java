package io.github.convnetij.command;

import java.io.File;
import java.io.IOException;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import io.github.convnetij.nn.onnx.ModelFile;
import io.github.convnetij.nn.predict.ModelInfo;

/**
 * <i>Plugins&gt;ConvNet-IJ&gt;CNN&gt;CNN Model Info...</i>: what a model file holds — its input
 * and preprocessing, classes, layers with their output shapes and parameter counts, the
 * augmentation it was trained with and its training history per epoch ({@link ModelInfo}).
 * <pre>{@code
 * run("CNN Model Info...", "model=/models/fashion.onnx");
 * }</pre>
 */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet-IJ>CNN>CNN Model Info...",
	headless = true, description = "Layers, input, classes and training history of a CNN model file")
public class CnnModelInfoCommand implements Command {

	@Parameter(label = "Model file", description = "The .onnx model file.",
		style = "extensions:onnx", persist = false)
	private File model;

	@Parameter(label = "Model info", type = ItemIO.OUTPUT)
	private String info;

	/** The description, after {@link #run()}. */
	public String getInfo() {
		return info;
	}

	@Override
	public void run() {
		if (model == null || model.getPath().isEmpty()) throw new IllegalArgumentException(
			"model: no model file given: expected model=<file.onnx>");
		final ModelFile m = CommandSupport.keyed("model", () -> {
			try {
				return ModelFile.load(model.toPath());
			}
			catch (final java.nio.file.NoSuchFileException e) {
				throw new IllegalArgumentException("'" + model + "' does not exist", e);
			}
			catch (final IOException e) {
				throw new IllegalArgumentException("cannot read '" + model + "': " + e.getMessage(), e);
			}
		});
		info = "model: " + model + "\n" + ModelInfo.describe(m);
	}
}
