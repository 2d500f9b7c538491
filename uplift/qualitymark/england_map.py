"""A small server-side SVG map of England for the register: a simplified coastline and border in British
National Grid kilometres, and a point for each holder. No tiles, no JavaScript, nothing fetched.

The outline is deliberately coarse (about 100 points): it places schools, it is not for navigation.
"""

from __future__ import annotations

from dataclasses import dataclass

# (easting km, northing km), clockwise from Berwick-upon-Tweed: the east coast, the south coast,
# Cornwall, the Severn, the Welsh border, the north-west coast and the Scottish border.
OUTLINE_KM: list[tuple[int, int]] = [
    (400, 653),
    (418, 635),
    (427, 604),
    (437, 569),
    (440, 557),
    (452, 533),
    (461, 525),
    (490, 511),
    (504, 488),
    (525, 470),
    (520, 455),
    (540, 410),
    (530, 415),
    (510, 428),
    (520, 418),
    (545, 398),
    (550, 385),
    (557, 363),
    (548, 352),
    (533, 343),
    (545, 330),
    (562, 320),
    (567, 341),
    (590, 344),
    (622, 342),
    (640, 330),
    (653, 307),
    (655, 293),
    (645, 249),
    (625, 232),
    (617, 214),
    (605, 192),
    (588, 186),
    (565, 180),
    (591, 175),
    (610, 166),
    (640, 170),
    (632, 141),
    (623, 136),
    (609, 117),
    (582, 109),
    (559, 96),
    (531, 104),
    (485, 93),
    (465, 99),
    (435, 100),
    (400, 90),
    (368, 70),
    (334, 92),
    (300, 80),
    (292, 63),
    (283, 37),
    (248, 54),
    (210, 50),
    (181, 32),
    (170, 12),
    (134, 25),
    (152, 40),
    (181, 61),
    (192, 75),
    (221, 106),
    (223, 128),
    (272, 149),
    (297, 146),
    (332, 161),
    (351, 178),
    (353, 194),
    (351, 213),
    (330, 240),
    (325, 270),
    (325, 300),
    (329, 329),
    (340, 366),
    (334, 390),
    (334, 417),
    (331, 436),
    (345, 465),
    (319, 469),
    (294, 512),
    (300, 528),
    (303, 536),
    (310, 554),
    (322, 562),
    (332, 567),
    (350, 580),
    (362, 595),
    (370, 607),
    (384, 640),
]
# The drawing area, in km (x = easting; y = northing, flipped for SVG).
MIN_E, MAX_E, MIN_N, MAX_N = 120, 670, 0, 670


@dataclass(frozen=True)
class MapPoint:
    x: float
    y: float
    label: str


def outline_path() -> str:
    """The SVG path of the outline, in the map's coordinates."""
    points = [f"{e - MIN_E},{MAX_N - n}" for e, n in OUTLINE_KM]
    return "M" + " L".join(points) + " Z"


def view_box() -> str:
    return f"0 0 {MAX_E - MIN_E} {MAX_N - MIN_N}"


def point(easting: int | None, northing: int | None, label: str) -> MapPoint | None:
    """Where a school (BNG metres) sits on the map, or None without coordinates or outside England's box."""
    if easting is None or northing is None:
        return None
    e, n = easting / 1000, northing / 1000
    if not (MIN_E <= e <= MAX_E and MIN_N <= n <= MAX_N):
        return None
    return MapPoint(round(e - MIN_E, 1), round(MAX_N - n, 1), label)
