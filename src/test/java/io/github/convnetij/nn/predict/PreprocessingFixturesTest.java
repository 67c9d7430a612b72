package io.github.convnetij.nn.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.data.ResizeCrop;
import io.github.convnetij.nn.onnx.InputSpec;
import io.github.convnetij.nn.onnx.ModelFile;

/**
 * The preprocessing of imported ImageNet classifiers against torchvision's own PIL path
 * ({@code Resize}, {@code CenterCrop}, {@code ToTensor}, {@code Normalize} with ImageNet's mean and
 * std): {@code src/test/python/make_preprocessing_fixtures.py} writes seeded PNG images (RGB, gray,
 * odd sizes, up- and downscaling, padding, a non-square crop), one 32-bit float image (PIL's mode
 * F, resampled without rounding) and torchvision's tensors into
 * {@code target/preprocessing-fixtures/}; {@link Classifier#preprocess} must give every value
 * within {@value #TOLERANCE} of torchvision's (it gives them bitwise on torchvision 0.14 with
 * Pillow 9.4). Skipped, with a printed note, where {@code /usr/bin/python3} with torch,
 * torchvision and PIL is not installed.
 */
class PreprocessingFixturesTest {

	/** The largest difference allowed from torchvision's values (normalised units). */
	static final float TOLERANCE = 1e-5f;

	static final Path SCRIPT = Path.of("src/test/python/make_preprocessing_fixtures.py");
	static final Path OUT = Path.of("target/preprocessing-fixtures");
	static final double[] MEAN = { 0.485, 0.456, 0.406 }, STD = { 0.229, 0.224, 0.225 };

	/** Runs the fixture script unless its output is newer than it; skips without torch. */
	static Path fixtures() throws IOException, InterruptedException {
		final Path cases = OUT.resolve("cases.txt");
		if (Files.isRegularFile(cases) && Files.getLastModifiedTime(cases).compareTo(Files
			.getLastModifiedTime(SCRIPT)) > 0) return OUT;
		String note = null;
		if (!Files.isExecutable(Path.of("/usr/bin/python3"))) note = "no /usr/bin/python3";
		else {
			Files.createDirectories(OUT);
			final Process p = new ProcessBuilder("/usr/bin/python3", SCRIPT.toString(), OUT.toString())
				.redirectErrorStream(true).start();
			final String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!p.waitFor(5, TimeUnit.MINUTES)) {
				p.destroyForcibly();
				throw new IllegalStateException("the preprocessing fixtures did not finish");
			}
			if (p.exitValue() == 3) note = "python3 has no torch/torchvision/PIL: " + text.strip();
			else if (p.exitValue() != 0) throw new IllegalStateException("the preprocessing fixtures " +
				"failed:\n" + text);
		}
		if (note != null) System.out.println("PreprocessingFixturesTest: skipped (" + note + ")");
		assumeTrue(note == null, note);
		return OUT;
	}

	/** A PNG's samples as stored, {@code [C, H, W]} (read by ImageIO, not by the code under test). */
	static Classifier.Image png(final Path file) throws IOException {
		final BufferedImage img = ImageIO.read(file.toFile());
		final Raster r = img.getRaster();
		final int w = img.getWidth(), h = img.getHeight(), c = r.getNumBands();
		final float[] v = new float[c * w * h];
		for (int b = 0; b < c; b++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					v[(b * h + y) * w + x] = r.getSample(x, y, b);
		return new Classifier.Image(file.getFileName().toString(), Tensor.of(v, c, h, w), 8);
	}

	static float[] floats(final Path f) throws IOException {
		final byte[] b = Files.readAllBytes(f);
		final float[] v = new float[b.length / 4];
		ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
		return v;
	}

	/** A classifier of 3 x cropH x cropW images whose preprocessing record is that of an import. */
	static Classifier classifier(final int resize, final int cropH, final int cropW) {
		final Network net = Architectures.parse("globalavgpool, flatten, dense(2), softmax",
			new int[] { 3, cropH, cropW }, 0);
		final String json = new ResizeCrop(resize, true, cropH, cropW).toJson(3, MEAN, STD);
		return Classifier.of(ModelFile.of(net, List.of("a", "b"), InputSpec.uint8(3, cropH, cropW))
			.withMetadata(Classifier.PREPROCESSING, json));
	}

	@Test
	void preprocessingMatchesTorchvisionsPilPath() throws Exception {
		final Path dir = fixtures();
		final List<String> lines = Files.readAllLines(dir.resolve("cases.txt"));
		assertTrue(lines.size() >= 8, "cases: " + lines);
		int bitwise = 0;
		float worstAll = 0;
		for (final String line : lines) {
			final String[] f = line.strip().split(" ");
			final String name = f[0];
			final int resize = Integer.parseInt(f[1]), ch = Integer.parseInt(f[2]), cw = Integer.parseInt(
				f[3]);
			final float[] expected = floats(dir.resolve(name + ".f32"));
			assertEquals(3 * ch * cw, expected.length, name);
			final Classifier.Image img = f.length > 4 ? new Classifier.Image(name, Tensor.of(floats(dir
				.resolve(name + ".raw.f32")), 3, Integer.parseInt(f[4]), Integer.parseInt(f[5])), 32) : png(dir
					.resolve(name + ".png"));
			final Tensor x = classifier(resize, ch, cw).preprocess(img);
			assertEquals(3 * ch * cw, x.numel(), name);
			float worst = 0;
			int equal = 0;
			for (int i = 0; i < expected.length; i++) {
				final float d = Math.abs(x.data()[i] - expected[i]);
				if (Float.floatToIntBits(x.data()[i]) == Float.floatToIntBits(expected[i])) equal++;
				if (d > worst) worst = d;
				assertTrue(d <= TOLERANCE, name + " value " + i + " (channel " + i / (ch * cw) + ", row " + i /
					cw % ch + ", column " + i % cw + "): " + x.data()[i] + ", torchvision " + expected[i]);
			}
			if (equal == expected.length) bitwise++;
			worstAll = Math.max(worstAll, worst);
			System.out.printf("PreprocessingFixturesTest: %s: largest difference %.3g, %d of %d values " +
				"bitwise equal%n", name, worst, equal, expected.length);
		}
		System.out.printf("PreprocessingFixturesTest: %d of %d fixtures bitwise equal, largest " +
			"difference %.3g (tolerance %.0e)%n", bitwise, lines.size(), worstAll, TOLERANCE);
	}
}
