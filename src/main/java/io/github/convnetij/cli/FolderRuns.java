package io.github.convnetij.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.scijava.module.Module;

import ij.ImagePlus;
import io.github.convnetij.command.CnnImages;
import io.github.convnetij.nn.predict.Predictions;
import io.github.convnetij.nn.predict.Shard;

/**
 * Folder-to-folder runs of the image subcommands ({@code convolve}, {@code correlate},
 * {@code pool}, {@code augment}): with a folder as INPUT, every image file of it (sorted by
 * path; {@code --shard I/N} or a SLURM array task takes its share) is run through the command and
 * written to the OUTPUT folder (created if missing) as a 32-bit TIFF with the same base name.
 * Each file is written atomically; when one fails, the files this run wrote are removed.
 * <pre>{@code
 * java -jar convnet-ij-cli.jar convolve --kernel sobel-x --shard 0/4 images/ edges/
 * }</pre>
 */
final class FolderRuns {

	private FolderRuns() {}

	/** {@code single} for a file as INPUT, a folder run for a folder. */
	static CliSubcommand.Action orFolder(final CliSubcommand.Action single) {
		return run -> {
			final Path in = run.value(CliOptions.INPUT);
			final String shard = run.value(CliOptions.SHARD);
			if (in != null && Files.isDirectory(in)) folder(run, in, run.value(CliOptions.OUTPUT), shard);
			else if (shard != null) throw new IllegalArgumentException("--shard: '" + shard +
				"' needs a folder as INPUT ('" + in + "' is a file)");
			else single.run(run);
		};
	}

	private static void folder(final CliSubcommand.Run run, final Path in, final Path out,
		final String shardText) throws IOException
	{
		run.threads();
		final Shard shard;
		try {
			shard = Shard.resolve(shardText, System.getenv(), line -> {
				run.err().println(line);
				run.err().flush();
			});
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException("--shard: " + e.getMessage(), e);
		}
		if (Files.exists(out) && !Files.isDirectory(out)) throw new IllegalArgumentException(
			"OUTPUT: '" + out + "' is a file: with a folder as INPUT, OUTPUT is a folder (created if " +
				"missing)");
		final Path parent = out.toAbsolutePath().normalize().getParent();
		if (!Files.exists(out) && parent != null && !Files.isDirectory(parent))
			throw new IllegalArgumentException("OUTPUT: the folder '" + parent + "' does not exist " +
				"(the output folder '" + out.getFileName() + "' is created only inside an existing one)");
		final List<Path> all;
		try {
			all = Predictions.files(List.of(in), CnnImages::isImage);
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException("INPUT: " + e.getMessage(), e);
		}
		final Map<String, Path> names = new HashMap<>();
		for (final Path f : all) {
			final Path before = names.put(base(f), f);
			if (before != null) throw new IllegalArgumentException("INPUT: '" + before.getFileName() +
				"' and '" + f.getFileName() + "' would both be written to " + base(f) + ".tif");
		}
		final List<Path> files = shard.select(all);
		final String image = run.subcommand().model().imageKeys().get(0).key();
		final boolean created = !Files.exists(out);
		final List<Path> written = new ArrayList<>();
		boolean done = false;
		try {
			for (final Path f : files) {
				final ImagePlus imp;
				try {
					imp = ImageFiles.read(f);
				}
				catch (final IllegalArgumentException e) {
					throw new IllegalArgumentException("INPUT: " + e.getMessage(), e);
				}
				run.inputs().put(image, imp);
				final Module m;
				try {
					m = run.runCommand();
				}
				catch (final IllegalArgumentException e) {
					throw new IllegalArgumentException(e.getMessage() + " (in '" + f + "')", e);
				}
				Files.createDirectories(out);
				final Path target = out.resolve(base(f) + ".tif");
				ImageFiles.write((ImagePlus) m.getOutput("result"), target);
				written.add(target);
			}
			done = true;
		}
		finally {
			if (!done) {
				for (final Path p : written)
					Files.deleteIfExists(p);
				if (created && Files.isDirectory(out)) try (var s = Files.list(out)) {
					if (s.findAny().isEmpty()) Files.delete(out);
				}
			}
		}
		run.out().println(files.size() + " of " + all.size() + " images written to " + out + (shard
			.isAll() ? "" : " (shard " + shard + ")"));
		run.out().flush();
	}

	/** {@code a.png} gives {@code a}. */
	private static String base(final Path f) {
		final String n = f.getFileName().toString();
		final int dot = n.lastIndexOf('.');
		return dot > 0 ? n.substring(0, dot) : n;
	}
}
