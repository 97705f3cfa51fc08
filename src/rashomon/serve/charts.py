"""Vega-Lite specifications of the workbench's charts. The browser draws them with vega-embed's
CSP-safe expression interpreter (`ast: true`), so the page needs no 'unsafe-eval'; every chart
has its data as a table beside it, which is what a browser without the vendored scripts shows."""

from __future__ import annotations

from typing import Any

from ..model import QUADS

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
QUAD_COLOURS = ["#2f7d32", "#1565c0", "#ef6c00", "#c62828"]  # PLOVER's order, as in the report
QUAD_SCALE = {"domain": [q.replace("_", " ") for q in QUADS], "range": QUAD_COLOURS}


def dyad_heatmap(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Directed pairs × quad class, coloured by the number of asserted events: the say–do matrix."""
    values = [{"pair": f"{r['actor_name']} → {r['recipient_name']}", "quad": r["quad"].replace("_", " "),
               "events": r["events"]} for r in rows]
    return {
        "$schema": SCHEMA, "data": {"values": values}, "mark": "rect", "width": 360,
        "height": {"step": 18},
        "encoding": {
            "x": {"field": "quad", "type": "nominal", "sort": QUAD_SCALE["domain"], "title": None,
                  "axis": {"labelAngle": -20}},
            "y": {"field": "pair", "type": "nominal", "title": None, "sort": "-color"},
            "color": {"field": "events", "type": "quantitative", "title": "events",
                      "scale": {"scheme": "blues", "domainMin": 0}, "legend": {"format": "d"}},
            "tooltip": [{"field": "pair"}, {"field": "quad"}, {"field": "events"}],
        },
    }


def actor_timeline(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Events by date, the actor's side (actor or recipient) on rows, coloured by quad class."""
    values = [{"date": str(r["date"]), "role": f"as {r['role']}", "quad": r["quad"].replace("_", " "),
               "type": r["type"]} for r in rows if r["date"]]
    return {
        "$schema": SCHEMA, "data": {"values": values}, "mark": {"type": "bar"}, "width": 560, "height": 80,
        "encoding": {
            "x": {"field": "date", "type": "temporal", "timeUnit": "yearmonthdate", "title": None},
            "y": {"aggregate": "count", "type": "quantitative", "title": "events"},
            "row": {"field": "role", "type": "nominal", "title": None},
            "color": {"field": "quad", "type": "nominal", "scale": QUAD_SCALE, "title": "quad class"},
            "tooltip": [{"field": "date", "type": "temporal"}, {"field": "quad"},
                        {"aggregate": "count", "title": "events"}],
        },
    }
