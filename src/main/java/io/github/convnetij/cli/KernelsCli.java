package io.github.convnetij.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import io.github.convnetij.ops.Kernel;
import io.github.convnetij.ops.Kernels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code kernels}: lists the named kernels with their weights (correlation weights, rows top to
 * bottom); a kernel with a parameter is shown with its default or an example parameter.
 * <pre>{@code
 * java -jar convnet-ij-cli.jar kernels
 * }</pre>
 */
@Command(name = "kernels", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
	description = "List the named kernels with their weights (as correlation weights, rows top " +
		"to bottom).")
final class KernelsCli implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() {
		final PrintWriter out = spec.commandLine().getOut();
		for (final String name : Kernels.names()) {
			final int paren = name.indexOf('(');
			final Kernel k;
			final String note;
			if (paren < 0) {
				k = Kernels.named(name);
				note = "";
			}
			else {
				final String base = name.substring(0, paren);
				Kernel d;
				String n;
				try {
					d = Kernels.named(base);
					n = " for " + base + "(" + d.dimension(0) + "), the default";
				}
				catch (final IllegalArgumentException e) {
					d = Kernels.named(base + "(1)");
					n = " for " + base + "(1)";
				}
				k = d;
				note = n;
			}
			out.println(name + ": " + k.sizeString() + note);
			for (final String line : k.toText().split("\n"))
				out.println("  " + line);
			out.println();
		}
		out.flush();
		return Cli.OK;
	}
}
