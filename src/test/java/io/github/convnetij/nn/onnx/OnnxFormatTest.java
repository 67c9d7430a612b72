package io.github.convnetij.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxFormatTest {

	@TempDir
	Path dir;

	/** A model using every message and attribute kind this package writes. */
	static OnnxModel handMade() {
		final float[] w = new float[2 * 1 * 3 * 3];
		for (int i = 0; i < w.length; i++)
			w[i] = (i - 7) * 0.125f;
		final OnnxTensor weight = OnnxTensor.ofFloats("conv.weight", w, 2, 1, 3, 3);
		final OnnxTensor bias = OnnxTensor.ofFloats("conv.bias", new float[] { 0.5f, -0.25f }, 2);
		final OnnxTensor shape = OnnxTensor.ofLongs("shape", new long[] { 1, -1 }, 2);
		final OnnxGraph sub = new OnnxGraph("sub", List.of(), List.of(), List.of(), List.of(), List
			.of(), "");
		final List<OnnxNode> nodes = List.of(new OnnxNode("conv", "Conv", List.of("input",
			"conv.weight", "conv.bias"), List.of("c"), List.of(OnnxAttribute.ofInts("kernel_shape", 3, 3),
				OnnxAttribute.ofInts("pads", 1, 1, 1, 1), OnnxAttribute.ofInts("strides", 1, 1))),
			new OnnxNode("lrelu", "LeakyRelu", List.of("c"), List.of("r"), List.of(OnnxAttribute.of(
				"alpha", 0.01f))), new OnnxNode("reshape", "Reshape", List.of("r", "shape"), List.of(
					"output"), List.of()), new OnnxNode("", "Custom", "org.example", List.of("", "r"), List.of(
						"unused"), List.of(OnnxAttribute.of("i", 0L), OnnxAttribute.of("s", "naïve"),
							OnnxAttribute.of("t", bias), OnnxAttribute.of("g", sub), OnnxAttribute.ofFloats("fs",
								1.5f, -0f, Float.NaN), OnnxAttribute.ofStrings("ss", "a", ""), OnnxAttribute
									.ofTensors("ts", List.of(shape)), OnnxAttribute.ofGraphs("gs", List.of(sub))),
						"doc"));
		final OnnxGraph g = new OnnxGraph("net", nodes, List.of(weight, bias, shape), List.of(
			OnnxValueInfo.tensor("input", OnnxTensor.FLOAT, "N", 1, 5, 4)), List.of(OnnxValueInfo.tensor(
				"output", OnnxTensor.FLOAT, "N", 40)), List.of(new OnnxValueInfo("c", OnnxTensor.FLOAT, List
					.of(new OnnxValueInfo.Dim(-1, null), new OnnxValueInfo.Dim(2, null)), "")), "a graph");
		final Map<String, String> meta = new LinkedHashMap<>();
		meta.put("convnet.classes", "[\"T-shirt/top\",\"Trouser\"]");
		meta.put("empty", "");
		return new OnnxModel(7, List.of(new OnnxModel.OpsetId("", 13), new OnnxModel.OpsetId(
			"org.example", 1)), "ConvNet-IJ", "0.1", "io.github.convnetij", 3, "doc", g, meta);
	}

	@Test
	void handMadeModelRoundTrips() throws IOException {
		final OnnxModel m = handMade();
		final byte[] bytes = Onnx.toBytes(m);
		final OnnxModel back = Onnx.parse(bytes, "bytes");
		assertEquals(m, back);
		assertEquals(13, back.opsetVersion());
		assertEquals("naïve", back.graph().nodes().get(3).attribute("s").s());
		assertArrayEquals(new long[] { 1, -1 }, back.graph().initializer("shape").toLongs());
		assertEquals(List.of("convnet.classes", "empty"), new ArrayList<>(back.metadata().keySet()));
		assertArrayEquals(bytes, Onnx.toBytes(back));
		final Path f = dir.resolve("m.onnx");
		Onnx.write(m, f);
		assertArrayEquals(bytes, Files.readAllBytes(f));
		assertEquals(m, Onnx.read(f));
		try (var s = Files.list(dir)) {
			assertEquals(1, s.count(), "no temporary file left");
		}
		final OnnxTensor t = m.graph().initializer("conv.weight");
		Onnx.writeTensor(t, dir.resolve("t.pb"));
		assertEquals(t, Onnx.readTensor(dir.resolve("t.pb")));
	}

	@Test
	void bundledConformanceCasesReadAndRoundTrip() throws IOException {
		final List<Path> dirs = OnnxTestData.dirs(OnnxTestData.bundled());
		assertTrue(dirs.size() >= 15, dirs.toString());
		for (final Path d : dirs)
			checkCase(OnnxTestData.load(d));
	}

	@Test
	void installedConformanceCasesReadAndRoundTrip() throws IOException {
		assumeTrue(Files.isDirectory(OnnxTestData.INSTALLED), "libonnx-testdata not installed");
		int n = 0;
		for (final String sub : new String[] { "node", "pytorch-converted", "pytorch-operator",
			"simple" })
			for (final Path d : OnnxTestData.dirs(OnnxTestData.INSTALLED.resolve(sub))) {
				final OnnxTestData.Case c;
				try {
					c = OnnxTestData.load(d);
				}
				catch (final IllegalArgumentException e) {
					// string, complex, sparse or external tensors: must be said clearly
					assertTrue(e.getMessage().contains("not supported"), d + ": " + e.getMessage());
					continue;
				}
				checkCase(c);
				n++;
			}
		assertTrue(n > 900, "read " + n + " cases");
	}

	/** Model and tensors re-serialise to equal messages; data shapes agree with the graph. */
	private static void checkCase(final OnnxTestData.Case c) {
		final OnnxModel m = c.model();
		assertTrue(m.irVersion() >= 3, c + " ir " + m.irVersion());
		assertFalse(m.opsetImports().isEmpty(), c.toString());
		assertFalse(m.graph().nodes().isEmpty(), c.toString());
		assertEquals(m, Onnx.parse(Onnx.toBytes(m), c.name()), c.toString());
		final List<OnnxValueInfo> graphInputs = new ArrayList<>();
		for (final OnnxValueInfo v : m.graph().inputs())
			if (m.graph().initializer(v.name()) == null) graphInputs.add(v);
		assertEquals(graphInputs.size(), c.inputs().size(), c + " inputs");
		assertEquals(m.graph().outputs().size(), c.outputs().size(), c + " outputs");
		for (int i = 0; i < c.inputs().size(); i++)
			if (c.inputs().get(i) != null) checkShape(c, graphInputs.get(i), c.inputs().get(i));
		for (int i = 0; i < c.outputs().size(); i++)
			if (c.outputs().get(i) != null) checkShape(c, m.graph().outputs().get(i), c.outputs().get(
				i));
		for (final OnnxTensor t : c.inputs())
			if (t != null) assertEquals(t, Onnx.parseTensor(Onnx.toBytes(t), c.name()));
	}

	private static void checkShape(final OnnxTestData.Case c, final OnnxValueInfo v,
		final OnnxTensor t)
	{
		// float values only; the cast tests store some data in other shapes and types than declared
		if (v.shape() == null || v.elemType() != OnnxTensor.FLOAT || c.name().startsWith("test_cast"))
			return;
		assertEquals(v.elemType(), t.dataType(), c + " " + v.name());
		assertEquals(v.shape().size(), t.dims().length, c + " " + v.name());
		for (int k = 0; k < v.shape().size(); k++)
			if (v.shape().get(k).isValue()) assertEquals(v.shape().get(k).value(), t.dims()[k], c + " " +
				v.name());
	}

	@Test
	void decodedValuesAndAttributes() throws IOException {
		final Path root = OnnxTestData.bundled();
		final OnnxTestData.Case relu = OnnxTestData.load(root.resolve("test_relu"));
		final float[] x = relu.inputs().get(0).toFloats(), y = relu.outputs().get(0).toFloats();
		assertArrayEquals(new long[] { 3, 4, 5 }, relu.inputs().get(0).dims());
		for (int i = 0; i < x.length; i++)
			assertEquals(Math.max(0, x[i]), y[i]);
		final OnnxTestData.Case add = OnnxTestData.load(root.resolve("test_add"));
		final float[] a = add.inputs().get(0).toFloats(), b = add.inputs().get(1).toFloats(),
			s = add.outputs().get(0).toFloats();
		for (int i = 0; i < a.length; i++)
			assertEquals(a[i] + b[i], s[i]);
		final OnnxNode gemm = OnnxTestData.load(root.resolve("test_gemm_all_attributes")).model()
			.graph().nodes().get(0);
		assertEquals("Gemm", gemm.opType());
		assertEquals(0.25f, gemm.attribute("alpha").f());
		assertEquals(0.35f, gemm.attribute("beta").f());
		assertEquals(1, gemm.attribute("transA").i());
		assertEquals(1, gemm.attribute("transB").i());
		final OnnxTestData.Case conv = OnnxTestData.load(root.resolve("test_conv_with_strides_padding"));
		final OnnxNode cn = conv.model().graph().nodes().get(0);
		assertArrayEquals(new long[] { 1, 1, 1, 1 }, cn.attribute("pads").ints());
		assertArrayEquals(new long[] { 2, 2 }, cn.attribute("strides").ints());
		assertArrayEquals(new long[] { 1, 1, 4, 3 }, conv.outputs().get(0).dims());
		assertEquals("", cn.domain());
		assertThrows(IllegalArgumentException.class, () -> cn.attribute("pads").f());
	}

	@Test
	void invalidFilesGiveClearErrors() throws IOException {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Onnx
			.parse("hello, world".getBytes(StandardCharsets.US_ASCII), "'x.onnx'"));
		assertTrue(e.getMessage().startsWith("'x.onnx'"), e.getMessage());
		final byte[] good = Onnx.toBytes(handMade());
		final IllegalArgumentException t = assertThrows(IllegalArgumentException.class, () -> Onnx
			.parse(Arrays.copyOf(good, good.length / 2), "'half.onnx'"));
		assertTrue(t.getMessage().contains("'half.onnx'") && t.getMessage().contains("not a valid"), t
			.getMessage());
		final byte[] tensor = Onnx.toBytes(OnnxTensor.ofFloats("", new float[] { 1 }, 1));
		final IllegalArgumentException n = assertThrows(IllegalArgumentException.class, () -> Onnx
			.parse(tensor, "'t.pb'"));
		assertTrue(n.getMessage().contains("no graph"), n.getMessage());
		assertThrows(IllegalArgumentException.class, () -> new OnnxTensor("x", OnnxTensor.FLOAT,
			new long[] { 2 }, new byte[4]));
		assertThrows(IllegalArgumentException.class, () -> new OnnxTensor("x", OnnxTensor.STRING,
			new long[] { 1 }, new byte[1]));
	}

	/**
	 * The official ONNX checker (Debian's python3-onnx) accepts what we write and reads the same
	 * values. Skipped where python3 with onnx is not installed.
	 */
	@Test
	void onnxCheckerAcceptsOurFile() throws Exception {
		assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "no /usr/bin/python3");
		final float[] w = new float[4 * 1 * 3 * 3];
		for (int i = 0; i < w.length; i++)
			w[i] = i * 0.01f - 0.1f;
		final OnnxGraph g = new OnnxGraph("g", List.of(new OnnxNode("conv", "Conv", List.of("input",
			"w"), List.of("c"), List.of(OnnxAttribute.ofInts("kernel_shape", 3, 3), OnnxAttribute.ofInts(
				"pads", 1, 1, 1, 1))), new OnnxNode("relu", "Relu", List.of("c"), List.of("r"), List.of()),
			new OnnxNode("flat", "Flatten", List.of("r"), List.of("output"), List.of(OnnxAttribute.of(
				"axis", 1L)))), List.of(OnnxTensor.ofFloats("w", w, 4, 1, 3, 3)), List.of(OnnxValueInfo
					.tensor("input", OnnxTensor.FLOAT, "N", 1, 5, 5)), List.of(OnnxValueInfo.tensor("output",
						OnnxTensor.FLOAT, "N", 100)), List.of(), "");
		final OnnxModel m = new OnnxModel(7, List.of(new OnnxModel.OpsetId("", 13)), "ConvNet-IJ",
			"test", "", 0, "", g, Map.of("convnet.architecture", "conv(4,3,pad=1), relu, flatten"));
		final Path f = dir.resolve("checked.onnx");
		Onnx.write(m, f);
		final String script = "import sys\ntry:\n import onnx, onnx.numpy_helper as nh\nexcept " +
			"ImportError:\n print('NO-ONNX'); sys.exit(0)\nm = onnx.load(sys.argv[1])\n" +
			"onnx.checker.check_model(m, full_check=True)\n" +
			"print('OK', m.ir_version, m.opset_import[0].version, m.metadata_props[0].value, " +
			"repr(float(nh.to_array(m.graph.initializer[0]).sum())))\n";
		final Process p = new ProcessBuilder("/usr/bin/python3", "-c", script, f.toString())
			.redirectErrorStream(true).start();
		final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
			.strip();
		assertTrue(p.waitFor(60, TimeUnit.SECONDS));
		assumeTrue(!out.equals("NO-ONNX"), "python3-onnx not installed");
		assertEquals(0, p.exitValue(), out);
		double sum = 0;
		for (final float v : w)
			sum += v;
		assertTrue(out.startsWith("OK 7 13 conv(4,3,pad=1), relu, flatten "), out);
		assertEquals(sum, Double.parseDouble(out.substring(out.lastIndexOf(' ') + 1)), 1e-5, out);
		assertNotNull(Onnx.read(f));
	}
}
