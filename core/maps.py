"""A world map that needs no internet: the outlines are a static SVG file shipped with the
product (``core/static/core/world-110m.svg``), and places are put on it by :func:`project`.

The file is derived from Natural Earth's 1:110m countries (public domain), as packaged in the
npm package ``world-atlas`` (TopoJSON, ISC licence), by :func:`world_svg`
(``manage.py build_world_map``, after ``npm install``): every country but Antarctica, in the
Equal Earth projection (Šavrič, Patterson and Jenny 2018), cropped to latitudes ``SOUTH`` to
``NORTH``. Production needs neither node nor the package: the file is committed and served as a
static file.

Coordinates in the file and from :func:`project` are in the same units: ``WIDTH`` across,
``HEIGHT`` down, origin at the top left of the crop.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

WIDTH = 1000.0
# Equal Earth's half-width at the equator is 2.70663 radians (the formula below at 180°, 0°).
SCALE = WIDTH / (2 * 2.706629)
NORTH, SOUTH = 84.0, -58.0
STATIC_PATH = "core/world-110m.svg"
# Antarctica: no partner city there, and its outline across the antimeridian would need clipping.
LEFT_OUT = {"010"}

_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def _equal_earth(longitude: float, latitude: float) -> tuple[float, float]:
    """Equal Earth in radians of the unit sphere: ``(x, y)``, y growing north."""
    lam, phi = math.radians(longitude), math.radians(latitude)
    theta = math.asin(_M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, y


_TOP = _equal_earth(0, NORTH)[1] * SCALE
HEIGHT = round(_TOP - _equal_earth(0, SOUTH)[1] * SCALE, 1)


def project(longitude: float, latitude: float) -> tuple[float, float]:
    """The map's ``(x, y)`` of a place at ``longitude`` (-180 to 180, degrees east) and
    ``latitude`` (-90 to 90, degrees north), rounded to 0.1 unit. Places south of ``SOUTH`` or
    north of ``NORTH`` fall outside ``0..HEIGHT``. Raises ``ValueError`` for a coordinate out
    of range."""
    longitude, latitude = float(longitude), float(latitude)
    if not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
        raise ValueError(f"({longitude}, {latitude}) is not a longitude and latitude in degrees")
    x, y = _equal_earth(longitude, latitude)
    return round(WIDTH / 2 + x * SCALE, 1), round(_TOP - y * SCALE, 1)


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The arcs of a TopoJSON ``topology`` (a parsed TopoJSON file) as lists of
    ``(longitude, latitude)``, undoing its quantisation (``transform``) if it has one.
    Raises ``ValueError`` for a document that is not a TopoJSON topology."""
    if topology.get("type") != "Topology" or "arcs" not in topology:
        raise ValueError("not a TopoJSON topology")
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy, *_rest in arc:
                x, y = x + dx, y + dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(p[0], p[1]) for p in arc]
        arcs.append(points)
    return arcs


def _ring(indexes: Sequence[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """One closed ring from arc indexes (``~i``, i.e. ``-i - 1``, is arc ``i`` reversed)."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def geometry_rings(geometry: dict, arcs: list[list[tuple[float, float]]]) -> list[list[tuple[float, float]]]:
    """The rings (outer and holes) of a TopoJSON ``Polygon`` or ``MultiPolygon`` geometry; none
    for another type."""
    if geometry.get("type") == "Polygon":
        polygons = [geometry["arcs"]]
    elif geometry.get("type") == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        return []
    return [_ring(ring, arcs) for polygon in polygons for ring in polygon]


def split_at_antimeridian(ring: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """``ring`` (``(longitude, latitude)`` points) cut where it crosses 180°, each piece closed
    along the meridian: Fiji and Chukotka straddle it, and drawn whole they would cross the
    map. A ring that does not cross it is returned alone."""
    pieces: list[list[tuple[float, float]]] = [[]]
    for (lon1, lat1), (lon2, lat2) in zip(ring, ring[1:] + ring[:1], strict=True):
        pieces[-1].append((lon1, lat1))
        if abs(lon2 - lon1) > 180:
            edge = 180.0 if lon1 > 0 else -180.0
            unwrapped = lon2 + (360 if lon1 > 0 else -360)
            share = (edge - lon1) / (unwrapped - lon1) if unwrapped != lon1 else 0
            latitude = lat1 + share * (lat2 - lat1)
            pieces[-1].append((edge, latitude))
            pieces.append([(-edge, latitude)])
    if len(pieces) == 1:
        return pieces
    pieces[0] = pieces.pop() + pieces[0]  # the ring is closed: its last piece continues its first
    return pieces


def path_data(rings: Iterable[list[tuple[float, float]]]) -> str:
    """SVG path data for ``rings`` of ``(longitude, latitude)``, projected by :func:`project`,
    cut at the antimeridian (:func:`split_at_antimeridian`); consecutive points that round to
    the same place are written once."""
    parts = []
    for ring in (piece for whole in rings for piece in split_at_antimeridian(whole)):
        points: list[tuple[float, float]] = []
        for longitude, latitude in ring:
            point = project(max(-180.0, min(180.0, longitude)), max(-90.0, min(90.0, latitude)))
            if not points or point != points[-1]:
                points.append(point)
        if len(points) >= 3:
            parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in points) + "Z")
    return "".join(parts)


def world_svg(topology: dict, provenance: str) -> str:
    """The base map: every country of ``topology``'s ``countries`` object except those in
    ``LEFT_OUT``, as one path, with ``provenance`` (where the data came from, its licence) in a
    comment. Raises ``ValueError`` for a topology without a ``countries`` object."""
    countries = topology.get("objects", {}).get("countries")
    if not countries:
        raise ValueError("the topology has no 'countries' object")
    arcs = decode_arcs(topology)
    rings = [ring for geometry in countries["geometries"] if str(geometry.get("id")) not in LEFT_OUT
             for ring in geometry_rings(geometry, arcs)]
    comment = provenance.replace("--", "—")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:g} {HEIGHT:g}">\n'
            f"<!-- {comment} -->\n"
            f'<path fill="#d9dfe6" stroke="#ffffff" stroke-width="0.6" stroke-linejoin="round" '
            f'd="{path_data(rings)}"/>\n</svg>\n')
