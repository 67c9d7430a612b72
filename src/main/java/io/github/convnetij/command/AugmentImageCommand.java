package io.github.convnetij.command;

import static io.github.convnetij.command.ImagePlusImgs.C;
import static io.github.convnetij.command.ImagePlusImgs.T;
import static io.github.convnetij.command.ImagePlusImgs.Z;

import java.util.Arrays;
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import io.github.convnetij.compute.HeapBudget;
import ij.ImageStack;
import io.github.convnetij.compute.Tensor;
import io.github.convnetij.ops.augment.AugmentOps;
import io.github.convnetij.ops.augment.AugmentedImage;
import io.github.convnetij.ops.augment.Augmentation;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * <i>Plugins&gt;ConvNet-IJ&gt;Augment Image...</i>: seeded random replicates of an image with the
 * distortions of Keras' {@code ImageDataGenerator}, as a stack whose slice labels state the sampled
 * parameters.
 * <p>
 * Macro keys (all optional but {@code image}; a missing key takes the default shown):
 * {@code rotation_range} (degrees, uniform in [-r, r], positive clockwise; 0),
 * {@code width_shift_range}, {@code height_shift_range} (below 1 a fraction of the width or height,
 * from 1 on pixels; 0), {@code shear_range} (degrees, below 90; 0), {@code zoom_range} ({@code z}
 * for factors in [1-z, 1+z] or {@code min,max}; X and Y drawn independently; a factor below 1
 * enlarges; 0), {@code horizontal_flip}, {@code vertical_flip} (each with probability 1/2; false),
 * {@code fill_mode} ({@code constant}, {@code nearest}, {@code reflect}, {@code wrap}, also
 * {@code zero} and {@code mirror}; nearest), {@code cval} (the value for fill_mode=constant; 0),
 * {@code interpolation} ({@code nearest}, {@code bilinear}, {@code bicubic}; bilinear),
 * {@code brightness_range} (empty, or {@code min,max}: values multiplied by a factor in it; empty),
 * {@code noise} (sigma of added Gaussian noise, in the image's units; 0), {@code count} (augmented
 * replicates; 8), {@code seed} (42), {@code include_original} (the unchanged image first; true),
 * {@code stack_transform} ({@code [per slice]}: every slice and frame its own transform, for a
 * stack of separate images; {@code [whole stack]}: one transform per replicate for all slices, for
 * a volume or time series; per slice), {@code preview} (also show a montage of the original next
 * to its replicates; false). Channels (and R, G, B) always share a transform.
 * <p>
 * The result {@code <title>-augmented} is 32-bit (RGB for RGB input), with the input's calibration:
 * for a single image (any number of channels) the replicates are its slices; for a stack with
 * slices or frames, each replicate is a copy of the whole stack and the copies follow each other
 * as frames (frames = input frames x replicates). Slice labels are {@code original} or the
 * sampled parameters, e.g. {@code rot=12.4 shift=3,-1 shear=4.0 zoom=0.93,1.05 flipH}, after
 * the input slice's label and {@code " | "} when it had one; written so that ImageJ's short label
 * (the window's subtitle, {@code getInfo("slice.label")}) shows them whole: a label longer than
 * 60 characters gets a first line of the words that fit and the whole text on its second line. The same seed and parameters give
 * bitwise the same result on any number of threads, and include_original does not change the
 * augmented replicates. Selections are ignored.
 * <pre>{@code
 * run("Augment Image...", "rotation_range=20 zoom_range=0.1 horizontal_flip=true fill_mode=reflect count=16 seed=7");
 * }</pre>
 */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet-IJ>Augment Image...", headless = true,
	description = "Seeded random rotations, shifts, shears, zooms, flips, brightness and noise")
public class AugmentImageCommand implements Command {

	/** {@code stack_transform} choice: every plane its own transform. */
	static final String PER_SLICE = "per slice";
	/** {@code stack_transform} choice: one transform per replicate. */
	static final String WHOLE_STACK = "whole stack";

	@Parameter(label = "Image", description = "The image to augment: 8-bit, 16-bit, 32-bit or RGB, " +
		"any number of channels, slices and frames.", persist = false)
	private ImagePlus image;

	@Parameter(label = "Rotation range (degrees)", description = "Rotations uniform in " +
		"[-r, r] degrees, positive clockwise; 0 = none.", min = "0", persist = false)
	private double rotation_range = 0;

	@Parameter(label = "Width shift range", description = "Horizontal shifts uniform in [-s, s]: " +
		"below 1 a fraction of the width, from 1 on pixels (a whole number gives whole pixels).",
		min = "0", persist = false)
	private double width_shift_range = 0;

	@Parameter(label = "Height shift range", description = "Vertical shifts, as the width shift " +
		"range.", min = "0", persist = false)
	private double height_shift_range = 0;

	@Parameter(label = "Shear range (degrees)", description = "Shear angles uniform in [-s, s] " +
		"degrees (Keras' shear), s below 90.", min = "0", persist = false)
	private double shear_range = 0;

	@Parameter(label = "Zoom range", description = "z for zoom factors in [1-z, 1+z] (0 <= z < 1), " +
		"or 'min,max'; X and Y factors are drawn independently; a factor below 1 enlarges (Keras).", persist = false)
	private String zoom_range = "0";

	@Parameter(label = "Horizontal flip", description = "Flip left-right with probability 1/2.",
		persist = false)
	private boolean horizontal_flip = false;

	@Parameter(label = "Vertical flip", description = "Flip top-bottom with probability 1/2.",
		persist = false)
	private boolean vertical_flip = false;

	@Parameter(label = "Fill mode", description = "Values outside the image: constant (cval); " +
		"nearest (edge pixel repeated); reflect (d c b a | a b c d); wrap (periodic); zero; mirror " +
		"(d c b | a b c d).", choices = { "nearest", "constant", "reflect", "wrap", "zero", "mirror" },
		persist = false)
	private String fill_mode = "nearest";

	@Parameter(label = "Constant value (cval)", description = "The value outside the image for " +
		"fill_mode=constant.", persist = false)
	private double cval = 0;

	@Parameter(label = "Interpolation", description = "How values between pixels are read.",
		choices = { "bilinear", "nearest", "bicubic" }, persist = false)
	private String interpolation = "bilinear";

	@Parameter(label = "Brightness range", description = "Empty = off, or 'min,max': the values " +
		"are multiplied by a factor uniform in [min, max].", required = false, persist = false)
	private String brightness_range = "";

	@Parameter(label = "Noise (sigma)", description = "Standard deviation of Gaussian noise added " +
		"to every value, in the image's units; 0 = none.", min = "0", persist = false)
	private double noise = 0;

	@Parameter(label = "Count", description = "Number of augmented replicates.", min = "1",
		persist = false)
	private int count = 8;

	@Parameter(label = "Seed", description = "Random seed: the same seed and parameters give the " +
		"same replicates.", persist = false)
	private long seed = 42;

	@Parameter(label = "Include original", description = "Put the unchanged image first.",
		persist = false)
	private boolean include_original = true;

	@Parameter(label = "Stack transform", description = "per slice: every slice and frame gets its " +
		"own transform (a stack of separate images); whole stack: one transform per replicate for all " +
		"slices (a volume or time series). Channels always share a transform.", choices = { PER_SLICE,
			WHOLE_STACK }, persist = false)
	private String stack_transform = PER_SLICE;

	@Parameter(label = "Preview montage", description = "Also show a montage of the original next " +
		"to its replicates (of the displayed slice); in the ImageJ dialog it is shown live. The " +
		"replicate stack stays the active image.", persist = false)
	private boolean preview = false;

	@Parameter(label = "Result", type = ItemIO.OUTPUT)
	private ImagePlus result;

	@Parameter(label = "Preview", type = ItemIO.OUTPUT, required = false)
	private ImagePlus montage;

	/** Checks the zoom range (a dialog's live check, see CommandSupport). */
	void checkZoomRange() {
		Augmentation.none().zoomRange(zoom_range);
	}

	/** Checks the brightness range (a dialog's live check). */
	void checkBrightnessRange() {
		Augmentation.none().brightnessRange(brightness_range);
	}

	/** The replicates, after {@link #run()}. */
	public ImagePlus getResult() {
		return result;
	}

	/** The preview montage after {@link #run()} with {@code preview=true}, else null. */
	public ImagePlus getMontage() {
		return montage;
	}

	@Override
	@SuppressWarnings("unchecked")
	public void run() {
		final ImagePlus in = CommandSupport.requireImage(image);
		final Augmentation a = augmentation();
		if (count < 1) throw new IllegalArgumentException("count: " + count +
			" is not allowed: expected a whole number of replicates >= 1");
		final boolean perSlice = perSlice(stack_transform);
		final boolean rgb = in.getType() == ImagePlus.COLOR_RGB;
		final long inPixels = (long) in.getWidth() * in.getHeight() * in.getStackSize() * (rgb ? 3 : 1);
		final long reps = (long) count + (include_original ? 1 : 0);
		CommandSupport.checkMemory("count", count + " replicates of '" + in.getTitle() + "' (" + in
			.getWidth() + " x " + in.getHeight() + " pixels" + (inPixels > (long) in.getWidth() * in
				.getHeight() ? ", " + inPixels / ((long) in.getWidth() * in.getHeight()) + " planes" : "") +
			")", inPixels, HeapBudget.times(inPixels, reps), "use a smaller count");

		final RandomAccessibleInterval<? extends RealType<?>> wrapped = ImagePlusImgs.wrap(in);
		final AugmentedImage aug = AugmentOps.augment(ImagePlusImgs.real(wrapped), C, a, count, seed,
			include_original, perSlice);

		final int w = in.getWidth(), h = in.getHeight();
		final int nc = (int) wrapped.dimension(C), nz = (int) wrapped.dimension(Z), nt = (int) wrapped
			.dimension(T);
		final int r = aug.replicates();
		final boolean single = nz == 1 && nt == 1;
		final int outZ = single ? r : nz, outT = single ? 1 : nt * r;
		final ArrayImg<FloatType, FloatArray> out5 = ArrayImgs.floats(aug.tensor().data(), w, h, nc,
			outZ, outT);
		final ImagePlus res = ImagePlusImgs.toImagePlus(out5, rgb, in.getTitle(), null, null);
		final String provenance = "augment " + a.describe() + " count=" + count + " seed=" + seed +
			" include_original=" + include_original + (in.getStackSize() / in.getNChannels() > 1
				? " stack_transform=[" + (perSlice ? PER_SLICE : WHOLE_STACK) + "]" : "");
		result = CommandSupport.finish(in, res, "-augmented", CommandSupport.calibration(in,
			new double[3], new double[] { 1, 1, 1 }), 0, provenance);
		final ImageStack os = result.getStack();
		final int outPlanes = outZ * outT;
		for (int p = 0; p < outPlanes; p++) {
			final int rep = single ? p : p / (nz * nt), q = single ? 0 : p % (nz * nt);
			for (int c = 0; c < (rgb ? 1 : nc); c++) {
				final String inLabel = shortLabel(CommandSupport.inputLabel(in, q * (rgb ? 1 : nc) + c +
					1));
				final String label = aug.label(rep, q);
				os.setSliceLabel(CommandSupport.sliceLabel(inLabel == null ? label : inLabel + " | " +
					label), p * (rgb ? 1 : nc) + c + 1);
			}
		}
		montage = preview ? montage(in, wrapped, aug, rgb, nc) : null;
	}

	private Augmentation augmentation() {
		return Augmentation.none().rotationRange(rotation_range).widthShiftRange(width_shift_range)
			.heightShiftRange(height_shift_range).shearRange(shear_range).zoomRange(zoom_range)
			.horizontalFlip(horizontal_flip).verticalFlip(vertical_flip).fillMode(fill_mode).cval(cval)
			.interpolation(interpolation).brightnessRange(brightness_range).noise(noise);
	}

	private static boolean perSlice(final String choice) {
		final String s = choice == null ? "" : choice.trim().toLowerCase(Locale.ROOT);
		if (s.equals(PER_SLICE)) return true;
		if (s.equals(WHOLE_STACK)) return false;
		throw new IllegalArgumentException("stack_transform: unknown value '" + choice +
			"': expected '" + PER_SLICE + "' or '" + WHOLE_STACK + "'");
	}

	/** The first line of a slice label, at most 60 characters, or null if there is none. */
	private static String shortLabel(final String label) {
		if (label == null) return null;
		String s = label.strip();
		final int nl = s.indexOf('\n');
		if (nl >= 0) s = s.substring(0, nl).strip();
		if (s.isEmpty()) return null;
		return s.length() > 60 ? s.substring(0, 60) : s;
	}

	/**
	 * The displayed plane of the original and of every replicate, side by side in a grid (row by
	 * row, the original first), 2 pixels apart; all channels kept.
	 */
	private static ImagePlus montage(final ImagePlus in,
		final RandomAccessibleInterval<? extends RealType<?>> wrapped, final AugmentedImage aug,
		final boolean rgb, final int nc)
	{
		final int w = in.getWidth(), h = in.getHeight(), gap = 2;
		final int q = (in.getZ() - 1) + in.getNSlices() * (in.getT() - 1);
		final boolean hasOriginal = aug.isOriginal(0);
		final int tiles = aug.replicates() + (hasOriginal ? 0 : 1);
		final int cols = (int) Math.ceil(Math.sqrt(tiles)), rows = (tiles + cols - 1) / cols;
		final int mw = cols * w + (cols - 1) * gap, mh = rows * h + (rows - 1) * gap;
		final float[] m = new float[mw * mh * nc];
		final Tensor t = aug.tensor(); // [R, Q, C, H, W]
		final float[] data = t.data();
		final int planes = aug.planes();
		// the original's plane, from the input
		final float[] original = new float[nc * w * h];
		final Cursor<? extends RealType<?>> cursor = Views.flatIterable(Views.hyperSlice(Views
			.hyperSlice(wrapped, T, in.getT() - 1), Z, in.getZ() - 1)).cursor();
		for (int i = 0; cursor.hasNext(); i++)
			original[i] = cursor.next().getRealFloat();
		float max = Float.NEGATIVE_INFINITY;
		for (final float v : original)
			if (v > max) max = v;
		for (final float v : data)
			if (v > max) max = v;
		Arrays.fill(m, rgb ? 255f : Float.isFinite(max) ? max : 0f);
		final StringBuilder info = new StringBuilder("ConvNet-IJ: augment preview, tiles row by row:");
		for (int k = 0; k < tiles; k++) {
			final int rep = hasOriginal ? k : k - 1;
			final int x0 = k % cols * (w + gap), y0 = k / cols * (h + gap);
			for (int c = 0; c < nc; c++) {
				final float[] src = rep < 0 ? original : data;
				final int srcOff = rep < 0 ? c * w * h : ((rep * planes + q) * nc + c) * w * h;
				for (int y = 0; y < h; y++)
					System.arraycopy(src, srcOff + y * w, m, c * mw * mh + (y0 + y) * mw + x0, w);
			}
			info.append('\n').append(k + 1).append(": ").append(rep < 0 ? "original" : aug.label(rep, q));
		}
		final ImagePlus mont = ImagePlusImgs.toImagePlus(ArrayImgs.floats(m, mw, mh, nc, 1, 1), rgb,
			CommandSupport.baseTitle(in.getTitle()) + "-augment-preview", null, null);
		mont.setProperty("Info", info.toString());
		return ImagePlusImgs.withLuts(in, mont);
	}
}
