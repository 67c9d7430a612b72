package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each layer kind refuses more positional arguments than it takes, naming the layer. */
class ArchitectureArgsGapsTest {

	@Test
	void tooManyPositionalArguments() {
		final String[][] cases = { //
			{ "relu(1)", "3x4x4" }, { "tanh(1)", "3x4x4" }, { "sigmoid(1)", "3x4x4" }, //
			{ "hardswish(1)", "3x4x4" }, { "hardsigmoid(1)", "3x4x4" }, { "flatten(1)", "3x4x4" }, //
			{ "softmax(1)", "3x4x4" }, { "logsoftmax(1)", "3x4x4" }, { "globalavgpool(1)", "3x4x4" }, //
			{ "batchnorm(1)", "3x4x4" }, { "clip(1)", "3x4x4" }, { "leakyrelu(0.1, 2)", "3x4x4" }, //
			{ "upsample(2, 3)", "3x4x4" }, { "transpose(0x2x1, 2)", "3x4x4" }, //
			{ "reshape(48, 2)", "3x4x4" }, { "resize(2, 3)", "3x4x4" }, { "conv(4, 3, 1, 2)", "3x4x4" } };
		for (final String[] c : cases) {
			final String[] dims = c[1].split("x");
			final int[] shape = new int[dims.length];
			for (int i = 0; i < dims.length; i++)
				shape[i] = Integer.parseInt(dims[i]);
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> Architectures.parse(c[0], shape, 0), c[0]);
			assertTrue(e.getMessage().contains("positional"), c[0] + ": " + e.getMessage());
		}
	}
}
