#!/usr/bin/python3
"""Preprocessing fixtures for imported ImageNet classifiers (PreprocessingFixturesTest): a few
seeded images written as PNG (lossless, so every decoder reads the same samples), each passed
through torchvision's PIL path as torchvision's ImageNet models expect it:
    Image.open(png).convert("RGB")           (a gray image is replicated to R, G, B)
    transforms.Resize(RESIZE)                (shorter side; PIL's antialiased bilinear)
    transforms.CenterCrop((CROP_H, CROP_W))  (padded with zeros when larger than the image)
    transforms.ToTensor()                    (/255, float32)
    transforms.Normalize(IMAGENET_MEAN, IMAGENET_STD)

Usage: /usr/bin/python3 src/test/python/make_preprocessing_fixtures.py OUT_DIR
Writes OUT_DIR/NAME.png, OUT_DIR/NAME.f32 (the tensor, float32 little-endian, 3 x CROP_H x
CROP_W) and OUT_DIR/cases.txt (one line per case: NAME RESIZE CROP_H CROP_W); one 32-bit float
case (PIL mode F per plane, values as stored) has its samples in OUT_DIR/NAME.raw.f32 instead of a
PNG and its line ends with its H W. Exit 3 when
torch, torchvision or PIL is missing (the Java test then skips with this note)."""
import os
import sys

try:
    import numpy as np
    import torch
    from PIL import Image
    from torchvision import transforms
except ImportError as e:
    print("NO-TORCH " + str(e))
    sys.exit(3)

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]

# name, width, height, gray, resize, crop height, crop width
CASES = [
    ("rgb_500x375", 500, 375, False, 256, 224, 224),   # landscape photo size, downscale
    ("rgb_375x500", 375, 500, False, 256, 224, 224),   # portrait
    ("rgb_257x300", 257, 300, False, 256, 224, 224),   # odd sizes, slight downscale
    ("gray_300x221", 300, 221, True, 256, 224, 224),   # gray, upscale of the height
    ("rgb_224x224", 224, 224, False, 256, 224, 224),   # upscale, then crop
    ("rgb_256x256", 256, 256, False, 256, 224, 224),   # no resize, crop only
    ("rgb_1024x683", 1024, 683, False, 256, 224, 224), # large downscale (wide filter)
    ("rgb_50x40", 50, 40, False, 256, 224, 224),       # tiny, large upscale
    ("rgb_300x200_pad", 300, 200, False, 200, 224, 224),  # crop taller than the image: padded
    ("rgb_333x251_rect", 333, 251, False, 160, 128, 144),  # non-square crop, rounding of offsets
]


def image(w, h, gray, rng):
    """Smooth gradients and blobs with noise, so that both edges and flat parts are resampled."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    chans = []
    for c in range(1 if gray else 3):
        fx, fy = rng.uniform(2, 9, size=2)
        v = 127.5 + 90 * np.sin(x / w * fx + c) * np.cos(y / h * fy - c)
        v += rng.normal(0, 25, size=(h, w))
        v[(x // 17 + y // 13) % 5 == 0] = 255 * (c % 2)
        chans.append(np.clip(np.rint(v), 0, 255).astype(np.uint8))
    if gray:
        return Image.fromarray(chans[0], mode="L")
    return Image.fromarray(np.stack(chans, axis=2), mode="RGB")


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = np.random.RandomState(11)
    lines = []
    for name, w, h, gray, resize, ch, cw in CASES:
        png = os.path.join(out, name + ".png")
        image(w, h, gray, rng).save(png)
        t = transforms.Compose([transforms.Resize(resize), transforms.CenterCrop((ch, cw)),
                                transforms.ToTensor(), transforms.Normalize(MEAN, STD)])
        x = t(Image.open(png).convert("RGB"))
        assert tuple(x.shape) == (3, ch, cw), x.shape
        x.numpy().astype("<f4").tofile(os.path.join(out, name + ".f32"))
        lines.append("%s %d %d %d" % (name, resize, ch, cw))
    # a 32-bit float image (3 planes, values as stored, PIL's mode F resamples in double
    # arithmetic without rounding): each plane resized and cropped as a mode-F image, then
    # normalised; the samples are stored raw (NAME.raw.f32, 3 x H x W) instead of a PNG
    name, w, h, resize, ch, cw = "float32_330x250", 330, 250, 256, 224, 224
    planes = rng.uniform(-2, 3, size=(3, h, w)).astype(np.float32)
    planes.astype("<f4").tofile(os.path.join(out, name + ".raw.f32"))
    t = transforms.Compose([transforms.Resize(resize), transforms.CenterCrop((ch, cw))])
    x = torch.stack([torch.from_numpy(np.array(t(Image.fromarray(p, mode="F")), np.float32))
                     for p in planes])
    x = transforms.Normalize(MEAN, STD)(x)
    x.numpy().astype("<f4").tofile(os.path.join(out, name + ".f32"))
    lines.append("%s %d %d %d %d %d" % (name, resize, ch, cw, h, w))
    with open(os.path.join(out, "cases.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote %d cases to %s" % (len(lines), out))


if __name__ == "__main__":
    main()
