#!/usr/bin/env python3
"""Writes the run-length encoded BMP inputs of the imageFiles fuzz target and ImageHeadersFormatsTest
(Pillow reads BMPs with RLE8 but does not write them), by the BMP format: a 14-byte file header, a
40-byte information header (compression 1 = RLE8), a gray palette of 256 entries, then the rows
bottom-up, each a run (count, value) and an end-of-row mark (0, 0); the file ends with the
end-of-bitmap mark (0, 1). Row r (from the bottom) has the value 20 * r.

seed-rle8.bmp: the whole image, 16 x 12 (Pillow 9.4 reads it: top row 220, bottom row 0).
regression-truncated-rle8.bmp: the same cut after its second row (Pillow: "not enough image data").

    /usr/bin/python3 src/test/python/write_rle_bmp.py src/test/resources/io/github/convnetij/fuzz/ParsersFuzzTestInputs/imageFiles
"""
import struct
import sys


def bmp(rows, height):
    palette = b"".join(bytes([i, i, i, 0]) for i in range(256))
    offset = 14 + 40 + len(palette)
    info = struct.pack("<IiiHHIIiiII", 40, 16, height, 1, 8, 1, 0, 2835, 2835, 256, 0)
    return b"BM" + struct.pack("<IHHI", offset + len(rows), 0, 0, offset) + info + palette + rows


def main(folder):
    rows = b"".join(bytes([16, 20 * r, 0, 0]) for r in range(12))
    with open(folder + "/seed-rle8.bmp", "wb") as f:
        f.write(bmp(rows + bytes([0, 1]), 12))
    with open(folder + "/regression-truncated-rle8.bmp", "wb") as f:
        f.write(bmp(rows[:8], 12))


if __name__ == "__main__":
    main(sys.argv[1])
