package io.github.convnetij.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

/** Round trips and every error of {@link ImageFiles}. */
class ImageFilesTest {

	@TempDir
	Path dir;

	/** Values whose text form is easy to get wrong: fractions, negatives, tiny and huge, -0. */
	private static final float[] TRICKY = { 0f, -1.5f, 0.1f, 1e-7f, -3.4e38f, 123456789f,
		Float.MIN_VALUE, -0.0f, 16777217f, 1f / 3f, -2.75f, 42f };

	private static ImagePlus floatImage(final int w, final int h, final float[] values) {
		return new ImagePlus("test", new FloatProcessor(w, h, values.clone()));
	}

	private static void assertBitsEqual(final float[] expected, final float[] actual) {
		assertEquals(expected.length, actual.length, "length");
		for (int i = 0; i < expected.length; i++)
			assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
				"value " + i + ": expected " + expected[i] + ", got " + actual[i]);
	}

	private List<String> folder() throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}

	// ---- text images ---------------------------------------------------------------------------

	@Test
	void textRoundTripIsExact() throws IOException {
		for (final String ext : List.of("csv", "tsv", "txt", "CSV"))
			textRoundTrip(ext);
	}

	private void textRoundTrip(final String ext) throws IOException {
		final Path file = dir.resolve("values." + ext);
		ImageFiles.write(floatImage(4, 3, TRICKY), file);
		final ImagePlus back = ImageFiles.read(file);
		assertEquals("values." + ext, back.getTitle());
		assertEquals(32, back.getBitDepth());
		assertEquals(4, back.getWidth());
		assertEquals(3, back.getHeight());
		assertBitsEqual(TRICKY, (float[]) back.getProcessor().getPixels());
		final String sep = ext.equalsIgnoreCase("csv") ? "," : ext.equals("tsv") ? "\t" : " ";
		final List<String> lines = Files.readAllLines(file);
		assertEquals(List.of(String.join(sep, "0", "-1.5", "0.1", "1.0E-7"), String.join(sep,
			"-3.4E38", "123456792", "1.4E-45", "-0.0"), String.join(sep, "16777216", "0.33333334",
				"-2.75", "42")), lines);
	}

	@Test
	void textRoundTripOfRandomValues() throws IOException {
		final Random random = new Random(7);
		final float[] v = new float[17 * 5];
		for (int i = 0; i < v.length; i++)
			v[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(20) - 10));
		final Path file = dir.resolve("random.csv");
		ImageFiles.write(floatImage(17, 5, v), file);
		assertBitsEqual(v, (float[]) ImageFiles.read(file).getProcessor().getPixels());
	}

	@Test
	void readsAnyRunOfSeparatorsAndIgnoresTrailingBlankLines() throws IOException {
		final Path file = dir.resolve("mixed.txt");
		Files.writeString(file, "\uFEFF1, 2\t3\r\n  -4 ,,5e-1\t\t+6  \n.5 nan -inf\n\n  \n\t\n");
		final ImagePlus img = ImageFiles.read(file);
		assertEquals(3, img.getWidth());
		assertEquals(3, img.getHeight());
		assertBitsEqual(new float[] { 1, 2, 3, -4, 0.5f, 6, 0.5f, Float.NaN,
			Float.NEGATIVE_INFINITY }, (float[]) img.getProcessor().getPixels());
	}

	@Test
	void readsIntegerImagesAsText() throws IOException {
		final ShortProcessor sp = new ShortProcessor(2, 2);
		sp.setPixels(new short[] { 0, 1000, (short) 65535, 7 });
		final Path file = dir.resolve("short.tsv");
		ImageFiles.write(new ImagePlus("s", sp), file);
		assertEquals(List.of("0\t1000", "65535\t7"), Files.readAllLines(file));
	}

	@Test
	void raggedRowsNameFileLineAndCounts() throws IOException {
		final Path file = dir.resolve("ragged.csv");
		Files.writeString(file, "1,2,3\n4,5,6\n7,8\n");
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> ImageFiles.read(file));
		assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
		assertTrue(e.getMessage().contains("line 3: 2 values, but line 1 has 3"), e.getMessage());
	}

	@Test
	void nonNumericValueNamesLineColumnAndValue() throws IOException {
		final Path file = dir.resolve("words.txt");
		Files.writeString(file, "1 2 3\n4 x7 6\n");
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> ImageFiles.read(file));
		assertTrue(e.getMessage().startsWith(file + ", line 2, column 2: 'x7' is not a number"), e
			.getMessage());
	}

	@Test
	void headerLineIsNotANumber() throws IOException {
		final Path file = dir.resolve("header.csv");
		Files.writeString(file, "a,b\n1,2\n");
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> ImageFiles.read(file));
		assertTrue(e.getMessage().contains("line 1, column 1: 'a' is not a number"), e.getMessage());
	}

	@Test
	void javaFloatSuffixesAndHexAreNotNumbers() throws IOException {
		final Path file = dir.resolve("suffix.csv");
		Files.writeString(file, "1,2f\n");
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ImageFiles.read(file))
			.getMessage().contains("column 2: '2f'"));
	}

	@Test
	void valueOutsideFloatRangeIsAnError() throws IOException {
		final Path file = dir.resolve("huge.csv");
		Files.writeString(file, "1,1e39\n");
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ImageFiles.read(file))
			.getMessage().contains("line 1, column 2: '1e39' is outside the 32-bit float range"));
	}

	@Test
	void blankLineInsideTheImageIsAnError() throws IOException {
		final Path file = dir.resolve("gap.csv");
		Files.writeString(file, "1,2\n\n3,4\n");
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ImageFiles.read(file))
			.getMessage().contains("line 2: blank line inside the image"));
	}

	@Test
	void emptyTextImageIsAnError() throws IOException {
		for (final String content : List.of("", "\n\n", " , \t\n")) {
			final Path file = dir.resolve("empty.csv");
			Files.writeString(file, content);
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> ImageFiles.read(file));
			assertTrue(e.getMessage().contains(file + " is empty"), e.getMessage());
		}
	}

	@Test
	void binaryFileNamedCsvGivesAReadableMessage() throws IOException {
		final Path file = dir.resolve("binary.csv");
		Files.write(file, new byte[] { 1, 2, (byte) 0xff, 0, 10 });
		final String msg = assertThrows(IllegalArgumentException.class, () -> ImageFiles.read(file))
			.getMessage();
		assertTrue(msg.contains("line 1, column 1") && msg.contains("\\x01"), msg);
	}

	// ---- TIFF ------------------------------------------------------------------------------------

	@Test
	void tiff32BitRoundTripKeepsValuesAndCalibration() throws IOException {
		final Random random = new Random(1);
		final float[] v = new float[13 * 7];
		for (int i = 0; i < v.length; i++)
			v[i] = (float) random.nextGaussian() * 1000;
		v[3] = Float.NaN;
		final ImagePlus img = floatImage(13, 7, v);
		final Calibration cal = img.getCalibration();
		cal.pixelWidth = 0.25;
		cal.pixelHeight = 0.5;
		cal.setUnit("mm");
		final Path file = dir.resolve("float.tif");
		ImageFiles.write(img, file);
		final ImagePlus back = ImageFiles.read(file);
		assertEquals("float.tif", back.getTitle());
		assertEquals(32, back.getBitDepth());
		assertBitsEqual(v, (float[]) back.getProcessor().getPixels());
		assertEquals(0.25, back.getCalibration().pixelWidth);
		assertEquals(0.5, back.getCalibration().pixelHeight);
		assertEquals("mm", back.getCalibration().getUnit());
		assertEquals("test", img.getTitle(), "the written image is not renamed");
	}

	@Test
	void tiffHyperstackOf16BitIsWrittenAsFloatWithLayoutAndLabels() throws IOException {
		final int w = 5, h = 4, c = 2, z = 3;
		final ImageStack stack = new ImageStack(w, h);
		for (int i = 0; i < c * z; i++) {
			final short[] px = new short[w * h];
			for (int j = 0; j < px.length; j++)
				px[j] = (short) (i * 1000 + j * 37);
			stack.addSlice("plane " + (i + 1), new ShortProcessor(w, h, px, null));
		}
		final ImagePlus img = new ImagePlus("hyper", stack);
		img.setDimensions(c, z, 1);
		img.setOpenAsHyperStack(true);
		img.getCalibration().pixelDepth = 2.5;
		img.setProperty("Info", "made by a test");
		final Path file = dir.resolve("hyper.tiff");
		ImageFiles.write(img, file);
		assertEquals(16, img.getBitDepth(), "the input is not converted in place");

		final ImagePlus back = ImageFiles.read(file);
		assertEquals(32, back.getBitDepth());
		assertEquals(c, back.getNChannels());
		assertEquals(z, back.getNSlices());
		assertEquals(1, back.getNFrames());
		assertEquals(2.5, back.getCalibration().pixelDepth);
		assertEquals("made by a test", back.getInfoProperty());
		for (int i = 1; i <= c * z; i++) {
			assertEquals("plane " + i, back.getStack().getSliceLabel(i));
			final short[] in = (short[]) stack.getPixels(i);
			final float[] out = (float[]) back.getStack().getPixels(i);
			for (int j = 0; j < in.length; j++)
				assertEquals(in[j] & 0xffff, out[j], 0f);
		}
	}

	@Test
	void tiffStackOfFloatsWithSliceLabels() throws IOException {
		final ImageStack stack = new ImageStack(3, 2);
		stack.addSlice("first", new FloatProcessor(3, 2, new float[] { 1, 2, 3, 4, 5, 6 }));
		stack.addSlice("second", new FloatProcessor(3, 2, new float[] { -1, -2, -3, 0.5f, 0.25f,
			0.125f }));
		final Path file = dir.resolve("stack.tif");
		ImageFiles.write(new ImagePlus("stack", stack), file);
		final ImagePlus back = ImageFiles.read(file);
		assertEquals(2, back.getStackSize());
		assertEquals("first", back.getStack().getSliceLabel(1));
		assertEquals("second", back.getStack().getSliceLabel(2));
		assertArrayEquals((float[]) stack.getPixels(2), (float[]) back.getStack().getPixels(2));
	}

	@Test
	void tiffOfRgbStaysRgb() throws IOException {
		final ColorProcessor cp = new ColorProcessor(3, 1, new int[] { 0xff0000, 0x00ff00,
			0x123456 });
		final Path file = dir.resolve("rgb.tif");
		ImageFiles.write(new ImagePlus("rgb", cp), file);
		final ImagePlus back = ImageFiles.read(file);
		assertEquals(ImagePlus.COLOR_RGB, back.getType());
		assertArrayEquals(new int[] { 0xff0000, 0x00ff00, 0x123456 }, Arrays.stream((int[]) back
			.getProcessor().getPixels()).map(p -> p & 0xffffff).toArray());
	}

	@Test
	void writingReplacesAnExistingFile() throws IOException {
		final Path file = dir.resolve("again.tif");
		ImageFiles.write(floatImage(2, 1, new float[] { 1, 2 }), file);
		ImageFiles.write(floatImage(2, 1, new float[] { 3, 4 }), file);
		assertArrayEquals(new float[] { 3, 4 }, (float[]) ImageFiles.read(file).getProcessor()
			.getPixels());
		assertEquals(List.of("again.tif"), folder());
	}

	// ---- PNG ---------------------------------------------------------------------------------------

	@Test
	void pngScalesFloatMinMaxTo8Bit() throws IOException {
		final Path file = dir.resolve("scaled.png");
		ImageFiles.write(floatImage(5, 1, new float[] { -1, 0, 1, 3, Float.NaN }), file);
		final ImagePlus back = ImageFiles.read(file);
		assertEquals(8, back.getBitDepth());
		assertArrayEquals(new byte[] { 0, 64, (byte) 128, (byte) 255, 0 }, (byte[]) back
			.getProcessor().getPixels());
	}

	@Test
	void pngOf8BitKeepsValuesAndRgbStaysRgb() throws IOException {
		final Path gray = dir.resolve("gray.png");
		ImageFiles.write(new ImagePlus("g", new ByteProcessor(3, 1, new byte[] { 10, 20, 30 })),
			gray);
		assertArrayEquals(new byte[] { 10, 20, 30 }, (byte[]) ImageFiles.read(gray).getProcessor()
			.getPixels());
		final Path rgb = dir.resolve("rgb.png");
		ImageFiles.write(new ImagePlus("c", new ColorProcessor(2, 1, new int[] { 0xff8000,
			0x0080ff })), rgb);
		final ImagePlus back = ImageFiles.read(rgb);
		assertEquals(ImagePlus.COLOR_RGB, back.getType());
		assertEquals(0xff8000, ((int[]) back.getProcessor().getPixels())[0] & 0xffffff);
	}

	@Test
	void constantImageGivesBlackPng() throws IOException {
		final Path file = dir.resolve("flat.png");
		ImageFiles.write(floatImage(2, 2, new float[] { 5, 5, 5, 5 }), file);
		assertArrayEquals(new byte[4], (byte[]) ImageFiles.read(file).getProcessor().getPixels());
	}

	// ---- read errors -------------------------------------------------------------------------------

	@Test
	void missingFile() {
		final Path file = dir.resolve("nope.tif");
		final IOException e = assertThrows(IOException.class, () -> ImageFiles.read(file));
		assertEquals("no such file: " + file, e.getMessage());
	}

	@Test
	void folderIsNotAnImage() {
		final IOException e = assertThrows(IOException.class, () -> ImageFiles.read(dir));
		assertTrue(e.getMessage().contains("folder"), e.getMessage());
	}

	@Test
	void garbageFileNamesFileAndFormats() throws IOException {
		for (final String name : List.of("garbage.png", "garbage.tif", "garbage.jpg", "garbage.gif",
			"garbage.pgm", "garbage.xyz", "garbage"))
		{
			final Path file = dir.resolve(name);
			final byte[] junk = new byte[300];
			new Random(3).nextBytes(junk);
			junk[0] = 7; // no image magic number
			Files.write(file, junk);
			assertUnreadable(file);
		}
	}

	@Test
	void garbageAfterAValidMagicNumberIsUnreadable() throws IOException {
		final byte[][] magics = { { 'I', 'I', 42, 0 }, { 'M', 'M', 0, 42 }, { (byte) 0xff,
			(byte) 0xd8, (byte) 0xff }, { 'G', 'I', 'F', '8' }, { (byte) 137, 'P', 'N', 'G' }, { 'B',
				'M' }, { 'P', '5', '\n' } };
		for (int i = 0; i < magics.length; i++) {
			final byte[] junk = new byte[300];
			new Random(i).nextBytes(junk);
			System.arraycopy(magics[i], 0, junk, 0, magics[i].length);
			final Path file = dir.resolve("magic" + i + ".img");
			Files.write(file, junk);
			assertUnreadable(file);
		}
	}

	@Test
	void textFileWithImageExtensionIsUnreadable() throws IOException {
		final Path file = dir.resolve("notes.png");
		Files.writeString(file, "this is not a picture\n");
		assertUnreadable(file);
	}

	@Test
	void emptyImageFileIsUnreadable() throws IOException {
		final Path file = dir.resolve("empty.png");
		Files.createFile(file);
		assertTrue(assertUnreadable(file).contains("empty"));
	}

	@Test
	void truncatedTiffIsUnreadable() throws IOException {
		final Path file = dir.resolve("cut.tif");
		ImageFiles.write(floatImage(64, 64, new float[64 * 64]), file);
		final byte[] all = Files.readAllBytes(file);
		Files.write(file, Arrays.copyOf(all, all.length / 2));
		assertTrue(assertUnreadable(file).contains("truncated"));
	}

	@Test
	void truncatedPngIsUnreadable() throws IOException {
		final Path file = dir.resolve("cut.png");
		final float[] v = new float[64 * 64];
		new Random(5).ints(v.length).forEach(i -> v[Math.floorMod(i, v.length)] = i);
		ImageFiles.write(floatImage(64, 64, v), file);
		final byte[] all = Files.readAllBytes(file);
		Files.write(file, Arrays.copyOf(all, all.length / 2));
		assertUnreadable(file);
	}

	/** Asserts an IOException naming the file and the accepted formats, and that nothing was printed. */
	private static String assertUnreadable(final Path file) {
		final IOException e = quietly(() -> assertThrows(IOException.class, () -> ImageFiles.read(
			file)));
		assertTrue(e.getMessage().startsWith("cannot open " + file + ": "), e.getMessage());
		assertTrue(e.getMessage().contains("accepted formats: TIFF"), e.getMessage());
		return e.getMessage();
	}

	@Test
	void readingPrintsNothing() throws IOException {
		final Path file = dir.resolve("quiet.tif");
		final ImageStack stack = new ImageStack(2, 2);
		stack.addSlice("a", new FloatProcessor(2, 2));
		stack.addSlice("b", new FloatProcessor(2, 2));
		ImageFiles.write(new ImagePlus("q", stack), file);
		assertEquals(2, quietly(() -> {
			try {
				return ImageFiles.read(file).getStackSize();
			}
			catch (final IOException e) {
				throw new AssertionError(e);
			}
		}));
	}

	/**
	 * Runs {@code body} with System.out and System.err captured and asserts it printed nothing.
	 * Only for tests: the streams are restored before returning.
	 */
	private static <T> T quietly(final java.util.function.Supplier<T> body) {
		final PrintStream out = System.out, err = System.err;
		final ByteArrayOutputStream captured = new ByteArrayOutputStream();
		final PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
		System.setOut(capture);
		System.setErr(capture);
		final T result;
		try {
			result = body.get();
		}
		finally {
			System.setOut(out);
			System.setErr(err);
		}
		assertEquals("", captured.toString(StandardCharsets.UTF_8), "printed while reading");
		return result;
	}

	// ---- write errors -----------------------------------------------------------------------------

	@Test
	void unknownOutputExtension() throws IOException {
		for (final String name : List.of("out.jpg", "out.bmp", "out")) {
			final Path file = dir.resolve(name);
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> ImageFiles.write(floatImage(1, 1, new float[1]), file));
			assertTrue(e.getMessage().contains("accepted: .tif, .tiff, .csv, .tsv, .txt, .png"), e
				.getMessage());
			assertTrue(e.getMessage().contains(name.contains(".") ? "unknown output format '." + name
				.substring(4) + "'" : "no extension"), e.getMessage());
		}
		assertEquals(List.of(), folder());
	}

	@Test
	void stackCannotBeWrittenAsOnePlane() throws IOException {
		final ImageStack stack = new ImageStack(2, 2);
		stack.addSlice(new FloatProcessor(2, 2));
		stack.addSlice(new FloatProcessor(2, 2));
		for (final String name : List.of("stack.csv", "stack.tsv", "stack.txt", "stack.png")) {
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> ImageFiles.write(new ImagePlus("s", stack), dir.resolve(name)));
			assertTrue(e.getMessage().contains("has 2 (channels x slices x frames = 1 x 2 x 1)"), e
				.getMessage());
			assertTrue(e.getMessage().contains("write .tif"), e.getMessage());
		}
		assertEquals(List.of(), folder());
	}

	@Test
	void rgbCannotBeWrittenAsText() throws IOException {
		assertThrows(IllegalArgumentException.class, () -> ImageFiles.write(new ImagePlus("c",
			new ColorProcessor(2, 2)), dir.resolve("rgb.csv")));
		assertEquals(List.of(), folder());
	}

	@Test
	void missingParentFolder() throws IOException {
		final Path file = dir.resolve("no/such/folder/out.tif");
		final IOException e = assertThrows(IOException.class, () -> ImageFiles.write(floatImage(1, 1,
			new float[1]), file));
		assertTrue(e.getMessage().contains("cannot write " + file), e.getMessage());
		assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
		assertEquals(List.of(), folder());
	}

	@Test
	void outputThatIsAFolder() throws IOException {
		Files.createDirectory(dir.resolve("taken.tif"));
		final IOException e = assertThrows(IOException.class, () -> ImageFiles.write(floatImage(1, 1,
			new float[1]), dir.resolve("taken.tif")));
		assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
		assertEquals(List.of("taken.tif"), folder());
	}

	@Test
	void failureHalfWayLeavesNoFileAndKeepsTheOldOne() throws IOException {
		final Path file = dir.resolve("keep.csv");
		Files.writeString(file, "1,2\n");
		final IOException e = assertThrows(IOException.class, () -> ImageFiles.writeAtomically(file,
			out -> {
				out.write(new byte[100_000]);
				throw new IOException("disk full");
			}));
		assertEquals("cannot write " + file + ": disk full", e.getMessage());
		assertThrows(IllegalStateException.class, () -> ImageFiles.writeAtomically(file, out -> {
			out.write(1);
			throw new IllegalStateException("bug");
		}));
		assertEquals(List.of("keep.csv"), folder());
		assertEquals("1,2\n", Files.readString(file));
	}
}
