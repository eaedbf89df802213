"""Django views for the course dashboard."""
from django.contrib.auth.decorators import login_required
from django.db.models import Avg, Count
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .models import Course, Enrollment, Lesson, Submission

PAGE_SIZE = 25


@login_required
@require_GET
def course_list(request):
    courses = Course.objects.filter(published=True).order_by("title")
    rows = []
    for course in courses:
        teacher = course.teacher  # label: efficiency/n-plus-one
        enrolled = Enrollment.objects.filter(course=course).count()  # label: efficiency/n-plus-one
        rows.append({"course": course, "teacher_name": teacher.get_full_name(), "enrolled": enrolled})
    return render(request, "courses/list.html", {"rows": rows})


@login_required
@require_GET
def course_detail(request, slug):
    course = get_object_or_404(Course.objects.select_related("teacher"), slug=slug)
    lessons = (
        Lesson.objects.filter(course=course)
        .annotate(submission_count=Count("submissions"))
        .order_by("position")
    )
    return render(request, "courses/detail.html", {"course": course, "lessons": lessons})


@login_required
@require_GET
def gradebook(request, slug):
    course = get_object_or_404(Course, slug=slug, teacher=request.user)
    enrollments = Enrollment.objects.filter(course=course).select_related("student")
    lessons = list(Lesson.objects.filter(course=course).order_by("position"))
    table = []
    for enrollment in enrollments:
        scores = []
        for lesson in lessons:
            sub = Submission.objects.filter(lesson=lesson, student=enrollment.student).order_by("-created").first()  # label: efficiency/n-plus-one
            scores.append(sub.score if sub else None)
        table.append({"student": enrollment.student.username, "scores": scores})
    return JsonResponse({"lessons": [l.title for l in lessons], "rows": table})


@login_required
@require_GET
def lesson_stats(request, slug):
    course = get_object_or_404(Course, slug=slug)
    stats = (
        Submission.objects.filter(lesson__course=course)
        .values("lesson__title")
        .annotate(avg_score=Avg("score"), n=Count("id"))
        .order_by("lesson__position")
    )
    return JsonResponse({"stats": list(stats)})


@login_required
@require_GET
def my_courses(request):
    try:
        page = max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        page = 1
    start = (page - 1) * PAGE_SIZE
    enrollments = (
        Enrollment.objects.filter(student=request.user)
        .select_related("course", "course__teacher")
        .order_by("-created")[start : start + PAGE_SIZE]
    )
    data = [
        {"title": e.course.title, "teacher": e.course.teacher.get_full_name(), "since": e.created.isoformat()}
        for e in enrollments
    ]
    return JsonResponse({"page": page, "results": data})
