package io.github.convnetij.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.train.EpochMetrics;

/** Feature maps, prediction panels, training curves and augmentation figures as PNG files. */
class PicturesTest {

	@TempDir
	Path dir;

	/** Writes, reads back and checks size, content and text; returns the image read back. */
	private BufferedImage roundTrip(final Figure f, final String name, final String... texts)
		throws IOException
	{
		final Path p = dir.resolve(name);
		Png.write(f, p);
		VizLook.save(f, name);
		final BufferedImage img = ImageIO.read(p.toFile());
		assertEquals(f.width(), img.getWidth(), name);
		assertEquals(f.height(), img.getHeight(), name);
		assertTrue(VizTests.colours(img) > 30, name + " is not blank");
		final Map<String, String> meta = Png.readText(p);
		assertEquals(f.text(), meta, name);
		final String all = String.join("\n", meta.values());
		for (final String t : texts)
			assertTrue(all.contains(t), t + " in the text of " + name + ":\n" + all);
		return img;
	}

	private static Tensor ramp(final int c, final int h, final int w) {
		final Tensor t = Tensor.zeros(c, h, w);
		for (int i = 0; i < t.numel(); i++)
			t.data()[i] = (i * 37 % 101) / 100f;
		return t;
	}

	@Test
	void featureMapsLabelEveryChannel() throws IOException {
		final Tensor input = ramp(1, 28, 28), act = ramp(6, 14, 14);
		final Figure f = FeatureMaps.draw("conv1", input, 0, 1, act, 32);
		roundTrip(f, "feature-maps.png", "conv1/0", "conv1/5", "Feature maps of conv1 (6x14x14)");
		assertEquals("6", f.text().get("Channels"));
		final Figure cut = FeatureMaps.draw("conv1", input, 0, 1, ramp(40, 4, 4), 8);
		assertTrue(cut.text().get(Figure.DESCRIPTION).contains("the first 8 of 40 channels"));
		assertThrows(IllegalArgumentException.class, () -> FeatureMaps.draw("dense", input, 0, 1,
			Tensor.zeros(10), 8));
	}

	@Test
	void predictionPanelsMakeAPagePerSixImages() throws IOException {
		final List<String> classes = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat");
		final List<PredictionPanels.Prediction> ps = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			final float[] p = { 0.05f, 0.1f, 0.6f, 0.2f, 0.05f };
			ps.add(new PredictionPanels.Prediction(ramp(i % 2 == 0 ? 1 : 3, 28, 28), 0, 1, i % 3 == 0 ? -1
				: i % 5, p));
		}
		final List<Figure> pages = PredictionPanels.draw(ps, classes, 3, "Test images");
		assertEquals(2, pages.size());
		roundTrip(pages.get(0), "predictions-1.png", "page 1 of 2", "Pullover 60.0%, Dress 20.0%, " +
			"Trouser 10.0%", "true: Trouser");
		roundTrip(pages.get(1), "predictions-2.png", "page 2 of 2", "true class unknown");
		assertTrue(pages.get(1).width() < pages.get(0).width(), "two panels on the last page");
		final List<Figure> indices = PredictionPanels.draw(ps.subList(0, 1), null, 2, "No names");
		assertTrue(indices.get(0).text().get(Figure.DESCRIPTION).contains("no class names"));
		assertTrue(indices.get(0).text().get("Predictions").contains("class 2 60.0%, class 3 20.0%"));
		assertArrayEquals(new int[] { 2, 3, 1 }, PredictionPanels.top(ps.get(0).probabilities(), 3));
		assertThrows(IllegalArgumentException.class, () -> PredictionPanels.draw(ps, List.of("a"), 3,
			"x"));
	}

	@Test
	void trainingCurvesPlotEveryKnownSeries() throws IOException {
		final List<EpochMetrics> h = new ArrayList<>();
		for (int e = 1; e <= 6; e++)
			h.add(new EpochMetrics(e, 1.0 / e, 0.6 + 0.05 * e, Double.NaN, Double.NaN, 1.1 / e, 0.58 +
				0.05 * e, 3000, 2, 1e-3));
		final Figure f = TrainingCurves.draw(h, "Training");
		roundTrip(f, "training-curves.png", "training loss 0.1667 accuracy 0.9000",
			"test loss 0.1833 accuracy 0.8800");
		assertTrue(!f.text().get("Last epoch").contains("validation"));
		roundTrip(TrainingCurves.draw(h.subList(0, 1), "One epoch"), "training-curves-1.png",
			"One epoch");
	}

	@Test
	void augmentationFigureLabelsEachReplicate() throws IOException {
		final List<Tensor> reps = new ArrayList<>();
		final List<String> labels = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			reps.add(ramp(1, 28, 28));
			labels.add("rot=" + (i * 3.5) + " shift=(1,-2) zoom=(0.95,1.08) flipH brightness=1.1" + i);
		}
		final Figure f = AugmentationFigure.draw(ramp(1, 28, 28), reps, labels, 0, 1, "Augmentation",
			"rotation 20, shift 0.1, zoom 0.9-1.1, horizontal flip");
		roundTrip(f, "augmentation.png", "rot=24.5 shift=(1,-2)", "horizontal flip");
		assertThrows(IllegalArgumentException.class, () -> AugmentationFigure.draw(ramp(1, 4, 4), reps,
			List.of("x"), 0, 1, "t", "s"));
	}
}
