from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path


def bare(request: HttpRequest) -> HttpResponse:
    return render(request, "bare.html", {"name": "Balai"})


urlpatterns = [path("", bare)]
