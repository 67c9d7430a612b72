package io.github.convnetij.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** {@code bench} on a small image: one record per case, with the fields compare.py reads. */
class CliBenchTest {

	private static final Pattern FIELD = Pattern.compile("\"(\\w+)\": (\"[^\"]*\"|[^,}]+)");

	private static List<String> records(final String out) {
		final List<String> lines = new ArrayList<>();
		for (final String l : out.split("\n"))
			if (l.startsWith("{")) lines.add(l);
		return lines;
	}

	private static String field(final String record, final String name) {
		final Matcher m = FIELD.matcher(record);
		while (m.find())
			if (m.group(1).equals(name)) return m.group(2).replace("\"", "");
		return null;
	}

	@Test
	void recordsForEveryCaseAndOutputKind() {
		final CliTest.Result r = CliTest.cli("bench", "--size", "40", "--reps", "1", "--warmup", "0",
			"--warmup-ms", "0", "--threads", "1,2", "--kernels", "3x3,5x5gauss");
		assertEquals(0, r.rc(), r.err());
		final List<String> recs = records(r.out());
		// floor: 2 threads x 2 outputs; correlate: 2 kernels x 2 threads x 2 outputs; ImageJ image: 2
		// shapes x 2 threads; pool: 2 shapes x 2 threads x 2 outputs
		assertEquals(4 + 8 + 4 + 8, recs.size(), r.out());
		int reused = 0;
		for (final String rec : recs) {
			final String op = field(rec, "op"), output = field(rec, "output");
			assertTrue(op.matches("stream|correlate|imageplus|maxpool"), rec);
			assertTrue(output.equals("new") || output.equals("reused"), rec);
			if (output.equals("reused")) reused++;
			assertTrue(Double.parseDouble(field(rec, "median_ms")) >= 0, rec);
			if (op.equals("correlate")) assertTrue(field(rec, "size").equals("40x40") && field(rec,
				"method").matches("direct|separable|fft"), rec);
		}
		assertEquals(10, reused);
	}

	@Test
	void anUnknownOutputKindIsNamed() {
		final CliTest.Result r = CliTest.cli("bench", "--size", "8", "--output", "fresh");
		assertEquals(2, r.rc());
		assertTrue(r.err().contains("fresh") && r.err().contains("--output") && r.err().contains("new, reused"), r.err());
		assertEquals("", r.out());
	}
}
