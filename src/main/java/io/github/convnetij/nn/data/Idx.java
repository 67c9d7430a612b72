package io.github.convnetij.nn.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

import io.github.convnetij.compute.HeapBudget;

/**
 * Reads and writes IDX files, the format of MNIST and Fashion-MNIST: a 4-byte magic number
 * {@code 0x00 0x00 type rank}, {@code rank} big-endian 32-bit dimensions, then the values. Only
 * unsigned bytes ({@code type = 0x08}) are supported, which is what image and label files hold.
 * Files may be gzip-compressed; compression is detected from the first bytes, not the file name.
 * <pre>{@code
 * IdxArray images = Idx.read(Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"));
 * // images.dims() = [60000, 28, 28]
 * Idx.write(Path.of("small-images-idx3-ubyte.gz"), images, true);
 * }</pre>
 */
public final class Idx {

	/** The IDX type code of unsigned bytes. */
	public static final int UNSIGNED_BYTE = 0x08;

	private Idx() {}

	/**
	 * Reads an IDX file of unsigned bytes, gzip-compressed or not.
	 *
	 * @throws IllegalArgumentException when the file is not an IDX file (wrong magic number, with
	 *           the number found and the one expected), holds another value type, is truncated, or
	 *           has bytes after the data its header announces; the message names the file
	 * @throws IOException when the file cannot be read
	 */
	public static IdxArray read(final Path file) throws IOException {
		if (Files.isDirectory(file)) throw new IllegalArgumentException("'" + file +
			"' is a folder, not an IDX file");
		try (InputStream in = Files.newInputStream(file)) {
			return read(in, "'" + file + "'", Files.size(file));
		}
	}

	/**
	 * Reads IDX data from a stream (gzip-compressed or not), which is read to its end but not
	 * closed.
	 *
	 * @param source how to name the data in error messages, e.g. a quoted file name
	 * @see #read(Path)
	 */
	public static IdxArray read(final InputStream stream, final String source) throws IOException {
		return read(stream, source, -1);
	}

	/**
	 * As {@link #read(InputStream, String)}, for a stream of {@code length} bytes (-1 if not
	 * known): an uncompressed file whose header announces more data than that is refused before
	 * anything is allocated.
	 */
	static IdxArray read(final InputStream stream, final String source, final long length)
		throws IOException
	{
		BufferedInputStream in = new BufferedInputStream(stream, 1 << 16);
		in.mark(2);
		final int b0 = in.read();
		final int b1 = in.read();
		in.reset();
		final boolean gzip = b0 == 0x1f && b1 == 0x8b;
		try {
			if (gzip) in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
			return readIdx(in, source, gzip, gzip ? -1 : length);
		}
		catch (final EOFException | ZipException e) {
			if (!gzip) throw e;
			throw new IllegalArgumentException(source + ": truncated or corrupt gzip data" + (e
				.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
		}
	}

	private static IdxArray readIdx(final InputStream in, final String source, final boolean gzip,
		final long length) throws IOException
	{
		final byte[] magic = in.readNBytes(4);
		if (magic.length < 4) throw new IllegalArgumentException(source + ": not an IDX file: " +
			(magic.length == 0 ? "it is empty" : "it holds only " + magic.length + " byte" +
				(magic.length == 1 ? "" : "s")) + (gzip ? " after decompression" : "") +
			", expected a 4-byte magic number 0x000008nn and the dimensions");
		final int m = (magic[0] & 0xFF) << 24 | (magic[1] & 0xFF) << 16 | (magic[2] & 0xFF) << 8 |
			magic[3] & 0xFF;
		final int type = magic[2] & 0xFF;
		final int rank = magic[3] & 0xFF;
		if (magic[0] != 0 || magic[1] != 0 || typeName(type) == null || rank == 0) throw new IllegalArgumentException(source +
			": not an IDX file: magic number " + hex(m) + (gzip ? " (after gzip decompression)" : "") +
			" found, expected 0x000008nn with nn the number of dimensions (0x00000801 for labels, " +
			"0x00000803 for images)");
		if (type != UNSIGNED_BYTE) throw new IllegalArgumentException(source + ": IDX values of type " +
			String.format(Locale.ROOT, "0x%02X", type) + " (" + typeName(type) + ") are not supported: " +
			"expected 0x08 (unsigned byte)");
		final byte[] header = in.readNBytes(4 * rank);
		if (header.length < 4 * rank) throw new IllegalArgumentException(source +
			": truncated IDX header: " + rank + " dimensions announced, the file ends after " +
			header.length / 4);
		final int[] dims = new int[rank];
		long n = 1;
		for (int d = 0; d < rank; d++) {
			final long v = (header[4 * d] & 0xFFL) << 24 | (header[4 * d + 1] & 0xFF) << 16 |
				(header[4 * d + 2] & 0xFF) << 8 | header[4 * d + 3] & 0xFF;
			if (v > Integer.MAX_VALUE) throw new IllegalArgumentException(source + ": IDX dimension " +
				d + " is " + v + ", more than 2^31 - 1");
			dims[d] = (int) v;
			n *= v;
			if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(source +
				": IDX dimensions " + shape(dims, d + 1) + " hold more than 2^31 - 9 values, more than " +
				"a Java array can");
		}
		final long held = length - 4 - 4L * rank;
		if (length >= 0 && n > held) throw new IllegalArgumentException(source + ": truncated: the " +
			"header announces " + shape(dims, rank) + " = " + n + " bytes of data, the file holds only " +
			held);
		HeapBudget.require(n, source + " (IDX data of " + shape(dims, rank) + ")");
		final byte[] data = readData(in, (int) n);
		if (data.length < n) throw new IllegalArgumentException(source + ": truncated: the header " +
			"announces " + shape(dims, rank) + " = " + n + " bytes of data, the " + (gzip ?
				"decompressed data holds" : "file holds") + " only " + data.length);
		// count what follows, but not without end: a gzip file may inflate to any size
		long extra = 0;
		final byte[] skip = new byte[1 << 16];
		for (int r; extra <= MAX_EXTRA && (r = in.read(skip)) >= 0;)
			extra += r;
		if (extra > 0) throw new IllegalArgumentException(source + ": " + (extra > MAX_EXTRA ?
			"more than " + MAX_EXTRA + " unexpected bytes" : extra + " unexpected byte" + (extra == 1 ?
				"" : "s")) + " after the " + n + " bytes of data the header announces (" + shape(dims,
					rank) + ")" + (gzip ? " in the decompressed data" : ""));
		return new IdxArray(dims, data);
	}

	/** Bytes after the data counted before giving up (a gzip stream may inflate without end). */
	private static final long MAX_EXTRA = 1 << 20;

	/**
	 * Up to {@code n} bytes, in an array that grows with what the stream really holds (a header
	 * may announce more than the data), so a short file never causes a large allocation.
	 */
	private static byte[] readData(final InputStream in, final int n) throws IOException {
		byte[] buf = new byte[Math.min(n, 1 << 20)];
		int size = 0;
		while (size < n) {
			if (size == buf.length) buf = Arrays.copyOf(buf, (int) Math.min(n, 2L * buf.length));
			final int r = in.read(buf, size, buf.length - size);
			if (r < 0) break;
			size += r;
		}
		return size == buf.length ? buf : Arrays.copyOf(buf, size);
	}

	/**
	 * Writes an IDX file of unsigned bytes, gzip-compressed if {@code gzip}.
	 *
	 * @throws IllegalArgumentException when the array has no dimensions or more than 255
	 */
	public static void write(final Path file, final IdxArray array, final boolean gzip)
		throws IOException
	{
		try (OutputStream os = Files.newOutputStream(file)) {
			write(os, array, gzip);
		}
	}

	/** Writes IDX data to a stream, which is flushed but not closed. */
	public static void write(final OutputStream stream, final IdxArray array, final boolean gzip)
		throws IOException
	{
		if (array.rank() < 1 || array.rank() > 255) throw new IllegalArgumentException(
			"an IDX file holds 1 to 255 dimensions, not " + array.rank());
		final OutputStream target = new NonClosing(stream);
		final OutputStream os = gzip ? new GZIPOutputStream(target, 1 << 16) : target;
		try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 16))) {
			out.writeInt(UNSIGNED_BYTE << 8 | array.rank());
			for (int d = 0; d < array.rank(); d++)
				out.writeInt(array.dim(d));
			out.write(array.data());
		}
		stream.flush();
	}

	/** The name of an IDX value type, or null if {@code type} is not one. */
	private static String typeName(final int type) {
		return switch (type) {
			case 0x08 -> "unsigned byte";
			case 0x09 -> "signed byte";
			case 0x0B -> "short";
			case 0x0C -> "int";
			case 0x0D -> "float";
			case 0x0E -> "double";
			default -> null;
		};
	}

	private static String hex(final int v) {
		return String.format(Locale.ROOT, "0x%08X", v);
	}

	static String shape(final int[] dims, final int count) {
		final StringBuilder sb = new StringBuilder();
		for (int d = 0; d < count; d++)
			sb.append(d == 0 ? "" : " x ").append(dims[d]);
		return sb.toString();
	}

	/** Lets a GZIP stream be finished and closed without closing the caller's stream. */
	private static final class NonClosing extends java.io.FilterOutputStream {

		NonClosing(final OutputStream out) {
			super(out);
		}

		@Override
		public void write(final byte[] b, final int off, final int len) throws IOException {
			out.write(b, off, len);
		}

		@Override
		public void close() throws IOException {
			out.flush();
		}
	}
}
