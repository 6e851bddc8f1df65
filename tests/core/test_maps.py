"""The offline world map (core/maps.py): the Equal Earth projection, TopoJSON decoding, rings
cut at the antimeridian, and the committed base map rebuilt from the npm package world-atlas."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from core import maps

STATIC = Path(settings.BASE_DIR) / "core" / "static" / maps.STATIC_PATH
PACKAGE = Path(settings.BASE_DIR) / "node_modules" / "world-atlas"


def test_projection_spans_the_map():
    # Equal Earth's equator runs from -2.70663 to 2.70663 (Šavrič et al. 2018): the map's
    # width; the crop's top is latitude 84, its bottom latitude -58.
    assert maps.project(-180, 0)[0] == 0.0
    assert maps.project(180, 0)[0] == 1000.0
    assert maps.project(0, 84)[1] == 0.0
    assert maps.project(0, -58)[1] == maps.HEIGHT
    # Kaohsiung (120.3 E) is east of the middle, and Brisbane (27.5 S) below the equator.
    assert maps.project(120.3, 22.6)[0] > 500 > maps.project(-98.5, 29.4)[0]
    assert maps.project(153.0, -27.5)[1] > maps.project(0, 0)[1] > maps.project(129.1, 35.2)[1]
    with pytest.raises(ValueError, match="not a longitude and latitude"):
        maps.project(181, 0)
    with pytest.raises(ValueError):
        maps.project(0, -91)


def test_topojson_arcs_are_decoded_and_stitched():
    # A square of two arcs, quantised: scale 0.5, translate (10, 20).
    topology = {"type": "Topology", "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
                "arcs": [[[0, 0], [2, 0], [0, 2]], [[2, 2], [-2, 0], [0, -2]]],
                "objects": {"countries": {"type": "GeometryCollection", "geometries": [
                    {"type": "Polygon", "arcs": [[0, 1]], "id": "001"},
                    {"type": "Polygon", "arcs": [[~1, ~0]], "id": "010"}]}}}
    arcs = maps.decode_arcs(topology)
    assert arcs == [[(10, 20), (11, 20), (11, 21)], [(11, 21), (10, 21), (10, 20)]]
    polygon = topology["objects"]["countries"]["geometries"][0]
    assert maps.geometry_rings(polygon, arcs) == [[(10, 20), (11, 20), (11, 21), (10, 21), (10, 20)]]
    reversed_polygon = topology["objects"]["countries"]["geometries"][1]
    assert maps.geometry_rings(reversed_polygon, arcs) == [[(10, 20), (10, 21), (11, 21), (11, 20), (10, 20)]]
    svg = maps.world_svg(topology, "test -- data")
    # Antarctica (010) is left out: one ring; the comment cannot be closed early by "--".
    assert svg.count("M") == 1 and "<!-- test — data -->" in svg
    with pytest.raises(ValueError, match="not a TopoJSON topology"):
        maps.decode_arcs({"type": "FeatureCollection"})
    with pytest.raises(ValueError, match="no 'countries' object"):
        maps.world_svg({"type": "Topology", "arcs": [], "objects": {}}, "")


def test_a_ring_across_the_antimeridian_is_cut_in_two():
    ring = [(170, 10), (-170, 10), (-170, -10), (170, -10)]
    assert maps.split_at_antimeridian(ring) == [
        [(180.0, -10.0), (170, -10), (170, 10), (180.0, 10.0)],
        [(-180.0, 10.0), (-170, 10), (-170, -10), (-180.0, -10.0)],
    ]
    assert maps.split_at_antimeridian([(1, 1), (2, 1), (2, 2)]) == [[(1, 1), (2, 1), (2, 2)]]


def test_the_committed_base_map_is_the_one_world_atlas_gives():
    if not PACKAGE.exists():
        if os.environ.get("CI") or os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"{PACKAGE} is missing: run npm ci (make test does)")
        pytest.skip(f"{PACKAGE} is missing: run npm ci to compare the base map with it")
    call_command("build_world_map", "--check")
    text = STATIC.read_text(encoding="utf-8")
    assert text.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 ')
    assert "Natural Earth 1:110m countries (public domain" in text and "world-atlas 2.0.2" in text
    assert len(text.encode()) < 150_000


def test_build_world_map_says_what_is_missing(tmp_path):
    with pytest.raises(CommandError, match="請先執行 npm install"):
        call_command("build_world_map", "--package", str(tmp_path))
