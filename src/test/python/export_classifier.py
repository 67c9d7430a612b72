#!/usr/bin/python3
"""Fixtures for importing a torchvision classifier and predicting with it (CliImportTest):
torchvision's resnet18 with random weights (seeded; batch norms with random statistics as in
export_torchvision.py), exported by PyTorch's ONNX exporter (opset 13, symbolic batch axis) at a
small input size, a few seeded PNG images, and PyTorch's logits for them:
  - OUT/same/img_*.png: RGB images of the model's size; OUT/logits_none.f32: the logits of
    torch.from_numpy(samples).float() / 255 (what `predict --preprocess none` feeds), in file-name
    order;
  - OUT/other/*.png: the same images and others of other sizes and a gray one;
    OUT/logits_model.f32: the logits after torchvision's Resize(RESIZE), CenterCrop(SIZE),
    ToTensor, Normalize(ImageNet mean, std) of Image.open(png).convert("RGB"), in file-name order
    (what `predict` does with the preprocessing `import` records).

Usage: /usr/bin/python3 src/test/python/export_classifier.py OUT_DIR [SIZE [RESIZE [MODEL]]]
(defaults 64, 73 = round(64 * 256 / 224), the import's resize_size=auto, and resnet18; MODEL is
any torchvision classifier, e.g. resnet50 224 256 for a check by hand; the model is written to
OUT_DIR/MODEL.onnx). Files are generated,
never committed. Exit 3 when torch, torchvision or PIL is missing."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
try:
    import numpy as np
    import torch
    import torchvision
    from PIL import Image
    from torchvision import transforms
    from export_torchvision import randomize_batchnorm
except ImportError as e:
    print("NO-TORCH " + str(e))
    sys.exit(3)

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


def picture(w, h, gray, rng):
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    chans = []
    for c in range(1 if gray else 3):
        fx, fy = rng.uniform(1, 8, size=2)
        v = 127.5 + 100 * np.sin(x / w * fx + 2 * c) * np.cos(y / h * fy - c)
        v += rng.normal(0, 30, size=(h, w))
        chans.append(np.clip(np.rint(v), 0, 255).astype(np.uint8))
    return chans[0] if gray else np.stack(chans, axis=2)


def main():
    out = sys.argv[1]
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 64
    resize = int(sys.argv[3]) if len(sys.argv) > 3 else 73
    model = sys.argv[4] if len(sys.argv) > 4 else "resnet18"
    for d in ("same", "other"):
        os.makedirs(os.path.join(out, d), exist_ok=True)
    torch.set_num_threads(1)
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(1)
    net = getattr(torchvision.models, model)(weights=None)
    randomize_batchnorm(net, gen)
    net.eval()
    path = os.path.join(out, model + ".onnx")
    torch.onnx.export(net, torch.rand(1, 3, size, size, generator=gen), path, opset_version=13,
                      input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    rng = np.random.RandomState(5)
    same = []
    for i in range(3):
        a = picture(size, size, False, rng)
        name = "img_%d.png" % i
        Image.fromarray(a, mode="RGB").save(os.path.join(out, "same", name))
        Image.fromarray(a, mode="RGB").save(os.path.join(out, "other", name))
        same.append(a)
    Image.fromarray(picture(100, 80, False, rng), mode="RGB").save(os.path.join(out, "other",
                                                                                "wide_100x80.png"))
    Image.fromarray(picture(50, 90, True, rng), mode="L").save(os.path.join(out, "other",
                                                                            "gray_50x90.png"))
    with torch.no_grad():
        x = torch.from_numpy(np.stack(same)).permute(0, 3, 1, 2).float() / 255
        net(x).numpy().astype("<f4").tofile(os.path.join(out, "logits_none.f32"))
        t = transforms.Compose([transforms.Resize(resize), transforms.CenterCrop(size),
                                transforms.ToTensor(), transforms.Normalize(MEAN, STD)])
        files = sorted(os.listdir(os.path.join(out, "other")))
        x = torch.stack([t(Image.open(os.path.join(out, "other", f)).convert("RGB")) for f in files])
        net(x).numpy().astype("<f4").tofile(os.path.join(out, "logits_model.f32"))
    print("%s ok %d %d %s" % (model, size, resize, ",".join(files)))


if __name__ == "__main__":
    main()
