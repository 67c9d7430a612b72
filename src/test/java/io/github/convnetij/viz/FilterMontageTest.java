package io.github.convnetij.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.convnetij.compute.Tensor;

/** Filter montages read back from their PNG files equal the weights, tile by tile. */
class FilterMontageTest {

	@TempDir
	Path dir;

	private static Tensor weights(final long seed, final int... shape) {
		final Tensor t = Tensor.zeros(shape);
		final Random r = new Random(seed);
		for (int i = 0; i < t.numel(); i++)
			t.data()[i] = (float) (r.nextGaussian() * 0.2);
		return t;
	}

	/** The display value of {@code v} on the scale -m..+m, written out here independently. */
	private static int expected(final double v, final double m) {
		final long g = Math.round((v + m) / (2 * m) * 255);
		return (int) Math.max(0, Math.min(255, g));
	}

	private BufferedImage written(final FilterMontage.Result r, final String name) throws IOException {
		final Path p = dir.resolve(name);
		Png.write(r.figure(), p);
		VizLook.save(r.figure(), name);
		final BufferedImage img = ImageIO.read(p.toFile());
		assertEquals(r.figure().width(), img.getWidth());
		assertEquals(r.figure().height(), img.getHeight());
		return img;
	}

	private static int channel(final BufferedImage img, final int x, final int y, final int shift) {
		return img.getRGB(x, y) >> shift & 0xff;
	}

	@Test
	void rgbFirstLayerWithSharedScale() throws IOException {
		final Tensor w = weights(1, 8, 3, 5, 5);
		double m = 0;
		for (final float v : w.data())
			m = Math.max(m, Math.abs(v));
		final FilterMontage.Result r = FilterMontage.draw("conv1", w, FilterMontage.Mode.AUTO,
			FilterMontage.Scale.SHARED);
		assertEquals(FilterMontage.Mode.RGB, r.mode());
		final BufferedImage img = written(r, "filters-rgb.png");
		for (int o = 0; o < 8; o++)
			for (int y = 0; y < 5; y++)
				for (int x = 0; x < 5; x++) {
					final int px = r.x()[o] + x * r.zoom() + r.zoom() / 2, py = r.y()[o] + y * r.zoom() + r
						.zoom() / 2;
					for (int c = 0; c < 3; c++)
						assertEquals(expected(w.data()[((o * 3 + c) * 5 + y) * 5 + x], m), channel(img, px, py,
							16 - 8 * c), "tile " + o + " channel " + c + " at " + x + "," + y);
				}
		assertEquals("shared " + Draw.num(m), Png.readText(dir.resolve("filters-rgb.png")).get(
			FilterMontage.SCALE_KEY));
	}

	@Test
	void meanOverInputChannelsWithPerTileScale() throws IOException {
		final Tensor w = weights(2, 12, 4, 3, 3);
		final FilterMontage.Result r = FilterMontage.draw("conv2", w, FilterMontage.Mode.AUTO,
			FilterMontage.Scale.PER_TILE);
		assertEquals(FilterMontage.Mode.MEAN, r.mode());
		final BufferedImage img = written(r, "filters-mean.png");
		for (int o = 0; o < 12; o++) {
			final double[] mean = new double[9];
			for (int i = 0; i < 4; i++)
				for (int k = 0; k < 9; k++)
					mean[k] += w.data()[(o * 4 + i) * 9 + k] / 4.0;
			double m = 0;
			for (final double v : mean)
				m = Math.max(m, Math.abs(v));
			assertEquals(m, r.range()[o], 1e-6);
			for (int k = 0; k < 9; k++) {
				final int px = r.x()[o] + k % 3 * r.zoom() + 1, py = r.y()[o] + k / 3 * r.zoom() + 1;
				assertEquals(expected(mean[k], m), channel(img, px, py, 8), 1, "tile " + o + " weight " +
					k);
			}
		}
		assertEquals("per-tile", Png.readText(dir.resolve("filters-mean.png")).get(
			FilterMontage.SCALE_KEY));
	}

	@Test
	void oneRowPerOutputChannel() throws IOException {
		final Tensor w = weights(3, 4, 6, 3, 3);
		double m = 0;
		for (final float v : w.data())
			m = Math.max(m, Math.abs(v));
		final FilterMontage.Result r = FilterMontage.draw("conv3", w, FilterMontage.Mode.ROWS,
			FilterMontage.Scale.SHARED);
		assertEquals(6, r.columns());
		final BufferedImage img = written(r, "filters-rows.png");
		for (int o = 0; o < 4; o++)
			for (int i = 0; i < 6; i++) {
				final int t = o * 6 + i;
				for (int k = 0; k < 9; k++)
					assertEquals(expected(w.data()[(o * 6 + i) * 9 + k], m), channel(img, r.x()[t] + k % 3 * r
						.zoom() + 1, r.y()[t] + k / 3 * r.zoom() + 1, 0), "out " + o + " in " + i);
			}
		// rows of the same output channel share a y, columns an x
		assertEquals(r.y()[0], r.y()[5]);
		assertEquals(r.x()[0], r.x()[6]);
		assertTrue(r.y()[6] > r.y()[0]);
	}

	@Test
	void badWeightsAreRefused() {
		assertThrows(IllegalArgumentException.class, () -> FilterMontage.draw("d", Tensor.zeros(10, 20),
			FilterMontage.Mode.AUTO, FilterMontage.Scale.SHARED));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> FilterMontage.draw("c", Tensor.zeros(4, 2, 3, 3), FilterMontage.Mode.RGB,
				FilterMontage.Scale.SHARED));
		assertTrue(e.getMessage().contains("2 input channels"), e.getMessage());
	}
}
