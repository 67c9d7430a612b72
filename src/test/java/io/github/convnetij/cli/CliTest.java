package io.github.convnetij.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.convnetij.ops.Kernels;

/** The CLI end to end through {@link Main#run}, with text images in a temporary folder. */
class CliTest {

	@TempDir
	Path dir;

	/** Exit code, stdout and stderr of one run. */
	record Result(int rc, String out, String err) {}

	static Result cli(final String... args) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream(), err =
			new ByteArrayOutputStream();
		final int rc;
		try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e =
			new PrintStream(err, true, StandardCharsets.UTF_8))
		{
			rc = Main.run(args, o, e);
		}
		return new Result(rc, out.toString(StandardCharsets.UTF_8), err.toString(
			StandardCharsets.UTF_8));
	}

	static final String IMAGE = String.join("\n", //
		"5 8 3 4 6 2 3 7", //
		"3 2 1 1 9 5 1 0", //
		"0 9 5 3 0 4 8 3", //
		"4 2 7 2 1 9 0 6", //
		"9 7 9 8 0 4 2 4", //
		"5 2 1 8 4 1 0 9", //
		"1 8 5 4 9 2 3 8", //
		"3 7 1 2 3 4 4 6") + "\n";

	Path write(final String name, final String text) throws IOException {
		return Files.writeString(dir.resolve(name), text);
	}

	static float[][] readText(final Path p) throws IOException {
		final List<float[]> rows = new ArrayList<>();
		for (final String line : Files.readAllLines(p)) {
			if (line.isBlank()) continue;
			final String[] t = line.trim().split("[\\s,]+");
			final float[] r = new float[t.length];
			for (int i = 0; i < t.length; i++)
				r[i] = Float.parseFloat(t[i]);
			rows.add(r);
		}
		return rows.toArray(new float[0][]);
	}

	static void assertOk(final Result r) {
		assertEquals(0, r.rc(), () -> "stderr: " + r.err());
	}

	@Test
	void convolutionWorkedExample() throws IOException {
		final Path in = write("example.csv", IMAGE), out = dir.resolve("out.csv");
		final Result r = cli("convolve", "--kernel", "2 1 0; 1 1 -1; 0 -1 -2", "--boundary", "zero",
			"--output-size", "same", in.toString(), out.toString());
		assertOk(r);
		final float[][] v = readText(out);
		assertEquals(8, v.length);
		assertArrayEquals(new float[] { 20, 10, 2, 26, 23, 6, 9, 4 }, v[0]);
		assertArrayEquals(new float[] { 9, -5, -25, -10, -12, -15, -1, -12 }, v[7]);
	}

	@Test
	void maxPoolWorkedExample() throws IOException {
		final Path in = write("p.csv", "1,2,5,3\n3,0,1,2\n2,1,3,4\n1,1,2,0\n"), out = dir.resolve(
			"p-out.csv");
		assertOk(cli("pool", "--op", "max", "--size", "2", in.toString(), out.toString()));
		final float[][] v = readText(out);
		assertArrayEquals(new float[] { 3, 5 }, v[0]);
		assertArrayEquals(new float[] { 2, 4 }, v[1]);
		final Path avg = dir.resolve("avg.tsv");
		assertOk(cli("pool", "--op", "avg", "--size", "2,2", "--stride", "2", "--ceil", "--threads",
			"1", in.toString(), avg.toString()));
		assertArrayEquals(new float[] { 1.5f, 2.75f }, readText(avg)[0]);
	}

	@Test
	void correlateWithAKernelFileEqualsConvolveWithTheFlippedKernel() throws IOException {
		final Path in = write("example.txt", IMAGE);
		final Path k = write("k.txt", "-2 -1 0\n-1 1 1\n0 1 2\n");
		final Path a = dir.resolve("a.csv"), b = dir.resolve("b.csv"), c = dir.resolve("c.csv");
		assertOk(cli("correlate", "--kernel-file", k.toString(), "--boundary", "mirror", "--threads",
			"2", in.toString(), a.toString()));
		assertOk(cli("convolve", "--kernel", "2 1 0; 1 1 -1; 0 -1 -2", "--boundary", "mirror",
			"--threads", "1", in.toString(), b.toString()));
		assertOk(cli("convolve", "--kernel", "2 1 0; 1 1 -1; 0 -1 -2", "--boundary", "mirror",
			in.toString(), c.toString()));
		final float[][] va = readText(a), vb = readText(b), vc = readText(c);
		for (int y = 0; y < 8; y++) {
			assertArrayEquals(vb[y], va[y]);
			assertArrayEquals(vb[y], vc[y]);
		}
		final Path d = dir.resolve("d.csv");
		assertOk(cli("correlate", "--kernel", "2 1 0; 1 1 -1; 0 -1 -2", "--output-size", "valid",
			"--normalize", in.toString(), d.toString()));
		assertEquals(6, readText(d).length);
		assertEquals(6, readText(d)[0].length);
	}

	@Test
	void kernelsListsEveryNamedKernelWithItsWeights() {
		final Result r = cli("kernels");
		assertOk(r);
		for (final String name : Kernels.names())
			assertTrue(r.out().contains(name + ": "), name);
		assertTrue(r.out().contains("sobel-x: 3x3\n  -1 0 1\n  -2 0 2\n  -1 0 1\n"), r.out());
	}

	@Test
	void versionAndHelp() {
		final Result v = cli("--version");
		assertOk(v);
		assertTrue(v.out().startsWith("ConvNet-IJ "), v.out());
		assertTrue(v.out().contains("Vector API: " + io.github.convnetij.compute.VectorModule.status()), v
			.out());
		final Result h = cli("convolve", "--help");
		assertOk(h);
		assertTrue(h.out().contains("--output-size"), h.out());
	}

	/** Exit 2, one line on stderr containing {@code expected}, and no output file. */
	void assertBadInput(final String expected, final String... args) {
		final Path out = dir.resolve("never.csv");
		final List<String> a = new ArrayList<>(List.of(args));
		a.replaceAll(s -> s.equals("OUT") ? out.toString() : s);
		final Result r = cli(a.toArray(new String[0]));
		assertEquals(2, r.rc(), () -> String.join(" ", args) + ": " + r.err());
		final String err = r.err().strip();
		assertTrue(err.startsWith("error: "), err);
		assertFalse(err.contains("\n"), () -> "more than one line: " + err);
		assertFalse(err.contains("Exception"), err);
		assertTrue(err.contains(expected), () -> "'" + expected + "' not in: " + err);
		assertFalse(Files.exists(out), "output written");
		assertEquals("", r.out());
	}

	@Test
	void badInputExitsWithTwoAndOneLine() throws IOException {
		final String in = write("in.csv", IMAGE).toString();
		final String small = write("small.csv", "1 2 3\n4 5 6\n7 8 9\n").toString();
		final String missing = dir.resolve("missing.csv").toString();
		assertBadInput("missing.csv", "correlate", "--kernel", "sobel-x", missing, "OUT");
		assertBadInput("broken.tif", "correlate", write("broken.tif", "this is not a TIFF")
			.toString(), "OUT");
		assertBadInput("ragged.csv", "pool", write("ragged.csv", "1 2 3\n4 5\n").toString(), "OUT");
		assertBadInput(dir.getFileName().toString(), "pool", dir.toString(), "OUT");
		assertBadInput("'x'", "convolve", "--kernel", "1 2 x", in, "OUT");
		assertBadInput("ragged", "convolve", "--kernel", "1 2 3; 4 5", in, "OUT");
		assertBadInput("--kernel: no kernel given", "convolve", "--kernel", "", in, "OUT");
		assertBadInput("empty kernel", "convolve", "--kernel", " ; ", in, "OUT");
		assertBadInput("'sobelx'", "convolve", "--kernel", "sobelx", in, "OUT");
		assertBadInput("NaN", "correlate", "--kernel", "1 NaN 1", in, "OUT");
		assertBadInput("5x5", "correlate", "--kernel", "box(5)", "--output-size", "valid", small,
			"OUT");
		assertBadInput("--output-size: 'huge' is not one of same, valid, full", "correlate", "--output-size",
			"huge", small, "OUT");
		assertBadInput("--boundary: 'edge' is not one of zero, constant", "correlate", "--boundary", "edge", in,
			"OUT");
		assertBadInput("--stride: 0 is not allowed", "pool", "--stride", "0", in, "OUT");
		assertBadInput("--size: 0 is not allowed", "pool", "--size", "0", in, "OUT");
		assertBadInput("--size: 'a'", "pool", "--size", "2,a", in, "OUT");
		assertBadInput("--op: 'min' is not one of max, avg", "pool", "--op", "min", in, "OUT");
		assertBadInput("--threads: '0' is not allowed", "pool", "--threads", "0", in, "OUT");
		assertBadInput("'abc'", "correlate", "--value", "abc", in, "OUT");
		assertBadInput("--bogus", "correlate", "--bogus", in, "OUT");
		assertBadInput("OUTPUT", "correlate", in);
		assertBadInput("not both", "correlate", "--kernel", "sobel-x", "--kernel-file", in, in, "OUT");
		assertBadInput("nokernel.txt", "correlate", "--kernel-file", dir.resolve("nokernel.txt")
			.toString(), in, "OUT");
		assertBadInput("missing subcommand", new String[0]);
	}

	@Test
	void anUnsupportedOutputExtensionWritesNothing() throws IOException {
		final String in = write("in.csv", IMAGE).toString();
		final Path out = dir.resolve("out.xyz");
		final Result r = cli("correlate", in, out.toString());
		assertEquals(2, r.rc(), r.err());
		assertTrue(r.err().contains("out.xyz"), r.err());
		assertFalse(Files.exists(out));
		try (var files = Files.list(dir)) {
			assertEquals(1, files.count(), "only the input is left");
		}
	}
}
