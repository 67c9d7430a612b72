package io.github.convnetij.ij1;

import static io.github.convnetij.ij1.SharedImageJ.assertSameImage;
import static io.github.convnetij.ij1.SharedImageJ.quote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ShortProcessor;

/**
 * Every ConvNet-IJ command through a macro in the patched headless ImageJ 1.x, via the bridge and
 * {@code plugins.config}: keys parsed, defaults for missing keys, unknown keys and bad values
 * reported with the key and the macro's line, the output equal to what the Java API
 * ({@link CommandService}) returns for the same values.
 */
class MacroBridgeTest {

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
	}

	/** A random 8-bit image (one plane). */
	private static ImagePlus bytes(final String title, final int w, final int h, final long seed) {
		final byte[] p = new byte[w * h];
		new Random(seed).nextBytes(p);
		return new ImagePlus(title, new ByteProcessor(w, h, p));
	}

	/** A random 16-bit stack. */
	private static ImagePlus shorts(final String title, final int w, final int h, final int z,
		final long seed)
	{
		final Random r = new Random(seed);
		final ImageStack s = new ImageStack(w, h);
		for (int n = 0; n < z; n++) {
			final short[] p = new short[w * h];
			for (int i = 0; i < p.length; i++)
				p[i] = (short) r.nextInt(4096);
			s.addSlice("slice " + (n + 1), new ShortProcessor(w, h, p, null));
		}
		return new ImagePlus(title, s);
	}

	private Path save(final ImagePlus imp, final String name) {
		final Path p = dir.resolve(name);
		assertTrue(IJ.saveAsTiff(imp, p.toString()), "saving " + p);
		return p;
	}

	/** The name of the command's (single) image input. */
	private static String imageInput(final CommandInfo info) {
		for (final ModuleItem<?> item : info.inputs())
			if (ImagePlus.class.isAssignableFrom(item.getType())) return item.getName();
		return null;
	}

	/** The command run through the Java API; its first image output. */
	private static ImagePlus javaApi(final String className, final Map<String, Object> inputs)
		throws Exception
	{
		final CommandInfo info = cs.getCommand(className);
		final CommandModule m = (CommandModule) cs.run(info, true, inputs).get();
		if (m.isCanceled()) fail("canceled: " + m.getCancelReason());
		for (final ModuleItem<?> item : info.outputs())
			if (m.getOutput(item.getName()) instanceof ImagePlus) return (ImagePlus) m.getOutput(item
				.getName());
		throw new AssertionError("no image output from " + className);
	}

	/** Runs {@code label} on the image file {@code in} with {@code options}; the saved result. */
	private ImagePlus viaMacro(final Path in, final String label, final String options) {
		final Path out = dir.resolve("out-" + System.nanoTime() + ".tif");
		SharedImageJ.run("open(" + quote(in) + ");\nrun(\"" + label + "\", \"" + options + "\");\n" +
			"saveAs(\"Tiff\", " + quote(out) + ");", "");
		return SharedImageJ.open(out);
	}

	@Test
	void everyCommandWithDefaultsGivesWhatTheJavaApiGives() throws Exception {
		final ImagePlus imp = bytes("in.tif", 37, 29, 1);
		final Path in = save(imp, "in.tif");
		final List<PluginsConfig.Entry> entries = PluginsConfig.entries(getClass().getClassLoader());
		assertTrue(entries.size() >= 4, "commands found: " + entries.size());
		int checked = 0;
		for (final PluginsConfig.Entry e : entries) {
			final CommandInfo info = cs.getCommand(e.className());
			final String image = imageInput(info);
			// not an image command, or one whose image is optional (Train CNN, Predict with CNN)
			if (image == null || !info.getInput(image).isRequired()) continue;
			final Map<String, Object> inputs = new LinkedHashMap<>();
			inputs.put(image, SharedImageJ.open(in));
			final ImagePlus expected = javaApi(e.className(), inputs);
			final ImagePlus actual = viaMacro(in, e.label(), "");
			assertSameImage(expected, actual);
			checked++;
		}
		assertTrue(checked >= 4, "image commands checked: " + checked);
	}

	@Test
	void keysAreParsedAsTheJavaApiTakesThem() throws Exception {
		final Path in = save(shorts("stack.tif", 23, 19, 3, 2), "stack.tif");
		check(in, "Convolve Image...", "io.github.convnetij.command.ConvolveImageCommand",
			"kernel=[1 2 1; 0 0 0; -1 -2 -1] boundary=constant value=2.5 output_size=full " +
				"normalize=false stack=[all slices]", "kernel", "1 2 1; 0 0 0; -1 -2 -1", "boundary",
			"constant", "value", 2.5, "output_size", "full", "normalize", false);
		// a bare boolean key is true, as ImageJ writes a checked checkbox; choices in any case
		check(in, "Correlate Image...", "io.github.convnetij.command.CorrelateImageCommand",
			"kernel=gaussian(1.2) boundary=WRAP normalize", "kernel", "gaussian(1.2)", "boundary",
			"wrap", "normalize", true);
		check(in, "Pool Image...", "io.github.convnetij.command.PoolImageCommand",
			"op=avg size=3,2 stride=2,1 ceil=true", "op", "avg", "size", "3,2", "stride", "2,1", "ceil",
			true);
		check(in, "Augment Image...", "io.github.convnetij.command.AugmentImageCommand",
			"rotation_range=20 zoom_range=0.1 horizontal_flip=true fill_mode=reflect count=3 seed=7 " +
				"include_original=false", "rotation_range", 20.0, "zoom_range", "0.1", "horizontal_flip",
			true, "fill_mode", "reflect", "count", 3, "seed", 7L, "include_original", false);
	}

	private void check(final Path in, final String label, final String className,
		final String options, final Object... javaInputs) throws Exception
	{
		final Map<String, Object> inputs = new LinkedHashMap<>();
		inputs.put("image", SharedImageJ.open(in));
		for (int i = 0; i < javaInputs.length; i += 2)
			inputs.put((String) javaInputs[i], javaInputs[i + 1]);
		assertSameImage(javaApi(className, inputs), viaMacro(in, label, options));
	}

	@Test
	void aMissingKeyTakesTheDefaultNotAValueOfAnEarlierRun() throws Exception {
		final Path in = save(bytes("in.tif", 21, 17, 3), "in.tif");
		viaMacro(in, "Convolve Image...", "kernel=sobel-y boundary=zero output_size=valid normalize");
		final Map<String, Object> inputs = new LinkedHashMap<>();
		inputs.put("image", SharedImageJ.open(in));
		inputs.put("boundary", "nearest");
		assertSameImage(javaApi("io.github.convnetij.command.ConvolveImageCommand", inputs), viaMacro(
			in, "Convolve Image...", "boundary=nearest"));
	}

	@Test
	void anImageKeySelectsAnOpenImageByTitle() throws Exception {
		final Path a = save(bytes("a.tif", 16, 12, 4), "a.tif");
		final Path b = save(bytes("b.tif", 10, 8, 5), "b.tif");
		final Path out = dir.resolve("pooled.tif");
		SharedImageJ.run("open(" + quote(a) + ");\nopen(" + quote(b) + ");\n" +
			"run(\"Pool Image...\", \"image=a.tif size=2\");\nsaveAs(\"Tiff\", " + quote(out) + ");", "");
		final Map<String, Object> inputs = new LinkedHashMap<>();
		inputs.put("image", SharedImageJ.open(a));
		inputs.put("size", "2");
		assertSameImage(javaApi("io.github.convnetij.command.PoolImageCommand", inputs), SharedImageJ
			.open(out));
	}

	@Test
	void unknownKeysAndBadValuesAbortTheMacroNamingTheKeyAndLine() throws Exception {
		final Path in = save(bytes("in.tif", 12, 10, 6), "in.tif");
		expectError(in, "Convolve Image...", "kernal=sobel-x",
			"Convolve Image: unknown key 'kernal' (the keys are image, kernel, boundary, value, " +
				"output_size, normalize, method, stack)");
		expectError(in, "Convolve Image...", "boundary=bogus",
			"Convolve Image: boundary: 'bogus' is not one of zero, constant, nearest, reflect, mirror, wrap");
		expectError(in, "Correlate Image...", "value=abc", "Correlate Image: value: 'abc' is not a number");
		expectError(in, "Correlate Image...", "normalize=yes",
			"Correlate Image: normalize: 'yes' is not allowed: expected normalize=true or normalize=false");
		expectError(in, "Convolve Image...", "kernel=foo", "Convolve Image: kernel: 'foo' is neither");
		expectError(in, "Pool Image...", "size", "Pool Image: size: no value given: write size=<value>");
		expectError(in, "Pool Image...", "size=0", "Pool Image: size: 0 is not allowed");
		expectError(in, "Pool Image...", "image=[nope.tif]",
			"Pool Image: image: there is no image titled 'nope.tif'");
		expectError(in, "Augment Image...", "count=0", "Augment Image: count: 0 is less than the minimum 1");
		expectError(in, "Augment Image...", "count=2.5", "Augment Image: count: '2.5' is not a whole number");
		expectError(in, "Augment Image...", "fill_mode=smear zoom_range=0.1",
			"Augment Image: fill_mode: 'smear' is not one of");
	}

	private static void expectError(final Path in, final String label, final String options,
		final String message)
	{
		final LegacyImageJ.Outcome o = SharedImageJ.get().runMacro("close('*');\nopen(" + quote(in) +
			");\nrun(\"" + label + "\", \"" + options + "\");\nprint(\"not reached\");", "");
		SharedImageJ.get().runMacro("close('*');", "");
		assertTrue(o.failed(), label + " " + options + " should fail");
		assertTrue(o.message().startsWith(message), () -> "message for '" + options + "':\n  " + o
			.message() + "\nexpected it to start with\n  " + message);
		assertEquals(3, o.line(), "line of the run(...) call");
	}

	@Test
	void noImageOpenIsReportedNamingTheImageKey() {
		final LegacyImageJ.Outcome o = SharedImageJ.outcome("run(\"Pool Image...\", \"size=2\");");
		assertTrue(o.failed());
		assertEquals("Pool Image: image: there is no image open: open one first or give " +
			"image=[<title>]", o.message());
		assertEquals(2, o.line());
	}

	@Test
	void macroErrorsHaveTheMacrosMessageAndLine() {
		final LegacyImageJ.Outcome o = SharedImageJ.get().runMacro("x = 1;\n\ny = z + 1;\n", "");
		assertTrue(o.failed());
		assertEquals("Undefined variable", o.message());
		assertEquals(3, o.line());
	}

	@Test
	void anErrorImageJReportsFailsTheMacro() {
		final LegacyImageJ.Outcome o = SharedImageJ.outcome("open(" + quote(dir.resolve(
			"missing.tif")) + ");");
		assertTrue(o.failed());
		assertTrue(o.message().startsWith("ImageJ reported an error: File not found"), o.message());
	}

	@Test
	void getArgumentReturnsTheArgument() {
		final String key = "convnetij.test.argument." + System.nanoTime();
		final LegacyImageJ.Outcome o = SharedImageJ.get().runMacro("call(\"java.lang.System.setProperty\", \"" +
			key + "\", getArgument());", "input=[a b] n=3");
		assertFalse(o.failed(), o::message);
		assertEquals("input=[a b] n=3", System.getProperty(key));
	}

	@Test
	void batchModeMacrosSeeResultsAsTheActiveImage() throws Exception {
		final Path in = save(bytes("in.tif", 20, 10, 7), "in.tif");
		final String key = "convnetij.test.batch." + System.nanoTime();
		SharedImageJ.run("setBatchMode(true);\nopen(" + quote(in) + ");\n" +
			"run(\"Pool Image...\", \"op=max size=2\");\nrun(\"Pool Image...\", \"op=avg size=5\");\n" +
			"call(\"java.lang.System.setProperty\", \"" + key + "\", getTitle() + \" \" + getWidth() + " +
			"\"x\" + getHeight() + \" \" + nImages);\nsetBatchMode(false);", "");
		assertEquals("in-pooled-pooled 2x1 3", System.getProperty(key));
	}

	@Test
	void recordedOptionsReadBackToTheSameValues() {
		final ImagePlus imp = bytes("t", 8, 8, 8);
		final BridgedCommand c = BridgedCommand.of(context,
			"io.github.convnetij.command.ConvolveImageCommand");
		final Map<String, Object> values = c.fromMacroOptions("image=t kernel=[1 2\n3 4] " +
			"normalize=true value=0.25", t -> t.equals("t") ? imp : null);
		// what the Macro Recorder writes: every key by name, booleans as true/false, line breaks
		// escaped for the macro string, values with spaces in brackets
		final StringBuilder recorded = new StringBuilder();
		for (final String[] kv : CommandBridge.recordedOptions(c, values))
			recorded.append(recorded.length() == 0 ? "" : " ").append(kv[0]).append('=').append(kv[1]
				.contains(" ") ? "[" + kv[1] + "]" : kv[1]);
		assertEquals("kernel=[1 2\\n3 4] boundary=reflect value=0.25 output_size=same " +
			"normalize=true method=auto stack=[all slices]", recorded.toString());
		// the macro interpreter turns \n back into a line break
		final Map<String, Object> back = c.fromMacroOptions("image=t " + recorded.toString().replace(
			"\\n", "\n"), t -> t.equals("t") ? imp : null);
		assertEquals(values, back);
	}
}
