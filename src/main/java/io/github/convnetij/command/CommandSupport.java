package io.github.convnetij.command;

import java.awt.Rectangle;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import ij.ImagePlus;
import io.github.convnetij.compute.HeapBudget;
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
 * <p>
 * <b>Live checks.</b> A text parameter whose syntax only the command knows ({@code kernel},
 * {@code size}, {@code zoom_range}...) gets a no-argument method {@code check<Key>()} (camel case of
 * the key: {@code checkZoomRange} for {@code zoom_range}) that throws the
 * {@link IllegalArgumentException} {@code run()} would. The ImageJ 1.x dialog calls it as the user
 * types, so OK is disabled with the reason shown. (Not SciJava's {@code validater}: SciJava runs
 * validaters while assigning inputs in {@code CommandService.run}, which would turn these errors
 * into a {@code RuntimeException} thrown before the run, breaking the Java API's contract.)
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
		final String[] parts = SIZE_SEPARATOR.split(s, -1);
		if (parts.length == 0 || java.util.Arrays.asList(parts).contains("")) throw new IllegalArgumentException(key + ": '" +
			text + "' is not a size: " + accepted);
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
	 * origins moved accordingly. An uncalibrated image (1 pixel per pixel, as a PNG) stays
	 * uncalibrated, as ImageJ's <i>Bin...</i> keeps it: a pooled pixel is not "2 pixels" wide. A
	 * density calibration is dropped (results are plain values).
	 */
	static Calibration calibration(final ImagePlus in, final double[] shift, final double[] scale) {
		final Calibration cal = in.getCalibration().copy();
		cal.disableDensityCalibration();
		if (!cal.scaled()) {
			// only the position of the result's first pixel on the input, in (input) pixels
			cal.xOrigin = cal.xOrigin - shift[0] / scale[0];
			cal.yOrigin = cal.yOrigin - shift[1] / scale[1];
			cal.zOrigin = cal.zOrigin - shift[2] / scale[2];
			return cal;
		}
		cal.pixelWidth *= scale[0];
		cal.pixelHeight *= scale[1];
		cal.pixelDepth *= scale[2];
		cal.xOrigin = (cal.xOrigin - shift[0]) / scale[0];
		cal.yOrigin = (cal.yOrigin - shift[1]) / scale[1];
		cal.zOrigin = (cal.zOrigin - shift[2]) / scale[2];
		return cal;
	}

	/**
	 * The label of plane {@code n} (1-based) of {@code in} as the user gave it, or null. For a single
	 * image this is its {@code Label} property or its one-slice stack's label, but never the label
	 * ImageJ's {@link ImagePlus#getStack()} invents for a single image with an {@code Info} property
	 * (its title and the whole Info text), which is not a label of the user's.
	 */
	static String inputLabel(final ImagePlus in, final int n) {
		if (in.getStackSize() == 1) {
			final Object property = in.getProperty("Label");
			if (property instanceof String && !((String) property).isEmpty()) return (String) property;
			final String label = in.getStack().getSliceLabel(1);
			final String info = in.getInfoProperty();
			if (label == null || info != null && (label.equals(in.getTitle() + "\n" + info) || label
				.endsWith("\n" + info))) return null;
			return label;
		}
		return in.getStack().getSliceLabel(n);
	}

	/** Longest slice label that ImageJ shows and returns whole ({@code ImageStack.getShortSliceLabel}). */
	static final int SHORT_LABEL = 60;

	/**
	 * A slice label for {@code text} that survives ImageJ's short-label rule (the stack window's
	 * subtitle, {@code getInfo("slice.label")}, {@code ImageStack.getShortSliceLabel}): that rule
	 * keeps the first line, cuts the last four characters when they look like a file extension
	 * ({@code .xy)} of {@code zoom=(0.88,0.92)}) and cuts at 60 characters. So the parenthesised
	 * pairs are written as {@code key=a,b} (as macro keys take them: {@code zoom=0.88,0.92}), and a
	 * text longer than 60 characters gets a first line of the whole words that fit, the full text on
	 * the second line ({@code getMetadata("Label")} returns both).
	 * <pre>{@code
	 * sliceLabel("rot=18.0 zoom=(0.88,0.92)"); // "rot=18.0 zoom=0.88,0.92"
	 * }</pre>
	 */
	static String sliceLabel(final String text) {
		if (text == null) return null;
		String s = text.strip().replaceAll("=\\(([^()\\s]*)\\)", "=$1");
		final int nl = s.indexOf('\n');
		final String first = nl < 0 ? s : s.substring(0, nl).strip();
		String line = first;
		if (line.length() > SHORT_LABEL) {
			final int blank = line.lastIndexOf(' ', SHORT_LABEL);
			line = (blank > 0 ? line.substring(0, blank) : line.substring(0, SHORT_LABEL)).strip();
		}
		while (looksLikeExtension(line))
			line = line.substring(0, line.length() - 1).strip();
		if (line.equals(first)) return s;
		return line + "\n" + s;
	}

	/** True if ImageJ's short-label rule would take the end of {@code s} for a file extension. */
	static boolean looksLikeExtension(final String s) {
		final int len = s.length();
		return len > 4 && s.charAt(len - 4) == '.' && !Character.isDigit(s.charAt(len - 1));
	}

	/** The version of ConvNet-IJ (the jar's), or {@code dev} when run from classes. */
	static String version() {
		final String v = CommandSupport.class.getPackage().getImplementationVersion();
		if (v != null) return v;
		try (java.io.InputStream in = CommandSupport.class.getResourceAsStream(
			"/META-INF/maven/io.github.convnetij/convnet-ij/pom.properties"))
		{
			if (in != null) {
				final java.util.Properties p = new java.util.Properties();
				p.load(in);
				if (p.getProperty("version") != null) return p.getProperty("version");
			}
		}
		catch (final java.io.IOException e) {
			// no version to tell
		}
		return "dev";
	}

	/**
	 * Title, calibration, slice labels, LUTs and provenance of a result: the input's labels (never
	 * one ImageJ invents for a single image, see {@link #inputLabel}), and the input's Info followed
	 * by the lines of {@link #provenanceLine}.
	 *
	 * @param slice the stack index of the single plane processed ("this slice"), or 0 for all
	 */
	static ImagePlus finish(final ImagePlus in, final ImagePlus out, final String suffix,
		final Calibration cal, final int slice, final String provenance)
	{
		out.setTitle(baseTitle(in.getTitle()) + suffix);
		out.setCalibration(cal);
		final ImageStack os = out.getStack();
		if (slice > 0) setLabel(out, os, inputLabel(in, slice), 1);
		else if (in.getStackSize() == os.getSize() && in.getNSlices() == out.getNSlices())
			for (int n = 1; n <= os.getSize(); n++)
			setLabel(out, os, inputLabel(in, n), n);
		final String info = in.getInfoProperty();
		final String line = provenanceLine(provenance);
		out.setProperty("Info", info == null || info.isEmpty() ? line : info + (info.endsWith("\n") ? ""
			: "\n") + line);
		return ImagePlusImgs.withLuts(in, out);
	}

	/**
	 * The lines a result's Info gets: {@code ConvNet-IJ version <version>}, then
	 * {@code ConvNet-IJ: <provenance>} (the command and every value it ran with, as macro keys).
	 */
	static String provenanceLine(final String provenance) {
		return "ConvNet-IJ version " + version() + "\nConvNet-IJ: " + provenance;
	}

	private static void setLabel(final ImagePlus out, final ImageStack os, final String label,
		final int n)
	{
		os.setSliceLabel(label, n);
		if (os.getSize() == 1 && label != null) out.setProperty("Label", label);
	}

	/** A value as ImageJ macros write it: in brackets when it has spaces, line breaks as {@code ; }. */
	static String macroValue(final String value) {
		final String v = value == null ? "" : value.strip().replaceAll("\\s*(\\r\\n|[\\r\\n])\\s*",
			"; ");
		return v.isEmpty() || v.matches(".*\\s.*") ? "[" + v + "]" : v;
	}

	/**
	 * Fails before the work starts when the result would clearly not fit in the Java heap. The
	 * message gives the need and the heap ({@link HeapBudget}), no advice: each front end adds its
	 * own way to give Java more memory (the CLI {@code -Xmx}, Fiji its menu).
	 *
	 * @param inPixels pixels read (the core may convert them to float)
	 * @param outPixels pixels written (float, then the ImageJ result)
	 */
	static void checkMemory(final String title, final long inPixels, final long outPixels) {
		checkMemory("image", "'" + title + "'", inPixels, outPixels,
			"to work on one plane use stack=[this slice]");
	}

	/**
	 * As {@link #checkMemory(String, long, long)}: {@code key: <what> needs 3.1 GB, but the Java
	 * heap has only ...; <hint>}.
	 */
	static void checkMemory(final String key, final String what, final long inPixels,
		final long outPixels, final String hint)
	{
		final long need = HeapBudget.plus(HeapBudget.times(4, Math.max(0, inPixels)), HeapBudget.times(
			8, Math.max(0, outPixels)));
		try {
			HeapBudget.require(need, what);
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException(key + ": " + e.getMessage() + (hint == null ? "" : "; " +
				hint), e);
		}
	}
}
