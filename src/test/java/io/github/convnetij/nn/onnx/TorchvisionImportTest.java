package io.github.convnetij.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Network;

import org.junit.jupiter.api.Test;

/**
 * torchvision classifiers with random weights, exported by PyTorch's ONNX exporter (opset 13,
 * symbolic batch axis) through {@code src/test/python/export_torchvision.py} into
 * {@code target/torchvision/}, imported here and run on our engine: the logits must be within 1e-3
 * of the largest logit's magnitude of PyTorch's, and the top 5 classes identical. Skipped, with a
 * printed note, where {@code /usr/bin/python3} with torch and torchvision is not installed. ResNet-50
 * at 224x224 and DenseNet-121 run only with {@code -Dconvnet.torchvision.large=true}.
 */
class TorchvisionImportTest {

	static final Path SCRIPT = Path.of("src/test/python/export_torchvision.py");
	static final Path OUT = Path.of("target/torchvision");
	private static final Map<String, String> EXPORTED = new HashMap<>();

	/** The models of the default tests, exported together (one python start). */
	static final List<String> DEFAULT = List.of("resnet18:64", "conv_bn_relu:16", "shape_ops:10",
		"mobilenet_v2:64", "squeezenet1_1:64", "shape_ops:10:11", "shape_ops:10:17",
		"conv_transpose:12", "unet:64", "unet:64:11", "unet:64:17", "unet_ac:64:11",
		"unet_size:64:17", "conv_transpose_groups:9");

	/** The file stem of an export key {@code model:size[:opset]}. */
	static String stem(final String key) {
		final String[] p = key.split(":");
		return p.length > 2 && !p[2].equals("13") ? p[0] + "_opset" + p[2] : p[0];
	}

	/**
	 * Exports a model (with the default ones, once per run; files newer than the script are
	 * reused); skips the test when torch is missing.
	 */
	static synchronized Path export(final String model, final int size) throws IOException,
		InterruptedException
	{
		return export(model + ":" + size);
	}

	/** {@link #export(String, int)} of a key {@code model:size[:opset]}. */
	static synchronized Path export(final String key) throws IOException, InterruptedException {
		if (!EXPORTED.containsKey(key)) {
			final List<String> batch = DEFAULT.contains(key) ? DEFAULT : List.of(key);
			String note = null;
			if (!Files.isExecutable(Path.of("/usr/bin/python3"))) note = "no /usr/bin/python3";
			else if (!upToDate(batch)) {
				Files.createDirectories(OUT);
				final List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", SCRIPT.toString(), OUT
					.toString()));
				cmd.addAll(batch);
				final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
				final byte[] out = p.getInputStream().readAllBytes();
				if (!p.waitFor(10, TimeUnit.MINUTES)) {
					p.destroyForcibly();
					throw new IllegalStateException("the export of " + batch + " did not finish");
				}
				final String text = new String(out, StandardCharsets.UTF_8);
				if (p.exitValue() == 3) note = "python3 has no torch/torchvision: " + text.strip();
				else if (p.exitValue() != 0) throw new IllegalStateException("the export of " + batch +
					" failed:\n" + text);
			}
			for (final String k : batch)
				EXPORTED.put(k, note);
			if (note != null) System.out.println("TorchvisionImportTest: skipped (" + note + ")");
		}
		final String note = EXPORTED.get(key);
		assumeTrue(note == null, note);
		return OUT.resolve(stem(key) + ".onnx");
	}

	/** Whether every file of these exports exists and is newer than the script. */
	private static boolean upToDate(final List<String> keys) throws IOException {
		for (final String k : keys) {
			final String m = stem(k);
			for (final String suffix : new String[] { ".onnx", ".input.f32", ".output.f32" }) {
				final Path f = OUT.resolve(m + suffix);
				if (!Files.isRegularFile(f) || Files.getLastModifiedTime(f).compareTo(Files
					.getLastModifiedTime(SCRIPT)) < 0) return false;
			}
			// the input's size says which size was exported
			final int size = Integer.parseInt(k.split(":")[1]);
			if (Files.size(OUT.resolve(m + ".input.f32")) != 4L * 2 * 3 * size * size) return false;
		}
		return true;
	}

	static float[] readFloats(final Path f) throws IOException {
		final byte[] b = Files.readAllBytes(f);
		final float[] v = new float[b.length / 4];
		ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
		return v;
	}

	/** Imports the model, runs the stored input, compares with PyTorch's output. */
	static Network check(final String model, final int size, final int classes) throws IOException,
		InterruptedException
	{
		return check(model + ":" + size, classes);
	}

	/** {@link #check(String, int, int)} of an export key {@code model:size[:opset]}. */
	static Network check(final String key, final int classes) throws IOException,
		InterruptedException
	{
		final Path file = export(key);
		final String model = stem(key);
		final int size = Integer.parseInt(key.split(":")[1]);
		final Network net = OnnxNetworks.toNetwork(Onnx.read(file), null);
		assertArrayEquals(new int[] { 3, size, size }, net.inputShape());
		final float[] x = readFloats(OUT.resolve(model + ".input.f32"));
		final float[] expected = readFloats(OUT.resolve(model + ".output.f32"));
		final int n = 2;
		assertEquals(n * 3 * size * size, x.length);
		assertEquals(n * classes, expected.length);
		final Tensor y = net.predict(Tensor.of(x, n, 3, size, size));
		assertArrayEquals(new int[] { n, classes }, y.shape());
		for (int s = 0; s < n; s++) {
			final float[] e = Arrays.copyOfRange(expected, s * classes, (s + 1) * classes);
			final float[] a = Arrays.copyOfRange(y.data(), s * classes, (s + 1) * classes);
			float largest = 0;
			for (final float v : e)
				largest = Math.max(largest, Math.abs(v));
			final float tol = 1e-3f * largest;
			float worst = 0;
			for (int i = 0; i < classes; i++) {
				worst = Math.max(worst, Math.abs(a[i] - e[i]));
				assertTrue(Math.abs(a[i] - e[i]) <= tol, model + " sample " + s + " logit " + i + ": " + a[i] +
					", PyTorch " + e[i] + " (tolerance " + tol + ")");
			}
			assertEquals(top(e, 5), top(a, 5), model + " sample " + s + ": top-5 classes");
			System.out.printf("TorchvisionImportTest: %s sample %d: largest |logit| %.4g, largest " +
				"difference %.3g, top-5 %s%n", model, s, largest, worst, top(a, 5));
		}
		return net;
	}

	/**
	 * Imports an image-to-image model, runs the stored input and compares the whole output with
	 * PyTorch's: the largest difference within 1e-3 of the largest magnitude.
	 */
	static Network checkImage(final String key, final int... outShape) throws IOException,
		InterruptedException
	{
		final Path file = export(key);
		final String model = stem(key);
		final int size = Integer.parseInt(key.split(":")[1]);
		final Network net = OnnxNetworks.toNetwork(Onnx.read(file), null);
		assertArrayEquals(new int[] { 3, size, size }, net.inputShape());
		assertArrayEquals(outShape, net.outputShape(), model);
		final float[] x = readFloats(OUT.resolve(model + ".input.f32"));
		final float[] expected = readFloats(OUT.resolve(model + ".output.f32"));
		final int n = 2;
		final Tensor y = net.predict(Tensor.of(x, n, 3, size, size));
		assertEquals(expected.length, y.numel(), model);
		float largest = 0, worst = 0;
		for (int i = 0; i < expected.length; i++) {
			largest = Math.max(largest, Math.abs(expected[i]));
			worst = Math.max(worst, Math.abs(y.data()[i] - expected[i]));
		}
		assertTrue(largest > 0, model + ": PyTorch's output is all zeros");
		assertTrue(worst <= 1e-3f * largest, model + ": largest difference " + worst +
			" exceeds 1e-3 of the largest magnitude " + largest);
		System.out.printf("TorchvisionImportTest: %s: largest |value| %.4g, largest difference %.3g%n",
			model, largest, worst);
		return net;
	}

	/** The indices of the k largest values, largest first (computed here, not by the engine). */
	static List<Integer> top(final float[] v, final int k) {
		final List<Integer> idx = new ArrayList<>();
		for (int i = 0; i < v.length; i++)
			idx.add(i);
		idx.sort((a, b) -> Float.compare(v[b], v[a]));
		return idx.subList(0, k);
	}

	@Test
	void resnet18MatchesPyTorch() throws Exception {
		check("resnet18", 64, 1000);
	}

	/** Depthwise convolutions (group = channels), Clip as ReLU6, residual Adds. */
	@Test
	void mobilenetV2MatchesPyTorch() throws Exception {
		check("mobilenet_v2", 64, 1000);
	}

	/** Concat of the fire modules' branches, max pooling with ceil_mode. */
	@Test
	void squeezenet11MatchesPyTorch() throws Exception {
		check("squeezenet1_1", 64, 1000);
	}

	/** BatchNormalization nodes kept by the export (training=PRESERVE) are folded into the convs. */
	@Test
	void convBatchNormReluFoldsAndMatchesPyTorch() throws Exception {
		final Network net = check("conv_bn_relu", 16, 10);
		for (final Network.Node n : net.nodes())
			assertTrue(!n.layer().type().equals("batchnorm"), "batch norm left at " + n.name());
	}

	/** Shape, Gather, Unsqueeze, Concat, ConstantOfShape, Slice, Cast... folded; Pad, Transpose, LogSoftmax. */
	@Test
	void shapeOperatorsFoldAndMatchPyTorch() throws Exception {
		check("shape_ops", 10, 10);
	}

	/** The same model exported at opset 11 (Squeeze/Unsqueeze axes as attributes) and 17. */
	@Test
	void shapeOperatorsAtOpsets11And17() throws Exception {
		check("shape_ops:10:11", 10);
		check("shape_ops:10:17", 10);
	}

	/** ConvTranspose (stride 2, padding 1, output_padding 1) after a strided Conv. */
	@Test
	void convTransposeMatchesPyTorch() throws Exception {
		check("conv_transpose", 12, 10);
	}

	/**
	 * A small U-Net (image to image): max pooling down, ConvTranspose and bilinear Resize
	 * (pytorch_half_pixel) up, skip Concats, a 1x1 head; opsets 11, 13 and 17.
	 */
	@Test
	void unetMatchesPyTorch() throws Exception {
		for (final String key : new String[] { "unet:64", "unet:64:11", "unet:64:17" }) {
			final Network net = checkImage(key, 2, 64, 64);
			boolean linear = false;
			for (final Network.Node nd : net.nodes())
				linear |= nd.layer().type().equals("resize") && nd.layer().attributes().get("mode").equals(
					"linear");
			assertTrue(linear, key + " has no bilinear resize");
		}
	}

	/**
	 * The U-Net with align_corners=True (opset 11), and with F.interpolate(size=...), whose export
	 * computes Resize's sizes from the input's shape, batch size included (opset 17).
	 */
	@Test
	void unetAlignCornersAndSizesMatchPyTorch() throws Exception {
		checkImage("unet_ac:64:11", 2, 64, 64);
		checkImage("unet_size:64:17", 2, 64, 64);
	}

	/** ConvTranspose2d with 2 groups (dilation 2, output_padding 1) and depthwise (groups = channels). */
	@Test
	void groupedConvTransposeMatchesPyTorch() throws Exception {
		final Network net = checkImage("conv_transpose_groups:9", 4, 40, 40);
		int grouped = 0;
		for (final Network.Node nd : net.nodes())
			if (nd.layer().type().equals("convtranspose") && nd.layer().attributes().containsKey("groups"))
				grouped++;
		assertEquals(2, grouped);
	}

	@Test
	void resnet50At224MatchesPyTorch() throws Exception {
		assumeTrue(Boolean.getBoolean("convnet.torchvision.large"),
			"opt-in: -Dconvnet.torchvision.large=true");
		check("resnet50", 224, 1000);
	}

	/** Batch norms after Concat stay batchnorm layers (no Conv before them to fold into). */
	@Test
	void densenet121MatchesPyTorch() throws Exception {
		assumeTrue(Boolean.getBoolean("convnet.torchvision.large"),
			"opt-in: -Dconvnet.torchvision.large=true");
		check("densenet121", 64, 1000);
	}
}
