package io.github.convnetij.ij1;

import static io.github.convnetij.ij1.SharedImageJ.quote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.event.KeyEvent;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Esc in ImageJ stops a running command: no result, no error, the macro goes on. */
class EscapeCancelsTest {

	@TempDir
	Path dir;

	@Test
	void escapeStopsALongConvolution() throws Exception {
		final LegacyImageJ ij = SharedImageJ.get();
		final Method setKeyDown = Class.forName("ij.IJ", true, ij.classLoader()).getMethod(
			"setKeyDown", int.class);
		final Method resetEscape = Class.forName("ij.IJ", true, ij.classLoader()).getMethod(
			"resetEscape");
		final Path report = dir.resolve("report.txt");
		// a 63x63 direct filter of 64 planes of 512 x 512: tens of seconds without Esc
		final String macro = "newImage(\"big\", \"32-bit random\", 512, 512, 64);\n" +
			"t0 = getTime();\n" +
			"run(\"Convolve Image...\", \"kernel=box(63) method=direct\");\n" +
			"File.saveString(\"\" + nImages + \" \" + (getTime() - t0), " + quote(report) + ");";
		final AtomicReference<LegacyImageJ.Outcome> outcome = new AtomicReference<>();
		final Thread runner = new Thread(() -> outcome.set(SharedImageJ.outcome(macro)));
		runner.start();
		try {
			// the bridge clears Esc when the command starts: press it until the macro is done
			while (runner.isAlive()) {
				Thread.sleep(50);
				setKeyDown.invoke(null, KeyEvent.VK_ESCAPE);
			}
		}
		finally {
			runner.join();
			resetEscape.invoke(null);
		}
		assertFalse(outcome.get().failed(), () -> "line " + outcome.get().line() + ": " + outcome
			.get().message());
		final String[] r = new String(Files.readAllBytes(report), StandardCharsets.UTF_8).split(" ");
		assertEquals("1", r[0], "images open after the cancelled command (the input only)");
		assertTrue(Double.parseDouble(r[1]) < 5000, "stopped after " + r[1] + " ms");
	}

	@Test
	void cancellationIsRecognisedThroughWrappers() {
		assertTrue(CommandBridge.cancelled(new RuntimeException(new ExecutionException(
			new CancellationException("cancelled")))));
		assertFalse(CommandBridge.cancelled(new IllegalArgumentException("kernel: bad")));
	}
}
