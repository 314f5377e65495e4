"""The selection of one track, as plain Python: ranking and deferred acceptance.

Ranking of a school's applicants in a track (never by time of submission):
- domisili: SD age band first (7, 6, 5½ years), then distance to the school, nearest first;
- afirmasi: distance, nearest first;
- mutasi: date of the parent's transfer letter, earliest first, then distance;
- prestasi: score, highest first.
Ties: the older child first, then a hash of the seed and the registration number (SHA-256), so
a run is reproducible from its input and seed and no one gains by registering early.

Several choices: student-proposing deferred acceptance (Gale–Shapley). Each child asks its
choices in order; a school holds the best-ranked askers up to its seats and turns away the
rest, who ask their next choice. The result is stable: no child is turned away from a school
that holds someone ranked below it there, and no child could do better by lying about the
order of its choices. A child turned away by a school stays on that school's reserve list
(cadangan) in rank order, to be offered a seat that is freed later.
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Applicant:
    number: str
    age_days: int
    # (school id, distance in metres), in the order of preference.
    choices: tuple[tuple[int, int], ...]
    age_band: int = 0
    transfer_ordinal: int = 0  # date.toordinal() of the transfer letter (mutasi)
    score_hundredths: int = 0  # prestasi score × 100


@dataclass
class TrackResult:
    # school id -> [(position, number)] accepted, best first
    accepted: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    # school id -> [(position, number)] turned away, best first
    waiting: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    # number -> (school id, index of the choice) for the accepted
    placed: dict[str, tuple[int, int]] = field(default_factory=dict)

    def unfilled(self, seats: dict[int, int]) -> dict[int, int]:
        return {school: free for school, n in seats.items()
                if (free := n - len(self.accepted.get(school, ()))) > 0}


def tie_hash(seed: str, number: str) -> str:
    return hashlib.sha256(f"{seed}:{number}".encode()).hexdigest()


def sort_key(track: str, applicant: Applicant, distance: int, seed: str) -> tuple:
    older_first = -applicant.age_days
    tie = tie_hash(seed, applicant.number)
    if track == "domisili":
        return (applicant.age_band, distance, older_first, tie)
    if track == "afirmasi":
        return (distance, older_first, tie)
    if track == "mutasi":
        return (applicant.transfer_ordinal, distance, older_first, tie)
    if track == "prestasi":
        return (-applicant.score_hundredths, distance, older_first, tie)
    raise ValueError(track)


def select(track: str, applicants: Iterable[Applicant], seats: dict[int, int],
           seed: str) -> TrackResult:
    """Deferred acceptance of `applicants` over schools with `seats` (school id -> seats)."""
    applicants = sorted(applicants, key=lambda a: a.number)
    # Position of every (applicant, school) in the school's ranking of this track.
    askers: dict[int, list[tuple[tuple, int]]] = {}
    for index, applicant in enumerate(applicants):
        for school, distance in applicant.choices:
            askers.setdefault(school, []).append(
                (sort_key(track, applicant, distance, seed), index))
    position: dict[tuple[int, int], int] = {}
    for school, ranked in askers.items():
        ranked.sort()
        for place, (_key, index) in enumerate(ranked, start=1):
            position[(index, school)] = place

    next_choice = [0] * len(applicants)
    # Per school a max-heap of (-position, applicant index) of the children it holds.
    held: dict[int, list[tuple[int, int]]] = {school: [] for school in seats}
    free = list(range(len(applicants)))
    while free:
        index = free.pop()
        choices = applicants[index].choices
        while next_choice[index] < len(choices):
            school, _distance = choices[next_choice[index]]
            next_choice[index] += 1
            capacity = seats.get(school, 0)
            if capacity <= 0:
                continue
            heap = held[school]
            place = position[(index, school)]
            if len(heap) < capacity:
                heapq.heappush(heap, (-place, index))
                break
            worst_place, worst = -heap[0][0], heap[0][1]
            if place < worst_place:
                heapq.heapreplace(heap, (-place, index))
                free.append(worst)
                break

    result = TrackResult()
    for school, heap in held.items():
        result.accepted[school] = sorted((-neg, applicants[i].number) for neg, i in heap)
    for school, ranked in result.accepted.items():
        for _place, number in ranked:
            result.placed[number] = (school, 0)
    for index, applicant in enumerate(applicants):
        placed = result.placed.get(applicant.number)
        final = len(applicant.choices)
        if placed is not None:
            final = next(i for i, (s, _d) in enumerate(applicant.choices) if s == placed[0])
            result.placed[applicant.number] = (placed[0], final)
        for school, _distance in applicant.choices[:final]:
            result.waiting.setdefault(school, []).append(
                (position[(index, school)], applicant.number))
    for ranked in result.waiting.values():
        ranked.sort()
    return result


def digest(lines: Iterable[str]) -> str:
    """SHA-256 of sorted lines: the same rows in any order give the same digest."""
    hasher = hashlib.sha256()
    for line in sorted(lines):
        hasher.update(line.encode())
        hasher.update(b"\n")
    return hasher.hexdigest()
