package io.github.convnetij.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.process.FloatProcessor;
import picocli.CommandLine;

/** The {@code augment} subcommand end to end: files in, picocli, the SciJava command, files out. */
class CliAugmentTest {

	@TempDir
	Path dir;

	/** Exit code, stdout, stderr and the exception of one run. */
	record Result(int rc, String out, String err, Throwable error) {}

	static Result augment(final String... args) {
		final StringWriter out = new StringWriter(), err = new StringWriter();
		final AtomicReference<Throwable> error = new AtomicReference<>();
		final CommandLine cl = CliSubcommands.augment().commandLine();
		cl.setOut(new PrintWriter(out, true));
		cl.setErr(new PrintWriter(err, true));
		cl.setExecutionExceptionHandler((ex, c, p) -> {
			error.set(ex);
			return Cli.BAD_INPUT;
		});
		final int rc = cl.execute(args);
		return new Result(rc, out.toString(), err.toString(), error.get());
	}

	Path input() throws Exception {
		final float[] px = new float[13 * 9];
		for (int i = 0; i < px.length; i++)
			px[i] = (i * 37) % 101;
		final Path p = dir.resolve("in.tif");
		ImageFiles.write(new ImagePlus("in", new FloatProcessor(13, 9, px)), p);
		return p;
	}

	@Test
	void writesTheReplicatesWithLabels() throws Exception {
		final Path in = input(), out = dir.resolve("out.tif");
		final Result r = augment("--rotation-range", "20", "--zoom-range", "0.9,1.1",
			"--horizontal-flip", "--fill-mode", "constant", "--cval", "-1", "--count", "3", "--seed", "5",
			"--preview", "--threads", "2", in.toString(), out.toString());
		assertEquals(0, r.rc(), r.err() + r.error());
		final ImagePlus img = ImageFiles.read(out);
		assertEquals(4, img.getStackSize());
		assertEquals("original", img.getStack().getSliceLabel(1));
		assertTrue(img.getStack().getSliceLabel(2).startsWith("rot="), img.getStack().getSliceLabel(2));
		assertArrayEquals((float[]) ImageFiles.read(in).getProcessor().getPixels(), (float[]) img
			.getStack().getPixels(1));
		assertTrue(Files.exists(dir.resolve("out-preview.tif")));
		// the same options and seed give the same file contents; include-original=false drops slice 1
		final Path again = dir.resolve("again.tif");
		assertEquals(0, augment("--rotation-range", "20", "--zoom-range", "0.9,1.1",
			"--horizontal-flip=true", "--fill-mode", "constant", "--cval", "-1", "--count", "3", "--seed",
			"5", "--include-original", "false", "--threads", "1", in.toString(), again.toString()).rc());
		final ImagePlus img2 = ImageFiles.read(again);
		assertEquals(3, img2.getStackSize());
		for (int n = 1; n <= 3; n++) {
			assertArrayEquals((float[]) img.getStack().getPixels(n + 1), (float[]) img2.getStack()
				.getPixels(n));
			assertEquals(img.getStack().getSliceLabel(n + 1), img2.getStack().getSliceLabel(n));
		}
	}

	@Test
	void errorsNameTheOption() throws Exception {
		final Path in = input(), out = dir.resolve("bad.tif");
		Result r = augment("--zoom-range", "2", in.toString(), out.toString());
		assertEquals(Cli.BAD_INPUT, r.rc());
		assertTrue(r.error().getMessage().startsWith("--zoom-range: 2 is not a fraction below 1"), r
			.error().getMessage());
		assertEquals(r.error().getMessage(), Cli.userMessage(r.error()));
		r = augment("--count", "0", in.toString(), out.toString());
		assertTrue(r.error().getMessage().startsWith("--count: 0 is less than the minimum 1"), r.error()
			.getMessage());
		r = augment("--fill-mode", "bounce", in.toString(), out.toString());
		assertTrue(r.error().getMessage().startsWith("--fill-mode: 'bounce' is not one of nearest, constant"), r.error()
			.getMessage());
		r = augment("--shear-range", "-3", in.toString(), out.toString());
		assertTrue(r.error().getMessage().startsWith("--shear-range: -3 is less than the minimum 0"), r.error()
			.getMessage());
		assertFalse(Files.exists(out));
	}

	@Test
	void previewPathSitsNextToTheOutput() {
		assertEquals(Path.of("a/b/x-preview.tif"), CliSubcommands.previewPath(Path.of("a/b/x.tif")));
		assertEquals(Path.of("x-preview"), CliSubcommands.previewPath(Path.of("x")));
	}
}
