from django.views.generic import DateDetailView, ListView

from .models import Article


class PublicArticleMixin:
    """The one queryset every public view of releases starts from."""

    model = Article

    def get_queryset(self):
        return (
            Article.objects.published().select_related("unit").prefetch_related("authors", "tags")
        )


class HomeView(PublicArticleMixin, ListView):
    paginate_by = 20
    template_name = "articles/home.html"


class ArticleDetailView(PublicArticleMixin, DateDetailView):
    date_field = "pub_date"
    month_format = "%m"
    day_format = "%d"
