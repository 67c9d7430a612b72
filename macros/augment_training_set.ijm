// Build an augmented training set from a folder of images: every image gets <count> seeded
// random variants (rotations, shifts, zooms, flips, as Keras' ImageDataGenerator), saved as
// single images next to a copy of the original, in the same class sub-folders.
//
//   input/cat/a.png  ->  output/cat/a-0.tif (the original), a-1.tif ... a-<count>.tif
//   input/dog/b.png  ->  output/dog/b-0.tif ...
// Images directly in the input folder go directly into the output folder. 8-bit images stay
// 8-bit (values rounded), RGB stays RGB, 16- and 32-bit images are saved as 32-bit.
// Every image gets its own seed (seed + its number in the folder), so a rerun gives the same set.
//
// Run it from ImageJ or Fiji with Plugins>Macros>Run... (it asks for the folders), or headless:
//   java -jar convnet-ij-cli.jar macro augment_training_set.ijm "input=[/data/train] output=[/data/train-aug] count=10"
// The argument's keys (a value with spaces in [brackets]):
//   input, output  folders (asked for when missing)
//   count          variants per image (default: 4)
//   seed           first seed (default: 1)

// 'var': seen inside the functions below too
var count = 4;
var seed = 1;
var augmentation = "";

arg = getArgument();
input = call("ij.Macro.getValue", arg, "input", "");
output = call("ij.Macro.getValue", arg, "output", "");
count = parseInt(call("ij.Macro.getValue", arg, "count", "" + count));
seed = parseInt(call("ij.Macro.getValue", arg, "seed", "" + seed));
if (input == "") input = getDirectory("Choose the training images (one sub-folder per class)");
if (output == "") output = getDirectory("Choose a folder for the augmented set");
if (isNaN(count) || count < 1) exit("count must be a whole number >= 1");
if (isNaN(seed)) exit("seed must be a whole number");

// The distortions: change these to suit your images (see Plugins>ConvNet-IJ>Augment Image...).
augmentation = "rotation_range=15 width_shift_range=0.1 height_shift_range=0.1 zoom_range=0.1 " +
	"horizontal_flip=true fill_mode=reflect interpolation=bilinear";

setBatchMode(true);
images = augmentFolder(withSeparator(input), withSeparator(output), 0);
setBatchMode(false);
print("Augmented " + images + " images: " + images * (count + 1) + " files in " + output);

// Augments the images of one folder and recurses into its sub-folders; returns the number of
// images done so far (which also numbers the seeds).
function augmentFolder(in, out, done) {
	File.makeDirectory(out);
	files = getFileList(in);
	Array.sort(files);
	for (i = 0; i < files.length; i++) {
		name = files[i];
		if (endsWith(name, "/")) {
			done = augmentFolder(in + name, out + name, done);
		} else if (isImageFile(name)) {
			open(in + name);
			original = getImageID();
			bits = bitDepth();
			base = File.getNameWithoutExtension(name);
			// one call makes the original (slice 1) and its variants (slices 2...) as a stack
			run("Augment Image...", augmentation + " count=" + count + " seed=" + (seed + done) +
				" include_original=true");
			stack = getImageID();
			for (s = 1; s <= nSlices; s++) {
				selectImage(stack);
				setSlice(s);
				run("Duplicate...", "title=variant");
				if (bits == 8) {
					setMinAndMax(0, 255); // keep the values: 32-bit to 8-bit without rescaling
					run("8-bit");
				}
				saveAs("Tiff", out + base + "-" + (s - 1) + ".tif");
				close();
			}
			selectImage(stack);
			close();
			selectImage(original);
			close();
			done++;
		}
	}
	return done;
}

function isImageFile(name) {
	return matches(toLowerCase(name), ".*\\.(tif|tiff|png|jpg|jpeg|gif|bmp)");
}

function withSeparator(dir) {
	if (endsWith(dir, "/") || endsWith(dir, File.separator)) return dir;
	return dir + File.separator;
}
