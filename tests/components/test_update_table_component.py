"""UpdateTable: exact decimals from the core's rows, a tidy grid, and the row arithmetic."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

pytest.importorskip("manim")

from gradanim.components.update_table import (  # noqa: E402
    UpdateTable,
    decimal_text,
    direction_word,
    signed_text,
)
from gradanim.core.update_table import CFO_TABLE, UpdateRow  # noqa: E402

LABELS = ('"Intercept" (beta_0)', '"Slope" (beta_1)')


@pytest.fixture(scope="module")
def table():
    return UpdateTable(CFO_TABLE, labels=LABELS)


def boxes_disjoint(a, b) -> bool:
    return (
        a.get_right()[0] <= b.get_left()[0] or b.get_right()[0] <= a.get_left()[0]
        or a.get_top()[1] <= b.get_bottom()[1] or b.get_top()[1] <= a.get_bottom()[1]
    )


def test_decimals_are_exact_and_keep_one_decimal():
    assert decimal_text(Fraction("2.4")) == "2.4"
    assert decimal_text(Fraction(2)) == "2.0"
    assert decimal_text(Fraction("-0.3")) == "-0.3"
    assert decimal_text(Fraction("0.125")) == "0.125"
    assert decimal_text(Fraction(1, 3)) == "0.333"  # no exact decimal: 3 places
    assert signed_text(Fraction(-4)) == "(-4.0)" and signed_text(Fraction(8)) == "8.0"


def test_cells_show_the_lessons_numbers(table):
    intercept, slope = CFO_TABLE
    assert [decimal_text(intercept.old), decimal_text(intercept.gradient), decimal_text(intercept.learning_rate)] == [
        "2.0", "-4.0", "0.1"
    ]
    assert decimal_text(intercept.new) == "2.4" and decimal_text(slope.new) == "-0.3"
    assert len(table.cells) == 3 and all(len(r) == 5 for r in table.cells)


def test_grid_cells_sit_in_their_columns_without_overlap(table):
    cells = [m for row in table.cells for m in row]
    for i, a in enumerate(cells):
        for b in cells[i + 1:]:
            assert boxes_disjoint(a, b)
    # Each cell lies between the rules above and below its row.
    for r, row in enumerate(table.cells):
        top, bottom = table.rules[r].get_y(), table.rules[r + 1].get_y()
        for cell in row:
            assert bottom < cell.get_bottom()[1] and cell.get_top()[1] < top
    # Numbers are centred in their columns: same x down each column.
    for c in range(1, 5):
        xs = [row[c].get_x() for row in table.cells]
        assert np.allclose(xs, xs[0], atol=1e-6)
    assert table.width < 14.2 - 0.9


def test_computation_line_and_result_glyphs(table):
    work = table.computation(0)
    assert work.source == "beta_0 = 2.0 - 0.1 dot (-4.0) = 2.4"
    assert len(work.result) == 3  # "2", ".", "4"
    assert work.result.get_left()[0] > work.work.get_right()[0] - 1e-6  # the number ends the line
    assert table.computation(1).source == "beta_1 = 0.5 - 0.1 dot 8.0 = -0.3"
    assert len(table.computation(1).result) == 4  # minus, "0", ".", "3"


def test_reveal_places_the_value_in_its_cell_even_after_the_table_moved():
    table = UpdateTable(CFO_TABLE, labels=LABELS)
    table.scale(0.8).shift([1.0, -2.0, 0])
    placeholder = table.placeholders[1]
    table.reveal(1)
    value = table.values[1]
    assert value.get_x() == pytest.approx(placeholder.get_x(), abs=1e-6)
    assert table.rules[3].get_y() < value.get_bottom()[1] < value.get_top()[1] < table.rules[2].get_y()
    assert table.cell(1, 4) is value


def test_business_reading_follows_the_sign_of_the_change():
    intercept, slope = CFO_TABLE
    assert direction_word(intercept) == "upward" and direction_word(slope) == "downward"
    assert direction_word(UpdateRow.of("w", 1, 0, "0.1")) == "unchanged"


def test_row_band_covers_its_row(table):
    band = table.row_box(1)
    for cell in table.cells[2]:
        assert band.get_bottom()[1] <= cell.get_bottom()[1] and cell.get_top()[1] <= band.get_top()[1]
        assert band.get_left()[0] <= cell.get_left()[0] and cell.get_right()[0] <= band.get_right()[0]
