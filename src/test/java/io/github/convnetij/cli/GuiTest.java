package io.github.convnetij.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ByteProcessor;
import io.github.convnetij.command.ConvolveImageCommand;

/**
 * The {@code gui} subcommand on a display: {@link GuiTestDriver} in a JVM of its own, under Xvfb
 * ({@code xvfb-run}) or the {@code DISPLAY} there is, runs <i>Convolve Image...</i> from its menu
 * entry with the dialog and its preview, and saves screenshots ({@code gui-screenshots/} in the
 * build folder). Checked here: the result window's image equals the Java API's, the preview left
 * the original unchanged (also after an invalid kernel), and the Macro Recorder recorded the run
 * by parameter name; checked by the driver: live checks disable OK with the reason wrapped in the
 * dialog, the dialog reopens with the last values and Reset restores the defaults, a run-time
 * error's dialog fits the screen, Augment's montage is live in the dialog and the replicates are
 * the active image after OK. Skipped when
 * there is neither a display nor {@code xvfb-run}; bounded by a timeout.
 */
class GuiTest {

	private static final long TIMEOUT_S = 300;

	private static boolean onPath(final String exe) {
		for (final String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			if (!d.isEmpty() && Files.isExecutable(Path.of(d, exe))) return true;
		return false;
	}

	/** Rings: something to see in a screenshot. */
	private static ImagePlus rings() {
		final int w = 200, h = 160;
		final byte[] p = new byte[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				final double r = Math.hypot(x - w / 2.0, y - h / 2.0);
				p[y * w + x] = (byte) (r < 70 ? 128 + 100 * Math.sin(r / 5) : 40);
			}
		return new ImagePlus("rings.tif", new ByteProcessor(w, h, p));
	}

	@Test
	void convolveFromTheMenuWithDialogPreviewAndRecorder() throws Exception {
		final boolean display = System.getenv("DISPLAY") != null && !System.getenv("DISPLAY")
			.isEmpty();
		final boolean xvfb = onPath("xvfb-run");
		assumeTrue(display || xvfb, "no DISPLAY and no xvfb-run: GUI test skipped");

		final Path build = Path.of(GuiTest.class.getProtectionDomain().getCodeSource().getLocation()
			.toURI()).getParent();
		final Path out = build.resolve("gui-screenshots");
		Files.createDirectories(out);
		for (final String f : new String[] { "gui-dialog-preview.png", "gui-result.png", "result.tif",
			"original.tif", "recorded.ijm", "original-invalid.tif", "gui-convolve-invalid.png",
			"gui-convolve-dialog.png", "gui-pool-dialog.png", "gui-pool-error.png",
			"gui-augment-dialog.png", "gui-augment-result.png" })
			Files.deleteIfExists(out.resolve(f));
		final ImagePlus input = rings();
		final Path image = out.resolve("rings.tif");
		assertTrue(IJ.saveAsTiff(input, image.toString()));

		final List<String> cmd = new ArrayList<>();
		if (xvfb && !display) cmd.addAll(List.of("xvfb-run", "-a", "-s", "-screen 0 1024x768x24"));
		cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		cmd.addAll(List.of("--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-modules",
			"jdk.incubator.vector", "-Xmx768m", "-Djava.awt.headless=false", "-Dconvnetij.relaunch=false",
			"-Djava.util.prefs.userRoot=" + build.resolve("prefs"), "-cp", System.getProperty(
				"java.class.path"), GuiTestDriver.class.getName(), out.toString(), image.toString()));
		final Path log = out.resolve("driver.log");
		final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
			.start();
		final boolean done = p.waitFor(TIMEOUT_S, TimeUnit.SECONDS);
		if (!done) {
			p.descendants().forEach(ProcessHandle::destroyForcibly);
			p.destroyForcibly();
		}
		final String driver = Files.readString(log, StandardCharsets.UTF_8);
		assertTrue(done, "the GUI test timed out after " + TIMEOUT_S + " s:\n" + driver);
		assertEquals(0, p.exitValue(), driver);
		assertTrue(driver.contains("GUI TEST OK"), driver);

		for (final String png : new String[] { "gui-dialog-preview.png", "gui-result.png",
			"gui-convolve-invalid.png", "gui-convolve-dialog.png", "gui-pool-dialog.png",
			"gui-pool-error.png", "gui-augment-dialog.png", "gui-augment-result.png" })
			assertTrue(Files.size(out.resolve(png)) > 1000, png);
		// the result window holds what the Java API computes with the dialog's values
		final ImagePlus expected;
		try (Context context = new Context(CommandService.class)) {
			final CommandModule m = context.service(CommandService.class).run(
				ConvolveImageCommand.class, true, Map.of("image", IJ.openImage(image.toString()), "kernel",
					"sobel-x", "boundary", "nearest")).get();
			expected = (ImagePlus) m.getOutput("result");
		}
		final ImagePlus result = IJ.openImage(out.resolve("result.tif").toString());
		assertArrayEquals((float[]) expected.getProcessor().getPixels(), (float[]) result
			.getProcessor().getPixels());
		// the preview drew into the image and was undone
		assertArrayEquals((byte[]) input.getProcessor().getPixels(), (byte[]) IJ.openImage(out
			.resolve("original.tif").toString()).getProcessor().getPixels());
		// an invalid kernel with the preview on put the original back: no stale result
		assertArrayEquals((byte[]) input.getProcessor().getPixels(), (byte[]) IJ.openImage(out
			.resolve("original-invalid.tif").toString()).getProcessor().getPixels());
		// the recorder has the run by parameter name, booleans as key=true|false
		final String recorded = Files.readString(out.resolve("recorded.ijm"), StandardCharsets.UTF_8);
		assertTrue(recorded.contains("run(\"Convolve Image...\", \"kernel=sobel-x boundary=nearest " +
			"value=0 output_size=same normalize=false method=auto stack=[all slices]\");"), recorded);
		assertFalse(recorded.contains("run(\"Convolve Image...\", \"kernel=sobel-x boundary=nearest " +
			"value=0 output_size=same normalize=false method=auto stack=[all slices] preview"),
			recorded);
		// a canceled dialog and a failed run record nothing
		assertFalse(recorded.contains("run(\"Convolve Image...\");"), recorded);
		assertFalse(recorded.contains("run(\"Pool Image...\""), recorded);
		// Augment's montage is a recorded key (preview=true keeps working in macros)
		assertTrue(recorded.contains("stack_transform=[per slice] preview=true\");"), recorded);
	}
}
