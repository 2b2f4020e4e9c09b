"""The report's panel "Wat we nog niet zelf beantwoorden": the kennisbank's figures
of the period the report shows (``knowledge_reporting``), fitted to the width
(a long name is cut with '…', never a sideways scroll). Subject names and the
visitors' own words are shown as text, never markup.

It loads itself in a worker when the report shows a period, so the report's
own loading stays as it is.
"""

from __future__ import annotations

import textwrap

from rich.text import Text
from textual import events, work
from textual.containers import Vertical
from textual.widgets import Label, Static

from balie.core.knowledge_figures import KnowledgeReview, SubjectCounts
from balie.core.wording import WARNING_SIGN, cut
from balie.knowledge_reporting import SHOWN_SUBJECTS, TITLE, load_knowledge, share
from balie.reporting import Review, number, signed

# header, width: the figures of a subject, after its name
FIGURES = [("gevr.", 6), ("direct", 6), ("balie", 6), ("verw.", 6), ("terugb.", 7), ("zelf%", 6), ("±", 5)]
LEGEND = (
    "gevr.: gevraagd · direct: direct beantwoord door de gastvrouw · balie: afgehandeld aan de balie · "
    "verw.: doorverwezen · terugb.: terugbelafspraak · zelf%: zelf beantwoord · ±: gevraagd t.o.v. de vorige periode"
)
NAME_NARROWEST = 12
SHOWN_OWN_WORDS = 15


def figure_cells(counts: SubjectCounts, change: int) -> list[str]:
    return [str(counts.asked), str(counts.desk), str(counts.handled), str(counts.referred),
            str(counts.callback), share(counts), signed(change, "n")]


def knowledge_text(review: KnowledgeReview, width: int) -> Text:
    """The panel's lines for ``width`` cells."""
    name_width = max(NAME_NARROWEST, width - sum(w + 1 for _, w in FIGURES))
    text = Text()
    total = review.total
    text.append("Zelf beantwoord (direct + balie): ")
    text.append(f"{share(total)} %" if share(total) else "-", style="bold")
    text.append(f" · doel {number(review.target * 100, '%', digits=0)} %")
    if review.on_target is False:
        text.append(f" {WARNING_SIGN} onder het doel", style="bold yellow")
    text.append("\n\n")
    if review.lines:
        text.append(f"{'onderwerp':<{name_width}}" + "".join(f" {h:>{w}}" for h, w in FIGURES) + "\n", style="bold")
    for line in review.lines[:SHOWN_SUBJECTS]:
        name = cut(line.name + (" (vervallen)" if line.retired else ""), name_width)
        cells = figure_cells(line.now, line.change)
        text.append(f"{name:<{name_width}}" + "".join(f" {c:>{w}}" for c, (_, w) in zip(cells, FIGURES)) + "\n")
    if not review.lines:
        text.append("Geen onderwerpen gevraagd in deze periode.\n", style="dim")
    if len(review.lines) > SHOWN_SUBJECTS:
        text.append(f"… en nog {len(review.lines) - SHOWN_SUBJECTS} onderwerpen (alle: balie report --format excel)\n", style="dim")
    if review.lines:
        text.append("".join(f"{part}\n" for part in textwrap.wrap(LEGEND, width)), style="dim")
    text.append("\nMeest doorverwezen naar de vakafdeling\n", style="bold")
    for line in review.most_referred:
        text.append(f"{cut(line.name, width - 8):<{width - 8}}{line.now.referred:>8}\n")
    if not review.most_referred:
        text.append("Niemand doorverwezen.\n", style="dim")
    text.append(
        f"\nZonder onderwerp: {review.without_subject} (vorige periode {review.previous_without_subject})\n",
        style="bold",
    )
    for own_words, count in review.unmatched[:SHOWN_OWN_WORDS]:
        text.append(f"{cut(own_words, width - 8):<{width - 8}}{count:>8}\n")
    if len(review.unmatched) > SHOWN_OWN_WORDS:
        text.append(f"… en nog {len(review.unmatched) - SHOWN_OWN_WORDS} vragen in eigen woorden\n", style="dim")
    text.rstrip()
    return text


class KnowledgePanel(Vertical):
    DEFAULT_CSS = """
    KnowledgePanel { height: auto; margin: 1 1 0 1; }
    KnowledgePanel #knowledge-figures { height: auto; }
    """

    review: KnowledgeReview | None = None
    _wanted = None  # the period last asked for: an older load that ends late is dropped

    def compose(self):
        yield Label(TITLE, classes="panel-title")
        yield Static("", id="knowledge-figures")

    def show_period(self, report: Review) -> None:
        """Load the kennisbank's figures for the report's period (and its comparison)."""
        self._wanted = report.period
        self._load(report)

    @work(thread=True, exclusive=True, group="knowledge", exit_on_error=False)
    def _load(self, report: Review) -> None:
        try:
            review = load_knowledge(self.app.store, self.app.config, report)
        except Exception as error:
            self.app.call_from_thread(self.app.show_error, error)
            return
        self.app.call_from_thread(self._show, review)

    def _show(self, review: KnowledgeReview) -> None:
        if review.period != self._wanted:
            return
        self.review = review
        self._draw()

    def on_resize(self, _: events.Resize) -> None:
        self._draw()

    def _draw(self) -> None:
        if self.review is not None and self.size.width:
            self.query_one("#knowledge-figures", Static).update(knowledge_text(self.review, self.size.width))
