package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.onnx.Onnx;
import io.github.convnetij.nn.onnx.OnnxModel;
import io.github.convnetij.nn.onnx.OnnxNetworks;
import io.github.convnetij.nn.onnx.OnnxNode;

import org.junit.jupiter.api.Test;

/**
 * Round trips of every registered layer kind through its three descriptions: the architecture
 * string (parse, format), the attribute map of model files ({@link Layers#create}), and ONNX
 * (export, then import from the serialised bytes). The expected strings and ONNX operators are
 * written here by hand, from the documentation of the syntax and of ONNX.
 */
class LayerKindsTest {

	/** A network exercising a kind, the ONNX operators it must export to, its string after import. */
	private record Example(String kind, String architecture, int[] input, List<String> onnxOps,
		String afterOnnx)
	{

		Example(final String kind, final String architecture, final int[] input,
			final List<String> onnxOps)
		{
			this(kind, architecture, input, onnxOps, architecture);
		}
	}

	private static final List<Example> EXAMPLES = List.of( //
		new Example("conv", "conv(4,3x2,stride=2,pads=1x0x0x1,dilation=1x2,bias=false)", new int[] { 2,
			9, 8 }, List.of("Conv")), //
		new Example("conv", "conv(3,3,pad=same), conv(2,1)", new int[] { 2, 5, 6 }, List.of("Conv",
			"Conv"), "conv(3,3,pad=1), conv(2,1)"), //
		new Example("conv", "conv(2,3,pad=1)", new int[] { 1, 7 }, List.of("Conv")), //
		new Example("conv", "conv(6,3,pad=1,groups=3), conv(4,1,stride=2,groups=2)", new int[] { 3, 6,
			5 }, List.of("Conv", "Conv")), //
		new Example("relu", "relu", new int[] { 3, 4, 5 }, List.of("Relu")), //
		new Example("leakyrelu", "leakyrelu(alpha=0.2)", new int[] { 3, 4, 5 }, List.of("LeakyRelu")), //
		new Example("maxpool", "maxpool(3,stride=2,pad=1,ceil=true)", new int[] { 2, 7, 7 }, List.of(
			"MaxPool")), //
		new Example("avgpool", "avgpool(2x3,stride=1x2)", new int[] { 2, 6, 7 }, List.of(
			"AveragePool")), //
		new Example("avgpool", "avgpool(3,stride=2,pad=1,ceil=true)", new int[] { 2, 6, 6 }, List.of(
			"AveragePool")), //
		new Example("globalavgpool", "globalavgpool", new int[] { 3, 4, 5 }, List.of(
			"GlobalAveragePool")), //
		new Example("batchnorm", "batchnorm(eps=0.001,momentum=0.2)", new int[] { 3, 4, 5 }, List.of(
			"BatchNormalization")), //
		new Example("batchnorm", "batchnorm", new int[] { 6 }, List.of("BatchNormalization")), //
		new Example("dropout", "dropout(0.25)", new int[] { 6 }, List.of("Dropout")), //
		new Example("flatten", "flatten", new int[] { 2, 3, 4 }, List.of("Flatten")), //
		new Example("dense", "dense(5,bias=false)", new int[] { 7 }, List.of("Gemm")), //
		new Example("dense", "dense(3)", new int[] { 4 }, List.of("Gemm")), //
		new Example("softmax", "softmax", new int[] { 6 }, List.of("Softmax")), //
		new Example("add", "b0:relu, leakyrelu(alpha=0.5), add(b0)", new int[] { 2, 3, 3 }, List.of(
			"Relu", "LeakyRelu", "Add")), //
		new Example("add", "b0:relu, b1:leakyrelu(alpha=0.5), relu, add(b0,b1)", new int[] { 2, 3, 3 },
			List.of("Relu", "LeakyRelu", "Relu", "Add")), //
		new Example("add", "relu, add(input)", new int[] { 4 }, List.of("Relu", "Add")), //
		new Example("concat", "a:relu, leakyrelu(alpha=0.5), concat(a)", new int[] { 2, 3, 3 }, List
			.of("Relu", "LeakyRelu", "Concat")), //
		new Example("concat", "a:relu, b:leakyrelu(alpha=0.5), c:relu, concat(b,a,c,axis=2)",
			new int[] { 2, 3, 3 }, List.of("Relu", "LeakyRelu", "Relu", "Concat")), //
		new Example("concat", "a:dense(3), dense(2), concat(a,input)", new int[] { 4 }, List.of("Gemm",
			"Gemm", "Concat")), //
		new Example("const", "const(mul,3x1x1)", new int[] { 3, 4, 5 }, List.of("Mul")), //
		new Example("const", "const(add,1), const(rsub,5), const(div,4x1), const(rdiv,1), const(sub,2x4x5)",
			new int[] { 2, 4, 5 }, List.of("Add", "Sub", "Div", "Div", "Sub")), //
		new Example("sigmoid", "sigmoid", new int[] { 2, 3 }, List.of("Sigmoid")), //
		new Example("tanh", "tanh", new int[] { 5 }, List.of("Tanh")), //
		new Example("clip", "clip(min=0.0,max=6.0)", new int[] { 2, 3, 3 }, List.of("Clip")), //
		new Example("clip", "clip(max=0.5), clip(min=-0.25), clip", new int[] { 4 }, List.of("Clip",
			"Clip", "Clip")), //
		new Example("hardsigmoid", "hardsigmoid, hardsigmoid(alpha=0.16666667,beta=0.25)", new int[] {
			3, 2 }, List.of("HardSigmoid", "HardSigmoid")), //
		new Example("hardswish", "hardswish", new int[] { 3, 2, 2 }, List.of("HardSwish")), //
		new Example("reshape", "reshape(4x3)", new int[] { 3, 4 }, List.of("Reshape")), //
		new Example("reshape", "conv(2,1), reshape(2x8x2), relu, reshape(32)", new int[] { 1, 4, 4 },
			List.of("Conv", "Reshape", "Relu", "Reshape"), "conv(2,1), reshape(2x8x2), relu, flatten"), //
		new Example("logsoftmax", "dense(4), logsoftmax", new int[] { 3 }, List.of("Gemm",
			"LogSoftmax")), //
		new Example("transpose", "transpose(1x0)", new int[] { 3, 4 }, List.of("Transpose")), //
		new Example("transpose", "conv(2,1), transpose(2x0x1), relu", new int[] { 3, 4, 5 }, List.of(
			"Conv", "Transpose", "Relu")), //
		new Example("pad", "pad(0x1x2x0x3x1)", new int[] { 2, 3, 4 }, List.of("Pad")), //
		new Example("pad", "pad(1x0x2x1,value=-0.5), relu", new int[] { 2, 3 }, List.of("Pad", "Relu")), //
		new Example("pad", "pad(0x1x2x0x3x1,mode=mirror), pad(0x4x1x0x0x2,mode=nearest)", new int[] { 2,
			3, 4 }, List.of("Pad", "Pad")), //
		new Example("convtranspose", "convtranspose(3,3,stride=2,pads=1x1x0x1,outpad=1x0)", new int[] {
			2, 4, 5 }, List.of("ConvTranspose")), //
		new Example("convtranspose", "convtranspose(4,3,stride=2,pads=1x1x1x1,outpad=1x1,groups=2), " +
			"convtranspose(4,2,stride=2,groups=4)", new int[] { 6, 3, 4 }, List.of("ConvTranspose",
				"ConvTranspose")), //
		new Example("convtranspose", "conv(2,1), convtranspose(4,2x3,dilation=2,bias=false)", new int[] {
			1, 3, 3 }, List.of("Conv", "ConvTranspose")), //
		new Example("upsample", "upsample(2), conv(2,1), upsample(1x3)", new int[] { 2, 3, 4 }, List.of(
			"Resize", "Conv", "Resize")), //
		new Example("resize", "resize(1.5x2,mode=linear), conv(2,1), resize(0.5,nearest=ceil)", new int[] {
			2, 4, 5 }, List.of("Resize", "Conv", "Resize")), //
		new Example("resize", "resize(2,mode=cubic,coord=align_corners,a=-0.5,exclude=true)", new int[] {
			2, 3, 4, 5 }, List.of("Resize")), //
		new Example("resize", "resize(size=8x10,mode=linear,coord=pytorch_half_pixel)", new int[] { 2, 4,
			5 }, List.of("Resize"), "resize(2,mode=linear,coord=pytorch_half_pixel)"), //
		new Example("resize", "resize(3,mode=linear,coord=asymmetric)", new int[] { 2, 4 }, List.of(
			"Resize")));

	@Test
	void everyRegisteredKindHasAnExampleAndAUniqueToken() {
		final Set<String> covered = new TreeSet<>();
		for (final Example e : EXAMPLES)
			covered.add(e.kind);
		assertEquals(new TreeSet<>(LayerKinds.types()), covered,
			"each layer kind needs a round-trip example here");
		assertEquals(26, LayerKinds.all().size());
		for (final LayerKind<?> k : LayerKinds.all()) {
			assertSame(k, LayerKinds.byType(k.type()));
			assertTrue(!k.onnxOps().isEmpty(), k.type());
			for (final String op : k.onnxOps())
				assertSame(k, LayerKinds.byOnnxOp(op));
		}
		assertEquals(null, LayerKinds.byType("Conv"));
		assertEquals(null, LayerKinds.byOnnxOp("Erf"));
	}

	@Test
	void architectureStringsRoundTrip() {
		for (final Example e : EXAMPLES) {
			final Network net = Architectures.parse(e.architecture, e.input, 0);
			assertEquals(e.architecture, net.architecture(), e.kind);
			assertEquals(e.architecture, Architectures.parse(net.architecture(), e.input, 0)
				.architecture());
			boolean found = false;
			for (final Network.Node nd : net.nodes()) {
				assertSame(LayerKinds.byType(nd.layer().type()), nd.layer().kind());
				found |= nd.layer().type().equals(e.kind);
			}
			assertTrue(found, e.architecture + " has no " + e.kind);
		}
	}

	@Test
	void attributeMapsRoundTrip() {
		for (final Example e : EXAMPLES) {
			final Network net = Architectures.parse(e.architecture, e.input, 0);
			final Network.Builder b = Network.builder(e.input);
			for (final Network.Node nd : net.nodes())
				b.add(nd.name(), Layers.create(nd.layer().type(), nd.layer().attributes()), nd.inputs()
					.toArray(new String[0]));
			assertEquals(e.architecture, b.build().architecture(), e.kind);
		}
		final IllegalArgumentException u = assertThrows(IllegalArgumentException.class, () -> Layers
			.create("dense", Map.of("units", 3, "colour", 1)));
		assertEquals("dense has no attribute named colour", u.getMessage());
		final IllegalArgumentException t = assertThrows(IllegalArgumentException.class, () -> Layers
			.create("dense", Map.of("units", "three")));
		assertEquals("dense attribute units must be an integer, got three", t.getMessage());
	}

	@Test
	void onnxExportAndImportRoundTrip() {
		for (final Example e : EXAMPLES) {
			final Network net = Architectures.parse(e.architecture, e.input, 0);
			randomise(net, 5);
			final OnnxModel m = OnnxNetworks.toOnnx(net, Map.of(), List.of());
			final List<String> ops = new ArrayList<>();
			for (final OnnxNode n : m.graph().nodes())
				ops.add(n.opType());
			assertEquals(e.onnxOps, ops, e.architecture);
			final Network back = OnnxNetworks.toNetwork(Onnx.parse(Onnx.toBytes(m), e.kind), null);
			assertEquals(e.afterOnnx, back.architecture(), e.kind);
			final int[] shape = new int[e.input.length + 1];
			shape[0] = 3;
			System.arraycopy(e.input, 0, shape, 1, e.input.length);
			final Tensor x = random(new Random(9), shape);
			final Tensor a = net.predict(x), b = back.predict(x);
			assertArrayEquals(a.shape(), b.shape());
			for (int i = 0; i < a.data().length; i++)
				assertEquals(Float.floatToIntBits(a.data()[i]), Float.floatToIntBits(b.data()[i]), e
					.architecture + " element " + i);
		}
	}

	/** Random parameters and buffers (variances positive), so that a lost weight shows. */
	static void randomise(final Network net, final long seed) {
		final Random r = new Random(seed);
		for (final Parameter p : net.parameters())
			fill(p.value().data(), r, false);
		for (final Parameter p : net.buffers())
			fill(p.value().data(), r, p.role().equals("running_var"));
	}

	private static void fill(final float[] a, final Random r, final boolean positive) {
		for (int i = 0; i < a.length; i++)
			a[i] = positive ? 0.5f + r.nextFloat() : r.nextFloat() * 2 - 1;
	}

	static Tensor random(final Random r, final int... shape) {
		final Tensor t = Tensor.zeros(shape);
		for (int i = 0; i < t.data().length; i++)
			t.data()[i] = r.nextFloat() * 2 - 1;
		return t;
	}
}
