package io.github.convnetij.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Executor;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.onnx.InputSpec;
import io.github.convnetij.nn.onnx.ModelFile;
import io.github.convnetij.viz.Png;

/**
 * {@code macros/look_inside_a_model.ijm} headless, as users run it, with no image open: the
 * architecture, filters, feature maps of two layers (the stacks equal the saved network's own
 * node outputs for the image, v / 255) and the predictions panel are written.
 */
class LookInsideMacroTest {

	@TempDir
	Path dir;

	@Test
	void picturesOfAModelAndOneImage() throws Exception {
		final Network net = Architectures.parse("conv(4,3,pad=1), relu, maxpool(2), conv(3,3,pad=1), " +
			"relu, flatten, dense(2), softmax", new int[] { 1, 8, 8 }, 2);
		net.initialize(6);
		final Path model = dir.resolve("my model.onnx");
		ModelFile.of(net, List.of("left", "right"), InputSpec.uint8(1, 8, 8)).save(model);
		final byte[] px = new byte[64];
		for (int i = 0; i < 64; i++)
			px[i] = (byte) (i * 29 + 3);
		final Path image = dir.resolve("cell.png");
		assertTrue(new FileSaver(new ImagePlus("cell", new ByteProcessor(8, 8, px))).saveAsPng(image
			.toString()));
		final Path out = dir.resolve("inside");
		final String text = Files.readString(Path.of("macros/look_inside_a_model.ijm"),
			StandardCharsets.UTF_8);
		SharedImageJ.get().runMacro("close('*');", "");
		final LegacyImageJ.Outcome o = SharedImageJ.get().runMacro(text, "model=[" + model +
			"] image=[" + image + "] output=[" + out + "] layers=relu1,conv2");
		SharedImageJ.get().runMacro("close('*');", "");
		if (o.failed()) fail("look_inside_a_model.ijm failed in line " + o.line() + ": " + o
			.message());

		assertTrue(Png.readText(out.resolve("architecture.png")).values().toString().contains("conv2"));
		assertTrue(Png.readText(out.resolve("filters.png")).values().toString().contains("conv1"));
		final float[] x = new float[64];
		for (int i = 0; i < 64; i++)
			x[i] = (px[i] & 0xff) / 255f;
		for (final String layer : new String[] { "relu1", "conv2" }) {
			final Tensor expected = Executor.unfused(net.graph()).outputs(Tensor.of(x, 1, 1, 8, 8), List
				.of(layer)).get(layer);
			final ImagePlus stack = IJ.openImage(out.resolve("features-" + layer + ".tif").toString());
			final int[] s = expected.shape();
			assertEquals(s[1], stack.getStackSize(), layer);
			assertEquals(s[3], stack.getWidth(), layer);
			final int plane = s[2] * s[3];
			for (int c = 0; c < s[1]; c++) {
				assertEquals(layer + "/" + c, stack.getStack().getSliceLabel(c + 1));
				final float[] want = new float[plane];
				System.arraycopy(expected.data(), c * plane, want, 0, plane);
				assertArrayEquals(want, (float[]) stack.getStack().getProcessor(c + 1).getPixels(), 1e-6f,
					layer + "/" + c);
			}
			final BufferedImage montage = ImageIO.read(out.resolve("features-" + layer + ".png")
				.toFile());
			assertTrue(montage.getWidth() > 100 && montage.getHeight() > 50, layer + " montage");
		}
		assertTrue(Files.size(out.resolve("predictions.png")) > 1000);
		assertFalse(Files.exists(out.resolve("features-0.tif")));
	}
}
