package io.github.convnetij.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.convnetij.compute.Boundary;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link ConvolutionOps#correlate} and {@link ConvolutionOps#convolve} (output size SAME) against
 * scipy.ndimage.correlate / convolve (origin 0) on the fixtures in {@code src/test/resources/scipy},
 * written by {@code src/test/python/make_scipy_fixtures.py} (which documents the format): 1D, 2D
 * and 3D images of odd sizes, odd and even kernels, kernels with fewer axes than the image, kernels
 * larger than the image, every boundary mode. Tolerance 1e-4 * (1 + max|expected|).
 */
class ScipyFixturesTest {

	/** One {@code expected} line of a fixture file, with the file's image and kernel. */
	static final class Case {

		final String name;
		final int[] imageDims;
		final float[] image;
		final Kernel kernel;
		final String op;
		final String mode;
		final double cval;
		final double[] expected;

		Case(final String name, final int[] imageDims, final float[] image, final Kernel kernel,
			final String op, final String mode, final double cval, final double[] expected)
		{
			this.name = name;
			this.imageDims = imageDims;
			this.image = image;
			this.kernel = kernel;
			this.op = op;
			this.mode = mode;
			this.cval = cval;
			this.expected = expected;
		}

		@Override
		public String toString() {
			return name + ": " + op + " " + mode + (mode.equals("constant") ? " cval " + cval : "");
		}
	}

	@TestFactory
	Stream<DynamicTest> matchesScipy() throws IOException {
		return loadAll().stream().flatMap(c -> {
			final List<DynamicTest> tests = new ArrayList<>();
			tests.add(DynamicTest.dynamicTest(c.toString(), () -> check(c, Boundary.parse(c.mode))));
			// scipy's constant 0 is also our ZERO
			if (c.mode.equals("constant") && c.cval == 0) tests.add(DynamicTest.dynamicTest(c +
				" as zero", () -> check(c, Boundary.ZERO)));
			return tests.stream();
		});
	}

	/** The fixtures load and are consistent (independent of ConvolutionOps). */
	@Test
	void fixturesLoad() throws IOException {
		final List<Case> cases = loadAll();
		assertTrue(cases.size() >= 200, "fixture cases: " + cases.size());
		for (final Case c : cases) {
			assertEquals(c.image.length, c.expected.length, c.toString());
			assertEquals(Arrays.stream(c.imageDims).reduce(1, (a, b) -> a * b), c.image.length, c
				.toString());
			assertTrue(c.kernel.numDimensions() <= c.imageDims.length, c.toString());
			assertTrue(c.op.equals("correlate") || c.op.equals("convolve"), c.toString());
			Boundary.parse(c.mode);
		}
		for (final String op : new String[] { "correlate", "convolve" })
			for (final String mode : new String[] { "constant", "nearest", "reflect", "mirror", "wrap" })
				assertTrue(cases.stream().anyMatch(c -> c.op.equals(op) && c.mode.equals(mode)), op + " " +
					mode);
	}

	static void check(final Case c, final Boundary boundary) {
		final ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(c.image.clone(), toLong(
			c.imageDims));
		final Img<FloatType> out = c.op.equals("correlate") //
			? ConvolutionOps.correlate(img, c.kernel, boundary, c.cval, OutputSize.SAME, false)
			: ConvolutionOps.convolve(img, c.kernel, boundary, c.cval, OutputSize.SAME, false);
		final long[] outDims = new long[out.numDimensions()];
		out.dimensions(outDims);
		assertArrayEquals(toLong(c.imageDims), outDims, c + ": output dimensions");
		double max = 0;
		for (final double e : c.expected)
			max = Math.max(max, Math.abs(e));
		final double tol = 1e-4 * (1 + max);
		final Cursor<FloatType> cur = Views.flatIterable(out).localizingCursor();
		for (int i = 0; i < c.expected.length; i++) {
			final float v = cur.next().get();
			if (!(Math.abs(v - c.expected[i]) <= tol)) fail(c + ": at " + Arrays.toString(cur
				.positionAsLongArray()) + " expected " + c.expected[i] + ", got " + v + " (tolerance " +
				tol + ")");
		}
	}

	/** Every case of every fixture file, in file name order. */
	static List<Case> loadAll() throws IOException {
		final URL url = ScipyFixturesTest.class.getResource("/scipy");
		if (url == null) throw new IOException("test resource folder /scipy not found");
		final Path dir;
		try {
			dir = Paths.get(url.toURI());
		}
		catch (final URISyntaxException e) {
			throw new IOException("bad resource URL " + url, e);
		}
		final List<Path> files;
		try (Stream<Path> s = Files.list(dir)) {
			files = s.filter(p -> p.getFileName().toString().matches("\\dd_.*\\.txt")).sorted().collect(
				Collectors.toList());
		}
		final List<Case> cases = new ArrayList<>();
		for (final Path f : files)
			cases.addAll(load(f));
		return cases;
	}

	/** The cases of one fixture file (format: see make_scipy_fixtures.py). */
	static List<Case> load(final Path file) throws IOException {
		final String name = file.getFileName().toString().replaceFirst("\\.txt$", "");
		int[] imageDims = null, kernelDims = null;
		float[] image = null, kernel = null;
		final List<Case> cases = new ArrayList<>();
		int lineNo = 0;
		for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
			lineNo++;
			if (line.isBlank() || line.startsWith("#")) continue;
			final String[] t = line.trim().split("\\s+");
			final String[] rest = Arrays.copyOfRange(t, 1, t.length);
			try {
				switch (t[0]) {
					case "image_dims":
						imageDims = Arrays.stream(rest).mapToInt(Integer::parseInt).toArray();
						break;
					case "image":
						image = floats(rest);
						break;
					case "kernel_dims":
						kernelDims = Arrays.stream(rest).mapToInt(Integer::parseInt).toArray();
						break;
					case "kernel":
						kernel = floats(rest);
						break;
					case "expected": {
						if (imageDims == null || image == null || kernelDims == null || kernel == null)
							throw new IOException("expected before image_dims, image, kernel_dims, kernel");
						final double[] e = Arrays.stream(rest, 3, rest.length).mapToDouble(
							Double::parseDouble).toArray();
						cases.add(new Case(name, imageDims, image, Kernel.of(kernel, kernelDims), rest[0],
							rest[1], Double.parseDouble(rest[2]), e));
						break;
					}
					default:
						throw new IOException("unknown record '" + t[0] + "'");
				}
			}
			catch (final RuntimeException e) {
				throw new IOException(file + " line " + lineNo + ": " + e.getMessage(), e);
			}
		}
		if (cases.isEmpty()) throw new IOException(file + ": no expected lines");
		return cases;
	}

	private static float[] floats(final String[] s) {
		final float[] f = new float[s.length];
		for (int i = 0; i < s.length; i++)
			f[i] = Float.parseFloat(s[i]);
		return f;
	}

	private static long[] toLong(final int[] d) {
		return Arrays.stream(d).asLongStream().toArray();
	}
}
