#!/usr/bin/env python3
"""Draws the app icons (plain PNG, no dependencies): four linked dots, the four partners."""
import struct, zlib, math, sys

TEAL, WHITE = (0x0b, 0x5d, 0x5b), (0xff, 0xff, 0xff)

def png(path, size, safe):
    r = size * (0.5 if not safe else 0.4)  # maskable icons keep content in the safe zone
    c = size / 2
    dots = [(c + r * 0.55 * math.cos(a), c + r * 0.55 * math.sin(a)) for a in (math.pi / 4 + k * math.pi / 2 for k in range(4))]
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            px = TEAL
            for (dx, dy) in dots:
                if math.hypot(x - dx, y - dy) < r * 0.2:
                    px = WHITE
            if abs(math.hypot(x - c, y - c) - r * 0.55) < r * 0.05:
                px = WHITE
            row.extend(px)
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)) + chunk(b"IDAT", raw) + chunk(b"IEND", b""))

out = sys.argv[1] if len(sys.argv) > 1 else "public/icons"
png(f"{out}/icon-192.png", 192, False)
png(f"{out}/icon-512.png", 512, False)
png(f"{out}/icon-maskable-512.png", 512, True)
