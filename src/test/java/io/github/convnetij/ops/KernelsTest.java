package io.github.convnetij.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Tests {@link Kernels}: named kernels' weights, gaussian(sigma) against scipy, the text parser. */
class KernelsTest {

	// ---- named kernels: weights typed from DESIGN.md §3 ----

	@Test
	void fixedKernelsHaveTheDocumentedWeights() {
		assertKernel(Kernels.get("identity"), new int[] { 3, 3 }, 0, 0, 0, 0, 1, 0, 0, 0, 0);
		assertKernel(Kernels.get("laplacian"), new int[] { 3, 3 }, 0, -1, 0, -1, 4, -1, 0, -1, 0);
		assertKernel(Kernels.get("highpass"), new int[] { 3, 3 }, 0, -1, 0, -1, 4, -1, 0, -1, 0);
		assertKernel(Kernels.get("laplacian8"), new int[] { 3, 3 }, -1, -1, -1, -1, 8, -1, -1, -1, -1);
		assertKernel(Kernels.get("sharpen"), new int[] { 3, 3 }, 0, -1, 0, -1, 5, -1, 0, -1, 0);
		assertKernel(Kernels.get("sobel-x"), new int[] { 3, 3 }, -1, 0, 1, -2, 0, 2, -1, 0, 1);
		assertKernel(Kernels.get("sobel-y"), new int[] { 3, 3 }, -1, -2, -1, 0, 0, 0, 1, 2, 1);
		assertKernel(Kernels.get("prewitt-x"), new int[] { 3, 3 }, -1, 0, 1, -1, 0, 1, -1, 0, 1);
		assertKernel(Kernels.get("prewitt-y"), new int[] { 3, 3 }, -1, -1, -1, 0, 0, 0, 1, 1, 1);
		assertKernel(Kernels.get("emboss"), new int[] { 3, 3 }, -2, -1, 0, -1, 1, 1, 0, 1, 2);
	}

	@Test
	void gaussian5IsTheBinomialOuterProduct() {
		final float[] w = {
			1, 4, 6, 4, 1, //
			4, 16, 24, 16, 4, //
			6, 24, 36, 24, 6, //
			4, 16, 24, 16, 4, //
			1, 4, 6, 4, 1 };
		for (int i = 0; i < w.length; i++)
			w[i] /= 256;
		assertKernel(Kernels.get("gaussian5"), new int[] { 5, 5 }, w);
		assertEquals(1, Kernels.get("gaussian5").sum(), 1e-7);
	}

	@Test
	void boxIsOnesOverNSquaredDefaultThree() {
		final float[] nine = new float[9];
		java.util.Arrays.fill(nine, 1f / 9);
		assertKernel(Kernels.get("box"), new int[] { 3, 3 }, nine);
		assertKernel(Kernels.get("box(3)"), new int[] { 3, 3 }, nine);
		assertKernel(Kernels.get("box()"), new int[] { 3, 3 }, nine);
		final Kernel b5 = Kernels.get("box(5)");
		assertArrayEquals(new int[] { 5, 5 }, b5.dims());
		for (final float v : b5.weights())
			assertEquals(1f / 25, v);
		assertKernel(Kernels.get("box(1)"), new int[] { 1, 1 }, 1);
		assertArrayEquals(new int[] { 1001, 1001 }, Kernels.get("box(1001)").dims());
	}

	@Test
	void namesAreCaseInsensitiveAndTolerateSpaces() {
		assertEquals(Kernels.get("sobel-x"), Kernels.get("SOBEL-X"));
		assertEquals(Kernels.get("sobel-x"), Kernels.get("  Sobel-X \n"));
		assertEquals(Kernels.get("box(5)"), Kernels.get(" BOX ( 5 ) "));
		assertEquals(Kernels.get("gaussian(1.5)"), Kernels.get("Gaussian(1.5)"));
		assertEquals(Kernels.named("emboss"), Kernels.get("emboss"));
	}

	@Test
	void namesListsEveryNameInDisplayOrder() {
		assertEquals(List.of("identity", "box(n)", "laplacian", "highpass", "laplacian8", "sharpen",
			"sobel-x", "sobel-y", "prewitt-x", "prewitt-y", "emboss", "gaussian5", "gaussian(sigma)"),
			Kernels.names());
		for (final String n : Kernels.names())
			Kernels.get(n.replace("(n)", "(3)").replace("(sigma)", "(1)"));
	}

	// ---- gaussian(sigma) ----

	@Test
	void gaussianMatchesAnIndependentComputation() {
		// sigma 1: radius int(4.5) = 4; 1D weights exp(-x^2/2) / sum, 2D = outer product
		final Kernel g = Kernels.get("gaussian(1)");
		assertArrayEquals(new int[] { 9, 9 }, g.dims());
		final double[] g1 = new double[9];
		double s = 0;
		for (int x = -4; x <= 4; x++)
			s += g1[x + 4] = Math.exp(-x * x / 2.0);
		final float[] w = g.weights();
		for (int y = 0; y < 9; y++)
			for (int x = 0; x < 9; x++)
				assertEquals(g1[y] / s * (g1[x] / s), w[y * 9 + x], 1e-8, "at " + x + "," + y);
		assertEquals(0.0965329280, w[4 * 9 + 3], 1e-8); // centre row, one left of centre
		assertEquals(1, g.sum(), 1e-6);
	}

	@Test
	void gaussianMatchesScipyGaussianFilter() throws IOException {
		final List<String> lines = resourceLines("/scipy/gaussian_kernels.txt");
		int n = 0;
		for (final String line : lines) {
			if (line.startsWith("#") || line.isBlank()) continue;
			final String[] t = line.trim().split(" ");
			assertEquals("gaussian", t[0]);
			final String sigma = t[1];
			final int w = Integer.parseInt(t[2]), h = Integer.parseInt(t[3]);
			final Kernel g = Kernels.get("gaussian(" + sigma + ")");
			assertArrayEquals(new int[] { w, h }, g.dims(), "gaussian(" + sigma + ")");
			assertEquals(1, g.sum(), 1e-5, "gaussian(" + sigma + ") sum");
			final float[] weights = g.weights();
			for (int i = 0; i < w * h; i++) {
				final double expected = Double.parseDouble(t[4 + i]);
				assertEquals(expected, weights[i], 1e-7 + 1e-6 * Math.abs(expected), "gaussian(" + sigma +
					") weight " + i);
			}
			n++;
		}
		assertTrue(n >= 4, "gaussian fixtures read: " + n);
	}

	@Test
	void gaussianRadiusIsScipys() {
		assertArrayEquals(new int[] { 13, 13 }, Kernels.get("gaussian(1.5)").dims()); // r = 6
		assertArrayEquals(new int[] { 1, 1 }, Kernels.get("gaussian(0.1)").dims()); // r = 0
		assertArrayEquals(new int[] { 3, 3 }, Kernels.get("gaussian(0.125)").dims()); // int(1.0) = 1
		assertArrayEquals(new int[] { 2001, 2001 }, Kernels.get("gaussian(250.1)").dims()); // r = 1000
	}

	// ---- named kernel errors ----

	@Test
	void badBoxSizesAreRejectedWithTheValue() {
		for (final String n : new String[] { "0", "-1", "2.5", "abc", "3,5", "1e400" })
			assertMessage(() -> Kernels.get("box(" + n + ")"), n, "positive integer");
		assertMessage(() -> Kernels.get("box(1002)"), "1002", "1001");
	}

	@Test
	void badSigmasAreRejectedWithTheValue() {
		assertMessage(() -> Kernels.get("gaussian"), "gaussian", "needs a sigma");
		assertMessage(() -> Kernels.get("gaussian()"), "gaussian()", "needs a sigma");
		for (final String s : new String[] { "0", "-1", "-0.5", "x", "NaN", "Infinity" })
			assertMessage(() -> Kernels.get("gaussian(" + s + ")"), s, "> 0");
		assertMessage(() -> Kernels.get("gaussian(250.125)"), "250.125", "too large");
		assertMessage(() -> Kernels.get("gaussian(1e300)"), "1e300", "too large");
	}

	@Test
	void parametersOnFixedKernelsAreRejected() {
		assertMessage(() -> Kernels.get("sobel-x(3)"), "sobel-x(3)", "no parameters");
	}

	@Test
	void unknownNamesListTheNames() {
		assertMessage(() -> Kernels.named("sobelx"), "sobelx", "sobel-x", "gaussian(sigma)");
		assertMessage(() -> Kernels.named("1 2 3"), "1 2 3", "box(n)");
		assertMessage(() -> Kernels.get("sobelx"), "'sobelx' is neither a kernel name", "sobel-x",
			"nor a matrix", "non-numeric value 'sobelx'");
		assertMessage(() -> Kernels.get("box 5"), "'box 5' is neither", "'box'");
		assertMessage(() -> Kernels.get(null), "no kernel", "identity");
	}

	// ---- text kernels ----

	@Test
	void getParsesTextThatIsNotAName() {
		assertKernel(Kernels.get("1 2 1; 0 0 0; -1 -2 -1"), new int[] { 3, 3 }, 1, 2, 1, 0, 0, 0, -1, -2,
			-1);
		assertKernel(Kernels.get("2"), new int[] { 1 }, 2);
	}

	@Test
	void oneRowIsOneDimensional() {
		assertKernel(Kernels.parse("1 2 3"), new int[] { 3 }, 1, 2, 3);
		assertKernel(Kernels.parse("  1 2 3 ;\n"), new int[] { 3 }, 1, 2, 3);
		assertKernel(Kernels.parse("5"), new int[] { 1 }, 5);
	}

	@Test
	void severalRowsAreTwoDimensional() {
		assertKernel(Kernels.parse("1 2 3\n4 5 6"), new int[] { 3, 2 }, 1, 2, 3, 4, 5, 6);
		assertKernel(Kernels.parse("1 2 3; 4 5 6"), new int[] { 3, 2 }, 1, 2, 3, 4, 5, 6);
		assertKernel(Kernels.parse("1 2 3\r\n4 5 6\r\n"), new int[] { 3, 2 }, 1, 2, 3, 4, 5, 6);
		assertKernel(Kernels.parse("1\n2\n3"), new int[] { 1, 3 }, 1, 2, 3);
	}

	@Test
	void valueSeparatorsAreSpacesCommasTabsInAnyRun() {
		assertKernel(Kernels.parse("1,2,3;4,5,6"), new int[] { 3, 2 }, 1, 2, 3, 4, 5, 6);
		assertKernel(Kernels.parse("1\t2\t3\n4\t5\t6"), new int[] { 3, 2 }, 1, 2, 3, 4, 5, 6);
		assertKernel(Kernels.parse(" ,1 ,\t 2,, 3, ;\t4  5\t\t6 "), new int[] { 3, 2 }, 1, 2, 3, 4, 5,
			6);
	}

	@Test
	void blankLinesAndLeadingTrailingSeparatorsAreIgnored() {
		assertKernel(Kernels.parse("\n\n1 2\n\n  \n3 4\n\n"), new int[] { 2, 2 }, 1, 2, 3, 4);
		assertKernel(Kernels.parse(";1 2;;3 4;"), new int[] { 2, 2 }, 1, 2, 3, 4);
		assertKernel(Kernels.parse("|1 2; 3 4|"), new int[] { 2, 2 }, 1, 2, 3, 4);
	}

	@Test
	void planesAreThreeDimensional() {
		assertKernel(Kernels.parse("1 2; 3 4 | 5 6; 7 8"), new int[] { 2, 2, 2 }, 1, 2, 3, 4, 5, 6, 7,
			8);
		assertKernel(Kernels.parse("1 2\n3 4\n|\n5 6\n7 8\n|\n"), new int[] { 2, 2, 2 }, 1, 2, 3, 4, 5, 6,
			7, 8);
		assertKernel(Kernels.parse("1 2 | 3 4 | 5 6"), new int[] { 2, 1, 3 }, 1, 2, 3, 4, 5, 6);
	}

	@Test
	void numbersInJavaAndPythonSyntax() {
		assertKernel(Kernels.parse("1e-3 -0.5 .5 +2 5. 1E2 -.25 2.5e+1"), new int[] { 8 }, 1e-3f, -0.5f,
			0.5f, 2, 5, 100, -0.25f, 25);
	}

	@Test
	void toTextRoundTrips() {
		for (final String s : new String[] { "gaussian5", "sobel-y", "gaussian(0.7)", "1 2; 3 4 | 5 6; 7 8",
			"1.5 -2 3e-5" })
		{
			final Kernel k = Kernels.get(s);
			assertEquals(k, Kernels.parse(k.toText()), s);
		}
	}

	@Test
	void emptyTextIsRejected() {
		for (final String s : new String[] { "", "   ", "\n;\n", " | ; , |", "\t" })
			assertMessage(() -> Kernels.parse(s), "empty kernel");
		assertMessage(() -> Kernels.parse(null), "empty kernel");
		assertMessage(() -> Kernels.get(""), "no kernel", "identity");
		assertMessage(() -> Kernels.get(" | ; , |"), "'| ; , |' is neither", "empty kernel");
	}

	@Test
	void nonNumericValuesAreNamedWithRowAndColumn() {
		assertMessage(() -> Kernels.parse("1 2 3; 4 x 6"), "'x'", "row 2, column 2");
		assertMessage(() -> Kernels.parse("1 2; 3 4 | 5 6; 7 8a"), "'8a'", "row 2 of plane 2, column 2");
		assertMessage(() -> Kernels.parse("1 2; 3 4a | 5 6; 7 8"), "'4a'", "row 2 of plane 1, column 2");
		for (final String s : new String[] { "0x10", "1d", "2f", "1_000", "1e", "--1", "[1", "1.2.3" })
			assertMessage(() -> Kernels.parse("0 " + s), "'" + s + "'", "column 2");
	}

	@Test
	void raggedRowsAreRejected() {
		assertMessage(() -> Kernels.parse("1 2 3\n4 5"), "row 2 has 2 values, row 1 has 3");
		assertMessage(() -> Kernels.parse("1 2; 3 4; 5 6 7"), "row 3 has 3 values, row 1 has 2");
		assertMessage(() -> Kernels.parse("1 2; 3 4 | 5 6; 7"),
			"row 2 of plane 2 has 1 value, row 1 of plane 1 has 2");
	}

	@Test
	void planesOfDifferentSizesAreRejected() {
		assertMessage(() -> Kernels.parse("1 2; 3 4 | 5 6"), "plane 2 is 2x1, plane 1 is 2x2");
		assertMessage(() -> Kernels.parse("1 2; 3 4 | 5 6 7; 8 9 10"), "row 1 of plane 2 has 3 values");
	}

	@Test
	void nonFiniteValuesAreRejected() {
		for (final String s : new String[] { "NaN", "nan", "Infinity", "-Infinity", "inf", "-inf",
			"+INF" })
			assertMessage(() -> Kernels.parse("1 " + s + " 3"), "'" + s + "'", "finite");
		assertMessage(() -> Kernels.parse("1e39"), "'1e39'", "float range");
		assertMessage(() -> Kernels.get("NaN"), "'NaN' is neither", "finite");
	}

	// ---- helpers ----

	static void assertKernel(final Kernel k, final int[] dims, final float... weights) {
		assertArrayEquals(dims, k.dims(), "dims of " + k);
		assertArrayEquals(weights, k.weights(), "weights of " + k);
	}

	/** Asserts that {@code r} throws IllegalArgumentException whose message contains every part. */
	static void assertMessage(final Runnable r, final String... parts) {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
		for (final String p : parts)
			assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' should contain '" +
				p + "'");
	}

	static List<String> resourceLines(final String name) throws IOException {
		try (InputStream in = KernelsTest.class.getResourceAsStream(name)) {
			if (in == null) throw new IOException("test resource " + name + " not found");
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().collect(
				java.util.stream.Collectors.toList());
		}
	}
}
