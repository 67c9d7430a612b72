package io.github.convnetij.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ProgressLineTest {

	@Test
	void rewritesOneLineAndErasesIt() {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		final PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8);
		final ProgressLine line = new ProgressLine(ps, "Pool Image");
		line.progress(0.0);
		line.progress(0.421);
		line.progress(0.429); // the same percentage: nothing printed
		line.progress(1.0);
		line.done();
		line.done(); // once is enough
		assertFalse(line.cancelled());
		final String blank = " ".repeat("Pool Image: 100%".length());
		assertEquals("\rPool Image: 0%\rPool Image: 42%\rPool Image: 100%\r" + blank + "\r", bytes
			.toString(StandardCharsets.UTF_8));
		// nothing shown, nothing erased
		final ByteArrayOutputStream none = new ByteArrayOutputStream();
		new ProgressLine(new PrintStream(none, true, StandardCharsets.UTF_8), "x").done();
		assertEquals("", none.toString(StandardCharsets.UTF_8));
	}
}
