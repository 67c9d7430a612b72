/**
 * The headless command line ({@code java -jar convnet-ij-cli.jar <subcommand>}), built with picocli:
 * {@code convolve}, {@code correlate}, {@code pool}, {@code augment}, {@code train}, {@code evaluate},
 * {@code kernels}, {@code demo}, {@code bench}, {@code macro}, {@code gui}.
 * <p>
 * The image subcommands read a file ({@link io.github.convnetij.cli.ImageFiles}), run the same
 * SciJava commands as the Fiji menus and macros ({@code io.github.convnetij.command}) with the long
 * options as their parameters ({@code --output-size} is the macro key {@code output_size}; an
 * option left out takes the command's default), and write the result atomically. Exit codes: 0 on
 * success, 2 for bad input or usage, with one line on stderr naming the wrong value and what is
 * accepted, and no output file; 1 for an internal error.
 * <pre>{@code
 * int rc = Main.run(new String[] { "correlate", "--kernel", "sobel-x", "in.tif", "out.tif" },
 *     System.out, System.err);
 * }</pre>
 */
package io.github.convnetij.cli;
