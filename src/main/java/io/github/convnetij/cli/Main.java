package io.github.convnetij.cli;

/** Entry point of {@code convnet-ij-cli.jar}. */
public final class Main {

	private Main() {}

	public static void main(final String[] args) {
		System.err.println("not yet");
		System.exit(2);
	}
}
