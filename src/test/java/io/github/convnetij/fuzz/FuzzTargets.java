package io.github.convnetij.fuzz;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.data.Idx;
import io.github.convnetij.nn.onnx.ModelFile;
import io.github.convnetij.nn.onnx.Onnx;
import io.github.convnetij.ops.Kernels;

/**
 * The code under fuzzing, one method per parser: each feeds hostile bytes or text to a parser the
 * way a user's file or option reaches it, and lets through only the exceptions a caller turns into
 * one clear line ({@link IllegalArgumentException}, and {@link IOException} for file readers).
 * Anything else (an internal exception, a stack overflow, an out-of-memory error) propagates and
 * fails the fuzz test or the mutation test that calls it.
 */
public final class FuzzTargets {

	/** Inputs larger than this are not predicted on (the fuzzer's time goes into parsing). */
	private static final long PREDICT_LIMIT = 1 << 16;

	private FuzzTargets() {}

	/** An ONNX model file: load it as a model, then predict on one zero input. */
	public static void onnx(final byte[] bytes) {
		final ModelFile m;
		try {
			m = ModelFile.fromOnnx(Onnx.parse(bytes, "'fuzz.onnx'"));
		}
		catch (final IllegalArgumentException e) {
			checkMessage(e);
			return;
		}
		final Network net = m.network();
		final int[] in = net.inputShape();
		long n = 1;
		for (final int s : in)
			n *= s;
		if (n > PREDICT_LIMIT) return;
		final int[] shape = new int[in.length + 1];
		shape[0] = 1;
		System.arraycopy(in, 0, shape, 1, in.length);
		try {
			net.predict(Tensor.zeros(shape));
		}
		catch (final IllegalArgumentException e) {
			checkMessage(e);
		}
	}

	/** An IDX file, gzip-compressed or not. */
	public static void idx(final byte[] bytes) {
		try {
			Idx.read(new ByteArrayInputStream(bytes), "'fuzz-idx1-ubyte'");
		}
		catch (final IllegalArgumentException | IOException e) {
			checkMessage(e);
		}
	}

	/** A kernel option: a name with parameters or a text matrix. */
	public static void kernel(final String text) {
		try {
			Kernels.get(text);
		}
		catch (final IllegalArgumentException e) {
			checkMessage(e);
		}
	}

	/** An architecture string for 1 x 28 x 28 inputs and 10 classes. */
	public static void architecture(final String text) {
		try {
			Architectures.parse(text, new int[] { 1, 28, 28 }, 10);
		}
		catch (final IllegalArgumentException e) {
			checkMessage(e);
		}
	}

	/**
	 * An image file, read as the command line reads INPUT ({@link io.github.convnetij.cli.ImageFiles#read}:
	 * our header checks, then ImageJ's or javax.imageio's decoders) and as datasets and predictions
	 * read one ({@link io.github.convnetij.nn.data.ImageDecoder#standard()}). The file gets the
	 * extension its first bytes suggest, so that the decoder of that format is the one tried.
	 */
	public static void imageFiles(final byte[] bytes) throws IOException {
		final java.nio.file.Path f = java.nio.file.Files.createTempFile("fuzz", "." + extension(bytes));
		try {
			java.nio.file.Files.write(f, bytes);
			try {
				io.github.convnetij.cli.ImageFiles.read(f);
			}
			catch (final IllegalArgumentException | IOException e) {
				checkMessage(e);
			}
			try {
				io.github.convnetij.nn.data.ImageDecoder.standard().decode(f);
			}
			catch (final IllegalArgumentException | IOException e) {
				checkMessage(e);
			}
		}
		finally {
			java.nio.file.Files.deleteIfExists(f);
		}
	}

	/** The file name extension of the format whose magic bytes {@code b} starts with; csv if none. */
	static String extension(final byte[] b) {
		if (b.length >= 4 && (b[0] == 'I' && b[1] == 'I' || b[0] == 'M' && b[1] == 'M')) return "tif";
		if (b.length >= 4 && (b[0] & 0xFF) == 0x89 && b[1] == 'P') return "png";
		if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8) return "jpg";
		if (b.length >= 3 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F') return "gif";
		if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') return "bmp";
		if (b.length >= 2 && b[0] == 'P' && b[1] >= '1' && b[1] <= '6') return b[1] == '1' || b[1] == '4'
			? "pbm" : b[1] == '2' || b[1] == '5' ? "pgm" : "ppm";
		return "csv";
	}

	/** A message a user can read: present and not an exception's class name alone. */
	static void checkMessage(final Exception e) {
		final String m = e.getMessage();
		if (m == null || m.isBlank()) throw new AssertionError("an error without a message", e);
	}
}
