package io.github.convnetij.ij1;

import static io.github.convnetij.ij1.SharedImageJ.quote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandService;

import ij.IJ;
import ij.ImagePlus;
import ij.Prefs;
import ij.process.ByteProcessor;

/**
 * The dialog model without a window: remembered values (read by dialogs only, never by a macro),
 * the live checks of text fields through the commands' SciJava validaters, and error messages
 * that name the field's label with the key in parentheses, wrapped to fit a screen.
 */
class DialogModelTest {

	private static final String CONVOLVE = "io.github.convnetij.command.ConvolveImageCommand";
	private static final String POOL = "io.github.convnetij.command.PoolImageCommand";
	private static final String AUGMENT = "io.github.convnetij.command.AugmentImageCommand";

	private static Context context;

	@TempDir
	Path dir;

	@BeforeAll
	static void start() {
		context = new Context(CommandService.class);
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	private static CommandInput input(final BridgedCommand c, final String key) {
		for (final CommandInput in : c.inputs())
			if (in.key().equals(key)) return in;
		throw new AssertionError("no key " + key);
	}

	@Test
	void aDialogRecallsTheLastAcceptedValuesAndOnlyValidOnes() {
		final BridgedCommand c = BridgedCommand.of(context, CONVOLVE);
		assertTrue(DialogMemory.interactive(), "no macro runs in a unit test");
		Prefs.set(DialogMemory.prefKey(CONVOLVE, "kernel"), "laplacian"); // a clean start
		DialogMemory.remember(c, Map.of("kernel", "box(63)", "boundary", "nearest", "value", 2.5,
			"normalize", true));
		assertEquals("box(63)", DialogMemory.recall(c, input(c, "kernel")));
		assertEquals("nearest", DialogMemory.recall(c, input(c, "boundary")));
		assertEquals("2.5", DialogMemory.recall(c, input(c, "value")));
		assertEquals("true", DialogMemory.recall(c, input(c, "normalize")));
		// a remembered choice that is no longer offered is not recalled
		Prefs.set(DialogMemory.prefKey(CONVOLVE, "boundary"), "bounce");
		assertNull(DialogMemory.recall(c, input(c, "boundary")));
		assertEquals("convnetij.ConvolveImageCommand.kernel", DialogMemory.prefKey(CONVOLVE,
			"kernel"));
	}

	@Test
	void aMacroNeverReadsRememberedValues() throws Exception {
		// remembered in the macro's ImageJ (its own class loader): a dialog would show these
		final Class<?> prefs = SharedImageJ.get().classLoader().loadClass("ij.Prefs");
		prefs.getMethod("set", String.class, String.class).invoke(null, DialogMemory.prefKey(CONVOLVE,
			"kernel"), "sobel-x");
		prefs.getMethod("set", String.class, String.class).invoke(null, DialogMemory.prefKey(CONVOLVE,
			"boundary"), "zero");
		final ImagePlus imp = new ImagePlus("in.tif", new ByteProcessor(9, 7));
		imp.getProcessor().putPixel(4, 3, 200);
		final Path in = dir.resolve("in.tif"), a = dir.resolve("a.tif"), b = dir.resolve("b.tif");
		assertTrue(IJ.saveAsTiff(imp, in.toString()));
		SharedImageJ.run("open(" + quote(in) + ");\nrun(\"Convolve Image...\", \"method=direct\");\n" +
			"saveAs(\"Tiff\", " + quote(a) + ");\nclose();\nopen(" + quote(in) + ");\n" +
			"run(\"Convolve Image...\", \"kernel=laplacian boundary=reflect method=direct\");\n" +
			"saveAs(\"Tiff\", " + quote(b) + ");", "");
		SharedImageJ.assertSameImage(SharedImageJ.open(b), SharedImageJ.open(a));
	}

	@Test
	void aRecordedAugmentWithPreviewLeavesTheReplicatesActive() {
		final LegacyImageJ.Outcome o = SharedImageJ.outcome("newImage('cells', '8-bit ramp', 24, 20, " +
			"1);\nrun(\"Augment Image...\", \"rotation_range=10 count=3 preview=true\");\n" +
			"if (getTitle() != 'cells-augmented') exit('active: ' + getTitle());\n" +
			"setSlice(2);\nif (nSlices != 4) exit('slices: ' + nSlices);\n" +
			"if (!isOpen('cells-augment-preview')) exit('no montage');\n");
		assertFalse(o.failed(), () -> "line " + o.line() + ": " + o.message());
	}

	@Test
	void textFieldsAreCheckedByTheCommandsValidaters() {
		final BridgedCommand pool = BridgedCommand.of(context, POOL);
		ParameterDialog.validate(pool, Map.of("size", "2", "stride", ""));
		assertEquals("size: 0 is not allowed: expected one to three whole numbers >= 1, such as 2 or " +
			"2,2 or 2,2,2", assertThrows(IllegalArgumentException.class, () -> ParameterDialog.validate(
				pool, Map.of("size", "0", "stride", ""))).getMessage());
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ParameterDialog.validate(pool,
			Map.of("size", "2", "stride", "1,a"))).getMessage().startsWith("stride: 'a' in '1,a' is " +
				"not a whole number"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ParameterDialog.validate(pool,
			Map.of("size", "2,2", "stride", "1,1,1"))).getMessage().startsWith("stride: '1,1,1' gives 3"));
		final BridgedCommand augment = BridgedCommand.of(context, AUGMENT);
		ParameterDialog.validate(augment, Map.of("zoom_range", "0.1", "brightness_range", ""));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ParameterDialog.validate(augment,
			Map.of("zoom_range", "abc", "brightness_range", ""))).getMessage().startsWith(
				"zoom_range: "));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ParameterDialog.validate(augment,
			Map.of("zoom_range", "0", "brightness_range", "2"))).getMessage().startsWith(
				"brightness_range: '2' is one number"));
		final BridgedCommand convolve = BridgedCommand.of(context, CONVOLVE);
		ParameterDialog.validate(convolve, Map.of("kernel", "1 2 1; 0 0 0; -1 -2 -1"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ParameterDialog.validate(
			convolve, Map.of("kernel", "laplaciansobel-x"))).getMessage().startsWith(
				"kernel: 'laplaciansobel-x' is neither"));
	}

	@Test
	void dialogMessagesNameTheFieldAndTheKeyAndAreWrapped() {
		final BridgedCommand pool = BridgedCommand.of(context, POOL);
		assertEquals("Window size (size): 0 is not allowed", ParameterDialog.dialogMessage(pool,
			"size: 0 is not allowed"));
		assertEquals("image: no image", ParameterDialog.dialogMessage(BridgedCommand.of(context,
			CONVOLVE), "image: no image").replace("Image (image)", "image"));
		assertEquals("something else: x", ParameterDialog.dialogMessage(pool, "something else: x"));
		final String kernelError;
		try {
			ParameterDialog.validate(BridgedCommand.of(context, CONVOLVE), Map.of("kernel",
				"laplaciansobel-x"));
			throw new AssertionError("no error");
		}
		catch (final IllegalArgumentException e) {
			kernelError = ParameterDialog.dialogMessage(BridgedCommand.of(context, CONVOLVE), e
				.getMessage());
		}
		assertTrue(kernelError.startsWith("Kernel (kernel): 'laplaciansobel-x'"), kernelError);
		assertTrue(kernelError.length() > 200, kernelError);
		final String wrapped = ParameterDialog.wrap(kernelError, 60);
		for (final String line : wrapped.split("\n"))
			assertTrue(line.length() <= 60, line);
		assertEquals(kernelError.replaceAll("\\s+", " "), wrapped.replaceAll("\\s+", " "));
		assertEquals("ab cd\nef", ParameterDialog.wrap("ab cd ef", 5));
		assertEquals("abcde\nfg", ParameterDialog.wrap("abcdefg", 5));
		assertFalse(ParameterDialog.wrap("", 5).contains("\n"));
	}
}
