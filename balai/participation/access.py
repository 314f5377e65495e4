"""Fetch consultations, sections, comments and polls with permission, or answer 404."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone

from balai.accounts.models import User
from balai.participation import queries
from balai.participation.models import Consultation, ConsultationComment, ConsultationSection, Poll


def consultation_or_404(consultation_id: int, *, closed: bool = False) -> Consultation:
    """A consultation; with closed=True only one whose period has ended (its report)."""
    consultation = Consultation.objects.select_related("office").filter(
        pk=consultation_id).first()
    if consultation is None or (closed and timezone.localdate() <= consultation.closes_on):
        raise Http404
    return consultation


def section_or_404(section_id: int) -> ConsultationSection:
    section = (ConsultationSection.objects.select_related("consultation")
               .filter(pk=section_id).first())
    if section is None:
        raise Http404
    return section


def comment_for_office(user: User, comment_id: int) -> ConsultationComment:
    """A comment on a consultation of an office where the user is an officer."""
    comment = (ConsultationComment.objects
               .select_related("section__consultation__office", "author")
               .filter(pk=comment_id).first())
    if comment is None or not queries.is_officer_of(user,
                                                    comment.section.consultation.office_id):
        raise Http404
    return comment


def poll_or_404(poll_id: int) -> Poll:
    poll = Poll.objects.select_related("office").filter(pk=poll_id).first()
    if poll is None:
        raise Http404
    return poll
