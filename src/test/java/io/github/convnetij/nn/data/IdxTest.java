package io.github.convnetij.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {

	static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

	@TempDir
	Path dir;

	private static byte[] bytes(final IdxArray a, final boolean gzip) throws IOException {
		final ByteArrayOutputStream bos = new ByteArrayOutputStream();
		Idx.write(bos, a, gzip);
		return bos.toByteArray();
	}

	private static IllegalArgumentException fails(final byte[] file) {
		return assertThrows(IllegalArgumentException.class, () -> Idx.read(new ByteArrayInputStream(
			file), "'x'"));
	}

	@Test
	void rawAndGzipRoundTrip() throws IOException {
		final IdxArray a = TestIdx.make(7, 5, 3, 4, 1)[0];
		final byte[] raw = bytes(a, false);
		assertEquals(4 + 12 + 7 * 15, raw.length);
		assertArrayEquals(new byte[] { 0, 0, 8, 3, 0, 0, 0, 7, 0, 0, 0, 5, 0, 0, 0, 3 }, Arrays
			.copyOf(raw, 16));
		assertEquals(a, Idx.read(new ByteArrayInputStream(raw), "raw"));
		final byte[] gz = bytes(a, true);
		assertEquals(0x1f, gz[0] & 0xFF);
		assertEquals(a, Idx.read(new ByteArrayInputStream(gz), "gz"));
		// the name does not matter: compression is detected from the bytes
		final Path f = dir.resolve("plain-images-idx3-ubyte.gz");
		Files.write(f, raw);
		assertEquals(a, Idx.read(f));
	}

	@Test
	void wrongMagicSaysFoundAndExpected() throws IOException {
		final IllegalArgumentException e = fails(new byte[] { 'P', 'K', 3, 4, 0, 0, 0, 0 });
		assertTrue(e.getMessage().contains("0x504B0304") && e.getMessage().contains("0x00000803") &&
			e.getMessage().contains("'x'"), e.getMessage());
		// a PNG inside gzip: the magic after decompression
		final ByteArrayOutputStream bos = new ByteArrayOutputStream();
		try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(bos)) {
			gz.write(new byte[] { (byte) 0x89, 'P', 'N', 'G', 1, 2, 3 });
		}
		final IllegalArgumentException g = fails(bos.toByteArray());
		assertTrue(g.getMessage().contains("0x89504E47") && g.getMessage().contains("gzip"), g
			.getMessage());
		assertTrue(fails(new byte[0]).getMessage().contains("empty"));
		assertTrue(fails(new byte[] { 0, 0 }).getMessage().contains("2 bytes"));
	}

	@Test
	void otherValueTypesAreNamed() {
		final IllegalArgumentException e = fails(new byte[] { 0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0,
			0 });
		assertTrue(e.getMessage().contains("0x0D (float)") && e.getMessage().contains("0x08"), e
			.getMessage());
	}

	@Test
	void truncatedFiles() throws IOException {
		final byte[] raw = bytes(TestIdx.make(4, 6, 6, 2, 0)[0], false);
		final IllegalArgumentException e = fails(Arrays.copyOf(raw, raw.length - 10));
		assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("4 x 6 x 6") && e
			.getMessage().contains("144") && e.getMessage().contains("134"), e.getMessage());
		final IllegalArgumentException h = fails(Arrays.copyOf(raw, 10));
		assertTrue(h.getMessage().contains("truncated IDX header"), h.getMessage());
		final byte[] gz = bytes(TestIdx.make(4, 6, 6, 2, 0)[0], true);
		final IllegalArgumentException z = fails(Arrays.copyOf(gz, gz.length - 12));
		assertTrue(z.getMessage().contains("truncated"), z.getMessage());
		final IllegalArgumentException x = fails(Arrays.copyOf(raw, raw.length + 3));
		assertTrue(x.getMessage().contains("3 unexpected bytes"), x.getMessage());
	}

	@Test
	void installedFashionMnistHeaders() throws IOException {
		assumeTrue(Files.isDirectory(FASHION), "Debian package dataset-fashion-mnist not installed");
		final Path[][] pairs = { { FASHION.resolve("train-images-idx3-ubyte.gz"), FASHION.resolve(
			"train-labels-idx1-ubyte.gz") }, { FASHION.resolve("t10k-images-idx3-ubyte.gz"), FASHION
				.resolve("t10k-labels-idx1-ubyte.gz") } };
		final int[] counts = { 60000, 10000 };
		for (int p = 0; p < 2; p++) {
			try (InputStream in = new GZIPInputStream(Files.newInputStream(pairs[p][0]))) {
				final byte[] h = in.readNBytes(16);
				assertArrayEquals(new byte[] { 0, 0, 8, 3 }, Arrays.copyOf(h, 4));
				assertEquals(counts[p], java.nio.ByteBuffer.wrap(h, 4, 4).getInt());
				assertEquals(28, java.nio.ByteBuffer.wrap(h, 8, 4).getInt());
				assertEquals(28, java.nio.ByteBuffer.wrap(h, 12, 4).getInt());
			}
		}
		// the test pair (the smaller one) read completely through the folder semantics
		final ImageDataset test = ImageDatasets.forTesting(FASHION);
		assertEquals(10000, test.size());
		assertEquals(28, test.height());
		assertEquals(28, test.width());
		assertEquals(10, test.numClasses());
		final int[] perClass = new int[10];
		for (final int l : test.labels())
			perClass[l]++;
		for (final int c : perClass)
			assertEquals(1000, c);
	}
}
