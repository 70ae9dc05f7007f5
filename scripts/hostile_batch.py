#!/usr/bin/env python3
"""Build the full hostile batch of issue #5 in a folder, for a manual run:

    python3 scripts/hostile_batch.py /tmp/hostile
    /usr/bin/time -v target/release/minutes extract /tmp/hostile --out /tmp/hostile-out

Every case at full size (the test suite, tests/hostile.rs, builds the same
cases smaller so that it stays fast). Only invented text; deterministic.
"""

import os
import random
import sys
import unicodedata
import zipfile
import zlib

SPEAKER = "Ms. Renée Dubois-Léger, Director of Policy at the Ministry of Digital Affairs, France, stressed the need to close the digital divide.\n"


def write(root, rel, data):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def docx_bytes(document_xml):
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", document_xml)
    return buf.getvalue()


def zip_bomb(expanded_mib):
    """A DOCX whose document.xml inflates to `expanded_mib` MiB of spaces."""
    import io

    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b" " * (1 << 20)
    body = b"".join(comp.compress(chunk) for _ in range(expanded_mib)) + comp.flush()
    crc = 0
    for _ in range(expanded_mib):
        crc = zlib.crc32(chunk, crc)
    size = expanded_mib << 20
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    # Append the bomb entry by hand: zipfile would inflate-check nothing, but
    # building it through zipfile would need the expanded bytes in memory.
    import struct

    data = buf.getvalue()
    cd_at = data.rfind(b"PK\x01\x02")
    eocd_at = data.rfind(b"PK\x05\x06")
    local = data[:cd_at]
    central = data[cd_at:eocd_at]
    name = b"word/document.xml"
    offset = len(local)
    header = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(body), size & 0xFFFFFFFF, len(name), 0)
    entry = header + name + body
    cd = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(body), size & 0xFFFFFFFF, len(name), 0, 0, 0, 0, 0, offset) + name
    central_all = central + cd
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 2, 2, len(central_all), offset + len(entry), 0)
    return local + entry + central_all + eocd


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    root = sys.argv[1]
    os.makedirs(root, exist_ok=True)
    rng = random.Random(5)
    write(root, "empty.txt", b"")
    write(root, "blank.txt", b"   \n\n\t  \n")
    write(root, "binary.txt", b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(4096)))
    write(root, "invalid_utf8.txt", SPEAKER.encode() + b"\xff\xfe\xc3(" + SPEAKER.encode())
    write(root, "utf16le_bom.txt", b"\xff\xfe" + SPEAKER.encode("utf-16-le"))
    write(root, "utf16le_nobom.txt", SPEAKER.encode("utf-16-le"))
    write(root, "utf16be_nobom.txt", SPEAKER.encode("utf-16-be"))
    write(root, "cp1252.txt", SPEAKER.encode("cp1252"))
    write(root, "nfd.txt", unicodedata.normalize("NFD", SPEAKER))
    write(root, "oneline30mb.txt", ("Ms. Ana Lima, Director of Policy, stressed the digital divide; " * 480_000).encode())
    words = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel"]
    write(root, "capwords.txt", " ".join(rng.choice(words) for _ in range(700_000)))
    write(root, "parens.txt", "(" * 200_000 + "x" + ")" * 200_000)
    write(root, "bigword.txt", "a" * 5_000_000)
    def word(i, syllables=("ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "be", "da")):
        digits = f"{i:05d}"
        return "".join(syllables[int(d)] for d in digits).capitalize()

    lines = ["Speakers:"] + [f"- Ms. {word(i)} {word(19_999 - i)}, Director, Agency of {word(i)}" for i in range(20_000)]
    write(root, "speakers20k.txt", "\n".join(lines) + "\n")
    for i in range(5_000):
        write(root, f"tiny/{i:04d}.txt", f"Mr. Tiny{i} Person said hello {i}.\n")
    deep = "/".join(f"d{i}" for i in range(60))
    write(root, f"{deep}/deep.txt", SPEAKER)
    os.makedirs(os.path.join(root, "loop"), exist_ok=True)
    for link, target in [("loop/back", ".."), ("dangling.txt", "does-not-exist.txt")]:
        path = os.path.join(root, link)
        if not os.path.lexists(path):
            os.symlink(target, path)
    write(root, 'a, "b"\nc.txt', SPEAKER)
    bad_name = os.path.join(os.fsencode(root), b"bad-\xff-name.txt")
    with open(bad_name, "wb") as f:
        f.write(SPEAKER.encode())
    write(root, "bomb.docx", zip_bomb(400))
    good = docx_bytes('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>' + SPEAKER.strip() + "</w:t></w:r></w:p></w:body></w:document>")
    write(root, "good.docx", good)
    write(root, "truncated.docx", good[: len(good) // 2])
    write(root, "random.docx", bytes(rng.randrange(256) for _ in range(8192)))
    write(root, "image.png", b"\x89PNG\r\n\x1a\n" + bytes(64))
    write(root, "notes.xyz", "unknown extension\n")


if __name__ == "__main__":
    main()
