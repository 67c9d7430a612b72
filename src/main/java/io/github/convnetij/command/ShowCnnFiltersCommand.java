package io.github.convnetij.command;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import io.github.convnetij.command.model.DynamicChoices;
import io.github.convnetij.nn.Network;
import io.github.convnetij.viz.Figure;
import io.github.convnetij.viz.FilterMontage;
import io.github.convnetij.viz.NetworkViews;

/**
 * <i>Plugins&gt;ConvNet-IJ&gt;CNN&gt;Show CNN Filters...</i>: the learned kernels of a conv layer
 * as a montage, one tile per output channel (three input channels: in colour; else the mean over
 * the input channels, or one row per output channel), black negative, gray 0, white positive, with
 * the scale (shared or per tile) stated on the picture. In a dialog, {@code layer} lists the
 * chosen model's 2D conv layers ({@link DynamicChoices}); the model read last is kept
 * ({@link ModelCache}).
 * <p>
 * Macro keys: {@code model}, {@code layer} (a layer name, or its position, 0 = the first),
 * {@code mode} ({@code auto}, {@code rgb}, {@code mean}, {@code rows}), {@code scale}
 * ({@code shared}, {@code per-tile}), {@code output} (optional {@code .png}).
 * <pre>{@code
 * run("Show CNN Filters...", "model=/models/fashion.onnx layer=conv1 mode=auto scale=shared output=/tmp/filters.png");
 * }</pre>
 */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet-IJ>CNN>Show CNN Filters...",
	headless = true, description = "The learned kernels of a conv layer as a montage")
public class ShowCnnFiltersCommand implements Command, DynamicChoices {

	@Parameter(label = "Model file", description = "The .onnx model file.",
		style = "extensions:onnx", persist = false)
	private File model;

	@Parameter(label = "Layer", description = "The conv layer: its name (as CNN Model Info lists " +
		"them) or its position, 0 = the first layer.", persist = false)
	private String layer = "0";

	@Parameter(label = "Mode", description = "How input channels are shown: auto (RGB for three, " +
		"else mean), rgb, mean, or rows (one row per output channel, one tile per input channel).",
		choices = { "auto", "rgb", "mean", "rows" }, persist = false)
	private String mode = "auto";

	@Parameter(label = "Scale", description = "One scale for all tiles (shared), or one per tile.",
		choices = { "shared", "per-tile" }, persist = false)
	private String scale = "shared";

	@Parameter(label = "Output file", description = "Write the montage to this .png; empty = only " +
		"show it.", style = "save", required = false, persist = false)
	private File output;

	@Parameter(label = "Filters", type = ItemIO.OUTPUT)
	private ImagePlus result;

	private FilterMontage.Result montage;

	/** The montage and where its tiles lie, after {@link #run()}. */
	public FilterMontage.Result getMontage() {
		return montage;
	}

	/** In a dialog, {@code layer} offers the model's 2D conv layers once a model file is chosen. */
	@Override
	public String choicesFollow(final String key) {
		return key.equals("layer") ? "model" : null;
	}

	@Override
	public List<String> choices(final String key, final Object value) {
		return key.equals("layer") ? ShowCommands.layerChoices(value, true) : List.of();
	}

	@Override
	public void run() {
		final Path out = ShowCommands.output(output, "png");
		final FilterMontage.Mode m = CommandSupport.keyed("mode", () -> FilterMontage.Mode.valueOf(
			choice(mode, "auto, rgb, mean, rows")));
		final FilterMontage.Scale s = CommandSupport.keyed("scale", () -> FilterMontage.Scale.valueOf(
			choice(scale, "shared, per-tile")));
		final Network net = ShowCommands.inspected(model).network();
		try {
			montage = NetworkViews.filters(net, layer, m, s);
		}
		catch (final IllegalArgumentException e) {
			// RGB asked of a layer without 3 input channels is the mode's fault, the rest the layer's
			final boolean rgb = m == FilterMontage.Mode.RGB && String.valueOf(e.getMessage()).contains(
				"RGB filters need 3");
			throw new IllegalArgumentException((rgb ? "mode: " : "layer: ") + e.getMessage(), e);
		}
		final Figure f = montage.figure();
		if (out != null) ShowCommands.write(List.of(f), out);
		result = ShowCommands.image(model.getName() + " filters " + layer, f);
	}

	private static String choice(final String v, final String accepted) {
		final String c = v == null ? "" : v.trim().toUpperCase(Locale.ROOT).replace('-', '_');
		for (final String a : accepted.split(", "))
			if (a.toUpperCase(Locale.ROOT).replace('-', '_').equals(c)) return c;
		throw new IllegalArgumentException("'" + v + "' is not one of " + accepted);
	}
}
