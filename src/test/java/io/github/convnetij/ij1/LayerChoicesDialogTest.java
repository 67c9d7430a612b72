package io.github.convnetij.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.onnx.InputSpec;
import io.github.convnetij.nn.onnx.ModelFile;

/**
 * The layer drop-down of the Show Feature Maps and Show CNN Filters dialogs on a display:
 * {@link LayerChoicesDialogDriver} in a JVM of its own under Xvfb ({@code xvfb-run}, or the
 * {@code DISPLAY} there is) types a model file, and the {@code layer} field then lists the model's
 * layers (conv layers only for the filters); the item picked is the value the dialog gives (what
 * the recorder records). Screenshots in {@code dialog-screenshots/} of the build folder. Skipped
 * when there is neither a display nor {@code xvfb-run}.
 */
class LayerChoicesDialogTest {

	private static final long TIMEOUT_S = 180;

	private static boolean onPath(final String exe) {
		for (final String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			if (!d.isEmpty() && Files.isExecutable(Path.of(d, exe))) return true;
		return false;
	}

	@Test
	void theLayerFieldListsTheChosenModelsLayers() throws Exception {
		final boolean display = System.getenv("DISPLAY") != null && !System.getenv("DISPLAY")
			.isEmpty();
		final boolean xvfb = onPath("xvfb-run");
		assumeTrue(display || xvfb, "no DISPLAY and no xvfb-run: dialog test skipped");
		final Path build = Path.of(LayerChoicesDialogTest.class.getProtectionDomain().getCodeSource()
			.getLocation().toURI()).getParent();
		final Path out = Files.createDirectories(build.resolve("dialog-screenshots"));
		final Path model = out.resolve("layers.onnx");
		final Network net = Architectures.parse("conv(4,3,pad=1), relu, maxpool(2), conv(2,3,pad=1), " +
			"relu, flatten, dense(3), softmax", new int[] { 1, 8, 8 }, 3);
		ModelFile.of(net, List.of("a", "b", "c"), InputSpec.uint8(1, 8, 8)).save(model);
		for (final String f : new String[] { "dialog-feature-maps.png", "dialog-filters.png" })
			Files.deleteIfExists(out.resolve(f));

		final List<String> cmd = new ArrayList<>();
		if (xvfb && !display) cmd.addAll(List.of("xvfb-run", "-a", "-s", "-screen 0 1024x768x24"));
		cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		cmd.addAll(List.of("--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xmx512m",
			"-Djava.awt.headless=false", "-Djava.util.prefs.userRoot=" + build.resolve("prefs"), "-cp",
			System.getProperty("java.class.path"), LayerChoicesDialogDriver.class.getName(), out
				.toString(), model.toString()));
		final Path log = out.resolve("driver.log");
		final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
			.start();
		final boolean done = p.waitFor(TIMEOUT_S, TimeUnit.SECONDS);
		if (!done) {
			p.descendants().forEach(ProcessHandle::destroyForcibly);
			p.destroyForcibly();
		}
		final String driver = Files.readString(log, StandardCharsets.UTF_8);
		assertTrue(done, "the dialog test timed out after " + TIMEOUT_S + " s:\n" + driver);
		assertEquals(0, p.exitValue(), driver);
		assertTrue(driver.contains("DIALOG TEST OK"), driver);
		// the declared default before a model is chosen; then the model's layers
		assertTrue(driver.contains("Show Feature Maps: layer items before a model is chosen: [0]"),
			driver);
		assertTrue(driver.contains("Show Feature Maps: layer items: conv1,relu1,maxpool1,conv2,relu2," +
			"flatten1,dense1,softmax1\n"), driver);
		assertTrue(driver.contains("Show CNN Filters: layer items: conv1,conv2\n"), driver);
		// the item picked is the value (recorded by name)
		assertTrue(driver.contains("Show Feature Maps: layer=relu2\n"), driver);
		assertTrue(driver.contains("Show CNN Filters: layer=conv2\n"), driver);
		assertTrue(driver.contains("Show Feature Maps: model=" + model + "\n"), driver);
		for (final String png : new String[] { "dialog-feature-maps.png", "dialog-filters.png" }) {
			final BufferedImage img = ImageIO.read(out.resolve(png).toFile());
			assertTrue(img.getWidth() > 200 && img.getHeight() > 150, png + " " + img.getWidth() + "x" +
				img.getHeight());
		}
	}
}
