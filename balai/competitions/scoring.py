"""Per-judge normalisation of scores, as plain functions (no database).

Judges mark on the same 0-100 scale but not alike: one gives 40-60, another 70-95. Summing
their raw marks lets the lenient judge decide the order. So every mark becomes a z-score within
the judge's own marks:

    z(j, s, c) = (x(j, s, c) - mean_j,c) / sd_j,c

where x(j, s, c) is judge j's mark of submission s on criterion c, and mean_j,c and sd_j,c are
the mean and the population standard deviation of judge j's marks on criterion c over all the
submissions j scored. A submission's score from judge j is the rubric-weighted average of its
z-scores, sum_c(w_c * z(j, s, c)) / sum_c(w_c), and its written score is the mean of those over
the judges who scored it. The presentation-and-interview round is one mark per judge and
finalist, normalised the same way; a finalist's final score is the mean of its written and its
interview score (both are z-scores, so neither round outweighs the other by its spread).

Edge cases, decided here once:
- a judge who scored a single submission, or gave every submission the same mark on a
  criterion (zero variance), expresses no preference between submissions there: those z-scores
  are 0 (the judge's average), not undefined; the judge still counts among the submission's
  judges, pulling it towards the middle rather than up or down;
- a submission nobody scored has no score (None) and is ranked after every scored one;
- a conflicted judge never scores the team, so only the other judges' z-scores count for it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Mapping

Judge = Hashable
Item = Hashable


def judge_z_scores(marks: Mapping[Judge, Mapping[Item, float]]) -> dict[Judge, dict[Item, float]]:
    """Each judge's marks as z-scores within that judge's marks (0 when n < 2 or sd = 0)."""
    result: dict[Judge, dict[Item, float]] = {}
    for judge, items in marks.items():
        values = list(items.values())
        n = len(values)
        mean = sum(values) / n if n else 0.0
        sd = math.sqrt(sum((v - mean) ** 2 for v in values) / n) if n else 0.0
        if n < 2 or sd == 0:
            result[judge] = {item: 0.0 for item in items}
        else:
            result[judge] = {item: (value - mean) / sd for item, value in items.items()}
    return result


def written_scores(marks: Mapping[tuple[Judge, Item, Hashable], float],
                   weights: Mapping[Hashable, float]) -> dict[Item, float]:
    """Normalised written score per submission from marks keyed (judge, submission, criterion)."""
    per_criterion: dict[Hashable, dict[Judge, dict[Item, float]]] = defaultdict(
        lambda: defaultdict(dict))
    for (judge, item, criterion), value in marks.items():
        per_criterion[criterion][judge][item] = float(value)
    weighted: dict[tuple[Judge, Item], float] = defaultdict(float)
    weight_sum: dict[tuple[Judge, Item], float] = defaultdict(float)
    for criterion, judges in per_criterion.items():
        weight = float(weights[criterion])
        for judge, items in judge_z_scores(judges).items():
            for item, z in items.items():
                weighted[judge, item] += weight * z
                weight_sum[judge, item] += weight
    per_item: dict[Item, list[float]] = defaultdict(list)
    for (judge, item), total in weighted.items():
        per_item[item].append(total / weight_sum[judge, item] if weight_sum[judge, item] else 0)
    return {item: sum(values) / len(values) for item, values in per_item.items()}


def single_mark_scores(marks: Mapping[tuple[Judge, Item], float]) -> dict[Item, float]:
    """Normalised score per item from one mark per (judge, item): the interview round."""
    return written_scores({(j, i, "_"): v for (j, i), v in marks.items()}, {"_": 1})


def raw_weighted_means(marks: Mapping[tuple[Judge, Item, Hashable], float],
                       weights: Mapping[Hashable, float]) -> dict[Item, float]:
    """The unnormalised score: each judge's rubric-weighted mark, averaged over the judges.
    Shown to the organiser beside the normalised score so the effect is visible."""
    totals: dict[tuple[Judge, Item], float] = defaultdict(float)
    weight_sum: dict[tuple[Judge, Item], float] = defaultdict(float)
    for (judge, item, criterion), value in marks.items():
        totals[judge, item] += float(weights[criterion]) * float(value)
        weight_sum[judge, item] += float(weights[criterion])
    per_item: dict[Item, list[float]] = defaultdict(list)
    for key, total in totals.items():
        per_item[key[1]].append(total / weight_sum[key])
    return {item: sum(values) / len(values) for item, values in per_item.items()}


def ranking(scores: Mapping[Item, float | None]) -> list[Item]:
    """Items from the best score down; unscored last; ties keep the given order."""
    items = list(scores)
    return sorted(items, key=lambda i: (scores[i] is None, -(scores[i] or 0.0)))
