package io.github.convnetij.nn.onnx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * ONNX's conformance test cases: the copies in {@code src/test/resources/onnx/node} and, when the
 * Debian package {@code libonnx-testdata} is installed, those under
 * {@code /usr/share/libonnx-testdata/data}.
 */
final class OnnxTestData {

	static final Path INSTALLED = Path.of("/usr/share/libonnx-testdata/data");

	private OnnxTestData() {}

	/** One test case: the folder, its model and its first data set. */
	record Case(Path dir, OnnxModel model, List<OnnxTensor> inputs, List<OnnxTensor> outputs) {

		String name() {
			return dir.getFileName().toString();
		}

		@Override
		public String toString() {
			return name();
		}
	}

	/** The bundled copies. */
	static Path bundled() {
		try {
			return Path.of(OnnxTestData.class.getResource("/onnx/node").toURI());
		}
		catch (final URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}

	/** Folders with a model.onnx under {@code root} whose names start with one of the prefixes. */
	static List<Path> dirs(final Path root, final String... prefixes) {
		if (!Files.isDirectory(root)) return List.of();
		try (Stream<Path> s = Files.list(root)) {
			return s.filter(d -> Files.isRegularFile(d.resolve("model.onnx"))).filter(d -> {
				if (prefixes.length == 0) return true;
				for (final String p : prefixes)
					if (d.getFileName().toString().startsWith(p)) return true;
				return false;
			}).sorted().toList();
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/**
	 * The model and its first data set; values of graph inputs and outputs that are not tensors
	 * (sequences, optionals: other messages than TensorProto) are null.
	 */
	static Case load(final Path dir) throws IOException {
		final OnnxModel m = Onnx.read(dir.resolve("model.onnx"));
		final List<OnnxValueInfo> ins = new ArrayList<>();
		for (final OnnxValueInfo v : m.graph().inputs())
			if (m.graph().initializer(v.name()) == null) ins.add(v);
		final List<OnnxTensor> in = new ArrayList<>(), out = new ArrayList<>();
		final Path data = dir.resolve("test_data_set_0");
		for (int i = 0; Files.exists(data.resolve("input_" + i + ".pb")); i++)
			in.add(tensorTyped(ins, i) ? Onnx.readTensor(data.resolve("input_" + i + ".pb")) : null);
		for (int i = 0; Files.exists(data.resolve("output_" + i + ".pb")); i++)
			out.add(tensorTyped(m.graph().outputs(), i) ? Onnx.readTensor(data.resolve("output_" + i +
				".pb")) : null);
		return new Case(dir, m, in, out);
	}

	private static boolean tensorTyped(final List<OnnxValueInfo> infos, final int i) {
		return i >= infos.size() || infos.get(i).elemType() != OnnxTensor.UNDEFINED;
	}
}
