package io.github.convnetij.command;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

/**
 * <i>Plugins&gt;ConvNet-IJ&gt;Filters&gt;Convolve Image...</i>: true convolution, the kernel flipped in
 * every axis (scipy.ndimage.convolve). ImageJ's own <i>Process&gt;Filters&gt;Convolve...</i> computes
 * correlation: use {@link CorrelateImageCommand} to get its results.
 * <p>
 * Macro keys (all optional but {@code image}, which Fiji fills from the active image; a missing key
 * takes the default shown, never a value remembered from an earlier run):
 * {@code kernel} (default {@code laplacian}), {@code boundary} ({@code reflect}), {@code value}
 * ({@code 0}), {@code output_size} ({@code same}), {@code normalize} ({@code false}), {@code stack}
 * ({@code [all slices]}). The result is a new 32-bit image {@code <title>-convolved} (RGB for RGB
 * input) with the input's calibration, channels/slices/frames and slice labels. With an area
 * selection only the selected pixels change. Invalid values throw an
 * {@link IllegalArgumentException} whose message starts with the key.
 * <pre>{@code
 * run("Convolve Image...", "kernel=[1 2 1; 0 0 0; -1 -2 -1] boundary=nearest output_size=same");
 * // from Java:
 * ImagePlus out = (ImagePlus) commandService.run(ConvolveImageCommand.class, true, "image", imp,
 *     "kernel", "sobel-x", "boundary", "zero").get().getOutput("result");
 * }</pre>
 */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet-IJ>Filters>Convolve Image...",
	headless = true, description = "Convolution (kernel flipped) with a named or typed kernel")
public class ConvolveImageCommand extends AbstractFilterCommand {

	@Override
	boolean flip() {
		return true;
	}

	@Override
	String verb() {
		return "convolve";
	}

	@Override
	String suffix() {
		return "-convolved";
	}
}
