package io.github.convnetij.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.onnx.ModelFile;
import io.github.convnetij.nn.onnx.Onnx;
import io.github.convnetij.nn.onnx.OnnxNetworks;
import io.github.convnetij.nn.predict.Classifier;

/**
 * Models the "Show ..." commands look into that are not classifiers: an image-to-image network
 * and an imported graph whose output has no softmax, written as ONNX files (with and without
 * ConvNet-IJ's metadata); their inputs made as Predict with CNN makes them, checked against values
 * computed here by hand.
 */
class InspectedModelTest {

	@TempDir
	Path dir;

	/** 8-bit samples 0, 7, 14, ... of a [c, h, w] image. */
	private static Classifier.Image image(final int c, final int h, final int w) {
		final float[] v = new float[c * h * w];
		for (int i = 0; i < v.length; i++)
			v[i] = (i * 7) % 256;
		return new Classifier.Image("img", Tensor.of(v, c, h, w), 8);
	}

	@Test
	void anImageToImageModelIsLoadedAndRunUpToAnyLayer() throws Exception {
		final Network net = Architectures.parse("conv(3,3,pad=1), relu, conv(1,3,pad=1)",
			new int[] { 1, 6, 5 }, 0);
		net.initialize(3);
		assertArrayEquals(new int[] { 1, 6, 5 }, net.outputShape());
		final Path file = dir.resolve("unet-ish.onnx");
		Onnx.write(OnnxNetworks.toOnnx(net, Map.of(), List.of()), file); // no metadata at all
		final InspectedModel m = InspectedModel.load(file);
		assertEquals(List.of("conv1", "relu1", "conv2"), m.layers());
		assertEquals(List.of("conv1", "conv2"), m.convLayers());
		assertEquals(1, m.channels());
		// no metadata: 8-bit values scaled to [0, 1]
		final Classifier.Image img = image(1, 6, 5);
		final Tensor x = m.input(img);
		assertArrayEquals(new int[] { 1, 6, 5 }, x.shape());
		for (int i = 0; i < 30; i++)
			assertEquals(img.pixels().data()[i] / 255f, x.data()[i], 1e-7f);
		// every layer's activation is the saved network's own output for that node
		for (final String layer : m.layers()) {
			final Tensor a = NetworkViews.activation(m.network(), x, layer);
			final Tensor b = io.github.convnetij.nn.Executor.unfused(net.graph()).outputs(Tensor.of(x
				.data(), 1, 1, 6, 5), List.of(layer)).get(layer);
			assertArrayEquals(b.data(), a.data(), 1e-6f, layer);
		}
		// an image of another size: both shapes named
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.input(
			image(1, 6, 6)));
		assertTrue(e.getMessage().contains("the image is 1 x 6 x 6") && e.getMessage().contains(
			"the model takes 1 x 6 x 5"), e.getMessage());
		final IllegalArgumentException rgb = assertThrows(IllegalArgumentException.class, () -> m
			.input(image(3, 6, 5)));
		assertTrue(rgb.getMessage().contains("3 x 6 x 5") && rgb.getMessage().contains("1 x 6 x 5"),
			rgb.getMessage());
	}

	@Test
	void aGraphWithoutSoftmaxTakesItsRecordedMeanAndStd() throws Exception {
		final Network net = Architectures.parse("conv(2,3), relu, globalavgpool, flatten, dense(4)",
			new int[] { 3, 5, 5 }, 0);
		net.initialize(4);
		final Path file = dir.resolve("logits.onnx");
		Onnx.write(OnnxNetworks.toOnnx(net, Map.of(ModelFile.INPUT, "{\"channels\":3,\"height\":5," +
			"\"width\":5,\"scale\":0.00392156862745098,\"mean\":[0.5,0.25,0],\"std\":[0.5,0.25,2]," +
			"\"resize\":\"none\"}"), List.of()), file);
		final InspectedModel m = InspectedModel.load(file);
		assertEquals(List.of("conv1", "relu1", "globalavgpool1", "flatten1", "dense1"), m.layers());
		final Classifier.Image img = image(3, 5, 5);
		final Tensor x = m.input(img);
		final double[] mean = { 0.5, 0.25, 0 }, std = { 0.5, 0.25, 2 };
		for (int c = 0; c < 3; c++)
			for (int i = 0; i < 25; i++)
				assertEquals((img.pixels().data()[c * 25 + i] / 255.0 - mean[c]) / std[c], x.data()[c * 25 +
					i], 1e-6, "channel " + c);
		final Tensor logits = NetworkViews.activation(m.network(), x, "dense1");
		assertArrayEquals(net.forward(Tensor.of(x.data(), 1, 3, 5, 5), false).data(), logits.data(),
			1e-6f);
	}

	@Test
	void invalidPreprocessingMetadataRefusesImagesOnly() throws Exception {
		final Network net = Architectures.parse("conv(2,3,pad=1)", new int[] { 1, 4, 4 }, 0);
		final Path file = dir.resolve("odd.onnx");
		Onnx.write(OnnxNetworks.toOnnx(net, Map.of(ModelFile.PREPROCESSING, "{\"resize\":\"zoom\"}"),
			List.of()), file);
		final InspectedModel m = InspectedModel.load(file);
		assertEquals(List.of("conv1"), m.layers()); // architecture and filters still work
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.input(
			image(1, 4, 4)));
		assertTrue(e.getMessage().startsWith("the model's input metadata cannot be used: ") && e
			.getMessage().contains("zoom"), e.getMessage());
	}

	@Test
	void aFileThatIsNoModelIsRefusedNamingIt() throws Exception {
		final Path file = dir.resolve("no.onnx");
		java.nio.file.Files.write(file, new byte[] { 1, 2, 3, 4, 5 });
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> InspectedModel.load(file));
		assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
	}
}
