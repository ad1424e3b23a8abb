import segment.analytics as analytics
from segment.analytics import Client

from .events import ORDER_COMPLETED, Events

client = Client("WRITE_KEY")


def sign_up(user):
    analytics.identify(user.id, {"email": user.email, "name": user.name})
    analytics.track(user.id, Events.SIGNED_UP.value, {"plan": "enterprise"})


def view_product(user, product):
    client.track(user.id, Events.PRODUCT_VIEWED, {"sku": product.sku})


def checkout(user, order):
    client.page(user.id, "Shop", "Checkout")
    client.track(user.id, ORDER_COMPLETED, {"order_id": order.id, "total": "12.50"})


def share(user, kind):
    # The name depends on run time data: trackscan reports it as dynamic.
    analytics.track(user.id, f"{kind} Shared")


def newsletter(user):
    analytics.track(user.id, "signed up ", {"plan": "free"})
    analytics.track(user.id, "Newsletter Subscribed")
