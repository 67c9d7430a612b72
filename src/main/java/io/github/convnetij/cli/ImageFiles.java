package io.github.convnetij.cli;

import java.awt.Color;
import java.awt.Graphics;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileInfo;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.io.TiffDecoder;
import ij.io.TiffEncoder;
import ij.measure.Calibration;
import ij.plugin.PGM_Reader;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

/**
 * Reading and writing image files for the CLI: anything ImageJ 1.x opens (TIFF including 32-bit
 * and stacks, PNG, JPEG, GIF, BMP, PGM) plus text images ({@code .txt}, {@code .csv}, {@code .tsv}:
 * one row per line, numbers separated by spaces, commas or tabs); output chosen by extension:
 * {@code .tif}/{@code .tiff} (32-bit float, stacks kept), {@code .csv}/{@code .txt}/{@code .tsv}
 * (text image with exact float values), {@code .png} (8-bit, scaled min-max). Writes go to a
 * temporary file in the target folder, then are moved into place, so a failure leaves no file.
 * <p>
 * Neither method prints anything: ImageJ 1.x reports many read errors by printing them when no
 * ImageJ window is open, so files are checked and decoded here through ImageJ's decoders that
 * throw ({@link TiffDecoder}, {@link PGM_Reader#openFile}) or through {@code javax.imageio}
 * (PNG, JPEG, GIF, BMP, as ImageJ itself does for PNG), and every problem becomes an exception.
 * <pre>{@code
 * ImagePlus img = ImageFiles.read(Path.of("blobs.tif"));     // title "blobs.tif"
 * ImageFiles.write(result, Path.of("out/edges.csv"));       // comma-separated, exact floats
 * }</pre>
 */
public final class ImageFiles {

	/** What {@link #read} accepts, for error messages. */
	static final String READ_FORMATS =
		"TIFF (.tif, .tiff; 8/16/32-bit, RGB, stacks), PNG, JPEG, GIF, BMP, PGM/PPM/PBM, " +
			"and text images (.txt, .csv, .tsv)";

	/** What {@link #write} accepts, for error messages. */
	static final String WRITE_FORMATS = ".tif, .tiff, .csv, .tsv, .txt, .png";

	/** A decimal number as written by people, numpy, ImageJ and {@link Float#toString}. */
	private static final Pattern DECIMAL = Pattern.compile(
		"[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

	/** NaN and infinities as Java ({@code NaN}, {@code Infinity}) and numpy ({@code nan}, {@code inf}) write them. */
	private static final Pattern SPECIAL = Pattern.compile("[+-]?(nan|inf|infinity)",
		Pattern.CASE_INSENSITIVE);

	private static final String UTF8_BOM_AS_LATIN1 = "\u00EF\u00BB\u00BF";

	private ImageFiles() {}

	/**
	 * Reads an image file. Text images ({@code .txt}, {@code .csv}, {@code .tsv}) become a 32-bit
	 * float image with the exact values of the text; blank lines at the end are ignored. TIFF (with
	 * ImageJ's stack, hyperstack, calibration and slice label metadata), PNG, JPEG, GIF (single
	 * frame), BMP and PGM/PPM/PBM are read as ImageJ 1.x reads them (8/16/32-bit, RGB; an RGB
	 * picture whose three channels are equal becomes 8-bit). The title is the file name. Nothing is
	 * printed.
	 * <pre>{@code
	 * ImagePlus img = ImageFiles.read(Path.of("kernel-test.csv"));   // 32-bit, one row per line
	 * }</pre>
	 *
	 * @throws IOException for a missing or unreadable file, with a message naming the path
	 *           ({@code no such file: PATH}), or a file that is not an image in an accepted format,
	 *           naming the file and the accepted formats
	 * @throws IllegalArgumentException for malformed content (ragged or non-numeric text, an empty
	 *           text image), naming the file, line, column and value
	 */
	public static ImagePlus read(final Path path) throws IOException {
		Objects.requireNonNull(path, "path");
		if (!Files.exists(path)) throw new IOException("no such file: " + path);
		if (Files.isDirectory(path)) throw new IOException("cannot read " + path +
			": it is a folder, not an image file");
		if (!Files.isReadable(path)) throw new IOException("cannot read " + path +
			": permission denied");
		final String name = path.getFileName().toString();
		io.github.convnetij.nn.data.ImageHeaders.check(path, "; accepted formats: " + READ_FORMATS);
		final ImagePlus image;
		switch (extension(path)) {
			case "txt":
			case "csv":
			case "tsv":
				image = readText(path);
				break;
			default:
				image = readRaster(path);
		}
		image.setTitle(name);
		return image;
	}

	/**
	 * Writes an image, the format chosen by the file extension (case-insensitive):
	 * <ul>
	 * <li>{@code .tif}, {@code .tiff}: 32-bit float (each plane of an 8- or 16-bit image converted,
	 * its calibration function applied), stacks with their C/Z/T hyperstack layout, spatial
	 * calibration, slice labels and Info kept; RGB images stay RGB;</li>
	 * <li>{@code .csv} (commas), {@code .tsv} (tabs), {@code .txt} (spaces): a text image of one
	 * plane, one row per line, each value written so that it reads back as exactly the same float
	 * (integers without a decimal point);</li>
	 * <li>{@code .png}: one plane; 16- and 32-bit values scaled linearly from the plane's min-max
	 * (finite values; NaN written as 0) to 0-255, 8-bit values written as they are (not their
	 * LUT), RGB as RGB.</li>
	 * </ul>
	 * The file is written to a temporary file in the same folder and then moved over {@code path}
	 * (atomically where the file system allows), so a failure leaves neither a partial output nor the
	 * temporary file, and an existing file at {@code path} is replaced only by a complete one.
	 * The image is not modified.
	 * <pre>{@code
	 * ImageFiles.write(result, Path.of("edges.tif"));   // 32-bit float TIFF
	 * }</pre>
	 *
	 * @throws IllegalArgumentException for an unsupported extension, naming it and the accepted ones,
	 *           or an image the format cannot hold (a stack or an RGB image as text, a stack as PNG)
	 * @throws IOException if the file cannot be written (a missing folder, no permission, a full
	 *           disk), naming the path
	 */
	public static void write(final ImagePlus image, final Path path) throws IOException {
		writeAtomically(path, content(image, path));
	}

	/**
	 * Writes several images, each to its path, all or nothing: every file is first written to a
	 * hidden temporary file beside its target, and only when all of them succeeded are they moved
	 * into place; when one fails, no target is touched and the temporary files are removed. (Augment
	 * writes its stack and its preview montage this way.)
	 *
	 * @param images the images, in the order of {@code paths}
	 * @throws IllegalArgumentException or IOException as {@link #write}, for the first file that fails
	 */
	static void writeAll(final List<ImagePlus> images, final List<Path> paths) throws IOException {
		if (images.size() != paths.size()) throw new IllegalArgumentException(images.size() +
			" images for " + paths.size() + " paths");
		final List<Content> contents = new java.util.ArrayList<>();
		for (int i = 0; i < images.size(); i++)
			contents.add(content(images.get(i), paths.get(i)));
		final List<Path> staged = new java.util.ArrayList<>();
		boolean done = false;
		try {
			for (int i = 0; i < paths.size(); i++)
				staged.add(stage(paths.get(i), contents.get(i)));
			for (int i = 0; i < paths.size(); i++)
				commit(paths.get(i), staged.get(i));
			done = true;
		}
		finally {
			if (!done) for (final Path tmp : staged)
				discard(tmp);
		}
	}

	private static Content content(final ImagePlus image, final Path path) {
		Objects.requireNonNull(image, "image");
		Objects.requireNonNull(path, "path");
		final String ext = extension(path);
		switch (ext) {
			case "tif":
			case "tiff":
				return tiffContent(image);
			case "csv":
				return textContent(image, path, ',');
			case "tsv":
				return textContent(image, path, '\t');
			case "txt":
				return textContent(image, path, ' ');
			case "png":
				return pngContent(image, path);
			default:
				throw new IllegalArgumentException("cannot write " + path + ": " + (ext.isEmpty()
					? "the file name has no extension" : "unknown output format '." + ext + "'") +
					"; accepted: " + WRITE_FORMATS);
		}
	}

	// ---- writing files atomically ----------------------------------------------------------

	/** Writes the bytes of a file to a stream; may fail half-way. */
	@FunctionalInterface
	interface Content {

		/** Writes the whole content to {@code out} (do not close it). */
		void writeTo(OutputStream out) throws IOException;
	}

	/**
	 * Writes {@code content} to a new temporary file in the folder of {@code path}, then moves it
	 * onto {@code path}; on any failure the temporary file is deleted and {@code path} is untouched.
	 *
	 * @throws IOException naming {@code path} if the folder does not exist or writing fails
	 */
	static void writeAtomically(final Path path, final Content content) throws IOException {
		commit(path, stage(path, content));
	}

	/**
	 * Writes {@code content} to a new hidden temporary file in the folder of {@code path}
	 * (registered with {@link io.github.convnetij.compute.TempFiles}, so removed on SIGTERM).
	 *
	 * @return the temporary file, for {@link #commit}
	 * @throws IOException naming {@code path} if the folder does not exist or writing fails (the
	 *           temporary file is then removed)
	 */
	private static Path stage(final Path path, final Content content) throws IOException {
		final Path target = path.toAbsolutePath().normalize();
		final Path folder = target.getParent();
		if (folder == null || !Files.isDirectory(folder)) throw new IOException("cannot write " +
			path + ": the folder " + (folder == null ? "" : folder + " ") + "does not exist");
		if (Files.isDirectory(target)) throw new IOException("cannot write " + path +
			": it is a folder");
		Path tmp = null;
		try {
			OutputStream raw = null;
			for (int attempt = 0; raw == null; attempt++) {
				tmp = folder.resolve(tempName(target.getFileName().toString()));
				try {
					raw = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
						StandardOpenOption.WRITE);
				}
				catch (final FileAlreadyExistsException e) {
					tmp = null;
					if (attempt >= 10) throw e;
				}
			}
			io.github.convnetij.compute.TempFiles.register(tmp); // removed on SIGTERM while writing
			try (OutputStream out = new BufferedOutputStream(raw, 1 << 16)) {
				content.writeTo(out);
			}
			final Path staged = tmp;
			tmp = null;
			return staged;
		}
		catch (final IOException e) {
			throw new IOException("cannot write " + path + ": " + describe(e), e);
		}
		finally {
			if (tmp != null) discard(tmp);
		}
	}

	/** Moves a file made by {@link #stage} onto {@code path}; removes it if that fails. */
	private static void commit(final Path path, final Path tmp) throws IOException {
		boolean moved = false;
		try {
			// not once the JVM is stopping
			io.github.convnetij.compute.TempFiles.moveIntoPlace(tmp, path.toAbsolutePath().normalize());
			moved = true;
		}
		catch (final IOException e) {
			throw new IOException("cannot write " + path + ": " + describe(e), e);
		}
		finally {
			if (!moved) discard(tmp);
		}
	}

	private static void discard(final Path tmp) {
		try {
			Files.deleteIfExists(tmp);
		}
		catch (final IOException e) {
			// nothing more can be done: the original failure is what the caller needs to see
		}
		io.github.convnetij.compute.TempFiles.forget(tmp);
	}

	/** A hidden temporary name next to the target, e.g. {@code .out.png.3f9a1c0e2b7d4a61.tmp}. */
	private static String tempName(final String name) {
		final String base = name.length() > 100 ? name.substring(0, 100) : name;
		return "." + base + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp";
	}

	private static String describe(final IOException e) {
		if (e instanceof AccessDeniedException) return "permission denied (" + ((AccessDeniedException) e)
			.getFile() + ")";
		if (e instanceof FileSystemException) {
			final FileSystemException f = (FileSystemException) e;
			final String reason = f.getReason();
			return (reason != null ? reason : e.getClass().getSimpleName()) + (f.getFile() != null
				? " (" + f.getFile() + ")" : "");
		}
		return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
	}

	// ---- TIFF ------------------------------------------------------------------------------

	private static Content tiffContent(final ImagePlus image) {
		final boolean keep = !image.getStack().isVirtual() && (image.getBitDepth() == 32 || image
			.getBitDepth() == 24);
		final ImagePlus out = keep ? image : image.getBitDepth() == 24 ? copyRgb(image) : toFloat(
			image);
		return stream -> encodeTiff(out, stream);
	}

	/** TIFF bytes as {@link FileSaver#saveAsTiffStack} makes them, without its dialogs and side effects. */
	private static void encodeTiff(final ImagePlus image, final OutputStream out) throws IOException {
		final FileInfo fi = image.getFileInfo();
		final FileSaver saver = new FileSaver(image);
		fi.info = image.getInfoProperty();
		fi.description = saver.getDescriptionString();
		if (fi.nImages > 1) fi.sliceLabels = image.getStack().getSliceLabels();
		else {
			final String label = image.getStack().getSliceLabel(1);
			if (label != null) fi.sliceLabels = new String[] { label };
		}
		fi.properties = image.getPropertiesAsArray();
		if (image.isComposite()) saver.saveDisplayRangesAndLuts(image, fi);
		new TiffEncoder(fi).write(out);
	}

	/**
	 * A 32-bit copy of {@code image}: each plane converted to float (8- and 16-bit values through
	 * the calibration function, if any), with the same C/Z/T layout, spatial calibration, slice
	 * labels and Info.
	 */
	static ImagePlus toFloat(final ImagePlus image) {
		final ImageStack in = image.getStack();
		final ImageStack out = new ImageStack(image.getWidth(), image.getHeight());
		final Calibration cal = image.getCalibration();
		final float[] table = image.getBitDepth() == 8 || image.getBitDepth() == 16 ? cal.getCTable()
			: null;
		for (int i = 1; i <= in.getSize(); i++) {
			final ImageProcessor ip = in.getProcessor(i);
			final FloatProcessor fp;
			// getProcessor returns a new processor over the plane's pixels (or a virtual plane)
			if (ip instanceof FloatProcessor) fp = (FloatProcessor) ip;
			else {
				ip.setCalibrationTable(table);
				fp = (FloatProcessor) ip.convertToFloat();
				ip.setCalibrationTable(null);
			}
			fp.resetMinAndMax();
			out.addSlice(in.getSliceLabel(i), fp);
		}
		final ImagePlus result = new ImagePlus(image.getTitle(), out);
		copyLayout(image, result);
		final Calibration cal2 = cal.copy();
		cal2.disableDensityCalibration();
		result.setCalibration(cal2);
		result.getProcessor().resetMinAndMax();
		return result;
	}

	private static ImagePlus copyRgb(final ImagePlus image) {
		final ImageStack in = image.getStack();
		final ImageStack out = new ImageStack(image.getWidth(), image.getHeight());
		for (int i = 1; i <= in.getSize(); i++)
			out.addSlice(in.getSliceLabel(i), in.getProcessor(i).duplicate());
		final ImagePlus result = new ImagePlus(image.getTitle(), out);
		copyLayout(image, result);
		result.setCalibration(image.getCalibration().copy());
		return result;
	}

	private static void copyLayout(final ImagePlus from, final ImagePlus to) {
		to.setDimensions(from.getNChannels(), from.getNSlices(), from.getNFrames());
		if (from.isHyperStack()) to.setOpenAsHyperStack(true);
		final Object info = from.getProperty("Info");
		if (info != null) to.setProperty("Info", info);
		final String[] props = from.getPropertiesAsArray();
		if (props != null) to.setProperties(props);
	}

	// ---- text images -------------------------------------------------------------------------

	private static Content textContent(final ImagePlus image, final Path path, final char separator) {
		checkSinglePlane(image, path, "a text image");
		if (image.getBitDepth() == 24) throw new IllegalArgumentException("cannot write " + path +
			": an RGB image cannot be written as a text image; write .tif or .png instead");
		final FloatProcessor fp = (FloatProcessor) toFloat(image).getProcessor();
		return out -> {
			final Writer w = new OutputStreamWriter(out, StandardCharsets.US_ASCII);
			final float[] px = (float[]) fp.getPixels();
			final int width = fp.getWidth();
			final StringBuilder line = new StringBuilder(width * 8);
			for (int y = 0; y < fp.getHeight(); y++) {
				line.setLength(0);
				for (int x = 0; x < width; x++) {
					if (x > 0) line.append(separator);
					line.append(formatValue(px[y * width + x]));
				}
				line.append('\n');
				w.write(line.toString());
			}
			w.flush();
		};
	}

	/**
	 * The shortest text that {@link Float#parseFloat} (and {@link #read}) turns back into exactly
	 * {@code v}: integers without a decimal point ({@code 3}, {@code -12}), otherwise
	 * {@link Float#toString} ({@code 0.1}, {@code -2.5E-7}, {@code -0.0}, {@code NaN},
	 * {@code Infinity}).
	 */
	static String formatValue(final float v) {
		if (v == (int) v && !(v == 0 && Float.floatToRawIntBits(v) != 0)) return Integer.toString(
			(int) v);
		return Float.toString(v);
	}

	private static ImagePlus readText(final Path path) throws IOException {
		// Latin-1 maps every byte to a character, so a binary file gives a "not a number" error
		// naming the bad value rather than a decoding exception.
		try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.ISO_8859_1)) {
			float[] data = new float[1024];
			int n = 0, width = -1, rows = 0, firstRowLine = 0, firstBlankLine = 0, lineNo = 0;
			final List<String> tokens = new ArrayList<>();
			for (String line = r.readLine(); line != null; line = r.readLine()) {
				lineNo++;
				if (lineNo == 1 && line.startsWith(UTF8_BOM_AS_LATIN1)) line = line.substring(3);
				split(line, tokens);
				if (tokens.isEmpty()) {
					if (firstBlankLine == 0) firstBlankLine = lineNo;
					continue;
				}
				if (firstBlankLine != 0) throw new IllegalArgumentException(path + ", line " +
					firstBlankLine + ": blank line " + (rows == 0 ? "before" : "inside") +
					" the image (only blank lines at the end are ignored)");
				if (width < 0) {
					width = tokens.size();
					firstRowLine = lineNo;
				}
				else if (tokens.size() != width) throw new IllegalArgumentException(path + ", line " +
					lineNo + ": " + tokens.size() + (tokens.size() == 1 ? " value" : " values") +
					", but line " + firstRowLine + " has " + width +
					": every row of a text image needs the same number of values");
				if (n + width > data.length) {
					final long grown = Math.max((long) data.length * 2, (long) n + width);
					if (grown > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(path +
						": too many values for one image plane");
					data = Arrays.copyOf(data, (int) grown);
				}
				for (int i = 0; i < width; i++)
					data[n++] = parseValue(tokens.get(i), path, lineNo, i + 1);
				rows++;
			}
			if (rows == 0) throw new IllegalArgumentException(path + " is empty: a text image " +
				"needs at least one row of numbers separated by spaces, commas or tabs");
			final FloatProcessor fp = new FloatProcessor(width, rows, Arrays.copyOf(data, n));
			fp.resetMinAndMax();
			return new ImagePlus(path.getFileName().toString(), fp);
		}
	}

	/** Splits a line at every run of spaces, tabs, other whitespace and commas. */
	private static void split(final String line, final List<String> tokens) {
		tokens.clear();
		int start = -1;
		for (int i = 0; i <= line.length(); i++) {
			final boolean sep = i == line.length() || line.charAt(i) == ',' || Character.isWhitespace(
				line.charAt(i));
			if (sep) {
				if (start >= 0) tokens.add(line.substring(start, i));
				start = -1;
			}
			else if (start < 0) start = i;
		}
	}

	private static float parseValue(final String token, final Path path, final int line,
		final int column)
	{
		if (DECIMAL.matcher(token).matches()) {
			final float v = Float.parseFloat(token);
			if (Float.isInfinite(v)) throw new IllegalArgumentException(path + ", line " + line +
				", column " + column + ": '" + printable(token) + "' is outside the 32-bit float range (about " +
				"+-3.4E38)");
			return v;
		}
		if (SPECIAL.matcher(token).matches()) {
			final String t = token.toLowerCase(Locale.ROOT);
			if (t.endsWith("nan")) return Float.NaN;
			return t.startsWith("-") ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
		}
		throw new IllegalArgumentException(path + ", line " + line + ", column " + column + ": '" +
			printable(token) + "' is not a number (expected decimal numbers such as 3, -0.25 or " +
			"1.5E-3, separated by spaces, commas or tabs)");
	}

	/** The token as it can be shown in a one-line message: control characters escaped, long ones cut. */
	private static String printable(final String s) {
		final StringBuilder sb = new StringBuilder();
		for (int i = 0; i < s.length() && i < 40; i++) {
			final char c = s.charAt(i);
			if (c < 0x20 || c >= 0x7f && c < 0xa0) sb.append(String.format(Locale.ROOT, "\\x%02x",
				(int) c));
			else sb.append(c);
		}
		if (s.length() > 40) sb.append("...");
		return sb.toString();
	}

	// ---- PNG ---------------------------------------------------------------------------------

	private static Content pngContent(final ImagePlus image, final Path path) {
		checkSinglePlane(image, path, "a PNG file");
		final ImageProcessor ip = image.getProcessor();
		final int w = ip.getWidth(), h = ip.getHeight();
		final BufferedImage bi;
		if (ip instanceof ColorProcessor) {
			bi = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
			bi.setRGB(0, 0, w, h, (int[]) ip.getPixels(), 0, w);
		}
		else {
			final byte[] bytes = ip instanceof ByteProcessor ? (byte[]) ip.getPixels() : scaleToBytes(
				(float[]) toFloat(image).getProcessor().getPixels());
			bi = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
			bi.getRaster().setDataElements(0, 0, w, h, bytes);
		}
		return out -> {
			if (!ImageIO.write(bi, "png", out)) throw new IOException("no PNG encoder available");
		};
	}

	/**
	 * Scales values linearly from their finite min-max to 0-255 (rounded); +-Infinity clip to
	 * 255 / 0, NaN becomes 0, and a constant plane becomes all 0.
	 */
	static byte[] scaleToBytes(final float[] values) {
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		for (final float v : values) {
			if (Float.isFinite(v)) {
				if (v < min) min = v;
				if (v > max) max = v;
			}
		}
		final byte[] out = new byte[values.length];
		final double scale = max > min ? 255.0 / (max - min) : 0;
		for (int i = 0; i < values.length; i++) {
			final float v = values[i];
			final long b;
			if (Float.isNaN(v)) b = 0;
			else if (v == Float.POSITIVE_INFINITY) b = 255;
			else if (v == Float.NEGATIVE_INFINITY) b = 0;
			else b = Math.round((v - min) * scale);
			out[i] = (byte) Math.max(0, Math.min(255, b));
		}
		return out;
	}

	private static void checkSinglePlane(final ImagePlus image, final Path path, final String what) {
		final int planes = image.getStackSize();
		if (planes > 1) throw new IllegalArgumentException("cannot write " + path + ": " + what +
			" holds one plane, but this image has " + planes + " (channels x slices x frames = " + image
				.getNChannels() + " x " + image.getNSlices() + " x " + image.getNFrames() +
			"); write .tif to keep them all, or write one plane at a time");
	}

	// ---- reading raster formats --------------------------------------------------------------

	private static ImagePlus readRaster(final Path path) throws IOException {
		if (Files.size(path) == 0) throw cannotOpen(path, "the file is empty", null);
		final String absolute = path.toAbsolutePath().toString();
		final Opener opener = new Opener();
		opener.setSilentMode(true);
		final int type = opener.getFileType(absolute);
		if (type == Opener.TIFF) return readTiff(path, opener);
		if (type == Opener.PNG || type == Opener.JPEG || type == Opener.GIF || type == Opener.BMP)
			return readImageIO(path, type);
		if (type == Opener.PGM) return readPgm(path);
		throw cannotOpen(path, "not an image in a format ConvNet-IJ reads", null);
	}

	private static IOException cannotOpen(final Path path, final String reason,
		final Throwable cause)
	{
		return new IOException("cannot open " + path + ": " + reason + "; accepted formats: " +
			READ_FORMATS, cause);
	}

	private static ImagePlus readTiff(final Path path, final Opener opener) throws IOException {
		final Path abs = path.toAbsolutePath();
		final String dir = abs.getParent().toString() + File.separator;
		final String name = abs.getFileName().toString();
		final FileInfo[] info;
		try {
			info = new TiffDecoder(dir, name).getTiffInfo();
		}
		catch (final IOException | RuntimeException e) {
			throw cannotOpen(path, "not a valid TIFF file (" + e.getMessage() + ")", e);
		}
		if (info == null || info.length == 0) throw cannotOpen(path, "no image in this TIFF file",
			null);
		checkTiffData(path, info, Files.size(path));
		final ImagePlus image;
		try {
			image = opener.openTiff(dir, name);
		}
		catch (final RuntimeException e) {
			throw cannotOpen(path, "ImageJ could not decode this TIFF (" + e + ")", e);
		}
		if (image == null || image.getWidth() == 0) throw cannotOpen(path,
			"ImageJ could not decode this TIFF (unsupported compression or sample layout?)", null);
		return image;
	}

	/**
	 * Checks that the pixel data each TIFF directory points to lies inside the file: ImageJ would
	 * otherwise print an error, or silently fill a truncated image with zeros.
	 */
	private static void checkTiffData(final Path path, final FileInfo[] info, final long length)
		throws IOException
	{
		for (final FileInfo fi : info) {
			if (fi.width <= 0 || fi.height <= 0) throw cannotOpen(path, "a TIFF image of size " +
				fi.width + " x " + fi.height, null);
			final String truncated = "the TIFF file is truncated (image data reaches byte ";
			if (fi.compression <= FileInfo.COMPRESSION_NONE) {
				final long plane = (long) fi.width * fi.height * fi.getBytesPerPixel();
				final int n = Math.max(1, fi.nImages);
				final long end = fi.getOffset() + plane * n + fi.getGap() * (n - 1);
				if (end > length) throw cannotOpen(path, truncated + end + ", the file has " + length +
					")", null);
			}
			final int[] offsets = fi.stripOffsets, lengths = fi.stripLengths;
			if (offsets != null && lengths != null && offsets.length == lengths.length && fi.nImages <= 1) {
				for (int i = 0; i < offsets.length; i++) {
					final long end = (offsets[i] & 0xffffffffL) + (lengths[i] & 0xffffffffL);
					if (end > length) throw cannotOpen(path, truncated + end + ", the file has " +
						length + ")", null);
				}
			}
		}
	}

	private static ImagePlus readImageIO(final Path path, final int type) throws IOException {
		final String format = type == Opener.PNG ? "PNG" : type == Opener.JPEG ? "JPEG"
			: type == Opener.GIF ? "GIF" : "BMP";
		BufferedImage img;
		try (ImageInputStream in = ImageIO.createImageInputStream(path.toFile())) {
			if (in == null) throw cannotOpen(path, "cannot open a stream on the file", null);
			final Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
			if (!readers.hasNext()) throw cannotOpen(path, "no " + format +
				" decoder recognises its content", null);
			final ImageReader reader = readers.next();
			try {
				final List<String> warnings = new ArrayList<>();
				reader.addIIOReadWarningListener(warningCollector(warnings));
				reader.setInput(in, false, true);
				if (type == Opener.GIF) {
					final int frames = reader.getNumImages(true);
					if (frames > 1) throw cannotOpen(path, "an animated GIF with " + frames +
						" frames; only single-frame GIFs are read (convert it to a TIFF stack)", null);
				}
				img = reader.read(0);
				if (!warnings.isEmpty()) throw cannotOpen(path, "damaged " + format + " data (" +
					warnings.get(0) + ")", null);
			}
			finally {
				reader.dispose();
			}
		}
		catch (final IIOException | RuntimeException e) {
			throw cannotOpen(path, "damaged or unsupported " + format + " data (" + e.getMessage() +
				")", e);
		}
		catch (final EOFException e) {
			throw cannotOpen(path, "truncated or damaged " + format + " data (the decoder reached the " +
				"end of the file)", e);
		}
		if (img == null) throw cannotOpen(path, "the " + format + " decoder returned no image", null);
		// as ImageJ's Opener.openUsingImageIO: transparency is composed onto white
		final boolean custom8Bit = img.getType() == BufferedImage.TYPE_CUSTOM && img.getSampleModel()
			.getDataType() == java.awt.image.DataBuffer.TYPE_BYTE;
		if (img.getColorModel().hasAlpha() || custom8Bit) {
			final BufferedImage argb = new BufferedImage(img.getWidth(), img.getHeight(),
				BufferedImage.TYPE_INT_ARGB);
			final Graphics g = argb.getGraphics();
			try {
				g.setColor(Color.white);
				g.fillRect(0, 0, img.getWidth(), img.getHeight());
				g.drawImage(img, 0, 0, null);
			}
			finally {
				g.dispose();
			}
			img = argb;
		}
		ImagePlus image = new ImagePlus(path.getFileName().toString(), img);
		if (image.getType() == ImagePlus.COLOR_RGB && image.getStackSize() == 1 && image
			.getProcessor().isGrayscale())
		{
			// as ImageJ: an RGB picture whose channels are all equal opens as 8-bit
			final int[] rgb = (int[]) image.getProcessor().getPixels();
			final byte[] gray = new byte[rgb.length];
			for (int i = 0; i < rgb.length; i++)
				gray[i] = (byte) rgb[i];
			image = new ImagePlus(image.getTitle(), new ByteProcessor(image.getWidth(), image
				.getHeight(), gray));
		}
		else if (image.getBitDepth() == 16 && image.getStackSize() > 1) {
			image.setDimensions(image.getStackSize(), 1, 1);
			image = new CompositeImage(image, CompositeImage.COMPOSITE);
		}
		return image;
	}

	private static IIOReadWarningListener warningCollector(final List<String> warnings) {
		return (source, warning) -> warnings.add(warning);
	}

	private static ImagePlus readPgm(final Path path) throws IOException {
		final ImageStack stack;
		try {
			stack = new PGM_Reader().openFile(path.toAbsolutePath().toString());
		}
		catch (final IOException | RuntimeException e) {
			throw cannotOpen(path, "damaged or unsupported PGM/PPM/PBM data (" + e.getMessage() + ")",
				e);
		}
		if (stack == null || stack.getSize() == 0) throw cannotOpen(path,
			"no image in this PGM/PPM/PBM file", null);
		final ImagePlus image = new ImagePlus(path.getFileName().toString(), stack);
		if (stack.getSize() == 3 && image.getBitDepth() == 16) image.setDimensions(3, 1, 1);
		return image;
	}

	/** The lower-case extension of the file name without the dot, or "" if there is none. */
	static String extension(final Path path) {
		final Path name = path.getFileName();
		if (name == null) return "";
		final String s = name.toString();
		final int dot = s.lastIndexOf('.');
		return dot <= 0 ? "" : s.substring(dot + 1).toLowerCase(Locale.ROOT);
	}
}
