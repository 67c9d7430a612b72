package io.github.convnetij.ij1;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.process.ByteProcessor;

/**
 * A test-only command without an image input, as a command reading files has: it makes a new
 * image titled by its {@code name}. Its menu is outside {@code Plugins>ConvNet-IJ}, so it gets no
 * {@code plugins.config} line.
 */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet-IJ Tests>No Image...", headless = true)
public class NoImageTestCommand implements Command {

	@Parameter(label = "Name", persist = false)
	private String name = "made-from-nothing";

	@Parameter(label = "Result", type = ItemIO.OUTPUT)
	private ImagePlus result;

	@Override
	public void run() {
		result = new ImagePlus(name, new ByteProcessor(4, 3));
	}
}
