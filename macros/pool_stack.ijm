// Pool a stack two ways and save the results as 32-bit TIFFs:
//   <title>-max.tif   2x2 max pooling of every plane (each plane half as wide and high)
//   <title>-avg.tif   2x2x2 average pooling across slices (Z) too (half as many slices); only
//                     for an image with slices: a channel or time series (no Z) skips it, saying so
// Max pooling keeps the largest value of each window, as a CNN's MaxPool layer; pooling never
// combines channels (C) or frames (T). The pixel size of a calibrated result is multiplied by
// the stride, so measurements stay calibrated.
//
// Run it on the active stack from ImageJ or Fiji (Plugins>Macros>Run...), or headless:
//   java -jar convnet-ij-cli.jar macro pool_stack.ijm "input=[/data/stack.tif] output=[/data/out]"
// The argument's keys (a value with spaces in [brackets]):
//   input   a stack file to open; when missing, the active image is pooled
//   output  folder for the results; when missing, they are shown instead of saved
//   size    the window for max pooling (default: 2; '3,2' for 3 along X and 2 along Y)

arg = getArgument();
input = call("ij.Macro.getValue", arg, "input", "");
output = call("ij.Macro.getValue", arg, "output", "");
size = call("ij.Macro.getValue", arg, "size", "2");
if (output != "") {
	if (!endsWith(output, "/") && !endsWith(output, File.separator)) output = output + File.separator;
	File.makeDirectory(output);
	setBatchMode(true);
}
if (input != "") open(input);
if (nImages == 0) exit("Open a stack first, or give input=[/path/to/stack.tif]");
stack = getImageID();
base = File.getNameWithoutExtension(getTitle());
if (base == "") base = getTitle();

// every slice on its own: stack=[all slices] (the default) pools each plane
run("Pool Image...", "op=max size=" + size + " stack=[all slices]");
print(getTitle() + ": " + getWidth() + " x " + getHeight() + " x " + nSlices);
if (output != "") {
	saveAs("Tiff", output + base + "-max.tif");
	close();
}

// three window sizes (x,y,z) pool across slices (Z) as well: only where there are slices
selectImage(stack);
Stack.getDimensions(width, height, channels, slices, frames);
if (slices > 1) {
	run("Pool Image...", "op=avg size=2,2,2");
	print(getTitle() + ": " + getWidth() + " x " + getHeight() + " x " + nSlices);
	if (output != "") {
		saveAs("Tiff", output + base + "-avg.tif");
		close();
	}
} else
	print(getTitle() + ": no Z pooling: it has no slices (C=" + channels + ", Z=" + slices + ", T=" +
		frames + "); channels and frames are never pooled");
if (output != "") {
	if (input != "") {
		selectImage(stack);
		close();
	}
	setBatchMode(false);
}
