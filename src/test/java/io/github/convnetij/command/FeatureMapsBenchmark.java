package io.github.convnetij.command;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.ImagePlus;
import ij.process.ColorProcessor;

/**
 * The target "feature maps of any layer of ResNet-50 for one 224x224 RGB image within
 * 1 s", timed through the command (Show Feature Maps via {@link CommandService}, headless: model
 * read through the {@link ModelCache}, preprocessing, the layer's ancestors run, the 32-bit stack
 * and the montage drawn), for layers at the start, middle and end. Cold = the first call, which
 * reads the file; warm = later calls (the model cached), median of 3 per layer.
 * <pre>{@code
 * /usr/bin/python3 src/test/python/export_torchvision.py target/torchvision resnet50:224
 * mvn -o -q test-compile && java -Xmx2g --add-modules jdk.incubator.vector \
 *   -cp target/classes:target/test-classes:$(cat cp.txt) \
 *   io.github.convnetij.command.FeatureMapsBenchmark target/torchvision/resnet50.onnx conv1 relu25 add16 dense1
 * }</pre>
 */
public final class FeatureMapsBenchmark {

	private FeatureMapsBenchmark() {}

	public static void main(final String[] args) throws Exception {
		final Path model = Path.of(args[0]);
		final List<String> layers = args.length > 1 ? Arrays.asList(args).subList(1, args.length)
			: List.of("conv1", "relu25", "add16", "dense1");
		final int[] px = new int[224 * 224];
		final Random r = new Random(1);
		for (int i = 0; i < px.length; i++)
			px[i] = r.nextInt(1 << 24);
		final ImagePlus image = new ImagePlus("photo.png", new ColorProcessor(224, 224, px));
		try (Context context = new Context(CommandService.class)) {
			final CommandService cs = context.service(CommandService.class);
			ModelCache.clear();
			final long t0 = System.nanoTime();
			ModelCache.get(model);
			final long t1 = System.nanoTime();
			run(cs, image, model, layers.get(0));
			final long t2 = System.nanoTime();
			System.out.printf(Locale.ROOT, "cold: %.0f ms = file read %.0f ms + first %s %.0f ms%n",
				(t2 - t0) / 1e6, (t1 - t0) / 1e6, layers.get(0), (t2 - t1) / 1e6);
			for (final String layer : layers) {
				final List<Double> ms = new ArrayList<>();
				for (int k = 0; k < 3; k++) {
					final long t = System.nanoTime();
					final CommandModule m = run(cs, image, model, layer);
					ms.add((System.nanoTime() - t) / 1e6);
					if (k == 0) System.out.printf(Locale.ROOT, "  %s -> %s%n", layer, Arrays.toString(
						((ShowFeatureMapsCommand) m.getCommand()).getActivation().shape()));
				}
				ms.sort(null);
				System.out.printf(Locale.ROOT, "warm %-8s median %.0f ms (runs %s)%n", layer, ms.get(1),
					ms);
			}
		}
	}

	private static CommandModule run(final CommandService cs, final ImagePlus image,
		final Path model, final String layer) throws Exception
	{
		final CommandModule m = cs.run(ShowFeatureMapsCommand.class, true, Map.of("image", image,
			"model", model.toFile(), "layer", layer, "max_channels", 64)).get();
		if (m.isCanceled()) throw new IllegalStateException(m.getCancelReason());
		return m;
	}
}
