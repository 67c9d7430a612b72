package io.github.convnetij.nn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.convnetij.fuzz.Mutations;

/**
 * Image headers checked before decoding. Valid files come from the JDK's own TIFF and PNG writers
 * (an implementation independent of ours and of ImageJ's); hostile ones are made by hand.
 */
class ImageHeadersTest {

	@TempDir
	Path dir;

	static BufferedImage gray(final int w, final int h) {
		final BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				img.getRaster().setSample(x, y, 0, (x * 7 + y * 13 + (x * y) % 11) & 0xFF);
		return img;
	}

	/** A TIFF written by the JDK's writer with this compression ("LZW", "PackBits", "Deflate"). */
	static byte[] tiff(final BufferedImage img, final String compression) throws IOException {
		final Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("TIFF");
		final ImageWriter w = it.next();
		final ByteArrayOutputStream bos = new ByteArrayOutputStream();
		try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bos)) {
			w.setOutput(out);
			final ImageWriteParam p = w.getDefaultWriteParam();
			if (compression != null) {
				p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
				p.setCompressionType(compression);
			}
			w.write(null, new IIOImage(img, null, null), p);
		}
		w.dispose();
		return bos.toByteArray();
	}

	Path file(final String name, final byte[] bytes) throws IOException {
		final Path f = dir.resolve(name);
		Files.write(f, bytes);
		return f;
	}

	String refused(final Path f) {
		final IOException e = assertThrows(IOException.class, () -> ImageHeaders.check(f));
		assertTrue(e.getMessage().startsWith("cannot open " + f + ": "), e.getMessage());
		return e.getMessage();
	}

	/** The TIFF's first directory entry of {@code tag}: {position of its value field, count}. */
	static int valueField(final byte[] tiff, final int tag) {
		final ByteBuffer b = ByteBuffer.wrap(tiff).order(tiff[0] == 'I' ? ByteOrder.LITTLE_ENDIAN
			: ByteOrder.BIG_ENDIAN);
		final int ifd = b.getInt(4);
		final int n = b.getShort(ifd) & 0xFFFF;
		for (int e = 0; e < n; e++) {
			final int at = ifd + 2 + 12 * e;
			if ((b.getShort(at) & 0xFFFF) == tag) {
				assertEquals(1, b.getInt(at + 4), "one value");
				return at + 8;
			}
		}
		throw new AssertionError("no tag " + tag);
	}

	static void put(final byte[] tiff, final int at, final int type, final long v) {
		final ByteBuffer b = ByteBuffer.wrap(tiff).order(tiff[0] == 'I' ? ByteOrder.LITTLE_ENDIAN
			: ByteOrder.BIG_ENDIAN);
		if (type == 3) b.putShort(at, (short) v);
		else b.putInt(at, (int) v);
	}

	static int typeOf(final byte[] tiff, final int valueField) {
		final ByteBuffer b = ByteBuffer.wrap(tiff).order(tiff[0] == 'I' ? ByteOrder.LITTLE_ENDIAN
			: ByteOrder.BIG_ENDIAN);
		return b.getShort(valueField - 6) & 0xFFFF;
	}

	@Test
	void validFilesOfOtherWritersPass() throws IOException {
		final BufferedImage img = gray(64, 48);
		for (final String c : new String[] { null, "LZW", "PackBits", "Deflate" })
			ImageHeaders.check(file("ok-" + c + ".tif", tiff(img, c)));
		final BufferedImage big = gray(700, 500); // several strips
		for (final String c : new String[] { null, "LZW", "PackBits", "Deflate" })
			ImageHeaders.check(file("big-" + c + ".tif", tiff(big, c)));
		final Path png = dir.resolve("ok.png");
		ImageIO.write(big, "png", png.toFile());
		ImageHeaders.check(png);
		final BufferedImage rgb = new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB);
		ImageHeaders.check(file("rgb.tif", tiff(rgb, "LZW")));
		ImageIO.write(rgb, "png", dir.resolve("rgb.png").toFile());
		ImageHeaders.check(dir.resolve("rgb.png"));
	}

	@Test
	void truncatedCompressedStripsAreRefusedNotReadAsZeros() throws IOException {
		for (final String c : new String[] { "LZW", "PackBits", "Deflate" }) {
			final byte[] t = tiff(gray(64, 48), c);
			final int counts = valueField(t, 279);
			final int type = typeOf(t, counts);
			final ByteBuffer b = ByteBuffer.wrap(t).order(t[0] == 'I' ? ByteOrder.LITTLE_ENDIAN
				: ByteOrder.BIG_ENDIAN);
			final long count = type == 3 ? b.getShort(counts) & 0xFFFF : b.getInt(counts);
			put(t, counts, type, count / 2); // the strip now ends half way
			final String m = refused(file("cut-" + c + ".tif", t));
			assertTrue(m.contains("truncated") && m.contains(c) && m.contains("strip 1"), m);
		}
	}

	@Test
	void compressedHeaderDeclaringAHugeImageWithAFewBytesIsRefused() throws IOException {
		// a 64 x 48 PackBits image whose header claims 30000 x 30000 (900 MB once decoded)
		for (final String c : new String[] { "PackBits", "LZW" }) {
			final byte[] t = tiff(gray(64, 48), c);
			put(t, valueField(t, 256), typeOf(t, valueField(t, 256)), 30000);
			put(t, valueField(t, 257), typeOf(t, valueField(t, 257)), 30000);
			put(t, valueField(t, 278), typeOf(t, valueField(t, 278)), 30000);
			final String m = refused(file("huge-" + c + ".tif", t));
			assertTrue(m.contains("30000 x 30000"), m);
		}
	}

	@Test
	void pngDeclaringMoreThanItsDataCanHoldIsRefused() throws IOException {
		final Path png = dir.resolve("small.png");
		ImageIO.write(gray(64, 48), "png", png.toFile());
		final byte[] p = Files.readAllBytes(png);
		// IHDR width and height (the CRC is not checked by us; the decoder would refuse it later)
		ByteBuffer.wrap(p).putInt(16, 60000).putInt(20, 60000);
		final String m = refused(file("huge.png", p));
		assertTrue(m.contains("60000 x 60000"), m);
		final String t = refused(file("cut.png", java.util.Arrays.copyOf(Files.readAllBytes(png), 60)));
		assertTrue(t.contains("truncated"), t);
	}

	@Test
	void directoryLoopsAndHugeCountsAreRefused() throws IOException {
		final byte[] t = tiff(gray(8, 8), null);
		// the next-directory pointer of the first directory points back at it
		final ByteBuffer b = ByteBuffer.wrap(t).order(t[0] == 'I' ? ByteOrder.LITTLE_ENDIAN
			: ByteOrder.BIG_ENDIAN);
		final int ifd = b.getInt(4);
		final int n = b.getShort(ifd) & 0xFFFF;
		final byte[] loop = t.clone();
		ByteBuffer.wrap(loop).order(b.order()).putInt(ifd + 2 + 12 * n, ifd);
		assertTrue(refused(file("loop.tif", loop)).contains("loop"));
		final byte[] many = t.clone();
		final int offsets = valueField(many, 273);
		ByteBuffer.wrap(many).order(b.order()).putInt(offsets - 4, 1_000_000_000);
		assertTrue(refused(file("many.tif", many)).contains("1000000000 values"));
	}

	@Test
	void decodedLengthsAgreeWithHandWorkedStreams() {
		// PackBits example of the TIFF 6.0 specification: 24 bytes encoded, 36 decoded
		final byte[] pb = { (byte) 0xFE, (byte) 0xAA, 0x02, (byte) 0x80, 0x00, 0x2A, (byte) 0xFD,
			(byte) 0xAA, 0x03, (byte) 0x80, 0x00, 0x2A, 0x22, (byte) 0xF7, (byte) 0xAA };
		assertEquals(24, ImageHeaders.packBitsLength(pb, 1000));
		assertEquals(-1, ImageHeaders.packBitsLength(new byte[] { 0x05, 1, 2 }, 1000));
		// LZW: clear, 'A', 'B', code 258 ("AB"), EOI as 9-bit codes -> 4 bytes
		final int[] codes = { 256, 65, 66, 258, 257 };
		final byte[] lzw = new byte[(codes.length * 9 + 7) / 8];
		int bit = 0;
		for (final int c : codes)
			for (int k = 8; k >= 0; k--, bit++)
				if ((c >> k & 1) != 0) lzw[bit >> 3] |= (byte) (0x80 >>> (bit & 7));
		assertEquals(4, ImageHeaders.lzwLength(lzw, 1000));
	}

	@Test
	void mutatedTiffsAndPngsGiveOnlyIOExceptions() throws IOException {
		final Path png = dir.resolve("seed.png");
		ImageIO.write(gray(20, 10), "png", png.toFile());
		final Path f = dir.resolve("m.tif");
		Mutations.run(4, Integer.getInteger("hostile.mutants", 300), bytes -> {
			try {
				Files.write(f, bytes);
				ImageHeaders.check(f);
			}
			catch (final IOException e) {
				assertTrue(e.getMessage() != null && e.getMessage().contains(f.toString()));
			}
		}, tiff(gray(20, 10), "LZW"), tiff(gray(20, 10), "PackBits"), tiff(gray(20, 10), null),
			Files.readAllBytes(png));
	}
}
