"""'Wat we nog niet zelf beantwoorden': the kennisbank's figures as text lines, CSV rows and JSON.

No Textual and no SQL: ``balie report --format ...`` appends these to the
period's report (the screen's panel comes with the desk's wegwijzer).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from balie.config import Config
from balie.core.knowledge_figures import KnowledgeReview, SubjectCounts, knowledge_review
from balie.export import _cell as safe_text
from balie.reporting import Review, number, signed

TITLE = "Wat we nog niet zelf beantwoorden"
SHOWN_SUBJECTS = 25


def load_knowledge(store: Any, config: Config, review: Review) -> KnowledgeReview:
    """The kennisbank's figures for the review's period and its comparison period."""
    period, compared = review.period, review.compared
    return knowledge_review(
        period, compared, config.front_share_target,
        {subject.id: subject for subject in store.knowledge.all()},
        store.knowledge.counts(period.first_day, period.last_day),
        store.knowledge.counts(compared.first_day, compared.last_day),
        store.knowledge.unmatched(period.first_day, period.last_day),
    )


def share(counts: SubjectCounts, decimal: str = ",") -> str:
    value = counts.front_share
    return "" if value is None else number(value * 100, "%", decimal, 0)


def table_lines(knowledge: KnowledgeReview) -> list[str]:
    total = knowledge.total
    lines = [
        "",
        TITLE,
        f"  Zelf beantwoord (desk + balie): {share(total) or '-'} % (doel {number(knowledge.target * 100, '%', digits=0)} %)",
        f"  {'onderwerp':<36}{'gevraagd':>9}{'desk':>6}{'balie':>6}{'verwezen':>9}{'terugbel':>9}{'zelf %':>7}{'verschil':>9}",
    ]
    for line in knowledge.lines[:SHOWN_SUBJECTS]:
        now = line.now
        name = line.name[:35] + ("*" if line.retired else "")
        lines.append(
            f"  {name:<36}{now.asked:>9}{now.desk:>6}{now.handled:>6}{now.referred:>9}{now.callback:>9}"
            f"{share(now):>7}{signed(line.change, 'n'):>9}"
        )
    if not knowledge.lines:
        lines.append("  (geen onderwerpen gevraagd)")
    if len(knowledge.lines) > SHOWN_SUBJECTS:
        lines.append(f"  … en nog {len(knowledge.lines) - SHOWN_SUBJECTS} onderwerpen (csv/json: alle)")
    lines += ["", "  Meest doorverwezen naar de vakafdeling"]
    lines += [f"  {line.name:<36}{line.now.referred:>9}" for line in knowledge.most_referred] or ["  (geen)"]
    lines += [
        "",
        f"  Zonder onderwerp: {knowledge.without_subject} (vorige periode {knowledge.previous_without_subject})",
    ]
    lines += [f"    {text[:60]:<62}{count:>5}" for text, count in knowledge.unmatched]
    return lines


def csv_rows(knowledge: KnowledgeReview, decimal: str) -> Iterator[list[str]]:
    yield []
    yield [TITLE, "doel zelf beantwoord (%)", number(knowledge.target * 100, "%", decimal, 0)]
    yield ["onderwerp", "domein", "vervallen", "gevraagd", "desk", "balie afgehandeld", "doorverwezen",
           "terugbelafspraak", "zelf beantwoord (%)", "gevraagd vorige", "verschil"]
    for line in knowledge.lines:
        now = line.now
        yield [
            safe_text(line.name), line.domain or "", "ja" if line.retired else "nee", str(now.asked), str(now.desk),
            str(now.handled), str(now.referred), str(now.callback), share(now, decimal),
            str(line.before.asked), str(line.change),
        ]
    yield ["zonder onderwerp", "", "", str(knowledge.without_subject), "", "", "", "", "",
           str(knowledge.previous_without_subject), str(knowledge.without_subject - knowledge.previous_without_subject)]
    yield []
    yield ["vraag zonder onderwerp", "aantal"]
    for text, count in knowledge.unmatched:
        yield [safe_text(text), str(count)]


def _counts_json(counts: SubjectCounts) -> dict[str, Any]:
    return {
        "asked": counts.asked, "desk": counts.desk, "visits": counts.visits, "handled": counts.handled,
        "referred": counts.referred, "callback": counts.callback, "front_share": counts.front_share,
    }


def knowledge_json(knowledge: KnowledgeReview) -> dict[str, Any]:
    return {
        "target": knowledge.target,
        "total": _counts_json(knowledge.total),
        "previous_total": _counts_json(knowledge.previous_total),
        "subjects": [
            {"id": line.subject_id, "name": line.name, "domain": line.domain, "retired": line.retired,
             **_counts_json(line.now), "previous": _counts_json(line.before), "change": line.change}
            for line in knowledge.lines
        ],
        "most_referred": [line.subject_id for line in knowledge.most_referred],
        "without_subject": knowledge.without_subject,
        "previous_without_subject": knowledge.previous_without_subject,
        "unmatched": [{"text": text, "count": count} for text, count in knowledge.unmatched],
    }
