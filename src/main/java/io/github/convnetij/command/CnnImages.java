package io.github.convnetij.command;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.predict.Classifier;

/**
 * ImageJ images as the raw samples a {@link Classifier} takes: RGB as 3 channels, a composite
 * image's channels as channels when the model takes that many, every other plane of a stack as an
 * image of its own.
 */
public final class CnnImages {

	/** File name endings of images ImageJ 1.x opens (what folders are filtered by). */
	static final Set<String> EXTENSIONS = Set.of("tif", "tiff", "png", "jpg", "jpeg", "gif", "bmp",
		"pgm", "pbm", "ppm", "fits", "dcm");

	private CnnImages() {}

	/** Whether {@code file}'s name ends in one of {@link #EXTENSIONS} (any case). */
	public static boolean isImage(final Path file) {
		final String n = file.getFileName().toString();
		final int dot = n.lastIndexOf('.');
		return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
	}

	/**
	 * One image file, opened by ImageJ 1.x.
	 *
	 * @throws IOException when ImageJ cannot open it, or it holds several images (a stack)
	 */
	public static Classifier.Image fromFile(final Path file, final String name, final int modelChannels)
		throws IOException
	{
		if (java.nio.file.Files.exists(file)) io.github.convnetij.nn.data.ImageHeaders.check(
			file); // sizes checked before ImageJ decodes
		final ImagePlus imp = IJ.openImage(file.toString());
		if (imp == null) throw new IOException("ImageJ cannot open it as an image");
		final List<Classifier.Image> l = fromImagePlus(imp, modelChannels, name);
		if (l.size() != 1) throw new IOException("it holds " + l.size() + " images (a stack): open " +
			"it in ImageJ and run Predict with CNN on the stack");
		return l.get(0);
	}

	/**
	 * The images of {@code imp}: one per plane (RGB: 3 channels each), or one per slice and frame
	 * with all channels when the image has the model's channel count (more than 1). Names:
	 * {@code name} for a single image, else {@code name:label} (the first line of the slice label)
	 * or {@code name:N} (1-based).
	 */
	public static List<Classifier.Image> fromImagePlus(final ImagePlus imp, final int modelChannels,
		final String name)
	{
		final ImageStack s = imp.getStack();
		final int w = imp.getWidth(), h = imp.getHeight(), plane = w * h;
		final boolean rgb = imp.getType() == ImagePlus.COLOR_RGB;
		final int nc = imp.getNChannels();
		final int group = !rgb && nc > 1 && nc == modelChannels ? nc : 1;
		final int n = s.getSize() / group;
		final int bitDepth = rgb ? 8 : imp.getBitDepth();
		final List<Classifier.Image> out = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			final int channels = rgb ? 3 : group;
			final float[] v = new float[channels * plane];
			if (rgb) {
				final int[] p = (int[]) ((ColorProcessor) s.getProcessor(i + 1)).getPixels();
				for (int j = 0; j < plane; j++) {
					v[j] = p[j] >> 16 & 0xff;
					v[plane + j] = p[j] >> 8 & 0xff;
					v[2 * plane + j] = p[j] & 0xff;
				}
			}
			else for (int c = 0; c < group; c++) {
				final ImageProcessor ip = s.getProcessor(i * group + c + 1);
				for (int j = 0; j < plane; j++)
					v[c * plane + j] = ip.getf(j);
			}
			final String label = n == 1 ? name : name + ":" + label(s.getSliceLabel(i * group + 1), i + 1);
			out.add(new Classifier.Image(label, Tensor.of(v, channels, h, w), bitDepth));
		}
		return out;
	}

	private static String label(final String sliceLabel, final int index) {
		if (sliceLabel == null) return Integer.toString(index);
		String l = sliceLabel.strip();
		final int nl = l.indexOf('\n');
		if (nl >= 0) l = l.substring(0, nl).strip();
		return l.isEmpty() ? Integer.toString(index) : l;
	}
}
