from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from timeline.models import Contact, Leader


def dashboard(request: HttpRequest) -> HttpResponse:
    contacts = Contact.objects.public().with_related()
    return render(request, "timeline/dashboard.html", {"contacts": contacts})


def contact_list(request: HttpRequest) -> HttpResponse:
    contacts = Contact.objects.public().with_related()
    return render(request, "timeline/contact_list.html", {"contacts": contacts})


def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.with_related(), pk=pk)
    return render(request, "timeline/contact_detail.html", {"contact": contact})


def leader_detail(request: HttpRequest, slug: str) -> HttpResponse:
    leader = get_object_or_404(Leader, slug=slug)
    return render(request, "timeline/leader_detail.html", {"leader": leader})
