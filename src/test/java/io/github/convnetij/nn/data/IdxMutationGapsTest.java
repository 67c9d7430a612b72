package io.github.convnetij.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;

import org.junit.jupiter.api.Test;

/**
 * IDX headers worked byte by byte: big-endian dimensions in every byte position, the limits of a
 * dimension (2^31 - 1) and of the values (2^31 - 9, exactly allowed), short files and extra bytes
 * (exactly 2^20 of them counted, more cut off), one exact line each.
 */
class IdxMutationGapsTest {

	private static byte[] bytes(final int... v) {
		final byte[] b = new byte[v.length];
		for (int i = 0; i < v.length; i++)
			b[i] = (byte) v[i];
		return b;
	}

	private static String refusal(final byte[] file) {
		return assertThrows(IllegalArgumentException.class, () -> Idx.read(new ByteArrayInputStream(file),
			"f", file.length)).getMessage();
	}

	private static final String MAGIC = " found, expected 0x000008nn with nn the number of dimensions " +
		"(0x00000801 for labels, 0x00000803 for images)";

	@Test
	void headersByHand() throws Exception {
		assertEquals("f: not an IDX file: it is empty, expected a 4-byte magic number 0x000008nn and the " +
			"dimensions", refusal(new byte[0]));
		assertEquals("f: not an IDX file: it holds only 1 byte, expected a 4-byte magic number 0x000008nn " +
			"and the dimensions", refusal(bytes(0)));
		assertEquals("f: not an IDX file: it holds only 2 bytes, expected a 4-byte magic number " +
			"0x000008nn and the dimensions", refusal(bytes(0, 0)));
		assertEquals("f: not an IDX file: magic number 0x01000801" + MAGIC, refusal(bytes(1, 0, 8, 1)));
		assertEquals("f: not an IDX file: magic number 0x00010801" + MAGIC, refusal(bytes(0, 1, 8, 1)));
		assertEquals("f: not an IDX file: magic number 0x00000800" + MAGIC, refusal(bytes(0, 0, 8, 0)));
		assertEquals("f: not an IDX file: magic number 0x00000701" + MAGIC, refusal(bytes(0, 0, 7, 1)));
		assertEquals("f: truncated IDX header: 3 dimensions announced, the file ends after 1", refusal(
			bytes(0, 0, 8, 3, 0, 0, 0, 1, 0)));
		// dimension bytes 01 02 03 04 = 16909060
		assertEquals("f: truncated: the header announces 16909060 = 16909060 bytes of data, the file " +
			"holds only 0", refusal(bytes(0, 0, 8, 1, 1, 2, 3, 4)));
		assertEquals("f: IDX dimension 0 is 2147483648, more than 2^31 - 1", refusal(bytes(0, 0, 8, 1,
			0x80, 0, 0, 0)));
		assertEquals("f: IDX dimensions 2147483647 hold more than 2^31 - 9 values, more than a Java " +
			"array can", refusal(bytes(0, 0, 8, 1, 0x7f, 0xff, 0xff, 0xff)));
		assertEquals("f: IDX dimensions 65536 x 65536 hold more than 2^31 - 9 values, more than a Java " +
			"array can", refusal(bytes(0, 0, 8, 2, 0, 1, 0, 0, 0, 1, 0, 0)));
		// 7 x 306783377 = 2^31 - 9 values: allowed by the header checks (then short of data)
		assertEquals("f: truncated: the header announces 7 x 306783377 = 2147483639 bytes of data, the " +
			"file holds only 0", refusal(bytes(0, 0, 8, 2, 0, 0, 0, 7, 0x12, 0x49, 0x24, 0x91)));
		// a whole file: dims (2), data 5, 250
		final IdxArray a = Idx.read(new ByteArrayInputStream(bytes(0, 0, 8, 1, 0, 0, 0, 2, 5, 250)), "f");
		assertArrayEquals(new int[] { 2 }, a.dims());
		assertArrayEquals(bytes(5, 250), a.data());
		assertEquals("f: 1 unexpected byte after the 2 bytes of data the header announces (2)", refusal(
			bytes(0, 0, 8, 1, 0, 0, 0, 2, 5, 250, 7)));
		assertEquals("f: 2 unexpected bytes after the 2 bytes of data the header announces (2)", refusal(
			bytes(0, 0, 8, 1, 0, 0, 0, 2, 5, 250, 7, 7)));
	}

	/** Writing: 1 to 255 dimensions, bytes flushed through the caller's buffer, files read back. */
	@Test
	void writing(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir) throws Exception {
		final int[] many = new int[256];
		java.util.Arrays.fill(many, 1);
		final IdxArray big = new IdxArray(many, new byte[1]);
		assertEquals("an IDX file holds 1 to 255 dimensions, not 256", assertThrows(
			IllegalArgumentException.class, () -> Idx.write(new java.io.ByteArrayOutputStream(), big,
				false)).getMessage());
		final IdxArray most = new IdxArray(java.util.Arrays.copyOf(many, 255), new byte[] { 3 });
		final java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
		Idx.write(new java.io.BufferedOutputStream(sink, 1 << 16), most, false);
		assertEquals(4 + 4 * 255 + 1, sink.size(), "flushed to the caller's stream");
		assertEquals(most, Idx.read(new ByteArrayInputStream(sink.toByteArray()), "s"));
		final IdxArray a = new IdxArray(new int[] { 2 }, bytes(5, 250));
		final java.nio.file.Path f = dir.resolve("a.idx.gz");
		Idx.write(f, a, true);
		assertEquals(a, Idx.read(f));
		assertEquals(false, a.equals(new IdxArray(new int[] { 2 }, bytes(5, 251))));
		assertEquals(false, a.equals(new IdxArray(new int[] { 1, 2 }, bytes(5, 250))));
	}

	@Test
	void extraBytesAreCountedUpTo2To20() {
		final byte[] head = bytes(0, 0, 8, 1, 0, 0, 0, 1, 9);
		final byte[] exact = java.util.Arrays.copyOf(head, head.length + (1 << 20));
		assertEquals("f: 1048576 unexpected bytes after the 1 bytes of data the header announces (1)",
			assertThrows(IllegalArgumentException.class, () -> Idx.read(new ByteArrayInputStream(exact),
				"f")).getMessage());
		final byte[] more = java.util.Arrays.copyOf(head, head.length + (1 << 20) + (1 << 16) + 1);
		assertEquals("f: more than 1048576 unexpected bytes after the 1 bytes of data the header " +
			"announces (1)", assertThrows(IllegalArgumentException.class, () -> Idx.read(
				new ByteArrayInputStream(more), "f")).getMessage());
	}
}
