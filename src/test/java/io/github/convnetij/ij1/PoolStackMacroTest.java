package io.github.convnetij.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;

/**
 * {@code macros/pool_stack.ijm} on stacks without Z (a time series, a channel stack): it pools
 * every plane in X and Y, keeps every frame and channel, and skips the Z pooling, saying so.
 */
class PoolStackMacroTest {

	@TempDir
	Path dir;

	private Path hyperstack(final String name, final int c, final int z, final int t) {
		final ImageStack s = new ImageStack(12, 8);
		for (int n = 0; n < c * z * t; n++) {
			final ByteProcessor p = new ByteProcessor(12, 8);
			p.setColor(10 * n);
			p.fill();
			s.addSlice("p" + n, p);
		}
		final ImagePlus imp = new ImagePlus(name, s);
		imp.setDimensions(c, z, t);
		imp.setOpenAsHyperStack(true);
		final Path file = dir.resolve(name + ".tif");
		assertTrue(IJ.saveAsTiff(imp, file.toString()));
		return file;
	}

	/** What the macro printed (headless, ImageJ's log goes to the standard output). */
	private String printed;

	private List<String> run(final Path stack, final Path out) throws Exception {
		final String text = Files.readString(Path.of("macros/pool_stack.ijm"), StandardCharsets.UTF_8);
		final PrintStream saved = System.out;
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		final LegacyImageJ.Outcome o;
		System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
		try {
			o = SharedImageJ.get().runMacro(text, "input=[" + stack + "] output=[" + out + "]");
		}
		finally {
			System.setOut(saved);
		}
		printed = bytes.toString(StandardCharsets.UTF_8);
		SharedImageJ.get().runMacro("close('*');", "");
		assertFalse(o.failed(), () -> "pool_stack.ijm failed in line " + o.line() + ": " + o
			.message());
		try (Stream<Path> s = Files.list(out)) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}

	@Test
	void aTimeSeriesIsPooledFrameByFrameWithoutZPooling() throws Exception {
		final Path out = dir.resolve("t");
		assertEquals(List.of("tseries-max.tif"), run(hyperstack("tseries", 1, 1, 10), out));
		final ImagePlus max = IJ.openImage(out.resolve("tseries-max.tif").toString());
		assertEquals(6, max.getWidth());
		assertEquals(10, max.getNFrames());
		assertEquals(1, max.getNSlices());
		assertTrue(printed.contains("no Z pooling: it has no slices (C=1, Z=1, T=10)"), printed);
	}

	@Test
	void aChannelStackKeepsItsChannels() throws Exception {
		final Path out = dir.resolve("c");
		assertEquals(List.of("channels-max.tif"), run(hyperstack("channels", 3, 1, 1),
			out));
		final ImagePlus max = IJ.openImage(out.resolve("channels-max.tif").toString());
		assertEquals(3, max.getNChannels());
		assertEquals(4, max.getHeight());
	}
}
