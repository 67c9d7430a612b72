package io.github.convnetij.cli;

import java.io.IOException;
import java.nio.file.Path;

import ij.ImagePlus;

/**
 * Reading and writing image files for the CLI: anything ImageJ 1.x opens (TIFF including 32-bit
 * and stacks, PNG, JPEG, GIF, BMP, PGM) plus text images ({@code .txt}, {@code .csv}, {@code .tsv}:
 * one row per line, numbers separated by spaces, commas or tabs); output chosen by extension:
 * {@code .tif}/{@code .tiff} (32-bit float, stacks kept), {@code .csv}/{@code .txt}/{@code .tsv}
 * (text image with exact float values), {@code .png} (8-bit, scaled min-max). Writes go to a
 * temporary file in the target folder, then are moved into place, so a failure leaves no file.
 */
public final class ImageFiles {

	private ImageFiles() {}

	/**
	 * @throws IOException for a missing or unreadable file, with a message naming the path
	 * @throws IllegalArgumentException for malformed content (ragged or non-numeric text)
	 */
	public static ImagePlus read(final Path path) throws IOException {
		throw new UnsupportedOperationException("not yet");
	}

	/**
	 * @throws IllegalArgumentException for an unsupported extension, naming it and the accepted ones
	 * @throws IOException if the file cannot be written
	 */
	public static void write(final ImagePlus image, final Path path) throws IOException {
		throw new UnsupportedOperationException("not yet");
	}
}
