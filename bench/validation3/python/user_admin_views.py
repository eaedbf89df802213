"""Django views for the staff user-management screens."""
import json

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

User = get_user_model()


def _as_dict(user):
    return {
        "id": user.pk,
        "username": user.username,
        "email": user.email,
        "is_active": user.is_active,
        "is_staff": user.is_staff,
    }


@login_required
def user_search(request):
    term = request.GET.get("q", "").strip()
    order = request.GET.get("order", "username")
    sql = (
        "SELECT * FROM auth_user WHERE username LIKE '%%" + term + "%%' "
        "ORDER BY " + order
    )
    users = User.objects.raw(sql)  # label: security/sql-injection
    return render(request, "staff/user_list.html", {"users": users, "q": term})


@login_required
@require_http_methods(["GET", "POST"])
def edit_profile(request, user_id):
    user = get_object_or_404(User, pk=user_id)  # label: security/missing-authorization
    if request.method == "POST":
        data = json.loads(request.body or "{}")
        for key, value in data.items():
            setattr(user, key, value)  # label: security/mass-assignment
        user.save()
        return JsonResponse(_as_dict(user))
    return render(request, "staff/user_edit.html", {"target": user})


@login_required
@require_POST
def deactivate_user(request, user_id):
    user = get_object_or_404(User, pk=user_id)  # label: security/missing-authorization
    user.is_active = False
    user.save(update_fields=["is_active"])
    return JsonResponse({"ok": True, "user": _as_dict(user)})


@login_required
def switch_back(request):
    target = request.GET.get("next", "/staff/")
    if not target:
        return HttpResponseBadRequest("missing next")
    request.session.pop("impersonating", None)
    return redirect(target)  # label: security/open-redirect


@login_required
def user_detail(request, user_id):
    if not request.user.is_staff:
        return JsonResponse({"error": "forbidden"}, status=403)
    user = get_object_or_404(User, pk=user_id)
    return JsonResponse(_as_dict(user))
