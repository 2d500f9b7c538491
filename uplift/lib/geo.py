"""British National Grid (EPSG:27700) to WGS84 latitude/longitude (EPSG:4326), via pyproj."""

from functools import lru_cache

from pyproj import Transformer


@lru_cache(maxsize=1)
def _transformer() -> Transformer:
    return Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)


def bng_to_latlon(easting: float, northing: float) -> tuple[float, float]:
    """Return (latitude, longitude) in degrees for a British National Grid point in metres."""
    lon, lat = _transformer().transform(easting, northing)
    return round(lat, 6), round(lon, 6)


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Straight-line distance in km between two (easting, northing) points in metres."""
    return ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 / 1000
