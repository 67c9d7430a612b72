package io.github.convnetij.command;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * <i>Help&gt;About Plugins&gt;ConvNet-IJ...</i>: the version of ConvNet-IJ and where its
 * documentation is, as one text output (Fiji shows it in a window; the ImageJ 1.x bridge in the
 * Log window).
 */
@Plugin(type = Command.class, menuPath = "Help>About Plugins>ConvNet-IJ...", headless = true,
	description = "Version and documentation of ConvNet-IJ")
public class AboutCommand implements Command {

	/** Where the documentation is. */
	public static final String DOCUMENTATION = "https://github.com/convnetij/convnet-ij";

	@Parameter(label = "About ConvNet-IJ", type = ItemIO.OUTPUT)
	private String about;

	@Override
	public void run() {
		about = text();
	}

	/** {@code ConvNet-IJ <version>: ...} with the documentation's address. */
	public static String text() {
		return "ConvNet-IJ " + CommandSupport.version() + ": convolution, pooling, augmentation and " +
			"convolutional neural networks for ImageJ and Fiji, under Plugins>ConvNet-IJ. " +
			"Documentation: " + DOCUMENTATION;
	}
}
