package io.github.convnetij.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/** {@code bench}: times the core operations in-process and prints JSON records. */
@Command(name = "bench", mixinStandardHelpOptions = true,
	description = "Time the core operations on generated data; print one JSON record per line.")
public final class BenchCommand implements Callable<Integer> {

	@Override
	public Integer call() throws Exception {
		throw new UnsupportedOperationException("not yet");
	}
}
