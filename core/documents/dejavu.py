"""Advance widths of DejaVu Sans (regular; its oblique has the same), in font units
(:data:`EM` per em), of the characters naskah's charts print: ASCII, Latin-1 and a few
typographic signs. Read from ``DejaVuSans.ttf`` (DejaVu fonts 2.37, as shipped by matplotlib and
Debian); ``tests/test_svg_charts.py`` checks the table against the installed font with
fontTools. Used by :func:`naskah.documents.svg.lebar_teks_pt`."""

EM = 2048
"""Font units per em."""

_KARAKTER = (
    ' !"#$%&\'()*+,-./01234567'
    '89:;<=>?@ABCDEFGHIJKLMNO'
    'PQRSTUVWXYZ[\\]^_`abcdefg'
    'hijklmnopqrstuvwxyz{|}~\xa0'
    '¡¢£¤¥¦§¨©ª«¬\xad®¯°±²³´µ¶·¸'
    '¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐ'
    'ÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçè'
    'éêëìíîïðñòóôõö÷øùúûüýþÿ≥'
    '≤…–—‘’“”•−'
)
_UNIT = (
    651, 821, 942, 1716, 1303, 1946, 1597, 563, 799, 799, 1024, 1716,
    651, 739, 651, 690, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303,
    1303, 1303, 690, 690, 1716, 1716, 1716, 1087, 2048, 1401, 1405, 1430,
    1577, 1294, 1178, 1587, 1540, 604, 604, 1343, 1141, 1767, 1532, 1612,
    1235, 1612, 1423, 1300, 1251, 1499, 1401, 2025, 1403, 1251, 1403, 799,
    690, 799, 1716, 1024, 1024, 1255, 1300, 1126, 1300, 1260, 721, 1300,
    1298, 569, 569, 1186, 569, 1995, 1298, 1253, 1300, 1300, 842, 1067,
    803, 1298, 1212, 1675, 1212, 1212, 1075, 1303, 690, 1303, 1716, 651,
    821, 1303, 1303, 1303, 1303, 690, 1024, 1024, 2048, 965, 1253, 1716,
    739, 2048, 1024, 1024, 1716, 821, 821, 1024, 1303, 1303, 651, 1024,
    821, 965, 1253, 1985, 1985, 1985, 1087, 1401, 1401, 1401, 1401, 1401,
    1401, 1995, 1430, 1294, 1294, 1294, 1294, 604, 604, 604, 604, 1587,
    1532, 1612, 1612, 1612, 1612, 1612, 1716, 1612, 1499, 1499, 1499, 1499,
    1251, 1239, 1290, 1255, 1255, 1255, 1255, 1255, 1255, 2011, 1126, 1260,
    1260, 1260, 1260, 569, 569, 569, 569, 1253, 1298, 1253, 1253, 1253,
    1253, 1253, 1716, 1253, 1298, 1298, 1298, 1298, 1212, 1300, 1212, 1716,
    1716, 2048, 1024, 2048, 651, 651, 1061, 1061, 1208, 1716,
)

LEBAR: dict[str, int] = dict(zip(_KARAKTER, _UNIT, strict=True))
"""Advance width of each character (font units)."""

LEBAR_LAIN = 1767
"""Width counted for a character outside :data:`LEBAR` (that of ``M``: rather too wide than
too narrow, so a label never overlaps what is beside it)."""
