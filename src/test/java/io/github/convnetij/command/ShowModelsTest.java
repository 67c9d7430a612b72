package io.github.convnetij.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ByteProcessor;
import io.github.convnetij.command.model.CommandModel;
import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Executor;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.onnx.InputSpec;
import io.github.convnetij.nn.onnx.ModelFile;
import io.github.convnetij.nn.onnx.Onnx;
import io.github.convnetij.nn.onnx.OnnxNetworks;

/**
 * The models the "Show ..." commands take beyond classifiers (an image-to-image network), the
 * model cache between runs, and the layer choices a dialog offers for a chosen model file
 * ({@link CommandModel#choices}), headless.
 */
class ShowModelsTest {

	private static Context context;
	private static CommandService cs;

	@TempDir
	Path dir;

	@BeforeAll
	static void start() {
		context = new Context(CommandService.class);
		cs = context.service(CommandService.class);
	}

	@AfterAll
	static void stop() {
		context.dispose();
		ModelCache.clear();
	}

	/** conv1 (3 filters) relu1 conv2 (1 filter): a 1 x 6 x 5 image in, one out; no metadata. */
	private static Network imageToImage() {
		final Network net = Architectures.parse("conv(3,3,pad=1), relu, conv(1,3,pad=1)", new int[] {
			1, 6, 5 }, 0);
		net.initialize(9);
		return net;
	}

	private static byte[] pixels() {
		final byte[] p = new byte[30];
		for (int i = 0; i < p.length; i++)
			p[i] = (byte) (i * 37 + 11);
		return p;
	}

	@Test
	void featureMapsOfAnImageToImageModel() throws Exception {
		final Network net = imageToImage();
		final Path model = dir.resolve("i2i.onnx");
		Onnx.write(OnnxNetworks.toOnnx(net, Map.of(), List.of()), model);
		final byte[] px = pixels();
		final Path out = dir.resolve("relu1.tif");
		final CommandModule m = cs.run(ShowFeatureMapsCommand.class, true, Map.of("image",
			new ImagePlus("cells.tif", new ByteProcessor(5, 6, px)), "model", model.toFile(), "layer",
			"relu1", "output", out.toFile())).get();
		if (m.isCanceled()) fail(m.getCancelReason());
		// the reference: the saved network itself on v / 255, every node run
		final float[] x = new float[30];
		for (int i = 0; i < 30; i++)
			x[i] = (px[i] & 0xff) / 255f;
		final Tensor expected = Executor.unfused(net.graph()).outputs(Tensor.of(x, 1, 1, 6, 5), List
			.of("relu1")).get("relu1");
		final ImagePlus stack = IJ.openImage(out.toString());
		assertEquals(3, stack.getStackSize());
		for (int c = 0; c < 3; c++) {
			assertEquals("relu1/" + c, stack.getStack().getSliceLabel(c + 1));
			final float[] got = (float[]) stack.getStack().getProcessor(c + 1).getPixels();
			for (int i = 0; i < 30; i++)
				assertEquals(expected.data()[c * 30 + i], got[i], 1e-6f, "channel " + c + " pixel " + i);
		}
		// the last layer (an image) too; an image of another size names both shapes
		final CommandModule last = cs.run(ShowFeatureMapsCommand.class, true, Map.of("image",
			new ImagePlus("cells.tif", new ByteProcessor(5, 6, px)), "model", model.toFile(), "layer",
			"conv2")).get();
		assertArrayEquals(new int[] { 1, 6, 5 }, ((ShowFeatureMapsCommand) last.getCommand())
			.getActivation().shape());
		final Path no = dir.resolve("no.tif");
		try {
			cs.run(ShowFeatureMapsCommand.class, true, Map.of("image", new ImagePlus("big.tif",
				new ByteProcessor(7, 6)), "model", model.toFile(), "layer", "conv2", "output", no.toFile()))
				.get();
			fail("a 1 x 6 x 7 image was taken");
		}
		catch (final Exception e) {
			String msg = null;
			for (Throwable t = e; t != null; t = t.getCause())
				if (msg == null && t instanceof IllegalArgumentException) msg = t.getMessage();
			assertTrue(msg != null && msg.startsWith("image: ") && msg.contains("1 x 6 x 7") && msg
				.contains("1 x 6 x 5"), msg);
		}
		assertFalse(Files.exists(no));
		// architecture and filters of the same file
		final CommandModule arch = cs.run(ShowArchitectureCommand.class, true, Map.of("model", model
			.toFile())).get();
		assertTrue(((String) arch.getOutput("table")).contains("conv2"));
	}

	@Test
	void theLastModelIsReadOnceUntilTheFileChanges() throws Exception {
		final Path model = dir.resolve("cached.onnx");
		Onnx.write(OnnxNetworks.toOnnx(imageToImage(), Map.of(), List.of()), model);
		ModelCache.clear();
		assertNull(ModelCache.peek(model));
		final Object first = ModelCache.get(model);
		assertSame(first, ModelCache.get(model));
		assertSame(first, ModelCache.get(dir.resolve(".").resolve("cached.onnx")), "the same file");
		assertSame(first, ShowCommands.inspected(model.toFile()));
		// written again (another time stamp): read again
		Onnx.write(OnnxNetworks.toOnnx(imageToImage(), Map.of(), List.of()), model);
		Files.setLastModifiedTime(model, FileTime.fromMillis(Files.getLastModifiedTime(model)
			.toMillis() + 2000));
		assertNull(ModelCache.peek(model));
		final Object second = ModelCache.get(model);
		assertNotSame(first, second);
		// one entry: another file replaces it
		final Path other = dir.resolve("other.onnx");
		Files.copy(model, other);
		assertNotSame(second, ModelCache.get(other));
		assertNull(ModelCache.peek(model));
		ModelCache.clear();
		assertNull(ModelCache.peek(other));
	}

	@Test
	void aDialogOffersTheChosenModelsLayers() throws Exception {
		final Network net = Architectures.parse("conv(4,3,pad=1), relu, maxpool(2), conv(2,3,pad=1), " +
			"relu, flatten, dense(3), softmax", new int[] { 1, 6, 6 }, 3);
		final Path model = dir.resolve("m.onnx");
		ModelFile.of(net, List.of("a", "b", "c"), InputSpec.uint8(1, 6, 6)).save(model);
		final CommandModel features = CommandModel.of(ShowFeatureMapsCommand.class);
		assertEquals("model", features.choicesFollow("layer"));
		assertNull(features.choicesFollow("max_channels"));
		assertEquals(List.of("conv1", "relu1", "maxpool1", "conv2", "relu2", "flatten1", "dense1",
			"softmax1"), features.choices("layer", model.toFile()));
		final CommandModel filters = CommandModel.of(ShowCnnFiltersCommand.class);
		assertEquals("model", filters.choicesFollow("layer"));
		assertEquals(List.of("conv1", "conv2"), filters.choices("layer", model.toFile()));
		// no model, a missing file, a file that is no model: nothing to offer, no error
		assertEquals(List.of(), features.choices("layer", null));
		assertEquals(List.of(), features.choices("layer", new File("")));
		assertEquals(List.of(), features.choices("layer", dir.resolve("missing.onnx").toFile()));
		final Path junk = Files.writeString(dir.resolve("junk.onnx"), "not a model");
		assertEquals(List.of(), filters.choices("layer", junk.toFile()));
		// the declared default stays what macros get
		assertEquals("0", features.key("layer").defaultValue());
		// commands without computed choices
		final CommandModel arch = CommandModel.of(ShowArchitectureCommand.class);
		assertNull(arch.choicesFollow("model"));
		assertEquals(List.of(), arch.choices("model", model.toFile()));
	}
}
