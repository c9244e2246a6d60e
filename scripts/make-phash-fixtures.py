#!/usr/bin/python3
"""Reference perceptual hashes for src/main/engine/features/phash.ts.

Writes src/main/engine/features/__fixtures__/phash.json: a few generated PNG images (base64) and,
for each, average_hash, dhash and phash at hash sizes 8 and 16 as hexadecimal strings.

Debian 12 has no python3-imagehash package, so the three functions below are imagehash 4.3.1's own
(imagehash/__init__.py: average_hash, dhash, phash, and _binary_array_to_hex for str()), copied
line for line onto Debian's Pillow and SciPy; the pixels come from Pillow, which is the point of
the comparison. Run with Debian's python:

    /usr/bin/python3 scripts/make-phash-fixtures.py

Deterministic: the images come from fixed formulas and a seeded generator. Flat or symmetric
images are avoided on purpose: their DCT has coefficients that are zero up to rounding, and the
median test on those depends on the last bit of the arithmetic in any implementation.
"""
import base64
import io
import json
import os

import numpy
import PIL
import scipy
import scipy.fftpack
from PIL import Image


def binary_array_to_hex(arr):
    bit_string = ''.join(str(b) for b in 1 * arr.flatten())
    width = int(numpy.ceil(len(bit_string) / 4))
    return '{:0>{width}x}'.format(int(bit_string, 2), width=width)


def average_hash(image, hash_size=8):
    image = image.convert('L').resize((hash_size, hash_size), Image.LANCZOS)
    pixels = numpy.asarray(image)
    avg = pixels.mean()
    return pixels > avg


def dhash(image, hash_size=8):
    image = image.convert('L').resize((hash_size + 1, hash_size), Image.LANCZOS)
    pixels = numpy.asarray(image)
    return pixels[:, 1:] > pixels[:, :-1]


def phash(image, hash_size=8, highfreq_factor=4):
    img_size = hash_size * highfreq_factor
    image = image.convert('L').resize((img_size, img_size), Image.LANCZOS)
    pixels = numpy.asarray(image)
    dct = scipy.fftpack.dct(scipy.fftpack.dct(pixels, axis=0), axis=1)
    dctlowfreq = dct[:hash_size, :hash_size]
    med = numpy.median(dctlowfreq)
    return dctlowfreq > med


def make_images():
    rng = numpy.random.RandomState(7)
    out = []
    for name, (w, h), mode in [('rgb-97x61', (97, 61), 'RGB'), ('gray-40x40', (40, 40), 'L'),
                               ('rgb-128x96', (128, 96), 'RGB'), ('rgba-33x70', (33, 70), 'RGBA'),
                               ('gray-300x17', (300, 17), 'L')]:
        y, x = numpy.mgrid[0:h, 0:w].astype(numpy.float64)
        channels = {'RGB': 3, 'L': 1, 'RGBA': 4}[mode]
        planes = []
        for c in range(channels):
            f = 128 + 60 * numpy.sin(x / (5.0 + 3 * c) + y / 11.0) + 40 * numpy.cos(x * y / (300.0 + 50 * c))
            f += rng.normal(0, 18, size=(h, w))
            planes.append(numpy.clip(numpy.round(f), 0, 255).astype(numpy.uint8))
        if mode == 'RGBA':
            planes[3] = numpy.full((h, w), 255, numpy.uint8)
        arr = planes[0] if channels == 1 else numpy.stack(planes, axis=2)
        out.append((name, Image.fromarray(arr, mode)))
    return out


def main():
    cases = []
    for name, img in make_images():
        buf = io.BytesIO()
        img.save(buf, format='PNG')
        hashes = {}
        for size, bits in [(8, 64), (16, 256)]:
            hashes[f'average-{bits}'] = binary_array_to_hex(average_hash(img, size))
            hashes[f'difference-{bits}'] = binary_array_to_hex(dhash(img, size))
            hashes[f'dct-{bits}'] = binary_array_to_hex(phash(img, size))
        cases.append({'name': name, 'png': base64.b64encode(buf.getvalue()).decode('ascii'), 'hashes': hashes})
    doc = {
        'source': f'imagehash 4.3.1 definitions on Pillow {PIL.__version__}, SciPy {scipy.__version__}, NumPy {numpy.__version__}',
        'cases': cases,
    }
    path = os.path.join(os.path.dirname(__file__), '..', 'src', 'main', 'engine', 'features', '__fixtures__', 'phash.json')
    with open(path, 'w') as f:
        json.dump(doc, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
