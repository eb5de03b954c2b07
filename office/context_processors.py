from django.utils.functional import SimpleLazyObject

from .models import Office


def office(request):
    """Give templates the office, read only by a page that shows it."""
    return {"office": SimpleLazyObject(Office.current)}
