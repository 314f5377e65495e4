"""Fetch a survey with permission: only the citizen invited to it, else 404."""

from __future__ import annotations

from django.http import Http404

from balai.accounts.models import User
from balai.transparency.models import Survey


def survey_for_respondent(user: User, survey_id: int) -> Survey:
    if not user.is_authenticated:
        raise Http404
    survey = Survey.objects.select_related("office").filter(pk=survey_id, user=user).first()
    if survey is None:
        raise Http404
    return survey
