"""Event names live in one place, as constants and an enum."""

from enum import Enum

ORDER_COMPLETED = "Order Completed"


class Events(str, Enum):
    SIGNED_UP = "Signed Up"
    PRODUCT_VIEWED = "Product Viewed"
