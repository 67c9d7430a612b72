package io.github.convnetij.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.protobuf.CodedOutputStream;

import io.github.convnetij.fuzz.FuzzTargets;
import io.github.convnetij.fuzz.Mutations;
import io.github.convnetij.nn.Architectures;

/**
 * Hostile ONNX files: each failure class of issue #9 (unbounded recursion, integer overflow in
 * dimensions, structural faults that reached internal exceptions) gives one clear
 * {@link IllegalArgumentException} naming the file and the fault.
 */
class OnnxHostileTest {

	@TempDir
	Path dir;

	static OnnxModel small() {
		return ModelFile.of(Architectures.parse(
			"conv(2,3,pad=same), relu, maxpool(2), dropout(0.5), flatten, dense(3), softmax",
			new int[] { 1, 6, 6 }, 3), List.of("a", "b", "c"), InputSpec.uint8(1, 6, 6)).toOnnx();
	}

	/** The model with its graph changed. */
	static OnnxModel withGraph(final OnnxModel m, final UnaryOperator<OnnxGraph> change) {
		return new OnnxModel(m.irVersion(), m.opsetImports(), m.producerName(), m.producerVersion(), m
			.domain(), m.modelVersion(), m.docString(), change.apply(m.graph()), m.metadata());
	}

	static OnnxGraph withNodes(final OnnxGraph g, final List<OnnxNode> nodes) {
		return new OnnxGraph(g.name(), nodes, g.initializers(), g.inputs(), g.outputs(), g.valueInfo(),
			g.docString());
	}

	static OnnxGraph withInitializers(final OnnxGraph g, final List<OnnxTensor> init) {
		return new OnnxGraph(g.name(), g.nodes(), init, g.inputs(), g.outputs(), g.valueInfo(), g
			.docString());
	}

	static OnnxNode replaceNode(final OnnxNode n, final List<String> inputs, final List<String> outputs,
		final List<OnnxAttribute> attributes)
	{
		return new OnnxNode(n.name(), n.opType(), n.domain(), inputs, outputs, attributes, n
			.docString());
	}

	/** Loads the bytes as a model file; returns the message of the IllegalArgumentException. */
	String refused(final byte[] bytes) throws IOException {
		final Path f = dir.resolve("bad.onnx");
		Files.write(f, bytes);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile
			.load(f));
		assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
		assertTrue(!e.getMessage().contains("\n"), e.getMessage());
		FuzzTargets.onnx(bytes); // and the fuzz target agrees: nothing but that exception
		return e.getMessage();
	}

	String refused(final OnnxModel m) throws IOException {
		return refused(Onnx.toBytes(m));
	}

	static void contains(final String message, final String... parts) {
		for (final String p : parts)
			assertTrue(message.contains(p), "'" + p + "' missing in: " + message);
	}

	// ---------------------------------------------------------------- recursion

	@Test
	void deeplyNestedGraphAttributesAreRefusedNotAStackOverflow() throws IOException {
		OnnxGraph g = new OnnxGraph("leaf", List.of(), List.of(), List.of(), List.of(), List.of(), "");
		for (int i = 0; i < 3000; i++)
			g = new OnnxGraph("g", List.of(new OnnxNode("n", "If", List.of(), List.of("y"), List.of(
				OnnxAttribute.of("then_branch", g)))), List.of(), List.of(), List.of(), List.of(), "");
		final OnnxGraph deep = g;
		// the writer nests as deep as asked: written by hand through the wire format
		final OnnxModel m = withGraph(small(), main -> {
			final List<OnnxNode> nodes = new ArrayList<>(main.nodes());
			nodes.add(0, new OnnxNode("deep", "If", List.of(), List.of("unused"), List.of(OnnxAttribute.of(
				"then_branch", deep))));
			return withNodes(main, nodes);
		});
		final byte[] bytes = bytesOf(m);
		contains(refused(bytes), "nested more than " + OnnxWire.MAX_DEPTH);
	}

	/** The wire form, written with a deep stack (the writer recurses as the reader did). */
	static byte[] bytesOf(final OnnxModel m) {
		final byte[][] out = new byte[1][];
		final Thread t = new Thread(null, () -> out[0] = Onnx.toBytes(m), "writer", 1L << 28);
		t.start();
		try {
			t.join();
		}
		catch (final InterruptedException e) {
			throw new AssertionError(e);
		}
		return out[0];
	}

	@Test
	void deeplyNestedJsonInMetadataIsRefused() throws IOException {
		final String deep = "[".repeat(100_000) + "]".repeat(100_000);
		final Map<String, String> meta = new LinkedHashMap<>(small().metadata());
		meta.put(ModelFile.HISTORY, deep);
		final OnnxModel s = small();
		final OnnxModel m = new OnnxModel(s.irVersion(), s.opsetImports(), s.producerName(), s
			.producerVersion(), s.domain(), s.modelVersion(), s.docString(), s.graph(), meta);
		contains(refused(m), "nested more than " + Json.MAX_DEPTH, ModelFile.HISTORY);
		assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\":".repeat(50_000)));
	}

	// ---------------------------------------------------------------- sizes

	@Test
	void graphInputDimensionAboveIntRangeIsRefused() throws IOException {
		final OnnxModel m = withGraph(small(), g -> new OnnxGraph(g.name(), g.nodes(), g.initializers(),
			List.of(OnnxValueInfo.tensor("input", OnnxTensor.FLOAT, "N", 1, 3_000_000_000L, 6)), g
				.outputs(), g.valueInfo(), g.docString()));
		contains(refused(m), "graph input 'input'", "3000000000", "above the largest supported");
	}

	@Test
	void tensorDimensionsWhoseProductOverflowsAreRefused() throws IOException {
		// 4 x 2^62 wraps to 0 elements in long arithmetic: it held "no data" and was accepted
		final ByteArrayOutputStream b = new ByteArrayOutputStream();
		final CodedOutputStream out = CodedOutputStream.newInstance(b);
		out.writeInt64(1, 4);
		out.writeInt64(1, 1L << 62);
		out.writeInt32(2, OnnxTensor.FLOAT);
		out.writeString(8, "w");
		out.writeByteArray(9, new byte[0]);
		out.flush();
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Onnx
			.parseTensor(b.toByteArray(), "'t.pb'"));
		contains(e.getMessage(), "'t.pb'", "tensor 'w'", "above the largest supported");
	}

	// ---------------------------------------------------------------- structure

	@Test
	void nodeWithoutOutputsIsRefused() throws IOException {
		final OnnxModel m = withGraph(small(), g -> {
			final List<OnnxNode> nodes = new ArrayList<>(g.nodes());
			final OnnxNode relu = nodes.get(1);
			nodes.set(1, replaceNode(relu, relu.inputs(), List.of(), relu.attributes()));
			return withNodes(g, nodes);
		});
		contains(refused(m), "node #2", "(Relu)", "has no output");
	}

	@Test
	void emptyDropoutRatioIsRefused() throws IOException {
		final OnnxModel m = withGraph(small(), g -> {
			final List<OnnxTensor> init = new ArrayList<>();
			for (final OnnxTensor t : g.initializers())
				init.add(t.name().endsWith(".ratio") ? OnnxTensor.ofFloats(t.name(), new float[0], 0) : t);
			return withInitializers(g, init);
		});
		contains(refused(m), "(Dropout)", "ratio", "must be a scalar", "[0]");
	}

	@Test
	void nodesOutOfOrderOrInACycleAreRefused() throws IOException {
		final OnnxModel swapped = withGraph(small(), g -> {
			final List<OnnxNode> nodes = new ArrayList<>(g.nodes());
			final OnnxNode a = nodes.get(1);
			nodes.set(1, nodes.get(2));
			nodes.set(2, a);
			return withNodes(g, nodes);
		});
		contains(refused(swapped), "node #2", "reads", "topological order");
		final OnnxModel cycle = withGraph(small(), g -> {
			final List<OnnxNode> nodes = new ArrayList<>(g.nodes());
			final OnnxNode relu = nodes.get(1);
			nodes.set(1, replaceNode(relu, List.of(relu.outputs().get(0)), relu.outputs(), relu
				.attributes()));
			return withNodes(g, nodes);
		});
		contains(refused(cycle), "node #2", "reads '" + cycle.graph().nodes().get(1).outputs().get(0) +
			"'");
		final OnnxModel twice = withGraph(small(), g -> {
			final List<OnnxNode> nodes = new ArrayList<>(g.nodes());
			final OnnxNode relu = nodes.get(1);
			nodes.set(1, replaceNode(relu, relu.inputs(), nodes.get(0).outputs(), relu.attributes()));
			return withNodes(g, nodes);
		});
		contains(refused(twice), "node #2", "already defined");
	}

	@Test
	void undefinedGraphOutputIsRefused() throws IOException {
		final OnnxModel m = withGraph(small(), g -> new OnnxGraph(g.name(), g.nodes(), g.initializers(),
			g.inputs(), List.of(OnnxValueInfo.tensor("nowhere", OnnxTensor.FLOAT, "N", 3)), g.valueInfo(),
			g.docString()));
		contains(refused(m), "graph output 'nowhere'");
	}

	@Test
	void convAttributesOfTheWrongLengthAreRefused() throws IOException {
		for (final OnnxAttribute bad : List.of(OnnxAttribute.ofInts("strides", 1),
			OnnxAttribute.ofInts("strides", 0, 1), OnnxAttribute.ofInts("dilations", 1, 1, 1),
			OnnxAttribute.ofInts("pads", 1, 1, 1), OnnxAttribute.ofInts("pads", -1, 0, 0, 0),
			OnnxAttribute.ofInts("kernel_shape", 3, 3, 3), OnnxAttribute.of("strides", 2L)))
		{
			final OnnxModel m = withGraph(small(), g -> {
				final List<OnnxNode> nodes = new ArrayList<>(g.nodes());
				final OnnxNode conv = nodes.get(0);
				final List<OnnxAttribute> attrs = new ArrayList<>();
				attrs.add(OnnxAttribute.of("auto_pad", "SAME_LOWER"));
				for (final OnnxAttribute a : conv.attributes())
					if (!a.name().equals(bad.name()) && !a.name().equals("pads")) attrs.add(a);
				attrs.add(bad);
				nodes.set(0, replaceNode(conv, conv.inputs(), conv.outputs(), attrs));
				return withNodes(g, nodes);
			});
			contains(refused(m), "node #1", "(Conv)", bad.name());
		}
	}

	@Test
	void missingFileAndFolderNameThePath() throws IOException {
		final Path missing = dir.resolve("missing.onnx");
		final IOException e = assertThrows(IOException.class, () -> ModelFile.load(missing));
		contains(e.getMessage(), missing.toString(), "does not exist");
		final IllegalArgumentException f = assertThrows(IllegalArgumentException.class, () -> ModelFile
			.load(dir));
		contains(f.getMessage(), dir.toString(), "folder");
	}

	// ---------------------------------------------------------------- mutants

	@Test
	void mutatedModelsGiveOnlyClearErrors() {
		Mutations.run(9, Integer.getInteger("hostile.mutants", 400), FuzzTargets::onnx, Onnx.toBytes(
			small()), Onnx.toBytes(OnnxFormatTest.handMade()));
	}
}
