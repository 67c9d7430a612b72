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

	/** A message a user can read: present and not an exception's class name alone. */
	static void checkMessage(final Exception e) {
		final String m = e.getMessage();
		if (m == null || m.isBlank()) throw new AssertionError("an error without a message", e);
	}
}
