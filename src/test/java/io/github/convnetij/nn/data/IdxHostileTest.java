package io.github.convnetij.nn.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.convnetij.fuzz.FuzzTargets;
import io.github.convnetij.fuzz.Mutations;

/**
 * Hostile IDX files: sizes the header declares are checked against the file and the heap before
 * anything is allocated, gzip data is read in bounded chunks, and a broken gzip header is named.
 */
class IdxHostileTest {

	@TempDir
	Path dir;

	/** An IDX header of unsigned bytes with these dimensions. */
	static byte[] header(final int... dims) {
		final ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length);
		b.putInt(Idx.UNSIGNED_BYTE << 8 | dims.length);
		for (final int d : dims)
			b.putInt(d);
		return b.array();
	}

	/** One gzip member holding {@code prefix} then {@code zeros} zero bytes. */
	static byte[] gzipMember(final byte[] prefix, final int zeros) throws IOException {
		final ByteArrayOutputStream bos = new ByteArrayOutputStream();
		try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
			gz.write(prefix);
			gz.write(new byte[zeros]);
		}
		return bos.toByteArray();
	}

	/**
	 * A gzip file of {@code members} concatenated members (which gzip readers decompress as one
	 * stream): the header, then {@code members} MB of zeros, from a few KB on disk.
	 */
	static Path bomb(final Path file, final byte[] header, final int members) throws IOException {
		final byte[] first = gzipMember(header, 1 << 20), rest = gzipMember(new byte[0], 1 << 20);
		final ByteArrayOutputStream bos = new ByteArrayOutputStream();
		bos.write(first);
		for (int i = 1; i < members; i++)
			bos.write(rest);
		Files.write(file, bos.toByteArray());
		return file;
	}

	static String message(final Path file) {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Idx.read(
			file));
		assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
		return e.getMessage();
	}

	@Test
	void gzipDeclaringMoreThanTheHeapIsRefusedBeforeInflating() throws IOException {
		// 1.5 GB declared, 700 MB of zeros behind it: more than this JVM's heap (512 MB in tests)
		final Path f = bomb(dir.resolve("bomb-idx3-ubyte.gz"), header(15_000, 1000, 100), 700);
		final String m = message(f);
		assertTrue(m.contains("needs") && m.contains("heap"), m);
	}

	@Test
	void gzipInflatingFarBeyondTheDeclaredDataIsRefusedWithoutInflatingItAll() throws IOException {
		final Path f = bomb(dir.resolve("tail-idx1-ubyte.gz"), header(10), 600);
		final long t0 = System.nanoTime();
		final String m = message(f);
		assertTrue(m.contains("more than 1048576 unexpected bytes") && m.contains("decompressed"), m);
		assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "took too long");
	}

	@Test
	void declaredSizeLargerThanAnUncompressedFileIsRefusedUpFront() throws IOException {
		final Path f = dir.resolve("short-idx3-ubyte");
		Files.write(f, header(20_000, 1000, 100));
		final String m = message(f);
		assertTrue(m.contains("truncated") && m.contains("2000000000") && m.contains("holds only 0"), m);
	}

	@Test
	void twoByteGzipHeaderIsATruncatedGzipNamingTheFile() throws IOException {
		final Path f = dir.resolve("two-bytes.gz");
		Files.write(f, new byte[] { 0x1f, (byte) 0x8b });
		final String m = message(f);
		assertTrue(m.contains("truncated or corrupt gzip"), m);
		final Path g = dir.resolve("cut.gz");
		final byte[] full = gzipMember(header(4), 4);
		Files.write(g, java.util.Arrays.copyOf(full, 12));
		assertTrue(message(g).contains("truncated or corrupt gzip"));
	}

	@Test
	void folderIsNamed() {
		assertTrue(message(dir).contains("folder"));
	}

	@Test
	void mutatedFilesGiveOnlyClearErrors() throws IOException {
		final byte[] raw = new byte[16 + 4 * 5 * 3];
		System.arraycopy(header(4, 5, 3), 0, raw, 0, 16);
		for (int i = 16; i < raw.length; i++)
			raw[i] = (byte) (i * 37);
		Mutations.run(12, Integer.getInteger("hostile.mutants", 400), FuzzTargets::idx, raw,
			gzipMember(header(4, 5, 3), 60), header(10));
	}
}
