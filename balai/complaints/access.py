"""Fetch a complaint with permission, or answer 404: the reporter sees their own (an anonymous
one through the sealed link), an officer only those of the offices where they handle
complaints, the public only complaints that are not confidential."""

from __future__ import annotations

from django.http import Http404

from balai.accounts.models import User
from balai.complaints import queries
from balai.complaints.models import Complaint, ComplaintPhoto


def _by_number(number: str) -> Complaint:
    complaint = (Complaint.objects.select_related("category", "office", "kecamatan", "village",
                                                  "merged_into")
                 .filter(number=number).first())
    if complaint is None:
        raise Http404
    return complaint


def complaint_for_reporter(user: User, number: str) -> Complaint:
    complaint = _by_number(number)
    if not queries.is_reporter(user=user, complaint=complaint):
        raise Http404
    return complaint


def complaint_for_officer(user: User, number: str) -> Complaint:
    complaint = _by_number(number)
    if not queries.is_handling_officer(user=user, office_id=complaint.office_id):
        raise Http404
    return complaint


def complaint_for_public(number: str) -> Complaint:
    complaint = queries.public_complaint(number)
    if complaint is None:
        raise Http404
    return complaint


def photo_for_user(user: User, photo_id: int) -> ComplaintPhoto:
    """A reporter's photo is for the reporter and the handling officers (it may show people);
    a proof of follow-up of a public complaint is public, like the answer it belongs to."""
    photo = ComplaintPhoto.objects.select_related("complaint").filter(pk=photo_id).first()
    if photo is None:
        raise Http404
    complaint = photo.complaint
    if photo.is_proof and not complaint.is_confidential:
        return photo
    if queries.is_reporter(user=user, complaint=complaint) or queries.is_handling_officer(
            user=user, office_id=complaint.office_id):
        return photo
    raise Http404
