package io.github.convnetij.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.onnx.InputSpec;
import io.github.convnetij.nn.onnx.ModelFile;
import io.github.convnetij.viz.Png;

/** The four Show commands recorded as macros and run by the ImageJ 1.x bridge, headless. */
class ShowMacrosTest {

	@TempDir
	Path dir;

	@Test
	void everyShowCommandRunsFromAMacroAndWritesItsPicture() throws Exception {
		final Network net = Architectures.parse("conv(4,3,pad=1), relu, maxpool(2), flatten, dense(3), " +
			"softmax", new int[] { 1, 6, 6 }, 3);
		net.initialize(5);
		final Path model = dir.resolve("m.onnx");
		ModelFile.of(net, List.of("cat", "dog", "fish"), InputSpec.uint8(1, 6, 6)).save(model);
		final Path maps = dir.resolve("maps.tif"), arch = dir.resolve("arch.png"), filters = dir.resolve(
			"filters.png"), panel = dir.resolve("panel.png");
		final String m = "model=[" + model + "]";
		SharedImageJ.run("newImage('cells', '8-bit random', 6, 6, 1);\n" + //
			"run('Show Feature Maps...', '" + m + " layer=relu1 max_channels=64 output=[" + maps + "]');\n" +
			"run('Show Architecture...', '" + m + " output=[" + arch + "]');\n" + //
			"run('Show CNN Filters...', '" + m + " layer=conv1 mode=rows scale=per-tile output=[" +
			filters + "]');\n" + //
			"selectImage('cells');\n" + //
			"run('Show Predictions...', '" + m + " top_k=2 output=[" + panel + "]');\n", "");
		final ImagePlus stack = SharedImageJ.open(maps);
		assertEquals(4, stack.getStackSize());
		assertEquals("relu1/3", stack.getStack().getSliceLabel(4));
		assertTrue(Png.readText(arch).get("Layers").contains("4x3x3"));
		assertTrue(Png.readText(filters).get("Title").contains("conv1"));
		assertTrue(Png.readText(panel).get("Predictions").startsWith("cells: true class unknown; "),
			Png.readText(panel).toString());
		assertTrue(Files.size(panel) > 1000);
	}
}
