"""Guessing the encoding of a Shapefile's attribute table (.dbf) that comes without a .cpg.

Candidates are the encodings met in Central Asian GIS data: UTF-8, CP1251 (Windows), CP866 (DOS) and KOI8-R.
Text that decodes as UTF-8 is UTF-8. Otherwise each single-byte candidate is scored on the decoded text:
the share of Cyrillic letters among the non-ASCII characters, and the share of lower-case letters among them
(ordinary text is mostly lower case; a wrong guess between CP1251 and KOI8-R swaps the cases)."""

import struct
from pathlib import Path

CANDIDATES = ("cp1251", "cp866", "koi8_r")
NAMES = {"utf-8": "UTF-8", "cp1251": "CP1251", "cp866": "CP866", "koi8_r": "KOI8-R"}
SAMPLE_RECORDS = 2000


def dbf_text_sample(path: Path, records: int = SAMPLE_RECORDS) -> bytes:
    """The raw bytes of the character fields of the first records, and of the field names."""
    with open(path, "rb") as dbf:
        header = dbf.read(32)
        if len(header) < 32:
            return b""
        count, header_len, record_len = struct.unpack("<IHH", header[4:12])
        fields, names = [], b""
        while dbf.tell() < header_len - 1:
            descriptor = dbf.read(32)
            if len(descriptor) < 32 or descriptor[0] == 0x0D:
                break
            names += descriptor[:11].split(b"\0")[0] + b" "
            fields.append((chr(descriptor[11]), descriptor[16]))
        dbf.seek(header_len)
        sample = [names]
        for _ in range(min(count, records)):
            record = dbf.read(record_len)
            if len(record) < record_len:
                break
            offset = 1
            for kind, size in fields:
                if kind == "C":
                    sample.append(record[offset:offset + size].strip())
                offset += size
        return b" ".join(sample)


def _score(text: str) -> float:
    high = [c for c in text if ord(c) > 127]
    if not high:
        return 0.0
    cyrillic = [c for c in high if "\u0400" <= c <= "\u04ff"]
    lower = [c for c in cyrillic if c.islower()]
    return len(cyrillic) / len(high) + (len(lower) / len(cyrillic) if cyrillic else 0)


def detect_encoding(raw: bytes) -> tuple[str, str]:
    """(encoding name for GDAL, how it was decided)."""
    if not any(b > 127 for b in raw):
        return "UTF-8", "the text is plain ASCII"
    try:
        raw.decode("utf-8")
        return "UTF-8", "the text is valid UTF-8"
    except UnicodeDecodeError:
        pass
    scores = {codec: _score(raw.decode(codec, errors="replace")) for codec in CANDIDATES}
    best = max(scores, key=scores.get)
    detail = ", ".join(f"{NAMES[c]} {s:.2f}" for c, s in scores.items())
    return NAMES[best], f"detected among CP1251, CP866, KOI8-R (scores: {detail})"
