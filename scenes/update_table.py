""""Descend like a CFO": one step of gradient descent by hand, the first lesson's table.

    manim -ql scenes/update_table.py DescendLikeACFO

Each parameter's new value is old - learning rate x gradient, computed exactly by the core
(``CFO_TABLE``: 2.0 - 0.1 x (-4.0) = 2.4 and 0.5 - 0.1 x 8.0 = -0.3); the business reading
("beta_0 adjusted upward, beta_1 downward") follows from the sign of each row's change.
A variant overrides class attributes::

    class Ascent(DescendLikeACFO):
        rows = (UpdateRow.of("w", 1.0, 2.0, 0.5, maximize=True),)
        labels = ('"Weight" (w)',)
"""

from __future__ import annotations

from manim import DOWN, UP, Create, FadeIn, FadeOut, Indicate, VGroup, Write

from gradanim.scene_base import LessonScene
from gradanim.components import captions as say
from gradanim.components.typeset import math, text_typst
from gradanim.components.update_table import UpdateTable
from gradanim.core.update_table import CFO_TABLE
from gradanim.options import Option, seconds


class DescendLikeACFO(LessonScene):
    """The lesson's update table filled in row by row, then read in business terms."""

    beat_names = ('rule', 'rows', 'reading')

    lesson_type = "descend_like_a_cfo"
    rows = CFO_TABLE  # the table's numbers (gradanim.core.update_table.UpdateRow): a subclass may give others
    labels = Option(('"Intercept" (beta_0)', '"Slope" (beta_1)'), "the rows' labels, one per parameter",
                    typst_math=True)
    rule = Option('beta_"new" = beta_"old" - alpha dot "gradient"', "the update rule shown above the table",
                  typst_math=True)
    moral = Option("our model's learning to stop overestimating profits.", "the closing line, shown as written")
    title = "Descend like a CFO: one step by hand"
    row_time = seconds(1.2, "seconds to work out each row")

    def construct(self):
        theme = self.theme
        frame = self.frame_box
        title = self.make_title()
        rule = math(self.rule, theme=theme)
        rule.next_to(title, DOWN, buff=0.5).set_x(0)
        table = UpdateTable(self.rows, labels=self.labels, theme=theme)
        if table.width > frame.width:
            table.scale_to_fit_width(frame.width)
        table.next_to(rule, DOWN, buff=0.55).set_x(0)

        self.beat("rule", "One step by hand: each parameter moves by the learning rate times its gradient, "
                          "against the gradient.")
        self.play(Write(title), run_time=1.0)
        self.play(FadeIn(rule, shift=0.2 * DOWN), run_time=0.8)
        self.play(Create(table.rules), FadeIn(VGroup(*table.cells[0])), run_time=1.0)
        self.play(*(FadeIn(VGroup(*row), shift=0.1 * UP) for row in table.cells[1:]), run_time=0.8)

        self.beat("rows", "; ".join(f"{say.plain_symbol(r.name)}: {say.num(float(r.old))} − {say.num(float(r.learning_rate))} × "
                                    f"{say.signed(float(r.gradient))} = {say.num(float(r.new))}" for r in self.rows) + ".")
        works = VGroup()
        for i, row in enumerate(table.rows):
            band = table.row_box(i)
            work = table.computation(i)
            work.next_to(table, DOWN, buff=0.45 + i * (work.height + 0.3)).set_x(0)
            works.add(work)
            sources = [table.cell(i, c) for c in (1, 2, 3)]
            self.play(FadeIn(band), *(Indicate(s, color=theme.highlight, scale_factor=1.1) for s in sources), run_time=self.row_time * 0.7)
            self.play(Write(work.work), FadeIn(work.result), run_time=self.row_time)
            self.play(table.reveal(i, source=work.result), run_time=self.row_time * 0.8)
            self.play(FadeOut(band), run_time=0.4)

        reading = self.reading(table)
        reading.next_to(works, DOWN, buff=0.5).set_x(0)
        arrows = self.direction_marks(table)
        self.play(*(FadeIn(a, shift=0.15 * (UP if table.rows[i].change > 0 else DOWN)) for i, a in enumerate(arrows)), run_time=0.8)
        self.beat("reading", ", ".join(f"{say.plain_symbol(r.name)} {say.rises(float(r.change))} to {say.num(float(r.new))}"
                                       for r in self.rows) + ": " + self.moral)
        self.play(FadeIn(reading[0], shift=0.1 * UP), run_time=1.0)
        self.play(FadeIn(reading[1]), run_time=0.8)
        self.wait(2.0)

    def reading(self, table: UpdateTable) -> VGroup:
        """'We adjusted beta_0 upward and beta_1 downward' from the signs of the changes."""
        theme = self.theme
        parts = [f'{row.name} "{table.direction(i)}"' for i, row in enumerate(table.rows)]
        sentence = '"We adjusted" ' + ' "and" '.join(parts)
        first = math(sentence, font_size=theme.body_size, color=theme.text, theme=theme)
        second = math(text_typst(self.moral), font_size=theme.label_size, color=theme.muted_text, theme=theme)
        group = VGroup(first, second).arrange(DOWN, buff=0.2)
        if group.width > self.frame_box.width:
            group.scale_to_fit_width(self.frame_box.width)
        return group

    def direction_marks(self, table: UpdateTable) -> list:
        """An up (green) or down (red) arrow beside each new value, from the sign of its change."""
        theme = self.theme
        marks = []
        for i, row in enumerate(table.rows):
            up = row.change > 0
            symbol = "arrow.t" if up else ("arrow.b" if row.change < 0 else "=")
            mark = math(symbol, font_size=theme.body_size, color=theme.minimum if up else theme.maximum, theme=theme)
            mark.next_to(table.values[i], direction=[1, 0, 0], buff=0.15)
            marks.append(mark)
        return marks
