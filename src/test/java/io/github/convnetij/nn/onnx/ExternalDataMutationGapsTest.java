package io.github.convnetij.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ExternalData#read} on files written here: the edges of its size checks (a tensor that
 * ends exactly at the end of the file, an offset exactly at the end, an array of exactly the
 * largest size), missing entries and negative numbers. The expected bytes are the file's own.
 */
class ExternalDataMutationGapsTest {

	@TempDir
	Path dir;

	/** A 12-byte data file 0, 1, ..., 11 next to a model file in {@link #dir}. */
	Path model() throws IOException {
		final byte[] b = new byte[12];
		for (int k = 0; k < b.length; k++)
			b[k] = (byte) k;
		Files.write(dir.resolve("w.bin"), b);
		return dir.resolve("m.onnx");
	}

	static Map<String, String> entries(final String... kv) {
		final Map<String, String> m = new HashMap<>();
		for (int k = 0; k < kv.length; k += 2)
			m.put(kv[k], kv[k + 1]);
		return m;
	}

	byte[] read(final Path model, final int type, final long[] dims, final Map<String, String> e)
		throws IOException
	{
		return ExternalData.relativeTo(model, () -> ExternalData.read("tensor 'w'", type, dims, e));
	}

	String refused(final Path model, final int type, final long[] dims, final Map<String, String> e) {
		return assertThrows(IllegalArgumentException.class, () -> read(model, type, dims, e))
			.getMessage();
	}

	static void contains(final String message, final String... parts) {
		for (final String s : parts)
			assertTrue(message.contains(s), "'" + s + "' missing in: " + message);
	}

	@Test
	void dataEndingExactlyAtTheEndOfTheFileIsRead() throws IOException {
		final Path m = model();
		// bytes 4..11: two floats' worth, the last 8 bytes of the file
		assertArrayEquals(new byte[] { 4, 5, 6, 7, 8, 9, 10, 11 }, read(m, OnnxTensor.FLOAT,
			new long[] { 2 }, entries("location", "w.bin", "offset", "4")));
		// no offset: from byte 0; an explicit length equal to the size needed
		assertArrayEquals(new byte[] { 0, 1, 2, 3 }, read(m, OnnxTensor.INT32, new long[] { 1 }, entries(
			"location", "w.bin", "length", "4")));
		// an empty tensor (a dimension 0) at offset 12, the very end of the file
		assertArrayEquals(new byte[0], read(m, OnnxTensor.FLOAT, new long[] { 3, 0 }, entries(
			"location", "w.bin", "offset", "12")));
	}

	@Test
	void dataBeyondTheEndIsRefusedWithTheBytesNeeded() throws IOException {
		final Path m = model();
		contains(refused(m, OnnxTensor.FLOAT, new long[] { 2 }, entries("location", "w.bin", "offset",
			"8")), "tensor 'w' needs bytes 8 to 16 of '", "w.bin', which has 12 bytes");
		contains(refused(m, OnnxTensor.UINT8, new long[] { 1 }, entries("location", "w.bin", "offset",
			"13")), "needs bytes 13 to 14");
	}

	@Test
	void missingOrEmptyLocationIsRefused() throws IOException {
		final Path m = model();
		contains(refused(m, OnnxTensor.FLOAT, new long[] { 1 }, entries("offset", "0")),
			"tensor 'w' keeps its data in an external file but names no location");
		contains(refused(m, OnnxTensor.FLOAT, new long[] { 1 }, entries("location", "")),
			"names no location");
	}

	@Test
	void negativeNumbersAndDimensionsAreRefused() throws IOException {
		final Path m = model();
		contains(refused(m, OnnxTensor.FLOAT, new long[] { 1 }, entries("location", "w.bin", "offset",
			"-1")), "tensor 'w': external data offset '-1' is not a non-negative integer");
		contains(refused(m, OnnxTensor.FLOAT, new long[] { 2, -1 }, entries("location", "w.bin")),
			"tensor 'w' has a negative dimension: [2, -1]");
	}

	@Test
	void unsupportedElementTypeIsRefusedByName() throws IOException {
		final Path m = model();
		contains(refused(m, OnnxTensor.COMPLEX64, new long[] { 1 }, entries("location", "w.bin")),
			"tensor 'w' has element type COMPLEX64 (14), which is not supported");
		contains(refused(m, OnnxTensor.STRING, new long[] { 1 }, entries("location", "w.bin")),
			"element type STRING (8)");
	}

	@Test
	void nestedReadingRestoresTheOuterFolder() throws IOException {
		final Path m = model();
		final Path sub = Files.createDirectory(dir.resolve("sub"));
		Files.write(sub.resolve("w.bin"), new byte[] { 42 });
		final byte[][] got = new byte[2][];
		ExternalData.relativeTo(m, () -> {
			got[0] = ExternalData.relativeTo(sub.resolve("inner.onnx"), () -> ExternalData.read("t",
				OnnxTensor.UINT8, new long[] { 1 }, entries("location", "w.bin")));
			// back in the outer model's folder
			got[1] = ExternalData.read("t", OnnxTensor.UINT8, new long[] { 1 }, entries("location",
				"w.bin"));
			return null;
		});
		assertArrayEquals(new byte[] { 42 }, got[0]);
		assertArrayEquals(new byte[] { 0 }, got[1]);
	}

	@Test
	void largestArrayEdgeIsCheckedBeforeReading() throws IOException {
		// a sparse file of 2^31 bytes (no disk used): 2^31 - 8 bytes do not fit a Java array;
		// 2^31 - 9 would, but not a heap of at most 1 GB (the tests' -Xmx), so the budget refuses it
		assumeTrue(Runtime.getRuntime().maxMemory() < (3L << 30), "heap too large for this test");
		final Path big = dir.resolve("big.bin");
		try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
			f.setLength(1L << 31);
		}
		final Path m = dir.resolve("m.onnx");
		final long max = Integer.MAX_VALUE - 8; // 2^31 - 9
		contains(refused(m, OnnxTensor.UINT8, new long[] { max + 1 }, entries("location", "big.bin")),
			"tensor 'w' needs 2147483640 bytes, more than one Java array can hold");
		final String budget = refused(m, OnnxTensor.UINT8, new long[] { max }, entries("location",
			"big.bin"));
		contains(budget, "tensor 'w' (external data in '", "big.bin') needs ", "the Java heap has only");
		assertEquals(-1, budget.indexOf("Java array"));
	}
}
