"""What we do not answer at the front yet: the kennisbank's figures over a period.

Definitions (per subject, over the local days of the period; the store counts
them with SQL aggregates, ``store.knowledge.counts``):

- **At the desk**: quick answers at the desk with this subject.
- **Visits**: registered visits with this subject (one per ticket; a
  transferred visitor once), whatever became of them.
- **Handled / referred / call-back**: those visits finished with that outcome.
- **Asked**: at the desk + visits.
- **Front share**: (at the desk + handled) / (at the desk + handled +
  referred + call-back): of the questions that got an answer, the share the
  front answered itself (the usual aim: 80 %). Visits not finished (waiting,
  no-show, left, unserved) are in neither part.
- **Most referred**: subjects by referrals to the back office, most first
  (what the kennisbank lacks).
- **Change**: asked now minus asked in the previous comparable period
  (``core.periods.previous_comparable``), so a mailing's wave shows.
- **Without subject**: visits and quick answers that carry no subject; their
  own words are listed while retention keeps them (``unmatched``), afterwards
  only this count stays.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from balie.core.knowledge import Subject
from balie.core.periods import Period
from balie.core.stats import Additive

MOST_REFERRED = 5


@dataclass(frozen=True)
class SubjectCounts(Additive):
    desk: int = 0
    visits: int = 0
    handled: int = 0
    referred: int = 0
    callback: int = 0

    @property
    def asked(self) -> int:
        return self.desk + self.visits

    @property
    def front(self) -> int:
        return self.desk + self.handled

    @property
    def answered(self) -> int:
        return self.front + self.referred + self.callback

    @property
    def front_share(self) -> float | None:
        return self.front / self.answered if self.answered else None


@dataclass(frozen=True)
class SubjectLine:
    subject_id: int
    name: str
    domain: str | None
    retired: bool
    now: SubjectCounts
    before: SubjectCounts

    @property
    def change(self) -> int:
        return self.now.asked - self.before.asked


@dataclass(frozen=True)
class KnowledgeReview:
    period: Period
    compared: Period
    target: float  # the front share aimed at (config front_share_target)
    lines: tuple[SubjectLine, ...]  # subjects asked in either period, most asked now first
    total: SubjectCounts
    previous_total: SubjectCounts
    without_subject: int  # visits and quick answers of the period without a subject
    previous_without_subject: int
    unmatched: tuple[tuple[str, int], ...]  # the visitor's own words without a subject, still kept

    @property
    def most_referred(self) -> tuple[SubjectLine, ...]:
        referred = sorted(
            (line for line in self.lines if line.now.referred),
            key=lambda line: (-line.now.referred, line.name.casefold()),
        )
        return tuple(referred[:MOST_REFERRED])

    @property
    def on_target(self) -> bool | None:
        share = self.total.front_share
        return None if share is None else share >= self.target


def knowledge_review(
    period: Period,
    compared: Period,
    target: float,
    subjects: Mapping[int, Subject],
    now: Mapping[int | None, SubjectCounts],
    before: Mapping[int | None, SubjectCounts],
    unmatched: Sequence[tuple[str, int]],
) -> KnowledgeReview:
    """Shape the counts of both periods (key None: without a subject) into the review."""
    empty = SubjectCounts()
    lines = []
    for subject_id in {key for key in (*now, *before) if key is not None}:
        subject = subjects.get(subject_id)
        lines.append(SubjectLine(
            subject_id=subject_id,
            name=subject.name if subject else f"onderwerp {subject_id}",
            domain=subject.domain if subject else None,
            retired=subject.retired if subject else True,
            now=now.get(subject_id, empty),
            before=before.get(subject_id, empty),
        ))
    lines.sort(key=lambda line: (-line.now.asked, -line.before.asked, line.name.casefold()))
    return KnowledgeReview(
        period=period,
        compared=compared,
        target=target,
        lines=tuple(lines),
        total=sum((line.now for line in lines), empty),
        previous_total=sum((line.before for line in lines), empty),
        without_subject=now.get(None, empty).asked,
        previous_without_subject=before.get(None, empty).asked,
        unmatched=tuple(unmatched),
    )
