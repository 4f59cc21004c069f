"""Portal-wide middleware: a request larger than the portal accepts is refused unread; Swedish first; logged-in
pages never stored by a browser or proxy; idle sessions end; those who see salaries set up two-step verification."""

import time
from urllib.parse import urlencode, urlsplit

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect, resolve_url
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from projects.roles import roles_for


class RequestSizeLimitMiddleware:
    """Answer 413 with a short page to a request whose Content-Length is over REQUEST_MAX_BYTES, before anything
    reads its body (the largest upload and a margin; the proxy in front should refuse the same, see README).

    Without it Django would read, for example, an anonymous 150 MB post in full before the form refused it. A body
    without a Content-Length is not read at all by Django, so the header is all there is to check. It runs before
    the session and the language middleware: the page is in the language the cookie chose, Swedish by default.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body from a Content-Length it cannot parse
        limit = settings.REQUEST_MAX_BYTES
        if length > limit:
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
            mb = 1024 * 1024
            with translation.override(language):
                body = render_to_string("errors/413.html", {
                    "language": language, "limit_mb": limit // mb,
                    "largest_upload_mb": max(settings.SEMINARS_DOCUMENT_MAX_BYTES,
                                             settings.LABS_ATTACHMENT_MAX_BYTES) // mb,
                })
            response = HttpResponse(body, status=413)
            response.headers["Content-Language"] = language
            return response
        return self.get_response(request)


class SwedishFirstLocaleMiddleware:
    """Like Django's LocaleMiddleware, but the browser's Accept-Language is not a choice.

    A municipal employee with an English-language browser still meets the Swedish service; the language
    switch in the footer (Django's set_language view) stores the choice in the language cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class NoStoreWhenLoggedInMiddleware:
    """Every response to a logged-in person, and any that sets the session cookie, gets `Cache-Control: no-store,
    private`: budgets show salaries and seminar pages participants, and neither may stay in a shared computer's
    browser cache or a proxy. Sits inside WhiteNoise, so static files keep their long cache lifetime."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or settings.SESSION_COOKIE_NAME in response.cookies:
            patch_cache_control(response, no_store=True, private=True)
        return response


class SessionIdleTimeoutMiddleware:
    """Log a person out after SESSION_IDLE_TIMEOUT without a request, and SESSION_COOKIE_AGE after they logged in
    however active they are (the session's own expiry moves on whenever it is saved, so it is no absolute limit).

    The last request's time is written to the session at most once a minute, not on every request; so a person is
    logged out between the idle time and a minute after it, never before. Until the first write, the login time is
    the user's `last_login`, which Django sets on every login.
    """

    LOGIN_AT = "grportal_login_at"
    SEEN_AT = "grportal_seen_at"
    RESOLUTION = 60  # seconds

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            now = int(time.time())
            session = request.session
            login_at = session.get(self.LOGIN_AT) or int(user.last_login.timestamp() if user.last_login else now)
            seen_at = session.get(self.SEEN_AT) or login_at
            idle_seconds = int(settings.SESSION_IDLE_TIMEOUT.total_seconds())
            if now - seen_at > idle_seconds + self.RESOLUTION:
                minutes = idle_seconds // 60
                return self._logged_out(request, ngettext(
                    "You were logged out after %(minutes)s minute without activity. Log in again to continue.",
                    "You were logged out after %(minutes)s minutes without activity. Log in again to continue.",
                    minutes) % {"minutes": minutes})
            if now - login_at > settings.SESSION_COOKIE_AGE:
                hours = settings.SESSION_COOKIE_AGE // 3600
                return self._logged_out(request, ngettext(
                    "You were logged out because a login lasts at most %(hours)s hour. Log in again to continue.",
                    "You were logged out because a login lasts at most %(hours)s hours. Log in again to continue.",
                    hours) % {"hours": hours})
            if now - seen_at >= self.RESOLUTION:
                session[self.SEEN_AT] = now
                session[self.LOGIN_AT] = login_at
        return self.get_response(request)

    def _logged_out(self, request, message: str):
        logout(request)
        messages.info(request, message)
        if request.headers.get("HX-Request") == "true":
            # HTMX would swap the login page into a fragment: send the whole page there, back to where they were.
            current = urlsplit(request.headers.get("HX-Current-URL", ""))
            next_url = (current.path or "/") + (f"?{current.query}" if current.query else "")
            login = resolve_url(settings.LOGIN_URL) + "?" + urlencode({"next": next_url})
            return HttpResponse(headers={"HX-Redirect": login})
        # A page that needs a login now sends them to log in (LoginRequiredMiddleware); a public one still answers.
        return self.get_response(request)


def must_use_mfa(user) -> bool:
    """Administrators, coordinators and finance support see salaries: they sign in with two-step verification."""
    return roles_for(user).must_use_mfa


class RequireMFAMiddleware:
    """With REQUIRE_MFA, someone who must use two-step verification (must_use_mfa) and has no TOTP authenticator is
    sent to allauth's TOTP set-up from every page but the set-up pages themselves, logout, the language switch and
    the public pages. Activating TOTP also creates recovery codes, which allauth then shows.

    The answer "may pass" is kept in the session, so it costs its queries once per login, not on every request.
    Any visit to the two-step pages drops it (TOTP may have been turned off there) and it is asked again.
    """

    PASSED = "grportal_mfa_passed"
    EXEMPT_URL_NAMES = {"account_logout", "account_reauthenticate", "set_language"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.REQUIRE_MFA or not request.user.is_authenticated:
            return None
        url_name = request.resolver_match.url_name or ""
        if url_name.startswith("mfa_"):
            request.session.pop(self.PASSED, None)
            return None
        if (url_name in self.EXEMPT_URL_NAMES or not getattr(view_func, "login_required", True)
                or request.path.startswith(settings.STATIC_URL)):
            return None
        user = request.user
        if request.session.get(self.PASSED) == user.pk:
            return None
        if must_use_mfa(user) and not is_mfa_enabled(user, [Authenticator.Type.TOTP]):
            messages.warning(request, _(
                "Your account gives access to salaries and budgets: turn on two-step verification with an "
                "authenticator app before you continue. You then get recovery codes; keep them somewhere safe."))
            activate = reverse("mfa_activate_totp")
            if request.headers.get("HX-Request") == "true":
                return HttpResponse(headers={"HX-Redirect": activate})
            return redirect(activate)
        request.session[self.PASSED] = user.pk
        return None
