"""Django views for the storefront order history and invoice pages."""
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from .models import Order, Product, Review


@login_required
def order_history(request):
    orders = Order.objects.filter(customer=request.user).order_by("-created_at")[:50]
    rows = []
    for order in orders:
        rows.append({
            "id": order.id,
            "created": order.created_at,
            "shipping": order.shipping_address.city,  # label: efficiency/n-plus-one-query
            "total": order.total,
        })
    return render(request, "shop/history.html", {"rows": rows})


@login_required
def order_count(request):
    count = len(Order.objects.filter(customer=request.user))  # label: efficiency/len-of-queryset
    return JsonResponse({"count": count})


def product_page(request, slug):
    product = get_object_or_404(Product, slug=slug, published=True)
    reviews = Review.objects.filter(product=product, approved=True).select_related("author")
    highlight = request.GET.get("highlight", "")
    description = product.description
    if highlight:
        description = description.replace(highlight, f"<mark>{highlight}</mark>")
    return render(request, "shop/product.html", {
        "product": product,
        "reviews": reviews,
        "description": mark_safe(description),  # label: security/xss
    })


@require_POST
@login_required
def add_review(request, slug):
    product = get_object_or_404(Product, slug=slug)
    text = request.POST.get("text", "").strip()
    if text:
        Review.objects.create(product=product, author=request.user, text=text[:2000])
    next_url = request.POST.get("next") or product.get_absolute_url()
    return HttpResponseRedirect(next_url)  # label: security/open-redirect
