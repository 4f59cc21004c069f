"""Nothing typed is lost when a login has run out: a form posted after the session ended is kept and given back.

A view marked `@keeps_typing` (the activity form, new and edit) may receive a POST from someone whose session has
ended: idle too long (grportal.middleware.SessionIdleTimeoutMiddleware logs them out first) or past the session's
age. `KeepTypingMiddleware` then keeps the posted fields (never files, never the CSRF token) in the cache under a
random token for RESTORE_HOURS, and sends the person to log in with `next=<the form>?restore=<token>`: instead of
LoginRequiredMiddleware's plain redirect, after which everything typed would be gone. After the login the view asks
`restore(request, form)`, which fills the unbound form with what was typed (nothing is saved until they press save)
and forgets it.

What keeps it to the person who typed it: the token is unguessable and used once; the entry names the path it was
posted to and is only given back there, by the view after its own permission checks (the person must be logged in
and allowed on that form); and the browser that posted holds the token in an HttpOnly cookie, without which the
token in the URL is refused (a link with someone else's token prefills nothing). The entry holds only what was
typed: no user, no address. A POST is only kept after CsrfViewMiddleware has accepted it (its token is in a cookie,
CSRF_USE_SESSIONS is off, so it outlives the session), at most RATE per client and hour and up to MAX_BYTES.

The cache is the fail-soft one (grportal/cache.py): with Redis unreachable nothing is kept, and the person is sent
to log in as before.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.shortcuts import resolve_url
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from grportal import ratelimit

RESTORE_PARAM = "restore"
RESTORE_HOURS = 24
MAX_BYTES = 200 * 1024  # far more than anyone types into a form; a larger post is not kept
RATE = "30/h/ip"
COOKIE = "grportal_restore"
KEEP_COOKIE_TOKENS = 3  # a few tabs that ran out at once
CACHE_PREFIX = "grportal:form-restore:"
NOT_KEPT = ("csrfmiddlewaretoken",)


def keeps_typing(view):
    """Mark a form view whose POST, arriving after the login ran out, is kept for after the next login."""
    view.keeps_typing = True
    return view


def _cookie_tokens(request) -> list[str]:
    return [token for token in request.COOKIES.get(COOKIE, "").split(".") if token]


def _next_url(request, token: str) -> str:
    query = request.GET.copy()
    query.pop(RESTORE_PARAM, None)
    query[RESTORE_PARAM] = token
    return f"{request.path}?{query.urlencode()}"


def keep(request) -> str | None:
    """Keep what was posted for RESTORE_HOURS; the token, or None when it could not be kept."""
    data = {name: request.POST.getlist(name) for name in request.POST if name not in NOT_KEPT}
    if sum(len(name) + sum(len(value) for value in values) for name, values in data.items()) > MAX_BYTES:
        return None
    if not ratelimit.consume(request, action="form_restore", rate=RATE):
        return None
    token = secrets.token_urlsafe(32)
    entry = {"path": request.path, "data": data, "had_files": bool(request.FILES)}
    key = CACHE_PREFIX + token
    cache.set(key, entry, timeout=int(timedelta(hours=RESTORE_HOURS).total_seconds()))
    if cache.get(key) is None:  # the cache is unreachable: nothing was kept
        return None
    return token


class KeepTypingMiddleware:
    """Put between AuthenticationMiddleware and LoginRequiredMiddleware: its process_view runs after CSRF's (a post
    the CSRF check refused is never kept) and before LoginRequiredMiddleware would send the person to log in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        token = getattr(request, "_kept_form_token", None)
        if token:
            tokens = [token, *(t for t in _cookie_tokens(request) if t != token)][:KEEP_COOKIE_TOKENS]
            response.set_cookie(COOKIE, ".".join(tokens), max_age=RESTORE_HOURS * 3600, httponly=True,
                                secure=settings.SESSION_COOKIE_SECURE, samesite="Lax")
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (request.method != "POST" or request.user.is_authenticated
                or not getattr(view_func, "keeps_typing", False)):
            return None
        token = keep(request)
        if token is None:
            return None  # LoginRequiredMiddleware sends them to log in, as for any page
        request._kept_form_token = token
        messages.info(request, _("You are no longer logged in. What you typed is kept: log in again and the form "
                                 "comes back as you left it."))
        return redirect_to_login(_next_url(request, token), resolve_url(settings.LOGIN_URL))


def take(request) -> dict | None:
    """What was kept for this page under the token in the URL, forgotten once taken; None when there is none.

    Only for the path it was posted to and in the browser that posted it (the cookie)."""
    token = request.GET.get(RESTORE_PARAM)
    if not token or token not in _cookie_tokens(request):
        return None
    key = CACHE_PREFIX + token
    entry = cache.get(key)
    if not entry or entry.get("path") != request.path:
        return None
    cache.delete(key)
    return entry


def restore(request, form) -> bool:
    """Fill an unbound form with what was typed before the login ran out (as its initial values), with a message.

    Call it on a GET, after the view's permission checks. Files are never kept: the message says to choose them
    again. True when something was restored."""
    if request.method != "GET" or RESTORE_PARAM not in request.GET:
        return False
    entry = take(request)
    if entry is None:
        messages.warning(request, _("What you typed before you were logged out could not be brought back: it is "
                                    "kept for %(hours)s hours and only in the browser you typed it in.")
                         % {"hours": RESTORE_HOURS})
        return False
    data = MultiValueDict(entry["data"])
    for name, field in form.fields.items():
        html_name = form.add_prefix(name)
        widget = field.widget
        if field.disabled or widget.needs_multipart_form or widget.value_omitted_from_data(data, {}, html_name):
            continue
        form.initial[name] = widget.value_from_datadict(data, {}, html_name)
    text = _("We have brought back what you typed before you were logged out. Check it and save.")
    if entry.get("had_files"):
        text += " " + _("Choose the file again: a file cannot be kept while you are logged out.")
    messages.info(request, text)
    return True

