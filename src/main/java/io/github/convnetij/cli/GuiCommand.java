package io.github.convnetij.cli;

import java.awt.GraphicsEnvironment;
import java.util.concurrent.Callable;

import io.github.convnetij.ij1.LegacyImageJ;
import picocli.CommandLine.Command;

/**
 * {@code gui}: starts ImageJ 1.x with its main window and ConvNet-IJ's commands under
 * <i>Plugins&gt;ConvNet-IJ</i> (the same ImageJ 1.x bridge as {@code ConvNet_IJ.jar} in a plain
 * ImageJ), and returns when the user quits ImageJ. Needs a display.
 * <pre>{@code
 * java -jar convnet-ij-cli.jar gui
 * }</pre>
 */
@Command(name = "gui", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
	description = "Start ImageJ 1.x with ConvNet-IJ in its menus (Plugins>ConvNet-IJ); returns when " +
		"ImageJ is quit. Needs a display.")
final class GuiCommand implements Callable<Integer> {

	@Override
	public Integer call() throws InterruptedException {
		if (GraphicsEnvironment.isHeadless()) throw new IllegalArgumentException(
			"gui: there is no display (java.awt.headless or no DISPLAY): use 'macro' to run ImageJ " +
				"macros headless");
		if (LegacyImageJ.jvmProblem() != null) throw new IllegalArgumentException("gui: " +
			LegacyImageJ.jvmProblem());
		try (LegacyImageJ ij = LegacyImageJ.gui()) {
			ij.awaitQuit();
		}
		return Cli.OK;
	}
}
