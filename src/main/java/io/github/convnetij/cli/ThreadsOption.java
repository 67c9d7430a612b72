package io.github.convnetij.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --threads N} option shared by the subcommands that compute, as a picocli mixin:
 * <pre>{@code
 * @Mixin ThreadsOption threads;
 * ...
 * CommandRunner.run(PoolImageCommand.class, inputs, threads.requested());
 * }</pre>
 */
final class ThreadsOption {

	@Option(names = "--threads", paramLabel = "N", description = "Threads to use. Default: all " +
		"cores.")
	Integer threads;

	/**
	 * The number given, or null when the option was left out.
	 *
	 * @throws IllegalArgumentException for a number below 1, naming the option
	 */
	Integer requested() {
		Cli.checkThreads(threads);
		return threads;
	}

	/** The number given, or all cores. */
	int count() {
		final Integer t = requested();
		return t != null ? t : Runtime.getRuntime().availableProcessors();
	}
}
