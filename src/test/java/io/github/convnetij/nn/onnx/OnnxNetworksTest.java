package io.github.convnetij.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxNetworksTest {

	static final String REFERENCE =
		"conv(32,3,pad=1), relu, maxpool(2), conv(64,3,pad=1), relu, maxpool(2), flatten, dense(128), relu, dense(10), softmax";
	/** Every layer type, a residual connection, odd sizes, explicit and same pads, ceil pooling. */
	static final String ALL_LAYERS = "conv(6,3,pad=same), batchnorm, b0:leakyrelu(alpha=0.2), " +
		"conv(6,3x1,pad=1x0,stride=1), relu, conv(6,1,pad=same), add(b0), maxpool(3,stride=2,pad=1)," +
		" conv(5,2,dilation=2,pad=same,bias=false), avgpool(2,ceil=true), b1:relu, globalavgpool, " +
		"flatten, dropout(0.25), dense(7), relu, dense(4,bias=false), softmax";

	@TempDir
	Path dir;

	static Tensor random(final long seed, final int... shape) {
		final Tensor t = Tensor.zeros(shape);
		final Random r = new Random(seed);
		for (int i = 0; i < t.numel(); i++)
			t.data()[i] = r.nextFloat() * 2 - 1;
		return t;
	}

	private static void assertBitwise(final Tensor a, final Tensor b) {
		assertArrayEquals(a.shape(), b.shape());
		final float[] x = a.data(), y = b.data();
		for (int i = 0; i < x.length; i++)
			assertEquals(Float.floatToIntBits(x[i]), Float.floatToIntBits(y[i]), "element " + i);
	}

	@Test
	void referenceCnnSavesAndLoadsToBitwiseIdenticalPredictions() throws IOException {
		final Network net = Architectures.parse(REFERENCE, new int[] { 1, 28, 28 }, 10);
		net.initialize(7);
		final List<Map<String, Object>> history = List.of(Map.of("epoch", 1, "loss", 0.5,
			"accuracy", 0.8, "test_accuracy", 0.79, "images_per_s", 1234.5));
		final ModelFile m = ModelFile.of(net, ModelFile.numberedClasses(10), InputSpec.uint8(1, 28,
			28)).withHistory(history);
		final Path f = dir.resolve("ref.onnx");
		m.save(f);
		final ModelFile back = ModelFile.load(f);
		final Tensor x = random(1, 5, 1, 28, 28);
		assertBitwise(net.predict(x), back.network().predict(x));
		assertEquals(REFERENCE, back.network().architecture());
		assertEquals(m.classes(), back.classes());
		assertEquals(m.input(), back.input());
		assertEquals(1, back.history().size());
		assertEquals(1234.5, ((Number) back.history().get(0).get("images_per_s")).doubleValue());
		final OnnxModel raw = Onnx.read(f);
		assertEquals(7, raw.irVersion());
		assertEquals(13, raw.opsetVersion());
		assertEquals(List.of(ModelFile.CLASSES, ModelFile.INPUT, ModelFile.ARCHITECTURE,
			ModelFile.HISTORY), new ArrayList<>(raw.metadata().keySet()));
		assertEquals("[\"0\",\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\"]", raw.metadata().get(
			ModelFile.CLASSES));
		final List<String> ops = new ArrayList<>();
		for (final OnnxNode n : raw.graph().nodes())
			ops.add(n.opType());
		assertEquals(List.of("Conv", "Relu", "MaxPool", "Conv", "Relu", "MaxPool", "Flatten", "Gemm",
			"Relu", "Gemm", "Softmax"), ops);
		assertArrayEquals(new long[] { 1, 1, 1, 1 }, raw.graph().nodes().get(0).attribute("pads")
			.ints());
		assertEquals(8, raw.graph().initializers().size());
	}

	@Test
	void everyLayerTypeRoundTripsAfterTraining() throws IOException {
		final Network net = Architectures.parse(ALL_LAYERS, new int[] { 2, 11, 9 }, 4);
		net.initialize(3);
		// a training pass changes the batch-norm running statistics from their initial values
		net.computeGradients(random(5, 6, 2, 11, 9), new int[] { 0, 1, 2, 3, 0, 1 });
		final ModelFile m = ModelFile.of(net, List.of("a", "b", "c", "d"), InputSpec.uint8(2, 11, 9));
		final Path f = dir.resolve("all.onnx");
		m.save(f);
		final ModelFile back = ModelFile.load(f);
		final Tensor x = random(2, 3, 2, 11, 9);
		assertBitwise(net.predict(x), back.network().predict(x));
		assertEquals(net.architecture(), back.network().architecture());
		for (int i = 0; i < net.buffers().size(); i++)
			assertBitwise(net.buffers().get(i).value(), back.network().buffers().get(i).value());
		assertEquals(List.of("a", "b", "c", "d"), back.classes());
		// without the architecture string, same pads come back as the explicit pads they resolved to
		final Network plain = OnnxNetworks.toNetwork(Onnx.read(f), null);
		assertBitwise(net.predict(x), plain.predict(x));
		assertTrue(plain.architecture().startsWith("conv(6,3,pad=1), batchnorm,"), plain
			.architecture());
		// export -> import -> export gives the same bytes
		assertArrayEquals(Files.readAllBytes(f), Onnx.toBytes(back.toOnnx()));
	}

	/**
	 * A small CNN exported by PyTorch 1.13's ONNX exporter (src/test/python/make_onnx_torch_fixture.py):
	 * conv (batch norm folded in), relu, leaky relu, residual add, max and average pooling with
	 * padding and ceil mode, global average pooling, flatten, dense, softmax.
	 */
	@Test
	void pytorchExportedModelMatchesPytorch() throws IOException {
		final Path root = Path.of(OnnxTestData.bundled().getParent().toString(), "torch");
		final ModelFile m = ModelFile.load(root.resolve("small_cnn.onnx"));
		assertArrayEquals(new int[] { 1, 15, 13 }, m.network().inputShape());
		assertEquals(ModelFile.numberedClasses(5), m.classes());
		final OnnxTensor x = Onnx.readTensor(root.resolve("input_0.pb"));
		final OnnxTensor expected = Onnx.readTensor(root.resolve("output_0.pb"));
		final Tensor y = m.network().predict(Tensor.of(x.toFloats(), x.shape()));
		assertArrayEquals(expected.shape(), y.shape());
		final float[] e = expected.toFloats();
		for (int i = 0; i < e.length; i++)
			assertEquals(e[i], y.data()[i], 1e-6, "element " + i);
		assertTrue(m.network().architecture().contains("add("), m.network().architecture());
	}

	@Test
	void extraTensorsAndMetadataSurvive() throws IOException {
		final Network net = Architectures.parse("flatten, dense(3), softmax", new int[] { 1, 2, 2 }, 3);
		final OnnxTensor state = OnnxTensor.ofFloats("optimizer/dense1.weight.m", new float[12], 3, 4);
		final ModelFile m = ModelFile.of(net, ModelFile.numberedClasses(3), InputSpec.uint8(1, 2, 2))
			.withMetadata("convnet.checkpoint", "{\"epoch\":2}").withExtraTensors(List.of(state));
		final Path f = dir.resolve("x.onnx");
		m.save(f);
		final ModelFile back = ModelFile.load(f);
		assertEquals(state, back.extraTensor("optimizer/dense1.weight.m"));
		assertEquals("{\"epoch\":2}", back.metadata().get("convnet.checkpoint"));
		assertThrows(IllegalArgumentException.class, () -> ModelFile.of(net, List.of("a"), InputSpec
			.uint8(1, 2, 2)));
	}

	@Test
	void unsupportedGraphsAreRefusedClearly() throws IOException {
		final Path root = OnnxTestData.bundled();
		// two data inputs
		final IllegalArgumentException two = assertThrows(IllegalArgumentException.class,
			() -> OnnxNetworks.toNetwork(Onnx.read(root.resolve("test_add/model.onnx")), null));
		assertTrue(two.getMessage().contains("2 data inputs"), two.getMessage());
		// a Conv whose weight is a graph input, not a constant
		final IllegalArgumentException w = assertThrows(IllegalArgumentException.class,
			() -> OnnxNetworks.toNetwork(Onnx.read(root.resolve("test_basic_conv_with_padding/model.onnx")),
				null));
		assertTrue(w.getMessage().contains("2 data inputs"), w.getMessage());
		final OnnxTestData.Case conv = OnnxTestData.load(root.resolve("test_basic_conv_with_padding"));
		final OnnxModel grouped = replaceNode(ConformanceTest.constantInputs(conv), n -> new OnnxNode(
			"c", "Conv", n.inputs(), n.outputs(), List.of(OnnxAttribute.of("group", 2L))));
		final IllegalArgumentException g = assertThrows(IllegalArgumentException.class,
			() -> OnnxNetworks.toNetwork(grouped, null));
		assertTrue(g.getMessage().contains("ONNX node 'c' (Conv)") && g.getMessage().contains(
			"group=2"), g.getMessage());
		final OnnxModel unknown = replaceNode(ConformanceTest.constantInputs(conv), n -> new OnnxNode(
			"s", "Erf", List.of(n.inputs().get(0)), n.outputs(), List.of()));
		final IllegalArgumentException u = assertThrows(IllegalArgumentException.class,
			() -> OnnxNetworks.toNetwork(unknown, null));
		assertTrue(u.getMessage().contains("Erf is not supported; supported: Conv"), u.getMessage());
	}

	private static OnnxModel replaceNode(final OnnxModel m,
		final java.util.function.UnaryOperator<OnnxNode> f)
	{
		final OnnxGraph g = m.graph();
		final List<OnnxNode> nodes = new ArrayList<>();
		for (final OnnxNode n : g.nodes())
			nodes.add(f.apply(n));
		return new OnnxModel(m.irVersion(), m.opsetImports(), m.producerName(), m.producerVersion(), m
			.domain(), m.modelVersion(), m.docString(), new OnnxGraph(g.name(), nodes, g.initializers(), g
				.inputs(), g.outputs(), g.valueInfo(), g.docString()), m.metadata());
	}

	/** ONNX's checker with full shape inference accepts what we write (Debian python3-onnx). */
	@Test
	void onnxCheckerAndShapeInferenceAcceptOurModels() throws Exception {
		assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "no /usr/bin/python3");
		final Network net = Architectures.parse(ALL_LAYERS, new int[] { 2, 11, 9 }, 4);
		final Path f = dir.resolve("all.onnx");
		ModelFile.of(net, ModelFile.numberedClasses(4), InputSpec.uint8(2, 11, 9)).save(f);
		final String script = "import sys\ntry:\n import onnx\nexcept ImportError:\n" +
			" print('NO-ONNX'); sys.exit(0)\nm = onnx.load(sys.argv[1])\n" +
			"onnx.checker.check_model(m, full_check=True)\n" +
			"i = onnx.shape_inference.infer_shapes(m, strict_mode=True)\n" +
			"d = {v.name: [x.dim_value or x.dim_param for x in v.type.tensor_type.shape.dim] " +
			"for v in list(i.graph.value_info) + list(i.graph.output)}\n" +
			"print('OK', d[m.graph.output[0].name], d['avgpool1'])\n";
		final Process p = new ProcessBuilder("/usr/bin/python3", "-c", script, f.toString())
			.redirectErrorStream(true).start();
		final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
			.strip();
		assertTrue(p.waitFor(60, TimeUnit.SECONDS));
		assumeTrue(!out.equals("NO-ONNX"), "python3-onnx not installed");
		assertEquals(0, p.exitValue(), out);
		assertEquals("OK ['N', 4] ['N', 5, " + net.node("avgpool1").outputShape()[1] + ", " + net.node(
			"avgpool1").outputShape()[2] + "]", out);
	}
}
