"""Views for the customer portal (orders, invoices, login redirect)."""

import logging

from django.contrib.auth import authenticate, login
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from .models import Invoice, Order

logger = logging.getLogger(__name__)


@require_http_methods(["GET", "POST"])
def login_view(request):
    if request.method == "GET":
        return render(request, "portal/login.html")
    username = request.POST.get("username", "")
    password = request.POST.get("password", "")
    logger.info("login attempt for %s with password %s", username, password)  # label: security/secret-logged
    user = authenticate(request, username=username, password=password)
    if user is None:
        return render(request, "portal/login.html", {"error": "Invalid credentials"}, status=401)
    login(request, user)
    next_url = request.GET.get("next", "/portal/")
    return redirect(next_url)  # label: security/open-redirect


@login_required
def order_list(request):
    status = request.GET.get("status", "open")
    orders = Order.objects.raw("SELECT * FROM portal_order WHERE customer_id = %s AND status = '%s'" % (request.user.id, status))  # label: security/sql-injection
    return render(request, "portal/orders.html", {"orders": list(orders), "status": status})


@login_required
def order_detail(request, order_id):
    order = get_object_or_404(Order, pk=order_id, customer=request.user)
    return render(request, "portal/order_detail.html", {"order": order})


@login_required
def invoice_totals(request):
    year = request.GET.get("year")
    if not year or not year.isdigit():
        return HttpResponseBadRequest("year must be numeric")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXTRACT(MONTH FROM issued_at), SUM(total) FROM portal_invoice "
            "WHERE customer_id = %s AND EXTRACT(YEAR FROM issued_at) = %s GROUP BY 1 ORDER BY 1",
            [request.user.id, int(year)],
        )
        rows = cursor.fetchall()
    return JsonResponse({"year": int(year), "months": [{"month": int(m), "total": float(t)} for m, t in rows]})


@login_required
def invoice_search(request):
    term = request.GET.get("q", "")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, number, total FROM portal_invoice WHERE number LIKE '%%" + term + "%%'")  # label: security/sql-injection
        rows = cursor.fetchall()
    return JsonResponse({"results": [{"id": r[0], "number": r[1], "total": float(r[2])} for r in rows]})


@login_required
def invoice_download(request, invoice_id):
    invoice = get_object_or_404(Invoice, pk=invoice_id, customer=request.user)
    return redirect(invoice.pdf.url)
