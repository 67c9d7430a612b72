package io.github.convnetij.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ModelFile's defaults for files of other tools (the input spec from the input shape, numbered
 * classes), the architecture string kept only when it describes the imported graph exactly, and
 * Onnx's file checks and atomic writes.
 */
class ModelFileMutationGapsTest {

	@TempDir
	Path dir;

	private static Network net(final String arch, final int... input) {
		final Network n = Architectures.parse(arch, input, 0);
		n.initialize(3);
		return n;
	}

	/** The model of a network exported without any convnet metadata. */
	private static ModelFile foreign(final Network n) {
		return ModelFile.fromOnnx(OnnxNetworks.toOnnx(n, Map.of(), List.of()));
	}

	private static void spec(final int c, final int h, final int w, final InputSpec s) {
		assertEquals(c + " x " + h + " x " + w, s.channels() + " x " + s.height() + " x " + s.width());
		assertEquals(1 / 255.0, s.scale());
		assertEquals("none", s.resize());
	}

	@Test
	void defaultsForFilesWithoutMetadata() {
		final ModelFile m3 = foreign(net("c:conv(2,1), f:flatten, d:dense(3)", 1, 2, 3));
		spec(1, 2, 3, m3.input());
		assertEquals(List.of("0", "1", "2"), m3.classes());
		assertTrue(m3.history().isEmpty());
		spec(2, 1, 5, foreign(net("f:flatten, d:dense(3)", 2, 5)).input());
		spec(1, 1, 5, foreign(net("d:dense(3)", 5)).input());
		// [2, 3, 4, 5]: 2 channels of 1 x 60
		spec(2, 1, 60, foreign(net("f:flatten, d:dense(3)", 2, 3, 4, 5)).input());
	}

	@Test
	void metadataRoundTrip() {
		final Network n = net("c:conv(2,1), f:flatten, d:dense(2)", 1, 2, 3);
		final InputSpec s = new InputSpec(1, 2, 3, 0.5, new double[] { 0.25 }, new double[] { 2 }, "bilinear");
		final OnnxTensor extra = OnnxTensor.ofLongs("state", new long[] { 7 }, 1);
		final ModelFile m = ModelFile.of(n, List.of("cat", "dog"), s).withHistory(List.of(Map.of("epoch", 1)))
			.withMetadata("k", "v").withExtraTensors(List.of(extra));
		assertSame(s, m.input());
		final ModelFile back = ModelFile.fromOnnx(m.toOnnx());
		assertEquals(s.toJson(), back.input().toJson());
		assertEquals(List.of("cat", "dog"), back.classes());
		assertEquals(Map.of("k", "v"), back.metadata());
		assertEquals(1, back.history().size());
		assertEquals(1, back.extraTensors().size());
		assertArrayEquals(new long[] { 7 }, back.extraTensors().get(0).toLongs());
		assertArrayEquals(new long[] { 7 }, back.extraTensor("state").toLongs());
	}

	/** The network of an architecture, through ONNX and back (pads become explicit). */
	private static Network imported(final String arch, final int... input) {
		return OnnxNetworks.toNetwork(OnnxNetworks.toOnnx(net(arch, input), Map.of(), List.of()), null);
	}

	@Test
	void theArchitectureStringOnlyWhenItDescribesTheGraph() {
		final String arch = "c:conv(2,3,pad=same), r:relu, f:flatten, d:dense(3)";
		final Network im = imported(arch, 1, 4, 4);
		final Network kept = ModelFile.withArchitecture(im, arch);
		assertNotSame(im, kept);
		assertEquals("same", kept.node("c").layer().attributes().get("padding"));
		assertEquals(List.of("c", "r", "f", "d"), kept.nodes().stream().map(Network.Node::name).toList());
		final Tensor x = Tensor.zeros(2, 1, 4, 4);
		for (int i = 0; i < x.data().length; i++)
			x.data()[i] = (i % 7) - 3;
		assertArrayEquals(im.predict(x).data(), kept.predict(x).data());
		// otherwise the imported network itself
		assertSame(im, ModelFile.withArchitecture(im, null));
		assertSame(im, ModelFile.withArchitecture(im, "conv(2,3"));
		assertSame(im, ModelFile.withArchitecture(im, "c:conv(2,3,pad=same), f:flatten, d:dense(3)"));
		// a prefix of the graph, or longer than it
		assertSame(im, ModelFile.withArchitecture(im, "c:conv(2,3,pad=same), r:relu, f:flatten"));
		assertSame(im, ModelFile.withArchitecture(im, arch + ", s:softmax"));
		assertSame(im, ModelFile.withArchitecture(im, "c:conv(2,3,pad=same), r:sigmoid, f:flatten, d:dense(3)"));
		assertSame(im, ModelFile.withArchitecture(im, "c:conv(2,3,stride=2,pad=same), r:relu, f:flatten, " +
			"d:dense(3)"));
		assertSame(im, ModelFile.withArchitecture(im, "c:conv(2,3,pad=same,bias=false), r:relu, f:flatten, " +
			"d:dense(3)"));
		assertSame(im, ModelFile.withArchitecture(im, "c:conv(2,3,pad=same,dilation=2), r:relu, f:flatten, " +
			"d:dense(3)"));
	}

	@Test
	void residualInputsMustMatchByPosition() {
		final String arch = "a:conv(1,3,pad=same), b:conv(1,3,pad=same), s:add(a, b), f:flatten, d:dense(2)";
		final Network im = imported(arch, 1, 3, 3);
		assertNotSame(im, ModelFile.withArchitecture(im, arch));
		assertSame(im, ModelFile.withArchitecture(im, "a:conv(1,3,pad=same), b:conv(1,3,pad=same), " +
			"s:add(b, a), f:flatten, d:dense(2)"));
		assertSame(im, ModelFile.withArchitecture(im, "a:conv(1,3,pad=same), b:conv(1,3,pad=same), " +
			"s:add(input, b), f:flatten, d:dense(2)"));
		final String fromInput = "a:conv(1,3,pad=same), b:conv(1,3,pad=same), s:add(input, b), f:flatten, " +
			"d:dense(2)";
		final Network im2 = imported(fromInput, 1, 3, 3);
		assertNotSame(im2, ModelFile.withArchitecture(im2, fromInput));
		assertSame(im2, ModelFile.withArchitecture(im2, arch));
	}

	@Test
	void filesTooLargeOrMissingFolders() throws IOException {
		final Path big = dir.resolve("big.onnx");
		try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
			f.setLength(Integer.MAX_VALUE - 7L); // sparse: nothing is written
		}
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Onnx.read(
			big));
		assertTrue(e.getMessage().contains("larger than an ONNX model file can be (2 GB)"), e.getMessage());
		Files.delete(big);
		final IOException m = assertThrows(IOException.class, () -> Onnx.writeAtomically(dir.resolve(
			"no/such/m.onnx"), os -> os.write(1)));
		assertEquals("the folder '" + dir.resolve("no/such") + "' does not exist", m.getMessage());
	}

	@Test
	void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
		final Path f = dir.resolve("m.json");
		Files.writeString(f, "old");
		assertThrows(IOException.class, () -> Onnx.writeAtomically(f, os -> {
			os.write("new".getBytes(StandardCharsets.UTF_8));
			throw new IOException("disk full");
		}));
		assertEquals("old", Files.readString(f));
		try (Stream<Path> s = Files.list(dir)) {
			assertEquals(List.of(f), s.toList());
		}
		Onnx.writeAtomically(f, os -> os.write("new".getBytes(StandardCharsets.UTF_8)));
		assertEquals("new", Files.readString(f));
		try (Stream<Path> s = Files.list(dir)) {
			assertEquals(List.of(f), s.toList());
		}
	}
}
