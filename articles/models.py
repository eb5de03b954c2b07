import secrets
import uuid
import zoneinfo
from pathlib import PurePosixPath

import reversion
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.db.models.functions import Concat
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItem

from .html import clean_html

# Sent by Article.unpublish() when a public release is withdrawn (article, by, reason).
release_withdrawn = Signal()


class Unit(models.Model):
    """A police unit that publishes releases: Polda, Polres, Polsek or a functional unit."""

    class Kind(models.TextChoices):
        POLDA = "polda", _("Polda")
        POLRES = "polres", _("Polres")
        POLSEK = "polsek", _("Polsek")
        SATUAN = "satuan", _("Satuan fungsi")

    class TimeZone(models.TextChoices):
        WIB = "Asia/Jakarta", _("WIB (Asia/Jakarta)")
        WITA = "Asia/Makassar", _("WITA (Asia/Makassar)")
        WIT = "Asia/Jayapura", _("WIT (Asia/Jayapura)")

    name = models.CharField(_("nama"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_(
            "Satuan di atasnya: Polda untuk Polres, Polres untuk Polsek dan satuan fungsi."
        ),
    )
    time_zone = models.CharField(
        _("zona waktu"), max_length=40, choices=TimeZone.choices, default=TimeZone.WIB
    )
    description = models.TextField(_("deskripsi"), blank=True)
    website = models.URLField(_("situs web"), blank=True)
    contact = models.TextField(_("kontak"), blank=True, help_text=_("Alamat, telepon, surel."))
    aliases = models.TextField(
        _("nama lain"),
        blank=True,
        help_text=_(
            "Nama lain satuan ini dalam rilis, satu per baris, mis. Kasat Lantas, "
            "Satuan Lalu Lintas, Satlantas. Dipakai impor untuk mengenali satuan."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("satuan")
        verbose_name_plural = _("satuan")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:unit", kwargs={"slug": self.slug})

    @property
    def alias_list(self):
        """Return the aliases, one per line or separated by commas, without blanks or repeats."""
        names = (" ".join(name.split()) for name in self.aliases.replace(",", "\n").splitlines())
        return list(dict.fromkeys(name for name in names if name))

    @property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def time_zone_label(self):
        """Return the Indonesian abbreviation of the unit's zone: WIB, WITA or WIT."""
        return self.TimeZone(self.time_zone).name

    @property
    def hierarchy_label(self):
        """Return the unit with its parents, e.g. "Polres Jember › Polsek Kaliwates"."""
        names, unit, seen = [], self, set()
        while unit is not None and unit.pk not in seen:
            seen.add(unit.pk)
            names.append(unit.name)
            unit = unit.parent
        # The Polda is implied for everyone in it; show from the Polres down.
        if len(names) > 2:
            names = names[:2]
        return " › ".join(reversed(names))

    @staticmethod
    def tree_path():
        """Return an expression sorting units as a tree: each Polres followed by its Polsek.

        It spells the path as hierarchy_label does for three levels ("Polda › Polres › Polsek");
        the admin orders its unit lists and filters by it.
        """
        separator = Value(" › ")
        return Concat(
            Case(
                When(parent__parent__isnull=False, then=Concat("parent__parent__name", separator)),
                default=Value(""),
            ),
            Case(
                When(parent__isnull=False, then=Concat("parent__name", separator)),
                default=Value(""),
            ),
            "name",
            output_field=models.CharField(),
        )

    def descendants(self):
        """Return the units below this one, down to two levels (Polda › Polres › Polsek)."""
        return Unit.objects.filter(Q(parent=self) | Q(parent__parent=self))

    @cached_property
    def family(self):
        """Return this unit and the units below it, loaded once (see ArticleQuerySet.of_unit)."""
        return [self, *self.descendants().select_related("parent")]


class AuthorQuerySet(models.QuerySet):
    def with_public_releases(self):
        """Return the reporters named on at least one public release (see Article.published())."""
        return self.filter(Exists(Article.objects.published().filter(authors=OuterRef("pk"))))


class Author(models.Model):
    """A reporter whose name appears on releases; not necessarily a login user."""

    name = models.CharField(_("nama"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    rank = models.CharField(_("pangkat"), max_length=50, blank=True, help_text=_("Mis. IPTU."))
    position = models.CharField(
        _("jabatan"), max_length=200, blank=True, help_text=_("Mis. Kasi Humas.")
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("satuan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="authors",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
        help_text=_("Akun login penulis ini; rilis baru darinya memakai nama ini."),
    )

    objects = AuthorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("penulis")
        verbose_name_plural = _("penulis")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Return the releases visible to the public: published, with a time not in the future."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        """Return the published releases whose time has not come yet, the next one first."""
        return self.filter(
            status=Article.Status.PUBLISHED, published_at__gt=timezone.now()
        ).order_by("published_at", "pk")

    def next_publication_time(self):
        """Return when the next scheduled release becomes public, or None."""
        return self.scheduled().values_list("published_at", flat=True).first()

    def held_from_import(self):
        """Return the releases an import was unsure of and an editor has not published yet."""
        return self.filter(import_unsure=True).exclude(status=Article.Status.PUBLISHED)

    def of_unit(self, unit):
        """Return the releases of a unit and of the units below it (a Polres with its Polsek)."""
        # A list of ids, not a join: PostgreSQL then walks the list index newest first.
        return self.filter(unit__in=[member.pk for member in unit.family])

    def tagged(self, tag):
        """Return the releases with this tag."""
        # EXISTS lets PostgreSQL walk the newest releases through the index and stop after a
        # page, instead of joining and sorting every release with the tag (300 ms for a tag on
        # 40,000 releases, 2 ms this way).
        return self.filter(
            Exists(
                TaggedItem.objects.filter(
                    tag=tag,
                    content_type=ContentType.objects.get_for_model(self.model),
                    object_id=OuterRef("pk"),
                )
            )
        )

    def older_than(self, article):
        """Return the releases published before this one, the nearest first."""
        # The plain range lets the index start at this release instead of scanning up to it.
        return self.filter(
            Q(published_at__lt=article.published_at)
            | Q(published_at=article.published_at, pk__lt=article.pk),
            published_at__lte=article.published_at,
        ).order_by("-published_at", "-pk")

    def newer_than(self, article):
        """Return the releases published after this one, the nearest first."""
        return self.filter(
            Q(published_at__gt=article.published_at)
            | Q(published_at=article.published_at, pk__gt=article.pk),
            published_at__gte=article.published_at,
        ).order_by("published_at", "pk")

    def related_to(self, article, tag_ids):
        """Return other releases sharing these tags, the most shared tags first, then newest."""
        return (
            self.filter(tags__in=tag_ids)
            .exclude(pk=article.pk)
            .annotate(shared_tags=models.Count("tags"))
            .order_by("-shared_tags", "-published_at", "-pk")
        )

    def free_slug(self, pub_date, slug):
        """Return slug-2, slug-3..., the first that no release of that date uses yet."""
        used = set(
            self.filter(pub_date=pub_date, slug__startswith=slug[:290]).values_list(
                "slug", flat=True
            )
        )
        number = 2
        while True:
            suffix = f"-{number}"
            candidate = slug[: 300 - len(suffix)] + suffix
            if candidate not in used:
                return candidate
            number += 1

    def withdrawn(self):
        """Return the releases withdrawn after being public whose address answers 410 Gone."""
        return self.filter(withdrawn_at__isnull=False, removal=Article.Removal.GONE).exclude(
            status=Article.Status.PUBLISHED
        )

    def search(self, query):
        """Return the releases matching a reader's query, the most relevant first."""
        from .search import search_articles

        return search_articles(self, query)

    def popular_tags(self, limit):
        """Return the tags used most by these releases, in one query."""
        return (
            Tag.objects.filter(
                taggit_taggeditem_items__content_type__app_label="articles",
                taggit_taggeditem_items__content_type__model="article",
                taggit_taggeditem_items__object_id__in=self.values("pk"),
            )
            .annotate(uses=models.Count("taggit_taggeditem_items"))
            .order_by("-uses", "name")[:limit]
        )


def image_upload_to(instance, filename):
    """Return a random path, so an unpublished release's image cannot be guessed."""
    suffix = PurePosixPath(filename).suffix.lower()
    token = secrets.token_hex(16)
    return f"releases/{token[:2]}/{token}{suffix}"


# Revisions keep the tags too, so restoring a version brings its tags back (reporters are
# stored with the release itself, as a many-to-many field).
if not reversion.is_registered(TaggedItem):
    reversion.register(TaggedItem)


@reversion.register(follow=["tagged_items", "photos"])
class Article(models.Model):
    """A press release."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        REVIEW = "review", _("Menunggu tinjauan")
        PUBLISHED = "published", _("Terbit")

    class Removal(models.TextChoices):
        """What a withdrawn release's public address answers (see unpublish)."""

        GONE = "gone", _("410: pemberitahuan penarikan")
        HIDDEN = "hidden", _("404: dihapus karena alasan hukum")

    title = models.CharField(_("judul"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=300,
        allow_unicode=False,
        help_text=_("Bagian alamat web; dibuat dari judul."),
    )
    dateline = models.CharField(
        _("tempat berita"),
        max_length=100,
        blank=True,
        help_text=_("Kota asal berita, mis. Jember."),
    )
    lead = models.TextField(
        _("ringkasan"), blank=True, help_text=_("Satu atau dua kalimat untuk daftar dan pratinjau.")
    )
    body = models.TextField(_("isi"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("satuan"), on_delete=models.PROTECT, related_name="articles"
    )
    authors = models.ManyToManyField(
        Author, verbose_name=_("wartawan"), blank=True, related_name="articles"
    )
    editor_initials = models.CharField(
        _("inisial editor"),
        max_length=100,
        blank=True,
        help_text=_("Mis. AR, tanpa tanda kurung, atau nama editor."),
    )
    tags = TaggableManager(_("tag"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("waktu terbit"),
        null=True,
        blank=True,
        help_text=_("Waktu di masa depan berarti terjadwal: rilis tampil sendiri pada waktunya."),
    )
    # Derived from published_at in save(); the URL's date and half of its unique key.
    pub_date = models.DateField(_("tanggal terbit"), null=True, blank=True, editable=False)
    has_time = models.BooleanField(
        _("jam diketahui"),
        default=True,
        help_text=_("Kosongkan bila sumber hanya menyebut tanggal, tanpa jam."),
    )
    featured = models.BooleanField(_("rekomendasi"), default=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    source_name = models.CharField(_("nama sumber"), max_length=200, blank=True)
    source_url = models.URLField(_("alamat sumber"), max_length=500, blank=True)
    import_key = models.CharField(_("kunci impor"), max_length=64, blank=True, editable=False)
    import_hash = models.CharField(max_length=64, blank=True, editable=False)
    # What the importer changed or was unsure of, one line each, for the editor who checks it.
    import_notes = models.TextField(_("catatan impor"), blank=True, editable=False)
    import_unsure = models.BooleanField(_("perlu dicek (impor)"), default=False, editable=False)
    preview_token = models.UUIDField(
        _("token pratinjau"),
        default=uuid.uuid4,
        editable=False,
        help_text=_("Ganti untuk mencabut semua tautan pratinjau yang sudah dibagikan."),
    )
    operation = models.ForeignKey(
        "operations.Operation",
        verbose_name=_("operasi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        help_text=_("Operasi kepolisian yang diberitakan rilis ini, bila ada."),
    )

    # Set by unpublish() when a public release is withdrawn; see ArticleQuerySet.withdrawn().
    withdrawn_at = models.DateTimeField(_("ditarik pada"), null=True, blank=True, editable=False)
    removal = models.CharField(
        _("alamat setelah ditarik"),
        max_length=10,
        choices=Removal.choices,
        default=Removal.GONE,
        editable=False,
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        verbose_name = _("rilis")
        verbose_name_plural = _("rilis")
        permissions = [("publish_article", _("Dapat menerbitkan, menjadwalkan dan menarik rilis"))]
        constraints = [
            models.UniqueConstraint(
                fields=["pub_date", "slug"], name="article_unique_slug_per_date"
            ),
            models.UniqueConstraint(
                fields=["import_key"], condition=~Q(import_key=""), name="article_unique_import_key"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="article_public_list"),
            models.Index(fields=["unit", "status", "-published_at"], name="article_unit_list"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.derive_fields()
        with transaction.atomic(using=kwargs.get("using")):
            self.remember_old_address()
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        """Return the public address, or None for a release without a date (a draft)."""
        if self.pub_date is None:
            return None
        return reverse(
            "articles:detail",
            kwargs={
                "year": self.pub_date.year,
                "month": f"{self.pub_date.month:02d}",
                "day": f"{self.pub_date.day:02d}",
                "slug": self.slug,
            },
        )

    def clean(self):
        """An operation can only be chosen for a release dated within its period."""
        super().clean()
        if self.operation is not None and self.published_at is not None:
            day = timezone.localdate(self.published_at)
            if not self.operation.is_running_on(day):
                raise ValidationError(
                    {
                        "operation": _(
                            "%(operation)s berlangsung %(start)s sampai %(end)s, sedangkan "
                            "rilis ini bertanggal %(day)s. Pilih operasi yang berjalan pada "
                            "tanggal rilis, atau kosongkan."
                        )
                        % {
                            "operation": self.operation.title,
                            "start": self.operation.start_date.strftime("%d-%m-%Y"),
                            "end": self.operation.end_date.strftime("%d-%m-%Y"),
                            "day": day.strftime("%d-%m-%Y"),
                        }
                    }
                )

    def get_short_url(self):
        """Return the short address, /r/<id>/, that answers 301 to the current one."""
        return reverse("articles:short", kwargs={"pk": self.pk})

    def derive_fields(self, *, body_is_clean=False):
        """Clean the body and derive slug and pub_date; bulk writers call this, not save().

        body_is_clean: the caller has already passed the body through clean_html.
        """
        if not self.slug:
            self.slug = slugify(self.title)[:300] or "rilis"
        if not body_is_clean:
            self.body = clean_html(self.body)
        self.pub_date = timezone.localdate(self.published_at) if self.published_at else None

    @property
    def is_public(self):
        """Return True if the release is visible to the public now."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        """Return True if the release is published with a time still to come (see scheduled())."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def main_photo(self):
        """Return the release's main photo (the first of its photos), or None."""
        if self.pk is None:
            return None
        # all(), not first(): lists prefetch the photos of a page's releases in one query.
        return next(iter(self.photos.all()), None)

    @property
    def local_published_at(self):
        """Return published_at in the unit's own time zone."""
        return timezone.localtime(self.published_at, self.unit.tzinfo)

    def remember_old_address(self):
        """Record the stored date and slug of a published release that is about to move."""
        if self.pk is None:
            return
        old = (
            Article.objects.filter(pk=self.pk, status=self.Status.PUBLISHED)
            .values("pub_date", "slug")
            .first()
        )
        if old and old["pub_date"] and (old["pub_date"], old["slug"]) != (self.pub_date, self.slug):
            OldSlug.objects.update_or_create(
                pub_date=old["pub_date"], slug=old["slug"], defaults={"article": self}
            )
            # Back at an address it had before (a restored version): that one is its own again.
            OldSlug.objects.filter(article=self, pub_date=self.pub_date, slug=self.slug).delete()

    def address_is_taken(self):
        """Return True if another release already has this release's date and slug."""
        return (
            self.pub_date is not None
            and Article.objects.filter(pub_date=self.pub_date, slug=self.slug)
            .exclude(pk=self.pk)
            .exists()
        )

    def is_own_work_of(self, user):
        """Return True if the user created the release or is one of its reporters."""
        if self.created_by_id is not None and self.created_by_id == user.pk:
            return True
        author = getattr(user, "author", None)
        return (
            author is not None
            and self.pk is not None
            and self.authors.filter(pk=author.pk).exists()
        )

    @staticmethod
    def can_publish(user):
        """Return True if the user may publish, schedule, unpublish and feature releases."""
        return user.is_active and user.has_perm("articles.publish_article")

    def can_be_edited_by(self, user):
        """Return True if the user may change this release as it is stored now.

        Editors change every release. A reporter changes only their own release, and only
        until it is published: while a draft and while waiting for review.
        """
        if not (user.is_active and user.has_perm("articles.change_article")):
            return False
        if self.can_publish(user):
            return True
        return self.status != self.Status.PUBLISHED and self.is_own_work_of(user)

    def can_be_deleted_by(self, user):
        """Return True if the user may delete this release: editors only."""
        return self.can_publish(user) and user.has_perm("articles.delete_article")

    def statuses_for(self, user):
        """Return the statuses the user may give this release."""
        if self.can_publish(user):
            return list(self.Status)
        return [self.Status.DRAFT, self.Status.REVIEW]

    def publish(self, by=None, at=None):
        """Publish now, or at a future time (scheduled)."""
        self._check_publisher(by)
        self.status = self.Status.PUBLISHED
        if at is not None:
            self.published_at = at
        elif self.published_at is None or self.published_at > timezone.now():
            self.published_at = timezone.now()
        self.save()

    def unpublish(self, by=None, *, removal=Removal.GONE, reason=""):
        """Withdraw the release from the public; it becomes a draft again.

        If its address was public, it then answers 410 Gone with a notice of the withdrawal
        (removal=GONE, listed on /ralat/ with the reason) or a plain 404 (removal=HIDDEN, for
        legal removals). The choice is the revision's comment.
        """
        self._check_publisher(by)
        was_public = self.is_public
        self.status = self.Status.DRAFT
        if was_public:
            self.withdrawn_at, self.removal = timezone.now(), self.Removal(removal)
        with transaction.atomic(), reversion.create_revision():
            self.save()
            if by is not None:
                reversion.set_user(by)
            if was_public:
                reversion.set_comment(
                    _("Ditarik dari situs; alamatnya menjawab %(removal)s.")
                    % {"removal": self.get_removal_display()}
                    + (f" {reason}" if reason else "")
                )
                release_withdrawn.send(sender=Article, article=self, by=by, reason=reason)

    def _check_publisher(self, user):
        if user is not None and not self.can_publish(user):
            raise PermissionDenied(_("Hanya editor yang dapat menerbitkan atau menarik rilis."))


class OldSlug(models.Model):
    """A former date and slug of a release, so its old URL answers with a 301."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")
    pub_date = models.DateField()
    slug = models.SlugField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("alamat lama")
        verbose_name_plural = _("alamat lama")
        constraints = [
            models.UniqueConstraint(fields=["pub_date", "slug"], name="oldslug_unique_per_date"),
        ]

    def __str__(self):
        return f"{self.pub_date:%Y/%m/%d}/{self.slug}"


class PhotoQuerySet(models.QuerySet):
    def unattached(self, older_than=None):
        """Return uploads never attached to a release; older_than: a timedelta of age."""
        photos = self.filter(article__isnull=True)
        if older_than is not None:
            photos = photos.filter(created_at__lt=timezone.now() - older_than)
        return photos

    def usable_by(self, user, article=None):
        """Return the photos a release form of this user may refer to.

        Those of the release itself, and the user's own uploads not yet attached to any.
        """
        mine = Q(article__isnull=True, uploaded_by=user) if user.pk else Q(pk__in=[])
        if article is not None and article.pk:
            mine |= Q(article=article)
        return self.filter(mine)


@reversion.register()
class Photo(models.Model):
    """A photo of a release: uploaded on its own, then attached to the release's ordered set.

    The first photo of a release (lowest order) is its main photo: cards, og:image,
    JSON-LD and feed enclosures. Size and renditions are stored so no page or feed has to
    ask the storage. An upload that is never attached (article null) is an orphan, removed
    by ``manage.py clean_photos``.
    """

    article = models.ForeignKey(
        Article,
        verbose_name=_("rilis"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="photos",
    )
    image = models.ImageField(_("foto"), upload_to=image_upload_to, max_length=200)
    alt_text = models.CharField(
        _("teks alternatif"),
        max_length=300,
        blank=True,
        help_text=_("Apa yang terlihat di foto, untuk pembaca tunanetra."),
    )
    caption = models.CharField(_("keterangan foto"), max_length=500, blank=True)
    credit = models.CharField(_("kredit foto"), max_length=200, blank=True)
    order = models.PositiveIntegerField(_("urutan"), default=0)
    width = models.PositiveIntegerField(_("lebar"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("tinggi"), null=True, blank=True, editable=False)
    file_size = models.PositiveIntegerField(
        _("ukuran berkas"), null=True, blank=True, editable=False
    )
    renditions = models.JSONField(_("turunan foto"), default=dict, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diunggah oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("foto")
        verbose_name_plural = _("foto")
        indexes = [
            models.Index(fields=["article", "order"], name="photo_article_order"),
            models.Index(
                fields=["created_at"], condition=Q(article__isnull=True), name="photo_unattached"
            ),
        ]

    def __str__(self):
        return self.caption or self.alt_text or PurePosixPath(self.image.name).name

    @property
    def mime_type(self):
        suffix = PurePosixPath(self.image.name).suffix.lower()
        return {".png": "image/png", ".webp": "image/webp"}.get(suffix, "image/jpeg")

    def rendition_url(self, name, key="jpeg"):
        """Return the URL of one rendition of the photo, or "" when there is none."""
        from .images import rendition_url

        return rendition_url(self, name, key)

    def stored_names(self):
        """Return the storage names of the photo and its renditions."""
        names = [self.image.name] if self.image.name else []
        for entry in (self.renditions or {}).values():
            if isinstance(entry, dict):
                names += [entry[key] for key in ("jpeg", "webp") if entry.get(key)]
        return names
