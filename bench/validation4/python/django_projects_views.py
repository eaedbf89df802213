"""Django views for a small project tracker."""
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from .models import Membership, Project, Task

EDITABLE_TASK_FIELDS = ("title", "description", "due_date")


@login_required
def project_list(request):
    projects = Project.objects.filter(
        Q(owner=request.user) | Q(membership__user=request.user)
    ).distinct()
    summary = []
    for project in projects:
        summary.append({
            "project": project,
            "open_tasks": Task.objects.filter(project=project, done=False).count(),  # label: efficiency/n-plus-one-query
        })
    return render(request, "projects/list.html", {"summary": summary})


@login_required
@require_http_methods(["POST"])
def update_task(request, task_id):
    task = get_object_or_404(Task, pk=task_id, project__owner=request.user)
    for field in EDITABLE_TASK_FIELDS:
        if field in request.POST:
            setattr(task, field, request.POST[field])
    task.save()
    return JsonResponse({"id": task.pk, "title": task.title})


@login_required
@require_http_methods(["POST"])
def update_project(request, project_id):
    project = get_object_or_404(Project, pk=project_id, owner=request.user)
    for key, value in request.POST.items():
        setattr(project, key, value)  # label: security/mass-assignment
    project.save()
    return JsonResponse({"id": project.pk, "name": project.name})


@login_required
@require_http_methods(["POST"])
def delete_task(request, task_id):
    task = get_object_or_404(Task, pk=task_id)  # label: security/missing-authorization
    task.delete()
    next_url = request.POST.get("next") or "/projects/"
    return HttpResponseRedirect(next_url)  # label: security/open-redirect


@login_required
def members(request, project_id):
    project = get_object_or_404(Project, pk=project_id, owner=request.user)
    rows = Membership.objects.filter(project=project).select_related("user")
    return JsonResponse({
        "members": [{"id": m.user.pk, "username": m.user.username, "role": m.role} for m in rows]
    })
