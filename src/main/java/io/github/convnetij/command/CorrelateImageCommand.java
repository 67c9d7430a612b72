package io.github.convnetij.command;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

/**
 * <i>Plugins&gt;ConvNet-IJ&gt;Filters&gt;Correlate Image...</i>: correlation, the kernel applied as
 * written (scipy.ndimage.correlate; what ImageJ's <i>Convolve...</i>, OpenCV's filter2D and CNN
 * layers compute). See {@link ConvolveImageCommand} for the flipped version.
 * <p>
 * Macro keys and defaults as {@link ConvolveImageCommand}: {@code kernel} ({@code laplacian}),
 * {@code boundary} ({@code reflect}), {@code value} ({@code 0}), {@code output_size}
 * ({@code same}), {@code normalize} ({@code false}), {@code stack} ({@code [all slices]}). The
 * result is named {@code <title>-correlated}.
 * <pre>{@code
 * run("Correlate Image...", "kernel=sobel-x boundary=reflect output_size=same");
 * }</pre>
 */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet-IJ>Filters>Correlate Image...",
	headless = true, description = "Correlation (kernel as written) with a named or typed kernel")
public class CorrelateImageCommand extends AbstractFilterCommand {

	@Override
	boolean flip() {
		return false;
	}

	@Override
	String verb() {
		return "correlate";
	}

	@Override
	String suffix() {
		return "-correlated";
	}
}
