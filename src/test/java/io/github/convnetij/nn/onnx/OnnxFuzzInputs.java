package io.github.convnetij.nn.onnx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import com.google.protobuf.CodedOutputStream;

/**
 * Writes the seed and regression inputs of the ONNX fuzz target (one per failure class of issue
 * #9), when run with {@code -Dwrite.fuzz.inputs=src/test/resources/io/github/convnetij/fuzz/ParsersFuzzTestInputs}.
 */
@EnabledIfSystemProperty(named = "write.fuzz.inputs", matches = ".+")
class OnnxFuzzInputs {

	@Test
	void write() throws IOException {
		final Path dir = Path.of(System.getProperty("write.fuzz.inputs"), "onnx");
		Files.createDirectories(dir);
		final OnnxModel small = OnnxHostileTest.small();
		Files.write(dir.resolve("seed-small-cnn.onnx"), Onnx.toBytes(small));
		Files.write(dir.resolve("seed-every-message-kind.onnx"), Onnx.toBytes(OnnxFormatTest
			.handMade()));
		// 3: unbounded recursion
		OnnxGraph g = new OnnxGraph("leaf", List.of(), List.of(), List.of(), List.of(), List.of(), "");
		for (int i = 0; i < 2000; i++)
			g = new OnnxGraph("g", List.of(new OnnxNode("n", "If", List.of(), List.of("y"), List.of(
				OnnxAttribute.of("b", g)))), List.of(), List.of(), List.of(), List.of(), "");
		final OnnxGraph deep = g;
		Files.write(dir.resolve("regression-deep-graph-attributes.onnx"), OnnxHostileTest.bytesOf(
			OnnxHostileTest.withGraph(small, main -> {
				final List<OnnxNode> nodes = new ArrayList<>(main.nodes());
				nodes.add(0, new OnnxNode("deep", "If", List.of(), List.of("unused"), List.of(OnnxAttribute
					.of("b", deep))));
				return OnnxHostileTest.withNodes(main, nodes);
			})));
		final Map<String, String> meta = new LinkedHashMap<>(small.metadata());
		meta.put(ModelFile.HISTORY, "[".repeat(50_000) + "]".repeat(50_000));
		Files.write(dir.resolve("regression-deep-json-metadata.onnx"), Onnx.toBytes(new OnnxModel(small
			.irVersion(), small.opsetImports(), small.producerName(), small.producerVersion(), small
				.domain(), small.modelVersion(), small.docString(), small.graph(), meta)));
		// 2: sizes above the int range
		Files.write(dir.resolve("regression-input-dim-above-int.onnx"), Onnx.toBytes(OnnxHostileTest
			.withGraph(small, x -> new OnnxGraph(x.name(), x.nodes(), x.initializers(), List.of(
				OnnxValueInfo.tensor("input", OnnxTensor.FLOAT, "N", 1, 3_000_000_000L, 6)), x.outputs(), x
					.valueInfo(), x.docString()))));
		Files.write(dir.resolve("regression-tensor-dims-overflow.onnx"), overflowingInitializer(small));
		// 4: structural faults
		Files.write(dir.resolve("regression-node-without-outputs.onnx"), Onnx.toBytes(OnnxHostileTest
			.withGraph(small, x -> {
				final List<OnnxNode> nodes = new ArrayList<>(x.nodes());
				final OnnxNode relu = nodes.get(1);
				nodes.set(1, OnnxHostileTest.replaceNode(relu, relu.inputs(), List.of(), relu
					.attributes()));
				return OnnxHostileTest.withNodes(x, nodes);
			})));
		Files.write(dir.resolve("regression-empty-dropout-ratio.onnx"), Onnx.toBytes(OnnxHostileTest
			.withGraph(small, x -> {
				final List<OnnxTensor> init = new ArrayList<>();
				for (final OnnxTensor t : x.initializers())
					init.add(t.name().endsWith(".ratio") ? OnnxTensor.ofFloats(t.name(), new float[0], 0) :
						t);
				return OnnxHostileTest.withInitializers(x, init);
			})));
		Files.write(dir.resolve("regression-cycle.onnx"), Onnx.toBytes(OnnxHostileTest.withGraph(small,
			x -> {
				final List<OnnxNode> nodes = new ArrayList<>(x.nodes());
				final OnnxNode relu = nodes.get(1);
				nodes.set(1, OnnxHostileTest.replaceNode(relu, List.of(relu.outputs().get(0)), relu
					.outputs(), relu.attributes()));
				return OnnxHostileTest.withNodes(x, nodes);
			})));
		Files.write(dir.resolve("regression-same-lower-short-strides.onnx"), Onnx.toBytes(
			OnnxHostileTest.withGraph(small, x -> {
				final List<OnnxNode> nodes = new ArrayList<>(x.nodes());
				final OnnxNode conv = nodes.get(0);
				final List<OnnxAttribute> attrs = new ArrayList<>();
				attrs.add(OnnxAttribute.of("auto_pad", "SAME_LOWER"));
				for (final OnnxAttribute a : conv.attributes())
					if (!a.name().equals("strides") && !a.name().equals("pads")) attrs.add(a);
				attrs.add(OnnxAttribute.ofInts("strides", 1));
				nodes.set(0, OnnxHostileTest.replaceNode(conv, conv.inputs(), conv.outputs(), attrs));
				return OnnxHostileTest.withNodes(x, nodes);
			})));
		// 1: declared sizes trusted: conv pads that make activations enormous
		for (final long pad : new long[] { 100_000, Integer.MAX_VALUE })
			Files.write(dir.resolve("regression-conv-pads-" + pad + ".onnx"), Onnx.toBytes(
				OnnxHostileTest.withGraph(small, x -> {
					final List<OnnxNode> nodes = new ArrayList<>(x.nodes());
					final OnnxNode conv = nodes.get(0);
					final List<OnnxAttribute> attrs = new ArrayList<>();
					for (final OnnxAttribute a : conv.attributes())
						attrs.add(a.name().equals("pads") ? OnnxAttribute.ofInts("pads", pad, pad, pad, pad) : a);
					nodes.set(0, OnnxHostileTest.replaceNode(conv, conv.inputs(), conv.outputs(), attrs));
					return OnnxHostileTest.withNodes(x, nodes);
				})));
	}

	/** The model with one more initializer of dims [4, 2^62] and no data, written by hand. */
	private static byte[] overflowingInitializer(final OnnxModel m) throws IOException {
		final ByteArrayOutputStream t = new ByteArrayOutputStream();
		final CodedOutputStream c = CodedOutputStream.newInstance(t);
		c.writeInt64(1, 4);
		c.writeInt64(1, 1L << 62);
		c.writeInt32(2, OnnxTensor.FLOAT);
		c.writeString(8, "huge");
		c.writeByteArray(9, new byte[0]);
		c.flush();
		final byte[] graph = Onnx.toBytes(m);
		// append to the model a second graph field (7) holding only the initializer (5): protobuf
		// merges repeated message fields, our reader keeps the last graph, so write it whole
		final ByteArrayOutputStream g = new ByteArrayOutputStream();
		final CodedOutputStream gc = CodedOutputStream.newInstance(g);
		gc.writeByteArray(5, t.toByteArray());
		gc.flush();
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(graph);
		final CodedOutputStream oc = CodedOutputStream.newInstance(out);
		oc.writeByteArray(7, g.toByteArray());
		oc.flush();
		return out.toByteArray();
	}
}
