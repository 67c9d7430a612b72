package io.github.convnetij.nn;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.convnetij.compute.Tensor;

/** Reads the tensors written by {@code src/test/python/make_torch_fixtures.py}. */
final class TorchFixtures {

	private TorchFixtures() {}

	static Map<String, Tensor> read(final String resource) {
		try (InputStream in = TorchFixtures.class.getResourceAsStream("/torch/" + resource)) {
			if (in == null) throw new IllegalStateException("missing test resource /torch/" + resource +
				" (run src/test/python/make_torch_fixtures.py)");
			final ByteBuffer b = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
			final byte[] magic = new byte[4];
			b.get(magic);
			if (!"TNSR".equals(new String(magic, StandardCharsets.US_ASCII)))
				throw new IllegalStateException(resource + " is not a tensor fixture");
			final int count = b.getInt();
			final Map<String, Tensor> tensors = new LinkedHashMap<>();
			for (int t = 0; t < count; t++) {
				final byte[] name = new byte[b.getInt()];
				b.get(name);
				final int[] shape = new int[b.getInt()];
				for (int i = 0; i < shape.length; i++)
					shape[i] = b.getInt();
				final Tensor x = Tensor.zeros(shape);
				b.asFloatBuffer().get(x.data());
				b.position(b.position() + 4 * x.numel());
				tensors.put(new String(name, StandardCharsets.UTF_8), x);
			}
			return tensors;
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
