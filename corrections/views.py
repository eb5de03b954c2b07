import hashlib

from django.views.generic import ListView

from pagecache.pagination import CachedCountPaginator

from .models import Correction


class CorrectionListView(ListView):
    """/ralat/: every public correction and withdrawal, newest first."""

    template_name = "corrections/correction_list.html"
    paginate_by = 20
    paginator_class = CachedCountPaginator

    def get_queryset(self):
        return Correction.objects.public().select_related("article__unit")

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        # The count is cached under the page cache's marker, as the release lists' counts are.
        address = hashlib.md5(self.request.path.encode(), usedforsecurity=False).hexdigest()
        return super().get_paginator(
            queryset, per_page, orphans, allow_empty_first_page, count_key=f"count:{address}"
        )
