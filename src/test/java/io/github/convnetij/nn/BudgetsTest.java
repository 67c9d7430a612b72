package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.onnx.InputSpec;
import io.github.convnetij.nn.onnx.ModelFile;
import io.github.convnetij.nn.onnx.Onnx;
import io.github.convnetij.nn.onnx.OnnxAttribute;
import io.github.convnetij.nn.onnx.OnnxGraph;
import io.github.convnetij.nn.onnx.OnnxModel;
import io.github.convnetij.nn.onnx.OnnxNode;

/**
 * Architectures and models whose shapes fit the int range per value but not the heap, or whose
 * sizes overflow an int: refused before allocating, naming the layer, what it needs and the heap.
 * (The test JVM has a 512 MB heap.)
 */
class BudgetsTest {

	static String refused(final String architecture, final int... input) {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> Architectures.parse(architecture, input, 0));
		assertTrue(!e.getMessage().matches(".*-\\d.*"), "no negative size: " + e.getMessage());
		return e.getMessage();
	}

	static void contains(final String message, final String... parts) {
		for (final String p : parts)
			assertTrue(message.contains(p), "'" + p + "' missing in: " + message);
	}

	@Test
	void denseWhoseWeightsExceedTheHeapIsRefused() {
		// 784 x 1000000 floats = 2.9 GB: below 2^31 values, far above the heap
		contains(refused("flatten, dense(1000000)", 1, 28, 28), "layer 2 'dense(1000000)'",
			"node 'dense1'", "[1000000, 784]", "2.9 GB", "heap");
	}

	@Test
	void convWhoseOutputsExceedTheHeapIsRefusedAtBuildTime() {
		// 100000 x 100 x 100 floats per sample = 3.7 GB of outputs
		contains(refused("conv(100000,3,pad=same)", 1, 100, 100), "conv1", "[100000, 100, 100]",
			"heap");
	}

	@Test
	void flattenOfAHugeInputNeverPrintsANegativeSize() {
		// 50000 x 50000 = 2.5e9 values per sample: was reported as "input [-1794967296]"
		contains(refused("flatten, dense(10)", 1, 50000, 50000), "[1, 50000, 50000]", "2500000000",
			"per sample");
	}

	@Test
	void batchWhoseOutputsOverflowAnArrayIsRefusedNamingTheNode() {
		final Network net = Architectures.parse("conv(1000,1), relu, maxpool(2)", new int[] { 1, 100,
			100 }, 0);
		// 220 x 1000 x 100 x 100 = 2.2e9 values for conv1's output: NegativeArraySizeException before
		final Tensor x = Tensor.zeros(220, 1, 100, 100);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net
			.predict(x));
		contains(e.getMessage(), "node 'conv1'", "batch of 220", "smaller batch");
	}

	@Test
	void onnxConvWithEnormousPadsIsRefused() {
		for (final long pad : new long[] { 1_000_000_000L, Integer.MAX_VALUE }) {
			final OnnxModel m = ModelFile.of(Architectures.parse("conv(2,3), flatten, dense(2)",
				new int[] { 1, 6, 6 }, 2), List.of("a", "b"), InputSpec.uint8(1, 6, 6)).toOnnx();
			final List<OnnxNode> nodes = new ArrayList<>(m.graph().nodes());
			final OnnxNode conv = nodes.get(0);
			final List<OnnxAttribute> attrs = new ArrayList<>();
			for (final OnnxAttribute a : conv.attributes())
				attrs.add(a.name().equals("pads") ? OnnxAttribute.ofInts("pads", pad, pad, pad, pad) : a);
			nodes.set(0, new OnnxNode(conv.name(), conv.opType(), conv.domain(), conv.inputs(), conv
				.outputs(), attrs, ""));
			final OnnxGraph g = m.graph();
			final OnnxModel bad = new OnnxModel(m.irVersion(), m.opsetImports(), m.producerName(), m
				.producerVersion(), m.domain(), m.modelVersion(), m.docString(), new OnnxGraph(g.name(),
					nodes, g.initializers(), g.inputs(), g.outputs(), g.valueInfo(), ""), m.metadata());
			final byte[] bytes = Onnx.toBytes(bad);
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> ModelFile.fromOnnx(Onnx.parse(bytes, "'pads.onnx'")));
			contains(e.getMessage(), "conv");
		}
	}

	@Test
	void ordinaryNetworksStillBuildAndRun() {
		final Network net = Architectures.parse("conv(8,3,pad=same), relu, maxpool(2), flatten, " +
			"dense(10), softmax", new int[] { 1, 28, 28 }, 10);
		net.predict(Tensor.zeros(64, 1, 28, 28));
	}
}
