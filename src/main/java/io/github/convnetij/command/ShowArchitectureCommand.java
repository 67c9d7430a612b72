package io.github.convnetij.command;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;
import io.github.convnetij.viz.ArchitecturePicture;
import io.github.convnetij.viz.Figure;
import io.github.convnetij.viz.NetworkViews;

/**
 * <i>Plugins&gt;ConvNet-IJ&gt;CNN&gt;Show Architecture...</i>: a network drawn as one block per
 * layer sized by its output shape (C x H x W), labelled {@code conv 3x3, 64 -> 64x16x16}, branches
 * with their merges, long repeated runs collapsed into {@code block x N}; and the same as a text
 * table (the output {@code table}, which the ImageJ 1.x bridge logs; the PNG's {@code Layers}
 * text).
 * <p>
 * Macro keys: {@code model} (an {@code .onnx} file) or {@code architecture} (an architecture
 * string) with {@code input_shape} ({@code C,H,W}) and {@code classes} (for {@code dense(classes)};
 * 0: any output); {@code output} (optional {@code .png}: the picture is written there).
 * <pre>{@code
 * run("Show Architecture...", "architecture=[conv(32,3,pad=same), relu, maxpool(2), flatten, dense(10), softmax] input_shape=1,28,28 output=/tmp/arch.png");
 * }</pre>
 */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet-IJ>CNN>Show Architecture...",
	headless = true, description = "Draw a CNN's layers as blocks sized by their output shapes, " +
		"and list them as a table")
public class ShowArchitectureCommand implements Command {

	@Parameter(label = "Model file", description = "The .onnx model to draw; empty = the " +
		"architecture string below.", style = "extensions:onnx", required = false, persist = false)
	private File model;

	@Parameter(label = "Architecture", description = "An architecture string, used when no model " +
		"file is given, e.g. conv(32,3,pad=same), relu, maxpool(2), flatten, dense(10), softmax.",
		required = false, persist = false)
	private String architecture = "";

	@Parameter(label = "Input shape", description = "The architecture's input, channels,height," +
		"width (C,H,W), e.g. 3,32,32.", required = false, persist = false)
	private String input_shape = "1,28,28";

	@Parameter(label = "Classes", description = "The class count that dense(classes) stands for; " +
		"0 = the architecture's own output, unchecked.", min = "0", persist = false)
	private int classes = 0;

	@Parameter(label = "Output file", description = "Write the picture to this .png (with the " +
		"layer table in its text); empty = only show it.", style = "save", required = false,
		persist = false)
	private File output;

	@Parameter(label = "Architecture", type = ItemIO.OUTPUT)
	private ImagePlus result;

	@Parameter(label = "Layers", type = ItemIO.OUTPUT)
	private String table;

	private Figure figure;

	/** The picture, after {@link #run()}. */
	public Figure getFigure() {
		return figure;
	}

	@Override
	public void run() {
		final Path out = ShowCommands.output(output, "png");
		final Network net;
		final String title;
		if (!ShowCommands.empty(model)) {
			net = ShowCommands.inspected(model).network();
			title = model.getName();
		}
		else {
			if (architecture == null || architecture.isBlank()) throw new IllegalArgumentException(
				"model: give a model file, or an architecture string with its input_shape");
			final int[] shape = CommandSupport.keyed("input_shape", () -> shape(input_shape));
			net = CommandSupport.keyed("architecture", () -> Architectures.parse(architecture, shape,
				classes));
			title = "architecture";
		}
		figure = NetworkViews.architecture(net, title);
		table = figure.text().get(ArchitecturePicture.TABLE_KEY);
		if (out != null) ShowCommands.write(List.of(figure), out);
		result = ShowCommands.image(title + " (architecture)", figure);
	}

	/** {@code C,H,W} (also 1, 2 or 4 numbers: [F], [C,W], [C,D,H,W]), each 1 to 65536. */
	static int[] shape(final String text) {
		final String accepted = "expected C,H,W such as 3,32,32 (whole numbers 1 to 65536)";
		final String s = text == null ? "" : text.trim();
		if (s.isEmpty()) throw new IllegalArgumentException("no input shape given: " + accepted);
		final String[] parts = s.split("[\\s,x]+");
		if (parts.length == 0 || parts[0].isEmpty()) throw new IllegalArgumentException("'" + text +
			"' is not a shape: " + accepted);
		if (parts.length > 4) throw new IllegalArgumentException("'" + text + "' has " + parts.length +
			" values: " + accepted);
		final int[] v = new int[parts.length];
		long n = 1;
		for (int i = 0; i < parts.length; i++) {
			try {
				v[i] = Integer.parseInt(parts[i]);
			}
			catch (final NumberFormatException e) {
				throw new IllegalArgumentException("'" + parts[i] + "' in '" + s + "' is not a whole " +
					"number: " + accepted, e);
			}
			if (v[i] < 1 || v[i] > 65536) throw new IllegalArgumentException(v[i] + " in '" + s +
				"' is not allowed: " + accepted);
			n *= v[i];
		}
		if (n > 1L << 28) throw new IllegalArgumentException("'" + s + "' has " + n + " values per " +
			"image, more than 268435456");
		return v;
	}
}
