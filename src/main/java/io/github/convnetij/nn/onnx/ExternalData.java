package io.github.convnetij.nn.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;

/**
 * Tensors whose data lie in another file ({@code data_location = EXTERNAL}, what PyTorch and
 * {@code onnx.save(..., save_as_external_data=True)} write for models over 2 GB or on request):
 * the {@code location} is a path relative to the folder of the model file; {@code offset} and
 * {@code length} (optional) say where in it. The location must stay inside that folder (no
 * absolute paths, no {@code ..} out of it), and the bytes the tensor's dimensions imply are checked
 * against {@code length}, the data file's size and the free heap, in long arithmetic, before
 * anything is allocated.
 */
final class ExternalData {

	/** The folder of the model file being read, on this thread (reading is single-threaded). */
	private static final ThreadLocal<Path> BASE = new ThreadLocal<>();

	private ExternalData() {}

	/** Something that reads, throwing IOException. */
	interface Reading<T> {

		T read() throws IOException;
	}

	/** Runs {@code reading} with external data located relative to {@code modelFile}'s folder. */
	static <T> T relativeTo(final Path modelFile, final Reading<T> reading) throws IOException {
		final Path dir = modelFile.toAbsolutePath().normalize().getParent();
		final Path old = BASE.get();
		BASE.set(dir);
		try {
			return reading.read();
		}
		finally {
			if (old == null) BASE.remove();
			else BASE.set(old);
		}
	}

	/**
	 * The little-endian bytes of an external tensor.
	 *
	 * @param what the tensor, for messages
	 * @param entries the {@code external_data} key/value pairs
	 * @throws IllegalArgumentException when the data cannot be located or do not fit, naming the
	 *           tensor, the file and the sizes
	 */
	static byte[] read(final String what, final int dataType, final long[] dims,
		final Map<String, String> entries) throws IOException
	{
		final String location = entries.get("location");
		if (location == null || location.isEmpty()) throw new IllegalArgumentException(what +
			" keeps its data in an external file but names no location");
		final Path base = BASE.get();
		if (base == null) throw new IllegalArgumentException(what + " keeps its data in the external " +
			"file '" + location + "', which can only be found when the model is read from its file");
		final Path loc;
		try {
			loc = Path.of(location);
		}
		catch (final java.nio.file.InvalidPathException e) {
			throw new IllegalArgumentException(what + ": the external data location '" + location +
				"' is not a valid path", e);
		}
		final Path file = base.resolve(loc).normalize();
		if (loc.isAbsolute() || !file.startsWith(base)) throw new IllegalArgumentException(what +
			": the external data location '" + location + "' must be a path inside the model's folder " +
			base);
		if (!Files.isRegularFile(file)) throw new IllegalArgumentException(what +
			": the external data file '" + file + "' does not exist");
		final int size = OnnxTensor.elementSize(dataType);
		if (size <= 0) throw new IllegalArgumentException(what + " has element type " + OnnxTensor
			.typeName(dataType) + ", which is not supported");
		long count = 1;
		for (final long d : dims) {
			if (d < 0) throw new IllegalArgumentException(what + " has a negative dimension: " + Arrays
				.toString(dims));
			try {
				count = Math.multiplyExact(count, d);
			}
			catch (final ArithmeticException e) {
				throw new IllegalArgumentException(what + " of shape " + Arrays.toString(dims) +
					" has more elements than can be counted", e);
			}
		}
		final long bytes;
		try {
			bytes = Math.multiplyExact(count, size);
		}
		catch (final ArithmeticException e) {
			throw new IllegalArgumentException(what + " of shape " + Arrays.toString(dims) +
				" needs more bytes than can be counted", e);
		}
		final long offset = number(entries.get("offset"), 0, what, "offset");
		final long length = number(entries.get("length"), bytes, what, "length");
		if (length != bytes) throw new IllegalArgumentException(what + " of shape " + Arrays.toString(
			dims) + " and type " + OnnxTensor.typeName(dataType) + " needs " + bytes +
			" bytes, but its external data length is " + length);
		final long fileSize = Files.size(file);
		if (offset > fileSize || bytes > fileSize - offset) throw new IllegalArgumentException(what +
			" needs bytes " + offset + " to " + (offset + bytes) + " of '" + file + "', which has " +
			fileSize + " bytes");
		if (bytes > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(what + " needs " + bytes +
			" bytes, more than one Java array can hold");
		io.github.convnetij.compute.HeapBudget.require(bytes, what + " (external data in '" + file +
			"')");
		final byte[] raw = new byte[(int) bytes];
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
			final ByteBuffer b = ByteBuffer.wrap(raw);
			long pos = offset;
			while (b.hasRemaining()) {
				final int n = ch.read(b, pos);
				if (n < 0) throw new IllegalArgumentException(what + ": '" + file + "' ended early");
				pos += n;
			}
		}
		return raw;
	}

	private static long number(final String v, final long def, final String what, final String key) {
		if (v == null) return def;
		try {
			final long n = Long.parseLong(v.trim());
			if (n < 0) throw new NumberFormatException();
			return n;
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException(what + ": external data " + key + " '" + v +
				"' is not a non-negative integer", e);
		}
	}
}
