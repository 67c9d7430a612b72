package io.github.convnetij.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tensors kept in an external file, written by ONNX's own Python library ({@code
 * save_as_external_data}), are read relative to the model file; locations outside the model's
 * folder, missing files, and offsets or lengths that do not fit are refused with one clear message.
 * Skipped where python3-onnx is not installed.
 */
class ExternalDataTest {

	@TempDir
	Path dir;

	@Test
	void externalWeightsLoadAndHostileLocationsAreRefused() throws Exception {
		assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "no /usr/bin/python3");
		final Network net = Architectures.parse("conv(4,3,pad=1), relu, maxpool(2), flatten, dense(3)",
			new int[] { 2, 6, 6 }, 3);
		net.initialize(9);
		final Path inline = dir.resolve("inline.onnx");
		Onnx.write(OnnxNetworks.toOnnx(net, Map.of(), List.of()), inline);
		final Path out = dir.resolve("models");
		final Process p = new ProcessBuilder("/usr/bin/python3",
			"src/test/python/external_data_variants.py", inline.toString(), out.toString())
				.redirectErrorStream(true).start();
		final String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
			.strip();
		assertTrue(p.waitFor(2, TimeUnit.MINUTES));
		assumeTrue(!text.endsWith("NO-ONNX"), "python3-onnx not installed");
		assertEquals(0, p.exitValue(), text);

		// the weights are outside the model file, and come back exactly
		final Path ext = out.resolve("ext.onnx");
		assertTrue(Files.size(out.resolve("ext.weights")) >= 4 * net.numParameters(),
			"weights not moved out of the model");
		assertTrue(Files.size(ext) < Files.size(inline), "weights not moved out of the model");
		final Network back = OnnxNetworks.toNetwork(Onnx.read(ext), null);
		final Random r = new Random(1);
		final float[] x = new float[3 * 2 * 6 * 6];
		for (int i = 0; i < x.length; i++)
			x[i] = r.nextFloat();
		final Tensor in = Tensor.of(x, 3, 2, 6, 6);
		assertArrayEquals(net.predict(in).data(), back.predict(in).data());
		// read from a relative path too (the folder of the file, not the working directory)
		final Path rel = Path.of("").toAbsolutePath().relativize(ext.toAbsolutePath());
		assertEquals(net.parameters().size(), OnnxNetworks.toNetwork(Onnx.read(rel), null).parameters()
			.size());

		// without a file, the data cannot be found
		final IllegalArgumentException noFile = assertThrows(IllegalArgumentException.class, () -> Onnx
			.parse(Files.readAllBytes(ext), "bytes"));
		assertTrue(noFile.getMessage().contains("ext.weights") && noFile.getMessage().contains(
			"read from its file"), noFile.getMessage());

		final Map<String, String> expected = Map.of("escape", "inside the model's folder", "absolute",
			"inside the model's folder", "missing", "does not exist", "beyond", "which has", "length",
			"external data length is 12");
		for (final Map.Entry<String, String> e : expected.entrySet()) {
			final Path bad = out.resolve("bad_" + e.getKey() + ".onnx");
			final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Onnx
				.read(bad), e.getKey());
			assertTrue(ex.getMessage().contains(e.getValue()), e.getKey() + ": " + ex.getMessage());
			assertTrue(ex.getMessage().contains("tensor '"), ex.getMessage()); // names the tensor
		}
	}
}
