"""Geometry for server-rendered SVG bar charts (no JavaScript, no CDN). Each chart has its
numbers in a table beside it in the template, for screen readers and for print."""

BAR_HEIGHT = 22
GAP = 6
LABEL_WIDTH = 190
PLOT_WIDTH = 360


def horizontal_bars(rows, *, value="n", label="label"):
    """rows → {'height', 'bars': [{y, width, label, value}]}, the longest bar full width."""
    largest = max((row[value] or 0 for row in rows), default=0) or 1
    bars = []
    for index, row in enumerate(rows):
        amount = row[value] or 0
        bars.append({
            "y": index * (BAR_HEIGHT + GAP),
            "width": round(PLOT_WIDTH * amount / largest, 1),
            "label": str(row[label] if row[label] is not None else "—"),
            "value": amount,
        })
    return {"height": max(1, len(rows)) * (BAR_HEIGHT + GAP), "bars": bars,
            "label_width": LABEL_WIDTH, "plot_width": PLOT_WIDTH, "bar_height": BAR_HEIGHT}


COLUMN_WIDTH = 34
CHART_HEIGHT = 160


def paired_columns(rows, first, second):
    """Months as pairs of columns (e.g. received and closed), scaled to the largest."""
    largest = max((max(row[first] or 0, row[second] or 0) for row in rows), default=0) or 1
    columns = []
    for index, row in enumerate(rows):
        a, b = row[first] or 0, row[second] or 0
        x = index * (2 * COLUMN_WIDTH // 2 + 12)
        columns.append({
            "x": x,
            "a_height": round(CHART_HEIGHT * a / largest, 1),
            "b_height": round(CHART_HEIGHT * b / largest, 1),
            "label": row["month"].strftime("%m/%y"),
        })
    return {"columns": columns, "height": CHART_HEIGHT, "width": len(rows) * 46 + 10,
            "column_width": COLUMN_WIDTH // 2 - 2}


def percentage_columns(rows, key):
    """Months as one column each, 0–100 %."""
    columns = []
    for index, row in enumerate(rows):
        share = row[key]
        columns.append({
            "x": index * 46,
            "height": round(CHART_HEIGHT * (share or 0) / 100, 1),
            "label": row["month"].strftime("%m/%y"),
            "value": share,
        })
    return {"columns": columns, "height": CHART_HEIGHT, "width": len(rows) * 46 + 10}
