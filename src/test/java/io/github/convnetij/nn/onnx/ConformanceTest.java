package io.github.convnetij.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Network;

import org.junit.jupiter.api.Test;

/**
 * ONNX's own conformance cases run through our layers: each model is imported (inputs after the
 * first, the weights of node tests, become initializers from the test data) and its first data set
 * is compared with ONNX's expected output, element by element, within ONNX's backend-test
 * tolerance (rtol 1e-3, atol 1e-7), here tightened to rtol 1e-5 of the largest magnitude.
 */
class ConformanceTest {

	/** Installed cases that must import and match (a skip would hide a regression). */
	static final Set<String> MUST_PASS = Set.of("test_conv_with_strides_padding",
		"test_conv_with_strides_and_asymmetric_padding", "test_conv_with_strides_no_padding",
		"test_basic_conv_with_padding", "test_basic_conv_without_padding",
		"test_conv_with_autopad_same", "test_maxpool_2d_default", "test_maxpool_2d_pads",
		"test_maxpool_2d_strides", "test_maxpool_2d_same_upper", "test_maxpool_2d_same_lower",
		"test_maxpool_2d_precomputed_pads", "test_maxpool_2d_precomputed_same_upper",
		"test_maxpool_2d_precomputed_strides", "test_maxpool_2d_ceil", "test_maxpool_1d_default",
		"test_maxpool_3d_default", "test_averagepool_2d_default", "test_averagepool_2d_pads",
		"test_averagepool_2d_strides", "test_averagepool_2d_same_upper",
		"test_averagepool_2d_same_lower", "test_averagepool_2d_precomputed_pads",
		"test_averagepool_2d_ceil", "test_averagepool_1d_default", "test_averagepool_3d_default",
		"test_globalaveragepool", "test_globalaveragepool_precomputed", "test_gemm_alpha", "test_gemm_beta", "test_gemm_transposeB", "test_gemm_default_vector_bias",
		"test_gemm_default_no_bias", "test_gemm_default_scalar_bias", "test_relu", "test_leakyrelu",
		"test_leakyrelu_default", "test_softmax_example", "test_softmax_large_number", "test_flatten_axis1",
		"test_flatten_default_axis", "test_batchnorm_example", "test_batchnorm_epsilon",
		"test_dropout_default", "test_Conv2d", "test_Conv2d_padding", "test_Conv2d_strided",
		"test_Conv2d_no_bias", "test_Conv2d_dilated", "test_Conv1d", "test_Conv3d", "test_MaxPool2d",
		"test_AvgPool2d", "test_AvgPool2d_stride", "test_BatchNorm2d_eval", "test_Linear", "test_ReLU", "test_LeakyReLU", "test_Softmax");

	/** Node-test style: data inputs after the first become initializers (the weights). */
	static OnnxModel constantInputs(final OnnxTestData.Case c) {
		final OnnxModel m = c.model();
		final OnnxGraph g = m.graph();
		final List<OnnxValueInfo> data = new ArrayList<>();
		for (final OnnxValueInfo v : g.inputs())
			if (g.initializer(v.name()) == null) data.add(v);
		final List<OnnxTensor> init = new ArrayList<>(g.initializers());
		final List<OnnxValueInfo> inputs = new ArrayList<>();
		inputs.add(data.get(0));
		for (int i = 1; i < data.size() && i < c.inputs().size(); i++)
			init.add(c.inputs().get(i).withName(data.get(i).name()));
		return new OnnxModel(m.irVersion(), m.opsetImports(), m.producerName(), m.producerVersion(), m
			.domain(), m.modelVersion(), m.docString(), new OnnxGraph(g.name(), g.nodes(), init, inputs, g
				.outputs(), g.valueInfo(), g.docString()), m.metadata());
	}

	/** Null when it matches, else why not; throws IllegalArgumentException when not importable. */
	static String run(final OnnxTestData.Case c) {
		final Network net = OnnxNetworks.toNetwork(constantInputs(c), null);
		final OnnxTensor in = c.inputs().get(0);
		if (in.dataType() != OnnxTensor.FLOAT) throw new IllegalArgumentException("input type " +
			OnnxTensor.typeName(in.dataType()) + " is not supported");
		final Tensor y = net.predict(Tensor.of(in.toFloats(), in.shape()));
		final OnnxTensor expected = c.outputs().get(0);
		if (!java.util.Arrays.equals(y.shape(), expected.shape())) return "shape " + java.util.Arrays
			.toString(y.shape()) + ", expected " + java.util.Arrays.toString(expected.shape());
		final float[] e = expected.toFloats(), a = y.data();
		double max = 0;
		for (final float v : e)
			max = Math.max(max, Math.abs(v));
		for (int i = 0; i < e.length; i++)
			if (!(Math.abs(a[i] - e[i]) <= 1e-5 * max + 1e-7)) return "element " + i + ": " + a[i] +
				", expected " + e[i];
		return null;
	}

	@Test
	void bundledCasesMatch() throws IOException {
		final Set<String> passed = new TreeSet<>();
		for (final Path d : OnnxTestData.dirs(OnnxTestData.bundled())) {
			final OnnxTestData.Case c = OnnxTestData.load(d);
			if (c.name().equals("test_add") || c.name().equals("test_gemm_all_attributes")) {
				// two data inputs, transA=1: no network of ours
				assertThrows(IllegalArgumentException.class, () -> run(c));
				continue;
			}
			final String diff = run(c);
			if (diff != null) fail(c + ": " + diff);
			passed.add(c.name());
		}
		assertTrue(passed.size() >= 16, passed.toString());
	}

	@Test
	void installedCasesOfOurOperatorsMatch() throws IOException {
		assumeTrue(Files.isDirectory(OnnxTestData.INSTALLED), "libonnx-testdata not installed");
		final List<String> failures = new ArrayList<>();
		final Set<String> passed = new TreeSet<>(), refused = new TreeSet<>();
		final String[] prefixes = { "test_conv", "test_basic_conv", "test_maxpool", "test_averagepool",
			"test_globalaveragepool", "test_gemm", "test_relu", "test_leakyrelu", "test_softmax",
			"test_flatten", "test_batchnorm", "test_dropout", "test_Conv", "test_MaxPool", "test_AvgPool",
			"test_BatchNorm", "test_Linear", "test_ReLU", "test_LeakyReLU", "test_Softmax", "test_softmax" };
		for (final String sub : new String[] { "node", "pytorch-converted" })
			for (final Path d : OnnxTestData.dirs(OnnxTestData.INSTALLED.resolve(sub), prefixes)) {
				final OnnxTestData.Case c = OnnxTestData.load(d);
				if (c.name().contains("expanded")) continue; // the same through other operators
				try {
					final String diff = run(c);
					if (diff == null) passed.add(c.name());
					else failures.add(c + ": " + diff);
				}
				catch (final IllegalArgumentException e) {
					refused.add(c.name() + " (" + e.getMessage() + ")");
				}
			}
		if (!failures.isEmpty()) fail(failures.size() + " mismatches: " + failures);
		final Set<String> missing = new TreeSet<>(MUST_PASS);
		missing.removeAll(passed);
		assertArrayEquals(new String[0], missing.toArray(), "did not pass: " + missing + "\nrefused: " +
			refused);
	}
}
