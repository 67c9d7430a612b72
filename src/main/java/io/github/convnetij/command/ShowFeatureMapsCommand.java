package io.github.convnetij.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import io.github.convnetij.command.model.DynamicChoices;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.FloatProcessor;
import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.predict.Classifier;
import io.github.convnetij.viz.Figure;
import io.github.convnetij.viz.InspectedModel;
import io.github.convnetij.viz.NetworkViews;

/**
 * <i>Plugins&gt;ConvNet-IJ&gt;CNN&gt;Show Feature Maps...</i>: the activations of a layer for the
 * active image (the displayed slice of a stack), after the model's recorded preprocessing (the
 * one Predict with CNN applies): a 32-bit stack with one slice per channel, labelled
 * {@code layer/channel}, and a labelled montage with the input beside the maps. Any model the
 * ONNX loader reads: ConvNet-IJ's classifiers, imported graphs with or without a final softmax,
 * image-to-image networks. Only the layers the chosen one reads from are run, and the model read
 * last is kept ({@link ModelCache}), so looking at several layers in a row reads the file once.
 * In a dialog, {@code layer} lists the chosen model's layers ({@link DynamicChoices}).
 * <p>
 * Macro keys: {@code model}, {@code layer} (a layer name, or its position, 0 = the first),
 * {@code max_channels} (channels drawn in the montage; the stack has them all), {@code output}
 * (optional: a {@code .tif} gets the stack, a {@code .png} the montage). An image whose size or
 * channel count the model cannot take is an error naming both shapes.
 * <pre>{@code
 * run("Show Feature Maps...", "model=/models/fashion.onnx layer=relu1 max_channels=64");
 * }</pre>
 */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet-IJ>CNN>Show Feature Maps...",
	headless = true, description = "The activations of a CNN layer for the active image: a " +
		"stack with one slice per channel and a labelled montage")
public class ShowFeatureMapsCommand implements Command, DynamicChoices {

	// optional for the bridges (no image open: this command's own error names the key), as the
	// other commands that also need a model file
	@Parameter(label = "Image", description = "The image (the displayed slice of a stack).",
		required = false, persist = false)
	private ImagePlus image;

	@Parameter(label = "Model file", description = "The .onnx model file.",
		style = "extensions:onnx", persist = false)
	private File model;

	@Parameter(label = "Layer", description = "The layer: its name (as CNN Model Info lists them) " +
		"or its position, 0 = the first layer.", persist = false)
	private String layer = "0";

	@Parameter(label = "Channels in the montage", description = "At most this many channels are " +
		"drawn in the montage (the first ones); the stack has every channel.", min = "1",
		max = "1024", persist = false)
	private int max_channels = 64;

	@Parameter(label = "Output file", description = "Write the stack to this .tif (32-bit), or the " +
		"montage to this .png; empty = only show them.", style = "save", required = false,
		persist = false)
	private File output;

	@Parameter(label = "Feature maps", type = ItemIO.OUTPUT)
	private ImagePlus result;

	@Parameter(label = "Montage", type = ItemIO.OUTPUT)
	private ImagePlus montage;

	private Tensor activation;
	private Figure figure;

	/** The layer's output for the image, without the batch axis, after {@link #run()}. */
	public Tensor getActivation() {
		return activation;
	}

	/** The montage, after {@link #run()}. */
	public Figure getFigure() {
		return figure;
	}

	/** In a dialog, {@code layer} offers the model's layers once a model file is chosen. */
	@Override
	public String choicesFollow(final String key) {
		return key.equals("layer") ? "model" : null;
	}

	@Override
	public List<String> choices(final String key, final Object value) {
		return key.equals("layer") ? ShowCommands.layerChoices(value, false) : List.of();
	}

	@Override
	public void run() {
		final Path out = ShowCommands.output(output, "tif", "tiff", "png");
		if (image == null) throw new IllegalArgumentException("image: no image given: open an image");
		final InspectedModel m = ShowCommands.inspected(model);
		final Network net = m.network();
		final String name = CommandSupport.keyed("layer", () -> NetworkViews.node(net, layer).name());
		final String title = CommandSupport.baseTitle(image.getTitle());
		final int channels = CommandSupport.keyed("model", m::channels);
		final Tensor x = CommandSupport.keyed("image", () -> m.input(displayed(image, channels,
			title)));
		synchronized (net) { // the cached model may be shared by two runs
			activation = NetworkViews.activation(net, x, name);
		}
		final float[] range = range(x.data());
		figure = CommandSupport.keyed("layer", () -> NetworkViews.featureMaps(name, x, range[0],
			range[1], activation, max_channels));
		result = stack(title + " " + name, name, activation);
		montage = ShowCommands.image(title + " " + name + " montage", figure);
		if (out != null) {
			if (out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) ShowCommands
				.write(List.of(figure), out);
			else writeTiff(result, out);
		}
	}

	/** The displayed plane (or channel group) of {@code imp} as a raw sample of the model's channels. */
	private static Classifier.Image displayed(final ImagePlus imp, final int channels,
		final String title)
	{
		final List<Classifier.Image> all = CnnImages.fromImagePlus(imp, channels, title);
		final int group = Math.max(1, imp.getStackSize() / all.size());
		return all.get(Math.min(all.size() - 1, (imp.getCurrentSlice() - 1) / group));
	}

	private static float[] range(final float[] v) {
		float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
		for (final float f : v)
			if (Float.isFinite(f)) {
				lo = Math.min(lo, f);
				hi = Math.max(hi, f);
			}
		if (!(lo <= hi)) return new float[] { 0, 1 };
		return new float[] { lo, hi > lo ? hi : lo + 1 };
	}

	/** One 32-bit slice per channel ({@code [C, H, W]}), or one row of features ({@code [F]}). */
	static ImagePlus stack(final String title, final String layer, final Tensor act) {
		final int[] s = act.shape();
		if (s.length == 1) {
			final ImageStack st = new ImageStack(s[0], 1);
			st.addSlice(layer, new FloatProcessor(s[0], 1, act.data().clone()));
			return new ImagePlus(title, st);
		}
		if (s.length != 3) throw new IllegalArgumentException("layer: layer '" + layer + "' has " +
			"output " + java.util.Arrays.toString(s) + ": feature maps are shown for C x H x W or " +
			"features only");
		final int plane = s[1] * s[2];
		final ImageStack st = new ImageStack(s[2], s[1]);
		for (int ch = 0; ch < s[0]; ch++) {
			final float[] p = new float[plane];
			System.arraycopy(act.data(), ch * plane, p, 0, plane);
			st.addSlice(layer + "/" + ch, new FloatProcessor(s[2], s[1], p));
		}
		final ImagePlus imp = new ImagePlus(title, st);
		imp.resetDisplayRange();
		return imp;
	}

	/** The stack as a TIFF, written to a temporary file and moved into place. */
	private static void writeTiff(final ImagePlus imp, final Path out) {
		final String name = out.getFileName().toString();
		final Path tmp = out.resolveSibling("." + name + ".tmp.tif");
		try {
			final boolean ok = imp.getStackSize() > 1 ? new FileSaver(imp).saveAsTiffStack(tmp
				.toString()) : new FileSaver(imp).saveAsTiff(tmp.toString());
			if (!ok) throw new IOException("the TIFF writer failed");
			Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (final IOException e) {
			try {
				Files.deleteIfExists(tmp);
			}
			catch (final IOException e2) {
				e.addSuppressed(e2);
			}
			throw new IllegalArgumentException("output: cannot write '" + out + "': " + e.getMessage(), e);
		}
	}
}
