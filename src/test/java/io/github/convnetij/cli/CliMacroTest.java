package io.github.convnetij.cli;

import static io.github.convnetij.cli.CliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;

/**
 * {@code macro FILE.ijm [ARG]} through {@link Main#run}: a headless ImageJ 1.x with ConvNet-IJ
 * installed runs the macro; {@code getArgument()} returns ARG; errors exit 2 with the macro's
 * message and line. Each run starts a patched ImageJ (seconds), so there are few.
 */
class CliMacroTest {

	@TempDir
	Path dir;

	@Test
	void runsAMacroWithItsArgumentOpeningAndSavingImages() throws Exception {
		final Path out = dir.resolve("pooled image.tif");
		final Path macro = Files.writeString(dir.resolve("pool.ijm"), String.join("\n",
			"// the argument is the output file",
			"out = getArgument();",
			"setBatchMode(true);",
			"newImage(\"ramp\", \"32-bit ramp\", 40, 30, 3);",
			"run(\"Pool Image...\", \"op=avg size=2\");",
			"run(\"Convolve Image...\", \"kernel=[1 0 -1] boundary=zero\");",
			"saveAs(\"Tiff\", out);",
			"open(out);",
			"if (getWidth() != 20 || nSlices != 3) exit(\"unexpected size\");",
			"print(\"done \" + getTitle());"));
		final CliTest.Result r = cli("macro", macro.toString(), out.toString());
		assertEquals(0, r.rc(), () -> "stderr: " + r.err());
		final ImagePlus imp = IJ.openImage(out.toString());
		assertEquals(20, imp.getWidth());
		assertEquals(15, imp.getHeight());
		assertEquals(3, imp.getStackSize());
		assertTrue(((String) imp.getProperty("Info")).contains("ConvNet-IJ: convolve kernel=[1 0 -1]"),
			"provenance of the last command");
	}

	@Test
	void aMacroErrorExitsWithTheMessageAndLine() throws Exception {
		final Path macro = Files.writeString(dir.resolve("bad.ijm"), String.join("\n",
			"newImage(\"ramp\", \"8-bit ramp\", 40, 30, 1);",
			"",
			"run(\"Pool Image...\", \"op=median size=2\");",
			"print(\"not reached\");"));
		final CliTest.Result r = cli("macro", macro.toString());
		assertEquals(2, r.rc());
		assertEquals("error: macro " + macro + " line 3: Pool Image: op: 'median' is not one of max, " +
			"avg (in: run(\"Pool Image...\", \"op=median size=2\");)\n",
			r.err().replace("\r\n", "\n"));
	}

	@Test
	void aMissingMacroFileIsAnError() {
		final CliTest.Result r = cli("macro", dir.resolve("nope.ijm").toString());
		assertEquals(2, r.rc());
		assertEquals("error: cannot read the macro '" + dir.resolve("nope.ijm") + "': no such file",
			r.err().strip());
	}

	@Test
	void guiNeedsADisplay() {
		final CliTest.Result r = cli("gui");
		assertEquals(2, r.rc());
		assertTrue(r.err().contains("there is no display"), r.err());
	}

	@Test
	void helpListsTheSubcommands() {
		final CliTest.Result r = cli("--help");
		assertEquals(0, r.rc());
		assertTrue(r.out().contains("macro") && r.out().contains("gui"), r.out());
	}
}
