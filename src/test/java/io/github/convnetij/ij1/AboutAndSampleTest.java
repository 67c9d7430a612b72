package io.github.convnetij.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import io.github.convnetij.command.AboutCommand;
import io.github.convnetij.command.OpenSampleCommand;

/**
 * ConvNet-IJ's entry under <i>Help&gt;About Plugins</i> (version and documentation) and its CC0
 * sample under <i>File&gt;Open Samples</i>, from ImageJ's menus (run by a macro, headless).
 */
class AboutAndSampleTest {

	@Test
	void theSampleOpensFromFileOpenSamples() {
		final LegacyImageJ.Outcome o = SharedImageJ.outcome(
			"run(\"ConvNet-IJ Camera (CC0)\");\n" +
				"if (getTitle() != 'camera.png') exit('title ' + getTitle());\n" +
				"if (getWidth() != 256 || getHeight() != 256 || bitDepth() != 8) exit('size ' + getWidth() + " +
				"'x' + getHeight() + ' ' + bitDepth());\n");
		assertFalse(o.failed(), () -> "line " + o.line() + ": " + o.message());
		final ImagePlus imp = OpenSampleCommand.open();
		assertEquals(ImagePlus.GRAY8, imp.getType());
		assertTrue(imp.getStatistics().stdDev > 10, "a photograph, not a blank image");
	}

	@Test
	void aboutTellsTheVersionAndTheDocumentation() {
		final PrintStream saved = System.out;
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		final LegacyImageJ.Outcome o;
		System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
		try {
			o = SharedImageJ.outcome("run(\"ConvNet-IJ...\");\n");
		}
		finally {
			System.setOut(saved);
		}
		assertFalse(o.failed(), () -> "line " + o.line() + ": " + o.message());
		final String printed = bytes.toString(StandardCharsets.UTF_8);
		assertTrue(printed.contains(AboutCommand.DOCUMENTATION), printed);
		assertTrue(AboutCommand.text().matches("ConvNet-IJ \\S+: .*Documentation: https://.*"),
			AboutCommand.text());
	}
}
