"""Label glyphs for the WebGL map: every range written, Kazakh letters rendered as SDFs MapLibre can read."""

from web.pages.glyphs import BUFFER, build, sdf

KAZAKH = "әғқңөұүһі"


def _fields(data: bytes):
    """(number, value) of a protobuf message: varints as ints, length-delimited fields as bytes."""
    position = 0
    while position < len(data):
        key, position = _varint(data, position)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, position = _varint(data, position)
        else:
            length, position = _varint(data, position)
            value, position = data[position:position + length], position + length
        yield number, value


def _varint(data, position):
    result = shift = 0
    while True:
        byte = data[position]
        position += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, position


def _glyphs(pbf: bytes) -> dict[int, dict]:
    (_, stack), = _fields(pbf)
    glyphs = {}
    for number, value in _fields(stack):
        if number == 3:
            glyph = dict(_fields(value))
            glyphs[glyph[1]] = glyph
    return glyphs


def test_the_cyrillic_range_holds_the_kazakh_letters_as_sdf_bitmaps(tmp_path):
    build(tmp_path, {"dejavu-sans": "DejaVuSans.ttf"})
    assert len(list((tmp_path / "dejavu-sans").glob("*.pbf"))) == 256
    glyphs = _glyphs((tmp_path / "dejavu-sans" / "1024-1279.pbf").read_bytes())
    for letter in KAZAKH + "Ббя":
        glyph = glyphs[ord(letter)]
        width, height = glyph[3], glyph[4]
        assert width > 3, letter
        assert height > 3, letter
        assert glyph[7] > 5, letter
        assert len(glyph[2]) == (width + 2 * BUFFER) * (height + 2 * BUFFER), letter
    latin = _glyphs((tmp_path / "dejavu-sans" / "0-255.pbf").read_bytes())
    assert ord("A") in latin
    assert 32 in latin
    assert 2 not in glyphs


def test_an_sdf_is_bright_inside_the_shape_and_dark_far_from_it():
    import numpy as np

    alpha = np.zeros((10, 10))
    alpha[3:7, 3:7] = 1.0
    field = sdf(alpha)
    assert field.shape == (16, 16)
    assert field[8, 8] > 200
    assert field[0, 0] < 60
    assert 150 < field[6, 8] < 230
