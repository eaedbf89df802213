"""Django views for login, logout and profile preferences."""
import json

from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from .models import Preference


@require_http_methods(["GET", "POST"])
def login_view(request):
    if request.method == "GET":
        return render(request, "accounts/login.html")
    user = authenticate(
        request,
        username=request.POST.get("username", ""),
        password=request.POST.get("password", ""),
    )
    if user is None:
        return render(request, "accounts/login.html", {"error": "Invalid credentials"}, status=401)
    login(request, user)
    next_url = request.GET.get("next", "/")
    response = HttpResponseRedirect(next_url)  # label: security/open-redirect
    response.set_cookie("last_user", user.username, httponly=False, secure=False)  # label: security/insecure-cookie
    return response


def logout_view(request):
    logout(request)
    return HttpResponseRedirect("/")


@login_required
@require_http_methods(["GET"])
def preferences(request):
    prefs = Preference.objects.filter(user=request.user).values("key", "value")
    return JsonResponse({p["key"]: p["value"] for p in prefs})


@login_required
@require_http_methods(["POST"])
def update_preference(request):
    try:
        payload = json.loads(request.body)
        key, value = payload["key"], payload["value"]
    except (json.JSONDecodeError, KeyError, TypeError):
        return JsonResponse({"error": "expected {key, value}"}, status=400)
    Preference.objects.update_or_create(user=request.user, key=key, defaults={"value": value})
    return JsonResponse({"updated": key})


@login_required
def team_preferences(request):
    data = {}
    for member in request.user.team.members.all():
        rows = Preference.objects.filter(user=member).values("key", "value")  # label: efficiency/n-plus-one-query
        data[member.username] = {r["key"]: r["value"] for r in rows}
    return JsonResponse(data)


@login_required
def search_preferences(request):
    term = request.GET.get("q", "")
    rows = Preference.objects.raw(  # label: security/sql-injection
        f"SELECT * FROM accounts_preference WHERE user_id = {request.user.id} AND key LIKE '%%{term}%%'"
    )
    return JsonResponse({r.key: r.value for r in rows})
