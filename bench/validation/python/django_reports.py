"""Django views for the library reporting dashboard."""
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from .models import Author, Book, Loan


@require_GET
def author_overview(request):
    data = []
    for author in Author.objects.all():
        book_count = Book.objects.filter(author=author).count()  # label: efficiency/n-plus-one-query
        data.append({"name": author.name, "books": book_count})
    return JsonResponse({"authors": data})


@require_GET
def book_detail(request, pk):
    book = get_object_or_404(Book.objects.select_related("author"), pk=pk)
    return JsonResponse({"title": book.title, "author": book.author.name})


@require_GET
def overdue_loans(request):
    loans = Loan.objects.filter(returned_at__isnull=True)
    payload = []
    for loan in loans:
        payload.append({
            "book": loan.book.title,  # label: efficiency/n-plus-one-query
            "member": loan.member_id,
            "due": loan.due_date.isoformat(),
        })
    return JsonResponse({"overdue": payload})


@require_GET
def loans_by_genre(request):
    genre = request.GET.get("genre", "fiction")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT b.title, COUNT(l.id) FROM library_book b "  # label: security/sql-injection
            f"JOIN library_loan l ON l.book_id = b.id WHERE b.genre = '{genre}' GROUP BY b.title"
        )
        rows = cursor.fetchall()
    return JsonResponse({"rows": [{"title": t, "loans": n} for t, n in rows]})


@require_GET
def popular_titles(request):
    popular_ids = list(Loan.objects.values_list("book_id", flat=True)[:500])
    titles = []
    for book in Book.objects.only("id", "title"):
        if book.id in popular_ids:  # label: efficiency/linear-membership-in-loop
            titles.append(book.title)
    return JsonResponse({"titles": titles})
