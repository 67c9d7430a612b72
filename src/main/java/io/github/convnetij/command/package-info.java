/**
 * SciJava commands: the menu entries under <i>Plugins&gt;ConvNet-IJ</i>, also run by macros, by the
 * CLI and by scripts through {@code CommandService}.
 * <p>
 * Commands are thin: they parse their parameters, make one call into {@code io.github.convnetij.ops}
 * and wrap the result. They take and return ImageJ 1.x {@code ImagePlus} images, whose pixels
 * {@link io.github.convnetij.command.ImagePlusImgs} wraps without copying as ImgLib2 images (axes X,
 * Y, C, Z, T). Parameter field names are snake_case: they are the macro keys, and with {@code -} for
 * {@code _} the CLI's long options. No parameter persists between runs: a key missing from a call
 * takes its documented default. Invalid values throw {@link java.lang.IllegalArgumentException}
 * with a message that starts with the key, names the value and says what is accepted; a missing
 * image cancels the command (SciJava's "'image' is required but unset.").
 * <pre>{@code
 * try (Context context = new Context()) {
 *     CommandModule m = context.service(CommandService.class).run(CorrelateImageCommand.class, true,
 *         "image", imp, "kernel", "sobel-x").get();
 *     ImagePlus edges = (ImagePlus) m.getOutput("result");
 * }
 * }</pre>
 * Threads are not a parameter: the core runs on ImgLib2's {@code Parallelization} context (all
 * cores by default; wrap the call in {@code Parallelization.runWithNumThreads(n, ...)} to limit).
 */
package io.github.convnetij.command;
