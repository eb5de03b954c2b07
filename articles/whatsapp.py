"""The text of "Salin untuk WhatsApp": a release as a message in WhatsApp's own formatting.

    *Polres Jember Amankan Kampanye Damai*

    Jember – Ratusan personel Polres Jember mengamankan kampanye damai ...

    https://humas.example/r/42/

    Polres Jember
    #Pilkada2024 #Jember

WhatsApp shows a long message folded behind "Baca selengkapnya" and builds its link preview
from the first address in the text, so the message stays under MAX_LENGTH characters by
shortening the lead, and carries one address only: the release's short address.
"""

import re

from django.utils.text import Truncator

from .html import summary

MAX_LENGTH = 700
LEAD_WORDS = 60
MAX_HASHTAGS = 5
# WhatsApp's own formatting marks: inside the bold headline they would end the bold early.
FORMAT_MARKS = re.compile(r"[*_~`]+")
WORD = re.compile(r"[^\W_]+")


def hashtag(name):
    """Return a tag as a hashtag: "pilkada 2024" -> "#Pilkada2024", "curanmor" -> "#curanmor"."""
    words = WORD.findall(name)
    if not words:
        return ""
    if len(words) == 1:
        return "#" + words[0]
    return "#" + "".join(word[:1].upper() + word[1:] for word in words)


def message(article, url, tags=None):
    """Return the WhatsApp message of a release, linking to url (its short address)."""
    title = " ".join(FORMAT_MARKS.sub(" ", article.title).split())
    headline = f"*{title}*" if title else ""
    tags = article.tags.all() if tags is None else tags
    unique = {}
    # Sorted by name: the same message from every database, whatever order it returns tags in.
    for tag in sorted(tags, key=lambda tag: tag.name.casefold()):
        unique.setdefault(hashtag(tag.name).lower(), hashtag(tag.name))
    unique.pop("", None)
    hashtags = " ".join(list(unique.values())[:MAX_HASHTAGS])
    signature = "\n".join(filter(None, [article.unit.name, hashtags]))

    lead = " ".join(summary(article, LEAD_WORDS).split())
    dateline = article.dateline.strip()
    if dateline and lead and not lead.lower().startswith(dateline.lower()):
        lead = f"{dateline} – {lead}"

    def assemble(lead):
        return "\n\n".join(filter(None, [headline, lead, url, signature]))

    room = MAX_LENGTH - len(assemble(""))
    if len(lead) + 2 > room:
        lead = Truncator(lead).chars(max(room - 2, 0), truncate="…") if room > 2 else ""
    return assemble(lead)
