package io.github.convnetij.command;

import java.awt.Rectangle;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.measure.Calibration;
import ij.process.ImageProcessor;
import io.github.convnetij.ops.Kernel;
import io.github.convnetij.ops.Kernels;

/**
 * Parameter parsing and output metadata shared by the commands of this package. Every error is an
 * {@link IllegalArgumentException} whose message starts with the parameter's key ({@code kernel: },
 * {@code boundary: }...), names the value given and says what is accepted.
 */
final class CommandSupport {

	/** {@code stack} choice: filter every plane. */
	static final String ALL_SLICES = "all slices";
	/** {@code stack} choice: filter only the displayed plane. */
	static final String THIS_SLICE = "this slice";

	private static final Pattern EXTENSION = Pattern.compile(
		"(?i)(\\.ome)?\\.[a-z][a-z0-9]{0,4}$");
	private static final Pattern SIZE_SEPARATOR = Pattern.compile("[\\s,x]+");

	private CommandSupport() {}

	/** Runs {@code parse}; an {@link IllegalArgumentException} gets {@code key: } in front. */
	static <T> T keyed(final String key, final Supplier<T> parse) {
		try {
			return parse.get();
		}
		catch (final IllegalArgumentException e) {
			final String m = e.getMessage();
			if (m != null && m.startsWith(key + ":")) throw e;
			throw new IllegalArgumentException(key + ": " + m, e);
		}
	}

	static ImagePlus requireImage(final ImagePlus image) {
		if (image == null) throw new IllegalArgumentException(
			"image: no image given: open an image or pass image=<an ImagePlus>");
		return image;
	}

	/** A named kernel or matrix text, see {@link Kernels#get(String)}. */
	static Kernel kernel(final String spec) {
		return keyed("kernel", () -> Kernels.get(spec));
	}

	/** True for {@code this slice}, false for {@code all slices} (case-insensitive). */
	static boolean thisSlice(final String stack) {
		final String s = stack == null ? "" : stack.trim().toLowerCase(Locale.ROOT);
		if (s.equals(ALL_SLICES)) return false;
		if (s.equals(THIS_SLICE)) return true;
		throw new IllegalArgumentException("stack: unknown value '" + stack + "': expected '" +
			ALL_SLICES + "' or '" + THIS_SLICE + "'");
	}

	/**
	 * Parses {@code 2}, {@code 2,2} or {@code 2,2,2} (also separated by spaces or {@code x}): one to
	 * three whole numbers >= 1.
	 */
	static int[] sizes(final String key, final String text) {
		final String accepted = "expected one to three whole numbers >= 1, such as 2 or 2,2 or 2,2,2";
		final String s = text == null ? "" : text.trim();
		if (s.isEmpty()) throw new IllegalArgumentException(key + ": no value given: " + accepted);
		final String[] parts = SIZE_SEPARATOR.split(s);
		if (parts.length > 3) throw new IllegalArgumentException(key + ": '" + text + "' has " +
			parts.length + " values: " + accepted);
		final int[] v = new int[parts.length];
		for (int i = 0; i < parts.length; i++) {
			try {
				v[i] = Integer.parseInt(parts[i]);
			}
			catch (final NumberFormatException e) {
				throw new IllegalArgumentException(key + ": '" + parts[i] + "'" + in(parts, text) +
					" is not a whole number: " + accepted, e);
			}
			if (v[i] < 1) throw new IllegalArgumentException(key + ": " + v[i] + in(parts, text) +
				" is not allowed: " + accepted);
		}
		return v;
	}

	private static String in(final String[] parts, final String text) {
		return parts.length > 1 ? " in '" + text.trim() + "'" : "";
	}

	/**
	 * The pixels of an area selection of {@code imp} (one flag per pixel, X fastest), or null when
	 * there is no area selection or it covers the whole image.
	 */
	static boolean[] areaMask(final ImagePlus imp) {
		final Roi roi = imp.getRoi();
		if (roi == null || !roi.isArea()) return null;
		final int w = imp.getWidth(), h = imp.getHeight();
		final Rectangle r = roi.getBounds();
		final ImageProcessor m = roi.getMask();
		final boolean[] mask = new boolean[w * h];
		int count = 0;
		for (int y = Math.max(0, r.y); y < Math.min(h, r.y + r.height); y++)
			for (int x = Math.max(0, r.x); x < Math.min(w, r.x + r.width); x++)
				if (m == null || m.get(x - r.x, y - r.y) != 0) {
					mask[y * w + x] = true;
					count++;
				}
		return count == mask.length ? null : mask;
	}

	/** The title without a file extension: {@code blobs.gif} gives {@code blobs}. */
	static String baseTitle(final String title) {
		if (title == null || title.isEmpty()) return "image";
		final String t = EXTENSION.matcher(title).replaceFirst("");
		return t.isEmpty() ? title : t;
	}

	/**
	 * The input's spatial calibration for a result whose pixel {@code j} along X, Y, Z is centred on
	 * input position {@code j * scale[d] + shift[d]}: pixel sizes are multiplied by {@code scale},
	 * origins moved accordingly. A density calibration is dropped (results are plain values).
	 */
	static Calibration calibration(final ImagePlus in, final double[] shift, final double[] scale) {
		final Calibration cal = in.getCalibration().copy();
		cal.disableDensityCalibration();
		cal.pixelWidth *= scale[0];
		cal.pixelHeight *= scale[1];
		cal.pixelDepth *= scale[2];
		cal.xOrigin = (cal.xOrigin - shift[0]) / scale[0];
		cal.yOrigin = (cal.yOrigin - shift[1]) / scale[1];
		cal.zOrigin = (cal.zOrigin - shift[2]) / scale[2];
		return cal;
	}

	/**
	 * Title, calibration, slice labels, LUTs and provenance of a result.
	 *
	 * @param slice the stack index of the single plane processed ("this slice"), or 0 for all
	 */
	static ImagePlus finish(final ImagePlus in, final ImagePlus out, final String suffix,
		final Calibration cal, final int slice, final String provenance)
	{
		out.setTitle(baseTitle(in.getTitle()) + suffix);
		out.setCalibration(cal);
		final ImageStack is = in.getStack(), os = out.getStack();
		if (slice > 0) os.setSliceLabel(is.getSliceLabel(slice), 1);
		else if (is.getSize() == os.getSize() && in.getNSlices() == out.getNSlices())
			for (int n = 1; n <= is.getSize(); n++)
			os.setSliceLabel(is.getSliceLabel(n), n);
		final String info = in.getInfoProperty();
		final String line = "ConvNet-IJ: " + provenance;
		out.setProperty("Info", info == null || info.isEmpty() ? line : info + (info.endsWith("\n") ? ""
			: "\n") + line);
		return ImagePlusImgs.withLuts(in, out);
	}

	/** A value as ImageJ macros write it: in brackets when it has spaces, line breaks as {@code ; }. */
	static String macroValue(final String value) {
		final String v = value == null ? "" : value.strip().replaceAll("\\s*(\\r\\n|[\\r\\n])\\s*",
			"; ");
		return v.isEmpty() || v.matches(".*\\s.*") ? "[" + v + "]" : v;
	}

	/**
	 * Fails before the work starts when the result would clearly not fit in the Java heap.
	 *
	 * @param inPixels pixels read (the core may convert them to float)
	 * @param outPixels pixels written (float, then the ImageJ result)
	 */
	static void checkMemory(final String title, final long inPixels, final long outPixels) {
		final long need = 4 * inPixels + 8 * outPixels;
		final Runtime rt = Runtime.getRuntime();
		long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
		if (need <= free) return;
		System.gc();
		free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
		if (need <= free) return;
		throw new IllegalArgumentException("image: not enough memory for '" + title + "': this needs " +
			"about " + (need >> 20) + " MB, " + (free >> 20) + " MB are free; give Java more memory " +
			"(Edit>Options>Memory & Threads..., or java -Xmx) or use stack=[this slice]");
	}
}
