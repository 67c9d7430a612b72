package io.github.convnetij.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * {@link VectorModule} in fresh JVMs started the way Fiji starts (no {@code --add-modules}, but
 * {@code java.lang} open to the class path), without either, and with the module named.
 */
class VectorModuleTest {

	/**
	 * Prints the module status, which loops run, and checksums of a 3x3 image correlation, a
	 * GEMM and a multi-channel convolution, so runs in different JVMs can be compared bit for bit.
	 */
	public static final class Probe {

		public static void main(final String[] args) {
			final Random rnd = new Random(3);
			final Tensor img = TestData.random(rnd, 1, 1, 67, 93);
			final Tensor w = TestData.random(rnd, 1, 1, 3, 3);
			final Tensor out = PlaneConvolutions.correlate(img, w, 0.5f, new int[] { 1, 1 }, new int[] {
				1, 1 }, Boundary.REFLECT, 0f, ConvMethod.DIRECT);
			final float[] a = TestData.random(rnd, 70, 50).data(), b = TestData.random(rnd, 50, 40)
				.data(), c = new float[70 * 40];
			Gemm.sgemm(false, false, 70, 40, 50, 1f, a, 0, 50, b, 0, 40, 0f, c, 0, 40);
			// a CNN layer's convolution: multi-channel, through the GEMM path
			final Tensor layer = Convolutions.correlate(TestData.random(rnd, 2, 3, 19, 23), TestData.random(
				rnd, 8, 3, 3, 3), new float[8], ConvGeometry.of(2).pad(new int[] { 1, 1 }, new int[] { 1,
					1 }));
			System.out.println("status=" + VectorModule.status());
			System.out.println("rows=" + (PlaneConvolutions.vectorized() ? "vector" : "java") + " gemm=" +
				Gemm.kernelName().replaceAll("-.*", ""));
			System.out.println("conv=" + Arrays.hashCode(out.data()) + " gemm=" + Arrays.hashCode(c) +
				" layer=" + Arrays.hashCode(layer.data()));
		}
	}

	private static List<String> run(final String... jvmArgs) throws Exception {
		final List<String> cmd = new ArrayList<>();
		cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		cmd.addAll(Arrays.asList(jvmArgs));
		cmd.add("-cp");
		cmd.add(System.getProperty("java.class.path"));
		cmd.add(Probe.class.getName());
		final File out = Files.createTempFile("vector-module", ".out").toFile();
		final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out).start();
		assertTrue(p.waitFor(120, TimeUnit.SECONDS), "probe finished");
		final List<String> lines = Files.readAllLines(out.toPath(), StandardCharsets.UTF_8);
		out.delete();
		assertEquals(0, p.exitValue(), String.join("\n", lines));
		final List<String> kept = new ArrayList<>();
		for (final String l : lines)
			if (l.matches("(status|rows|conv)=.*")) kept.add(l);
		assertEquals(3, kept.size(), String.join("\n", lines));
		return kept;
	}

	@Test
	void loadedAtRunTimeWhereJavaLangIsOpenWithTheSameResults() throws Exception {
		final List<String> fiji = run("--add-opens=java.base/java.lang=ALL-UNNAMED");
		final List<String> named = run("--add-modules", VectorModule.NAME);
		final List<String> plain = run();
		final List<String> off = run("--add-opens=java.base/java.lang=ALL-UNNAMED",
			"-D" + RowOps.PROPERTY + "=false");
		assertEquals("status=loaded at run time", fiji.get(0));
		assertEquals("rows=vector gemm=vector", fiji.get(1));
		assertTrue(named.get(0).startsWith("status=started with --add-modules"), named.get(0));
		assertEquals("rows=vector gemm=vector", named.get(1));
		assertTrue(plain.get(0).startsWith("status=absent: start Java with --add-modules"), plain
			.get(0));
		assertEquals("rows=java gemm=scalar", plain.get(1));
		assertTrue(off.get(0).startsWith("status=not used"), off.get(0));
		assertEquals("rows=java gemm=scalar", off.get(1));
		// every way gives the same bits
		assertEquals(named.get(2), fiji.get(2));
		assertEquals(named.get(2), plain.get(2));
		assertEquals(named.get(2), off.get(2));
	}
}
