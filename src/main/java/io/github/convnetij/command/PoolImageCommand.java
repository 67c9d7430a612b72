package io.github.convnetij.command;

import static io.github.convnetij.command.ImagePlusImgs.Z;

import java.util.Arrays;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import io.github.convnetij.ops.PoolOp;
import io.github.convnetij.ops.PoolingOps;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * <i>Plugins&gt;ConvNet-IJ&gt;Filters&gt;Pool Image...</i>: max or average pooling, as a CNN's pooling
 * layer computes it.
 * <p>
 * Macro keys (all optional but {@code image}; a missing key takes the default shown):
 * {@code op} ({@code max} or {@code avg}; default {@code max}), {@code size} (window in pixels:
 * {@code 2} for 2x2, {@code 3,2} for 3 along X and 2 along Y, {@code 2,2,2} to pool slices too;
 * default {@code 2}), {@code stride} (step between windows, same syntax; empty, the default, means
 * equal to {@code size}), {@code ceil} (keep partial windows at the right and bottom edges; default
 * {@code false}: they are dropped), {@code stack} ({@code [all slices]} or {@code [this slice]}).
 * One value of {@code size} or {@code stride} applies to every pooled axis (X and Y, or X, Y and Z
 * when the other gives three values). Channels (C) and frames (T) are never pooled: each is pooled
 * on its own; three values on an image without Z are an error naming its C, Z and T counts. The
 * result {@code <title>-pooled} is 32-bit (RGB for RGB input), its pixel size multiplied by the
 * stride when the image is calibrated (an uncalibrated image stays 1 pixel per pixel, as
 * <i>Bin...</i> keeps it); its Info says which axes were pooled.
 * Selections are ignored.
 * <pre>{@code
 * run("Pool Image...", "op=max size=2 stride=2");
 * }</pre>
 */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet-IJ>Filters>Pool Image...",
	headless = true, description = "Max or average pooling")
public class PoolImageCommand implements Command {

	@Parameter(label = "Image", description = "The image to pool: 8-bit, 16-bit, 32-bit or RGB, " +
		"any number of channels, slices and frames.", persist = false)
	private ImagePlus image;

	@Parameter(label = "Operation", description = "max: the largest value of each window; avg: " +
		"the mean of each window.", choices = { "max", "avg" }, persist = false)
	private String op = "max";

	@Parameter(label = "Window size", description = "Pixels per window: one value for X and Y " +
		"(2 = 2x2), 'x,y', or 'x,y,z' to pool across slices too.", persist = false)
	private String size = "2";

	@Parameter(label = "Stride", description = "Step between windows, same syntax as the size; " +
		"empty = equal to the size (windows side by side).", required = false, persist = false)
	private String stride = "";

	@Parameter(label = "Keep partial windows (ceil)", description = "Keep windows that stick " +
		"out of the image at its end, reduced over the pixels they cover (ceil), instead of dropping " +
		"them (floor).", persist = false)
	private boolean ceil = false;

	@Parameter(label = "Stack", description = "all slices: pool every plane; this slice: only the " +
		"displayed plane.", choices = { CommandSupport.ALL_SLICES, CommandSupport.THIS_SLICE },
		persist = false)
	private String stack = CommandSupport.ALL_SLICES;

	@Parameter(label = "Result", type = ItemIO.OUTPUT)
	private ImagePlus result;

	/**
	 * Checks the size's syntax (a dialog's live check, see CommandSupport).
	 *
	 * @throws IllegalArgumentException as {@link #run()} would
	 */
	void checkSize() {
		CommandSupport.sizes("size", size);
	}

	/**
	 * Checks the stride's syntax and count against the size's (a dialog's live check).
	 *
	 * @throws IllegalArgumentException as {@link #run()} would
	 */
	void checkStride() {
		if (stride == null || stride.isBlank()) return;
		final int[] s = CommandSupport.sizes("stride", stride);
		final int[] w;
		try {
			w = CommandSupport.sizes("size", size);
		}
		catch (final IllegalArgumentException e) {
			return; // the size's own check reports it
		}
		if (s.length > 1 && w.length > 1 && s.length != w.length) throw new IllegalArgumentException(
			"stride: '" + stride + "' gives " + s.length + " values but size '" + size + "' gives " +
				w.length + ": give one value or as many as the size");
	}

	/** The pooled image, after {@link #run()}. */
	public ImagePlus getResult() {
		return result;
	}

	@Override
	@SuppressWarnings("unchecked")
	public void run() {
		final ImagePlus in = CommandSupport.requireImage(image);
		final PoolOp p = CommandSupport.keyed("op", () -> PoolOp.parse(op));
		int[] window = CommandSupport.sizes("size", size);
		int[] step = stride == null || stride.isBlank() ? window.clone() : CommandSupport.sizes(
			"stride", stride);
		final int axes = Math.max(2, Math.max(window.length, step.length));
		if (window.length == 1) window = fill(window[0], axes);
		if (step.length == 1) step = fill(step[0], axes);
		if (window.length != step.length) throw new IllegalArgumentException("stride: '" + stride +
			"' gives " + step.length + " values but size '" + size + "' gives " + window.length +
			": give one value or as many as the size");
		final boolean thisSlice = CommandSupport.thisSlice(stack) && in.getStackSize() > 1;
		final boolean volume = axes == 3 && (window[2] > 1 || step[2] > 1);
		if (!volume) {
			window = Arrays.copyOf(window, 2);
			step = Arrays.copyOf(step, 2);
		}
		if (volume && in.getNSlices() == 1) throw new IllegalArgumentException("size: '" + size +
			"'" + (stride == null || stride.isBlank() ? "" : " with stride '" + stride + "'") +
			" pools along Z, but '" + in.getTitle() + "' has no Z axis (" + axes(in) + "); pooling " +
			"never combines channels (C) or frames (T): give two values (x,y) to pool each plane");
		if (volume && thisSlice) throw new IllegalArgumentException("stack: pooling along Z (size=" +
			size + ") works across slices, which needs stack=[" + CommandSupport.ALL_SLICES +
			"], not [" + stack + "]");
		final long[] n = { in.getWidth(), in.getHeight(), in.getNSlices() };
		final String[] axis = { "X", "Y", "Z" };
		final long[] outN = { n[0], n[1], thisSlice ? 1 : n[2] };
		final double[] shift = new double[3], scale = { 1, 1, 1 };
		for (int d = 0; d < window.length; d++) {
			if (!ceil && window[d] > n[d]) throw new IllegalArgumentException("size: a window of " +
				window[d] + " along " + axis[d] + " is larger than '" + in.getTitle() + "' (" + n[d] +
				(d == 2 ? " slices; " + axes(in) : " pixels") + "); use a smaller size or ceil=true");
			outN[d] = ceil ? Math.max(1, -Math.floorDiv(-(n[d] - window[d]), step[d]) + 1) : (n[d] -
				window[d]) / step[d] + 1;
			shift[d] = (window[d] - 1) / 2.0;
			scale[d] = step[d];
		}
		final boolean rgb = in.getType() == ImagePlus.COLOR_RGB;
		final long planes = (long) in.getStackSize() / in.getNSlices() * (rgb ? 3 : 1);
		CommandSupport.checkMemory(in.getTitle(), n[0] * n[1] * (thisSlice ? 1 : n[2]) * planes,
			outN[0] * outN[1] * outN[2] * planes);

		final RandomAccessibleInterval<? extends RealType<?>> wrapped = thisSlice ? ImagePlusImgs
			.wrapPlane(in, in.getCurrentSlice()) : ImagePlusImgs.wrap(in);
		final RandomAccessibleInterval<? extends RealType<?>> source = volume ? ImagePlusImgs.zThird(
			wrapped) : wrapped;
		final Img<FloatType> out = PoolingOps.pool(ImagePlusImgs.real(source), p, window, step, ceil);
		final RandomAccessibleInterval<FloatType> out5 = volume ? ImagePlusImgs.zBack(out) : out;

		final ImagePlus res = ImagePlusImgs.toImagePlus(out5, rgb, in.getTitle(), null, null);
		final String provenance = "pool op=" + p.key() + " size=" + join(window) + " stride=" + join(
			step) + " ceil=" + ceil + (thisSlice ? " stack=[" + CommandSupport.THIS_SLICE + "]" : "") +
			(volume ? " (pooled X, Y, Z" : " (pooled X, Y") + "; " + (volume ? "" : "Z, ") +
			"C and T kept)";
		result = CommandSupport.finish(in, res, "-pooled", CommandSupport.calibration(in, shift, scale),
			thisSlice ? in.getCurrentSlice() : 0, provenance);
	}

	/** The image's C, Z and T counts: {@code C=1, Z=1, T=10}. */
	private static String axes(final ImagePlus in) {
		return "C=" + in.getNChannels() + ", Z=" + in.getNSlices() + ", T=" + in.getNFrames();
	}

	private static int[] fill(final int v, final int n) {
		final int[] a = new int[n];
		Arrays.fill(a, v);
		return a;
	}

	private static String join(final int[] v) {
		final StringBuilder sb = new StringBuilder();
		for (int i = 0; i < v.length; i++)
			sb.append(i == 0 ? "" : ",").append(v[i]);
		return sb.toString();
	}
}
