package io.github.convnetij.ij1;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.process.ByteProcessor;

/**
 * A test-only command with an optional image input ({@code required = false}), as Train CNN and
 * Predict with CNN have: it makes a new image, titled after the image given or
 * {@code made-without-image}. Its menu is outside {@code Plugins>ConvNet-IJ}, so it gets no
 * {@code plugins.config} line.
 */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet-IJ Tests>Optional Image...",
	headless = true)
public class OptionalImageTestCommand implements Command {

	@Parameter(label = "Image", required = false, persist = false)
	private ImagePlus image;

	@Parameter(label = "Size", min = "1", persist = false)
	private int size = 5;

	@Parameter(label = "Result", type = ItemIO.OUTPUT)
	private ImagePlus result;

	@Override
	public void run() {
		result = new ImagePlus(image == null ? "made-without-image" : "made-from-" + image.getTitle(),
			new ByteProcessor(size, size));
	}
}
