/**
 * The command model shared by every front end: a SciJava command's keys ({@link
 * io.github.convnetij.command.model.CommandKey}: name = macro key, label, kind, choices, limits,
 * description, default) read once from its {@code @Parameter} metadata
 * ({@link io.github.convnetij.command.model.CommandModel}), with the one parser of key values. The
 * ImageJ 1.x bridge builds dialogs, macro parsing and recording from it; the CLI builds its
 * subcommands from it. Imports {@code org.scijava} and {@code ij.ImagePlus} (the image-input kind),
 * so it sits beside the commands, above {@code nn}, {@code ops} and {@code compute}.
 * <pre>{@code
 * CommandModel m = CommandModel.of(ConvolveImageCommand.class);
 * Object boundary = m.key("boundary").parse("Nearest");   // "nearest", as declared
 * }</pre>
 */
package io.github.convnetij.command.model;
