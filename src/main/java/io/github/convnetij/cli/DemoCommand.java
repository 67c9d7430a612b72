package io.github.convnetij.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/** {@code demo}: applies the named kernels to a bundled sample image and writes a labelled montage. */
@Command(name = "demo", mixinStandardHelpOptions = true,
	description = "Apply the named kernels to a bundled sample image; write a labelled montage PNG.")
public final class DemoCommand implements Callable<Integer> {

	@Override
	public Integer call() throws Exception {
		throw new UnsupportedOperationException("not yet");
	}
}
