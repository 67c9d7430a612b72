/**
 * The ImageJ 1.x front end: ConvNet-IJ's SciJava commands as menu entries, dialogs and macro
 * commands of a plain ImageJ 1.x (which has neither scijava-common nor ImageJ2's command
 * support), and ImageJ 1.x patched for headless macros and for the GUI of the command line.
 * <p>
 * One generic bridge, {@link io.github.convnetij.ij1.CommandBridge}, runs every command: it reads
 * the command's parameters (names, types, choices, limits, defaults, labels) from its SciJava
 * metadata, parses a macro's options by parameter name, or shows a dialog built from them (with a
 * live preview for filters) and records the run by parameter name. Its menu entries are the
 * {@code plugins.config} of {@code ConvNet_IJ.jar}, one line per command under
 * <i>Plugins&gt;ConvNet-IJ</i> ({@link io.github.convnetij.ij1.PluginsConfig}). The Fiji jar has no
 * {@code plugins.config}: in Fiji, ImageJ2 runs the SciJava commands itself, with the same labels
 * and keys, so macros work unchanged in both.
 * <pre>{@code
 * run("Convolve Image...", "kernel=sobel-x boundary=reflect output_size=same normalize=false");
 * run("Pool Image...", "op=max size=2");
 * }</pre>
 * {@link io.github.convnetij.ij1.LegacyImageJ} starts an ImageJ 1.x patched with ij1-patcher in a
 * class loader of its own, headless for macros or with its GUI, with ConvNet-IJ installed; the
 * command line's {@code macro} and {@code gui} subcommands and the tests use it. The package
 * {@code io.github.convnetij.ij1.site} lays out the Fiji update site.
 */
package io.github.convnetij.ij1;
