package io.github.convnetij.nn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JPEG, GIF, BMP and PNM headers checked before decoding. Valid files were written by Pillow (an
 * implementation independent of ours, ImageJ's and the JDK's; the {@code imageFiles} fuzz
 * target's seeds); hostile ones are those files cut short or with sizes patched by hand (its
 * {@code regression-*} inputs), and a few made here byte by byte from the formats' definitions.
 */
class ImageHeadersFormatsTest {

	@TempDir
	Path dir;

	static Path inputs() throws URISyntaxException {
		return Path.of(ImageHeadersFormatsTest.class.getResource(
			"/io/github/convnetij/fuzz/ParsersFuzzTestInputs/imageFiles").toURI());
	}

	static Stream<Path> files(final String prefix) throws IOException, URISyntaxException {
		try (Stream<Path> s = Files.list(inputs())) {
			return s.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList()
				.stream();
		}
	}

	static Stream<Path> seeds() throws IOException, URISyntaxException {
		return files("seed");
	}

	static Stream<Path> regressions() throws IOException, URISyntaxException {
		return files("regression");
	}

	/** Every valid file passes, and the standard decoder then reads it at the size Pillow wrote. */
	@ParameterizedTest
	@MethodSource("seeds")
	void validFilesPass(final Path f) throws IOException {
		ImageHeaders.check(f);
		final String n = f.getFileName().toString();
		if (n.endsWith(".jpg") || n.endsWith(".gif") || n.endsWith(".bmp") || n.endsWith(".png")) {
			final DecodedImage d = ImageDecoder.standard().decode(f);
			assertEquals(16, d.width(), n);
			assertEquals(12, d.height(), n);
		}
	}

	/** Every truncated or oversized file is refused by the header check, naming the file. */
	@ParameterizedTest
	@MethodSource("regressions")
	void hostileFilesAreRefused(final Path f) {
		final IOException e = assertThrows(IOException.class, () -> ImageHeaders.check(f));
		final String m = e.getMessage();
		assertTrue(m.startsWith("cannot open " + f + ": "), m);
		final String n = f.getFileName().toString();
		if (n.contains("truncated")) assertTrue(m.contains("truncated"), m);
		else assertTrue(m.contains("30000 x 30000") || m.contains("60000 x 60000") || m.contains(
			"40000 x 40000"), m);
	}

	/**
	 * Seeded byte mutations of every seed through the whole read (header check, then the decoders
	 * of the command line and of datasets): only errors with a message, never another exception.
	 * {@code -Dhostile.mutants=N} runs more.
	 */
	@Test
	void mutatedFilesGiveOnlyClearErrors() throws IOException, URISyntaxException {
		final List<byte[]> seeds = new java.util.ArrayList<>();
		for (final Path f : seeds().toList())
			seeds.add(Files.readAllBytes(f));
		io.github.convnetij.fuzz.Mutations.run(9, Integer.getInteger("hostile.mutants", 300), bytes -> {
			try {
				io.github.convnetij.fuzz.FuzzTargets.imageFiles(bytes);
			}
			catch (final IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
		}, seeds.toArray(new byte[0][]));
	}

	private Path write(final String name, final byte[] b) throws IOException {
		return Files.write(dir.resolve(name), b);
	}

	private String refused(final Path f) {
		return assertThrows(IOException.class, () -> ImageHeaders.check(f)).getMessage();
	}

	/** A JPEG whose scan data has less than a bit per 8 x 8 block cannot be that large. */
	@Test
	void jpegDataTooShortForItsSize() throws IOException {
		// SOI, SOF0 (8 bits, 4000 x 4000, 1 component), SOS (1 component), 10 bytes of data, EOI
		final byte[] b = { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xC0, 0, 11, 8, 0x0F,
			(byte) 0xA0, 0x0F, (byte) 0xA0, 1, 1, 0x11, 0, (byte) 0xFF, (byte) 0xDA, 0, 8, 1, 1, 0, 0,
			63, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, (byte) 0xFF, (byte) 0xD9 };
		final String m = refused(write("short.jpg", b));
		// (4000 / 8)^2 = 250000 blocks need at least 31250 bytes
		assertTrue(m.contains("4000 x 4000") && m.contains("250000 blocks") && m.contains(
			"10 bytes"), m);
	}

	/** A JPEG without the end-of-image marker after its scan is cut short. */
	@Test
	void jpegWithoutEndMarker() throws IOException {
		final byte[] b = { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xC0, 0, 11, 8, 0, 8, 0, 8, 1,
			1, 0x11, 0, (byte) 0xFF, (byte) 0xDA, 0, 8, 1, 1, 0, 0, 63, 0, 1, 2, 3, 4 };
		assertTrue(refused(write("cut.jpg", b)).contains("no end-of-image marker"));
	}

	/** GIF LZW lengths, worked by hand: codes of 3 bits, least significant bit first. */
	@Test
	void gifLzwLength() {
		// minimum code size 2: clear 4, end 5; codes 4 (clear), 1, 6 (= "1 1"), 5 (end)
		// bits (LSB first): 100 (4) | 001 (1) | 011 (6) | 101 (5)
		// packed: byte 0 = bits 0..7 = 0,0,1, 1,0,0, 0,1 -> 0b10001100 = 0x8C;
		// byte 1 = bits 8..11 = 1, 1,0,1 -> 0b1011 = 0x0B
		final byte[] data = { (byte) 0x8C, 0x0B };
		assertEquals(3, ImageHeaders.gifLzwLength(data, 2, 100)); // "1" then "1 1"
		assertEquals(1, ImageHeaders.gifLzwLength(data, 2, 1)); // stops once 1 pixel is reached
		// code 7 right after the first: not yet in the table
		final byte[] bad = { (byte) 0xCC, 0x0F }; // 100 | 001 | 111 | 101
		assertEquals(-1, ImageHeaders.gifLzwLength(bad, 2, 100));
	}

	/** A BMP whose rows reach past its end, and one with an invalid depth. */
	@Test
	void bmpHeaders() throws IOException {
		final java.nio.ByteBuffer h = java.nio.ByteBuffer.allocate(54 + 10).order(
			java.nio.ByteOrder.LITTLE_ENDIAN);
		h.put((byte) 'B').put((byte) 'M').putInt(64).putInt(0).putInt(54).putInt(40).putInt(100)
			.putInt(-100).putShort((short) 1).putShort((short) 24).putInt(0);
		// 100 rows of 300 bytes from byte 54: byte 30054, the file has 64
		assertTrue(refused(write("rows.bmp", h.array())).contains("reach byte 30054"));
		h.putShort(28, (short) 7);
		assertTrue(refused(write("depth.bmp", h.array())).contains("7 bits per pixel"));
		h.putShort(28, (short) 24);
		// found by fuzzing: an information header of 40 bytes in a 50-byte file, pixels at byte 9
		final byte[] cut = java.util.Arrays.copyOf(h.array(), 50);
		assertTrue(refused(write("cut.bmp", cut)).contains("ends at byte 54, the file has 50"));
		h.putInt(10, 9);
		assertTrue(refused(write("inside.bmp", h.array())).contains("pixels at byte 9, inside its own " +
			"headers (they end at byte 54)"));
		h.putInt(10, 54).putInt(30, 0x28000000);
		assertTrue(refused(write("compression.bmp", h.array())).contains("compression 671088640: " +
			"expected 0 to 6"));
	}

	/**
	 * Run-length encoded BMPs (written by {@code src/test/python/write_rle_bmp.py}): the whole
	 * file decodes to Pillow's values (top row 220, bottom row 0); cut after its second row, the
	 * decoder would fill the rest with zeros and say nothing, so the header check refuses it.
	 */
	@Test
	void runLengthEncodedBmps() throws IOException, URISyntaxException {
		final Path whole = inputs().resolve("seed-rle8.bmp");
		ImageHeaders.check(whole);
		final DecodedImage d = ImageDecoder.standard().decode(whole);
		final byte[] px = (byte[]) d.pixels();
		assertEquals(220, px[0] & 0xFF);
		assertEquals(0, px[px.length - 1] & 0xFF);
		assertEquals(16 * 12, px.length);
		final String m = refused(inputs().resolve("regression-truncated-rle8.bmp"));
		// the file's 1086 bytes: headers of 14 + 40, a palette of 1024, two rows of 4
		assertTrue(m.contains("RLE8 pixels end at byte 1086 in row 3 of 12, before the end-of-bitmap " +
			"mark"), m);
	}

	/** PNM: comments in the header, ASCII rasters that are too short, maximum values. */
	@Test
	void pnmHeaders() throws IOException {
		ImageHeaders.check(write("ok.pgm", "P5\n# made by hand\n2 2\n# max\n255\n\u0001\u0002\u0003\u0004"
			.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
		// 16-bit samples: 2 x 2 x 2 bytes, only 7 given
		assertTrue(refused(write("short16.pgm", "P5 2 2 65535\n1234567".getBytes(
			java.nio.charset.StandardCharsets.ISO_8859_1))).contains("need 8 bytes, but 7"));
		assertTrue(refused(write("max.pgm", "P2 2 2 70000\n1 2 3 4\n".getBytes(
			java.nio.charset.StandardCharsets.ISO_8859_1))).contains("70000"));
		// 2 x 2 x 3 ASCII samples need at least 23 characters
		assertTrue(refused(write("short.ppm", "P3 2 2 255\n1 2 3 4 5 6\n".getBytes(
			java.nio.charset.StandardCharsets.ISO_8859_1))).contains("at least 23 bytes"));
		for (final String s : List.of("P5 x 2 255\n", "P5 -2 2 255\n"))
			assertTrue(refused(write("bad.pgm", s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)))
				.contains("width is not a number"));
	}
}
