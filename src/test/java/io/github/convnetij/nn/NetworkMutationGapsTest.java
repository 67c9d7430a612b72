package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Tensor;

/**
 * Architecture strings, the network builder and the batch budget on cases worked by hand: the
 * default architecture for several input sizes, the shapes that padding and kernel arguments give,
 * and one exact line for each kind of bad input.
 */
class NetworkMutationGapsTest {

	private static final int[] IMG = { 1, 8, 8 };

	private static String refusal(final String arch, final int[] shape, final int classes) {
		return assertThrows(IllegalArgumentException.class, () -> Architectures.parse(arch, shape,
			classes), arch).getMessage();
	}

	private static int[] out(final String arch, final int[] shape) {
		return Architectures.parse(arch, shape, 0).outputShape();
	}

	/**
	 * The default: conv-relu-maxpool blocks, doubling the filters, while the smallest extent is at
	 * least 8 after the block (at most 5), pooling only extents of at least 2.
	 */
	@Test
	void defaultArchitecturesByHand() {
		final String tail = "flatten, dense(128), relu, dense(3), softmax";
		final String b32 = "conv(32,3,pad=same), relu, maxpool(2), ";
		final String b64 = "conv(64,3,pad=same), relu, maxpool(2), ";
		// 8 -> 4: one block
		assertEquals(b32 + tail, Architectures.defaultFor(IMG, 3));
		// 16 -> 8 (again) -> 4: two blocks
		assertEquals(b32 + b64 + tail, Architectures.defaultFor(new int[] { 3, 16, 20 }, 3));
		// 1024 -> ... -> 32 after five blocks: stops at five
		final String five = Architectures.defaultFor(new int[] { 1, 1024, 1024 }, 3);
		assertEquals(5, five.split("conv\\(").length - 1, five);
		assertTrue(five.contains("conv(512,3,pad=same)") && !five.contains("conv(1024"), five);
		// [C, W] of width 2: pooled once; width 1: not pooled
		assertEquals(b32 + tail, Architectures.defaultFor(new int[] { 1, 2 }, 3));
		assertEquals("conv(32,3,pad=same), relu, " + tail, Architectures.defaultFor(new int[] { 1, 1 }, 3));
		// features only
		assertEquals("dense(128), relu, dense(1), softmax", Architectures.defaultFor(new int[] { 5 }, 1));
		Architectures.defaultFor(new int[] { 1, 8, 8, 8 }, 2);
		for (final int[] bad : new int[][] { {}, { 1, 2, 3, 4, 5 } })
			assertTrue(assertThrows(IllegalArgumentException.class, () -> Architectures.defaultFor(bad, 3))
				.getMessage().endsWith("must be [C, H, W], [C, W], [C, D, H, W] or [F]"));
		assertEquals("the class count must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
			() -> Architectures.defaultFor(IMG, 0)).getMessage());
		// an empty architecture names the default for its input (28x28 and 2 classes when unknown)
		assertEquals("the architecture is empty; e.g. " + Architectures.defaultFor(IMG, 3), refusal(" ",
			IMG, 3));
		assertEquals("the architecture is empty; e.g. " + b32 + b64 +
			"flatten, dense(128), relu, dense(2), softmax", assertThrows(IllegalArgumentException.class,
				() -> Architectures.parse(null, null, 0)).getMessage());
	}

	/** Output shapes of convolutions with every form of padding and kernel argument, by hand. */
	@Test
	void paddingAndKernelArguments() {
		assertArrayEquals(new int[] { 2, 6, 6 }, out("conv(2,3)", IMG));
		assertArrayEquals(new int[] { 2, 6, 6 }, out("conv(2,3,pad=VALID)", IMG));
		assertArrayEquals(new int[] { 2, 8, 8 }, out("conv(2,3,pad=Same)", IMG));
		assertArrayEquals(new int[] { 2, 10, 10 }, out("conv(2,3,pad=2)", IMG)); // 8 + 4 - 3 + 1
		assertArrayEquals(new int[] { 2, 8, 10 }, out("conv(2,3,pad=1x2)", IMG));
		assertArrayEquals(new int[] { 2, 7, 6 }, out("conv(2,3,pads=1x0x0x0)", IMG)); // 9 x 8
		assertArrayEquals(new int[] { 2, 6, 6 }, out("conv(2,3,pad=0)", IMG));
		assertArrayEquals(new int[] { 2, 7, 5 }, out("conv(2,2x4)", IMG));
		assertArrayEquals(new int[] { 2, 1, 1, 1 }, out("conv(2,2x4x4,pads=0x0x0x0x0x1)", new int[] { 1, 2,
			4, 3 }));
		assertArrayEquals(new int[] { 3 }, Architectures.parse("flatten, dense(classes)", IMG, 3)
			.outputShape());
		assertArrayEquals(new int[] { 1 }, Architectures.parse("flatten, dense(CLASSES)", IMG, 1)
			.outputShape());
		assertArrayEquals(new int[] { 1 }, out("flatten, dense(1)", IMG));
		// dropout rates 0 and just below 1, a negative leaky slope, bias=false
		final Network d = Architectures.parse("flatten, dropout(0), dropout(rate=0.999), " +
			"leakyrelu(-0.5), dense(4, bias=FALSE)", IMG, 4);
		assertEquals(1, d.parameters().size());
		// a layer reading the input by in=, and add/concat of labelled layers
		assertArrayEquals(new int[] { 2, 6, 6 }, out("flatten, conv(2,3,in=input)", IMG));
		assertArrayEquals(new int[] { 4, 8, 8 }, out("a:conv(2,1), b:conv(2,1,in=input), concat(a, b)",
			IMG));
		assertArrayEquals(new int[] { 4, 8, 8 }, out("a:conv(2,1), conv(2,1,in=input), concat(a)", IMG));
		assertArrayEquals(new int[] { 1, 8, 8 }, out("a:relu, relu, add(a)", IMG));
		assertArrayEquals(new int[] { 1, 8, 8 }, out("a:relu, relu, add(a, input)", IMG));
		// an output of any shape is accepted when the class count is not given
		assertArrayEquals(new int[] { 3, 1, 1 }, out("conv(3,8)", IMG));
	}

	@Test
	void badArchitecturesOneLineEach() {
		final String[][] cases = {
			{ "relu,,relu", "layer 2 '': empty layer (two commas in a row, or a comma at the end?)" },
			{ "relu, dense(3", "unbalanced '(' in 'relu, dense(3'" },
			{ "relu, dense 3)", "unbalanced ')' at character 14 of 'relu, dense 3)'" },
			{ "relu, 3", "layer 2 '3': cannot read this as name(arguments)" },
			{ "add(in=input)", "layer 1 'add(in=input)': add takes the labels to add, e.g. add(a) or " +
				"add(a, b), not in=" },
			{ "a:relu, add()", "layer 2 'add()': add needs one or two labels: add(a) adds the output " +
				"labelled a to the previous layer's, add(a, b) adds two labelled outputs" },
			{ "a:relu, add(a, a, a)", "layer 2 'add(a, a, a)': add needs one or two labels: add(a) adds " +
				"the output labelled a to the previous layer's, add(a, b) adds two labelled outputs" },
			{ "a:relu, concat()", "layer 2 'concat()': concat needs labels: concat(a) joins the previous " +
				"layer's output and the one labelled a, concat(a, b, c) joins those labelled outputs" },
			{ "a:relu, add(zz)", "layer 2 'add(zz)': no layer labelled 'zz' before this point (label one " +
				"with name:layer)" },
			{ "relu, conv(2,1,in=zz)", "layer 2 'conv(2,1,in=zz)': no layer labelled 'zz' before this " +
				"point (label one with name:layer)" },
			{ "flatten, dense(units=3, 4)", "layer 2 'dense(units=3, 4)': positional argument '4' after a " +
				"key=value argument" },
			{ "flatten, dense(3,)", "layer 2 'dense(3,)': empty argument" },
			{ "flatten, dense(units=3, units=4)", "layer 2 'dense(units=3, units=4)': argument units given " +
				"twice" },
			{ "flatten, dense(3, units=4)", "layer 2 'dense(3, units=4)': units given both by position and " +
				"as units=" },
			{ "flatten, dense(3, 4)", "layer 2 'dense(3, 4)': dense takes at most 1 positional argument " +
				"(dense(units)), got 2" },
			{ "conv(2, 3, 1, 1)", "layer 1 'conv(2, 3, 1, 1)': conv takes at most 3 positional arguments " +
				"(conv(filters, kernel[, stride])), got 4" },
			{ "flatten, dense()", "layer 2 'dense()': dense needs the number of units, e.g. dense(128)" },
			{ "conv()", "layer 1 'conv()': conv needs the number of filters, e.g. conv(32,3)" },
			{ "flatten, dense(0)", "layer 2 'dense(0)': the number of units must be >= 1, got 0" },
			{ "flatten, dense(x)", "layer 2 'dense(x)': the number of units must be an integer, got 'x'" },
			{ "conv(2)", "layer 1 'conv(2)': conv needs the kernel size, e.g. conv(32,3)" },
			{ "maxpool()", "layer 1 'maxpool()': maxpool needs the window size, e.g. maxpool(2)" },
			{ "conv(2, 3x)", "layer 1 'conv(2, 3x)': the kernel size '3x' must be a positive integer or " +
				"one per axis like 3x5" },
			{ "conv(2, 0)", "layer 1 'conv(2, 0)': the kernel size must be >= 1, got 0" },
			{ "conv(2, 1x1x1x1)", "layer 1 'conv(2, 1x1x1x1)': the kernel size '1x1x1x1' has more than 3 " +
				"values" },
			{ "conv(2,3,pad=1,pads=0x0x1x1)", "layer 1 'conv(2,3,pad=1,pads=0x0x1x1)': give pad= or " +
				"pads=, not both" },
			{ "conv(2,3,pads=1x)", "layer 1 'conv(2,3,pads=1x)': pads '1x' must be befores then afters " +
				"joined by x, e.g. 0x0x1x1" },
			{ "conv(2,3,pads=1x1x1)", "layer 1 'conv(2,3,pads=1x1x1)': pads '1x1x1' needs 2, 4 or 6 " +
				"values (befores then afters)" },
			{ "conv(2,3,pads=1x1x1x1x1x1x1x1)", "layer 1 'conv(2,3,pads=1x1x1x1x1x1x1x1)': pads " +
				"'1x1x1x1x1x1x1x1' needs 2, 4 or 6 values (befores then afters)" },
			{ "conv(2,3,pad=full)", "layer 1 'conv(2,3,pad=full)': pad 'full' must be same, valid, a " +
				"number of cells or one per axis like 1x2" },
			{ "flatten, dense(3, bias=maybe)", "layer 2 'dense(3, bias=maybe)': bias must be true or " +
				"false, got 'maybe'" },
			{ "leakyrelu(abc)", "layer 1 'leakyrelu(abc)': alpha must be a number, got 'abc'" },
			{ "leakyrelu(Infinity)", "layer 1 'leakyrelu(Infinity)': alpha must be a number, got " +
				"'Infinity'" },
			{ "dropout(1)", "layer 1 'dropout(1)': dropout rate must be in [0, 1), got 1" },
			{ "dropout(-0.1)", "layer 1 'dropout(-0.1)': dropout rate must be in [0, 1), got -0.1" },
			{ "relu(1)", "layer 1 'relu(1)': relu takes at most 0 positional arguments (relu), got 1" },
			{ "flatten, dense(3, foo=1)", "layer 2 'dense(3, foo=1)': dense has no argument foo=; it " +
				"takes bias, in, units" },
			{ "flatten, dense(3, foo=[1,2])", "layer 2 'dense(3, foo=[1,2])': dense has no argument " +
				"foo=; it takes bias, in, units" },
			{ "flatten, dense(=3)", "layer 2 'dense(=3)': dense needs the number of units, e.g. " +
				"dense(128)" }, // "=3" is a key "" (then refused as unknown), not a position
			{ "flatten, dense(4)", "the network's output has shape [4] but there are 3 classes: end with " +
				"flatten, dense(3) (or dense(classes)), softmax" },
			{ "conv(3,8)", "the network's output has shape [3, 1, 1] but there are 3 classes: end with " +
				"flatten, dense(3) (or dense(classes)), softmax" }, };
		final List<String> wrong = new java.util.ArrayList<>();
		for (final String[] c : cases) {
			final String got = refusal(c[0], IMG, 3);
			if (!c[1].equals(got)) wrong.add(c[0] + " gave: " + got);
		}
		assertEquals(List.of(), wrong);
		assertEquals("layer 2 'dense(classes)': 'classes' used but the class count is not known",
			refusal("flatten, dense(classes)", IMG, 0));
	}

	@Test
	void builderChecks() {
		for (final int[] bad : new int[][] { {}, { 1, 2, 3, 4, 5 } })
			assertEquals("input shape " + java.util.Arrays.toString(bad) + " must be [C, W], [C, H, W], " +
				"[C, D, H, W] or [F]", assertThrows(IllegalArgumentException.class, () -> Network.builder(
					bad)).getMessage());
		assertEquals("input shape [1, 0, 3] must have positive extents", assertThrows(
			IllegalArgumentException.class, () -> Network.builder(1, 0, 3)).getMessage());
		Network.builder(1, 1, 1, 1);
		final Network.Builder b = Network.builder(2, 6, 6).add("a", Layers.conv(2, 3));
		assertEquals("node name '' is empty", assertThrows(IllegalArgumentException.class, () -> b.add(
			"", Layers.relu())).getMessage());
		assertEquals("node name 'input' is reserved", assertThrows(IllegalArgumentException.class,
			() -> b.add("input", Layers.relu())).getMessage());
		assertEquals("node name 'a' is already used", assertThrows(IllegalArgumentException.class,
			() -> b.add("a", Layers.relu())).getMessage());
		assertEquals("node 's' (add) takes 2 input(s) but was given [a]", assertThrows(
			IllegalArgumentException.class, () -> b.add("s", Layers.add(), "a")).getMessage());
		assertEquals("layer is null", assertThrows(IllegalArgumentException.class, () -> b.add("n",
			null)).getMessage());
		assertTrue(assertThrows(IllegalArgumentException.class, () -> b.add("s", Layers.add(), "a",
			Network.INPUT)).getMessage().startsWith("node 's' (add) with input [2, 4, 4] from a and " +
				"[2, 6, 6] from input: "));
		assertArrayEquals(new int[] { 2, 6, 6 }, b.shape(Network.INPUT));
		assertArrayEquals(new int[] { 2, 4, 4 }, b.shape("a"));
		assertEquals("no node named 'zz' before this point; known: input, a", assertThrows(
			IllegalArgumentException.class, () -> b.shape("zz")).getMessage());
		assertEquals("a network needs at least one layer", assertThrows(IllegalArgumentException.class,
			() -> Network.builder(1).build()).getMessage());
		// build(false): parameters left at zero, step 0
		final Network zero = Network.builder(3).add(Layers.dense(2)).build(false);
		for (final Parameter p : zero.parameters())
			for (final float v : p.value().data())
				assertEquals(0f, v, p.name());
		assertEquals(0, zero.step());
		boolean nonzero = false;
		for (final float v : Network.builder(3).add(Layers.dense(2)).build().parameters().get(0).value()
			.data())
			nonzero |= v != 0;
		assertTrue(nonzero, "build() initialises");
		// exactly 2^31 - 9 = 7 * 306783377 values per sample are allowed, one row more is not
		Network.builder(7, 306783377).add(Layers.flatten());
		assertEquals("node 'flatten1' (flatten) with input [8, 306783377] from input: the input [8, " +
			"306783377] holds 2454267016 values per sample, more than a Java array can (2^31 - 9)",
			assertThrows(IllegalArgumentException.class, () -> Network.builder(8, 306783377).add(Layers
				.flatten())).getMessage());
	}

	/** A concatenation of two inputs of 2^30 - 4 values each is one value over the limit. */
	@Test
	void anOutputOverTheArrayLimit() {
		assertEquals("layer 2 'concat(a)': node 'concat1' (concat) with input [1, 1073741820] from a and " +
			"[1, 1073741820] from a: the output [2, 1073741820] holds 2147483640 values per sample, more " +
			"than a Java array can (2^31 - 9)", refusal("a:relu, concat(a)", new int[] { 1, 1073741820 },
				0));
	}

	/** The architecture of a parsed network parses back to the same architecture. */
	@Test
	void architecturesRoundTrip() {
		for (final String arch : List.of("conv(2,3), relu, maxpool(2), flatten, dense(3)",
			"conv(2,3,pad=same), batchnorm, flatten, dense(3, bias=false)", "conv(2,3,pad=1x2), flatten, " +
				"dropout(0.25), dense(3)", "conv(2,3,pads=1x0x0x0), globalavgpool, flatten, dense(3)")) {
			final Network net = Architectures.parse(arch, IMG, 3);
			final String text = net.architecture();
			assertFalse(text.isEmpty(), arch);
			final Network again = Architectures.parse(text, IMG, 3);
			assertEquals(text, again.architecture(), arch);
			assertEquals(net.parameters().size(), again.parameters().size(), arch);
			for (int i = 0; i < net.nodes().size(); i++)
				assertArrayEquals(net.nodes().get(i).outputShape(), again.nodes().get(i).outputShape(), arch);
		}
		assertEquals("dropout", Layers.dropout(0.5f).type());
		assertEquals("globalavgpool", Layers.globalAvgPool().type());
	}

	@Test
	void batchBudgets() {
		final Network net = Network.builder(7).add(Layers.relu()).build();
		assertEquals("a batch of 0 images: expected at least 1", assertThrows(
			IllegalArgumentException.class, () -> Budgets.batch(net, 0, false)).getMessage());
		Budgets.batch(net, 1, true);
		// 7 values per image: 306783377 images make exactly 2^31 - 9 (refused for the heap, not as
		// an array), one more is more than an array can hold
		final String exact = assertThrows(IllegalArgumentException.class, () -> Budgets.batch(net,
			306783377, false)).getMessage();
		assertFalse(exact.contains("more than a Java array"), exact);
		assertEquals("a batch of 306783378 images: the output of node 'relu1' (relu) [7] for the batch " +
			"holds 2147483646 values, more than a Java array can (2^31 - 9): use a smaller batch size",
			assertThrows(IllegalArgumentException.class, () -> Budgets.batch(net, 306783378, false))
				.getMessage());
	}

	/**
	 * Initialising again resets the step and is what a new network of that seed predicts (the conv
	 * layer's packed weights follow); the step reaches the layers (dropout masks).
	 */
	@Test
	void initializeAndStep() {
		final Network net = Architectures.parse("conv(3,3), batchnorm, relu, flatten, dense(2)", IMG,
			2);
		final Tensor x = LayerKindsTest.random(new Random(1), 2, 1, 8, 8);
		net.initialize(1);
		net.predict(x);
		net.setStep(9);
		net.initialize(2);
		assertEquals(0, net.step());
		final Network fresh = Architectures.parse("conv(3,3), batchnorm, relu, flatten, dense(2)", IMG,
			2);
		fresh.initialize(2);
		assertArrayEquals(fresh.predict(x).data(), net.predict(x).data());
		// dropout follows the step it is told
		final Network d = Architectures.parse("flatten, dropout(0.5), dense(2)", IMG, 2);
		final Network e = Architectures.parse("flatten, dropout(0.5), dense(2)", IMG, 2);
		d.initialize(3);
		e.initialize(3);
		d.setStep(7);
		final float[] y7 = d.forward(x, true).data().clone();
		e.setStep(7);
		assertArrayEquals(y7, e.forward(x, true).data());
		d.setStep(8);
		assertFalse(java.util.Arrays.equals(y7, d.forward(x, true).data()));
	}

	/** The batch result counts the samples whose largest logit is their label. */
	@Test
	void correctCountByHand() {
		final Network net = Network.builder(2).add(Layers.dense(2)).build();
		System.arraycopy(new float[] { 1, 0, 0, 1 }, 0, net.parameter("dense1.weight").value().data(), 0,
			4);
		java.util.Arrays.fill(net.parameter("dense1.bias").value().data(), 0);
		net.parameter("dense1.weight").changed();
		final Tensor x = Tensor.of(new float[] { 2, 1, 0, 3, 5, 4 }, 3, 2); // argmax 0, 1, 0
		final Network.BatchResult r = net.computeGradients(x, new int[] { 0, 1, 1 });
		assertEquals(2, r.correct());
		assertEquals(3, r.count());
		net.initialize(42);
		assertEquals(42, net.seed());
		final Network bn = Architectures.parse("batchnorm, flatten, dense(2)", IMG, 2);
		final Parameter mean = bn.buffers().get(0);
		assertFalse(mean.trainable());
		assertEquals(null, mean.grad());
		assertTrue(bn.parameters().get(0).trainable());
		assertTrue(bn.parameters().get(0).grad() != null);
		assertEquals(List.of("conv", "Conv"), List.of(Layers.conv(1, 1).type(), LayerKinds.byType("conv")
			.onnxOps().get(0)));
		assertEquals("unknown layer type 'frob'; known: ", assertThrows(IllegalArgumentException.class,
			() -> Layers.create("frob", java.util.Map.of())).getMessage().substring(0, 34));
		assertEquals("pads before [1] and after [1, 2] must be non-empty and of the same length",
			assertThrows(IllegalArgumentException.class, () -> Pads.explicit(new int[] { 1 }, new int[] {
				1, 2 })).getMessage());
		assertEquals("pads before [] and after [] must be non-empty and of the same length", assertThrows(
			IllegalArgumentException.class, () -> Pads.explicit(new int[0], new int[0])).getMessage());
		assertEquals("pads must be >= 0, got before [0, -1] after [0, 0]", assertThrows(
			IllegalArgumentException.class, () -> Pads.explicit(new int[] { 0, -1 }, new int[2]))
			.getMessage());
		assertEquals("pads must be >= 0, got before [0] after [-1]", assertThrows(
			IllegalArgumentException.class, () -> Pads.explicit(new int[1], new int[] { -1 }))
			.getMessage());
		assertArrayEquals(new int[] { 1, 0 }, Pads.explicit(new int[] { 1, 0 }, new int[] { 0, 2 })
			.before());
		assertArrayEquals(new int[] { 0, 2 }, Pads.explicit(new int[] { 1, 0 }, new int[] { 0, 2 })
			.after());
		assertEquals(null, Pads.same().before());
		assertEquals(null, Pads.valid().after());
		assertEquals("needs an input [N, C, spatial...], got per-sample shape [4]", assertThrows(
			IllegalArgumentException.class, () -> Pads.spatial(new int[] { 4 })).getMessage());
		assertArrayEquals(new int[] { 5 }, Pads.spatial(new int[] { 2, 5 }));
		assertEquals("kernel needs 1 to 3 values, got [1, 1, 1, 1]", assertThrows(
			IllegalArgumentException.class, () -> Layers.checkPositive(new int[] { 1, 1, 1, 1 }, "kernel"))
			.getMessage());
		assertEquals("kernel must be >= 1, got [1, 0]", assertThrows(IllegalArgumentException.class,
			() -> Layers.checkPositive(new int[] { 1, 0 }, "kernel")).getMessage());
		assertArrayEquals(new int[] { 1, 1, 1 }, Layers.checkPositive(new int[] { 1, 1, 1 }, "kernel"));
	}
}
