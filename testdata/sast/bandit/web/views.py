"""Django views for user profiles."""
from django.http import HttpResponse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def profile_header(request, user):
    return HttpResponse(mark_safe(f"<h1>{user.display_name}</h1>"))


def profile_bio(request, user):
    bio = "<div class='bio'>" + user.bio + "</div>"
    return HttpResponse(mark_safe(bio))


def signature(request, user):
    return HttpResponse(SafeString(user.signature_html))


def footer(request):
    # compare-bandit: deliberate literal-markup
    return HttpResponse(mark_safe("<footer>&copy; Example Ltd</footer>"))


def profile_header_safe(request, user):
    # Safe: format_html escapes its arguments.
    return HttpResponse(format_html("<h1>{}</h1>", user.display_name))
