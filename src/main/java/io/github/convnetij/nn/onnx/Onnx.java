package io.github.convnetij.nn.onnx;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.convnetij.compute.HeapBudget;
import io.github.convnetij.compute.TempFiles;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;

/**
 * Reads and writes ONNX model files ({@code ModelProto}) and tensor files ({@code TensorProto},
 * the {@code .pb} files of ONNX's test data) in the protobuf wire format, through our own mapping
 * of the messages ({@link OnnxModel}, {@link OnnxGraph}, {@link OnnxNode}, {@link OnnxAttribute},
 * {@link OnnxTensor}, {@link OnnxValueInfo}).
 * <pre>{@code
 * OnnxModel m = Onnx.read(Path.of("model.onnx"));
 * for (OnnxNode n : m.graph().nodes()) System.out.println(n.opType());
 * Onnx.write(m, Path.of("copy.onnx"));     // atomically: a temporary file, then a move
 * OnnxTensor x = Onnx.readTensor(Path.of("test_data_set_0/input_0.pb"));
 * }</pre>
 * Files are read whole into memory (a model must be smaller than 2 GB, as protobuf requires).
 */
public final class Onnx {

	private Onnx() {}

	/**
	 * Reads a model file.
	 *
	 * @throws IllegalArgumentException when the file is not a valid ONNX model, naming the file and
	 *           the problem
	 * @throws IOException when it cannot be read
	 */
	public static OnnxModel read(final Path file) throws IOException {
		return ExternalData.relativeTo(file, () -> parse(readFile(file, "ONNX model"), "'" + file + "'"));
	}

	/**
	 * The bytes of a file, after checking that it is a regular file whose size fits in an array
	 * and in the free heap.
	 *
	 * @throws IllegalArgumentException for a folder or a file too large, naming it and its size
	 * @throws IOException for a missing file (naming it) or a read error
	 */
	static byte[] readFile(final Path file, final String what) throws IOException {
		if (Files.isDirectory(file)) throw new IllegalArgumentException("'" + file +
			"' is a folder, not an " + what + " file");
		// NoSuchFileException, which the commands turn into "model: 'FILE' does not exist"
		if (!Files.exists(file)) throw new java.nio.file.NoSuchFileException(file.toString(), null,
			"does not exist");
		final long size = Files.size(file);
		if (size > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("'" + file + "' is " +
			HeapBudget.format(size) + ", larger than an " + what + " file can be (2 GB)");
		HeapBudget.require(size, "reading '" + file + "'");
		return Files.readAllBytes(file);
	}

	/**
	 * Parses the bytes of a model.
	 *
	 * @param source how to name the data in messages
	 * @throws IllegalArgumentException when the bytes are not a valid ONNX model
	 */
	public static OnnxModel parse(final byte[] bytes, final String source) {
		try {
			final OnnxModel m = OnnxWire.readModel(input(bytes));
			OnnxChecks.model(m);
			return m;
		}
		catch (final InvalidProtocolBufferException e) {
			throw new IllegalArgumentException(source + " is not a valid ONNX model file: " + e
				.getMessage(), e);
		}
		catch (final IOException e) {
			throw new IllegalStateException(e); // reading from a byte array
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
		}
	}

	/** Reads a {@code TensorProto} file (e.g. {@code input_0.pb} of ONNX's test data). */
	public static OnnxTensor readTensor(final Path file) throws IOException {
		return parseTensor(readFile(file, "ONNX tensor"), "'" + file + "'");
	}

	/** Parses the bytes of a {@code TensorProto}. */
	public static OnnxTensor parseTensor(final byte[] bytes, final String source) {
		try {
			return OnnxWire.readTensor(input(bytes));
		}
		catch (final InvalidProtocolBufferException e) {
			throw new IllegalArgumentException(source + " is not a valid ONNX tensor file: " + e
				.getMessage(), e);
		}
		catch (final IOException e) {
			throw new IllegalStateException(e);
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
		}
	}

	/** The bytes of a model. */
	public static byte[] toBytes(final OnnxModel model) {
		final byte[] out = new byte[OnnxWire.size(model)];
		final CodedOutputStream cos = CodedOutputStream.newInstance(out);
		try {
			OnnxWire.write(cos, model);
			cos.checkNoSpaceLeft();
		}
		catch (final IOException e) {
			throw new IllegalStateException("model size computed wrongly", e);
		}
		return out;
	}

	/** The bytes of a tensor. */
	public static byte[] toBytes(final OnnxTensor tensor) {
		final byte[] out = new byte[OnnxWire.size(tensor)];
		final CodedOutputStream cos = CodedOutputStream.newInstance(out);
		try {
			OnnxWire.write(cos, tensor);
			cos.checkNoSpaceLeft();
		}
		catch (final IOException e) {
			throw new IllegalStateException("tensor size computed wrongly", e);
		}
		return out;
	}

	/**
	 * Writes a model file atomically: to a temporary file beside {@code file}, then moved over it,
	 * so a reader never sees half a file and an interrupted write leaves the old file in place.
	 */
	public static void write(final OnnxModel model, final Path file) throws IOException {
		writeAtomically(file, os -> {
			final CodedOutputStream cos = CodedOutputStream.newInstance(os, 1 << 16);
			OnnxWire.write(cos, model);
			cos.flush();
		});
	}

	/** Writes a {@code TensorProto} file atomically. */
	public static void writeTensor(final OnnxTensor tensor, final Path file) throws IOException {
		writeAtomically(file, os -> os.write(toBytes(tensor)));
	}

	/** Writes something to a file. */
	@FunctionalInterface
	public interface Writer {

		void writeTo(OutputStream out) throws IOException;
	}

	/**
	 * Writes {@code file} through a temporary file in the same folder and a move (atomic where the
	 * file system allows); the temporary file is removed if writing fails. The folder of
	 * {@code file} must exist (it is never created).
	 * <pre>{@code
	 * Onnx.writeAtomically(Path.of("metrics.json"), os -> os.write(json.getBytes(UTF_8)));
	 * }</pre>
	 */
	public static void writeAtomically(final Path file, final Writer writer) throws IOException {
		final Path abs = file.toAbsolutePath();
		final Path dir = abs.getParent();
		// the folder must exist: an output never creates its parent folders (DESIGN.md section 3)
		if (dir != null && !Files.isDirectory(dir)) throw new IOException("the folder '" + dir +
			"' does not exist");
		final Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
		TempFiles.register(tmp); // removed if the JVM is stopped (SIGTERM) while writing
		boolean done = false;
		try {
			try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
				writer.writeTo(os);
			}
			TempFiles.moveIntoPlace(tmp, abs);
			done = true;
		}
		finally {
			if (!done) {
				Files.deleteIfExists(tmp);
				TempFiles.forget(tmp);
			}
		}
	}

	private static CodedInputStream input(final byte[] bytes) {
		final CodedInputStream in = CodedInputStream.newInstance(bytes);
		in.setSizeLimit(Integer.MAX_VALUE);
		in.setRecursionLimit(200);
		return in;
	}
}
