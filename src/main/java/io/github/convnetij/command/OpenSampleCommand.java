package io.github.convnetij.command;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;

import javax.imageio.ImageIO;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;

/**
 * <i>File&gt;Open Samples&gt;ConvNet-IJ Camera (CC0)</i>: the sample image bundled with ConvNet-IJ
 * ({@code sample/camera.png}, 256 x 256, 8-bit, CC0; see {@code sample/SAMPLE-LICENSE.txt}), as
 * ImageJ's own samples open, but from the jar (no download).
 */
@Plugin(type = Command.class, menuPath = "File>Open Samples>ConvNet-IJ Camera (CC0)",
	headless = true, description = "Opens the CC0 sample image bundled with ConvNet-IJ")
public class OpenSampleCommand implements Command {

	/** The bundled sample, a class-path resource. */
	public static final String SAMPLE = "/sample/camera.png";

	@Parameter(label = "Sample", type = ItemIO.OUTPUT)
	private ImagePlus sample;

	@Override
	public void run() {
		sample = open();
	}

	/** The bundled sample as an 8-bit image titled {@code camera.png}. */
	public static ImagePlus open() {
		try (InputStream in = OpenSampleCommand.class.getResourceAsStream(SAMPLE)) {
			if (in == null) throw new IllegalArgumentException("the sample " + SAMPLE +
				" is missing from the ConvNet-IJ jar");
			final BufferedImage img = ImageIO.read(in);
			if (img == null) throw new IllegalArgumentException("the sample " + SAMPLE +
				" cannot be read as a PNG");
			final ImagePlus imp = new ImagePlus("camera.png", img);
			if (imp.getType() != ImagePlus.GRAY8) return new ImagePlus("camera.png", imp.getProcessor()
				.convertToByteProcessor());
			return imp;
		}
		catch (final IOException e) {
			throw new IllegalArgumentException("the sample " + SAMPLE + " cannot be read: " + e
				.getMessage(), e);
		}
	}
}
